"""Polls in the database: portable SQL over `Database`, identical on SQLite and PostgreSQL.

Votes are applied in batches (`apply_votes`): one transaction takes the polls' rows (locked
on PostgreSQL, the whole database on SQLite), reads the database clock, the voters' current
choices, their last retractions and any delivery keys, applies every vote in arrival order in
memory, and writes the net changes. Each vote sees the effect of the ones before it, exactly
as if they had run one by one, but a batch of hundreds costs a handful of round trips and one
commit.

The store enforces scope itself, whatever its callers checked: a vote counts only in a poll
of the conversation it was cast in (platform, workspace and channel: each DM is a channel of
its own), by a voter of that workspace with a usable id, and a click only from a message
attached to that poll. Anything else is refused as "There is no poll #N here.", exactly
like a poll that does not exist, and an id no BIGINT holds never reaches a query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.context import ChannelRef, UserRef
from bot.core.errors import UserError
from bot.core.ids import valid_id
from bot.core.markup import unlabelled
from bot.core.replies import Marked, When, command_line, join_list
from bot.polls.model import (
    MAX_OPEN_POLLS,
    MAX_POLLS_PER_WINDOW,
    POLL_WINDOW,
    Poll,
    PollDraft,
    PollOption,
    Tally,
    VoteChange,
    VoteRequest,
    VoteResult,
    repeats,
    see_results,
    usable_voter,
)
from bot.polls.round_votes import RoundVotes
from bot.polls.round_votes import Slots as _Slots
from bot.polls.round_votes import VoterKey as _VoterKey
from bot.polls.round_votes import choices as _choices
from bot.polls.round_votes import voter_key as _voter_key
from bot.storage.bulk import MAX_PARAMETERS, insert_many, insert_statements
from bot.storage.database import CommitUnknown, Database, Executor, Row, Statement
from bot.storage.directory import ensure_channel, lock_channel, upsert_users, user_statements

_POLL_COLUMNS = (
    "id, platform, workspace, channel_id, creator_id, question, multi, anonymous, "
    "hide_results, created_at, closes_at, closed_at, rounds, round, round2_at, edit_refused"
)
#: Where `_POLL_COLUMNS` puts the question.
_QUESTION = 5
#: Key groups per `_any_of` statement: SQLite nests each OR one level deeper and refuses
#: expressions deeper than 1,000.
_GROUPS_PER_STATEMENT = 100
#: The tables a vote batch reads by key (`_state_reads`), whose statistics decide whether
#: PostgreSQL seeks those keys or scans a whole poll (`bot/storage/statistics.py`).
_BATCH_READ_TABLES = (
    "poll_votes",
    "poll_vote_keys",
    "poll_before_votes",
    "poll_messages",
    "poll_retractions",
)
#: One row of `poll_messages`, by its primary key (`_message_key` gives the values).
_ONE_MESSAGE = (
    "poll_id = ? AND platform = ? AND workspace = ? AND channel_id = ? AND message_ref = ?"
)
#: Option lists never change once stored, so they are cached; the cap bounds memory.
_OPTION_CACHE_LIMIT = 4096


class Closing(StrEnum):
    """What a request to close a poll found (`PollStore.close`)."""

    CLOSED = "closed"
    ALREADY_CLOSED = "already closed"
    ROUND_TWO_JUST_OPENED = "round 2 just opened"  # a repeat of the close that opened it
    SHOWN = "shown"  # an unshown-only close (`discard`) found a message showing the poll


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """One stored vote with the voter's current display name (for results and export)."""

    option: int
    voter: UserRef
    display_name: str
    voted_at: float


@dataclass(frozen=True, slots=True)
class PointPick:
    """The pack argument a voter said moved them to `option` (two-round polls)."""

    voter: UserRef
    option: int
    point: str
    picked_at: float


class CreationUnknown(CommitUnknown):
    """A new poll's COMMIT was never confirmed: poll `poll_id` may exist or not."""

    def __init__(self, poll_id: int) -> None:
        super().__init__(f"poll {poll_id} may or may not have been created")
        self.poll_id = poll_id


class AskedAlready(Exception):
    """A new poll was not stored: open poll `poll_id` of its conversation asks it already
    (`PollDraft.is_asked_by`), found in the transaction that would have stored it."""

    def __init__(self, poll_id: int) -> None:
        super().__init__(f"poll {poll_id} asks this already")
        self.poll_id = poll_id


class PollStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._options: dict[int, tuple[PollOption, ...]] = {}

    # -- polls ----------------------------------------------------------------------------

    async def create(
        self,
        channel: ChannelRef,
        creator: UserRef,
        creator_name: str,
        draft: PollDraft,
        at: float | None,
        *,
        provisional_name: bool = False,
    ) -> int:
        """Store a validated poll; `at` is an injected clock's time or None (database time).
        `provisional_name`: `creator_name` does not replace a recorded name (`Context`).
        Raises `AskedAlready` when an open poll of the conversation asks the same, and a
        COMMIT never confirmed raises `CreationUnknown`, naming the poll it stored if it
        did."""
        try:
            async with self.db.transaction() as tx:
                poll_id = await self._insert(
                    tx, channel, (creator, creator_name, provisional_name), draft, at
                )
        except CommitUnknown as error:
            raise CreationUnknown(poll_id) from error
        return poll_id

    async def _insert(
        self,
        tx: Executor,
        channel: ChannelRef,
        by: tuple[UserRef, str, bool],
        draft: PollDraft,
        at: float | None,
    ) -> int:
        """The statements of `create`, in its transaction; the new poll's id. `by` is the
        creator, their name and whether it is provisional."""
        creator, creator_name, provisional_name = by
        db = self.db
        now = float(await tx.fetchval(f"SELECT COALESCE(?, {db.now_sql})", at))
        await ensure_channel(tx, channel, now)
        # Held until COMMIT: two identical /polls at once (a double Enter, a resent
        # command, one on each instance) were both checked before either was stored, and
        # both posted. Under the lock they are checked one after another, and so are one
        # person's simultaneous /polls against the bounds below.
        await lock_channel(db, tx, channel)
        # The twin check comes first: a poll asked again is shown even to someone at the
        # bound, who is told to close one only for a new poll.
        twin = await self._twin(tx, channel, draft, now)
        if twin is not None:
            raise AskedAlready(twin)
        await upsert_users(tx, [(creator, creator_name)], now, provisional=provisional_name)
        await self._refuse_too_many(tx, channel, creator, now)
        # A timed two-round poll runs each round for `duration`: round 2 opens at the
        # first deadline and the poll closes at the second (bot/polls/rounds.py).
        round2_at = closes_at = None
        if draft.duration is not None:
            closes_at = now + draft.duration * draft.rounds
            round2_at = now + draft.duration if draft.rounds == 2 else None
        poll_id = int(
            await tx.fetchval(
                "INSERT INTO polls (platform, workspace, channel_id, creator_id, question, "
                "multi, anonymous, hide_results, created_at, closes_at, rounds, round2_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                channel.platform,
                channel.workspace,
                channel.channel,
                creator.user,
                draft.question,
                int(draft.multi),
                int(draft.anonymous),
                int(draft.hide_results),
                now,
                closes_at,
                draft.rounds,
                round2_at,
            )
        )
        await insert_many(
            tx,
            "INSERT INTO poll_options (poll_id, number, label, speaker)",
            [(poll_id, o.number, o.label, o.speaker) for o in draft.options],
        )
        return poll_id

    async def _twin(
        self, tx: Executor, channel: ChannelRef, draft: PollDraft, now: float
    ) -> int | None:
        """The open poll of `channel` at `now` that asks what `draft` would, if any. Every
        open poll is looked at: only the 25 newest were, and with more open (several people
        near their bound) a /poll repeating an older one posted a copy. Options are read
        only for the polls asking the same question (compared as `is_asked_by` compares
        them, mentions unlabelled), so one asked anew costs a read of the open rows alone;
        the question cannot be matched in SQL, which knows a mention's labels as text."""
        where, params = _in_channel(channel)
        rows = await tx.fetchall(
            f"SELECT {_POLL_COLUMNS} FROM polls p WHERE {where} AND p.closed_at IS NULL "
            "AND (p.closes_at IS NULL OR p.closes_at > ?) ORDER BY p.id",
            *params,
            now,
        )
        asked = unlabelled(draft.question)
        same = [row for row in rows if unlabelled(row[_QUESTION]) == asked]
        polls = await self._build(tx, same)
        return next((poll.id for poll in polls.values() if draft.is_asked_by(poll)), None)

    async def _refuse_too_many(
        self, tx: Executor, channel: ChannelRef, creator: UserRef, now: float
    ) -> None:
        """Refuse a new poll to someone who has `MAX_OPEN_POLLS` open in `channel` at
        `now` (naming them, so they know which to close), or who started
        `MAX_POLLS_PER_WINDOW` there within `POLL_WINDOW` (saying when they may again)."""
        mine = "platform = ? AND workspace = ? AND channel_id = ? AND creator_id = ?"
        key = (channel.platform, channel.workspace, channel.channel, creator.user)
        rows = await tx.fetchall(
            f"SELECT id FROM polls WHERE {mine} AND closed_at IS NULL "
            "AND (closes_at IS NULL OR closes_at > ?) ORDER BY id LIMIT ?",
            *key,
            now,
            MAX_OPEN_POLLS,
        )
        if len(rows) >= MAX_OPEN_POLLS:
            raise too_many_open([int(row[0]) for row in rows])
        rows = await tx.fetchall(
            f"SELECT created_at FROM polls WHERE {mine} AND created_at > ? "
            "ORDER BY created_at LIMIT ?",
            *key,
            now - POLL_WINDOW,
            MAX_POLLS_PER_WINDOW,
        )
        if len(rows) >= MAX_POLLS_PER_WINDOW:
            raise too_many_started(float(rows[0][0]) + POLL_WINDOW - now)

    async def get(self, poll_id: int) -> Poll | None:
        """The poll, or None; an id no column can hold is None without a query."""
        if not valid_id(poll_id):
            return None
        rows = await self.db.fetchall(f"SELECT {_POLL_COLUMNS} FROM polls WHERE id = ?", poll_id)
        return (await self._build(self.db, rows)).get(poll_id)

    async def get_as_of(self, poll_id: int, at: float | None) -> Poll | None:
        """The poll as it stands at `at` (None: database time, read with it, the clock votes
        are judged by): `Poll.as_of`, closed past its deadline even before the sweep ran.
        What shows a poll reads this; `get` is the row as stored."""
        if not valid_id(poll_id):
            return None
        rows = await self.db.fetchall(
            f"SELECT {_POLL_COLUMNS}, COALESCE(?, {self.db.now_sql}) FROM polls WHERE id = ?",
            at,
            poll_id,
        )
        polls = await self._build(self.db, rows)
        return polls[poll_id].as_of(float(rows[0][-1])) if rows else None

    async def latest_in(self, channel: ChannelRef) -> int | None:
        """The newest poll posted in `channel` (the default for /results): one with a
        message, so not a poll discarded because its message could not be shown."""
        found = await self.db.fetchval(
            "SELECT MAX(id) FROM polls WHERE platform = ? AND workspace = ? AND channel_id = ?"
            " AND EXISTS (SELECT 1 FROM poll_messages WHERE poll_messages.poll_id = polls.id)",
            channel.platform,
            channel.workspace,
            channel.channel,
        )
        return int(found) if found is not None else None

    async def latest_open_pack_poll(self, channel: ChannelRef, at: float | None) -> int | None:
        """The newest poll in `channel` made from the pack and open at `at` (None: database
        time). A pack poll is told apart by its options naming speakers, which a custom
        poll's never do (a pack whose poll names no speaker has none found here)."""
        found = await self.db.fetchval(
            "SELECT MAX(p.id) FROM polls p WHERE p.platform = ? AND p.workspace = ? "
            "AND p.channel_id = ? AND p.closed_at IS NULL "
            f"AND (p.closes_at IS NULL OR p.closes_at > COALESCE(?, {self.db.now_sql})) "
            "AND EXISTS (SELECT 1 FROM poll_options o WHERE o.poll_id = p.id "
            "AND o.speaker IS NOT NULL)",
            channel.platform,
            channel.workspace,
            channel.channel,
            at,
        )
        return int(found) if found is not None else None

    async def open_polls_in(self, channel: ChannelRef, at: float | None, limit: int) -> list[Poll]:
        """A conversation's polls still open at `at` (None: database time), newest first,
        each as it stands then (`Poll.as_of`: in round 2 once round 1's deadline passed)."""
        return await self._open_polls(self.db, *_in_channel(channel), at, limit)

    async def shown_polls_in(self, channel: ChannelRef, at: float | None, limit: int) -> list[Poll]:
        """A conversation's polls that were shown (with a message: not one discarded because
        its message could not be), open or closed, newest first, each as it stands at `at`
        (None: database time): the polls /results can show."""
        rows = await self.db.fetchall(
            f"SELECT {_POLL_COLUMNS}, COALESCE(?, {self.db.now_sql}) FROM polls p "
            "WHERE p.platform = ? AND p.workspace = ? AND p.channel_id = ? "
            "AND EXISTS (SELECT 1 FROM poll_messages m WHERE m.poll_id = p.id) "
            "ORDER BY p.id DESC LIMIT ?",
            at,
            channel.platform,
            channel.workspace,
            channel.channel,
            limit,
        )
        polls = await self._build(self.db, rows)
        return [polls[int(row[0])].as_of(float(row[-1])) for row in rows]

    async def open_polls_of(self, user: UserRef, at: float | None, limit: int) -> list[Poll]:
        """Open polls `user` started or voted in, newest first: the ones they have seen in
        their conversation, whatever its kind (App Home cannot tell a private channel
        from a public one by its id)."""
        return await self._open_polls(
            self.db,
            "p.platform = ? AND p.workspace = ? AND (p.creator_id = ? OR EXISTS "
            "(SELECT 1 FROM poll_votes v WHERE v.poll_id = p.id AND v.platform = p.platform "
            "AND v.workspace = p.workspace AND v.voter_id = ?))",
            [user.platform, user.workspace, user.user, user.user],
            at,
            limit,
        )

    async def _open_polls(
        self, ex: Executor, where: str, params: list[Any], at: float | None, limit: int
    ) -> list[Poll]:
        """The polls `where` selects that are open at `at` (None: database time), read
        through `ex`: the database, or the transaction that must see them as it decides."""
        now = f"COALESCE(?, {self.db.now_sql})"
        rows = await ex.fetchall(
            f"SELECT {_POLL_COLUMNS}, {now} FROM polls p WHERE {where} AND p.closed_at IS NULL "
            f"AND (p.closes_at IS NULL OR p.closes_at > {now}) ORDER BY p.id DESC LIMIT ?",
            at,
            *params,
            at,
            limit,
        )
        polls = await self._build(ex, rows)
        # PostgreSQL's clock moves within a statement: a poll whose deadline fell between
        # the two readings of it is closed, not listed as open.
        shown = [polls[int(row[0])].as_of(float(row[-1])) for row in rows]
        return [poll for poll in shown if not poll.closed]

    async def close(
        self,
        poll_id: int,
        at: float | None,
        delivery: tuple[str, str] | None = None,
        *,
        unshown_only: bool = False,
    ) -> Closing:
        """Close an open poll now (or at its deadline, if that already passed).

        A two-round poll whose round 1 ran out is recorded in round 2 as well, as the sweep
        would have (`Poll.as_of`), so it is closed as it was shown. A poll whose round 2
        opened less than `REPEAT_CLICK_WINDOW` ago stays open: that close repeats the one
        that ended round 1 (a double submit, two admins at once). Decided under the poll's
        row lock, by the database's state and clock, so two closers on two instances
        agree; one that finds the poll closed already is told, so it is announced once.
        `delivery` (platform, key: `Context.delivery`) is recorded with the close, so a
        platform's retry of that click is known as such (`changed_by`).

        `unshown_only` closes only a poll no message shows (`PollService.discard`), checked
        under the same lock: a message attached between a separate check and the close had
        its poll closed under it. An attach's row of `poll_messages` holds a key-share lock
        on its poll (the foreign key), so on PostgreSQL the two wait for each other too.
        """
        db = self.db
        async with db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT closed_at, closes_at, round2_at, COALESCE(?, {db.now_sql}) "
                f"FROM polls WHERE id = ?{db.lock_suffix}",
                at,
                poll_id,
            )
            if row is None or row[0] is not None:
                return Closing.ALREADY_CLOSED
            closes_at, round2_at = _optional_float(row[1]), _optional_float(row[2])
            now = float(row[3])
            if round2_at is not None and round2_at <= now and repeats(round2_at, now):
                return Closing.ROUND_TWO_JUST_OPENED
            if unshown_only and await tx.fetchone(
                "SELECT 1 FROM poll_messages WHERE poll_id = ?", poll_id
            ):
                return Closing.SHOWN
            await tx.execute(
                "UPDATE polls SET closed_at = ?, round = CASE WHEN round2_at <= ? THEN 2 "
                "ELSE round END, tally_version = tally_version + 1 WHERE id = ?",
                min(closes_at, now) if closes_at is not None else now,
                now,
                poll_id,
            )
            await _record_delivery(tx, poll_id, delivery, now)
        return Closing.CLOSED

    async def changed_by(self, poll_id: int, delivery: tuple[str, str]) -> bool:
        """Whether the delivery (platform, key) closed the poll or ended its round 1: a
        retry of that click. Kept as long as votes' delivery keys (`prune_keys`)."""
        found = await self.db.fetchval(
            "SELECT poll_id FROM poll_vote_keys WHERE platform = ? AND delivery_key = ?",
            *delivery,
        )
        return found == poll_id

    async def close_due(self, at: float | None, platforms: Sequence[str]) -> list[int]:
        """Close every poll of `platforms` whose deadline has passed; returns their ids."""
        return await self._update_due(
            "closed_at = closes_at WHERE closed_at IS NULL", "closes_at", at, platforms, "closed"
        )

    async def _update_due(
        self, change: str, due: str, at: float | None, platforms: Sequence[str], kind: str
    ) -> list[int]:
        """`UPDATE polls SET <change> AND <due> <= now` (`at`, or database time) for the
        polls of `platforms`: the ids updated, sorted. Each change is one its messages
        show, so it bumps the poll's tally version with it.

        The first attempt at each one's announcement of `kind` (`Announcement`'s stored
        value) is written in the same transaction, due at once, for whichever sweeper
        takes it (`AnnouncementRetries.due`): held only in the memory of the process that
        committed the change, it was lost when that process stopped before posting, the
        poll changed and its channel never told."""
        if not platforms:
            return []
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                "UPDATE polls SET tally_version = tally_version + 1, "
                f"{change} AND {due} <= COALESCE(?, {self.db.now_sql}) "
                f"AND platform IN ({marks(len(platforms))}) RETURNING id",
                at,
                *platforms,
            )
            ids = sorted(int(row[0]) for row in rows)
            if ids:
                await _first_attempts(tx, ids, kind, at, self.db.now_sql)
        return ids

    async def next_deadline(self, platforms: Sequence[str]) -> float | None:
        """The earliest deadline of a poll of `platforms` still open (its close, or the start
        of its round 2), so the sweeper knows when to wake. Other platforms' polls are left
        out: their deadlines are no sweep's of ours, and one past due would wake it at once,
        again and again, until a process of their platform swept it."""
        if not platforms:
            return None
        listed = marks(len(platforms))
        found = await self.db.fetchval(
            "SELECT MIN(due) FROM (SELECT closes_at AS due FROM polls WHERE closed_at IS NULL "
            f"AND closes_at IS NOT NULL AND platform IN ({listed}) UNION ALL SELECT round2_at "
            "FROM polls WHERE round = 1 AND closed_at IS NULL AND round2_at IS NOT NULL "
            f"AND platform IN ({listed})) AS deadlines",
            *platforms,
            *platforms,
        )
        return float(found) if found is not None else None

    # -- rounds (two-round polls) ---------------------------------------------------------

    async def open_round_two(
        self, poll_id: int, at: float | None, delivery: tuple[str, str] | None = None
    ) -> bool:
        """End round 1 of a two-round poll now: round 2 opens, and a timed poll's round 2
        gets the full round length from now. False if the poll is not in round 1 (closed,
        one-round, or already advanced by someone else), so one closer announces it.
        `delivery` is recorded as a close's is (`changed_by`).

        Under the poll's row lock, like votes: a vote is either before this or after it.
        """
        db = self.db
        async with db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT rounds, round, round2_at, closes_at, closed_at, "
                f"COALESCE(?, {db.now_sql}) FROM polls WHERE id = ?{db.lock_suffix}",
                at,
                poll_id,
            )
            if row is None or int(row[0]) != 2 or int(row[1]) != 1 or row[4] is not None:
                return False
            round2_at, closes_at, now = _optional_float(row[2]), _optional_float(row[3]), row[5]
            if round2_at is None or round2_at > float(now):
                if closes_at is not None and round2_at is not None:
                    closes_at = float(now) + (closes_at - round2_at)
                round2_at = float(now)
            await tx.execute(
                "UPDATE polls SET round = 2, round2_at = ?, closes_at = ?, "
                "tally_version = tally_version + 1 WHERE id = ?",
                round2_at,
                closes_at,
                poll_id,
            )
            await _record_delivery(tx, poll_id, delivery, float(now))
        return True

    async def open_due_rounds(self, at: float | None, platforms: Sequence[str]) -> list[int]:
        """Show round 2 of every two-round poll of `platforms` whose round 1 has run out;
        returns their ids.

        Votes already went by `round2_at`; this only flips what the messages show.
        """
        return await self._update_due(
            "round = 2 WHERE round = 1 AND closed_at IS NULL",
            "round2_at",
            at,
            platforms,
            "round_two",
        )

    async def before_votes(self, poll_id: int) -> list[VoteRecord]:
        """Round 1's votes of a two-round poll (the before snapshot), oldest first."""
        return await self._vote_records("poll_before_votes", poll_id)

    async def picks(self, poll_id: int) -> list[PointPick]:
        """Every voter's persuasive-point pick, oldest first."""
        rows = await self.db.fetchall(
            "SELECT platform, workspace, voter_id, option_number, point_id, picked_at "
            "FROM poll_point_picks WHERE poll_id = ? ORDER BY picked_at, voter_id",
            poll_id,
        )
        return [
            PointPick(UserRef(platform, workspace, voter), int(option), point, float(at))
            for platform, workspace, voter, option, point, at in rows
        ]

    # -- counting -------------------------------------------------------------------------

    async def tally(self, poll: Poll) -> Tally:
        rows = await self.db.fetchall(
            "SELECT option_number, COUNT(*) FROM poll_votes WHERE poll_id = ? "
            "GROUP BY option_number",
            poll.id,
        )
        counts = {int(number): int(count) for number, count in rows}
        if poll.multi:
            voters = int(
                await self.db.fetchval(
                    "SELECT COUNT(*) FROM (SELECT DISTINCT platform, workspace, voter_id "
                    "FROM poll_votes WHERE poll_id = ?) AS distinct_voters",
                    poll.id,
                )
            )
        else:
            voters = sum(counts.values())
        return Tally(poll.id, counts, voters)

    async def votes(self, poll_id: int) -> list[VoteRecord]:
        """Every vote with the voter's display name, oldest first (results and export)."""
        return await self._vote_records("poll_votes", poll_id)

    async def _vote_records(self, table: str, poll_id: int) -> list[VoteRecord]:
        rows = await self.db.fetchall(
            "SELECT v.option_number, v.platform, v.workspace, v.voter_id, u.display_name, "
            f"v.voted_at FROM {table} v JOIN users u ON u.platform = v.platform "
            "AND u.workspace = v.workspace AND u.user_id = v.voter_id "
            "WHERE v.poll_id = ? ORDER BY v.voted_at, v.voter_id, v.option_number",
            poll_id,
        )
        return [
            VoteRecord(int(option), UserRef(platform, workspace, voter), name, float(at))
            for option, platform, workspace, voter, name, at in rows
        ]

    # -- voting ---------------------------------------------------------------------------

    async def choices_of(self, poll_id: int, voter: UserRef) -> tuple[int, ...]:
        """The options a voter has recorded in a poll (its current round), in order."""
        rows = await self.db.fetchall(
            "SELECT option_number FROM poll_votes WHERE poll_id = ? AND platform = ? "
            "AND workspace = ? AND voter_id = ? ORDER BY option_number",
            poll_id,
            voter.platform,
            voter.workspace,
            voter.user,
        )
        return tuple(int(row[0]) for row in rows)

    async def apply_votes(self, requests: Sequence[VoteRequest]) -> list[VoteResult | UserError]:
        """Apply votes in order in one transaction; one result (or refusal) per request.

        Nothing is returned before COMMIT, so every result describes a durable state.
        """
        results: list[VoteResult | UserError] = []
        db = self.db
        async with db.transaction() as tx:
            ids = {r.poll_id for r in requests if valid_id(r.poll_id)}
            polls, db_now = await self._lock_polls(tx, ids)
            requests_in_scope = [r for r in requests if _in_scope(r, polls.get(r.poll_id))]
            two_round = [r for r in requests_in_scope if polls[r.poll_id].two_round]
            shown, seen_keys, slots, retracted, before = await self._batch_state(
                tx, requests_in_scope, two_round
            )
            rounds = RoundVotes(before)
            writes: dict[tuple[_VoterKey, int], tuple[int, float] | None] = {}
            retractions: dict[tuple[_VoterKey, int], tuple[int, float]] = {}
            new_keys: dict[tuple[str, str], tuple[int, float]] = {}
            voters: dict[UserRef, tuple[str, bool, float]] = {}
            shown_changed: set[int] = set()  # polls whose messages now show something new
            for request in requests:
                poll = polls.get(request.poll_id)
                if not _in_scope(request, poll) or (
                    request.message is not None and (request.poll_id, request.message) not in shown
                ):
                    results.append(not_here(request.poll_id))
                    continue
                assert poll is not None  # _in_scope
                at = request.at if request.at is not None else db_now
                if request.point is not None:
                    outcome = rounds.pick(request, poll, at, seen_keys, slots)
                else:
                    outcome = rounds.confirm(request, poll, at, seen_keys, slots, writes)
                    if outcome is None:
                        outcome = _apply_one(
                            request, poll, at, seen_keys, slots, retracted, writes, retractions
                        )
                    outcome = rounds.record(request, outcome, at, slots, writes)
                results.append(outcome)
                if isinstance(outcome, UserError) or outcome.change is VoteChange.REPLAYED:
                    continue
                if outcome.change is not VoteChange.UNCHANGED or request.point is not None:
                    shown_changed.add(request.poll_id)  # a pick too: a closed poll shows them
                voters[request.voter] = (request.display_name, request.provisional_name, at)
                if request.key is not None:
                    seen_keys.add((request.voter.platform, request.key))
                    new_keys[(request.voter.platform, request.key)] = (request.poll_id, at)
            # Independent writes (no two touch one row), voters listed before the votes
            # that need them, so a backend may send them as one.
            await tx.execute_together(
                [
                    *_voter_statements(voters),
                    *_vote_statements(writes),
                    *_retraction_statements(retractions),
                    *insert_statements(
                        "INSERT INTO poll_vote_keys (platform, delivery_key, poll_id, received_at)",
                        [
                            (platform, key, poll_id, at)
                            for (platform, key), (poll_id, at) in new_keys.items()
                        ],
                        "ON CONFLICT (platform, delivery_key) DO NOTHING",
                    ),
                    *_vote_statements(rounds.before_writes, "poll_before_votes"),
                    *rounds.pick_statements(),
                    *_version_statements(shown_changed),
                ]
            )
        return results

    async def refresh_statistics(self) -> None:
        """Fresh planner statistics for the tables vote batches read (after they grew)."""
        await self.db.refresh_statistics(_BATCH_READ_TABLES)

    async def prune_keys(self, older_than: float) -> int:
        """Forget delivery keys received before `older_than` (platforms retry for minutes)."""
        return await self.db.execute("DELETE FROM poll_vote_keys WHERE received_at < ?", older_than)

    async def prune_retractions(self, older_than: float) -> int:
        """Forget retractions made before `older_than`: the double-click rule looks back
        `REPEAT_CLICK_WINDOW` seconds only (the sweeper keeps them as long as delivery
        keys, far beyond any clock skew between instances)."""
        return await self.db.execute(
            "DELETE FROM poll_retractions WHERE retracted_at < ?", older_than
        )

    async def _lock_polls(self, tx: Executor, ids: Iterable[int]) -> tuple[dict[int, Poll], float]:
        """The polls, locked until commit, and the database time read in the same statement."""
        ordered = sorted(ids)
        if not ordered:  # every vote named an id no column holds: nothing to lock
            return {}, 0.0
        rows = await tx.fetchall(
            f"SELECT {_POLL_COLUMNS}, {self.db.now_sql} FROM polls "
            f"WHERE id IN ({marks(len(ordered))}) ORDER BY id{self.db.lock_suffix}",
            *ordered,
        )
        polls = await self._build(tx, rows)
        db_now = float(rows[0][-1]) if rows else 0.0
        return polls, db_now

    async def _batch_state(
        self, tx: Executor, requests: Sequence[VoteRequest], two_round: Sequence[VoteRequest]
    ) -> tuple[
        set[tuple[int, str]],
        set[tuple[str, str]],
        dict[_VoterKey, _Slots],
        dict[_VoterKey, _Slots],
        dict[_VoterKey, _Slots],
    ]:
        """What a batch needs to know, read under the polls' lock in one round trip: the
        (poll, message) pairs its clicks came from that do show that poll in that
        conversation, its delivery keys already seen, its voters' current slots, their last
        retraction in each slot (the option and when) and round 1's slots, for two-round
        polls.

        One statement (`UNION ALL` of the five reads, rows tagged by kind and padded to one
        shape) rather than five: each round trip of a batch waits for the event loop, which
        under load is busy parsing the next clicks, so round trips, not rows, set how long
        every vote of the batch waits for its commit.
        """
        shown: set[tuple[int, str]] = set()
        keys: set[tuple[str, str]] = set()
        slots: dict[_VoterKey, _Slots] = {_voter_key(r): {} for r in requests}
        retracted: dict[_VoterKey, _Slots] = {_voter_key(r): {} for r in requests}
        before: dict[_VoterKey, _Slots] = {_voter_key(r): {} for r in two_round}
        slot_kinds = {"v": slots, "r": retracted, "b": before}
        for sql, params in _unions(_state_reads(requests, two_round)):
            rows = await tx.fetchall_for_values(sql, *params)
            for kind, poll_id, platform, workspace, name, slot, option, at in rows:
                if kind == "m":
                    shown.add((int(poll_id), name))
                elif kind == "k":
                    keys.add((platform, name))
                else:
                    slot_kinds[kind][(int(poll_id), platform, workspace, name)][int(slot)] = (
                        int(option),
                        float(at),
                    )
        return shown, keys, slots, retracted, before

    async def shows(self, poll_id: int, channel: ChannelRef, message_ref: str) -> bool:
        """Whether `message_ref` in `channel` is a message showing poll `poll_id`."""
        if not valid_id(poll_id):
            return False
        found = await self.db.fetchval(
            f"SELECT 1 FROM poll_messages WHERE {_ONE_MESSAGE}",
            *_message_key(poll_id, channel, message_ref),
        )
        return found is not None

    # -- live messages --------------------------------------------------------------------

    async def attach_message(
        self, poll_id: int, channel: ChannelRef, message_ref: str, at: float
    ) -> None:
        await self.db.execute(
            "INSERT INTO poll_messages "
            "(poll_id, platform, workspace, channel_id, message_ref, attached_at) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (poll_id, platform, workspace, channel_id, message_ref) DO NOTHING",
            poll_id,
            channel.platform,
            channel.workspace,
            channel.channel,
            message_ref,
            at,
        )

    async def messages(self, poll_id: int) -> list[tuple[ChannelRef, str]]:
        rows = await self.db.fetchall(
            "SELECT platform, workspace, channel_id, message_ref FROM poll_messages "
            "WHERE poll_id = ? ORDER BY attached_at, message_ref",
            poll_id,
        )
        return [(ChannelRef(p, w, c), ref) for p, w, c, ref in rows]

    async def tally_version(self, poll_id: int) -> int:
        """How many times what poll N's messages show has changed (0 if no such poll)."""
        return int(
            await self.db.fetchval("SELECT tally_version FROM polls WHERE id = ?", poll_id) or 0
        )

    async def stale_messages(
        self, poll_id: int, platforms: Sequence[str]
    ) -> list[tuple[ChannelRef, str]]:
        """Poll N's messages on `platforms` showing an older version than the database."""
        where, params = stale_messages_clause(poll_id, platforms)
        rows = await self.db.fetchall(
            "SELECT m.platform, m.workspace, m.channel_id, m.message_ref FROM poll_messages m "
            f"JOIN polls p ON p.id = m.poll_id WHERE {where} "
            "ORDER BY m.attached_at, m.message_ref",
            *params,
        )
        return [(ChannelRef(p, w, c), ref) for p, w, c, ref in rows]

    async def stale_polls(self, platforms: Sequence[str], limit: int) -> list[int]:
        """Polls with a message on `platforms` showing an older version (at most `limit`,
        oldest first)."""
        if not platforms:
            return []
        rows = await self.db.fetchall(
            "SELECT DISTINCT m.poll_id FROM poll_messages m JOIN polls p ON p.id = m.poll_id "
            f"WHERE m.platform IN ({marks(len(platforms))}) "
            "AND m.shown_version < p.tally_version ORDER BY m.poll_id LIMIT ?",
            *platforms,
            limit,
        )
        return [int(row[0]) for row in rows]

    async def mark_shown(
        self, poll_id: int, channel: ChannelRef, message_ref: str, version: int
    ) -> bool:
        """Compare-and-set: the message now shows `version`, unless a newer version was
        recorded as shown meanwhile (then False: this edit may have landed after it)."""
        changed = await self.db.execute(
            "UPDATE poll_messages SET shown_version = ? WHERE shown_version < ? "
            f"AND {_ONE_MESSAGE}",
            version,
            version,
            *_message_key(poll_id, channel, message_ref),
        )
        return changed == 1

    async def mark_unknown(self, poll_id: int, channel: ChannelRef, message_ref: str) -> None:
        """What the message shows is unknown (an edit of ours may have overtaken a newer
        one): stale until the next edit."""
        await self.db.execute(
            f"UPDATE poll_messages SET shown_version = -1 WHERE {_ONE_MESSAGE}",
            *_message_key(poll_id, channel, message_ref),
        )

    async def record_edit_refusal(self, poll_id: int, refusal: str | None) -> bool:
        """Record why the platform refuses to update the poll's messages (None: it no
        longer does); written only when it changes, so an edit that goes through costs no
        write in the usual case. Returns whether it changed: the one instance that records
        a change logs it, once for the whole refusal."""
        return 0 < await self.db.execute(
            "UPDATE polls SET edit_refused = ? WHERE id = ? "
            "AND COALESCE(edit_refused, '') <> COALESCE(?, '')",
            refusal,
            poll_id,
            refusal,
        )

    async def detach_message(self, poll_id: int, channel: ChannelRef, message_ref: str) -> None:
        await self.db.execute(
            f"DELETE FROM poll_messages WHERE {_ONE_MESSAGE}",
            *_message_key(poll_id, channel, message_ref),
        )

    # -- rows to values -------------------------------------------------------------------

    async def _build(self, db: Executor, rows: Sequence[Row]) -> dict[int, Poll]:
        ids = [int(row[0]) for row in rows]
        if len(self._options) > _OPTION_CACHE_LIMIT:
            self._options.clear()  # before deciding what to load, so nothing needed is dropped
        missing = [poll_id for poll_id in ids if poll_id not in self._options]
        if missing:
            found: dict[int, list[PollOption]] = {poll_id: [] for poll_id in missing}
            for row in await db.fetchall(
                "SELECT poll_id, number, label, speaker FROM poll_options "
                f"WHERE poll_id IN ({marks(len(missing))}) ORDER BY poll_id, number",
                *missing,
            ):
                found[int(row[0])].append(PollOption(int(row[1]), row[2], row[3]))
            self._options.update({k: tuple(v) for k, v in found.items()})
        return {int(row[0]): _poll(row, self._options[int(row[0])]) for row in rows}


