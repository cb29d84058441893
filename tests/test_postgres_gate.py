"""The PostgreSQL tests skip with a notice on a machine without the server, and CI
(`.ci/run`, REQUIRE_POSTGRES=1) turns that skip into a failure so it never goes unseen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_FLAG, postgres_gate
from tests.helpers import ROOT


def test_a_reachable_server_runs_the_tests() -> None:
    assert postgres_gate(None, {REQUIRE_FLAG: "1"}) is None
    assert postgres_gate(None, {}) is None


def test_without_a_server_tests_skip_with_a_notice_saying_how_to_fix_it() -> None:
    action, message = postgres_gate("ConnectionRefusedError: refused", {}) or ("", "")
    assert action == "skip"
    assert "not reachable" in message and "TEST_POSTGRES_URL" in message
    assert postgres_gate("refused", {REQUIRE_FLAG: "0"}) is not None
    assert (postgres_gate("refused", {REQUIRE_FLAG: "0"}) or ("",))[0] == "skip"


def test_require_postgres_turns_the_skip_into_a_failure() -> None:
    action, message = postgres_gate("refused", {REQUIRE_FLAG: "1"}) or ("", "")
    assert action == "fail" and "REQUIRE_POSTGRES is set" in message


def test_ci_sets_the_flag_before_running_the_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert script.index(f"export {REQUIRE_FLAG}=1") < script.index("make test")


@pytest.mark.parametrize(
    "target",
    [
        ["tests/test_storage.py", "-k", "postgresql"],
        # regression: these started their instances' database unguarded, so without the
        # server they errored ("Connect call failed") instead of skipping with the notice
        ["tests/test_slack_instances.py"],
    ],
    ids=["storage", "several instances"],
)
def test_an_unreachable_server_skips_or_fails_a_real_postgres_test(
    tmp_path: Path, target: list[str]
) -> None:
    """PostgreSQL tests run against a closed port: skipped with the notice, or failed."""
    environ = {**os.environ, "TEST_POSTGRES_URL": "postgresql://root@127.0.0.1:9/test"}
    environ.pop(REQUIRE_FLAG, None)
    command = [sys.executable, "-m", "pytest", *target, "-x", "-p", "no:cacheprovider", "-q"]
    skipped = subprocess.run(
        command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert skipped.returncode == 0, skipped.stdout
    assert "PostgreSQL tests SKIPPED" in skipped.stdout and " skipped" in skipped.stdout
    failed = subprocess.run(
        command, cwd=ROOT, env={**environ, REQUIRE_FLAG: "1"}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert failed.returncode == 1
    assert "REQUIRE_POSTGRES is set but PostgreSQL" in failed.stdout
