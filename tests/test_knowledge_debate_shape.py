"""`/debate <anything>` keeps its promise, "point and counterpoint on a topic and a one-line
verdict", whatever is typed: the topic text is the user's, so this is a property test."""

from __future__ import annotations

import asyncio
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.commands.knowledge import KnowledgeCommands
from bot.core.context import Context
from bot.core.errors import UserError
from bot.knowledge import Searcher, default_pack_dir, load_pack
from bot.knowledge.cards import AnswerCards
from bot.knowledge.router import Router
from bot.storage.database import Database
from bot.storage.directory import Directory
from tests.test_knowledge_commands import answered_first, debate_shape

PACK = load_pack(default_pack_dir())
# /debate never touches the directory (only /takeaway's rotation does): no database needed.
COMMANDS = KnowledgeCommands(
    PACK, Router(PACK, Searcher(PACK)), AnswerCards(PACK), Directory(cast(Database, None))
)
CTX = Context("console", "local", "general", "u1", "Ann", False, ManualClock(0.0))
NAMES = [t.id for t in PACK.topics] + [t.title for t in PACK.topics]
NAMES += [a for t in PACK.topics for a in t.aliases]
WORDS = ["china", "ai", "chips", "baker", "gin", "pizza", "who", "is", "right", "drones"]


@given(
    st.lists(st.sampled_from(NAMES + WORDS), min_size=1, max_size=4).map(" ".join)
    | st.text(min_size=1, max_size=40)
)
def test_a_debate_is_staged_in_one_shape_or_refused(topic: str) -> None:
    try:
        reply = asyncio.run(COMMANDS.debate(CTX, {"topic": topic}))
    except UserError as error:
        assert error.message.startswith("Nothing on “")
        return
    assert not reply.text.startswith("Best matches")
    if reply.text.startswith("The debate on"):
        assert debate_shape([c.title for c in reply.cards]), (topic, reply.text)
        assert answered_first(PACK, reply), (topic, [c.title for c in reply.cards])