def _poll(row: Row, options: tuple[PollOption, ...]) -> Poll:
    platform, workspace = row[1], row[2]
    return Poll(
        id=int(row[0]),
        channel=ChannelRef(platform, workspace, row[3]),
        creator=UserRef(platform, workspace, row[4]),
        question=row[5],
        options=options,
        multi=bool(row[6]),
        anonymous=bool(row[7]),
        hide_results=bool(row[8]),
        created_at=float(row[9]),
        closes_at=_optional_float(row[10]),
        closed_at=_optional_float(row[11]),
        rounds=int(row[12]),
        round=int(row[13]),
        round2_at=_optional_float(row[14]),
        edit_refused=row[15] or "",
    )


async def _record_delivery(
    tx: Executor, poll_id: int, delivery: tuple[str, str] | None, now: float
) -> None:
    """Record the delivery (platform, key) that closed the poll or ended its round 1, in
    that change's transaction, so a platform's retry of the click is known (`changed_by`)."""
    if delivery is not None:
        await tx.execute(
            "INSERT INTO poll_vote_keys (platform, delivery_key, poll_id, received_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (platform, delivery_key) DO NOTHING",
            *delivery,
            poll_id,
            now,
        )


async def _first_attempts(
    tx: Executor, poll_ids: list[int], kind: str, at: float | None, now_sql: str
) -> None:
    """Write attempt 1 of the `kind` announcement of each of `poll_ids`, due at the change's
    instant (`at`, or the database's clock), in the change's transaction. One already
    waiting is kept (a poll announces each kind once); a "round 2 is open" waiting when its
    poll closes is dropped as stale when taken (`PollService._announce`)."""
    listed = marks(len(poll_ids))
    await tx.execute(
        "INSERT INTO poll_announcement_retries (poll_id, kind, attempt, due_at) "
        f"SELECT id, ?, 1, COALESCE(?, {now_sql}) FROM polls WHERE id IN ({listed}) "
        "ON CONFLICT (poll_id, kind) DO NOTHING",
        kind,
        at,
        *poll_ids,
    )


