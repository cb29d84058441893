"""Settings from the environment and `.env`, validated once at start-up.

Kept free of heavy imports (no pydantic): the console must answer within a fraction of a
second. Secrets are wrapped so that logging or printing the settings never shows them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.ids import MAX_ID, parse_id, parse_integer

#: Relative, so it lands in `./data` of a checkout and in `/app/data`, the volume, in the
#: Docker image (whose working directory is /app): one default for both.
DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"
_SQLITE = "sqlite:///"
MASK = "********"
#: The highest TCP port: PORT=99999 used to pass, then stop the start with a traceback.
MAX_PORT = 65535
#: A decimal number as people write one: no sign, exponent, `_`, `nan` or `inf`.
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
#: `password=` in a URL's query string (libpq and asyncpg accept the password there too).
_QUERY_PASSWORD = re.compile(r"(?i)((?:^|&)password=)[^&]*")
#: The shortest DAILY_GRACE that lets a daily post go out while the bot is up. The scheduler
#: wakes on the slot itself, but a refused post is retried 1, 5 and 25 minutes later (31 min
#: in all, `bot.daily.scheduler.BACKOFF`), a failed plan is tried again a minute later and a
#: machine back from suspend re-plans within 5 minutes (`MAX_WAIT`): a retry due past the
#: grace is dropped, and a grace of a few seconds misses the slot outright, so that every
#: day is recorded as skipped "because the bot was down". An hour covers all of it.
MIN_DAILY_GRACE = 3600
#: The settings file read from the working folder.
DOTENV = Path(".env")


class ConfigError(Exception):
    """Start-up configuration is wrong; the message lists every problem, one a line."""


class CredentialRevoked(Exception):
    """A platform stopped taking a credential while the bot ran (a token reset, the app
    deleted): only a new one helps, so the process stops with one line naming the setting
    (`cli._serve`), as a start-up refusal does, never a library's traceback."""


class Secret:
    """A credential that never renders itself: `str()` and `repr()` show a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def masked_url(url: str) -> str:
    """`url` with its password (`user:password@`, `?password=`) masked: safe to print.

    A URL too broken to take apart is masked whole after its scheme: whatever it holds
    could be a password.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split(":", 1)[0] + "://" + MASK
    userinfo, at, hosts = parts.netloc.rpartition("@")
    netloc = parts.netloc
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{hosts}"
    query = _QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, parts.query)
    if (netloc, query) == (parts.netloc, parts.query):
        return url  # nothing to mask: keep the text exactly as given
    return urlunsplit(parts._replace(netloc=netloc, query=query))


