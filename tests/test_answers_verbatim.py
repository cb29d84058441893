"""Every quote and every sentence an answer gives as the article's is the article's own text,
word for word (whitespace aside), in every answer a pack can give and whatever was typed,
and still whole once Slack and Discord have rendered it.

Packs are checked one excerpt at a time (`kb check`); this checks what people are shown:
the answers built from those excerpts, the back-references to them, and the platforms'
renderings, which escape, split and cut text.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import split_reply
from bot.adapters.slack.blocks import render_message, unescape
from bot.clock import ManualClock
from bot.commands.knowledge import KnowledgeCommands
from bot.core.context import Context
from bot.core.dispatch import convert_options
from bot.core.errors import UserError
from bot.core.registry import Registry
from bot.core.replies import Note, Quote, Reply
from bot.core.sanitize import ZERO_WIDTH_SPACE
from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack
from bot.knowledge.cards import EVIDENCE_LABEL, QUOTED_ABOVE_LABEL, AnswerCards
from bot.knowledge.router import Router
from bot.storage.database import Database
from bot.storage.directory import Directory
from tests.helpers import FIXTURE_PACKS

PACKS = {
    "baker-vs-gin": load_pack(default_pack_dir()),
    "tabs-vs-spaces": load_pack(FIXTURE_PACKS / "tabs-vs-spaces"),
}
CTX = Context("console", "local", "general", "u1", "Ann", False, ManualClock(0.0))
#: A sentence's end inside an evidence note, which may join excerpts from apart.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+")
#: A back-reference's quoted opening words ("“He believes this choice stems…”").
_OPENING = re.compile(r"“(.+?)…?”")


def commands(pack: Pack) -> Registry:
    """The pack's commands; with `n` given, /takeaway never touches the directory."""
    registry = Registry()
    directory = Directory(cast(Database, None))
    KnowledgeCommands(pack, Router(pack, Searcher(pack)), AnswerCards(pack), directory).register(
        registry
    )
    return registry


COMMANDS = {name: commands(pack) for name, pack in PACKS.items()}
#: Each command's one option.
OPTION = {"debate": "topic", "takeaway": "n", "ask": "question"}


def flat(text: str) -> str:
    return " ".join(text.split())


def article_words(reply: Reply) -> Iterator[str]:
    """Everything the reply shows as the article's own words."""
    for card in reply.cards:
        for block in card.blocks:
            if isinstance(block, Quote):
                yield block.text
            elif isinstance(block, Note) and block.label == EVIDENCE_LABEL:
                yield from _SENTENCE_END.split(block.text)
            elif isinstance(block, Note) and block.label == QUOTED_ABOVE_LABEL:
                yield from _OPENING.findall(block.text)


async def ask(registry: Registry, command: str, text: str) -> Reply | None:
    """The reply to `/command text`, None when refused."""
    declared = registry.get(command)
    assert declared is not None
    options = {OPTION.get(command, "topic"): text} if text else {}
    try:
        return await declared.handler(CTX, convert_options(declared, options))
    except UserError:
        return None


def every_request(pack: Pack, folder: Path | None) -> Iterator[tuple[str, str]]:
    """Each command with no topic, every topic by id, title and alias, every takeaway, the
    invited questions, and the pack's own test queries."""
    names = [t.id for t in pack.topics] + [t.title for t in pack.topics]
    names += [alias for t in pack.topics for alias in t.aliases]
    for command in [*(s.id for s in pack.debaters), "debate"]:
        yield command, ""
        yield from ((command, name) for name in names)
    yield from (("ask", name) for name in names)
    yield from (("ask", q) for q in ("who is right?", "what should we do?", "tl;dr"))
    yield from (("takeaway", str(n)) for n in range(1, len(pack.takeaways) + 1))
    queries = folder / "eval.yaml" if folder else None
    if queries is not None and queries.exists():
        for case in yaml.safe_load(queries.read_text(encoding="utf-8"))["queries"]:
            command = next(key for key in case if key != "expect")
            yield command, case[command]


def texts(node: object) -> Iterator[str]:
    """Every `text` string of Block Kit blocks, in order."""
    if isinstance(node, list):
        for item in node:
            yield from texts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)


def check_verbatim(pack: Pack, reply: Reply) -> None:
    """Each of the reply's article words is in the source, and survives each platform."""
    source = flat(pack.source_text)
    words = [flat(w) for w in article_words(reply) if w.strip()]
    for excerpt in words:
        assert excerpt in source, excerpt
    slack = render_message(reply)
    slack_text = flat(unescape(" ".join(texts(slack.blocks))).replace(ZERO_WIDTH_SPACE, ""))
    discord = " ".join(
        (embed.description or "") for message in split_reply(reply) for embed in message.embeds
    )
    discord_text = flat(re.sub(r"\\(.)", r"\1", discord.replace("-# ", "")))
    for excerpt in words:
        assert excerpt in slack_text, ("slack", excerpt)
        assert excerpt in discord_text, ("discord", excerpt)


@pytest.mark.parametrize("name", sorted(PACKS))
def test_every_answer_a_pack_gives_quotes_its_source_verbatim(name: str) -> None:
    pack = PACKS[name]
    folder = default_pack_dir() if name == "baker-vs-gin" else None
    cited = set()
    for command, text in every_request(pack, folder):
        reply = asyncio.run(ask(COMMANDS[name], command, text))
        if reply is not None:
            check_verbatim(pack, reply)
            cited.update(article_words(reply))
    every = {s for point in pack.points for e in point.evidence for s in _SENTENCE_END.split(e)}
    assert every <= cited  # every excerpt of the pack was shown, and checked


WORDS = ["china", "chips", "baker", "gin", "who", "is", "right", "drones", "tabs", "spaces"]
TYPED = st.lists(
    st.sampled_from(
        [t.id for p in PACKS.values() for t in p.topics]
        + [a for p in PACKS.values() for t in p.topics for a in t.aliases]
        + WORDS
    ),
    min_size=1,
    max_size=4,
).map(" ".join) | st.text(min_size=1, max_size=60)


@given(
    st.sampled_from(sorted(PACKS)),
    st.sampled_from(["first-speaker", "debate", "ask"]),
    TYPED,
)
def test_whatever_is_typed_the_answer_quotes_the_source_verbatim(
    name: str, command: str, text: str
) -> None:
    pack = PACKS[name]
    if command == "first-speaker":
        command = pack.debaters[0].id
    reply = asyncio.run(ask(COMMANDS[name], command, text))
    if reply is not None:
        check_verbatim(pack, reply)