def _optional_float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _in_scope(request: VoteRequest, poll: Poll | None) -> bool:
    """A vote counts only in a poll of the conversation it was cast in, by a voter of that
    workspace with a usable id; anything else is answered as if the poll did not exist."""
    voter = request.voter
    return (
        poll is not None
        and poll.channel == request.where
        and (voter.platform, voter.workspace) == (poll.channel.platform, poll.channel.workspace)
        and usable_voter(voter)
    )


def _in_channel(channel: ChannelRef) -> tuple[str, list[Any]]:
    """The `_open_polls` condition and parameters of one conversation's polls."""
    where = "p.platform = ? AND p.workspace = ? AND p.channel_id = ?"
    return where, [channel.platform, channel.workspace, channel.channel]


def not_here(poll_id: int, instead: str = "") -> UserError:
    """The one refusal for a poll outside the caller's conversation, missing or not: it
    never tells which, so poll numbers cannot be used to probe other conversations.
    `instead` says what the caller may name instead, from their own conversation alone."""
    said = f"There is no poll #{poll_id} here."
    return UserError(Marked(said, " ", instead) if instead else said)


def too_many_open(poll_ids: Sequence[int]) -> UserError:
    """The refusal of a poll to someone with `MAX_OPEN_POLLS` open here (`poll_ids`,
    oldest first): which they are, and how to close one."""
    numbers = join_list([f"#{poll_id}" for poll_id in poll_ids])
    return UserError(
        Marked(
            f"You have {len(poll_ids)} polls open here ({numbers}), the most one person may. "
            "Close one first, e.g. ",
            command_line("close", poll=poll_ids[0]),
            "; polls given a duration close by themselves.",
        )
    )


