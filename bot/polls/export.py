"""Votes as CSV (RFC 4180) or JSON, for `python -m bot export-votes`.

CSV files end up in spreadsheets, where a cell starting with `=`, `+`, `-` or `@` (or a tab or
carriage return) is run as a formula: a poll option such as `=HYPERLINK(...)` would execute
on the reader's machine. Spaces or line breaks before it do not help: LibreOffice (trimming
spaces on import) and Google Sheets drop them first. Such cells get a leading `'`, which
spreadsheets show as text; so do cells that already start with `'`, so that dropping one
leading `'` from any cell that has one gives back exactly what was stored (a label typed
as `'=1` must not read back as the formula `=1`).
Written to a file (`--output`), a CSV starts with UTF-8's byte-order mark: Excel, opening a
CSV without one, reads it in the system's code page and garbles every accent, CJK or RTL
label; standard output, read by programs, gets none.
Anonymous polls export stable pseudonyms (`voter-1`, ...) instead of who voted. Text is
stripped of control characters once more on the way out (rows stored before the dispatcher
stripped them included), since the export is often printed straight to a terminal.

A two-round poll exports each round's votes, marked `before` or `after` in the `round` column
(empty for one-round polls; no `after` before round 2 opens), and on an after vote that
changed sides, `persuaded_by`: the id of the pack point the voter said moved them, if they
picked one.

JSON names the poll's conversation (platform, workspace, channel): polls are numbered across
all of them, and two channels' polls with the same question were otherwise told apart by
number alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from bot.clock import to_datetime
from bot.core.sanitize import strip_controls
from bot.polls.model import Poll
from bot.polls.store import PointPick, VoteRecord

FORMATS = ("csv", "json")
COLUMNS = (
    "poll_id",
    "question",
    "option_number",
    "option_label",
    "voter",
    "display_name",
    "voted_at",
    "round",
    "persuaded_by",
)
#: What a spreadsheet reads as a formula's start, after any whitespace, and the quote that
#: marks one neutralised; tab and carriage return are formula starts of their own (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "'")
_BREAK_STARTS = ("\t", "\r")


def export_votes(
    poll: Poll,
    votes: Sequence[VoteRecord],
    fmt: str,
    before: Sequence[VoteRecord] = (),
    picks: Sequence[PointPick] = (),
) -> str:
    """`votes` are the current (for a two-round poll: after) votes, `before` round 1's."""
    if fmt == "csv":
        return votes_csv(vote_rows(poll, votes, before, picks))
    if fmt == "json":
        return votes_json(poll, vote_rows(poll, votes, before, picks))
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def vote_rows(
    poll: Poll,
    votes: Sequence[VoteRecord],
    before: Sequence[VoteRecord] = (),
    picks: Sequence[PointPick] = (),
) -> list[dict[str, Any]]:
    """One dict per vote, with voters hidden behind pseudonyms for anonymous polls.

    A two-round poll still in round 1 has no after votes yet: its current votes are round
    1's, mirrored into `before` as they change, so they are listed once, as before."""
    if poll.in_round_one:
        votes = ()
    pseudonyms: dict[tuple[str, str, str], str] = {}
    rows = []
    first = {vote.voter: vote.option for vote in before}
    picked = {pick.voter: pick for pick in picks}
    after = "after" if poll.two_round else ""
    for round_name, vote in [*(("before", v) for v in before), *((after, v) for v in votes)]:
        pick = picked.get(vote.voter) if round_name == "after" else None
        moved = first.get(vote.voter, vote.option) != vote.option
        persuaded_by = pick.point if pick and moved and pick.option == vote.option else ""
        identity = (vote.voter.platform, vote.voter.workspace, vote.voter.user)
        if poll.anonymous:
            voter = pseudonyms.setdefault(identity, f"voter-{len(pseudonyms) + 1}")
            name = ""
        else:
            voter, name = ":".join(identity), vote.display_name
        rows.append(
            {
                "poll_id": poll.id,
                "question": strip_controls(poll.question),
                "option_number": vote.option,
                "option_label": strip_controls(poll.label(vote.option)),
                "voter": strip_controls(voter),
                "display_name": strip_controls(name),
                "voted_at": to_datetime(vote.voted_at).isoformat(),
                "round": round_name,
                "persuaded_by": persuaded_by,
            }
        )
    return rows


def votes_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralize_formula(row[column]) for column in COLUMNS])
    return out.getvalue()


def votes_json(poll: Poll, rows: Sequence[dict[str, Any]]) -> str:
    document = {
        "poll": {
            "id": poll.id,
            "conversation": {
                "platform": poll.channel.platform,
                "workspace": poll.channel.workspace,
                "channel": poll.channel.channel,
            },
            "question": strip_controls(poll.question),
            "options": [
                {"number": o.number, "label": strip_controls(o.label)} for o in poll.options
            ],
            "multi": poll.multi,
            "anonymous": poll.anonymous,
            "rounds": poll.rounds,
            "created_at": to_datetime(poll.created_at).isoformat(),
            "closes_at": _iso(poll.closes_at),
            "closed_at": _iso(poll.closed_at),
        },
        "votes": list(rows),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def neutralize_formula(value: object) -> object:
    """A text cell a spreadsheet would evaluate (after trimming it), or that starts with
    the `'` that marks one, gets a leading `'`; other values pass."""
    if isinstance(value, str) and (
        value.startswith(_BREAK_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _iso(instant: float | None) -> str | None:
    return to_datetime(instant).isoformat() if instant is not None else None
