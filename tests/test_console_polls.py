"""Polls end to end in the console: post, vote as several people, live edits, close, results."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.adapters.terminal_render import render_reply
from bot.app import BotApp, create_app
from bot.clock import ManualClock, to_datetime
from bot.config import Settings
from tests.oxford_scenario import (
    BOTH,
    LABELS,
    NEITHER,
    OFFERED,
    ROUND_1,
    ROUND_2,
    changed_mind,
    flat,
    missing,
)


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}", poll_edit_interval=0.05)
    built = await create_app(settings, clock)
    yield built
    await built.close()


async def converse(app: BotApp, script: str) -> io.StringIO:
    """Run a console session over `script`; returns its output (live edits keep landing)."""
    out = io.StringIO()
    console = ConsoleAdapter(app, io.StringIO(script), out)
    await app.start()
    assert await console.run() == 0
    await app.live.idle()
    return out


async def ends_with_live_message(app: BotApp, output: str, poll_id: int, message_ref: str) -> str:
    """The last edit printed for the message, checked to equal the poll as stored."""
    marker = f"message {message_ref} updated\n"
    assert marker in output
    last = output.rsplit(marker, 1)[1]
    expected = render_reply(await app.polls.render(poll_id))
    assert last.startswith(expected + "\n")
    return expected


async def test_a_whos_right_poll_from_post_to_close(app: BotApp, tmp_path: Path) -> None:
    output = await converse(
        app,
        "/poll\n"
        ":as bob\n1\n"
        ":as carol\n2\n"
        ":as dave\n1\n"
        ":as bob\n/vote 1 2\n"
        "/results\n"
        ":as carol\n/close 1\n"
        ":as you\n/close 1\n"
        ":quit\n",
    )
    text = output.getvalue()
    assert "== Poll #1 ==" in text and "[1] Gavin Baker  [2] Aaron Gin" in text
    assert "Your vote on poll #1 is now “Gavin Baker”." in text
    assert "Your vote on poll #1 is now “Aaron Gin”." in text  # bob moved by /vote
    chart = (tmp_path / "charts" / "poll-1.png").resolve()
    assert f"[chart saved to {chart} — Bar chart of poll #1]" in text
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "1) Gavin Baker: dave" in text and "2) Aaron Gin: bob, carol" in text
    assert "Only the poll's creator or an admin can close poll #1 (type :admin on" in text
    assert "is closed. Winner: “Aaron Gin” with 2 votes (67% of voters)." in text
    final = await ends_with_live_message(app, text, 1, "m1")
    assert "Closed 2026-03-02 09:00 UTC" in final and "Winner: “Aaron Gin”" in final
    assert "[1]" not in final  # closed: no buttons left


async def test_a_chart_that_cannot_be_saved_names_chart_dir(
    tmp_path: Path, clock: ManualClock
) -> None:
    """CHART_DIR naming a file printed "[chart poll-1.png not saved: File exists]"."""
    in_the_way = tmp_path / "charts.txt"
    in_the_way.write_text("not a folder")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}", chart_dir=in_the_way)
    built = await create_app(settings, clock)
    try:
        output = (await converse(built, "/poll\n1\n/results\n")).getvalue()
    finally:
        await built.close()
    assert f"[chart poll-1.png not saved in {in_the_way} (CHART_DIR): File exists]" in output
    assert in_the_way.read_text() == "not a folder"


async def test_a_timed_poll_closes_on_the_clock_and_its_message_follows(
    app: BotApp, clock: ManualClock
) -> None:
    output = await converse(
        app,
        '/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1h hide_results:true\n'
        ":as bob\n2\n"
        ":as carol\n2\n",
    )
    hidden = await ends_with_live_message(app, output.getvalue(), 1, "m1")
    assert "2 votes so far" in hidden and "%" not in hidden
    closed = asyncio.Event()
    app.polls.subscribe(lambda poll_id: closed.set())
    clock.advance(3600)
    await asyncio.wait_for(closed.wait(), 5)
    await app.live.idle()
    final = await ends_with_live_message(app, output.getvalue(), 1, "m1")
    assert "Winner: “Spaces” with 2 votes (100% of voters)." in final


async def test_typed_numbers_press_the_newest_poll_even_after_an_older_one_is_edited(
    app: BotApp,
) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(app, io.StringIO(""), out)
    await app.start()
    for line in ("/poll", '/poll question:"Lunch?" options:Pizza | Sushi', "/vote 1 1"):
        await console.handle_line(line)
    await app.live.idle()  # poll #1's message was edited after poll #2 was shown
    assert "message m1 updated" in out.getvalue()
    await console.handle_line("2")
    assert out.getvalue().rstrip().endswith("Your vote on poll #2 is now “Sushi”.")


async def test_a_two_round_pack_poll_with_a_restart_between_the_rounds(
    tmp_path: Path, clock: ManualClock
) -> None:
    """20 voters before; a new bot process on the same database; changes, picks, results."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}", poll_edit_interval=0.05)
    first = await create_app(settings, clock)
    votes = "".join(f":as {voter}\n{option}\n" for voter, option in ROUND_1.items())
    before = await converse(first, f"/poll rounds:2\n{votes}:as you\n/close 1\n:quit\n")
    await first.close()
    clock.advance(60)  # the restart takes a while: round 2 is not just opening any more
    text = before.getvalue()
    assert "Round 1 of 2 · before" in text and "[5] End round 1" in text
    assert "Round 1 (before) of poll #1" in text and "with 20 voters" in text

    second = await create_app(settings, clock)  # the restart: a new process's bot
    try:
        steps = "".join(
            f":as {voter}\n/vote 1 {value}\n" if kind == "vote" else f"{value}\n"
            for kind, voter, value in ROUND_2
        )
        after = await converse(second, f"{steps}:as you\n/close 1\n/results 1\n:quit\n")
        text = after.getvalue()
        final = await ends_with_live_message(second, text, 1, "m1")
    finally:
        await second.close()
    assert text.count("Which argument moved you?") == len(OFFERED)
    assert flat(changed_mind(LABELS[NEITHER], LABELS[BOTH])) in flat(text)
    assert text.count("Noted: “") == sum(kind == "pick" for kind, _, _ in ROUND_2)
    closing, results = text.split("== Poll #1 is closed ==")[1].split("== Results of poll #1 ==")
    assert missing(closing) == [] and missing(results) == []
    chart = (tmp_path / "charts" / "poll-1.png").resolve()
    assert f"[chart saved to {chart} — Before and after chart of poll #1]" in results
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "u01 (Gavin Baker → Aaron Gin)" in flat(results)
    assert "Winner by the Oxford rule" in final and "[1]" not in final


