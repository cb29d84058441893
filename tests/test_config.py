"""Settings: .env plus environment, validated with clear errors, secrets never shown."""

from __future__ import annotations

import logging
import math
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import (
    MIN_DAILY_GRACE,
    ConfigError,
    Settings,
    dotenv_value,
    exposed_dotenv,
    load_settings,
    masked_url,
    read_dotenv,
)
from bot.daily.scheduler import BACKOFF, ERROR_WAIT, MAX_WAIT
from tests.test_console_e2e import console


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, dotenv=tmp_path / "missing.env")
    assert settings.database_url == "sqlite:///data/bot.db"
    assert not settings.slack_enabled and not settings.discord_enabled


def test_environment_overrides_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport LOG_LEVEL=debug\nDATABASE_URL='sqlite:///x.db'\nPORT=4000\n"
    )
    settings = load_settings({"PORT": "5000"}, dotenv=dotenv)
    assert (settings.log_level, settings.database_url, settings.port) == (
        "DEBUG",
        "sqlite:///x.db",
        5000,
    )


def test_a_dotenv_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad's UTF-8 starts with a byte-order mark: `.env:1: expected KEY=value` it was."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("# settings\nLOG_LEVEL=debug\n", encoding="utf-8-sig")
    assert load_settings({}, dotenv=dotenv).log_level == "DEBUG"
    dotenv.write_text("LOG_LEVEL=debug\n", encoding="utf-8-sig")
    assert load_settings({}, dotenv=dotenv).log_level == "DEBUG"


def test_a_dotenv_not_in_utf8_names_its_line_not_its_bytes(tmp_path: Path) -> None:
    """A Latin-1 .env stopped every command with a UnicodeDecodeError traceback."""
    dotenv = tmp_path / ".env"
    dotenv.write_bytes(b"LOG_LEVEL=debug\nSLACK_SIGNING_SECRET=s\xe9cret\n")
    with pytest.raises(ConfigError) as caught:
        load_settings({}, dotenv=dotenv)
    assert str(caught.value) == f"{dotenv}:2: not UTF-8 text; save the file as UTF-8"


@given(st.binary(max_size=200))
def test_any_dotenv_bytes_are_settings_or_a_configuration_problem(content: bytes) -> None:
    """Whatever a .env holds, the start-up check answers with settings or a ConfigError
    (printed as "Configuration problem"), never another exception's traceback."""
    with tempfile.TemporaryDirectory() as folder:
        dotenv = Path(folder, ".env")
        dotenv.write_bytes(content)
        try:
            load_settings({}, dotenv=dotenv)
        except ConfigError as error:
            assert str(error)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            {
                "DATABASE_URL": "mysql://x",
                "PORT": "abc",
                "SLACK_BOT_TOKEN": "xoxb-1",
                "DISCORD_GUILD_ID": "guild",
                "DAILY_GRACE": "soon",
            },
            dotenv=None,
        )
    message = str(caught.value)
    for expected in (
        "DATABASE_URL",
        "PORT",
        "SLACK_SIGNING_SECRET",
        "DISCORD_GUILD_ID",
        "DAILY_GRACE",
    ):
        assert expected in message


def test_secrets_never_render(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-secret-token",
            "SLACK_SIGNING_SECRET": "shh-signing",
            "DISCORD_TOKEN": "disc.tok",
        },
        dotenv=None,
    )
    assert settings.slack_enabled and settings.discord_enabled
    logging.getLogger("t").warning("settings: %s %r\n%s", settings, settings, settings.describe())
    for secret in ("xoxb-secret-token", "shh-signing", "disc.tok"):
        assert secret not in caplog.text
    assert settings.slack_bot_token.reveal() == "xoxb-secret-token"


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).parents[1] / ".env.example").read_text()
    declared = {
        line.split("=", 1)[0]
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }
    expected = {name.upper() for name in Settings.__dataclass_fields__}
    assert expected <= declared


def test_response_origins_are_validated() -> None:
    settings = load_settings({"SLACK_RESPONSE_ORIGINS": "http://127.0.0.1, https://h.test"}, None)
    assert settings.slack_response_origins == ("http://127.0.0.1", "https://h.test")
    assert load_settings({}, None).slack_response_origins == ()
    with pytest.raises(ConfigError, match="SLACK_RESPONSE_ORIGINS"):
        load_settings({"SLACK_RESPONSE_ORIGINS": "https://h.test/path"}, None)


