"""What `run` starts and says: the adapters and why, the console when there are no chat
credentials, and a clear non-zero exit when there is not even a terminal (a container)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from bot.cli import _adapters_line, main
from tests.helpers import ROOT, as_if_in_the_foreground, settings_for


def bot(tmp_path: Path, *args: str, stdin: int | None = None, script: str | None = None,
        **env: str) -> subprocess.CompletedProcess[str]:  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=script,
        stdin=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no .env here
        env=environ,
        timeout=60,
        check=False,
    )


def test_run_without_credentials_or_input_exits_non_zero_listing_what_to_set(
    tmp_path: Path,
) -> None:
    result = bot(tmp_path, "run", stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN"):
        assert name in result.stderr
    assert "No chat credentials found, and no terminal" in result.stderr
    assert result.stdout == ""


def test_run_without_credentials_piped_says_it_chose_the_console(tmp_path: Path) -> None:
    result = bot(tmp_path, "run", script="/takeaway 1\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith("no chat credentials found: console (set ")
    assert "Takeaway 1/5" in result.stdout


def test_the_adapters_line_names_each_platform_and_why(tmp_path: Path) -> None:
    slack = settings_for(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", PORT="8080")
    assert _adapters_line(slack) == (
        "slack (HTTP on port 8080: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set); "
        "no discord (DISCORD_TOKEN not set)"
    )
    both = settings_for(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        SLACK_APP_TOKEN="xapp-1",
        DISCORD_TOKEN="d",
    )
    assert _adapters_line(both).startswith("slack (Socket Mode: ")
    assert _adapters_line(both).endswith("; discord (DISCORD_TOKEN set)")


def test_admin_flags_are_per_user_and_bot_admins_count(tmp_path: Path) -> None:
    script = ":admin on\n:as bob\n/daily on\n:as you\n/daily off\n:as carol\n/daily off\n"
    result = bot(tmp_path, "console", script=script, BOT_ADMINS="carol")
    out = result.stdout
    assert "(admin on for you)" in out
    refused = "Only admins can use /daily on (type :admin on to be one)."
    assert f"(you are now bob)\n(only you can see this)\n\n{refused}" in out
    assert "(you are now you, an admin)" in out and "(you are now carol, an admin)" in out
    assert out.count("Only admins") == 1


def test_click_without_a_number_gives_its_usage(tmp_path: Path) -> None:
    result = bot(tmp_path, "console", script=":click\n:click 4\n")
    assert "Usage: :click <n> (or just n) presses button n; buttons: none shown here yet." in (
        result.stdout
    )
    assert "No button 4: none shown here yet." in result.stdout


def test_ctrl_c_in_piped_mode_exits_at_once_without_a_traceback(tmp_path: Path) -> None:
    """The input stays open (nothing more is typed): Ctrl-C must not wait for a line."""
    import signal

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=environ,
        preexec_fn=as_if_in_the_foreground,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write("/takeaway 1\n")
        process.stdin.flush()
        for line in process.stdout:  # until the bot is up and waiting for the next line
            if "Takeaway 1/5" in line:
                break
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert errors.rstrip().endswith("(interrupted)") and "Traceback" not in errors


def test_a_log_file_in_a_missing_folder_is_a_configuration_problem(tmp_path: Path) -> None:
    """LOG_FILE=/no/such/folder/bot.log ended the start with a FileNotFoundError traceback."""
    missing = tmp_path / "no-such-folder" / "bot.log"
    result = bot(tmp_path, "console", script="/help\n", LOG_FILE=str(missing))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Configuration problem:",
        f"LOG_FILE {str(missing)!r} cannot be written: No such file or directory",
    ]
    assert result.stdout == ""


#: Any file name (its ends not blank: LOG_FILE is read stripped, as every setting is).
LOG_NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"))


@given(LOG_NAMES.map(lambda middle: f"bot{middle}.log"))
def test_any_log_file_name_in_a_missing_folder_is_refused_by_name(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        missing = Path(folder, "missing", name)
        stderr = io.StringIO()
        with patch.dict(os.environ, {"LOG_FILE": str(missing)}), redirect_stderr(stderr):
            assert main(["console"]) == 2
    assert stderr.getvalue().splitlines()[:2] == [
        "Configuration problem:",
        f"LOG_FILE {str(missing)!r} cannot be written: No such file or directory",
    ]


def test_output_piped_into_a_reader_that_stopped_ends_without_a_traceback(
    tmp_path: Path,
) -> None:
    """`debate-bot kb check | head -1` printed a BrokenPipeError traceback when `head` had
    gone before the summary was written. A pipe whose reader has closed is that case."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT))
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "kb", "check"],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=environ,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
