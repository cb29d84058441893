"""The knowledge commands: one per speaker, /debate, /takeaway, /ask, /topics.

Speaker commands come from the pack, so a pack with other speakers gets its own commands
with no code change. The handlers only parse and route: which part of the pack answers is
decided by :class:`~bot.knowledge.router.Router`, and how it looks by
:class:`~bot.knowledge.cards.AnswerCards`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.core.command_lines import missing, written
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.registry import Choice, Command, Handler, Option, OptionType, OptionValue, Registry
from bot.core.replies import Card, Marked, Reply, Text
from bot.knowledge import Pack, Point, Speaker
from bot.knowledge.cards import FULL_VERDICT, AnswerCards, Shown, coverage_note, echo
from bot.knowledge.router import BEST, DEBATE_CANDIDATES, Answer, Kind, Router
from bot.knowledge.typed_commands import QUESTION_FIELD, TOPIC_FIELD
from bot.storage.directory import Directory

TOPIC_AUTOCOMPLETE = "topics"
QUESTION_MAX = 300
"""Longest question or topic accepted (all knowledge commands alike)."""
PAIRS = 2
ANALYSIS_MAX = 3
"""The article's analysis points shown under a topic's debate: all three of its frontier
points, no more, since the sides come first."""


class KnowledgeCommands:
    """Handlers over one loaded pack; registered into a Registry by `register`."""

    def __init__(
        self, pack: Pack, router: Router, cards: AnswerCards, directory: Directory
    ) -> None:
        self.pack = pack
        self.router = router
        self.cards = cards
        self.directory = directory
        #: The topic commands (speakers', /debate) by name, once registered: /topics
        #: writes its suggestions from them (`command_lines.written`).
        self._topic_commands: dict[str, Command] = {}
        #: /ask's declaration: a question of mentions alone is refused as a missing one.
        self._ask_command = Command(
            name="ask",
            description="Ask about the debate: a point, who is right, what to do, or the tl;dr",
            handler=self.ask,
            options=(
                Option(QUESTION_FIELD, "Your question", required=True, max_length=QUESTION_MAX),
            ),
            examples=(self._example_question(), "/ask who is right?"),
            category="knowledge",
        )

    # -- declarations -------------------------------------------------------------------

    def register(self, registry: Registry) -> None:
        # The example is one of the pack's own topics: a fixed one ("export controls") once
        # promised coverage the article does not have.
        topic = Option(
            TOPIC_FIELD,
            f"A topic or question, e.g. {self._example_topic()}",
            autocomplete=TOPIC_AUTOCOMPLETE,
            max_length=QUESTION_MAX,
        )
        commands = [
            Command(
                name=speaker.id,
                description=f"{speaker.name}: their stance, or their points on a topic"[:100],
                handler=self._speaker_handler(speaker),
                options=(topic,),
                examples=(f"/{speaker.id}", f"/{speaker.id} {self._example_topic(speaker)}"),
                category="knowledge",
            )
            for speaker in self.pack.debaters  # the article's analysis is no side: no command
        ]
        commands.append(
            Command(
                name="debate",
                description="Point and counterpoint on a topic, then who's right",
                handler=self.debate,
                options=(topic,),
                examples=("/debate", f"/debate {self._example_topic()}"),
                category="knowledge",
            )
        )
        for command in commands:
            registry.add(command)
            self._topic_commands[command.name] = command
        registry.add(
            Command(
                name="takeaway",
                description="A key takeaway: number n, or the next one in rotation",
                handler=self.takeaway,
                options=(
                    Option(
                        "n",
                        _takeaway_number(len(self.pack.takeaways)),
                        OptionType.INTEGER,
                        min_value=1,
                        max_value=len(self.pack.takeaways),
                    ),
                ),
                examples=("/takeaway", f"/takeaway {min(2, len(self.pack.takeaways))}"),
                category="knowledge",
            )
        )
        registry.add(self._ask_command)
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

    def _example_topic(self, speaker: Speaker | None = None) -> str:
        """A topic of the pack for examples to name; for a speaker, the first one a point of
        theirs is tagged with. Help's examples are copied as written: "/pragmatist
        accessibility", a three-way pack's first topic, answered "Ed Config says nothing on
        “accessibility”", and the bundled pack's "/ask is china making a mistake?" was
        refused in any other pack."""
        for candidate in self.pack.topics:
            tagged = self.pack.points_on(candidate.id)
            if speaker is None or any(p.speaker == speaker.id for p in tagged):
                return candidate.id
        return self.pack.topics[0].id if self.pack.topics else "chips"

    def _example_question(self) -> str:
        """A question /ask answers in this pack: what its first side says on their topic."""
        speaker = self.pack.debaters[0]
        subject = self.pack.topic(self._example_topic(speaker)).title.lower()
        return f"/ask what does {speaker.name} say about {subject}?"

    # -- handlers -----------------------------------------------------------------------

    def _speaker_handler(self, speaker: Speaker) -> Handler:
        async def handle(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
            query = self._typed(options, TOPIC_FIELD)
            if not query:
                return self.cards.cited(self.cards.stance_card(speaker))
            return self._answer(self.router.answer(query, speaker=speaker.id))

        return handle

    def _typed(self, options: Mapping[str, OptionValue], name: str) -> str:
        """The topic or question typed, or "" if it was only mentions ("/debate @here",
        "/baker <@U1>"): those address people, they ask nothing, so the command answers as
        given none, where "/debate @here" searched for "@here" ("Nothing on “@here”")."""
        typed = str(options.get(name, "")).strip()
        return typed if self.router.without_mentions(typed) else ""

    async def debate(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        query = self._typed(options, TOPIC_FIELD)
        if not query:
            cards = self._pair_cards(self._headline_pairs(), Shown())
            cards += [self.cards.synthesis_card(), self.cards.advice_card()]
            return self.cards.cited(*cards, text=f"The debate: {self.pack.title}")
        answer = self.router.answer(query, limit=DEBATE_CANDIDATES)
        if answer.kind is not Kind.POINTS:
            # An invited question ("who is right?"), or nothing: shown as /ask shows it.
            return self._answer(replace(answer, points=answer.points[:BEST]))
        candidates = self._candidates(answer.query, answer.points)
        debated = [p for p in candidates if not self._is_analysis(p)]
        analysis = [p for p in candidates if self._is_analysis(p)][:ANALYSIS_MAX]
        shown = Shown()
        if debated:
            cards = self._pair_cards(self._pairs(debated), shown)
        else:
            # Only the article's analysis speaks to this ("sovereign AI"): neither side is
            # made to.
            cards = [self._no_answer_card("Point and counterpoint", self.pack.debaters)]
        # The article's own take on the subject follows the sides, in its own voice: it is
        # no side's point or counterpoint, yet on "frontier research" it is most of what the
        # article says.
        cards += [self.cards.voiced_card(p, shown) for p in analysis]
        full = written(self._ask_command, FULL_VERDICT, fields=ctx.option_fields)
        cards.append(self.cards.verdict_line_card(full))
        # what the article never names ("europe") or has nothing on ("tiktok"), as /ask says
        note = coverage_note(answer)
        text = f"The debate on “{echo(answer.query)}”" + (f". {note}" if note else "")
        return self.cards.cited(*cards, text=text)

    def _candidates(self, query: str, found: tuple[Point, ...]) -> list[Point]:
        """What a topic's debate stages: a topic named ("/debate sovereign-ai") gives only its
        own points, best matches first, since a word it shares with others ("ai") must not
        bring in a point the topic does not cover; any other subject, the matches."""
        topic = self.router.searcher.topic_for(query)
        if topic is None:
            return list(found)
        tagged = self.pack.points_on(topic.id)
        staged = [p for p in found if p in tagged] + [p for p in tagged if p not in found]
        return staged or list(found)  # a topic no point uses yet: its name is just words

    def _is_analysis(self, point: Point) -> bool:
        return self.pack.speaker(point.speaker).is_analysis

    def _answer(self, answer: Answer) -> Reply:
        reply = self.cards.answer_reply(answer)
        if reply is None:
            raise UserError(self.cards.refusal(answer.query))
        return reply

    def _pair_cards(self, pairs: list[tuple[Point, Point | None]], shown: Shown) -> list[Card]:
        """Each answered point with its counterpoint, then the unanswered points of each
        speaker followed by one card saying who has no answer to them: said once per reply,
        not once per point."""
        cards = []
        unanswered: dict[str, list[Point]] = {}
        for point, counter in pairs:
            if counter is None:
                unanswered.setdefault(point.speaker, []).append(point)
            else:
                cards.append(self.cards.point_card("Point", point, shown))
                cards.append(self.cards.point_card("Counterpoint", counter, shown))
        for speaker_id, points in unanswered.items():
            cards += [self.cards.point_card("Point", p, shown) for p in points]
            others = tuple(s for s in self.pack.debaters if s.id != speaker_id)
            cards.append(self._no_answer_card("Counterpoint", others))
        return cards

    @staticmethod
    def _no_answer_card(title: str, silent: tuple[Speaker, ...]) -> Card:
        """Says who the source has nothing from, where their point or counterpoint would be."""
        names = " or ".join(s.name for s in silent)
        return Card(
            title=title, blocks=(Text(f"The source has no direct answer from {names} on this."),)
        )

    def _headline_pairs(self) -> list[tuple[Point, Point | None]]:
        """The strongest rebuttals, each after the point it answers; a point already shown
        is not staged again (two replies to one claim would repeat it)."""
        pairs: list[tuple[Point, Point | None]] = []
        shown: set[str] = set()
        for point in sorted(self.pack.points, key=lambda p: -p.strength):
            if point.rebuts and not {point.id, point.rebuts} & shown and len(pairs) < PAIRS:
                pairs.append(self._answered_first(point, self.pack.point(point.rebuts)))
                shown.update({point.id, point.rebuts})
        return pairs

    def _pairs(self, candidates: list[Point]) -> list[tuple[Point, Point | None]]:
        """Best points on the query, each paired with its counterpoint from the other side.

        Only debaters' points are paired: the article's analysis takes no side (the verdict
        line that follows carries it), so it is neither a point nor a counterpoint.
        """
        pairs: list[tuple[Point, Point | None]] = []
        used: set[str] = set()
        for point in candidates:
            if point.id in used:
                continue
            counter = self._counterpoint(point, candidates, used)
            used.update({point.id} | ({counter.id} if counter else set()))
            pairs.append(self._answered_first(point, counter) if counter else (point, None))
            if len(pairs) == PAIRS:
                break
        return pairs

    def _answered_first(self, one: Point, other: Point) -> tuple[Point, Point]:
        """A pair as the article stages it, whichever of the two matched better: the point
        answered, then its rebuttal ("Counterpoint — Gavin Baker" once put Baker answering
        Gin, which the source never has him do). Two points not linked by ``rebuts`` come in
        the sides' declared order, the opener first: the opener answers no one."""
        sides = self.pack.speaker_ids
        second = one.rebuts == other.id or (
            other.rebuts != one.id and sides.index(other.speaker) < sides.index(one.speaker)
        )
        return (other, one) if second else (one, other)

    def _counterpoint(self, point: Point, candidates: list[Point], used: set[str]) -> Point | None:
        """A linked rebuttal (either way) if there is one, else the other side's best match."""
        for candidate in self.router.linked(point):
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
        return self.cards.cited(self.cards.takeaway_card(index))

    async def ask(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        question = self._typed(options, QUESTION_FIELD)
        if not question:
            raise missing(self._ask_command, QUESTION_FIELD, fields=ctx.option_fields)
        return self._answer(self.router.answer(question))

    async def topics(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        tries = [
            *((s.id, self._example_topic(s)) for s in self.pack.debaters[:2]),
            ("debate", "<topic>"),
        ]
        examples = [
            written(self._topic_commands[name], f"/{name} {value}", fields=ctx.option_fields)
            for name, value in tries
        ]
        return self.cards.cited(self.cards.topics_card(Marked(", ").join(examples)))

    async def suggest_topics(
        self, ctx: Context, partial: str, filled: Mapping[str, OptionValue]
    ) -> list[Choice]:
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


def _takeaway_number(count: int) -> str:
    """The description of `/takeaway n:`. A pack with one takeaway said "(1-1)", which
    read as a typo; it now says why 1 is the only number (Discord shows this under n)."""
    if count == 1:
        return "Takeaway number: this debate has one takeaway"
    return f"Takeaway number (1-{count})"
