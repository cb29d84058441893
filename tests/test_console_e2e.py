"""The console as a newcomer uses it: a script piped through `python -m bot console`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURE_PACKS, ROOT


def console(script: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no .env here, and the bundled pack must still be found
        env=environ,
        timeout=60,
        check=False,
    )


def test_scripted_session_answers_every_line_and_exits_zero(tmp_path: Path) -> None:
    result = console("/baker chips\n/gin drones\n/takeaway 1\n/nope\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "== Gavin Baker on “chips” ==" in out
    assert "== Aaron Gin on “drones” ==" in out
    assert "== Takeaway 1/5: The Chip Gap ==" in out
    assert "Unknown command /nope" in out
    assert out.count("Source: Baker vs Gin on China's AI chip strategy — TBPN") >= 3
    assert "INFO" not in out and "created the bot's tables" in result.stderr


def test_meta_commands_switch_user_channel_and_admin(tmp_path: Path) -> None:
    script = (
        ":as carol\n:in #random\n:admin on\n:admin maybe\n:click 1\n"
        ":frobnicate\n:help\n:quit\n/help\n"
    )
    result = console(script, tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert "(you are now carol)" in out
    assert "(now in #random)" in out
    assert "(admin on for carol)" in out
    assert "Usage: :admin on|off" in out
    assert "No button 1" in out
    assert "Unknown console command :frobnicate. Type :help." in out
    assert ":as <user>" in out
    assert "Commands" not in out, "nothing after :quit is read"


def test_a_mistyped_console_control_is_answered_with_the_one_meant(tmp_path: Path) -> None:
    """`:amdin on` answered "Unknown console command :amdin. Type :help." and no more; a
    typo of a control now gets the control meant, as a command's typo does."""
    out = console(":amdin on\n:tik 1d\n:As bob\n", tmp_path).stdout
    assert "Unknown console command :amdin. Did you mean :admin? Type :help." in out
    assert "Unknown console command :tik. Did you mean :tick? Type :help." in out
    assert "(you are now bob)" in out  # a control's name is read without case, as before


def test_a_control_missing_its_word_shows_one_to_type(tmp_path: Path) -> None:
    """`:as` alone answered "Usage: :as <user>": nothing said what a user is here, any
    word. Each usage now ends with a line that works as typed."""
    out = console(":as\n:in\n:as bob\n:in random\n", tmp_path).stdout
    assert "Usage: :as <user>, e.g. :as bob\n" in out
    assert "Usage: :in <channel>, e.g. :in random\n" in out
    assert "(you are now bob)" in out and "(now in #random)" in out


def test_a_user_whose_votes_would_be_refused_cannot_be_acted_as(tmp_path: Path) -> None:
    """`:as bob smith` used to be taken: bob smith could open and close polls, and every
    one of his votes was refused as "the request did not say who you are"."""
    result = console(':as bob smith\n/poll question:"Q?" options:"A | B"\n1\n', tmp_path)
    out = result.stdout
    assert "A user is one word of printable characters, such as bob, not “bob smith”." in out
    assert "(you are now bob smith)" not in out
    assert "did not say who you are" not in out and "is now “A”" in out


#: A live edit's heading and the poll it shows: (message ref, poll number).
LIVE_EDIT = re.compile(r"\[#general\] message (m\d+) updated\n== Poll #(\d+) ==")


def test_message_refs_never_repeat_across_runs_on_one_database(tmp_path: Path) -> None:
    """Refs restarted at m1 in every run while poll messages keep theirs in the database:
    the second run's poll was m1 too, and live edits of both polls were "m1 updated"."""
    first = console("/poll\n1\n", tmp_path)
    second = console('/poll question:"Lunch?" options:"Pizza | Sushi"\n1\n/vote 1 2\n', tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    edits = LIVE_EDIT.findall(first.stdout + second.stdout)
    polls_by_ref = {ref: {poll for r, poll in edits if r == ref} for ref, _ in edits}
    assert polls_by_ref == {"m1": {"1"}, "m2": {"2"}}


def test_grammar_quotes_and_named_options_work_in_the_console(tmp_path: Path) -> None:
    result = console('/takeaway n:2\n/ask "sovereign ai"\n/takeaway two\n', tmp_path)
    assert "Takeaway 2/5" in result.stdout
    assert "Best matches for “sovereign ai”" in result.stdout
    assert "`n` must be a whole number" in result.stdout


def test_another_pack_via_knowledge_dir(tmp_path: Path) -> None:
    result = console("/help\n", tmp_path, KNOWLEDGE_DIR=str(FIXTURE_PACKS / "tabs-vs-spaces"))
    assert "/tabs" in result.stdout and "/baker" not in result.stdout


def test_a_bad_pack_stops_start_up_with_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "broken"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: broken\ntitle: a: b\n")
    result = console("/help\n", tmp_path, KNOWLEDGE_DIR=str(pack))
    assert result.returncode == 1
    assert "pack.yaml:2" in result.stderr and result.stdout == ""


def test_console_path_never_imports_discord_or_slack() -> None:
    probe = (
        "import sys, bot.cli, bot.app, bot.adapters.console;"
        "heavy = ('discord', 'slack_bolt', 'slack_sdk', 'matplotlib');"
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy];"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
