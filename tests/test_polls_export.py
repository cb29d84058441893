"""Vote export: RFC 4180 CSV that spreadsheets cannot execute, JSON, and the CLI command."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import _poll_id, main
from bot.clock import ManualClock
from bot.commands.polls import PollCommands
from bot.core.context import Context, UserRef
from bot.core.dispatch import Dispatcher
from bot.core.ids import MAX_ID
from bot.core.registry import Registry
from bot.core.sanitize import strip_controls
from bot.knowledge import default_pack_dir, load_pack
from bot.polls.export import export_votes, neutralize_formula
from bot.polls.model import PollDraft, PollOption
from bot.polls.service import PollService
from bot.polls.store import VoteRecord
from bot.storage.factory import misplaced_sqlite_file, missing_sqlite_file, open_database
from bot.storage.migrate import migrate, schema_version
from bot.storage.migrations import all_migrations
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import POSTGRES_URL, drop_postgres_schema, open_postgres_schema
from tests.test_ids import full_width
from tests.test_polls_options import poll_of

#: Terminal controls: C0 but newline, DEL, C1, bidirectional overrides.
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OPTIONS = '=HYPERLINK("http://x","y") | +1 | -2 | @SUM(A1) | plain, "quoted"'


async def voted_poll(url: str, clock: ManualClock, *, anonymous: bool = False) -> int:
    """A poll whose options are formulas, voted by bob (twice) and cy."""
    db = await open_database(url)
    try:
        service = PollService(db, clock)
        ann = Context("console", "W", "general", "ann", "Ann", False, clock)
        draft = PollDraft.custom("-Tabs or spaces?", OPTIONS, anonymous=anonymous, multi=True)
        reply = await service.create(ann, draft)
        assert reply.poll_id is not None
        for user, option in (("bob", 1), ("bob", 5), ("cy", 5)):
            who = Context("console", "W", "general", user, f"={user}", False, clock)
            await service.vote(who, reply.poll_id, option)
        return reply.poll_id
    finally:
        await db.close()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


#: What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: Any text, often starting with what a spreadsheet or the neutralising quote reads specially.
USER_TEXT = st.tuples(
    st.text(st.sampled_from([*FORMULA_STARTS, "'", " ", "\n", "\u3000"]), max_size=3), st.text()
).map("".join)


def read_back(cell: str) -> str:
    """A CSV cell as it was stored: the documented rule, one leading `'` dropped."""
    return cell.removeprefix("'")


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=1", "'x", " =1+1", "\n@A1", "\u3000-1"]
)
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralize_formula(cell) == "'" + cell


@pytest.mark.parametrize("value", ["plain", "a=b", " a=b", "", 3, 1.5])
def test_other_values_pass_unchanged(value: object) -> None:
    assert neutralize_formula(value) == value


@given(question=USER_TEXT, label=USER_TEXT, name=USER_TEXT)
def test_every_user_text_cell_is_inert_and_reads_back_as_stored(
    question: str, label: str, name: str
) -> None:
    """Whatever a poll's creator or a voter typed (or named themselves), its CSV cell starts
    with nothing a spreadsheet runs, even once trimmed of spaces as LibreOffice and Google
    Sheets trim it, and dropping one leading `'` gives the stored text back: a label typed
    as `'=1` must not read back as the formula `=1`."""
    options = (PollOption(1, label), PollOption(2, "other"))
    poll = replace(poll_of("A | B"), question=question, options=options)
    vote = VoteRecord(1, UserRef("console", "W", "bob"), name, 0.0)
    [row] = csv.DictReader(io.StringIO(export_votes(poll, [vote], "csv"), newline=""))
    for column, stored in (("question", question), ("option_label", label), ("display_name", name)):
        assert not row[column].startswith(FORMULA_STARTS)
        assert not row[column].lstrip().startswith(FORMULA_STARTS)  # nor once trimmed
        assert read_back(row[column]) == strip_controls(stored)


async def test_csv_is_rfc_4180_and_formula_safe(url: str, clock: ManualClock) -> None:
    poll_id = await voted_poll(url, clock)
    db = await open_database(url)
    try:
        text = await PollService(db, clock).export(poll_id, "csv")
    finally:
        await db.close()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert '"plain, ""quoted"""' in text  # commas and quotes quoted, quotes doubled
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["voter"], r["option_number"]) for r in rows] == [
        ("console:W:bob", "1"),
        ("console:W:bob", "5"),
        ("console:W:cy", "5"),
    ]
    assert rows[0]["option_label"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["question"] == "'-Tabs or spaces?"
    assert rows[0]["display_name"] == "'=bob" and rows[1]["option_label"] == 'plain, "quoted"'
    assert rows[0]["voted_at"] == "2026-03-02T09:00:00+00:00"
    for row in rows:
        assert not any(v.startswith(FORMULA_STARTS) for v in row.values())


async def test_json_keeps_values_and_anonymous_polls_hide_voters(
    url: str, clock: ManualClock
) -> None:
    poll_id = await voted_poll(url, clock, anonymous=True)
    db = await open_database(url)
    try:
        service = PollService(db, clock)
        document = json.loads(await service.export(poll_id, "json"))
        text = await service.export(poll_id, "csv")
    finally:
        await db.close()
    assert document["poll"]["anonymous"] is True
    assert document["poll"]["options"][0]["label"] == '=HYPERLINK("http://x","y")'
    assert [(v["voter"], v["option_number"]) for v in document["votes"]] == [
        ("voter-1", 1),
        ("voter-1", 5),
        ("voter-2", 5),
    ]
    assert all(v["display_name"] == "" for v in document["votes"])
    assert "bob" not in text and "bob" not in json.dumps(document)


async def test_json_names_the_conversation_of_two_polls_asking_the_same(
    url: str, clock: ManualClock
) -> None:
    """A poll "Lunch?" in #general and one in #random exported as two documents alike but
    for the poll's number: nothing said which channel's answers each held."""
    db = await open_database(url)
    try:
        service = PollService(db, clock)
        documents = []
        for channel in ("general", "random"):
            ann = Context("console", "W", channel, "ann", "Ann", False, clock)
            reply = await service.create(ann, PollDraft.custom("Lunch?", "Pizza | Sushi"))
            assert reply.poll_id is not None
            documents.append(json.loads(await service.export(reply.poll_id, "json")))
    finally:
        await db.close()
    assert [d["poll"]["conversation"] for d in documents] == [
        {"platform": "console", "workspace": "W", "channel": channel}
        for channel in ("general", "random")
    ]


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_votes(None, [], "xlsx")  # type: ignore[arg-type]


async def test_the_export_votes_command_writes_csv_and_json(
    url: str,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    poll_id = await voted_poll(url, clock)
    cli_against(url, tmp_path, monkeypatch)
    out = tmp_path / "votes.csv"
    assert await _cli("export-votes", "--poll", str(poll_id), "--output", str(out)) == 0
    header = b"\xef\xbb\xbfpoll_id,question,option_number,option_label,voter"  # the BOM first
    assert out.read_bytes().startswith(header) and out.read_bytes().count(b"\r\n") == 4
    assert await _cli("export-votes", "--poll", str(poll_id), "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)["votes"]) == 3
    assert await _cli("export-votes", "--poll", "99") == 1
    assert "There is no poll #99" in capsys.readouterr().err
    for bad in ("٣", "²", "99999999999999999999", full_width("99999999999999999999")):
        with pytest.raises(SystemExit) as refused:
            await _cli("export-votes", "--poll", bad)
        assert refused.value.code == 2 and "not a poll number" in capsys.readouterr().err
    # Typed with a Japanese input method left on, as the chat commands read it.
    assert await _cli("export-votes", "--poll", full_width(f"#{poll_id}"), "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)["votes"]) == 3


@given(st.integers(1, MAX_ID), st.sampled_from(["", "#", "＃"]), st.data())
@example(1, "", ["１"])
def test_a_poll_number_in_full_width_is_the_number_in_ascii(
    value: int, hashed: str, data: st.DataObject | list[str]
) -> None:
    """`debate-bot export-votes --poll １` was refused ("not a poll number"), though `/vote
    １ ２` is read: each digit, and `＃`, may come in full width, as a Japanese input
    method types them, and reads as the ASCII one."""
    digits = str(value)
    if isinstance(data, list):  # an @example's digits as typed
        typed = data
    else:
        typed = [data.draw(st.sampled_from([d, full_width(d)])) for d in digits]
    assert _poll_id(hashed + "".join(typed)) == value


async def test_a_file_named_json_gets_json_unless_a_format_is_asked(
    url: str, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--output votes.json` wrote CSV, byte-order mark and all, into a file every JSON
    reader then refused. With no `--format`, a `.json` file (any case) gets JSON; any
    other name gets CSV, and an explicit `--format` is always obeyed."""
    poll_id = await voted_poll(url, clock)
    cli_against(url, tmp_path, monkeypatch)
    for name, flags, is_json in (
        ("votes.json", (), True),
        ("VOTES.JSON", (), True),
        ("votes.txt", (), False),
        ("votes.json", ("--format", "csv"), False),
        ("votes.csv", ("--format", "json"), True),
    ):
        out = tmp_path / name
        argv = ("export-votes", "--poll", str(poll_id), "--output", str(out), *flags)
        assert await _cli(*argv) == 0
        written = out.read_bytes()
        if is_json:
            assert len(json.loads(written)["votes"]) == 3
        else:
            assert written.startswith(b"\xef\xbb\xbfpoll_id,")
        out.unlink()


async def test_a_csv_file_is_marked_utf_8_so_spreadsheets_read_its_labels(
    url: str, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV file of "José | 寿司 | שלום" opened in Excel showed "JosÃ©" and mojibake: with
    no byte-order mark Excel reads a CSV in the system's code page. The file now starts
    with UTF-8's mark; JSON, which every reader takes as UTF-8, does not."""
    db = await open_database(url)
    try:
        ann = Context("console", "W", "general", "ann", "Ann", False, clock)
        service = PollService(db, clock)
        poll_id = (await service.create(ann, PollDraft.custom("Où?", "José | 寿司 | שלום"))).poll_id
        assert poll_id is not None
        await service.vote(ann, poll_id, 2)
    finally:
        await db.close()
    cli_against(url, tmp_path, monkeypatch)
    for fmt in ("csv", "json"):
        out = tmp_path / f"votes.{fmt}"
        assert (
            await _cli(
                "export-votes", "--poll", str(poll_id), "--format", fmt, "--output", str(out)
            )
            == 0
        )
        marked = out.read_bytes().startswith(b"\xef\xbb\xbf")
        assert marked == (fmt == "csv")
        assert "寿司" in out.read_text(encoding="utf-8-sig") and "Où?" in out.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("target", "reason"),
    [("missing/votes.csv", "no such folder"), (".", "is a folder")],
)
def test_an_unwritable_output_is_one_line_before_the_database_is_opened(
    target: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No traceback, and no wait: the database named here does not even exist."""
    cli_against(f"sqlite:///{tmp_path / 'absent.db'}", tmp_path, monkeypatch)
    output = tmp_path / target
    assert main(["export-votes", "--poll", "1", "--output", str(output)]) == 1
    assert capsys.readouterr().err == f"Cannot write {output}: {reason}\n"


def test_a_read_only_folder_is_refused_before_the_database_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The permission is asked of the system as the user running the bot; root may write
    anywhere, so the answer for this folder is given here rather than by its mode bits."""
    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != folder and real_access(path, mode)
    )
    cli_against(f"sqlite:///{tmp_path / 'absent.db'}", tmp_path, monkeypatch)
    output = folder / "votes.csv"
    assert main(["export-votes", "--poll", "1", "--output", str(output)]) == 1
    assert capsys.readouterr().err == f"Cannot write {output}: permission denied\n"


async def test_output_dash_is_standard_output(
    url: str,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    poll_id = await voted_poll(url, clock)
    cli_against(url, tmp_path, monkeypatch)
    assert await _cli("export-votes", "--poll", str(poll_id), "--output", "-") == 0
    assert capsys.readouterr().out.startswith("poll_id,question,option_number")
    assert not (tmp_path / "-").exists()


def test_a_missing_sqlite_database_is_refused_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in DATABASE_URL, or the default `data/bot.db` from the wrong folder, must not
    create an empty database and then report that poll #1 does not exist."""
    named = tmp_path / "nothere" / "x.db"
    cli_against(f"sqlite:///{named}", tmp_path, monkeypatch)
    assert main(["export-votes", "--poll", "1"]) == 1
    assert capsys.readouterr().err == f"Cannot export: no database at {named} (DATABASE_URL)\n"
    monkeypatch.delenv("DATABASE_URL")  # the default, relative to the working folder
    assert main(["export-votes", "--poll", "1"]) == 1
    default = tmp_path / "data" / "bot.db"
    assert capsys.readouterr().err == f"Cannot export: no database at {default} (DATABASE_URL)\n"
    assert sorted(tmp_path.iterdir()) == []


def test_a_sqlite_url_naming_a_folder_is_refused_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DATABASE_URL=sqlite:///data (the folder, not data/bot.db) was refused as "not this
    bot's database (not readable as SQLite: disk I/O error)"; a start says what is wrong."""
    (tmp_path / "data").mkdir()
    cli_against("sqlite:///data", tmp_path, monkeypatch)
    assert main(["export-votes", "--poll", "1"]) == 1
    assert capsys.readouterr().err == (
        "Cannot export: data is a folder, not a file: DATABASE_URL names the database file "
        "itself, e.g. data/bot.db\n"
    )
    assert sorted(tmp_path.iterdir()) == [tmp_path / "data"]
    assert list((tmp_path / "data").iterdir()) == []


@given(st.from_regex(r"[a-z][a-z0-9_.-]{0,12}", fullmatch=True))
def test_any_sqlite_url_naming_a_folder_is_misplaced_never_foreign(name: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root, name)
        folder.mkdir(exist_ok=True)
        problem = misplaced_sqlite_file(f"sqlite:///{folder}")
    assert problem is not None and problem.startswith(f"{folder} is a folder, not a file")


def test_only_a_missing_sqlite_file_counts_as_missing(tmp_path: Path) -> None:
    """PostgreSQL keeps its behaviour: the server's database exists or connecting fails."""
    for url in ("sqlite:///:memory:", "postgresql://root@127.0.0.1:5432/test", "postgres://h/db"):
        assert missing_sqlite_file(url) is None
    file = tmp_path / "x.db"
    assert missing_sqlite_file(f"sqlite:///{file}") == file
    file.touch()
    assert missing_sqlite_file(f"sqlite:///{file}") is None


def _notes_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('mine')")


def _another_programs_ledger(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE schema_migrations (version INTEGER, name TEXT)")
        db.execute("INSERT INTO schema_migrations VALUES (1, 'create_invoices')")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_notes_database, "no schema_migrations table"),
        (lambda path: path.touch(), "no schema_migrations table"),
        (lambda path: path.write_text("name,score\n"), "not readable as SQLite: "),
        (_another_programs_ledger, "migrations this bot does not know: 1 create_invoices"),
    ],
)
def test_a_file_that_is_not_the_bot_s_database_is_refused_and_left_unchanged(
    make: Callable[[Path], None],
    problem: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Export used to migrate any SQLite file it was pointed at: the bot's tables were added
    to someone else's file before it answered that poll #1 did not exist."""
    target = tmp_path / "theirs.db"
    make(target)
    before = target.read_bytes()
    cli_against(f"sqlite:///{target}", tmp_path, monkeypatch)
    assert main(["export-votes", "--poll", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Cannot export: {target} is not this bot's database ({problem}")
    assert err.endswith("); it was left unchanged (DATABASE_URL)\n") and err.count("\n") == 1
    assert target.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [target], "no journal, WAL or export left behind"


async def test_a_bot_database_an_older_version_made_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ledger of the bot's first migrations only is the bot's: it is brought up to date."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = await SqliteDatabase.open(str(tmp_path / "old.db"))
    try:
        await migrate(db, all_migrations()[:2])
    finally:
        await db.close()
    cli_against(url, tmp_path, monkeypatch)
    assert await _cli("export-votes", "--poll", "1") == 1
    assert capsys.readouterr().err.endswith("\nThere is no poll #1.\n")
    db = await SqliteDatabase.open(str(tmp_path / "old.db"))
    try:
        assert await schema_version(db) == len(all_migrations())
    finally:
        await db.close()


def cli_against(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the CLI on the database at `url`, from an empty folder (no stray .env), keeping
    the session's logging set-up (the CLI configures logging)."""
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setenv("DATABASE_URL", url)


async def _cli(*argv: str) -> int:
    """The CLI runs its own event loop, so it runs in a worker thread here."""
    return await asyncio.to_thread(main, list(argv))


ESC = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


async def test_control_characters_never_reach_the_terminal(
    url: str,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A poll typed with ESC sequences (and a voter whose name has them) is stored clean by
    the dispatcher; a row stored raw before that fix is still exported clean."""
    db = await open_database(url)
    try:
        service = PollService(db, clock)
        registry = Registry()
        PollCommands(service, load_pack(default_pack_dir()).poll).register(registry)
        dispatcher = Dispatcher(registry)
        ann = Context("console", "W", "general", "ann", f"Ann{ESC}", False, clock)
        typed = await dispatcher.run_text(
            ann, "poll", f'question:"Tabs{ESC}?" options:A{ESC} | B\x00 | C\r'
        )
        assert typed.poll_id is not None
        await dispatcher.run(ann, "vote", {"poll": typed.poll_id, "option": "1"})
        stored = await service.store.get(typed.poll_id)
        assert stored is not None and stored.question == "Tabs]0;pwned[2J31m?"
        assert [o.label for o in stored.options] == ["A]0;pwned[2J31m", "B", "C"]
        raw = await service.store.create(
            ann.channel_ref, ann.user_ref, ann.display_name, PollDraft.custom(ESC, "x | y"), None
        )
    finally:
        await db.close()
    cli_against(url, tmp_path, monkeypatch)
    for poll_id in (typed.poll_id, raw):
        for fmt in ("csv", "json"):
            assert await _cli("export-votes", "--poll", str(poll_id), "--format", fmt) == 0
            printed = capsys.readouterr().out
            assert not CONTROLS.search(printed.replace("\r\n", "\n")), repr(printed)


@pytest.mark.parametrize(
    ("setup", "problem"),
    [
        (["CREATE TABLE notes (id int PRIMARY KEY, body text)"], "no schema_migrations table"),
        (
            [
                "CREATE TABLE schema_migrations (version int, name text)",
                "INSERT INTO schema_migrations VALUES (1, 'create_invoices')",
            ],
            "migrations this bot does not know: 1 create_invoices",
        ),
    ],
)
async def test_a_postgresql_database_that_is_not_the_bot_s_is_refused_and_left_unchanged(
    setup: list[str],
    problem: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As for SQLite files: export used to create the bot's tables in whatever PostgreSQL
    database DATABASE_URL named, then answer that poll #1 did not exist."""
    db, schema = await open_postgres_schema()
    await db.close()
    try:
        connection = await asyncpg.connect(POSTGRES_URL, server_settings={"search_path": schema})
        try:
            for statement in setup:
                await connection.execute(statement)
            tables = "SELECT array_agg(tablename ORDER BY 1) FROM pg_tables WHERE schemaname = $1"
            before = await connection.fetchval(tables, schema)
            cli_against(f"{POSTGRES_URL}?search_path={schema}", tmp_path, monkeypatch)
            assert await _cli("export-votes", "--poll", "1") == 1
            assert await connection.fetchval(tables, schema) == before
        finally:
            await connection.close()
    finally:
        await drop_postgres_schema(schema)
    err = capsys.readouterr().err
    assert err.startswith("Cannot export: postgresql://") and err.count("\n") == 1
    assert f"is not this bot's database ({problem}); it was left unchanged" in err


async def test_a_postgresql_bot_database_is_exported(
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, schema = await open_postgres_schema()
    await db.close()
    try:
        url = f"{POSTGRES_URL}?search_path={schema}"
        poll_id = await voted_poll(url, clock)
        cli_against(url, tmp_path, monkeypatch)
        assert await _cli("export-votes", "--poll", str(poll_id), "--format", "json") == 0
        assert len(json.loads(capsys.readouterr().out)["votes"]) == 3
    finally:
        await drop_postgres_schema(schema)


def test_an_unreachable_postgresql_server_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_against("postgresql://root:s3cret@127.0.0.1:1/none", tmp_path, monkeypatch)
    assert main(["export-votes", "--poll", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot export: the database postgresql://root:") and "s3cret" not in err
    assert err.count("\n") == 1
