"""Who is asking, where, and when: the only view of the platform a handler gets."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.core.replies import Marked

#: Who counts as an admin where a platform says nothing more: `BOT_ADMINS` holds on every one.
BOT_ADMINS_ONLY = "admins are the people named in the bot's settings"


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A channel, keyed by platform ids and never by name."""

    platform: str
    workspace: str
    channel: str


@dataclass(frozen=True, slots=True)
class UserRef:
    """A user, keyed by platform ids and never by display name."""

    platform: str
    workspace: str
    user: str


@dataclass(frozen=True, slots=True)
class Context:
    """The platform-neutral context every handler receives.

    `workspace` is the Slack team or Discord guild id ("" for DMs and the console default);
    `is_admin` is decided by the adapter from platform permissions. `delivery` is the
    platform's id for this delivery, the same in every retry of it (Slack's action_ts,
    Discord's interaction id): votes use it as an idempotency key. `message` is the
    platform's reference to the message whose button was clicked ("" for commands): a click
    acts only on the poll that message shows. `ephemeral_message` says that message was
    shown by the bot to this user alone in this conversation (a poll card answered
    privately): it has no lasting reference to check, and cannot come from elsewhere.
    `private` says the conversation is the user's own with the bot (a DM): nobody else
    reads or votes there, so what admins manage in a shared channel (its daily takeaway)
    the user manages there. `admins` says, in the platform's words, who counts as an admin
    where the request came from (a clause such as "type :admin on to be one"): every admin
    refusal ends with it (`admin_refusal`), so nobody is refused without learning how to get
    past it, while the core stays ignorant of what a platform's admin is. `option_fields`
    says the platform takes a command's options as fields of their own (Discord), not as
    one typed line the grammar reads (console, Slack): what the core shows people to type
    (help's usage and examples, refusals' examples) is then written as they fill those
    fields, each named, values without the grammar's quotes (`bot.core.command_lines`).
    `cannot_post` says, in the platform's words, why the bot cannot post where the request
    came from and where it can ("" where it can, as far as the adapter knows without asking
    the platform): a Slack DM between people, which takes no bot, or a Discord channel
    whose permissions leave it out. What the core would suggest starting here (a poll, a
    daily takeaway) would be refused, so it says this instead (`start_here`).
    `join_first` says, in the platform's words, how to let the bot into the conversation
    when the adapter has reason to think it is not in it (Slack refused its last post there
    for that), and "" otherwise. Unlike `cannot_post` it refuses nothing, since people may
    have let the bot in since, which the platform does not tell it (a Slack `/invite`): it
    only comes before what the core suggests starting here (`start_here`), so nobody is
    sent to a command that will be refused without learning what to do first, and warns of
    a daily post due here (`/daily status`).
    `provisional_name` says `display_name` is only a stand-in until the platform says the
    name it shows (Slack's payloads carry a legacy username, and each instance learns
    names on its own, `bot/adapters/slack/names.py`): it names someone recorded for the
    first time, but never replaces a name recorded before, which another instance may have
    learnt.
    """

    platform: str
    workspace: str
    channel: str
    user: str
    display_name: str
    is_admin: bool
    clock: Clock
    delivery: str = ""
    message: str = ""
    ephemeral_message: bool = False
    private: bool = False
    admins: str = BOT_ADMINS_ONLY
    option_fields: bool = False
    cannot_post: str = ""
    join_first: str = ""
    provisional_name: bool = False

    @property
    def channel_ref(self) -> ChannelRef:
        return ChannelRef(self.platform, self.workspace, self.channel)

    @property
    def user_ref(self) -> UserRef:
        return UserRef(self.platform, self.workspace, self.user)


def admin_refusal(ctx: Context, refusal: str) -> Marked:
    """`refusal` (one sentence, without its full stop) with who counts as an admin here,
    the way out of it, appended in parentheses; the commands `refusal` names stay marked."""
    return Marked(refusal, f" ({ctx.admins}).")


def start_here(ctx: Context, suggestion: str, *, clause: bool = False) -> str:
    """`suggestion` (how to start something that posts here, a sentence), unless the bot
    cannot post here (`Context.cannot_post`): then why not, and where it can. When the bot
    is probably not in the conversation (`Context.join_first`), how to let it in comes
    first; a `clause` (a suggestion inside a sentence of the caller's) goes without it."""
    if ctx.cannot_post:
        return ctx.cannot_post
    if ctx.join_first and not clause:
        return Marked(ctx.join_first, " ", suggestion)  # its commands stay marked
    return suggestion