@dataclass(frozen=True, repr=False)
class Settings:
    """Every setting the bot reads; `.env.example` documents each one. Printing it (or
    `describe()`) never shows a secret or the database password."""

    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: Path | None = None
    log_level: str = "INFO"
    log_file: Path | None = None
    bot_admins: frozenset[str] = frozenset()
    poll_edit_interval: float = 2.0
    daily_grace: int = 6 * 3600
    port: int = 3000
    slack_bot_token: Secret = field(default_factory=lambda: Secret(""))
    slack_signing_secret: Secret = field(default_factory=lambda: Secret(""))
    slack_app_token: Secret = field(default_factory=lambda: Secret(""))
    slack_api_url: str | None = None
    #: Origins (scheme://host) answers may be posted to instead of Slack's hooks hosts.
    slack_response_origins: tuple[str, ...] = ()
    discord_token: Secret = field(default_factory=lambda: Secret(""))
    discord_guild_id: int | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    #: Sharding (discord.py's AutoShardedClient): the total shard count, and the shards this
    #: process runs (all of them when only the count is set).
    discord_shard_count: int | None = None
    discord_shard_ids: tuple[int, ...] | None = None
    chart_dir: Path | None = None

    @property
    def data_dir(self) -> Path:
        """The folder of the SQLite database (`./data` with PostgreSQL): local files go there."""
        path = self.database_url.removeprefix(_SQLITE)
        if self.database_url.startswith(_SQLITE) and path != ":memory:":
            return Path(path).parent
        return Path("data")

    @property
    def charts(self) -> Path:
        """Where the console saves chart images: CHART_DIR, else `charts` in the data folder."""
        return self.chart_dir or self.data_dir / "charts"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    @property
    def slack_socket_mode(self) -> bool:
        return self.slack_enabled and bool(self.slack_app_token)

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._shown().items())
        return f"Settings({shown})"

    def describe(self) -> str:
        """A loggable summary: secrets only say whether they are set."""
        lines = []
        for name, value in self._shown().items():
            shown = ("set" if value else "not set") if isinstance(value, Secret) else value
            lines.append(f"{name.upper()}={shown}")
        return "\n".join(lines)

    def _shown(self) -> dict[str, object]:
        """Every field as it may be shown: secrets as `Secret` (masked), the database URL
        with its password masked."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["database_url"] = masked_url(self.database_url)
        return values


#: An unquoted value's trailing comment: a `#` after whitespace, to the end of the line.
_TRAILING_COMMENT = re.compile(r"\s+#.*")


def read_dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines of a `.env` file (comments, blank lines, `export` and quotes allowed)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(_dotenv_text(path).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        values[key.strip()] = dotenv_value(value)
    return values


def dotenv_value(text: str) -> str:
    """The value of a `.env` line, from the text after its `=`, read as python-dotenv and
    docker compose read it: `LOG_LEVEL=INFO  # or DEBUG` is `INFO`, where the comment
    was kept and the level refused. A quoted value is what is between its quotes (a `#`
    there stays), a comment after them dropped; an unquoted one ends before a `#` that
    follows whitespace (`a#b` stays whole). A quote left open is kept as written."""
    value = text.strip()
    if value[:1] in ("'", '"'):
        end = value.find(value[0], 1)
        if end > 0 and not _TRAILING_COMMENT.sub("", " " + value[end + 1 :]).strip():
            return value[1:end]
        closed = len(value) >= 2 and value[-1] == value[0]
        return value[1:-1] if closed else value
    return _TRAILING_COMMENT.sub("", text).strip()  # `KEY= # note` is empty, `KEY=#x` not


def _dotenv_text(path: Path) -> str:
    """The text of a `.env` file. A byte-order mark (Windows editors write one) is not
    part of its first key; a file in another encoding is a ConfigError naming its line,
    not a UnicodeDecodeError traceback (and its bytes are not shown: they may be secret)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


#: The settings whose values are credentials (`Secret` fields): who can read them can act
#: as the bot.
SECRET_SETTINGS = tuple(f.name.upper() for f in fields(Settings) if f.type == "Secret")


