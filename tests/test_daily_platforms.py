"""Daily takeaways end to end on the loopback Slack and Discord: a time typed as people
type it sets the schedule the channel is shown, and the admin's name in that message,
whatever it holds, pings no one."""

from __future__ import annotations

from bot.app import BotApp
from bot.core.context import ChannelRef
from bot.core.sanitize import ZERO_WIDTH_SPACE
from tests.discord_fake import MANAGE_GUILD, FakeDiscord
from tests.slack_client import as_typed
from tests.slack_fake import TEAM
from tests.test_discord_e2e import channel_posts, embed_text, message_of
from tests.test_slack_e2e import CHANNEL, Slack

#: A name chosen to ping: each platform's broadcast and a role or user mention.
PINGING_NAME = "@everyone @here <!channel> <@&42> <@U0BOB>"


def assert_pings_no_one(text: str) -> None:
    """Every mention form of `PINGING_NAME` is broken by a zero-width space, none live."""
    for live in ("@everyone", "@here", "<!channel>", "<@&42>", "<@U0BOB>"):
        assert live not in text, (live, text)
    assert f"@{ZERO_WIDTH_SPACE}everyone" in text and f"<{ZERO_WIDTH_SPACE}@&42>" in text


async def test_a_time_typed_as_people_type_it_sets_the_schedule_on_discord(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord's typed fields: `21h30` in `time`, the French way, is 21:30; the admin's
    server nickname, in "Set by", pings no one (nor does Discord let it: no mention parsed)."""
    fake.nicks[2] = PINGING_NAME
    options = {"action": "on", "time": "21h30", "tz": "Europe/Paris"}
    on = await fake.command("daily", options, user=2, permissions=MANAGE_GUILD)
    assert "posted the schedule" in embed_text(await fake.answer(on))
    (schedule,) = channel_posts(fake)
    assert "every day at 21:30 Europe/Paris" in embed_text(schedule)
    assert message_of(schedule)["allowed_mentions"] == {"parse": []}
    assert_pings_no_one(embed_text(schedule))
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    stored = await discord_bot.daily.store.subscription(channel)
    assert stored is not None and (stored.schedule, stored.active) == ("21:30 Europe/Paris", True)


async def test_a_time_typed_as_people_type_it_sets_the_schedule_on_slack(
    slack_bot: Slack,
) -> None:
    """Slack's one line of text: `9.30 pm Europe/Berlin` (the am/pm a word apart) is 21:30
    in Berlin; the admin's name, in "Set by", pings no one."""
    slack = slack_bot
    slack.fake.admins.add("U0ADMIN")
    slack.fake.display_names["U0ADMIN"] = PINGING_NAME
    _, url = await slack.command("/daily", "on 9.30 pm Europe/Berlin", user="U0ADMIN")
    assert (await slack.answer(url)).args["text"] == (
        "Daily takeaways on: I posted the schedule in this channel."
    )
    (schedule,) = slack.fake.calls_to("chat.postMessage")
    assert "every day at 21:30 Europe/Berlin" in schedule.args["text"]
    for shown in (schedule.args["text"], schedule.args["blocks"][0]["text"]["text"]):
        assert_pings_no_one(shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    stored = await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, CHANNEL))
    assert stored is not None and stored.schedule == "21:30 Europe/Berlin"


