"""A command line typed where only its question belongs: the command's name and the option's.

Discord hands the bot each field as typed, and its fields are labelled, so people type the
label too: the topic field of /gin filled with "topic: drones", /ask's question field with
"question: who is right?", or a whole command line, "/baker distillation", into /ask. The
grammar of typed lines (``bot.core.grammar``) reads ``name:value`` on Slack and the console,
but not a flag as a command-line tool takes it ("--topic chips", "topic=benchmarks"), and
nothing reads a Discord field. The option's name is no subject of the question: "topic:
drones" counted "topic" as a subject the debate does not cover and was refused, "Nothing on
“topic: drones”". So before anything is searched, at the start of the text only:

- a command's name ("/debate", "/ask") goes, but a speaker's command stays as his name
  ("/baker distillation" asks Baker about distillation, as "baker distillation" does);
- then the name of the field the text fills, in any case, before ``:`` or ``=``, or after
  ``-`` or ``--`` ("topic:", "TOPIC =", "--topic", "--question=");
- but /takeaway stays as the word it is, its field ``n`` going: "/takeaway n:2" typed into
  /ask asks for takeaway 2, and was refused (held-out set 12).

Anywhere else the words are the question's ("what is the topic: chips?").
"""

from __future__ import annotations

import re
from collections.abc import Callable

TOPIC_FIELD = "topic"
"""The field of the speaker commands and /debate."""
QUESTION_FIELD = "question"
"""/ask's field."""
TAKEAWAY_COMMAND = "takeaway"
TAKEAWAY_FIELD = "n"
"""/takeaway's field, the takeaway's number."""

_COMMAND = re.compile(r"/(?P<name>[^\W\d_][\w-]*)(?:\s+|$)")
_FIELD = re.compile(
    rf"(?:--?(?:{TOPIC_FIELD}|{QUESTION_FIELD})\b\s*=?|(?:{TOPIC_FIELD}|{QUESTION_FIELD})\s*[:=])\s*",
    re.IGNORECASE,
)
_NUMBER_FIELD = re.compile(
    rf"(?:--?{TAKEAWAY_FIELD}\b\s*=?|{TAKEAWAY_FIELD}\s*[:=])\s*(?=\d)", re.IGNORECASE
)


def without_command_line(text: str, is_speaker: Callable[[str], bool]) -> str:
    """``text`` (whitespace at its ends already gone) without a command's name and a field's
    name typed before its question; a speaker's command is kept as his name."""
    kept = ""
    command = _COMMAND.match(text)
    if command:
        text = text[command.end() :]
        kept = f"{command['name']} " if is_speaker(command["name"]) else ""
        if command["name"].lower() == TAKEAWAY_COMMAND:  # "/takeaway n:2": "takeaway 2"
            number = _NUMBER_FIELD.match(text)
            text = f"{TAKEAWAY_COMMAND} {text[number.end() :] if number else text}"
    field = _FIELD.match(text)
    return (kept + (text[field.end() :] if field else text)).strip()