async def test_close_typed_twice_in_round_one_leaves_round_two_open(app: BotApp) -> None:
    """The QA report's script: the second /close came at once, so round 2 stays open."""
    text = (await converse(app, "/poll rounds:2\n1\n/close 1\n/close 1\n:quit\n")).getvalue()
    assert "Round 2 (after) is open" in text
    advice = "Round 2 of poll #1 has just opened. To end the poll, /close poll:1 again in 2 s."
    assert advice in text
    poll = await app.polls.store.get(1)
    assert poll is not None and poll.round == 2 and not poll.closed
    assert "is closed" not in text


async def test_the_advice_after_a_repeated_close_works_as_given(app: BotApp) -> None:
    """ "To end the poll, /close 1 again." was answered the same way when taken at its word
    at once (still within the repeat window), so a script never got past it; the answer now
    says when, and a /close then ends the poll."""
    script = "/poll rounds:2\n/close 1\n/close 1\n/close poll:1\n:tick 2s\n/close poll:1\n"
    text = (await converse(app, script)).getvalue()
    advice = "Round 2 of poll #1 has just opened. To end the poll, /close poll:1 again in 2 s."
    assert text.count(advice) == 2
    assert text.index("== Poll #1 is closed ==") > text.index("(clock moved 2s on")


async def test_a_poll_closed_by_its_deadline_is_announced_once_as_by_close(
    app: BotApp, clock: ManualClock
) -> None:
    """The QA report: /close posts the result, the deadline only edited the poll message."""
    output = await converse(app, "/poll duration:1m\n2\n/poll\n2\n/close 2\n:quit\n")
    text = output.getvalue()
    (by_hand,) = closed_lines(text)
    assert by_hand.startswith("Poll #2 “Who's right")
    clock.advance(60)
    await app.polls.sweep_deadlines()
    await app.stop()  # a sweep the background sweeper began finishes its announcement first
    posted = output.getvalue()[len(text) :]
    assert closed_lines(posted) == [by_hand.replace("#2", "#1")]
    assert posted.count("[#general] new message\n") == 1