async def test_a_zone_typed_in_discord_s_time_field_is_read_as_the_zone(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Regression: Discord types each option in a field of its own, and `time: 9 30 pm
    Europe/Paris`, all of it in the time's field, was refused as "not a time of day"."""
    options = {"action": "on", "time": "9 30 pm Europe/Paris"}
    on = await fake.command("daily", options, user=2, permissions=MANAGE_GUILD)
    assert "posted the schedule" in embed_text(await fake.answer(on))
    (schedule,) = channel_posts(fake)
    assert "every day at 21:30 Europe/Paris" in embed_text(schedule)


async def test_a_time_spoken_on_the_12_hour_clock_sets_the_schedule_on_slack(
    slack_bot: Slack,
) -> None:
    """Regression: `/daily on 7 o'clock pm Europe/Berlin` was told "Unknown time zone
    “pm Europe/Berlin”": by position "pm" fell to the zone."""
    slack = slack_bot
    slack.fake.admins.add("U0ADMIN")
    _, url = await slack.command("/daily", "on 7 o'clock pm Europe/Berlin", user="U0ADMIN")
    assert (await slack.answer(url)).args["text"] == (
        "Daily takeaways on: I posted the schedule in this channel."
    )
    (schedule,) = slack.fake.calls_to("chat.postMessage")
    assert "every day at 19:00 Europe/Berlin" in schedule.args["text"]


async def next_post_instant(app: BotApp, channel: ChannelRef) -> int:
    """The instant of the channel's next daily post, as the scheduler plans it now."""
    subscription = await app.daily.store.subscription(channel)
    assert subscription is not None
    outlook, _ = await app.daily.plan_for(subscription, await app.daily.now())
    return int(outlook.next_post.instant)


async def test_status_shows_the_next_post_in_each_reader_s_time_on_discord(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Regression: `/daily status` gave the next post in the channel's zone only ("Tue 03
    Mar 07:15 JST"): a member elsewhere had to work out their own time. It also gives the
    moment in Discord's markup, which each reader sees in their own time zone."""
    options = {"action": "on", "time": "07:15", "tz": "Asia/Tokyo"}
    await fake.answer(await fake.command("daily", options, user=2, permissions=MANAGE_GUILD))
    status = embed_text(await fake.answer(await fake.command("daily", {"action": "status"})))
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    instant = await next_post_instant(discord_bot, channel)
    assert f"Next post in your own time zone: <t:{instant}:f>" in status


async def test_status_shows_the_next_post_in_each_reader_s_time_on_slack(
    slack_bot: Slack,
) -> None:
    """Regression: as on Discord, the next post was in the channel's zone only; Slack's
    date markup shows it in each reader's own."""
    slack = slack_bot
    slack.fake.admins.add("U0ADMIN")
    _, url = await slack.command("/daily", "on 07:15 Asia/Tokyo", user="U0ADMIN")
    await slack.answer(url)
    _, url = await slack.command("/daily", "status")
    blocks = str((await slack.answer(url)).args["blocks"])
    instant = await next_post_instant(slack.app, ChannelRef("slack", TEAM, CHANNEL))
    assert f"Next post in your own time zone: <!date^{instant}^" in blocks


async def test_a_token_typed_where_the_time_or_zone_goes_is_refused_as_what_it_shows(
    slack_bot: Slack,
) -> None:
    """A person picked in `/daily on` was split at the space in the name the adapter gave
    her, and the refusal quoted half the token as raw markup ("“<@U0ANN|Ann” is not a time
    of day"); a token in the zone was quoted as sent, `<!here>` included. Each now reads
    as it shows, inert, and a time given as a Slack date token reads as its text."""
    slack = slack_bot
    slack.fake.admins.add("U0ADMIN")
    slack.fake.display_names["U0ANN"] = "Ann Lee"
    answers = []
    for typed in ("on {<@U0ANN>}", "on 9:30 {<!here>}", "on 9:30 {<#C0DEV|europe london>}"):
        _, url = await slack.command("/daily", as_typed(typed), user="U0ADMIN")
        answers.append((await slack.answer(url)).args["text"])
    zones = "Use an IANA name such as Europe/London, America/New_York or UTC."
    assert answers == [
        "“@Ann Lee” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:30, or 9:30am.",
        f"Unknown time zone “@{ZERO_WIDTH_SPACE}here”. {zones}",
        f"Unknown time zone “#europe london”. {zones}",
    ]
    assert not slack.fake.calls_to("chat.postMessage")
    dated = "on <!date^1700000000^{time}|9:30 PM> Europe/Berlin"  # as Slack sends it
    _, url = await slack.command("/daily", dated, user="U0ADMIN")
    assert "posted the schedule" in (await slack.answer(url)).args["text"]
    stored = await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, CHANNEL))
    assert stored is not None and stored.schedule == "21:30 Europe/Berlin"

