"""Slack payloads turned into the core's Context: ids from the payload, admin and name from
Slack.

Slack payloads carry who and where but not whether the person is an admin, so that comes
from `BOT_ADMINS` or from `users.info` (`is_admin`/`is_owner` of this workspace, not of a
partner organization met in a shared channel), cached per user briefly: an admin check
must not cost a Web API call on every command, but the cache is this process's own, so its
lifetime is how long a demoted admin keeps rights on any instance. Half a minute bounds
that, and costs at most two `users.info` calls a minute per active admin per instance, far
within the method's rate limit (tier 4, 100+ a minute). The same answer gives the name
Slack shows the person by (`SlackPeople`), trusted far longer."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiohttp
from slack_bolt.request.internals import extract_enterprise_id, extract_is_enterprise_install
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.access import ACCESS_ERRORS, unchecked_access
from bot.clock import Clock
from bot.core.context import Context
from bot.core.sanitize import visible_name

log = logging.getLogger(__name__)

PLATFORM = "slack"
#: Who counts as an admin, for the core's admin refusals (see `Context.admins`); admins of
#: another organization met in a shared channel do not (`administers`).
WORKSPACE_ADMINS = (
    "admins are this workspace's admins and owners, and people named in the bot's settings"
)
#: Said instead when Slack would not tell whether the person is an admin: refused all the
#: same (rights are never granted on a failed check), but told why, since a workspace
#: owner told only "admins are this workspace's admins and owners" is left puzzled.
UNCHECKED_ADMINS = WORKSPACE_ADMINS + ", and Slack would not say just now whether you are one: {}"
#: What to do about it, by Slack's error; any other refusal of the bot's access only its
#: operator can fix (`unchecked_access`); anything else passes with time.
UNCHECKED_WAYS = {
    "missing_scope": "the app needs reinstalling with the `users:read` scope",
}
TRY_AGAIN = "try again in a minute"
#: How long an answer from `users.info` is trusted; a promoted or demoted admin takes
#: effect within this time on every instance.
ADMIN_TTL = 30.0
#: A failed lookup (missing `users:read` scope, rate limit) is retried sooner.
FAILED_LOOKUP_TTL = 15.0
#: How long the name Slack shows for someone is used before it is looked up again: people
#: rarely rename themselves, and each refresh is a `users.info` call per active person.
NAME_TTL = 3600.0
#: A name lookup that failed is tried again after this: a person Slack will not describe
#: (a missing scope, someone of another organization) must not cost a call, and a warning,
#: at every click.
FAILED_NAME_TTL = 300.0
#: How a DM's conversation id starts, and a group DM's: legacy private channels start with G
#: too, so a G id alone does not say which; a slash command's `channel_name` does (`mpdm-…`).
#: Channels start with C, and people name them (`mpdm-plans`, `directmessage`), so a name
#: counts only with a G id.
DM_ID_PREFIX = "D"
GROUP_DM_ID_PREFIX = "G"
GROUP_DM_PREFIX = "mpdm-"


class Conversation(StrEnum):
    """The kinds of conversation that differ in how the bot can be let in."""

    CHANNEL = "channel"  # public or private: `/invite` adds the bot
    DM = "dm"  # between people: no one can be added
    GROUP_DM = "group dm"  # adding a member makes a new group DM, so no one is added


#: The conversation the request being answered came from, as its payload describes it:
#: (channel id, `channel_name`). Only the payload tells a group DM from a private channel,
#: and the post it might be refused is made deeper down (by the core, for `/daily`), so
#: the request's task carries it rather than every call in between.
REQUEST_CHANNEL: ContextVar[tuple[str, str]] = ContextVar("REQUEST_CHANNEL", default=("", ""))


def conversation(channel: str) -> Conversation:
    """What kind of conversation `channel` is: from its id, and for a G id from the
    request's `channel_name` when the request came from it (else it reads as a channel)."""
    if channel.startswith(DM_ID_PREFIX):
        return Conversation.DM
    described, name = REQUEST_CHANNEL.get()
    if (
        channel == described
        and channel.startswith(GROUP_DM_ID_PREFIX)
        and name.startswith(GROUP_DM_PREFIX)
    ):
        return Conversation.GROUP_DM
    return Conversation.CHANNEL


@dataclass(frozen=True, slots=True)
class Identity:
    """Who acted, where: the ids every Slack payload carries, named the same way."""

    team: str
    channel: str
    user: str
    display_name: str