def too_many_started(wait: float) -> UserError:
    """The refusal of a poll to someone who started `MAX_POLLS_PER_WINDOW` here within
    `POLL_WINDOW`, the oldest of which leaves that window in `wait` seconds."""
    minutes = max(1, math.ceil(wait / 60))
    return UserError(
        f"You have started {MAX_POLLS_PER_WINDOW} polls here within an hour, the most one "
        f"person may. You can start another in {minutes} minute{'' if minutes == 1 else 's'}."
    )


def _apply_one(
    request: VoteRequest,
    poll: Poll,
    at: float,
    seen_keys: set[tuple[str, str]],
    slots: dict[_VoterKey, _Slots],
    retracted: dict[_VoterKey, _Slots],
    writes: dict[tuple[_VoterKey, int], tuple[int, float] | None],
    retractions: dict[tuple[_VoterKey, int], tuple[int, float]],
) -> VoteResult | UserError:
    """One vote, in scope, against the batch's in-memory state (updated in place).

    The double-click rule: a click on the option of the voter's previous effective click
    in the same slot (one that recorded or retracted it), less than `REPEAT_CLICK_WINDOW`
    after it, changes nothing. That click is the slot's vote while the slot is filled, and
    its last retraction while it is empty (a retraction empties the slot, and anything that
    fills it again comes later). A click on another option than that one is never a double
    click: a quick switch from A to B still switches, and B right after taking A back adds B.
    """
    voter_key = _voter_key(request)
    mine = slots[voter_key]
    if request.key is not None and (request.voter.platform, request.key) in seen_keys:
        return VoteResult(poll, request.option, VoteChange.REPLAYED, _choices(mine))
    if not poll.is_open_at(at):
        return closed_refusal(poll)
    if poll.option(request.option) is None:
        return UserError(
            f"Poll #{poll.id} has options 1 to {len(poll.options)}, not {request.option}."
        )
    slot = request.option if poll.multi else 0
    current = mine.get(slot)
    previous = current if current is not None else retracted[voter_key].get(slot)
    if previous is not None and previous[0] == request.option and repeats(previous[1], at):
        change = VoteChange.UNCHANGED
    elif current is None:
        change = VoteChange.ADDED
    elif current[0] != request.option:
        change = VoteChange.MOVED
    elif request.keep:
        change = VoteChange.UNCHANGED
    else:
        change = VoteChange.REMOVED
    if change is VoteChange.REMOVED:
        del mine[slot]
        writes[(voter_key, slot)] = None
        retracted[voter_key][slot] = retractions[(voter_key, slot)] = (request.option, at)
    elif change is not VoteChange.UNCHANGED:
        mine[slot] = (request.option, at)
        writes[(voter_key, slot)] = (request.option, at)
    return VoteResult(poll, request.option, change, _choices(mine))


