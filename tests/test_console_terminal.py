"""The interactive console under a pseudo-terminal (pexpect): line editing, history,
Ctrl-C and the prompt redrawn after a live update, as a person at a keyboard sees them."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from bot.adapters.console import ConsoleAdapter
from bot.clock import ManualClock
from tests.helpers import ROOT, as_if_in_the_foreground, make_app

PROMPT = "you@#general> "
LEFT, UP = "\x1b[D", "\x1b[A"
CTRL_C, CTRL_D = "\x03", "\x04"


def spawn(tmp_path: Path, **env: str) -> pexpect.spawn:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT), **env)
    return pexpect.spawn(
        sys.executable,
        ["-m", "bot", "console"],
        cwd=str(tmp_path),
        env=environ,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
        preexec_fn=as_if_in_the_foreground,
    )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[pexpect.spawn]:
    # Live edits of a poll at least 1.5 s apart: a vote's edit then comes well after the
    # prompt has returned (see test_a_live_update_redraws_the_prompt_and_the_typed_text).
    child = spawn(tmp_path, POLL_EDIT_INTERVAL="1.5")
    child.expect_exact("Ctrl-C clears the line")
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def leave(child: pexpect.spawn) -> int:
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_arrow_keys_edit_the_line(terminal: pexpect.spawn) -> None:
    terminal.send("/takeawy 2" + LEFT * 3 + "a\r")  # the missing "a" typed in place
    terminal.expect_exact("== Takeaway 2/5")
    terminal.expect_exact(PROMPT)
    assert "^[[D" not in terminal.before
    assert leave(terminal) == 0


def test_history_is_recalled_and_kept_in_the_data_folder(
    terminal: pexpect.spawn, tmp_path: Path
) -> None:
    terminal.send("/takeaway 3\r")
    terminal.expect_exact("== Takeaway 3/5")
    terminal.expect_exact(PROMPT)
    terminal.send(UP + "\r")
    terminal.expect_exact("== Takeaway 3/5")
    terminal.expect_exact(PROMPT)
    assert leave(terminal) == 0
    assert (tmp_path / "console_history").read_text().splitlines()[-1] == "/takeaway 3"
    again = spawn(tmp_path)  # a new session recalls the last one's lines
    again.expect_exact(PROMPT)
    again.send(UP + "\r")
    again.expect_exact("== Takeaway 3/5")
    again.expect_exact(PROMPT)
    assert leave(again) == 0


def test_ctrl_c_clears_the_line_without_a_traceback(terminal: pexpect.spawn) -> None:
    terminal.send("/takeaway 4" + CTRL_C)
    terminal.expect_exact("^C")
    terminal.expect_exact(PROMPT)
    terminal.send("/takeaway 1\r")  # the cleared text is not run along with this line
    terminal.expect_exact("== Takeaway 1/5")
    terminal.expect_exact(PROMPT)
    terminal.send(CTRL_C)
    terminal.expect_exact(PROMPT)
    assert "Takeaway 4/5" not in terminal.before
    assert "Traceback" not in terminal.before and "KeyboardInterrupt" not in terminal.before
    assert leave(terminal) == 0


def test_a_live_update_redraws_the_prompt_and_the_typed_text(terminal: pexpect.spawn) -> None:
    """A poll's first edit follows its first vote at once, and may print before the prompt
    returns (on a loaded machine it once did, and this test timed out): the edit redrawn
    above typed text is the second, which waits an edit interval (1.5 s) after the first."""
    terminal.send("/poll\r")
    terminal.expect_exact("[1] Gavin Baker")
    terminal.expect_exact(PROMPT)
    terminal.send("1\r")
    terminal.expect_exact("[#general] message m1 updated")
    terminal.expect_exact("Total voters: 1")  # the first edit's tally
    terminal.send("2\r")
    terminal.expect_exact("Your vote on poll #1 is now")
    terminal.expect_exact(PROMPT)
    terminal.send("/takeaway 2")  # typed, not sent, as the live tally arrives
    terminal.expect_exact("\r\x1b[2K[#general] message m1 updated")
    terminal.expect_exact("Total voters: 1")
    terminal.expect_exact(PROMPT + "/takeaway 2")
    terminal.send("\r")
    terminal.expect_exact("== Takeaway 2/5")
    assert leave(terminal) == 0


def test_click_alone_gives_its_usage(terminal: pexpect.spawn) -> None:
    terminal.send(":click\r")
    terminal.expect_exact("Usage: :click <n>")
    terminal.expect_exact(PROMPT)
    assert leave(terminal) == 0


def test_text_arriving_at_the_prompt_goes_above_it_and_the_prompt_returns() -> None:
    """The redraw itself, byte for byte (readline's line buffer is empty outside input())."""
    import io

    from bot.adapters.console_terminal import PromptScreen

    out, err = io.StringIO(), io.StringIO()
    screen = PromptScreen(out)
    screen.show("before the prompt")
    screen.prompt = PROMPT
    screen.show("[#general] message m1 updated")
    screen.show("a log line", err)
    assert out.getvalue() == (
        f"before the prompt\n\r\x1b[2K[#general] message m1 updated\n{PROMPT}\r\x1b[2K{PROMPT}"
    )
    assert err.getvalue() == "a log line\n"


def test_what_the_start_up_sweep_closes_prints_before_the_first_prompt(tmp_path: Path) -> None:
    """A poll whose deadline passed while the bot was down is closed at start-up: its
    announcement and edited message come before the first prompt, as in a piped console,
    not above the prompt a moment after it."""
    asyncio.run(_post_a_poll_due_two_hours_ago(tmp_path))
    child = spawn(tmp_path, POLL_EDIT_INTERVAL="0.2")
    child.expect_exact(PROMPT)
    assert "is closed." in child.before and "message m1 updated" in child.before
    assert leave(child) == 0


async def _post_a_poll_due_two_hours_ago(tmp_path: Path) -> None:
    """A console whose services never started posts a one-hour poll three hours ago."""
    app = await make_app(tmp_path, clock=ManualClock(time.time() - 3 * 3600))
    try:
        console = ConsoleAdapter(
            app, stdin=io.StringIO("/poll duration:1h\n"), stdout=io.StringIO()
        )
        assert await console.run() == 0
    finally:
        await app.close()


def test_replies_wrap_at_a_terminal_narrower_than_the_console_width(tmp_path: Path) -> None:
    """Replies were wrapped at 88 columns whatever the terminal: on a narrower one each
    long line wrapped again, a word or two on every other line. A narrow terminal's own
    width is used now (a script's output, piped, keeps 88: tests/test_console_e2e.py)."""
    child = spawn(tmp_path)
    child.setwinsize(40, 60)
    child.expect_exact(PROMPT)
    child.send("/help poll\r")
    child.expect_exact("Examples:")
    lines = child.before.replace("\r\n", "\n").split("\n")
    child.expect_exact(PROMPT)
    assert any(line.startswith("  hide_results (optional)") for line in lines)
    assert max(len(line) for line in lines) <= 60
    assert leave(child) == 0


def test_a_long_refusal_wraps_at_the_terminal_keeping_its_commands_whole(tmp_path: Path) -> None:
    """A refusal was printed as one line of up to 240 characters, which a narrow terminal
    broke wherever its row ended, mid-word and mid-command. It wraps between words at the
    terminal's width now, each command it offers to paste whole on a line of its own."""
    child = spawn(tmp_path)
    child.setwinsize(40, 60)
    child.expect_exact(PROMPT)
    child.send('/poll Lunch? "Pizza | Tacos" yes 1h\r')
    child.expect_exact("quote all of it:")
    printed = child.before + child.after
    child.expect_exact(PROMPT)
    lines = (printed + child.before).replace("\r\n", "\n").split("\n")
    forms = [
        '/poll Lunch? options:"Pizza | Tacos" anonymous:yes duration:1h.',
        '/poll Lunch? options:"Pizza | Tacos yes" duration:1h',
    ]
    assert forms[1] in lines, lines
    assert [line for line in lines if len(line) > 60] == [forms[0]]
    assert leave(child) == 0