def closed_lines(output: str) -> list[str]:
    """The lines of `output` announcing that a poll is closed."""
    return [line for line in output.splitlines() if "is closed." in line]


async def test_numbers_press_the_poll_again_once_another_user_takes_over(app: BotApp) -> None:
    """The arguments offered to one voter are theirs: after `:as`, numbers vote again."""
    output = await converse(
        app,
        "/poll rounds:2\n:as bob\n1\n:as you\n/close 1\n"
        ":as bob\n2\n"  # bob changes sides and is offered Gin's arguments
        ":as carol\n1\n"  # carol's 1 is a vote for Gavin Baker, not bob's first argument
        ":quit\n",
    )
    text = output.getvalue()
    assert "Which argument moved you?" in text
    carol = text.split("(you are now carol)")[1]
    assert "Your vote on poll #1 is now “Gavin Baker”." in carol and "Noted" not in carol


async def test_every_admin_refusal_says_how_to_become_an_admin(app: BotApp) -> None:
    """A newcomer refused `/daily on`, `/close` or the End round 1 and Close buttons was told
    "Only admins…" and nothing more; in the console, `:admin on` is the way past it."""
    output = await converse(
        app,
        "/poll rounds:2\n"
        ":as bob\n5\n/close 1\n/daily on time:09:00 tz:Europe/London\n"
        ":as you\n/poll\n"
        ":as bob\n5\n"
        ":admin on\n5\n/daily on time:09:00 tz:Europe/London\n",
    )
    refusals = [line for line in output.getvalue().splitlines() if line.startswith("Only ")]
    round_one = "Only the poll's creator or an admin can end round 1 of poll #1"
    assert refusals == [
        f"{round_one} (type :admin on to be one).",
        f"{round_one} (type :admin on to be one).",
        "Only admins can use /daily on (type :admin on to be one). Anyone can see /daily status.",
        "Only the poll's creator or an admin can close poll #2 (type :admin on to be one).",
    ]
    assert "Poll #2 “Who's right about China's AI-chip strategy?” is closed." in output.getvalue()
    assert "Daily takeaways on: I posted the schedule in this channel." in output.getvalue()


async def test_a_typed_vote_sent_twice_is_not_called_a_double_click(app: BotApp) -> None:
    """Two typed `/vote 1 2` within 2 s answered "clicked twice within 2 s … click again":
    nobody clicked, and the way to take the vote back is to type the vote again."""
    output = await converse(app, "/poll\n/vote 1 2\n/vote 1 Aaron Gin\n")
    assert (
        "Your vote on poll #1 is already “Aaron Gin”: voted twice within 2 s: counted once; "
        "type /vote poll:1 option:2 again to take your vote back."
    ) in output.getvalue()


async def test_a_vote_without_its_poll_number_shows_how_to_type_one(app: BotApp) -> None:
    """`/vote Tacos` answered "`poll` must be a whole number, not “Tacos”" and `/vote`
    "/vote needs `poll`": neither said that the poll's number comes first, nor showed a
    vote typed whole. (`/vote Aaron Gin` now votes: `test_vote_without_poll_number`.)"""
    output = (await converse(app, "/poll\n/vote Tacos\n/vote\n/vote 1 Aaron Gin\n")).getvalue()
    usage = 'Usage: /vote <poll:N> <option:"…">, e.g. /vote 3 1'
    assert f"`poll` must be a whole number, not “Tacos”. {usage}\n" in output
    assert f"/vote needs `poll`. {usage}\n" in output
    assert "Your vote on poll #1 is now “Aaron Gin”." in output