def workspace(body: Mapping[str, Any], team: object) -> str:
    """The workspace a payload's ids belong to: the org's id for an org-wide (Enterprise
    Grid) install, else the payload's team.

    An org-wide install reaches every workspace of the org with one token, and channel
    and user ids are unique across the org. Its payloads name the workspace a person acted
    from, which differs per person in a channel shared by several workspaces, and a click's
    `team` can be null, its `user.team_id` then the org's id: keyed by team, a poll was
    reachable from one workspace only, and even its creator's clicks could find "no poll
    here". Bolt reads where each payload type keeps the install kind and the org.
    """
    payload = dict(body)
    if extract_is_enterprise_install(payload):
        return str(extract_enterprise_id(payload) or team or "")
    return str(team or "")


def command_identity(body: Mapping[str, Any]) -> Identity:
    """A slash command's form fields (`team_id`, `channel_id`, `user_id`, `user_name`)."""
    return Identity(
        team=workspace(body, body.get("team_id")),
        channel=str(body.get("channel_id", "")),
        user=str(body.get("user_id", "")),
        display_name=str(body.get("user_name") or body.get("user_id", "")),
    )


def action_identity(body: Mapping[str, Any]) -> Identity:
    """An interactivity payload (`block_actions`): `team`, `user` and `channel` objects."""
    user = body.get("user") or {}
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    # In a channel shared with another organization, `team` is the app's (where the poll
    # lives) and `user.team_id` the person's own.
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    return Identity(
        team=workspace(body, team),
        channel=str(channel.get("id") or container.get("channel_id", "")),
        user=str(user.get("id", "")),
        display_name=str(user.get("name") or user.get("username") or user.get("id", "")),
    )


def clicked_message(body: Mapping[str, Any]) -> tuple[str, bool]:
    """The `ts` of the message whose button was clicked ("" if the payload names none), and
    whether it is an ephemeral message (the container says so)."""
    container = body.get("container")
    container = container if isinstance(container, Mapping) else {}
    message = body.get("message")
    stamp = container.get("message_ts") or (
        message.get("ts") if isinstance(message, Mapping) else None
    )
    return (stamp if isinstance(stamp, str) else ""), container.get("is_ephemeral") is True


def event_identity(body: Mapping[str, Any]) -> Identity:
    """An Events API envelope: the team on the envelope, user and channel on the event."""
    event = body.get("event") or {}
    user = str(event.get("user", ""))
    return Identity(
        team=workspace(body, body.get("team_id")),
        channel=str(event.get("channel", "")),
        user=user,
        display_name=user,
    )


@dataclass(slots=True)
class _Person:
    """What one `users.info` answer taught: admin rights until `admin_until`, and the name
    Slack shows, fresh until `name_until` (kept after that until a new answer replaces it)."""

    admin: bool
    admin_until: float
    name: str
    name_until: float
    #: Why Slack did not answer (its error, or the network's), when it did not.
    failure: str = ""