def closed_refusal(poll: Poll) -> UserError:
    """The answer to a vote in a closed poll (`poll` as of the vote: past its deadline it
    is closed at it), saying since when and where its results are."""
    when = poll.closed_at if poll.closed_at is not None else poll.closes_at
    at = Marked(" at ", When(when)) if when is not None else ""
    rest = Marked("; votes are no longer accepted. ", see_results(poll.id))
    return UserError(Marked(f"Poll #{poll.id} closed", at, rest))


def stale_messages_clause(poll_id: int, platforms: Sequence[str]) -> tuple[str, list[Any]]:
    """WHERE clause over `poll_messages m JOIN polls p`: poll N's messages on `platforms`
    that show an older version than the poll's (used inside other statements too)."""
    if not platforms:
        return "1 = 0", []
    return (
        f"m.poll_id = ? AND m.platform IN ({marks(len(platforms))}) "
        "AND m.shown_version < p.tally_version",
        [poll_id, *platforms],
    )


def _version_statements(poll_ids: set[int]) -> list[Statement]:
    """Bump the tally version of polls whose messages now show something new."""
    if not poll_ids:
        return []
    ordered = sorted(poll_ids)
    where = f"id IN ({marks(len(ordered))})"
    return [(f"UPDATE polls SET tally_version = tally_version + 1 WHERE {where}", ordered)]