def exposed_dotenv(path: Path) -> str | None:
    """A warning when the `.env` at `path` holds a credential (a token, the signing secret,
    a database password) and other users of the machine may read or change it; else None.

    `cp .env.example .env` makes a file anyone on the machine can read (umask 022): its
    tokens post as the bot, and whoever can write it can point the bot elsewhere. Only a
    warning: the file is the operator's, and a container's may be mounted read-only."""
    try:
        mode = path.stat().st_mode
        values = read_dotenv(path)
    except (OSError, ConfigError):
        return None  # a missing or unreadable file: load_settings reports what matters
    password = masked_url(values.get("DATABASE_URL", "")) != values.get("DATABASE_URL", "")
    holds_secret = password or any(values.get(name) for name in SECRET_SETTINGS)
    if not holds_secret or not mode & 0o077:
        return None
    return (
        f"{path} holds secrets and other users of this machine may read it "
        f"(mode {stat.filemode(mode)}); make it yours alone: chmod 600 {path}"
    )


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = DOTENV
) -> Settings:
    """Settings from `.env` overlaid by the environment; raises ConfigError listing problems."""
    merged = read_dotenv(dotenv) if dotenv else {}
    merged.update(os.environ if environ is None else environ)
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = merged.get(name, "").strip()
        return value or None

    def listed(name: str) -> tuple[str, ...]:
        """A comma-separated list, blanks dropped."""
        return tuple(item.strip() for item in (get(name) or "").split(",") if item.strip())

    def whole(name: str, default: int, limit: int = MAX_ID) -> int:
        """A whole number from 1 to `limit` in ASCII digits (`int()` also took `3_000`, `٣`)."""
        raw = get(name)
        if raw is None:
            return default
        value = parse_id(raw, limit=limit)
        if value is None:
            allowed = f"from 1 to {limit}" if limit < MAX_ID else "of 1 or more"
            problems.append(f"{name} must be a whole number {allowed}, got {raw!r}")
            return default
        return value

    def seconds(name: str, default: float) -> float:
        """A positive decimal number of seconds: `float()` also took `nan` and `inf`, an
        interval every comparison fails or one that never ends."""
        raw = get(name)
        if raw is None:
            return default
        if not _DECIMAL.fullmatch(raw) or float(raw) <= 0:
            problems.append(
                f"{name} must be a positive number of seconds, e.g. 2 or 0.5, got {raw!r}"
            )
            return default
        return float(raw)

    def duration(name: str, default: int, minimum: int) -> int:
        raw = get(name)
        if raw is None:
            return default
        try:
            value = parse_duration(raw)
        except UserError as error:
            problems.append(f"{name}: {error.message}")
            return default
        if value < minimum:
            problems.append(f"{name} must be at least {format_duration(minimum)}, got {raw!r}")
        return value

    level = (get("LOG_LEVEL") or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        problems.append(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}")
    database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        problems.append("DATABASE_URL must start with sqlite:/// or postgresql://")
    knowledge = get("KNOWLEDGE_DIR")
    if knowledge and not Path(knowledge).is_dir():
        problems.append(f"KNOWLEDGE_DIR {knowledge!r} is not a folder")
    guild = get("DISCORD_GUILD_ID")
    guild_id = parse_id(guild) if guild else None
    if guild and guild_id is None:
        problems.append(f"DISCORD_GUILD_ID must be a numeric id, got {guild!r}")
    for url_name in ("SLACK_API_URL", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL"):
        url = get(url_name)
        if url and not url.startswith(("http://", "https://", "ws://", "wss://")):
            problems.append(f"{url_name} must be an http(s) or ws(s) URL")
    slack_token, slack_secret = get("SLACK_BOT_TOKEN"), get("SLACK_SIGNING_SECRET")
    if bool(slack_token) != bool(slack_secret):
        problems.append(
            "Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (one is missing)"
        )
    if get("SLACK_APP_TOKEN") and not slack_token:
        problems.append("SLACK_APP_TOKEN (Socket Mode) also needs SLACK_BOT_TOKEN")
    origins = listed("SLACK_RESPONSE_ORIGINS")
    for origin in origins:
        if not re.fullmatch(r"https?://[^/:?#@\s]+(:\d+)?/?", origin):
            problems.append(
                f"SLACK_RESPONSE_ORIGINS: {origin!r} is not a scheme and host "
                "(e.g. https://hooks.slack.com)"
            )
    port = whole("PORT", 3000, limit=MAX_PORT)
    shard_count = whole("DISCORD_SHARD_COUNT", 0) or None
    shard_ids: tuple[int, ...] | None = None
    if listed("DISCORD_SHARD_IDS"):
        numbers = [parse_integer(item) for item in listed("DISCORD_SHARD_IDS")]
        if any(n is None or n < 0 for n in numbers):
            problems.append("DISCORD_SHARD_IDS must be comma-separated shard numbers, e.g. 0,1")
        elif get("DISCORD_SHARD_COUNT") is None:
            problems.append("DISCORD_SHARD_IDS also needs DISCORD_SHARD_COUNT")
        elif shard_count is not None:  # else the count's own problem is listed already
            shard_ids = tuple(sorted({n for n in numbers if n is not None}))
            if shard_ids[-1] >= shard_count:
                problems.append(
                    f"DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT ({shard_count}), "
                    f"got {shard_ids[-1]}"
                )
    settings = Settings(
        database_url=database_url,
        knowledge_dir=Path(knowledge) if knowledge else None,
        log_level=level,
        log_file=Path(p) if (p := get("LOG_FILE")) else None,
        bot_admins=frozenset(listed("BOT_ADMINS")),
        poll_edit_interval=seconds("POLL_EDIT_INTERVAL", 2.0),
        daily_grace=duration("DAILY_GRACE", 6 * 3600, MIN_DAILY_GRACE),
        port=port,
        slack_bot_token=Secret(slack_token or ""),
        slack_signing_secret=Secret(slack_secret or ""),
        slack_app_token=Secret(get("SLACK_APP_TOKEN") or ""),
        slack_api_url=get("SLACK_API_URL"),
        slack_response_origins=origins,
        discord_token=Secret(get("DISCORD_TOKEN") or ""),
        discord_guild_id=guild_id,
        discord_api_base=get("DISCORD_API_BASE"),
        discord_gateway_url=get("DISCORD_GATEWAY_URL"),
        discord_shard_count=shard_count,
        discord_shard_ids=shard_ids,
        chart_dir=Path(c) if (c := get("CHART_DIR")) else None,
    )
    if problems:
        raise ConfigError("\n".join(problems))
    return settings
