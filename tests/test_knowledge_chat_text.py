"""Chat text typed in a question is no part of it: a plain `@bob` or `#general`, an email
address, a link with or without its scheme, an emoji shortcode with its skin tone, a "-1".

Slack sends a person as plain `@name` when its escaping is off, and a channel not picked in
the composer stays `#general`; each was read as a word of no topic, and "drones @bob" got
"Nothing on … in this debate". Examples of whole commands are with the platform tokens'
(`<@U1>`) in tests/test_knowledge_mentions.py; pasted links and code are tested in
tests/test_knowledge_pasted.py.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.evaluation import Case, load_cases
from bot.knowledge.handles import without_handles
from bot.knowledge.router import Answer
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.test_discord_e2e import message_of
from tests.test_kb_eval import held_out as held_out_set
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import pack, router
from tests.test_slack_e2e import Slack


@pytest.mark.parametrize("topic", ["<@U123> chips", "@bob chips", "x.com chips", "chips cc <#C1>"])
async def test_a_debate_topic_with_chat_text_is_staged_as_the_topic(
    app: BotApp, topic: str
) -> None:
    """ "/debate <@U123> chips" was headed "The debate on “<@U123> chips”", the raw id
    shown, and staged as any search rather than as the chips topic: /debate read what was
    typed, where /ask read the question without its mentions."""
    reply, plain = await run(app, f"/debate {topic}"), await run(app, "/debate chips")
    assert reply.fallback() == plain.fallback()


async def test_an_off_topic_question_with_a_handle_stays_refused(app: BotApp) -> None:
    reply = await run(app, "/ask best pizza toppings @bob #random")
    assert reply.text.startswith("Nothing on “best pizza toppings” in this debate.")


@pytest.mark.parametrize(
    ("question", "speaker"),
    [("what does @gin think", "gin"), ("what does @gavin.baker think", "baker")],
)
def test_a_speakers_handle_asks_the_speaker(question: str, speaker: str) -> None:
    answer = router().answer(question)
    assert answer.speaker == speaker


@pytest.mark.parametrize(
    "text", ["gin's #1 point", "china @80% capability", "C# and F#", "&#39;", "a@b"]
)
def test_what_names_no_channel_or_person_stays(text: str) -> None:
    """A rank ("#1") is no channel, "@80%" is "at 80%", a language's "#" no handle, an "@"
    inside a word no one."""
    assert without_handles(text, lambda name: False) == text


# -- any question of the held-out sets, any chat text anywhere -------------------------------


@cache
def held_out() -> tuple[Case, ...]:
    sets = [held_out_set(number) for number in (None, 2, 3, 4, 5, 6, 7)]
    return tuple(case for path in sets for case in load_cases(path, pack()))


#: Names a handle may have, none a speaker's (a speaker's handle asks the speaker).
NAMES = st.from_regex(r"[a-z][a-z0-9._-]{0,14}[a-z0-9]", fullmatch=True).filter(
    lambda name: not router()._is_speaker(name)
)
HOSTS = st.sampled_from(["tbpn.com", "x.com", "news.ycombinator.com", "corp.co.uk", "a.io"])
CHAT_TEXT = st.one_of(
    st.builds("@{}".format, NAMES),
    st.builds("{}@{}{}".format, st.sampled_from(["", "("]), NAMES, st.sampled_from(",:)?")),
    st.builds("cc @{}".format, NAMES),
    st.builds("@{}'s".format, NAMES),
    st.builds("#{}".format, NAMES),
    st.builds("{}@{}".format, NAMES, HOSTS),
    st.builds("fyi {}@{}".format, NAMES, HOSTS),
    st.builds("{}/{}".format, HOSTS, st.from_regex(r"[a-z0-9/?=_-]{0,20}", fullmatch=True)),
    st.builds("<https://{}/{}>".format, HOSTS, NAMES),
    st.builds("https://{}".format, HOSTS),
    st.builds("<mailto:{0}@{1}|{0}@{1}>".format, NAMES, HOSTS),
    st.sampled_from([":+1:", ":thinking_face:", ":wave::skin-tone-3:", "+1", "-1", "+100"]),
)


@st.composite
def decorated(draw: st.DrawFn) -> tuple[Case, str]:
    """A held-out question, and the same question with chat text between any of its words
    (never inside a platform token, whose label may have spaces)."""
    case = draw(st.sampled_from(held_out()))
    typed = case.text.split(" ")
    places = [at for at in range(len(typed) + 1) if _outside_tokens(typed[:at])]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from(places))
        typed.insert(at, draw(CHAT_TEXT))
        places = [p if p <= at else p + 1 for p in places] + [at + 1]
    return case, " ".join(typed)


def _outside_tokens(words: list[str]) -> bool:
    before = " ".join(words)
    return before.count("<") == before.count(">")


def _first(answer: Answer) -> tuple[object, ...]:
    """Which answer it is: its kind, its first point and its speaker (or the refusal)."""
    return (answer.kind, answer.points[:1], answer.speaker)


@given(decorated())
@example((Case("ask", "who is right?", ("synthesis",), 0), "who is right? #general"))
@example((Case("ask", "drones", ("gin-robotics-drones",), 0), "cc @bob drones"))
@example(  # the "cc" of a linked address was taken for a copy-in, breaking the link
    (Case("ask", "drones", ("gin-robotics-drones",), 0), "<mailto:cc@tbpn.com|cc@tbpn.com> drones")
)
@example(  # drawn: the "cc" of the address was dropped as a copy-in, breaking the token
    (
        Case("ask", "why did baker say china screwed up", ("baker-terrible-mistake",), 0),
        "<mailto:cc@tbpn.com|cc@tbpn.com> why did baker say china screwed up",
    )
)
def test_chat_text_never_changes_the_first_point_of_a_held_out_question(
    drawn: tuple[Case, str],
) -> None:
    case, typed = drawn
    assert _first(Case(case.command, typed, case.expect, 0).ask(router())) == _first(
        case.ask(router())
    )


# -- end to end ------------------------------------------------------------------------------


async def test_a_slack_ask_with_a_plain_at_name_is_answered(slack_bot: Slack) -> None:
    """What Slack sends with escaping off: the person as typed, the address as a link."""
    _, url = await slack_bot.command("/ask", "what about drones")
    plain = (await slack_bot.answer(url)).args["blocks"]
    typed = as_typed("what about drones @bob #general {<mailto:bob@corp.com|bob@corp.com>} +1")
    _, url = await slack_bot.command("/ask", typed)
    answer = await slack_bot.answer(url)
    assert answer.args.get("response_type") != "ephemeral"
    assert answer.args["blocks"] == plain


async def test_a_discord_ask_with_a_plain_at_name_is_answered(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord sends an @name typed without picking anyone as plain text."""
    plain = message_of(
        await fake.answer(await fake.command("ask", {"question": "what about drones"}))
    )
    question = "what about drones @bob #general bob@corp.com x.com/gavinbaker"
    asked = message_of(await fake.answer(await fake.command("ask", {"question": question})))
    assert asked["embeds"] and asked["embeds"] == plain["embeds"]


