"""The interactive console under a pseudo-terminal (pexpect): line editing, history,
Ctrl-C and the prompt redrawn after a live update, as a person at a keyboard sees them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.helpers import ROOT

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
    )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[pexpect.spawn]:
    child = spawn(tmp_path, POLL_EDIT_INTERVAL="0.2")
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
    terminal.send("/poll\r")
    terminal.expect_exact("[1] Gavin Baker")
    terminal.expect_exact(PROMPT)
    terminal.send("1\r")
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
        "before the prompt\n"
        f"\r\x1b[2K[#general] message m1 updated\n{PROMPT}"
        f"\r\x1b[2K{PROMPT}"
    )
    assert err.getvalue() == "a log line\n"
