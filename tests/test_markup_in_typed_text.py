"""Platform markup inside what people type: each token read whole, shown as what it names.

Slack sends a channel, a user group or a link picked in its composer as one `<…|label>`
token, and poll options are separated by `|`: "Ship in <#C0DEV|dev>" was split into the
options "Ship in <#C0DEV" and "dev>", and what was left showed as raw markup. Discord's
spoiler `||B||` was split into empty options. The end-to-end tests type through the
loopback Slack (`as_typed`: what Slack sends for `should_escape: false`) and Discord; the
properties hold the grammar to any tokens between any words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.slack.context import SlackPeople
from bot.app import BotApp
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments, separated
from bot.core.markup import SPOILER, labelled, printable, readable, split_outside, unlabelled
from bot.core.sanitize import comparison_key, safe
from bot.polls.chart import Bar, results_figure
from bot.polls.model import MAX_OPTION, MIN_OPTIONS, PollDraft
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.test_discord_e2e import VOTE_ID, message_of, suggested
from tests.test_grammar import POLL
from tests.test_knowledge_vocabulary import router
from tests.test_polls_options import LIST_SEPARATORS, poll_of
from tests.test_slack_e2e import Slack, all_text, button_texts

# -- Slack, end to end ---------------------------------------------------------------------

#: A poll typed in Slack with one of each thing its composer sends as a token.
PICKED_POLL = as_typed(
    'question:"Where do we ship, {<!here>}?" options:"Ship in {<#C0DEV|dev>} | '
    "Ask {<!subteam^S0CHIPS|@chips>} | {<https://example.com/plan|the plan>} & more | "
    '{<mailto:ann@example.com|ann@example.com>} | 2 < 3"'
)
#: Its options as the poll shows them.
PICKED_LABELS = [
    "Ship in #dev",
    "Ask @chips",
    "the plan (https://example.com/plan) & more",
    "ann@example.com",
    "2 < 3",
]


async def test_a_slack_poll_keeps_every_picked_token_in_its_option(slack_bot: Slack) -> None:
    await slack_bot.command("/poll", PICKED_POLL)
    poll_id, _, post = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None
    assert [readable(o.label) for o in poll.options] == PICKED_LABELS
    shown = all_text(post.args["blocks"])
    for number, label in enumerate(PICKED_LABELS, start=1):
        escaped = label.replace("&", "&amp;").replace("<", "&lt;")
        assert f"{number}) {escaped}" in shown
    assert button_texts(post.args["blocks"])[:-1] == PICKED_LABELS
    assert "Where do we ship, @\u200bhere?" in shown  # shown, and pinging no one
    assert "<!" not in str(post.args) and "<#" not in str(post.args)


async def test_a_picked_token_or_its_name_typed_votes_for_its_option(slack_bot: Slack) -> None:
    await slack_bot.command("/poll", PICKED_POLL)
    poll_id, _, _ = await slack_bot.posted_poll()
    for user, typed in (("U0BOB", "Ship in #dev"), ("U0CAROL", "Ship in {<#C0DEV|dev>}")):
        _, url = await slack_bot.command("/vote", as_typed(f"{poll_id} {typed}"), user=user)
        answer = await slack_bot.answer(url)
        assert answer.args["text"] == f"Your vote on poll #{poll_id} is now “Ship in #dev”."
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None
    assert (await slack_bot.app.polls.store.tally(poll)).count(1) == 2


async def test_a_person_slack_sends_unnamed_shows_by_the_name_slack_shows(
    slack_bot: Slack,
) -> None:
    """With users escaped for the command, a person picked arrives as `<@U0ANN>`, no name:
    the poll showed the raw token in its message, on its button and in its chart."""
    slack_bot.fake.display_names.update({"U0ANN": "Ann Lee & co", "U0ZED": "Zed <3"})
    typed = 'question:"Who leads?" options:"{<@U0ANN>} | {<@U0ZED>} and Bob"'
    await slack_bot.command("/poll", as_typed(typed))
    poll_id, _, post = await slack_bot.posted_poll()
    assert "1) @Ann Lee &amp; co" in all_text(post.args["blocks"])
    assert button_texts(post.args["blocks"])[:2] == ["@Ann Lee & co", "@Zed \u20393 and Bob"]
    assert "<@" not in str(post.args)
    _, url = await slack_bot.command("/vote", as_typed(f"{poll_id} @Ann Lee & co"), user="U0BOB")
    answer = await slack_bot.answer(url)
    assert answer.args["text"] == f"Your vote on poll #{poll_id} is now “@Ann Lee &amp; co”."


async def test_a_suggested_form_pasted_back_makes_the_poll_that_was_meant(
    slack_bot: Slack,
) -> None:
    """A refusal's suggested command repeated picked tokens made inert (`<​!here>`): pasted
    back, the poll showed that raw markup. It now names them as they show, as text."""
    slack_bot.fake.display_names["U0ANN"] = "Ann Lee"
    await slack_bot.command("/poll", as_typed("Where, {<!here>}? {<@U0ANN>} | {<#C0DEV|dev>} true"))
    refusal = (await slack_bot.fake.wait_for(lambda f: f.calls_to("response_url")))[0]
    form = refusal.args["text"].split("setting after it: ", 1)[1].replace("\u200b", "")
    assert form == '/poll Where, @here? options:"@Ann Lee | #dev" anonymous:true'
    await slack_bot.command("/poll", as_typed(form.removeprefix("/poll ")))
    _, _, post = await slack_bot.posted_poll()
    assert button_texts(post.args["blocks"])[:2] == ["@Ann Lee", "#dev"]
    assert "Where, @\u200bhere?" in all_text(post.args["blocks"])


async def test_options_picked_as_tokens_are_voted_for_together_or_told_apart(
    slack_bot: Slack,
) -> None:
    """`/vote N Ship in <#C0DEV|dev>, Ask <!subteam^S0CHIPS|@chips>` was split at the `|`
    inside each token too, so no part named an option: a multiple-choice poll refused the
    two options it lists as "not an option", and a single-choice poll never said how to
    vote for each. The list is split only outside tokens now, at commas, "and" or spaces."""
    options = "Ship in {<#C0DEV|dev>} | Ask {<!subteam^S0CHIPS|@chips>} | {<#C0OPS|dev ops>}"
    typed = [
        "Ship in {<#C0DEV|dev>}, Ask {<!subteam^S0CHIPS|@chips>}",
        "{<#C0OPS|dev ops>} and 1",
    ]
    answers: dict[str, list[str]] = {}
    for poll_id, multi in enumerate(("true", "false"), start=1):
        await slack_bot.command("/poll", as_typed(f'"Next?" options:"{options}" multi:{multi}'))
        await slack_bot.fake.wait_for(lambda f, n=poll_id: len(f.calls_to("chat.postMessage")) == n)
        assert (await slack_bot.posted_poll())[0] == poll_id
        for line in typed:
            _, url = await slack_bot.command("/vote", as_typed(f"{poll_id} {line}"), user="U0BOB")
            answers.setdefault(multi, []).append((await slack_bot.answer(url)).args["text"])
    assert answers["true"] == [
        "Added “Ship in #dev” and “Ask @chips” to your choices on poll #1. "
        "Now recorded: “Ship in #dev” and “Ask @chips”.",
        "Added “#dev ops” to your choices on poll #1; “Ship in #dev” was already chosen. "
        "Now recorded: “Ship in #dev”, “Ask @chips” and “#dev ops”.",
    ]
    assert answers["false"] == [
        "“Ship in #dev, Ask @chips” names 2 options, and poll #2 takes one. Type "
        "/vote poll:2 option:1 for “Ship in #dev” or /vote poll:2 option:2 for “Ask @chips”.",
        "“#dev ops and 1” names 2 options, and poll #2 takes one. Type "
        "/vote poll:2 option:3 for “#dev ops” or /vote poll:2 option:1 for “Ship in #dev”.",
    ]
    store = slack_bot.app.polls.store
    counts = [await store.tally(poll) for poll in [await store.get(1), await store.get(2)] if poll]
    assert [[tally.count(n) for n in (1, 2, 3)] for tally in counts] == [[1, 1, 1], [0, 0, 0]]


async def test_one_option_listing_tokens_is_refused_with_each_token_whole(
    slack_bot: Slack,
) -> None:
    """A poll of one option listing choices with commas is refused with that line written
    with bars; the commas inside a picked token's name were taken for the list's too
    ("Pizza | #dev | ops" for `Pizza, <#C0DEV|dev, ops>`)."""
    await slack_bot.command("/poll", as_typed('"Lunch?" options:"Pizza, {<#C0DEV|dev, ops>}"'))
    refusal = (await slack_bot.fake.wait_for(lambda f: f.calls_to("response_url")))[0]
    assert refusal.args["text"].endswith("e.g. options:Pizza | #dev, ops")


async def test_a_poll_naming_a_person_asked_again_is_the_open_one_by_any_of_her_names(
    slack_bot: Slack,
) -> None:
    """The twin check compared the labels adapters put on mentions: the same `/poll` typed
    on an instance that looked the person up after she renamed herself (or knew no name
    for her) was a new poll, a twin that split the votes. The person picked is the same."""
    slack_bot.fake.display_names["U0ANN"] = "Ann Lee"
    typed = as_typed('"Who leads, {<#C0DEV|dev>}?" options:"{<@U0ANN>} | Bob"')
    await slack_bot.command("/poll", typed)
    poll_id, _, _ = await slack_bot.posted_poll()
    slack_bot.fake.display_names["U0ANN"] = "Ann L."
    another = SlackPeople(slack_bot.adapter.client, frozenset())  # a name not yet known
    slack_bot.adapter.contexts.people = slack_bot.adapter.names.people = another
    _, url = await slack_bot.command("/poll", typed, user="U0BOB")
    shown = await slack_bot.answer(url)
    assert shown.args["text"].startswith(f"Poll #{poll_id} asks this already")
    assert shown.args["response_type"] == "ephemeral"
    await slack_bot.command("/poll", typed.replace("U0ANN", "U0ZED"), user="U0BOB")
    await slack_bot.fake.wait_for(lambda fake: len(fake.calls_to("chat.postMessage")) == 2)


# -- the grammar: properties ------------------------------------------------------------

IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=11)
LABELS = st.text(alphabet=st.sampled_from("abc |&?:-_.@ é"), min_size=0, max_size=12)
#: Every token either platform puts in what people type, labels with `|`, spaces and `?`.
TOKENS = st.one_of(
    st.sampled_from(["<!here>", "<!channel>", "<!everyone>", "<!here|here>"]),
    st.builds("<@U{}>".format, IDS),
    st.builds("<@U{}|{}>".format, IDS, LABELS),
    st.builds("<#C{}|{}>".format, IDS, LABELS),
    st.builds("<!subteam^S{}|@{}>".format, IDS, LABELS),
    st.builds("<https://example.com/{}|{}>".format, IDS, LABELS),
    st.builds("<mailto:{}@example.com|{}>".format, IDS, LABELS),
    st.builds("<{}{}>".format, st.sampled_from(["@", "@!", "@&", "#"]), st.integers(0, 10**19)),
    st.builds(
        "<{}:{}:{}>".format,
        st.sampled_from(["", "a"]),
        st.from_regex(r"\w{2,8}", fullmatch=True),
        st.integers(0, 10**19),
    ),
    st.builds("<t:{}:R>".format, st.integers(0, 2**33)),
    st.builds("||{}||".format, st.from_regex(r"[a-z](?:[a-z ]{0,6}[a-z])?", fullmatch=True)),
)
WORDS = st.text(alphabet=st.sampled_from("abcXYZ?é"), min_size=1, max_size=6)


@st.composite
def options_with_tokens(draw: st.DrawFn) -> list[str]:
    """Two to five options, each words and tokens separated by spaces."""
    return [
        " ".join(draw(st.lists(st.one_of(WORDS, TOKENS), min_size=1, max_size=4)))
        for _ in range(draw(st.integers(2, 5)))
    ]


@given(options_with_tokens())
@example(["Ship in <#C0DEV|dev>", "B"])
@example(["A", "||B||", "C"])
def test_options_split_at_separators_never_inside_a_token(options: list[str]) -> None:
    assert [part.strip() for part in separated(" | ".join(options), "|")] == options
    assert split_outside("|".join(options), ("|",)) == options


@given(options_with_tokens())
@example(["Ship in <#C0DEV|dev>", "B"])
@example(["<@U1|Ann Lee>", "<https://example.com|a duration:1h?>"])
@example(["?", "||a  a||"])
def test_a_typed_poll_reads_back_every_option_whole(options: list[str]) -> None:
    """Platform tokens read back byte for byte, labels' spaces included. A spoiler is text
    the person typed, whose words are read apart as any others are: a run of spaces between
    them reads as one ("||a  a||" is "||a a||", as "a  a" is "a a"), a fresh draw found."""
    values = parse_arguments(POLL, f'question:"Q?" options:{" | ".join(options)}')
    typed = [SPOILER.sub(lambda spoiler: " ".join(spoiler[0].split()), o) for o in options]
    assert [part.strip() for part in separated(values["options"], "|")] == typed


@given(st.lists(st.one_of(WORDS, TOKENS), max_size=6))
def test_readable_text_compares_as_the_tokens_it_came_from(words: list[str]) -> None:
    text = " ".join(words)
    assert comparison_key(readable(text)) == comparison_key(text)
    assert comparison_key(comparison_key(text)) == comparison_key(text)
    assert readable(readable(text)) == readable(text)


@given(st.lists(st.one_of(WORDS, TOKENS), max_size=6))
def test_no_token_is_ever_shown_live(words: list[str]) -> None:
    shown = safe(" ".join(words))
    assert "<!" not in shown and "<@" not in shown and "<#" not in shown
    assert "@here" not in shown and "@everyone" not in shown and "@channel" not in shown


#: Tokens picked in a composer whose names hold what separates a list typed in one go.
LISTED_TOKENS = st.builds(
    "<{}{}|{}>".format,
    st.sampled_from(["#C", "@U", "!subteam^S"]),
    IDS,
    st.from_regex(r"[abé]{1,3}(?:(?:, |[,;/|& ])[abé]{1,3}){0,3}", fullmatch=True),
)


@given(st.lists(LISTED_TOKENS, min_size=2, max_size=5), st.data())
@example(["<#C0DEV|dev, ops>", "<@U0ANN|a|b>"], ["<#C0DEV|dev, ops>", "<@U0ANN|a|b>"])
def test_options_picked_as_tokens_and_typed_together_are_each_found(
    options: list[str], data: st.DataObject | list[str]
) -> None:
    """A list typed in /vote is split at its commas, bars, "and" and spaces, never at one
    inside a token: in a multiple-choice poll each token names its own option."""
    try:
        poll = replace(poll_of(" | ".join(options)), multi=True)
        chosen = (
            data
            if isinstance(data, list)
            else data.draw(st.lists(st.sampled_from(options), min_size=2, unique=True))
        )
        meant = tuple(poll.find_option(token) for token in chosen)
    except UserError:
        assume(False)  # options that look the same, or a name that reads as another's
    separator = ", " if isinstance(data, list) else data.draw(LIST_SEPARATORS)
    typed = separator.join(chosen)
    assume(not poll.suggested(typed) and len(set(meant)) == len(meant))
    assert poll.find_options(typed) == meant


@given(st.lists(LISTED_TOKENS, min_size=MIN_OPTIONS, max_size=3))
@example(["<#C0DEV|dev, ops>", "<#C0OPS|a/b>"])
def test_one_option_listing_tokens_is_refused_with_the_tokens_whole(tokens: list[str]) -> None:
    """`options:"<#C1|dev, ops>, <#C2|a/b>"`, no bar, is refused with the line meant: each
    token one option, a comma or `/` in its name no separator."""
    barred = " | ".join(tokens)
    assume(len(barred) <= MAX_OPTION)
    with pytest.raises(UserError) as refused:
        PollDraft.custom("Q?", ", ".join(tokens))
    assert str(refused.value).endswith(f"e.g. options:{safe(barred)}")


MENTIONED = st.builds("{}{}".format, st.sampled_from(["@U", "#C", "!subteam^S", "@&"]), IDS)
#: A name an adapter labels a mention with; None: it knew none (the mention as sent).
NAMES = st.one_of(st.none(), st.text(alphabet=st.sampled_from("ab <>|\né&"), max_size=8))


@given(
    st.lists(st.tuples(MENTIONED, NAMES, NAMES), min_size=1, max_size=4, unique_by=lambda m: m[0]),
    st.lists(WORDS, min_size=MIN_OPTIONS, max_size=4),
)
@example([("@U0ANN", "Ann Lee", "Ann L.")], ["Bob", "Cy"])
@example([("@U0ANN", "Ann Lee", None), ("#C0DEV", None, "dev")], ["Bob", "Cy"])
def test_a_poll_is_asked_again_whatever_names_its_mentions_were_labelled_with(
    mentions: list[tuple[str, str | None, str | None]], words: list[str]
) -> None:
    """Mentions labelled with any name, or none, ask what they ask; other targets do
    not. Discord labels from its cache and Slack from lookups, so one /poll typed twice
    can arrive labelled once and not the next time, or with a new name."""

    def draft(named: Callable[[str, str | None], str]) -> PollDraft:
        options = " | ".join([*(named(t, n) for t, n, _ in mentions), *words])
        try:
            return PollDraft.custom("Q?", options)
        except UserError:  # two options alike, or one longer than an option may be
            assume(False)
            raise

    def as_sent(target: str, name: str | None) -> str:
        return f"<{target}>" if name is None else labelled(target, name)

    poll = replace(poll_of("A | B"), options=draft(as_sent).options)
    again = {t: later for t, _, later in mentions}
    assert draft(lambda t, _: as_sent(t, again[t])).is_asked_by(poll)
    assert not draft(lambda t, n: as_sent(f"{t}X", n)).is_asked_by(poll)


# -- what each token shows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "shown"),
    [
        ("<#C0DEV|dev>", "#dev"),
        ("<@U0ANN|ann>", "@ann"),
        ("<!subteam^S0CHIPS|@chips>", "@chips"),
        ("<!subteam^S0CHIPS|chips>", "@chips"),
        ("<!here>", "@here"),
        ("<!channel|channel>", "@channel"),
        ("<https://example.com>", "https://example.com"),
        ("<http://www.foo.com|www.foo.com>", "www.foo.com"),
        ("<https://example.com/plan|the plan>", "the plan (https://example.com/plan)"),
        ("<mailto:ann@example.com|ann@example.com>", "ann@example.com"),
        ("<!date^1700000000^{date_short}|Nov 14, 2023>", "Nov 14, 2023"),
        ("<@U0ANN>", "<@U0ANN>"),  # no name to show: left for the neutraliser
        ("<#C0DEV|>", "<#C0DEV|>"),
        ("<:tada:123>", "<:tada:123>"),  # shown by Discord itself
    ],
)
def test_each_labelled_token_reads_as_its_label(token: str, shown: str) -> None:
    assert readable(f"x {token} y") == f"x {shown} y"


#: What the adapters label: a Slack person or channel, a Discord person, role or channel.
TARGETS = st.builds("{}{}".format, st.sampled_from(["@U", "@W", "#C", "@", "@&", "#"]), IDS)


@given(TARGETS, st.text(min_size=1, max_size=20), WORDS, WORDS)
@example("@U1", "a<b>c\nd|e", "x", "y")
@example("#C1", "@here", "x", "y")
def test_a_labelled_mention_is_one_token_shown_by_its_name(
    target: str, name: str, before: str, after: str
) -> None:
    """Names are chosen by people (a Discord nickname, a Slack display name), so any text
    may label a mention: the token stays one whole that no `|` splits, points at its target
    alone (`unlabelled`), and shows the name, never a live mention."""
    token = labelled(target, name)
    text = f"{before} | {token} | {after}"
    assert split_outside(text, ("|",)) == [f"{before} ", f" {token} ", f" {after}"]
    assert unlabelled(text) == f"{before} | <{target}> | {after}"
    shown = readable(token)
    assert shown.endswith(name.translate(str.maketrans("<>\r\n", "\u2039\u203a  ")))
    assert "@here" not in safe(token) and "<@" not in safe(token) and "<#" not in safe(token)


def test_the_chart_draws_names_not_markup() -> None:
    bars = [
        Bar(label, 1) for label in ("Ship in <#C0DEV|dev>", "<:tada:1> Party", "<t:1700000000:R>")
    ]
    figure = results_figure("Where, <!here>?", "Poll #1 · open", bars, final=False)
    ticks = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert ticks == ["Ship in #dev", ":tada: Party", "2023-11-14 22:13 UTC"]
    assert figure.axes[0].get_title(loc="left") == "Where, @here?"
    assert printable("</poll:12>") == "/poll"


# -- Discord, end to end -------------------------------------------------------------------


async def test_a_discord_spoiler_or_mention_in_an_option_stays_one_option(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """`||B||` was split at its pipes into the empty options around it ("Option 3 is
    empty"). A channel or role picked showed as the raw `<#987>` on its button and in the
    chart: it shows by the name the server gives it, pinging no one."""
    channel, role = f"<#{fake.channel_id}>", f"<@&{fake.guild_id}>"
    options = f"Ship ||soon|| | In {channel} | {role} <@1234> <:tada:1234> <t:1700000000:R>"
    answer = await fake.answer(
        await fake.command("poll", {"question": "When, @everyone?", "options": options})
    )
    message = message_of(answer)
    match = VOTE_ID.fullmatch(answer.custom_ids()[0])
    assert match is not None, message
    poll = await discord_bot.polls.store.get(int(match.group(1)))
    assert poll is not None
    assert [readable(o.label) for o in poll.options] == [
        "Ship ||soon||",
        "In #general",
        "@everyone <@1234> <:tada:1234> <t:1700000000:R>",  # the role is @everyone
    ]
    labels = [b["label"] for row in message["components"] for b in row["components"]]
    assert labels[:2] == ["Ship ||soon||", "In #general"]
    assert labels[2].startswith("@\u200beveryone <\u200b@1234>")
    assert message["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in str(message)


@pytest.mark.parametrize(
    "question",
    [
        "<:thinking:123> what about drones",
        "what about drones <a:party:1>",
        "what about drones <t:1700000000:R>",
        "</ask:123> what about drones",
    ],
)
async def test_a_discord_question_around_emoji_or_a_timestamp_is_answered(
    fake: FakeDiscord, discord_bot: BotApp, question: str
) -> None:
    """The emoji or timestamp was read as a word of no topic: "Nothing on … in this
    debate"; the question around it is answered as typed without it."""
    plain = message_of(
        await fake.answer(await fake.command("ask", {"question": "what about drones"}))
    )
    asked = message_of(await fake.answer(await fake.command("ask", {"question": question})))
    assert asked["embeds"] and asked["embeds"] == plain["embeds"]


DECORATIONS = st.one_of(
    st.builds(
        "<{}:{}:{}>".format,
        st.sampled_from(["", "a"]),
        st.from_regex(r"[a-z_]{2,8}", fullmatch=True),
        st.integers(0, 10**19),
    ),
    st.builds("<t:{}{}>".format, st.integers(0, 2**33), st.sampled_from(["", ":R", ":f"])),
    st.builds("</{}:{}>".format, st.sampled_from(["ask", "poll", "help"]), st.integers(0, 10**19)),
)
QUESTION_WORDS = st.sampled_from(
    "drones chips distillation nvidia what about who is right baker gin pizza ?".split()
)


@st.composite
def with_decorations(draw: st.DrawFn) -> tuple[str, str]:
    """A question, and the same question with Discord decorations between its words."""
    words = draw(st.lists(QUESTION_WORDS, min_size=1, max_size=6))
    mixed = draw(st.lists(DECORATIONS, max_size=2))
    for word in words:
        mixed += [word, *draw(st.lists(DECORATIONS, max_size=2))]
    return " ".join(words), " ".join(mixed)


@given(with_decorations())
@example(("what about drones", "what about drones <a:party:1>"))
@example(("who is right ?", "</ask:1> who is right ? <t:1700000000:R>"))
def test_discord_decorations_never_change_the_answer(questions: tuple[str, str]) -> None:
    plain, decorated = (router().answer(question, None) for question in questions)
    assert (decorated.kind, decorated.points, decorated.speaker, dict(decorated.via)) == (
        plain.kind,
        plain.points,
        plain.speaker,
        dict(plain.via),
    )


async def test_a_charts_alt_text_names_emoji_and_times_as_the_chart_draws_them(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """The chart draws a custom emoji by its name and a timestamp as a date (`printable`),
    but its alt text, which a screen reader reads instead, said them as Discord's markup
    made inert ("<​:tada:1234> Party"), read out as brackets, colons and digits."""
    options = "<:tada:1234> Party | <t:1700000000:R>"
    answer = await fake.answer(
        await fake.command("poll", {"question": "When?", "options": options})
    )
    match = VOTE_ID.fullmatch(answer.custom_ids()[0])
    assert match is not None
    poll_id = int(match.group(1))
    await fake.answer(await fake.command("results", {"poll": poll_id}))
    [chart] = [a for m in fake.messages.values() for a in m["attachments"]]
    assert chart["description"].startswith(
        f"Bar chart of poll #{poll_id}: :tada: Party: 0 votes (0%); "
        "2023-11-14 22:13 UTC: 0 votes (0%)."
    )


async def test_discord_suggests_polls_and_options_by_the_names_their_tokens_show(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord's suggestions are plain text: an option naming a channel was suggested as
    "1) <#…|general>", a poll asking about one as "#1 Ship in <#…|general>?", and an emoji
    as its markup, where the poll's message shows "#general" and the chart ":tada:"."""
    channel = f"<#{fake.channel_id}>"
    question, options = f"Ship in {channel}?", f"In {channel} | <:tada:1234> Party"
    await fake.answer(await fake.command("poll", {"question": question, "options": options}))
    assert await suggested(fake, "vote", "poll", "") == [
        {"name": "#1 Ship in #general?", "value": 1}
    ]
    choices = await suggested(fake, "vote", "option", "", poll=1)
    assert [choice["name"] for choice in choices] == ["1) In #general", "2) :tada: Party"]
    assert choices[0]["value"] == f"In <#{fake.channel_id}|general>"  # still finds option 1
