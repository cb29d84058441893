"""The composition root: load the pack, open the database, declare the commands.

Everything a running bot owns is built here and passed explicitly to whoever needs it;
adapters receive a BotApp and never reach for globals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.clock import Clock, SystemClock, Timed, wait_all_idle
from bot.commands.daily import DailyCommands, poll_action
from bot.commands.help import register_help
from bot.commands.knowledge import KnowledgeCommands
from bot.commands.polls import PollCommands
from bot.config import Settings, masked_url
from bot.core.dispatch import Dispatcher
from bot.core.outbound import Outbounds
from bot.core.registry import Registry
from bot.daily.render import ACTION_PREFIX as DAILY_ACTIONS
from bot.daily.scheduler import DailyScheduler
from bot.daily.store import DailyStore
from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack
from bot.knowledge.cards import AnswerCards
from bot.knowledge.router import Router
from bot.polls import LiveTally, PollService
from bot.polls.rounds import Arguments
from bot.storage.database import Database, Executor, Row
from bot.storage.directory import Directory
from bot.storage.factory import open_database

log = logging.getLogger(__name__)

#: Real seconds `BotApp.wait_idle()` waits for live edits, as the services wait for theirs.
LIVE_IDLE_TIMEOUT = 10.0


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
    daily: DailyScheduler
    polls: PollService
    live: LiveTally
    outbounds: Outbounds = field(default_factory=Outbounds)
    services: list[Service] = field(default_factory=list)

    async def start(self) -> None:
        """Start background services once the adapters have registered their outbounds
        (the services' first posts wait until the adapters can post: `Outbounds.wait_ready`)."""
        for service in self.services:
            await service.start()

    @property
    def timed(self) -> tuple[Timed, ...]:
        """The services that act at instants of the clock, for `fast_forward`."""
        return (self.daily, self.polls)

    async def wait_idle(self) -> None:
        """Return once the timed services have done everything due now and the live edits
        that set going (a closed poll's message) have landed: the console prints all of it
        before its next line, as a person would have seen it by then. A TimeoutError after
        LIVE_IDLE_TIMEOUT real seconds means the edits keep failing (the database away):
        they retry by themselves, and the console goes on instead of hanging."""
        await wait_all_idle(self.timed)
        async with asyncio.timeout(LIVE_IDLE_TIMEOUT):
            await self.live.idle()

    async def stop(self) -> None:
        """Stop services in reverse order, flushing their work (final poll edits, queued
        votes) while the adapters can still deliver it. Safe to call twice."""
        services, self.services = self.services, []
        for service in reversed(services):
            await service.stop()

    async def close(self) -> None:
        """Stop the services, then close the database."""
        await self.stop()
        await self.db.close()


def build_registry(
    knowledge: KnowledgeCommands, daily: DailyCommands, polls: PollCommands
) -> Registry:
    """Every command, in the order help lists them."""
    registry = Registry()
    knowledge.register(registry)
    polls.register(registry)
    daily.register(registry)
    register_help(registry)
    return registry


async def create_app(settings: Settings, clock: Clock | None = None) -> BotApp:
    """Load and validate the pack first (a bad pack serves nothing), then open the database."""
    pack = load_pack(settings.knowledge_dir or default_pack_dir())
    log.info("opening the database %s", masked_url(settings.database_url))
    db = await open_database(settings.database_url)
    app = _assemble(settings, pack, db, clock or SystemClock())
    log.info(
        "pack %s loaded: %d speakers, %d points", pack.id, len(pack.speakers), len(pack.points)
    )
    return app


def declared_registry(settings: Settings, pack: Pack) -> Registry:
    """The commands a bot serving `pack` declares, wired to a database that is never
    opened: `slack-manifest` needs the declarations only, and opening (and migrating) one
    there logged 14 lines, and could create or upgrade the bot's database by surprise."""
    return _assemble(settings, pack, _Unopened(), SystemClock()).registry


def _assemble(settings: Settings, pack: Pack, db: Database, clock: Clock) -> BotApp:
    """Wire the services and commands over `pack` and `db`; nothing here reads or writes
    the database, so `declared_registry` may pass one that is not open."""
    directory = Directory(db)
    cards = AnswerCards(pack)
    knowledge = KnowledgeCommands(pack, Router(pack, Searcher(pack)), cards, directory)
    outbounds = Outbounds()
    daily = DailyScheduler(DailyStore(db), clock, cards, outbounds, settings.daily_grace)
    colours = {s.id: s.colour_hex for s in pack.speakers}
    polls = PollService(db, clock, colours, Arguments.from_pack(pack), outbounds)
    live = LiveTally(polls, outbounds, settings.poll_edit_interval)
    registry = build_registry(knowledge, DailyCommands(daily), PollCommands(polls, pack.poll))
    dispatcher = Dispatcher(registry, db)
    registry.add_action(DAILY_ACTIONS, poll_action(dispatcher, polls))
    app = BotApp(
        settings=settings,
        clock=clock,
        pack=pack,
        db=db,
        directory=directory,
        registry=registry,
        dispatcher=dispatcher,
        knowledge=knowledge,
        daily=daily,
        polls=polls,
        live=live,
        outbounds=outbounds,
    )
    app.services.append(daily)
    # Live first: it hears the start-up deadline sweep, and stops after queued votes commit.
    app.services += [live, polls]
    return app


class _Unopened(Database):
    """No database at all, for `declared_registry`: any statement is a bug there, so each
    raises instead of answering as an empty database would."""

    dialect = "unopened"
    now_sql = serial_key = lock_suffix = ""

    def _refused(self) -> RuntimeError:
        return RuntimeError("the commands were declared without a database")

    async def execute(self, sql: str, *params: Any) -> int:
        raise self._refused()

    async def fetchone(self, sql: str, *params: Any) -> Row | None:
        raise self._refused()

    async def fetchall(self, sql: str, *params: Any) -> list[Row]:
        raise self._refused()

    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        raise self._refused()

    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        raise self._refused()

    async def close(self) -> None:
        """Nothing was opened."""
