"""The suite's Hypothesis settings (tests/conftest.py) leave timing to the benchmarks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]


def test_properties_are_not_timed() -> None:
    """A stalled machine must not fail a property: no deadline, no slow-generation check
    (a fresh CI clone once failed the grammar round trip on one 2.7 s draw)."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    assert HealthCheck.filter_too_much not in settings.default.suppress_health_check


def test_ci_draws_the_same_examples_every_run() -> None:
    """CI's verdict on a change must not hang on a random draw, whether or not the machine
    sets `CI` (with it, Hypothesis's own default derandomizes too); development runs still
    draw anew (they found three wrong claims of tests in one day)."""
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.deadline is None
    assert HealthCheck.too_slow in ci.suppress_health_check
    assert "HYPOTHESIS_PROFILE=ci" in (ROOT / ".ci" / "run").read_text()