def _message_key(poll_id: int, channel: ChannelRef, message_ref: str) -> tuple[Any, ...]:
    return (poll_id, channel.platform, channel.workspace, channel.channel, message_ref)


def marks(count: int) -> str:
    """`?, ?, …`: `count` placeholders, for an IN list."""
    return ", ".join("?" * count)


def _voter_statements(voters: Mapping[UserRef, tuple[str, bool, float]]) -> list[Statement]:
    """Record a batch's voters: one user upsert per distinct vote time (on database time,
    the only one outside tests, that is one for the whole batch) and kind of name (see
    `user_statements`)."""
    groups: dict[tuple[float, bool], list[tuple[UserRef, str]]] = {}
    for voter, (name, provisional, at) in voters.items():
        groups.setdefault((at, provisional), []).append((voter, name))
    return [
        statement
        for (at, provisional), named in groups.items()
        for statement in user_statements(named, at, provisional=provisional)
    ]


def _retraction_statements(
    retractions: Mapping[tuple[_VoterKey, int], tuple[int, float]],
) -> list[Statement]:
    """Record each slot's latest retraction in a batch (one row a slot: a later one replaces
    it). Nothing deletes a row when its slot is filled again: the vote is the later click
    then, and a row is read only for an empty slot."""
    return insert_statements(
        "INSERT INTO poll_retractions "
        "(poll_id, platform, workspace, voter_id, slot, option_number, retracted_at)",
        [(*voter, slot, *value) for (voter, slot), value in retractions.items()],
        "ON CONFLICT (poll_id, platform, workspace, voter_id, slot) DO UPDATE SET "
        "option_number = excluded.option_number, retracted_at = excluded.retracted_at",
    )


