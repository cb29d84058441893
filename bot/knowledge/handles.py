"""People and channels named in a question as typed, `@bob` and `#general`: whom the asker
copies in and where, not what is asked.

A picked mention reaches the router as a platform token (`<@U1>`, `<#C1|general>`), which
`sanitize.drop_mentions` leaves out. Typed without the composer's picker, it arrives as
plain text: Slack sends a person as `@bob` when its escaping is off, a channel that does not
exist or was not picked stays `#general`, and the console sends whatever was typed. Each was
read as a word of the question, no word of the debate, and sank it under the two-to-one rule
of :attr:`~bot.knowledge.search.Coverage.on_topic`: "drones @bob" got "Nothing on … in this
debate". A speaker's handle is the speaker asked ("what does @gin think", "@Baker, drones?"),
and stays.

Handles are read as both platforms spell them: Slack's names and channels take letters,
digits, `.`, `-` and `_`, Discord's usernames letters, digits, `.` and `_`. A handle holds
a letter: "#1", as in "gin's #1 point", is a rank, and "@80%" is "at 80%". Neither starts
inside a word ("C#", "ann@corp.com", which `pasted` drops as an address).

"cc" and "fyi" before whomever they copy in go with them (`without_copy_ins`): left in a
question, "tl;dr for cc @ann the board" was no longer asked for a summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HANDLE = re.compile(
    r"(?<![\w@#&])(?P<sign>[@#])(?P<name>[^\W_](?:[\w.-]*\w)?)(?:['\u2019]s\b)?(?![@#])"
)
#: "cc", "fyi" or "attn" right before a person, a channel or an address, in any of their
#: forms: a handle, a platform token (`<@U1>`, `<#C1|general>`), an email address, whose
#: name before the `@` is at most 64 characters (RFC 5321). A colon or a space comes between:
#: "cc@tbpn.com" is an address, whose "cc" taken out of a Slack link
#: (`<mailto:cc@tbpn.com|…>`) broke it into words of no topic ("mailto"). Unbounded, the look
#: for an `@` ran from every "cc" to the end of the text: "cc: cc: cc…" took time in the
#: square of its length.
_COPY_IN = re.compile(
    r"(?<![\w@#])(?:cc|fyi|attn)(?::\s*|\s+)(?=[@#][^\W_]|<(?:[@#!]|mailto:)|[\w.+-]{1,64}@[^\W_])",
    re.IGNORECASE,
)
#: What is left before a question whose leading handle addressed someone ("@DebateBot, who is
#: right?"): the comma or colon of the address.
_ADDRESS_MARKS = " ,:;"


def without_handles(text: str, is_speaker: Callable[[str], bool]) -> str:
    """``text`` without the `@name`s and `#channel`s it names, except a speaker's `@name`."""

    def dropped(handle: re.Match[str]) -> str:
        name = handle["name"]
        if not any(c.isalpha() for c in name) or (handle["sign"] == "@" and is_speaker(name)):
            return handle[0]
        return " "

    return _HANDLE.sub(dropped, text).lstrip(_ADDRESS_MARKS)


def without_copy_ins(text: str) -> str:
    """``text`` without the "cc" or "fyi" that copies someone in ("drones cc @bob"): asked
    before the people, channels and addresses after them are taken out, which they need."""
    return _COPY_IN.sub(" ", text)
