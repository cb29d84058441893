"""The composition root: load the pack, open the database, declare the commands.

Everything a running bot owns is built here and passed explicitly to whoever needs it;
adapters receive a BotApp and never reach for globals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from bot.clock import Clock, SystemClock
from bot.commands.help import register_help
from bot.commands.knowledge import KnowledgeCommands
from bot.config import Settings
from bot.core.dispatch import Dispatcher
from bot.core.outbound import Outbounds
from bot.core.registry import Registry
from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack
from bot.storage.database import Database
from bot.storage.directory import Directory
from bot.storage.factory import open_database

log = logging.getLogger(__name__)


class Service(Protocol):
    """A background part of the core (poll deadline sweeper, live tallies, daily scheduler)."""

    async def start(self) -> None: ...

    async def stop(self) -> None:
        """Finish pending work (e.g. the final poll edit) and stop."""
        ...


@dataclass
class BotApp:
    settings: Settings
    clock: Clock
    pack: Pack
    db: Database
    directory: Directory
    registry: Registry
    dispatcher: Dispatcher
    knowledge: KnowledgeCommands
    outbounds: Outbounds = field(default_factory=Outbounds)
    services: list[Service] = field(default_factory=list)

    async def start(self) -> None:
        """Start background services once the adapters have registered their outbounds."""
        for service in self.services:
            await service.start()

    async def close(self) -> None:
        """Stop services in reverse order (flushing their work), then close the database."""
        for service in reversed(self.services):
            await service.stop()
        await self.db.close()


def build_registry(knowledge: KnowledgeCommands) -> Registry:
    """Every command, in the order help lists them."""
    registry = Registry()
    knowledge.register(registry)
    register_help(registry)
    return registry


async def create_app(settings: Settings, clock: Clock | None = None) -> BotApp:
    """Load and validate the pack first (a bad pack serves nothing), then open the database."""
    pack = load_pack(settings.knowledge_dir or default_pack_dir())
    db = await open_database(settings.database_url)
    directory = Directory(db)
    knowledge = KnowledgeCommands(pack, Searcher(pack), directory)
    registry = build_registry(knowledge)
    log.info(
        "pack %s loaded: %d speakers, %d points", pack.id, len(pack.speakers), len(pack.points)
    )
    return BotApp(
        settings=settings,
        clock=clock or SystemClock(),
        pack=pack,
        db=db,
        directory=directory,
        registry=registry,
        dispatcher=Dispatcher(registry),
        knowledge=knowledge,
    )
