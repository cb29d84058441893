"""What LOG_LEVEL=DEBUG writes: the bot's workings, never what people voted or typed."""

from __future__ import annotations

from pathlib import Path

from tests.test_console_e2e import console


def test_debug_logs_do_not_record_who_voted_for_what(tmp_path: Path) -> None:
    """At LOG_LEVEL=DEBUG aiosqlite logged every statement with its parameters: the log of
    an anonymous poll said which voter chose which option, and held every text typed."""
    log = tmp_path / "bot.log"
    script = (
        '/poll question:"Secret ballot?" options:"Yes | No" anonymous:true\n'
        ":as zedvoter\n1\n/results 1\n"
    )
    result = console(script, tmp_path, LOG_LEVEL="DEBUG", LOG_FILE=str(log))
    assert result.returncode == 0, result.stderr
    assert "Yes: 1 vote (100%)\n   ████████████████" in result.stdout  # the vote was stored
    logged = log.read_text(encoding="utf-8")
    assert " DEBUG " in logged  # DEBUG was on, and written
    assert "zedvoter" not in logged and "Secret ballot" not in logged
