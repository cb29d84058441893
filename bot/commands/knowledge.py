"""The knowledge commands: one per speaker, /debate, /takeaway, /ask, /topics.

Speaker commands come from the pack, so a pack with other speakers gets its own commands
with no code change.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.registry import Choice, Command, Handler, Option, OptionType, OptionValue, Registry
from bot.core.replies import Block, Card, Quote, Reply, Text
from bot.knowledge import Pack, Point, Searcher, Speaker
from bot.storage.directory import Directory

TOPIC_AUTOCOMPLETE = "topics"
STRONGEST = 3
BEST = 3


class KnowledgeCommands:
    """Handlers over one loaded pack; registered into a Registry by `register`."""

    def __init__(self, pack: Pack, searcher: Searcher, directory: Directory) -> None:
        self.pack = pack
        self.searcher = searcher
        self.directory = directory

    # -- declarations -------------------------------------------------------------------

    def register(self, registry: Registry) -> None:
        topic = Option(
            "topic", "A topic or question, e.g. export controls", autocomplete=TOPIC_AUTOCOMPLETE
        )
        for speaker in self.pack.debaters:  # the article's analysis is no side: no command
            registry.add(
                Command(
                    name=speaker.id,
                    description=f"{speaker.name}: their stance, or their points on a topic"[:100],
                    handler=self._speaker_handler(speaker),
                    options=(topic,),
                    examples=(f"/{speaker.id}", f"/{speaker.id} {self._example_topic()}"),
                    category="knowledge",
                )
            )
        registry.add(
            Command(
                name="debate",
                description="Point and counterpoint on a topic, then who's right",
                handler=self.debate,
                options=(topic,),
                examples=("/debate", f"/debate {self._example_topic()}"),
                category="knowledge",
            )
        )
        registry.add(
            Command(
                name="takeaway",
                description="A key takeaway: number n, or the next one in rotation",
                handler=self.takeaway,
                options=(
                    Option(
                        "n",
                        f"Takeaway number (1-{len(self.pack.takeaways)})",
                        OptionType.INTEGER,
                        min_value=1,
                        max_value=len(self.pack.takeaways),
                    ),
                ),
                examples=("/takeaway", "/takeaway 2"),
                category="knowledge",
            )
        )
        registry.add(
            Command(
                name="ask",
                description="Ask anything: the best-matching points from every speaker",
                handler=self.ask,
                options=(Option("question", "Your question", required=True, max_length=300),),
                examples=("/ask is china making a mistake?",),
                category="knowledge",
            )
        )
        registry.add(
            Command(
                name="topics",
                description="The topics this debate covers",
                handler=self.topics,
                examples=("/topics",),
                category="knowledge",
            )
        )
        registry.add_autocomplete(TOPIC_AUTOCOMPLETE, self.suggest_topics)

    def _example_topic(self) -> str:
        return self.pack.topics[0].id if self.pack.topics else "chips"

    # -- handlers -----------------------------------------------------------------------

    def _speaker_handler(self, speaker: Speaker) -> Handler:
        async def handle(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
            query = str(options.get("topic", "")).strip()
            if not query:
                return self._stance(speaker)
            points = self.relevant(query, speaker=speaker.id, limit=BEST)
            if not points:
                raise UserError(self._nothing_on(query, speaker.name))
            blocks: list[Block] = []
            for point in points:
                blocks += self.point_blocks(point)
            return self._reply(
                Card(
                    title=f"{speaker.name} on “{query}”",
                    blocks=tuple(blocks),
                    colour=speaker.colour,
                )
            )

        return handle

    def _stance(self, speaker: Speaker) -> Reply:
        blocks: list[Block] = [Text(speaker.stance)]
        for point in self.pack.strongest(speaker.id, STRONGEST):
            blocks += self.point_blocks(point)
        return self._reply(
            Card(
                title=speaker.title,
                blocks=tuple(blocks),
                colour=speaker.colour,
            )
        )

    async def debate(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        query = str(options.get("topic", "")).strip()
        pairs = self._pairs(query) if query else self._headline_pairs()
        if not pairs:
            raise UserError(self._nothing_on(query))
        cards = []
        for point, counter in pairs:
            cards.append(self._point_card("Point", point))
            if counter is not None:
                cards.append(self._point_card("Counterpoint", counter))
            else:
                others = [s.name for s in self.pack.debaters if s.id != point.speaker]
                silent = " or ".join(others)
                cards.append(
                    Card(
                        title="Counterpoint",
                        blocks=(Text(f"The source has no direct answer from {silent} on this."),),
                    )
                )
        cards.append(self.synthesis_card())
        if not query:
            cards.append(self.advice_card())
        title = f"The debate on “{query}”" if query else f"The debate: {self.pack.title}"
        return self._reply(*cards, text=title)

    def _headline_pairs(self) -> list[tuple[Point, Point | None]]:
        """The strongest points that have a counterpoint, one pair per rebuttal link."""
        pairs: list[tuple[Point, Point | None]] = []
        for point in sorted(self.pack.points, key=lambda p: -p.strength):
            if point.rebuts and len(pairs) < 2:
                pairs.append((self.pack.point(point.rebuts), point))
        return pairs

    def relevant(self, query: str, speaker: str | None = None, limit: int = BEST) -> list[Point]:
        """Ranked points for a query, topped up with a named topic's points."""
        ranked = [h.point for h in self.searcher.search(query, speaker=speaker, limit=limit)]
        topic = self.searcher.topic_for(query)
        if topic is not None:
            ranked += [p for p in self.pack.points_on(topic.id) if speaker in (None, p.speaker)]
        return list(dict.fromkeys(ranked))[:limit]

    def _pairs(self, query: str) -> list[tuple[Point, Point | None]]:
        """Best points on the query, each paired with its counterpoint from the other side.

        Only debaters' points are paired: the article's analysis takes no side (the synthesis
        card that follows carries it), so it is neither a point nor a counterpoint.
        """
        candidates = [p for p in self.relevant(query, limit=6) if not self._is_analysis(p)]
        pairs: list[tuple[Point, Point | None]] = []
        used: set[str] = set()
        for point in candidates:
            if point.id in used:
                continue
            counter = self._counterpoint(point, candidates, used)
            used.update({point.id} | ({counter.id} if counter else set()))
            pairs.append((point, counter))
            if len(pairs) == 2:
                break
        return pairs

    def _counterpoint(self, point: Point, candidates: list[Point], used: set[str]) -> Point | None:
        """A linked rebuttal (either way) if there is one, else the other side's best match."""
        linked = [self.pack.point(point.rebuts)] if point.rebuts else []
        linked += list(self.pack.rebuttals_of(point.id))
        for candidate in linked:
            if candidate.id not in used:
                return candidate
        return next(
            (c for c in candidates if c.speaker != point.speaker and c.id not in used), None
        )

    async def takeaway(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        takeaways = self.pack.takeaways
        if "n" in options:
            index = int(options["n"]) - 1
        else:
            index = await self.directory.advance_rotation(
                ctx.channel_ref, f"takeaway:{self.pack.id}", len(takeaways), ctx.clock.now()
            )
        return self._reply(self.takeaway_card(index))

    def _is_analysis(self, point: Point) -> bool:
        return self.pack.speaker(point.speaker).is_analysis

    def takeaway_card(self, index: int) -> Card:
        """Takeaway `index` (0-based) with the related point of each speaker."""
        item = self.pack.takeaways[index]
        blocks: list[Block] = [Text(item.text)]
        for point_id in item.points:
            point = self.pack.point(point_id)
            speaker = self.pack.speaker(point.speaker)
            blocks.append(Text(f"{speaker.byline}: {point.claim}"))
            if point.quote:
                blocks.append(Quote(point.quote, speaker.byline))
        return Card(
            title=f"Takeaway {index + 1}/{len(self.pack.takeaways)}: {item.title}",
            blocks=tuple(blocks),
            footer=self.pack.source.citation(),
        )

    async def ask(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        question = str(options["question"]).strip()
        points = self.relevant(question)
        if not points:
            raise UserError(self._nothing_on(question))
        cards = [
            Card(
                title=self.pack.speaker(point.speaker).byline,
                blocks=tuple(self.point_blocks(point)),
                colour=self.pack.speaker(point.speaker).colour,
            )
            for point in points
        ]
        return self._reply(*cards, text=f"Best matches for “{question}”")

    async def topics(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        lines = []
        for topic in self.pack.topics:
            count = sum(topic.id in p.topics for p in self.pack.points)
            lines.append(f"{topic.id} — {topic.title} ({count} point{'s' if count != 1 else ''})")
        examples = ", ".join(f"/{s.id} {self._example_topic()}" for s in self.pack.debaters[:2])
        return self._reply(
            Card(
                title="Topics",
                blocks=(Text("\n".join(lines)), Text(f"Try: {examples}, /debate <topic>")),
            )
        )

    async def suggest_topics(self, ctx: Context, partial: str) -> list[Choice]:
        """Topics whose id, title or alias contains what the user has typed so far."""
        typed = partial.strip().lower()
        return [
            Choice(topic.title, topic.id)
            for topic in self.pack.topics
            if not typed
            or typed in topic.id
            or typed in topic.title.lower()
            or any(typed in alias.lower() for alias in topic.aliases)
        ][:25]

    # -- rendering helpers --------------------------------------------------------------

    def point_blocks(self, point: Point) -> list[Block]:
        """A point as blocks: the claim, then the verbatim quote if the source has one."""
        blocks: list[Block] = [Text(point.claim)]
        if point.quote:
            blocks.append(Quote(point.quote, self.pack.speaker(point.speaker).byline))
        return blocks

    def synthesis_card(self) -> Card:
        synthesis = self.pack.synthesis
        blocks: list[Block] = [Text(synthesis.summary)]
        blocks += [
            Text(f"{self.pack.speaker(sid).name}: {text}")
            for sid, text in synthesis.by_speaker.items()
        ]
        blocks.append(Text(f"Verdict: {synthesis.verdict}"))
        return Card(title="Who's right", blocks=tuple(blocks))

    def _point_card(self, label: str, point: Point) -> Card:
        speaker = self.pack.speaker(point.speaker)
        return Card(
            title=f"{label} — {speaker.byline}",
            blocks=tuple(self.point_blocks(point)),
            colour=speaker.colour,
        )

    def advice_card(self) -> Card:
        advice = self.pack.advice
        steps = "\n".join(f"{n}. {step}" for n, step in enumerate(advice.steps, start=1))
        blocks: list[Block] = [Text(advice.summary)]
        if steps:
            blocks.append(Text(steps))
        return Card(title="What to do with this", blocks=tuple(blocks))

    def _reply(self, *cards: Card, text: str = "") -> Reply:
        """Cards with the source cited on the last one (every answer cites its source)."""
        citation = self.pack.source.citation()
        cited = list(cards)
        last = cited[-1]
        cited[-1] = Card(last.title, last.blocks, last.colour, last.footer or citation)
        return Reply(cards=tuple(cited), text=text)

    def _nothing_on(self, query: str, who: str | None = None) -> str:
        topics = ", ".join(t.id for t in self.pack.topics)
        subject = f"{who} has nothing" if who else "Nothing"
        return f"{subject} on “{query}”. Try: {topics}."