#: Plain words a question is made of, none holding a handle's sign.
PLAIN = st.from_regex(r"[a-z0-9?!,.']{1,8}", fullmatch=True).filter(lambda w: w[0] not in ",.")
SPEAKERS = ("gin", "baker", "Gin", "gavin.baker")


def _is_speaker(name: str) -> bool:
    return name.lower() in ("gin", "baker", "gavin.baker")


@given(
    st.lists(
        st.one_of(
            PLAIN,
            st.builds("{}{}{}".format, st.sampled_from("@#"), NAMES, st.sampled_from(["", "'s"])),
            st.builds("@{}{}".format, st.sampled_from(SPEAKERS), st.sampled_from(["", "'s", ","])),
        ),
        max_size=8,
    )
)
@example(["@gin's", "#1", "drones", "@bob"])
def test_only_handles_of_no_speaker_are_taken_out(typed: list[str]) -> None:
    """Whatever is typed, the words stay in order; a handle goes whole (with its "'s")
    unless it names a speaker, whom it asks; a "#1" is a rank, no channel."""
    kept = without_handles(" ".join(typed), _is_speaker)
    expected = [
        word
        for word in typed
        if word[0] not in "@#"
        or not any(c.isalpha() for c in word)
        or (word[0] == "@" and _is_speaker(word[1:].removesuffix(",").removesuffix("'s")))
    ]
    assert kept.split() == " ".join(expected).lstrip(" ,:;").split()