def test_discord_shards_are_validated() -> None:
    settings = load_settings({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "3, 2"}, None)
    assert (settings.discord_shard_count, settings.discord_shard_ids) == (4, (2, 3))
    assert load_settings({"DISCORD_SHARD_COUNT": "2"}, None).discord_shard_ids is None
    for bad, problem in [
        ({"DISCORD_SHARD_IDS": "0"}, "also needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "2"}, "must be below"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "one"}, "shard numbers"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "²"}, "shard numbers"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "-1"}, "shard numbers"),
        ({"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT must be a whole number of 1 or more"),
    ]:
        with pytest.raises(ConfigError, match=problem):
            load_settings(bad, None)


def test_shard_ids_with_an_unreadable_count_list_the_count_s_problem_only() -> None:
    """DISCORD_SHARD_COUNT=four beside DISCORD_SHARD_IDS=0,1 also said "DISCORD_SHARD_IDS
    also needs DISCORD_SHARD_COUNT", a count that was set."""
    with pytest.raises(ConfigError) as caught:
        load_settings({"DISCORD_SHARD_COUNT": "four", "DISCORD_SHARD_IDS": "0,1"}, None)
    assert str(caught.value).splitlines() == [
        "DISCORD_SHARD_COUNT must be a whole number of 1 or more, got 'four'"
    ]


@given(count=st.text(max_size=6), ids=st.text(alphabet="0123456789, -x", max_size=8))
def test_shard_settings_are_read_or_each_problem_is_named_once(count: str, ids: str) -> None:
    try:
        settings = load_settings({"DISCORD_SHARD_COUNT": count, "DISCORD_SHARD_IDS": ids}, None)
    except ConfigError as error:
        problems = str(error).splitlines()
        assert all(
            line.startswith(("DISCORD_SHARD_COUNT ", "DISCORD_SHARD_IDS ")) for line in problems
        )
        if "DISCORD_SHARD_IDS also needs DISCORD_SHARD_COUNT" in problems:
            assert not count.strip()  # said only of a count that is not set
        return
    assert settings.discord_shard_count is None or settings.discord_shard_count >= 1
    if settings.discord_shard_ids is not None:
        assert settings.discord_shard_count is not None
        assert all(0 <= n < settings.discord_shard_count for n in settings.discord_shard_ids)


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://bot:hunter2@db:5432/bot", "postgresql://bot:********@db:5432/bot"),
        ("postgres://bot:p%40ss:w@db/bot", "postgres://bot:********@db/bot"),
        ("postgresql://bot:a@b@db/bot", "postgresql://bot:********@db/bot"),
        ("postgresql://bot:x@h1,h2:5433/bot", "postgresql://bot:********@h1,h2:5433/bot"),
        (
            "postgresql://db/bot?sslmode=require&password=hunter2",
            "postgresql://db/bot?sslmode=require&password=********",
        ),
        ("postgresql://bot@db/bot", "postgresql://bot@db/bot"),
        ("sqlite:///data/bot.db", "sqlite:///data/bot.db"),
        ("postgresql://bot:hunter2@[::1/bot", "postgresql://********"),  # unparseable
    ],
)
def test_a_database_password_is_masked(url: str, masked: str) -> None:
    assert masked_url(url) == masked


def test_settings_never_show_the_database_password(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(
        {"DATABASE_URL": "postgresql://bot:hunter2@db.internal:5432/debate"}, dotenv=None
    )
    logging.getLogger("t").warning("%s %r\n%s", settings, settings, settings.describe())
    assert "hunter2" not in caplog.text
    assert "postgresql://bot:********@db.internal:5432/debate" in settings.describe()
    assert "database_url='postgresql://bot:********@db.internal:5432/debate'" in repr(settings)
    assert settings.database_url.endswith("hunter2@db.internal:5432/debate")  # still usable


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="@/?#[]*"), min_size=6))
def test_no_password_survives_masking(password: str) -> None:
    url = f"postgresql://bot:{quote(password, safe='')}@db/bot"
    assert quote(password, safe="") not in masked_url(url).removeprefix("postgresql://bot:")


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("PORT", "99999", "PORT must be a whole number from 1 to 65535, got '99999'"),
        ("PORT", "3_000", "PORT must be a whole number from 1 to 65535, got '3_000'"),
        ("PORT", "٣٠٠٠", "PORT must be a whole number from 1 to 65535, got '٣٠٠٠'"),
        ("DISCORD_SHARD_COUNT", "2_0", "DISCORD_SHARD_COUNT must be a whole number of 1 or more"),
        ("POLL_EDIT_INTERVAL", "nan", "POLL_EDIT_INTERVAL must be a positive number of seconds"),
        ("POLL_EDIT_INTERVAL", "inf", "POLL_EDIT_INTERVAL must be a positive number of seconds"),
        ("POLL_EDIT_INTERVAL", "0.0", "POLL_EDIT_INTERVAL must be a positive number of seconds"),
    ],
)
def test_numbers_python_reads_but_the_bot_cannot_use_are_refused_by_name(
    name: str, value: str, problem: str
) -> None:
    """PORT=99999 passed, then stopped the Slack start with an OverflowError traceback;
    POLL_EDIT_INTERVAL=nan or inf passed, an interval no edit could ever be timed by."""
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value}, dotenv=None)
    assert str(caught.value).startswith(problem)


