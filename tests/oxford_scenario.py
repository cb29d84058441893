"""One two-round pack poll, played the same way on the console, Slack and Discord.

Round 1: 20 voters. Round 2 (after a restart): seven change sides, three join, the rest let
their round-1 answer stand; movers pick the argument that moved them (one changes their
pick). `EXPECTED` is what the results must say, worked out by hand:

    before: Baker 9 (45%), Gin 6 (30%), Both 3 (15%), Neither 2 (10%)   20 voters
    after:  Baker 7 (30%), Gin 12 (52%), Both 3 (13%), Neither 1 (4%)   23 voters
    Gin grew most (+22 points): the winner by the Oxford rule, though not by a majority.
"""

from __future__ import annotations

from bot.core.sanitize import clip
from bot.knowledge import load_pack
from bot.polls.rounds import Arguments
from bot.polls.rounds_render import CLAIM
from tests.helpers import ROOT

BAKER, GIN, BOTH, NEITHER = 1, 2, 3, 4
ROUND_1 = {
    **{f"u{n:02d}": BAKER for n in range(1, 10)},
    **{f"u{n:02d}": GIN for n in range(10, 16)},
    **{f"u{n:02d}": BOTH for n in range(16, 19)},
    **{f"u{n:02d}": NEITHER for n in range(19, 21)},
}
#: Round 2, in order: ("vote", voter, option) or ("pick", voter, n-th argument offered).
ROUND_2: list[tuple[str, str, int]] = [
    ("vote", "u01", GIN),
    ("pick", "u01", 1),
    ("vote", "u02", GIN),
    ("pick", "u02", 2),
    ("pick", "u02", 1),  # changed their pick while the poll is open
    ("vote", "u03", GIN),
    ("pick", "u03", 2),
    ("vote", "u04", GIN),  # moved, picked nothing
    ("vote", "u16", GIN),
    ("pick", "u16", 1),
    ("vote", "u10", BAKER),
    ("pick", "u10", 1),
    ("vote", "u19", BOTH),  # "Both" is no speaker's side: nothing is offered
    ("vote", "n01", GIN),
    ("vote", "n02", GIN),
    ("vote", "n03", BAKER),
]
#: How many arguments each round-2 vote is offered (0: not a change of side to a speaker).
OFFERED = {"u01": 3, "u02": 3, "u03": 3, "u04": 3, "u16": 3, "u10": 3}

_ARGUMENTS = Arguments.from_pack(load_pack(ROOT / "knowledge" / "baker-vs-gin"))
_GIN, _BAKER = _ARGUMENTS.offer("gin"), _ARGUMENTS.offer("baker")

EXPECTED = [
    "before 9 (45%) → after 7 (30%) · -15 pts",
    "before 6 (30%) → after 12 (52%) · +22 pts",
    "before 3 (15%) → after 3 (13%) · -2 pts",
    "before 2 (10%) → after 1 (4%) · -6 pts",
    "Voters: 20 before · 23 after",
    "7 voters changed their mind · 3 joined in round 2.",
    "Gavin Baker → Aaron Gin: 4",
    "Aaron Gin → Gavin Baker: 1",
    "Both, in their domains → Aaron Gin: 1",
    "Neither → Both, in their domains: 1",
    "Winner by the Oxford rule (the side whose share grew most): “Aaron Gin”, +22 pts (30% → 52%).",
    f"1. “{clip(_GIN[0].claim, CLAIM)}” (to Aaron Gin) · 3 picks",
    f"2. “{clip(_BAKER[0].claim, CLAIM)}” (to Gavin Baker) · 1 pick",
    f"3. “{clip(_GIN[1].claim, CLAIM)}” (to Aaron Gin) · 1 pick",
]


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped or re-flowed renderings compare equal."""
    return " ".join(text.split())


def missing(text: str) -> list[str]:
    """The expected results lines `text` does not contain (empty: all there)."""
    seen = flat(text)
    return [line for line in EXPECTED if flat(line) not in seen]


def changed_mind(label_from: str, label_to: str) -> str:
    return f"You changed your mind: {label_from} → {label_to}."


LABELS = {
    BAKER: "Gavin Baker",
    GIN: "Aaron Gin",
    BOTH: "Both, in their domains",
    NEITHER: "Neither",
}
