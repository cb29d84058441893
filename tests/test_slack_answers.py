"""`response_url` answers: only to Slack's hooks hosts, in order per URL, bounded, via the
real slack_sdk webhook client against the loopback fake."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.answers import Answered, AnswerPolicy, Origin, ResponseAnswers, where
from tests.slack_fake import FakeSlack

LOGGER = logging.getLogger("tests.slack_answers")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


def poster(
    session: aiohttp.ClientSession, policy: AnswerPolicy, limit: int = 64
) -> ResponseAnswers:
    return ResponseAnswers(lambda: session, policy, logger=LOGGER, limit=limit)


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/commands/T0/1/abc",
        "https://hooks.slack.com:443/actions/T0/1/abc",
        "https://hooks.slack-gov.com/commands/T0/1/abc",
    ],
)
def test_slack_hooks_over_https_are_allowed(url: str) -> None:
    assert AnswerPolicy.slack().allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/commands/T0/1/abc",  # plain http
        "https://hooks.slack.com.evil.example/commands/T0/1/abc",
        "https://evil.example/hooks.slack.com/commands",
        "https://hooks.slack.com@evil.example/commands",
        "https://slack.com/api/chat.postMessage",
        "https://hooks.slack.com:99999/x",  # a port that does not parse
        "ftp://hooks.slack.com/x",
        "http://127.0.0.1:8080/response/1",
        "hooks.slack.com/commands",
        "",
    ],
)
def test_anything_else_is_refused(url: str) -> None:
    assert not AnswerPolicy.slack().allows(url)


@given(st.text(max_size=80))
def test_no_text_outside_slack_hooks_is_allowed(text: str) -> None:
    url = f"https://{text}"
    allowed = AnswerPolicy.slack().allows(url)
    assert allowed == (where(url) in ("https://hooks.slack.com", "https://hooks.slack-gov.com"))


@given(st.sampled_from(["http", "https", "ftp", "HTTPS"]), st.text(max_size=40))
def test_the_policy_never_allows_another_scheme(scheme: str, rest: str) -> None:
    url = f"{scheme}://{rest}"
    if AnswerPolicy.slack().allows(url):
        assert url.lower().startswith("https://")


def test_origins_are_a_scheme_and_host_only() -> None:
    assert Origin.parse("http://127.0.0.1") == Origin("http", "127.0.0.1")
    for bad in ("127.0.0.1", "https://h/path", "gopher://h", "https://u@h"):
        with pytest.raises(ValueError):
            Origin.parse(bad)


async def test_refused_answers_are_logged_without_their_path(
    fake: FakeSlack, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    answers = poster(session, AnswerPolicy.slack())
    url = fake.response_url("secret-path-token")  # plain http to the loopback: not Slack's
    assert await answers.post(url, {"text": "hi"}) is Answered.FAILED
    assert fake.calls_to("response_url") == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "http://127.0.0.1" in logged and "secret-path-token" not in logged


async def test_answers_to_one_url_keep_their_order(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    fake.answer_delay = 0.005
    answers = poster(session, AnswerPolicy([Origin.parse(fake.origin)]))
    url = fake.response_url("ordered")
    sent = await asyncio.gather(*(answers.post(url, {"text": str(n)}) for n in range(5)))
    assert sent == [Answered.TAKEN] * 5  # the most one URL takes
    assert [c.args["text"] for c in fake.calls_to("response_url")] == [str(n) for n in range(5)]
    assert fake.most_answers_in_flight == 1  # one URL: one answer at a time


async def test_answers_to_many_urls_run_concurrently_within_the_bound(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    fake.answer_delay = 0.02
    answers = poster(session, AnswerPolicy([Origin.parse(fake.origin)]), limit=4)
    urls = [fake.response_url(f"u{n}") for n in range(16)]
    sent = await asyncio.gather(*(answers.post(url, {"text": "ok"}) for url in urls))
    assert sent == [Answered.TAKEN] * 16
    assert len(fake.calls_to("response_url")) == 16
    assert 1 < fake.most_answers_in_flight <= 4


async def test_a_refused_or_unreachable_answer_is_reported_not_raised(
    fake: FakeSlack, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    answers = poster(session, AnswerPolicy([Origin.parse(fake.origin)]))
    too_many = {"text": "x", "blocks": [{"type": "divider"}] * 51}
    assert await answers.post(fake.response_url("bad-blocks"), too_many) is Answered.FAILED
    closed = "http://127.0.0.1:1/response/unreachable"
    assert await answers.post(closed, {"text": "x"}) is Answered.FAILED
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HTTP 400" in logged and "unreachable" not in logged


@pytest.mark.parametrize("spent_by", ["30 minutes", "5 answers"])
async def test_a_url_slack_will_take_no_more_answers_at_is_told_apart(
    fake: FakeSlack, session: aiohttp.ClientSession, spent_by: str
) -> None:
    """Slack answers a `response_url` past its 30 minutes or its 5 answers with a 404 and
    shows nothing: that outcome, and only it, says another way may be taken."""
    answers = poster(session, AnswerPolicy([Origin.parse(fake.origin)]))
    url = fake.response_url("spent")
    if spent_by == "30 minutes":
        fake.expire(url)
    else:
        for n in range(5):
            assert await answers.post(url, {"text": str(n)}) is Answered.TAKEN
    assert await answers.post(url, {"text": "late"}) is Answered.SPENT
    assert fake.calls_to("response_url")[-1].answer == {"ok": False, "error": "expired_url"}
