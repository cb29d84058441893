"""Test helpers shared by the suites that need a whole bot."""

from __future__ import annotations

from pathlib import Path

from bot.app import BotApp, create_app
from bot.clock import Clock
from bot.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PACKS = ROOT / "tests" / "fixtures" / "packs"


def settings_for(tmp_path: Path, **overrides: str) -> Settings:
    """Settings for a bot on a SQLite file in `tmp_path`, never reading the developer's .env."""
    environ = {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", **overrides}
    return load_settings(environ, dotenv=None)


async def make_app(tmp_path: Path, clock: Clock | None = None, **overrides: str) -> BotApp:
    return await create_app(settings_for(tmp_path, **overrides), clock=clock)