class SlackPeople:
    """Who people are, from `users.info`: whether they are admins here (or in BOT_ADMINS),
    and the name Slack shows them by. One answer, cached, serves both; `names.py` decides
    when a name is worth a lookup.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        bot_admins: frozenset[str],
        *,
        ttl: float = ADMIN_TTL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.bot_admins = bot_admins
        self.ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[tuple[str, str], _Person] = {}
        self._lookups: dict[tuple[str, str], asyncio.Task[_Person]] = {}
        #: The refusal of the bot's access Slack last answered a lookup with, once logged:
        #: a revoked token refuses every person's lookup, and each voter's name is looked
        #: up, so it is said once until a lookup goes through, not once per person.
        self._access_refused = ""

    def known(self, team: str, user: str) -> bool | None:
        """The answer if it needs no Web API call (BOT_ADMINS or a fresh cache entry)."""
        if user in self.bot_admins:
            return True
        person = self._cache.get((team, user))
        if person and person.admin_until > self._monotonic():
            return person.admin
        return None

    def unchecked(self, team: str, user: str) -> str:
        """Why Slack would not say whether this person is an admin ("" if it did, or if
        no answer is cached)."""
        person = self._cache.get((team, user))
        return person.failure if person and person.admin_until > self._monotonic() else ""

    def name(self, team: str, user: str) -> str | None:
        """The name Slack last said it shows for this person, however old; None if never
        looked up (or Slack refused every lookup)."""
        person = self._cache.get((team, user))
        return person.name if person and person.name else None

    def needs_name(self, team: str, user: str) -> bool:
        """Whether the person's name is unknown or due for a refresh."""
        person = self._cache.get((team, user))
        return person is None or person.name_until <= self._monotonic()

    async def is_admin(self, team: str, user: str) -> bool:
        known = self.known(team, user)
        if known is not None:
            return known
        return (await self._shared_lookup(team, user)).admin

    async def refresh_name(self, team: str, user: str) -> str | None:
        """The name Slack shows, looked up first if it is due."""
        if self.needs_name(team, user):
            await self._shared_lookup(team, user)
        return self.name(team, user)

    async def _shared_lookup(self, team: str, user: str) -> _Person:
        key = (team, user)
        lookup = self._lookups.get(key)
        if lookup is None:  # concurrent requests from one user share one lookup
            lookup = asyncio.ensure_future(self._lookup(team, user))
            self._lookups[key] = lookup
            lookup.add_done_callback(lambda _: self._lookups.pop(key, None))
        return await asyncio.shield(lookup)

    async def _lookup(self, team: str, user: str) -> _Person:
        now = self._monotonic()
        try:
            response = await self.client.users_info(user=user)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            reason = error.response.get("error") if isinstance(error, SlackApiError) else error
            repeated = reason == self._access_refused
            if reason in ACCESS_ERRORS:
                self._access_refused = str(reason)
            log.log(
                logging.DEBUG if repeated else logging.WARNING,
                "users.info failed for %s in %s (%s); treating as not an admin%s",
                user,
                team,
                reason,
                "; said once for everyone until a lookup works" if reason in ACCESS_ERRORS else "",
            )
            person = _Person(
                admin=False,
                admin_until=now + FAILED_LOOKUP_TTL,
                name=self.name(team, user) or "",
                name_until=now + FAILED_NAME_TTL,
                failure=str(reason) or type(error).__name__,
            )
        else:
            self._access_refused = ""
            found = response.get("user") or {}
            person = _Person(
                admin=administers(found, team),
                admin_until=now + self.ttl,
                name=shown_name(found),
                name_until=now + NAME_TTL,
            )
        self._cache[(team, user)] = person
        return person


def shown_name(user: Mapping[str, Any]) -> str:
    """The name Slack shows for a `users.info` user: the display name people choose, else
    their full name (the display name is optional and often empty), else the legacy
    username, else the id; the first that shows something, on one line (see the core's
    `visible_name`)."""
    profile = user.get("profile") or {}
    return visible_name(
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
        user.get("id"),
    )


def administers(user: Mapping[str, Any], team: str) -> bool:
    """Whether a `users.info` user is an admin or owner of `team` (a workspace, or the org
    of an org-wide install). People of another organization act in a channel shared with
    it, and their `is_admin` says they administer their own workspace, not this one; an
    Enterprise Grid user's `enterprise_user` names their org and every workspace they are in.
    """
    enterprise = user.get("enterprise_user") or {}
    teams = {user.get("team_id"), enterprise.get("enterprise_id"), *(enterprise.get("teams") or ())}
    return team in teams and bool(user.get("is_admin") or user.get("is_owner"))


def unchecked_way(failure: str) -> str:
    """What to do when Slack would not say whether someone is an admin, by its error."""
    if failure in UNCHECKED_WAYS:
        return UNCHECKED_WAYS[failure]
    if failure in ACCESS_ERRORS:
        return unchecked_access(failure)
    return TRY_AGAIN


class ContextFactory:
    """Builds the core's Context for each incoming Slack request."""

    def __init__(self, people: SlackPeople, clock: Clock) -> None:
        self.people = people
        self.clock = clock

    async def build(
        self,
        identity: Identity,
        *,
        check_admin: bool = True,
        delivery: str = "",
        message: str = "",
        ephemeral_message: bool = False,
    ) -> Context:
        """The Context; with `check_admin=False` only what is known without a Web API call
        is used (clicks that never depend on admin rights, such as votes). `delivery` is
        Slack's id for this delivery and `message` the clicked message's `ts` (see
        `Context`)."""
        admins = WORKSPACE_ADMINS
        if check_admin:
            admin = await self.people.is_admin(identity.team, identity.user)
            if failure := self.people.unchecked(identity.team, identity.user):
                admins = UNCHECKED_ADMINS.format(unchecked_way(failure))
        else:
            admin = bool(self.people.known(identity.team, identity.user))
        learnt = self.people.name(identity.team, identity.user)
        return Context(
            platform=PLATFORM,
            workspace=identity.team,
            channel=identity.channel,
            user=identity.user,
            display_name=learnt or identity.display_name,
            is_admin=admin,
            clock=self.clock,
            delivery=delivery,
            message=message,
            ephemeral_message=ephemeral_message,
            admins=admins,
            provisional_name=learnt is None,
        )