async def test_a_vote_typed_as_a_word_of_a_label_counts_for_the_option_it_names(
    app: BotApp,
) -> None:
    """`/vote 1 baker` answered "“baker” is not an option of poll #1. Options: 1) Gavin
    Baker; …": a typed label matched only from its start."""
    script = (
        "/poll\n/vote 1 baker\n:as bob\n/vote 1 GIN\n"
        "/poll Who bakes? Gavin Baker | Anne Bakery | José Gin\n/vote 2 jose\n/vote 2 bak\n:quit\n"
    )
    text = (await converse(app, script)).getvalue()
    assert "Your vote on poll #1 is now “Gavin Baker”." in text
    assert "Your vote on poll #1 is now “Aaron Gin”." in text
    assert "Your vote on poll #2 is now “José Gin”." in text
    assert (
        "“bak” matches 2 options of poll #2. Type /vote poll:2 option:1 for “Gavin Baker” "
        "or /vote poll:2 option:2 for “Anne Bakery”." in text
    )


async def test_poll_and_option_numbers_typed_in_full_width_vote_as_typed_in_ascii(
    app: BotApp,
) -> None:
    """`/vote １ ２`, as a Japanese keyboard types it with its input method on, answered
    "`poll` must be a whole number, not “１”"; `/results １` and `/close １` alike."""
    script = (
        "/poll 今日のランチは？ 寿司 | ラーメン\n/vote １ ２\n:as bob\n/vote 1 ＃１\n/results １\n"
        "/close １\n"
    )
    text = (await converse(app, script)).getvalue()
    assert "Your vote on poll #1 is now “ラーメン”." in text
    assert "Your vote on poll #1 is now “寿司”." in text
    assert "== Results of poll #1 ==" in text
    assert "Only the poll's creator or an admin can close poll #1" in text
    assert "must be a whole number" not in text


async def test_options_separated_by_a_full_width_bar_are_options(app: BotApp) -> None:
    """`/poll 今日のランチは？寿司｜ラーメン｜うどん`, typed with a Japanese input method on,
    was refused: "A poll needs 2 to 10 options separated by |"."""
    text = (
        await converse(app, "/poll 今日のランチは？寿司｜ラーメン｜うどん 1h\n/vote 1 うどん\n")
    ).getvalue()
    assert "1) 寿司: " in text and "2) ラーメン: " in text and "3) うどん: " in text
    assert "Your vote on poll #1 is now “うどん”." in text


async def test_a_duration_typed_in_full_width_times_the_poll_as_typed_in_ascii(
    app: BotApp, clock: ManualClock
) -> None:
    """`duration:１ｈ`, typed with a Japanese input method on, was refused ("“１ｈ” is not a
    duration"), and a trailing `３０ｍ` was read as part of the last option."""
    script = (
        '/poll question:"誰が正しい？" options:"Baker｜Gin" duration:１ｈ\n'
        "/poll 今日のランチは？寿司｜ラーメン　３０ｍ\n"
    )
    text = (await converse(app, script)).getvalue()
    start = to_datetime(clock.now())
    one_hour, half_an_hour = start + timedelta(hours=1), start + timedelta(minutes=30)
    assert f"closes {one_hour:%Y-%m-%d %H:%M} UTC" in text
    assert f"closes {half_an_hour:%Y-%m-%d %H:%M} UTC" in text
    assert "2) ラーメン: " in text
    assert "is not a duration" not in text


async def test_a_question_in_corner_brackets_is_the_question(app: BotApp) -> None:
    """`/poll 「誰が正しい？」 Baker｜Gin`, quoted as Japanese is written, asked
    "「誰が正しい？" with an option "」 Baker"; named, it was refused: "`options` is given
    twice"."""
    script = (
        '/poll 「誰が正しい？」 Baker｜Gin\n/poll question:「誰が正しい？」 options:"Baker｜Gin"\n'
    )
    text = (await converse(app, script)).getvalue()
    assert text.count("== Poll #") == 2 and text.count("\n誰が正しい？\n") == 2
    assert "1) Baker: " in text and "」" not in text and "given twice" not in text


async def test_a_poll_of_two_labels_alike_in_two_alphabets_is_refused(app: BotApp) -> None:
    """`/poll Ship? Yes | Үes` (a Cyrillic Ү) made a poll whose two buttons, results and
    /vote labels no voter could tell apart: refused, with what to do, and no poll made."""
    output = (await converse(app, "/poll Ship? Yes | Үes\n")).getvalue()
    assert "Options 1 and 2 look the same, “Yes” and “Үes”, but are typed with letters" in output
    assert "== Poll" not in output
    assert await app.polls.store.get(1) is None