@given(st.one_of(st.text(max_size=8), st.integers(-10, 70000).map(str)))
def test_a_port_is_ascii_digits_from_1_to_65535_or_a_problem_naming_port(port: str) -> None:
    expected = int(port.strip()) if port.strip().isascii() and port.strip().isdigit() else None
    if not port.strip():
        assert load_settings({"PORT": port}, dotenv=None).port == 3000
    elif expected is not None and 1 <= expected <= 65535:
        assert load_settings({"PORT": port}, dotenv=None).port == expected
    else:
        with pytest.raises(ConfigError, match=r"^PORT must be a whole number from 1 to 65535"):
            load_settings({"PORT": port}, dotenv=None)


@given(st.one_of(st.text(max_size=8), st.floats().map(str), st.decimals().map(str)))
def test_a_poll_edit_interval_is_a_finite_positive_number_or_a_problem_naming_it(
    interval: str,
) -> None:
    try:
        settings = load_settings({"POLL_EDIT_INTERVAL": interval}, dotenv=None)
    except ConfigError as error:
        assert str(error).startswith("POLL_EDIT_INTERVAL must be a positive number of seconds")
        return
    assert math.isfinite(settings.poll_edit_interval) and settings.poll_edit_interval > 0
    if interval.strip():
        assert settings.poll_edit_interval == float(interval)


@pytest.mark.parametrize("guild", ["²", "٣", "12a", "99999999999999999999"])
def test_a_guild_id_must_be_ascii_digits_that_fit(guild: str) -> None:
    """`str.isdigit()` took `²` (then int() raised ValueError) and `٣` (read as 3)."""
    with pytest.raises(ConfigError, match="DISCORD_GUILD_ID"):
        load_settings({"DISCORD_GUILD_ID": guild}, dotenv=None)


def test_a_guild_id_in_ascii_digits_is_read() -> None:
    assert load_settings({"DISCORD_GUILD_ID": "1234"}, dotenv=None).discord_guild_id == 1234


@pytest.mark.parametrize("grace", ["0", "0s", "1s", "59m"])
def test_a_daily_grace_too_short_to_post_is_refused(grace: str) -> None:
    """DAILY_GRACE=0 was accepted, and then every day was skipped "because the bot was down"."""
    with pytest.raises(ConfigError) as caught:
        load_settings({"DAILY_GRACE": grace, "PORT": "abc"}, dotenv=None)
    assert f"DAILY_GRACE must be at least 1h, got {grace!r}" in str(caught.value).splitlines()
    assert "PORT" in str(caught.value)  # reported with the others, at once


@given(st.integers(0, 10 * 86400))
def test_a_daily_grace_is_kept_exactly_when_it_reaches_the_minimum(seconds: int) -> None:
    raw = f"{seconds}s"
    if seconds >= MIN_DAILY_GRACE:
        assert load_settings({"DAILY_GRACE": raw}, dotenv=None).daily_grace == seconds
    else:
        with pytest.raises(ConfigError, match="DAILY_GRACE must be at least 1h"):
            load_settings({"DAILY_GRACE": raw}, dotenv=None)


def test_the_minimum_daily_grace_outlasts_the_scheduler_retries() -> None:
    """A failed post's last retry, late by a failed plan and a wake from suspend, must
    still fall within the grace, or it is dropped as if the bot had been down."""
    assert MIN_DAILY_GRACE >= sum(BACKOFF) + ERROR_WAIT + MAX_WAIT


def test_a_comment_after_an_unquoted_dotenv_value_is_not_part_of_it(tmp_path: Path) -> None:
    """`LOG_LEVEL=INFO  # or DEBUG` was refused as the level `INFO  # OR DEBUG`:
    python-dotenv and docker compose drop the comment, and so does the bot now."""
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "LOG_LEVEL=warning  # or DEBUG\n"
        "PORT=4000\t# behind the proxy\n"
        "SLACK_SIGNING_SECRET=ab#cd\n"
        "SLACK_BOT_TOKEN='xoxb # quoted'  # a comment after quotes\n"
        'BOT_ADMINS="U1,U2"#no space needed after quotes\n'
        "LOG_FILE=   # empty: stderr\n"
    )
    assert read_dotenv(dotenv) == {
        "LOG_LEVEL": "warning",
        "PORT": "4000",
        "SLACK_SIGNING_SECRET": "ab#cd",
        "SLACK_BOT_TOKEN": "xoxb # quoted",
        "BOT_ADMINS": "U1,U2",
        "LOG_FILE": "",
    }
    settings = load_settings({}, dotenv=dotenv)
    assert (settings.log_level, settings.port) == ("WARNING", 4000)


