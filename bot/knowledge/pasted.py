"""What a chat message pastes around its question: links, code, emoji, struck-out words.

Slack and Discord users paste a link or a snippet beside what they ask ("https://youtu.be/…
is this where gin talks about drones?"). The words of a URL ("www", "watch", "archives",
ids) are no subject of the question, yet each one counted as a subject the debate does not
cover and sank the question under the two-to-one rule of
:attr:`~bot.knowledge.search.Coverage.on_topic`. So before anything is searched:

- a bare URL goes, with or without its scheme ("tbpn.com/ep/1"), and so does an email
  address ("bob@corp.com", copying someone in); a labelled link (Slack's ``<url|label>``,
  Markdown's ``[label](url)``) leaves its label, the words the asker saw;
- a fenced block of code (a line of ``=``, brackets or ``;``) goes: identifiers are no
  words of the question ("student = distill(teacher)" asks nothing about distillation),
  while a fence around plain words ("```distillation```") only formats them;
- an emoji shortcode (``:thinking_face:``, ``:wave::skin-tone-3:``) and a "+1" of
  agreement (or a "-1", a "+100") say how the asker feels;
- words struck out (``~baker~ gin``) are words the asker took back.
"""

from __future__ import annotations

import re

_DOMAINS = "com org net edu gov io ai co dev app gg tv fm xyz uk ca de fr cn jp au".split()
"""The endings of the addresses people paste without a scheme ("tbpn.com", "x.com/baker"):
only these, none an English word ("so", "in", "us"), so words run together by a missing
space ("china.so what") are no address."""
_LABELLED = re.compile(
    r"<(?:https?://|mailto:)[^<>|\s]*\|(?P<slack>[^<>]*)>"
    r"|\[(?P<markdown>[^\[\]\n]*)\]\(https?://[^)\s\[]*\)"
)
"""A labelled link. A Markdown link's label and address hold no `[`, where the next link
would start: read across them, the search from every `[` ran to the end of the line, and a
run of `[` took time in the square of its length."""
_URL = re.compile(
    r"<(?:https?://|mailto:)[^<>\s]*>|(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]+@[^\W_](?:[\w-]*\.)+[^\W\d_]{2,}\b"
    rf"|(?<![\w.@/-])(?:[^\W_][\w-]*\.)+(?:{'|'.join(_DOMAINS)})\b(?![.-]\w)(?:[/:]\S*)?",
    re.IGNORECASE,
)
_FENCED = re.compile(r"```(?P<body>.*?)(?:```|$)", re.DOTALL)
_CODE = re.compile(r"[=(){}\[\];]")
_SHORTCODE = re.compile(r"(?<![\w:])(?::[0-9_-]*[a-z+][a-z0-9_+-]*:)+(?![\w:])", re.IGNORECASE)
"""One emoji shortcode or a run of them: Slack writes a skin tone as a second one, right
after (":+1::skin-tone-2:"). A name holds a letter or a "+", and the first of them is where
the name's first part ends: a name that could end that part at any of its letters was
tried at every one, and ":" before a long word took time in the square of its length."""
_PLUS_ONE = re.compile(r"(?<!\S)[+-]1(?:0{1,3})?(?![\w%]|[.,]\d)")
_STRUCK = re.compile(r"(?<![\w~])~[^~\n]+~(?![\w~])")


def unpasted(text: str) -> str:
    """``text`` without the links, code, emoji and struck-out words pasted around its
    question (labels of links and plain words in a fence kept, as words)."""
    text = _FENCED.sub(_fence, text)
    text = _LABELLED.sub(lambda m: f" {m['slack'] or m['markdown'] or ''} ", text)
    text = _URL.sub(" ", text)
    text = _STRUCK.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    return _PLUS_ONE.sub(" ", text)


def _fence(match: re.Match[str]) -> str:
    """A fenced block's words if it holds plain words, nothing if it holds code; the
    language named after the opening fence ("```python") is no word of either."""
    body = match["body"]
    if _CODE.search(body):
        return " "
    first, newline, rest = body.partition("\n")
    return f" {rest if newline and ' ' not in first.strip() and first.strip() else body} "
