"""A loopback TCP forwarder between the bot and PostgreSQL that a test can cut and restore:
the database "goes away for a moment" as a network failure or a server restart does, at an
instant the test chooses, without touching the server other suites share.

Cutting closes every forwarded connection (the bot's pool sees them drop) and refuses new
ones (the pool's reconnects fail as against a server that is down) until `restore()`.
Silencing keeps every connection open and accepts new ones, but carries nothing, as a
server (or a proxy in front of it) that hangs: the bot hears nothing back until it gives up.
Losing a commit's answer lets the server commit and then drops the connection before its
"COMMIT" reaches the bot, as a network failure at that instant does: the transaction is
durable, and the bot hears only that the connection is gone (so with a statement outside
a transaction, `lose_next_answer`).
Test-only; the bot only ever sees a `postgresql://` URL pointing at `url`.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from typing import Self
from urllib.parse import urlsplit, urlunsplit

#: PostgreSQL's ReadyForQuery message's start: sent once a statement's transaction (its
#: own, for one outside a transaction) is over, so a COMMIT or such a statement is durable.
READY = b"Z\x00\x00\x00\x05"


def completed(tag: str) -> bytes:
    """PostgreSQL's CommandComplete message for `tag` ('C', its length, the tag) and the
    ReadyForQuery the server sends with it once the statement's work is durable."""
    body = tag.encode() + b"\x00"
    return b"C" + struct.pack("!I", 4 + len(body)) + body + READY


class DatabaseLine:
    """Forwards 127.0.0.1:<port> to the PostgreSQL server of `server_url`."""

    def __init__(self, server_url: str) -> None:
        #: The database itself, for the test's own connections (never cut).
        self.server_url = server_url
        target = urlsplit(server_url)
        self._target = (target.hostname or "127.0.0.1", target.port or 5432)
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self.cut_off = False
        self.silent = False
        #: Connections refused while cut (the bot's attempts to reconnect).
        self.refused = 0
        #: Set by `lose_next_answer`: the answer to lose, and whether to cut the line then.
        self._loss: tuple[bytes, bool] | None = None
        #: Set once a commit's (or `lose_next_answer`'s statement's) answer was lost.
        self.commit_lost = asyncio.Event()

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._forward, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cut()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        """The server URL with its host and port replaced by this forwarder's."""
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        parts = urlsplit(self.server_url)
        user = f"{parts.username}@" if parts.username else ""
        return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{port}"))

    def cut(self) -> None:
        """Drop every connection now and refuse new ones until `restore()`."""
        self.cut_off = True
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    def silence(self) -> None:
        """Carry nothing more, either way, on the connections open and on new ones (which
        are accepted), until `restore()`."""
        self.silent = True

    def lose_next_commit_answer(self, *, then_cut: bool = False) -> None:
        """The next transaction the server commits is never confirmed to the bot: its
        connection drops instead, and with `then_cut` the whole line too (the database goes
        away as it commits), until `restore()`."""
        self.lose_next_answer("COMMIT", then_cut=then_cut)

    def lose_next_answer(self, tag: str, *, then_cut: bool = False) -> None:
        """As `lose_next_commit_answer`, for the next statement whose completion is `tag`
        (e.g. "UPDATE 1": one outside a transaction is durable once done)."""
        self._loss = (completed(tag), then_cut)
        self.commit_lost.clear()

    def restore(self) -> None:
        """Forward again. After `silence()` the connections open until now are dropped, as
        a hung server's are once it is restarted: the bytes they lost cannot be replayed."""
        if self.silent:
            self.cut()
        self.silent = False
        self.cut_off = False

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.cut_off:
            self.refused += 1
            writer.transport.abort()
            return
        if self.silent:
            self._links.add(writer)
            await self._pipe(reader, None)
            self._links.discard(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._links |= {writer, up_writer}
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer, answers=True)
        )
        self._links -= {writer, up_writer}

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter | None,
        *,
        answers: bool = False,
    ) -> None:
        """Copy until either side closes, then close the other; while silent (or with no
        other side), what is read is dropped. `answers`: the server's side, whose answer to
        a statement is lost when `lose_next_answer` asked for it."""
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                if answers and self._loss is not None and self._loss[0] in data:
                    self._lose_answer(self._loss[1])
                    break
                if writer is not None and not self.silent:
                    writer.write(data)
                    await writer.drain()
        if writer is not None:
            writer.transport.abort()

    def _lose_answer(self, then_cut: bool) -> None:
        """Drop the connection whose statement was just answered (by `_pipe`, returning),
        and with `then_cut` every other one."""
        if then_cut:
            self.cut()
        self._loss = None
        self.commit_lost.set()