def _vote_statements(
    writes: Mapping[tuple[_VoterKey, int], tuple[int, float] | None],
    table: str = "poll_votes",
) -> list[Statement]:
    """Delete the slots a batch emptied, then upsert the ones it filled (in `table`: the
    current votes, or round 1's snapshot of a two-round poll)."""
    removed = _grouped(
        ((poll_id, platform, workspace, slot), voter)
        for ((poll_id, platform, workspace, voter), slot), value in writes.items()
        if value is None
    )
    deletes: list[Statement] = [
        (f"DELETE FROM {table} WHERE {where}", params)
        for where, params in _any_of(
            "poll_id = ? AND platform = ? AND workspace = ? AND slot = ?", "voter_id", removed
        )
    ]
    upserts = [
        (poll_id, platform, workspace, voter, slot, *value)
        for ((poll_id, platform, workspace, voter), slot), value in writes.items()
        if value is not None
    ]
    return deletes + insert_statements(
        f"INSERT INTO {table} "
        "(poll_id, platform, workspace, voter_id, slot, option_number, voted_at)",
        upserts,
        "ON CONFLICT (poll_id, platform, workspace, voter_id, slot) DO UPDATE SET "
        "option_number = excluded.option_number, voted_at = excluded.voted_at",
    )


#: The batch reads (`PollStore._batch_state`), each tagged and padded to one row shape:
#: (kind, poll_id, platform, workspace, name, slot, option_number, at). The padding
#: is typed: PostgreSQL resolves a UNION's column types branch by branch, left to right.
_NO_SLOT = "CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS DOUBLE PRECISION)"
_SHOWN_READ = (
    f"SELECT 'm', poll_id, platform, workspace, message_ref, {_NO_SLOT} FROM poll_messages"
)
_KEY_READ = (
    f"SELECT 'k', poll_id, platform, CAST(NULL AS TEXT), delivery_key, {_NO_SLOT} "
    "FROM poll_vote_keys"
)
_SLOT_READ = (
    "SELECT '{kind}', poll_id, platform, workspace, voter_id, slot, option_number, "
    "{at} FROM {table}"
)


def _state_reads(
    requests: Sequence[VoteRequest], two_round: Sequence[VoteRequest]
) -> Iterator[Statement]:
    """The batch reads, as SELECTs each within the statement limits of `_any_of`."""
    clicked = _grouped(
        ((r.poll_id, r.where.platform, r.where.workspace, r.where.channel), r.message)
        for r in requests
        if r.message is not None
    )
    message_key = "poll_id = ? AND platform = ? AND workspace = ? AND channel_id = ?"
    for where, params in _any_of(message_key, "message_ref", clicked):
        yield f"{_SHOWN_READ} WHERE {where}", params
    keys = _grouped(((r.voter.platform,), r.key) for r in requests if r.key is not None)
    for where, params in _any_of("platform = ?", "delivery_key", keys):
        yield f"{_KEY_READ} WHERE {where}", params
    voters, round_one = (
        _grouped((key[:3], key[3]) for key in {_voter_key(r) for r in voting})
        for voting in (requests, two_round)
    )
    for kind, table, at, groups in (
        ("v", "poll_votes", "voted_at", voters),
        ("r", "poll_retractions", "retracted_at", voters),
        ("b", "poll_before_votes", "voted_at", round_one),
    ):
        select = _SLOT_READ.format(kind=kind, table=table, at=at)
        for where, params in _any_of(
            "poll_id = ? AND platform = ? AND workspace = ?", "voter_id", groups
        ):
            yield f"{select} WHERE {where}", params


def _unions(selects: Iterable[Statement]) -> Iterator[Statement]:
    """SELECTs joined by `UNION ALL` into as few statements as `MAX_PARAMETERS` allows."""
    parts: list[str] = []
    params: list[Any] = []
    for sql, values in selects:
        if parts and (
            len(params) + len(values) > MAX_PARAMETERS or len(parts) == _GROUPS_PER_STATEMENT
        ):
            yield " UNION ALL ".join(parts), params
            parts, params = [], []
        parts.append(sql)
        params += values
    if parts:
        yield " UNION ALL ".join(parts), params


_Key = tuple[Any, ...]


def _grouped(pairs: Iterable[tuple[_Key, Any]]) -> dict[_Key, list[Any]]:
    """(key prefix, value) pairs as {prefix: sorted distinct values}, prefixes in order."""
    groups: dict[_Key, set[Any]] = {}
    for prefix, value in pairs:
        groups.setdefault(prefix, set()).add(value)
    return {prefix: sorted(groups[prefix]) for prefix in sorted(groups)}


def _any_of(
    prefix: str, column: str, groups: Mapping[_Key, Sequence[Any]]
) -> Iterator[tuple[str, list[Any]]]:
    """WHERE clauses `(prefix AND column IN (...)) OR ...` matching every group, with params.

    Each term binds the leading columns of the table's primary key, so it is an index seek,
    where one IN list on a later key column (`voter_id IN (...)` beside `poll_id IN (...)`)
    scans every vote of the poll. Statements stay within `MAX_PARAMETERS` and
    `_GROUPS_PER_STATEMENT`.
    """
    terms: list[str] = []
    params: list[Any] = []
    for key, values in groups.items():
        start = 0
        while start < len(values):
            room = MAX_PARAMETERS - len(params) - len(key)
            if room < 1 or len(terms) == _GROUPS_PER_STATEMENT:
                yield " OR ".join(terms), params
                terms, params = [], []
                continue
            chunk = values[start : start + room]
            terms.append(f"({prefix} AND {column} IN ({marks(len(chunk))}))")
            params += [*key, *chunk]
            start += len(chunk)
    if terms:
        yield " OR ".join(terms), params
