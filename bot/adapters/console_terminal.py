"""The console on a real terminal: line editing and history (GNU readline), Ctrl-C that
clears the line, and live updates printed above the prompt, which is then redrawn.

readline must own the main thread: Ctrl-C reaches only the main thread, and an `input()`
blocked in a worker thread cannot be interrupted (Ctrl-C then did nothing until Enter). So
the bot's event loop runs in a second thread and each typed line is handed over to it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.adapters.console import ConsoleAdapter
from bot.adapters.terminal_render import WIDTH
from bot.app import BotApp
from bot.core.replies import Marked, command_line

try:
    import readline
except ImportError:  # no GNU readline (Windows): plain input(), still with Ctrl-C handled
    readline = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: Said once the console opens; `/help` marked, as the console's hints mark it (`say`).
WELCOME = Marked(
    "Debate bot console. Type ",
    command_line("help"),
    " for commands, :help for console controls.\n"
    "Arrow keys edit and recall lines; Ctrl-C clears the line; Ctrl-D or :quit leaves.",
)
HISTORY_LENGTH = 1000
#: Fewer columns than this is a size the terminal does not know (some report 0): WIDTH.
MIN_WIDTH = 20
#: Clear the terminal line the cursor is on and go to its start (ANSI "erase line").
_CLEAR_LINE = "\r\x1b[2K"

T = TypeVar("T")


class PromptScreen:
    """Console output that keeps the prompt intact: text arriving while the user types (a
    live tally, a daily post) is printed above the prompt and the typed line redrawn."""

    #: A refusal is wrapped at the width too (`Screen.terminal`).
    terminal = True

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.prompt: str | None = None  # set while the user is at the prompt
        self._lock = threading.Lock()

    def show(self, text: str, stream: TextIO | None = None) -> None:
        """Print `text` (to `stream`, e.g. stderr for logs) above the prompt, if one shows."""
        out = stream or self.stream
        with self._lock:
            if self.prompt is not None:
                self.stream.write(_CLEAR_LINE)
                self.stream.flush()
            out.write(text + "\n")
            out.flush()
            if self.prompt is not None:
                typed = readline.get_line_buffer() if readline else ""
                self.stream.write(self.prompt + typed)
                self.stream.flush()

    @property
    def width(self) -> int:
        """WIDTH, or the terminal's columns when it is narrower (asked at each reply, so a
        resized window is followed): 88-column lines on an 80-column terminal wrapped
        again by the terminal, a few words to every other line."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):  # not a terminal after all
            return WIDTH
        return min(WIDTH, columns) if columns >= MIN_WIDTH else WIDTH


class _PromptLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines on the terminal go above the prompt too, never into the typed line."""

    def __init__(self, screen: PromptScreen, stream: TextIO) -> None:
        super().__init__(stream)
        self.screen = screen

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.screen.show(self.format(record), self.stream)
        except Exception:
            self.handleError(record)


def _route_terminal_logs(screen: PromptScreen) -> None:
    """Swap the root logger's handler writing to this terminal for one that keeps the prompt."""
    root = logging.getLogger()
    for index, handler in enumerate(root.handlers):
        stream = getattr(handler, "stream", None)
        if type(handler) is logging.StreamHandler and stream is not None and stream.isatty():
            routed = _PromptLogHandler(screen, stream)
            routed.setFormatter(handler.formatter)
            routed.setLevel(handler.level)
            root.handlers[index] = routed


class _LoopThread:
    """An event loop in a daemon thread; `call` runs a coroutine there and waits for it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bot", daemon=True)
        self.thread.start()

    def call(self, work: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(work, self.loop)
        try:
            return future.result()
        except KeyboardInterrupt:
            future.cancel()  # Ctrl-C while a command runs: stop waiting for it
            raise

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


def run_terminal(
    open_app: Callable[[], Coroutine[Any, Any, BotApp | None]],
    history: Path,
    stream: TextIO | None = None,
) -> int:
    """Serve the console on this terminal until Ctrl-D or `:quit`; the exit code."""
    stream = stream or sys.stdout
    worker = _LoopThread()
    try:
        app = worker.call(open_app())
        if app is None:
            return 1
        try:
            screen = PromptScreen(stream)
            _route_terminal_logs(screen)
            console = ConsoleAdapter(app, screen=screen)
            worker.call(app.start())
            console.say(WELCOME)
            worker.call(console.settle_start_up())  # what it prints comes before the prompt
            _load_history(history)
            try:
                _read_lines(console, screen, worker)
            finally:
                _save_history(history)
        finally:
            worker.call(app.close())
    except KeyboardInterrupt:
        stream.write("\n(interrupted)\n")  # Ctrl-C while starting or stopping
        return 130
    finally:
        worker.close()
    return 0


def _read_lines(console: ConsoleAdapter, screen: PromptScreen, worker: _LoopThread) -> None:
    while console.running:
        screen.prompt = console.prompt()
        try:
            line = input(screen.prompt)
        except EOFError:  # Ctrl-D
            screen.prompt = None
            screen.show("")
            return
        except KeyboardInterrupt:  # Ctrl-C: the line is dropped, a fresh prompt follows
            screen.prompt = None
            screen.show("^C")
            continue
        screen.prompt = None
        try:
            worker.call(console.handle_line(line))
        except (KeyboardInterrupt, CancelledError):
            screen.show("(interrupted)")


def _load_history(path: Path) -> None:
    if readline is None:
        return
    readline.set_history_length(HISTORY_LENGTH)
    try:
        readline.read_history_file(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        log.warning("cannot read console history %s: %s", path, error)


def _save_history(path: Path) -> None:
    if readline is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
    except OSError as error:
        log.warning("cannot save console history %s: %s", path, error)