#: One line's worth of text: no character `str.splitlines` ends a line at.
LINE_TEXT = st.text(st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cs")), max_size=30)
BLANKS = st.text(st.sampled_from(" \t"), min_size=1, max_size=3)


@given(
    value=LINE_TEXT.filter(
        lambda v: v == v.strip() and v[:1] not in ("'", '"') and not re.search(r"\s#", v)
    ),
    blanks=BLANKS,
    comment=LINE_TEXT,
)
def test_an_unquoted_dotenv_value_is_the_text_before_a_comment(
    value: str, blanks: str, comment: str
) -> None:
    assert dotenv_value(f"{value}{blanks}#{comment}") == value
    assert dotenv_value(f"{value}  ") == value


@given(
    quote=st.sampled_from(["'", '"']),
    value=LINE_TEXT,
    after=st.one_of(st.just(""), st.builds(lambda b, c: f"{b}#{c}", BLANKS, LINE_TEXT)),
)
def test_a_quoted_dotenv_value_is_what_its_quotes_hold(quote: str, value: str, after: str) -> None:
    """A `#` or spaces inside the quotes stay; a comment after them goes."""
    value = value.replace(quote, "")
    assert dotenv_value(f"{quote}{value}{quote}{after}") == value


@given(st.lists(st.tuples(st.from_regex(r"[A-Z_]{1,8}", fullmatch=True), LINE_TEXT), max_size=5))
def test_every_dotenv_line_is_read_as_its_value_alone(pairs: list[tuple[str, str]]) -> None:
    """The file read line by line gives each key its `dotenv_value`, the last line of a key
    winning (the parser's pieces agree with the whole)."""
    with tempfile.TemporaryDirectory() as folder:
        dotenv = Path(folder, ".env")
        dotenv.write_text("".join(f"{key}={text}\n" for key, text in pairs), encoding="utf-8")
        assert read_dotenv(dotenv) == {key: dotenv_value(text) for key, text in pairs}


def test_the_log_level_problem_names_every_level_accepted() -> None:
    assert load_settings({"LOG_LEVEL": "critical"}, dotenv=None).log_level == "CRITICAL"
    with pytest.raises(ConfigError) as caught:
        load_settings({"LOG_LEVEL": "loud"}, dotenv=None)
    assert "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got 'LOUD'" in str(
        caught.value
    )


@pytest.mark.parametrize(
    "line",
    [
        "DISCORD_TOKEN=MTIz.abc.def",
        "SLACK_BOT_TOKEN=xoxb-1-2",
        "SLACK_SIGNING_SECRET=0123abcd",
        "SLACK_APP_TOKEN=xapp-1",
        "DATABASE_URL=postgresql://bot:hunter2@db/bot",
        "DATABASE_URL=postgresql://bot@db/bot?password=hunter2",
    ],
)
def test_a_dotenv_with_secrets_readable_by_others_is_warned_of(tmp_path: Path, line: str) -> None:
    """`cp .env.example .env` gave a file every user of the machine could read, tokens and
    database password included, and nothing said so."""
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"LOG_LEVEL=INFO\n{line}\n", encoding="utf-8")
    value = line.partition("=")[2]
    for mode in (0o644, 0o640, 0o604, 0o660):
        dotenv.chmod(mode)
        warning = exposed_dotenv(dotenv)
        assert warning is not None and f"chmod 600 {dotenv}" in warning
        assert value not in warning and "hunter2" not in warning
    dotenv.chmod(0o600)
    assert exposed_dotenv(dotenv) is None


@pytest.mark.parametrize(
    "text", ["", "LOG_LEVEL=DEBUG\nDISCORD_TOKEN=\n", "DATABASE_URL=postgresql://bot@db/bot\n"]
)
def test_a_dotenv_without_secrets_may_be_read_by_anyone(tmp_path: Path, text: str) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(text, encoding="utf-8")
    dotenv.chmod(0o644)
    assert exposed_dotenv(dotenv) is None
    assert exposed_dotenv(tmp_path / "missing.env") is None


def test_the_bot_warns_of_a_readable_dotenv_at_start(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("DISCORD_TOKEN=MTIz.secret-part\n", encoding="utf-8")
    dotenv.chmod(0o644)
    warned = console("/topics\n", tmp_path)
    assert warned.returncode == 0
    assert "WARNING bot: .env holds secrets" in warned.stderr and "chmod 600 .env" in warned.stderr
    assert "secret-part" not in warned.stderr + warned.stdout
    dotenv.chmod(0o600)
    assert "chmod 600" not in console("/topics\n", tmp_path).stderr
