"""The answer courier: a real child process posting `response_url` answers to the fake Slack."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.slack.courier import RESTART_DELAY, Courier, post_answer
from bot.adapters.slack.webhook import Response, WebhookClient
from tests.slack_fake import FakeSlack


class CountingClient(WebhookClient):
    """The courier's in-process client, counting the answers it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    async def post(self, url: str, body: bytes, content_type: str) -> Response:
        self.asked += 1
        return await super().post(url, body, content_type)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def fallback() -> CountingClient:
    return CountingClient()


async def started(fallback: CountingClient) -> tuple[Courier, asyncio.subprocess.Process]:
    """A running courier and its process."""
    courier = Courier(fallback=fallback)
    await courier.start()
    assert courier._process is not None
    return courier, courier._process


def answered(fake: FakeSlack, name: str) -> list[str]:
    calls = fake.calls_to("response_url")
    return [call.args["text"] for call in calls if call.args["name"] == name]


async def test_answers_go_through_the_courier_in_order_and_stop_sends_them_all(
    fake: FakeSlack, fallback: CountingClient
) -> None:
    courier = Courier(fallback=fallback)
    await courier.start()
    assert courier.running
    for n in range(200):
        await courier.answer(fake.response_url("one"), json.dumps({"text": f"answer {n}"}))
        await courier.answer(fake.response_url(f"other-{n}"), json.dumps({"text": "elsewhere"}))
    await courier.stop()  # returns once the courier has sent everything written to it

    assert answered(fake, "one") == [f"answer {n}" for n in range(200)]
    assert fake.counts["response_url"] == 400
    assert fallback.asked == 0  # nothing was posted in-process


async def test_answers_of_one_loop_pass_are_one_write_and_keep_their_order(
    fake: FakeSlack, fallback: CountingClient
) -> None:
    courier, process = await started(fallback)
    assert process.stdin is not None
    written: list[bytes] = []
    write = process.stdin.write

    def recording(data: bytes) -> None:
        written.append(data)
        write(data)

    process.stdin.write = recording  # type: ignore[method-assign]
    for n in range(50):
        await courier.answer(fake.response_url("burst"), json.dumps({"text": f"answer {n}"}))
    await asyncio.sleep(0)  # the end of this pass of the event loop
    assert len(written) == 1 and written[0].count(b"\n") == 50
    await courier.answer(fake.response_url("burst"), json.dumps({"text": "next pass"}))
    await courier.stop()
    assert len(written) == 2
    assert answered(fake, "burst") == [f"answer {n}" for n in range(50)] + ["next pass"]


async def test_answers_queued_for_a_courier_found_gone_are_posted_in_process(
    fake: FakeSlack, fallback: CountingClient
) -> None:
    courier, process = await started(fallback)
    assert process.stdin is not None
    for n in range(3):
        await courier.answer(fake.response_url("queued"), json.dumps({"text": f"answer {n}"}))
    courier._process = None  # as when its exit is noticed before the queue is written
    await courier.stop()  # writes the queue: in-process, and waits for those posts
    assert sorted(answered(fake, "queued")) == ["answer 0", "answer 1", "answer 2"]
    assert fallback.asked == 3
    process.stdin.close()
    await process.wait()


async def test_the_courier_gets_no_secret_and_ignores_ctrl_c(
    fake: FakeSlack, fallback: CountingClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-not-for-the-courier")
    monkeypatch.setenv("DISCORD_TOKEN", "not-for-the-courier-either")
    courier = Courier(fallback=fallback)
    await courier.start()
    process = courier._process
    assert process is not None
    environ = await asyncio.to_thread(Path(f"/proc/{process.pid}/environ").read_bytes)
    environment = environ.split(b"\0")
    assert not [line for line in environment if line.startswith((b"SLACK_", b"DISCORD_"))]

    os.kill(process.pid, signal.SIGINT)  # what Ctrl-C sends the whole process group
    await courier.answer(fake.response_url("after"), json.dumps({"text": "still here"}))
    await courier.stop()
    assert answered(fake, "after") == ["still here"]
    assert process.returncode == 0


async def test_a_dead_courier_is_reported_answered_around_and_restarted(
    fake: FakeSlack, fallback: CountingClient, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    courier = Courier(fallback=fallback, monotonic=clock)
    await courier.start()
    first = courier._process
    assert first is not None
    first.kill()
    await first.wait()

    with caplog.at_level(logging.ERROR, logger="bot.adapters.slack.courier"):
        await courier.answer(fake.response_url("during"), json.dumps({"text": "in-process"}))
    assert answered(fake, "during") == ["in-process"]  # posted before answer() returned
    assert fallback.asked == 1
    assert "the answer courier exited" in caplog.text

    clock.now += RESTART_DELAY
    await courier.answer(fake.response_url("meanwhile"), json.dumps({"text": "while it restarts"}))
    assert courier._starting is not None
    await courier._starting  # the restart runs in the background, never inside an answer
    second = courier._process
    assert second is not None and second.pid != first.pid and courier.running
    await courier.answer(
        fake.response_url("later"), json.dumps({"text": "through the new courier"})
    )
    await courier.stop()
    assert answered(fake, "meanwhile") == ["while it restarts"]
    assert answered(fake, "later") == ["through the new courier"]
    assert fallback.asked == 2


async def test_a_courier_that_cannot_start_leaves_answers_in_process(
    fake: FakeSlack, fallback: CountingClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.adapters.slack.courier.sys.executable", "/nonexistent/python")
    courier = Courier(fallback=fallback)
    await courier.start()  # logged, not raised: the adapter still serves
    assert not courier.running
    await courier.answer(fake.response_url("fallback"), json.dumps({"text": "in-process"}))
    await courier.stop()
    assert answered(fake, "fallback") == ["in-process"]


async def test_a_url_that_cannot_go_on_a_request_line_is_refused_in_process(
    fake: FakeSlack, fallback: CountingClient, caplog: pytest.LogCaptureFixture
) -> None:
    courier = Courier(fallback=fallback)
    await courier.start()
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.courier"):
        await courier.answer(fake.response_url("odd") + "?x=a b", json.dumps({"text": "odd"}))
    await courier.stop()
    assert fallback.asked == 1  # never written to the courier, whose lines it would split
    assert answered(fake, "odd") == []
    assert "response_url on 127.0.0.1 failed (WebhookError)" in caplog.text


async def test_slack_refusals_are_logged_without_the_url(
    fake: FakeSlack, fallback: CountingClient, tmp_path: Path
) -> None:
    log_file = tmp_path / "courier.log"
    courier = Courier(fallback=fallback, log_file=log_file)
    await courier.start()
    bad_blocks = [{"type": "section"}] * 51  # over Slack's 50 blocks: the fake answers 400
    await courier.answer(
        fake.response_url("refused"), json.dumps({"text": "x", "blocks": bad_blocks})
    )
    await courier.stop()
    logged = log_file.read_text()
    assert "response_url answered 400: b'invalid_blocks'" in logged
    assert "/response/refused" not in logged


async def test_an_unreachable_response_url_is_logged_by_host_only(
    fallback: CountingClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.courier"):
        await post_answer(fallback, "http://127.0.0.1:9/response/T0SECRET/abc", b"{}")
    assert "response_url on 127.0.0.1 failed (ConnectionRefusedError)" in caplog.text
    assert "T0SECRET" not in caplog.text
