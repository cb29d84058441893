"""What a refusal quotes back is one short line, and the code spans a message is built
with, some from what people typed (an option name quoted, a command offered), show as the
code the core wrote on Discord, Slack and the console, whatever backticks were typed: an
odd one paired with the next span's and showed the words between as code."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import with_times
from bot.adapters.slack.blocks import safe_text, unescape, with_dates
from bot.adapters.terminal_render import render_reply
from bot.app import BotApp
from bot.core.dispatch import convert_options
from bot.core.errors import UserError
from bot.core.replies import Marked, Pasted, Reply, command_line
from bot.core.sanitize import ECHO_LIMIT, echo, neutralize_mentions, without_isolates
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.test_discord_e2e import message_of
from tests.test_discord_user_text import DISCORD_CODE, code_spans
from tests.test_grammar import POLL
from tests.test_pasted_commands import SHOWN, commands_in
from tests.test_slack_e2e import Slack, all_text

#: Text as people paste it: backticks, line breaks and markup among words.
PASTED = st.text(st.sampled_from([*"ab `*_~\n\r\t@<>&", "\u2028"]), min_size=1, max_size=60)


@given(PASTED | st.text())
@example("first line\nsecond line\n\nthird line")
@example("a`b")
def test_a_value_is_quoted_back_on_one_short_line_without_a_backtick(typed: str) -> None:
    quoted = without_isolates(echo(typed))
    assert quoted.splitlines() == ([quoted] if quoted else [])
    assert len(quoted) <= ECHO_LIMIT and "`" not in quoted


async def test_a_multi_line_paste_is_refused_on_one_line_on_discord(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """`/help command:` with a pasted paragraph: its refusal quoted the paragraph's lines."""
    pasted = "what is\nthe chip gap\n\nand why"
    answer = await fake.answer(await fake.command("help", {"command": pasted}))
    content = message_of(answer)["content"]
    assert content.startswith("There is no command “/what is the chip gap and why”.")
    assert "\n" not in content


def slack_spans(mrkdwn: str) -> list[str]:
    """What Slack shows as code in `mrkdwn`: what is between a backtick and the next (it has
    no escape for one); a backtick left over, which would pair with a later one, is a span
    that never closes, "`" at the end."""
    pieces = mrkdwn.split("`")
    return pieces[1::2] if len(pieces) % 2 else [*pieces[1:-1:2], "`"]


def discord_stray(rendered: str) -> int:
    """Backticks of `rendered` that Discord reads as neither escaped nor a code span's
    (`code_spans`' reading): each would pair with a later one."""
    stray = at = 0
    while at < len(rendered):
        code = DISCORD_CODE.match(rendered, at)
        if code is not None:
            at = code.end()
            continue
        stray += rendered[at] == "`"
        at += 2 if rendered[at] == "\\" else 1
    return stray


@given(name=PASTED)
@example(name="a`b")
@example(name="`")
@example(name=" ")  # quoted as nothing: an empty span, escaped on Discord
def test_an_option_name_quoted_in_code_stays_one_span(name: str) -> None:
    """`/poll has no option `a`b`.` (an option name sent raw, `convert_options`)."""
    try:
        convert_options(POLL, {name: "x"})
    except UserError as error:
        message = error.message
    else:
        raise AssertionError(f"{name!r} was taken for an option")
    assert isinstance(message, Marked)
    quoted = echo(name)
    discord = with_times(message)
    assert code_spans(discord)[0] == "/poll" and not discord_stray(discord)
    assert slack_spans(with_dates(message, 3000) or "") == ["/poll", safe_text(quoted)]
    console = render_reply(Reply(text=message))
    assert f"has no option `{without_isolates(quoted)}`." in console and console.count("`") == 2


@given(question=PASTED)
@example(question="Who `wins")
@example(question="a`b`c")
def test_a_command_offered_with_backticks_is_one_span_beside_another(question: str) -> None:
    """A command offered from what was typed (a poll's question) beside another: on Slack
    it was plain text then, and its backtick opened code up to the next command's."""
    offered = command_line("poll", question)
    message = Marked(offered, " or ", command_line("vote", poll=1))
    slack = with_dates(message, 3000) or ""
    spans = slack_spans(slack)
    assert len(spans) == 2 and spans[1] == "/vote poll:1"
    [pasted] = [p for p in offered.parts if isinstance(p, Pasted)]
    assert unescape(spans[0]) == neutralize_mentions(pasted.line)  # as pasted back
    discord = with_times(message)
    assert code_spans(discord)[-1] == "/vote poll:1" and not discord_stray(discord)


async def test_slack_offers_a_question_with_a_backtick_as_code_that_runs_typed_back(
    slack_bot: Slack,
) -> None:
    """A question holding a backtick: the form offered was plain text, its backtick left to
    pair with the next code span; it is one code span, its backtick a look-alike that
    pasted back is the backtick typed."""
    typed = "Who `wins. Really? Baker | Gin 1h true 2"
    _, url = await slack_bot.command("/poll", as_typed(typed))
    shown = all_text((await slack_bot.answer(url)).args["blocks"])
    [form] = commands_in(re.sub("&(lt|gt|amp);", lambda m: SHOWN[m.group()], shown))
    assert form.startswith("/poll Who ˋwins. Really? options:")
    name, text = form.split(" ", 1)
    await slack_bot.command(name, as_typed(text))
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.question == "Who `wins. Really?" and poll.rounds == 2
