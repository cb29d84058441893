"""Mentions in what people type on Discord, labelled with the names Discord shows.

Discord sends a person, role or channel picked in a text option as `<@123>`, `<@&42>` or
`<#987>`, never with a name. The core shows a mention by its label (`markup.readable`) and
never as a live mention, so a poll option naming a channel showed the raw `<#987>` on its
button, in its message and in the chart. Labelled here from what discord.py already holds
(the server's channels and roles, which the guilds intent keeps; people it has seen),
`<#987|general>` reads "#general" everywhere. Nothing is fetched: the bot runs without the
members intent, and one REST call per mention is no price for a label. What is not known
stays as typed.
"""

from __future__ import annotations

import re

import discord

from bot.core.markup import labelled

#: A person (`<@1>`, `<@!1>`), role (`<@&1>`) or channel (`<#1>`) mention, as Discord sends it.
_MENTION = re.compile(r"<(@!?|@&|#)(\d{1,20})>")


def labelled_mentions(text: str, interaction: discord.Interaction) -> str:
    """`text` with each mention whose name discord.py holds labelled with it."""

    def label(mention: re.Match[str]) -> str:
        kind, number = mention[1], int(mention[2])
        name = _name(interaction, kind, number)
        return labelled(f"{kind.rstrip('!')}{number}", name) if name else mention[0]

    return _MENTION.sub(label, text)


def _name(interaction: discord.Interaction, kind: str, number: int) -> str | None:
    guild = interaction.guild
    if kind == "#":
        channel = interaction.client.get_channel(number)
        return getattr(channel, "name", None)
    if kind == "@&":
        role = guild.get_role(number) if guild else None
        return role.name if role else None
    person = (guild.get_member(number) if guild else None) or interaction.client.get_user(number)
    return person.display_name if person else None
