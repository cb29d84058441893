"""The suite's Hypothesis settings (tests/conftest.py) leave timing to the benchmarks."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def test_properties_are_not_timed() -> None:
    """A stalled machine must not fail a property: no deadline, no slow-generation check
    (a fresh CI clone once failed the grammar round trip on one 2.7 s draw)."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    assert HealthCheck.filter_too_much not in settings.default.suppress_health_check
