"""Text no database can store: lone surrogates from JSON bodies, and NUL.

A JSON body may hold a lone surrogate (`"\\ud800"` is valid JSON), and Slack's payloads and
its `users.info` answers are JSON: Python decodes one into a `str` that UTF-8 cannot encode,
so SQLite and PostgreSQL refuse the whole write. PostgreSQL's `text` also refuses NUL. Both
are made storable where user text enters the core (`strip_controls`): the end-to-end tests
drive a Slack name holding one through the loopback fake, the storage test stores what
`strip_controls` leaves of any typed text on each database.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.context import ChannelRef, UserRef
from bot.core.sanitize import REPLACEMENT_CHARACTER, strip_controls
from bot.polls.model import PollDraft
from bot.polls.store import PollStore
from bot.storage.database import Database
from tests.slack_client import as_typed
from tests.test_slack_e2e import Slack, all_text, button_texts

#: Any code point a `str` can hold, lone surrogates and NUL included.
ANY_CODE_POINT = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
#: Text no encoder takes, and text PostgreSQL refuses, beside what every platform sends:
#: an emoji ZWJ sequence, combining marks, right-to-left script, an astral character.
HOSTILE = (
    "Ann\ud800Lee",
    "\udfff",
    "a\x00b",
    "\U0001f469\u200d\U0001f4bb team",
    "cafe\u0301\u0302",
    "\u05e9\u05dc\u05d5\u05dd",
    "\U00010348 \U0010fffd",
)


@given(st.text(ANY_CODE_POINT))
@example("\ud800")
@example("a\udbff\udc00b")  # two halves apart in a `str` are two lone surrogates
@example("x\x00\ud800\x1b")
def test_what_enters_the_core_always_encodes_as_utf8(text: str) -> None:
    """Whatever a platform's JSON decoded to, the text kept can be written as UTF-8, a lone
    surrogate shows as U+FFFD in its place, and everything else of it is kept."""
    clean = strip_controls(text)
    clean.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate
    assert "\x00" not in clean
    assert strip_controls(clean) == clean
    surrogates = sum(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert clean.count(REPLACEMENT_CHARACTER) == surrogates + text.count(REPLACEMENT_CHARACTER)


async def test_text_as_it_enters_the_core_is_stored_and_read_back(database: Database) -> None:
    """On SQLite and PostgreSQL, a poll whose question and labels were typed with any of
    `HOSTILE` stores and reads back as it entered the core."""
    store = PollStore(database)
    channel = ChannelRef("slack", "T1", "C1")
    creator = UserRef("slack", "T1", "U1")
    for number, typed in enumerate(HOSTILE):
        question = strip_controls(f"{typed}? {number}")
        labels = [strip_controls(f"{typed} {side}") for side in ("yes", "no")]
        draft = PollDraft.custom(question, " | ".join(labels))
        poll_id = await store.create(
            channel, creator, strip_controls(typed), draft, 1_000.0 + number
        )
        poll = await store.get(poll_id)
        assert poll is not None
        assert (poll.question, [o.label for o in poll.options]) == (question, labels)


async def test_a_poll_naming_a_person_whose_name_holds_a_lone_surrogate_is_posted(
    slack_bot: Slack,
) -> None:
    """`/poll Who? {@Ann} | Zed`, Ann's Slack name holding a lone surrogate (as `users.info`
    may send it, JSON-escaped): the poll failed to store, and its author was told
    "Something went wrong on our side"."""
    slack_bot.fake.display_names["U0ANN"] = "Ann\ud800Lee"
    await slack_bot.command("/poll", as_typed('question:"Who?" options:"{<@U0ANN>} | Zed"'))
    _, _, post = await slack_bot.posted_poll()
    assert button_texts(post.args["blocks"])[:2] == ["@Ann\ufffdLee", "Zed"]


async def test_a_voter_whose_name_holds_a_lone_surrogate_is_listed_by_that_name(
    slack_bot: Slack,
) -> None:
    """Bob's Slack name holding a lone surrogate could not be recorded (an error logged at
    each of his requests), and /results listed him by his user id, "u0bob"."""
    slack_bot.fake.display_names["U0BOB"] = "Bob\udfff"
    await slack_bot.command("/poll", 'question:"Who?" options:"Ann | Zed"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    await slack_bot.sender.click(slack_bot.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    await slack_bot.command("/results", str(poll_id), user="U0BOB")
    [share] = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    shown = all_text(share.args["blocks"])
    assert "Bob\ufffd" in shown and "u0bob" not in shown
