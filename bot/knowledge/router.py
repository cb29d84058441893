"""Route a question to the part of the pack that answers it, before and around the search.

One router serves `/ask`, every speaker command and `/debate`, and `kb eval` measures this
very code, so the figures are those of the bot people talk to. The order:

0. mentions are no part of the question: a Slack user @s the bot or the channel ("<@U0BOT>
   who is right?", "@everyone drones"), and neither the ids nor the addressee are words to
   search;
1. an invited question ("who is right?", "what should founders do?", "tl;dr") goes to the
   synthesis, the advice or the both-sides summary, but what a debater concedes is his
   own acknowledgement (:mod:`bot.knowledge.concession`);
2. a speaker named in the question ("what does Baker say about Gin's 80% claim") becomes
   the speaker asked, even under another speaker's command, and the speaker's words are
   taken out of what is searched; a question with nothing left but the name ("what does
   Baker think?", "baker?") gets the speaker's stance, and one about the debate itself
   ("compare Baker and Gin") the both-sides summary; "the argument against Baker" asks
   his opponent, and "the response to Baker" whoever the source shows answering him (so
   does "the argument against the 80% idea", of the claim its best match is); what the
   one asked does not do, with no other subject, gets the points that say so in the
   negative (:mod:`bot.knowledge.negation`);
3. the search, whose relevance floor refuses what the debate does not cover;
4. for a speaker, the other side's matching points lead to the speaker's own rebuttals of
   them through ``rebuts`` links ("/gin terrible mistake": Gin's answer to Baker), and to the
   point they answer only where the question names the other side's claim ("what does Baker
   say about Gin's 80% claim"); "/baker cost" matches only Gin's answer to Baker, and Baker
   never spoke on cost;
5. a speaker with nothing on a subject the other side covers is said to have nothing, and
   the other voices' points on it are offered (never the speaker's own weak matches, which
   would contradict "says nothing"); outscored only on the other debater's own words, a
   speaker still answers for the rest ("/baker does the gap matter": Baker's gap).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import accumulate, zip_longest

from bot.core.replies import join_list
from bot.core.sanitize import drop_mentions
from bot.knowledge.asked_names import (
    asked_best,
    asked_thing,
    names_in,
    owners_asked,
    written_as_names,
)
from bot.knowledge.concession import ADDRESSED, ASKS_A_CONCESSION, as_conceding, concedes
from bot.knowledge.handles import without_copy_ins, without_handles
from bot.knowledge.intents import INTENT_WORDS, Intent, IntentMatcher, Recognised
from bot.knowledge.mistyped_names import names_mended
from bot.knowledge.model import Pack, Point, Speaker
from bot.knowledge.negation import Denial, asked_denial, says_in_the_negative
from bot.knowledge.parts import covered_parts, questions_in
from bot.knowledge.pasted import unpasted
from bot.knowledge.search import Hit, Searcher
from bot.knowledge.tokens import (
    ACTIONS,
    FILLER,
    GRADES,
    KINDS_OF_TEAM,
    NEGATIONS,
    OPENERS,
    ROLES,
    SHORTHAND,
    STOP_WORDS,
    is_action,
    is_filler,
    stem,
    without_courtesies,
    words,
    written_out,
)
from bot.knowledge.typed_commands import without_command_line
from bot.knowledge.vocabulary import QuestionWords

BEST = 3
DEBATE_CANDIDATES = 6
"""/debate looks at more candidates than /ask, to pair points with counterpoints."""
LINK_SHARE = 0.85
"""A point reached through a rebuts link ranks a little below one matched in its own words."""
_REPLY = (
    r"(?:respond|responds|responded|response|responses|reply|replies|replied|answer|answers"
    r"|answered|rebut|rebuts|rebuttal|counter|counters|counterargument|counterarguments"
    r"|counterpoint|counterpoints|react|reacts|reaction)"
)
"""Words that make the speaker right after them the one replied to, not the one asked:
"how does Baker respond to Gin", "/baker what is your answer to gin"."""
_RESPONSE = rf"(?:{_REPLY}|take|view|views|opinion|side|position|stance|say|says)"
"""Words that make the speaker next to them the one asked: "Baker's response to ...", "how
does Gin reply to Baker"."""
_ABOUT_THE_DEBATE = frozenset(
    """debate debates argument arguments arguing disagree disagreement differ difference
    differences compare comparison contrast sides versus vs conversation discussion article
    agree agreement contention crux clash clashing fight fighting""".split()
)
"""Words that make a question with no other subject a question about the whole debate."""
_QUARREL = frozenset("beef feud spat showdown faceoff".split())
"""Slang for the debate as a quarrel, which an invited question names as it names "the
debate": "who won the beef" was refused for "beef" (held-out set 10), a subject of its own
anywhere else ("chinese beef prices")."""
_THE_SOURCE = frozenset(
    """debate conversation discussion article episode episodes podcast show interview talk
    next last latest previous new recent""".split()
)
"""Words that name the source itself, and its place in a schedule ("the next episode")."""
_WHO_LEADS = re.compile(r"\b(?:who|whos|which one) (?:is |s )?(?:ahead|winning)\b")
_VERSUS = re.compile(r"\b(?:vs|versus)\b")
"""Two subjects set against each other, then "who's ahead" ("closed source vs open source
models, who's ahead"): which of the two leads, a question about them, not about which
speaker is right. It got the verdict; "baker vs gin, who's ahead" still does."""
_ASKS_WHEN = re.compile(r"(?:(?:so|and|but|ok|okay) )?(?:when|whens|what (?:date|year|day))\b")
"""A question for a time: the article gives none (its date, if a pack has one, is in every
answer's citation)."""
_RIGHT_NOW = re.compile(
    r"\b(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!['’]s )(?<!\bwhos )right(?= now\b)"
)
"""The "right" of "right now", no judging word: "which chip is fastest right now" got the
verdict. Who "is right now" still asks it, the "is" written out or not: "who's right now"
(as typed, and "whos" as spelled) was refused as a question about the present."""
_ASKS_THE_PRESENT = re.compile(
    rf"{_RIGHT_NOW.pattern} now|\b(?:currently|at the moment|as of (?:now|today)|as we speak"
    r"|these days|nowadays|at present|today)\b"
)
"""Words that ask how things stand now, which a report of one conversation cannot say:
"what's the top model on the leaderboard right now" was answered with Baker's frontier
training (held-out set 10). A speaker asked or named answers with what the source reports
of him."""
_ASKS_WHAT_ONE_SHOULD_DO = re.compile(
    r"(?:(?:so|and|but|ok|okay) )?(?:what|how) (?:should|must|ought to|needs to|has to) "
    r"(?P<who>(?:\w+ ){1,3}?)(?:do|respond|react|prepare|adapt)\b"
)
"""A question for what someone should do: the advice answers it for the asker's own side
(see :meth:`Router._is_the_askers_side`); for anyone else, a party of the debate or an
outsider ("what should the US do about chip exports to China"), the article advises no one,
and the points sharing its words are no answer. "What should other governments learn from
China's approach" asks a lesson the article does draw, and is searched as ever."""
_AUDIENCE_WORDS = frozenset("we i you me one people".split()) | ROLES
"""Who the asker's own side is, whom the advice is for: the asker ("what should we do", "how
should we respond") and those who build, buy or adopt what the debate is about, in a
business ("what should a CTO do", "what should enterprises do"). "Us" is none: after
"should" it is the country ("the US"), the pronoun being "we" there. Nor are customers: in
a debate's advice they are whom the builder serves ("your market", "a core user problem"),
their wants reported, no deed asked of them."""
_POSITION = r"(?:long|short|bullish|bearish|optimistic|pessimistic)"
"""An investor's words for which way someone leans on something: "is gin long china"."""
_YOU_ALL = frozenset("guys folks all lot two".split())
"""Words after "you" that make it plural ("you guys", "you all"): the asker's team, as
"we" is. "What should you guys do" was refused, as if "guys" were someone else."""
_VIEW = (
    r"(?:position|positions|stance|stand|view|views|opinion|opinions|take|thinking|plan|plans"
    r"|policy|policies|strategy|strategies)"
)
"""Nouns for what someone holds or means to do: "the EU's position on sovereign AI"."""
_VERB_FIRST = r"(?:is|are|was|were|s|do|does|did|can|could|should|would|will|has|have|if)"
"""Words after "what" that make it no determiner of a thing: "what is sovereign AI and should
Europe build its own chips" asks two things, neither a thing of Europe's."""
_OF_SOMEONE_UNNAMED = (
    r"\b{name}s? (?:\w+ )?" + _VIEW + r"\b",
    r"^(?:(?:so|and|but|ok|okay) )?(?:is|are|was|were|has|have|had|does|do|did) (?:the )?"
    r"{name} \w",
    r"^(?:(?:so|and|but|ok|okay) )?what (?!" + _VERB_FIRST + r"\b)(?:\w+ ){{1,6}}?"
    r"(?:should|would|will|does|did|is|are) (?:the )?{name}\b",
)
"""Questions about someone the source never names as the one who holds a view, does
something or is asked for particulars: its position ("the EU's position on sovereign AI"),
what it is doing ("is the EU fine-tuning open-source models on local data") or a thing of its
own ("what local data should India fine-tune on"). The source says nothing of them, however
near a point's subject; whether the article's case applies to them ("should Europe build its
own chips", "what does sovereign AI mean for Europe", "could the EU follow China's path") is
what the article does speak to, and is searched as ever. ``{name}`` is the name asked."""
_HIS_LIVING = re.compile(
    r" (?:(?:ever|once|previously|formerly|still|really|actually|also|personally|used to) )*"
    r"(?:(?:work|works|worked|working) (?:at|for|as)(?! scale\b)"
    r"|(?:invest|invests|invested|investing) in"
    r"|(?:employed|paid|funded|backed) by"
    r"|(?:own|owns|owned|hold|holds|held) (?:any |some )?(?:shares|stock|stocks|a stake)"
    r"|(?:sit|sits|sat) on (?:the|a) board)\b"
)
"""Words right after a speaker's name that ask of his career or holdings: "is it accurate
that Baker worked at NVIDIA", "does Gin invest in Chinese labs". A source that reports a
debate gives its speakers' views, not their employers or money (held-out set 10's sceptic:
"how much nvidia stock does baker own"); Baker's "worked at" was read as the "works reliably"
of Gin's points. "Chips that work at scale" is Gin's, and is searched as ever. What the
speaker's role says is answered (see :meth:`Router._role_gives`)."""
_WHEREABOUTS_AUX = r"(?:does|did|do|is|was)"
_ASKS_WHEREABOUTS = re.compile(
    rf"(?:(?:so|and|but|ok|okay) )?where (?:{_WHEREABOUTS_AUX} )?"
    rf"(?P<who>\w+(?: (?!{_WHEREABOUTS_AUX}\b)\w+)?) (?:{_WHEREABOUTS_AUX} )?"
    r"(?:work|works|worked|working|live|lives|lived|living|come from|comes from|from|based"
    r"|study|studies|studied|studying|teach|teaches|teaching)"
    r"\b(?P<rest>.*)"
)
"""A question for where a speaker works, lives or comes from: a pack gives a speaker's
name and role, never their whereabouts. "where does aaron gin work" was answered with the
author's model "that works reliably" (held-out set 9); where a speaker says or argues
something, or works on a subject ("where does baker work on chips"), is still searched.
In any tense and either word order: "where Baker is working now?" (held-out set 13, a
speaker keeping an indirect question's order), "where is gin living" and "where baker
works" got the same "works reliably"."""
_ASKS_WHAT_WAS_SAID = re.compile(
    r"(?:(?:so|and|but|ok|okay) )?(?:what|how) (?:did|does|do|has|have|would|will) (?:the )?"
    r"(?P<who>\w+) (?:say|said|respond|responded|reply|replied|react|reacted|comment|commented)"
    r"\b(?P<rest>.*)"
)
"""A question for what one party said or how it replied: "what did nvidia say in response"."""
_ASKS_HOW_MANY = re.compile(
    r"\bhow (?:many|much)\b(?: (?P<counted>\w+))?"
    r"|\bwhat (?:do|does|did|would|will) "
    r"(?:(?!(?:say|says|said|think|thinks|mean|means|about|on|re)\b)\w+ ){1,6}?cost\b"
)
"""A question for a quantity, and what it counts: only a figure of the source answers it.
A price asked with "cost" as the verb ("what do chinese drones cost") is one as much as
"how much do they cost": it got Gin's customers, whose sentence names cost and gives no
figure (held-out set 9); "what does gin say about cost" asks about cost, not a price."""
_PRICE = re.compile(
    r"\b(?:cost|costs|costed|costing|price|prices|priced|pay|pays|paid|spend|spends|spent"
    r"|charge|charges|charged|dollars?|usd|euros?|yuan)\b|\$"
)
"""Words of money: a quantity asked with one after it ("how much did the 160,000 traces
cost to generate") asks a price, which only a sentence giving a figure in those words gives.
It got Baker's 160,000 traces (held-out set 12), a count of something else, as if it were
the price; the article prices nothing. "How many traces made deep seek, and how much did it
cost" counts the traces first, and is answered as before."""
_ASKS_A_SHARE = re.compile(
    r"\b(?:whats?|what (?:is|was|are|were)) (?:\w+ ){0,3}?"
    r"(?:(?P<share>percentage|percent|proportion|share|fraction)|(?P<score>scores?))\b"
)
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b", re.IGNORECASE)
"""A question for a share or a score ("what percentage of china's electricity is coal", "what
benchmark scores does deep seek get"): a figure too, which only a number of the source gives.
Asked in the past, of something with a name of two words ("what was deep seek's mmlu
score"), it was answered with Gin's benchmarks (held-out set 7)."""
_IN_PERCENT = re.compile(r"\b(?:in|as an?) (?:percent|percentage|per cent|percentage terms)\b")
"""A size asked as a share ("how big is the performance gap in percent"): a percentage, which
only a source sentence giving one answers. It got Baker's gap, whose sentences size nothing
(held-out set 10)."""
_COUNTS_THE_SOURCE = re.compile(
    r"\b(?:names?|named|mentions?|mentioned|lists?|listed|cites?|cited)\b"
)
"""Verbs that make a count one of the source's own words ("how many chips does Baker
name"): the answer that shows them answers it, figure or none."""
_IN_THE_SOURCE = re.compile(
    r"\b(?P<verb>(?:names?|named|mentions?|mentioned|lists?|listed|cites?|cited|gives?|given"
    r"|refers? to|referred to)) (?:in|by) (?:the|this) (?:"
    + "|".join(sorted(_THE_SOURCE))
    + r")\b"
)
"""Where the source names or gives something, read as the source, not a speaker: "which
nvidia chip models are named in the article", "what does the number 80 refer to in the
article" were each put to the analysis voice, whose points name neither, and refused
(held-out set 12); what the article names is named by whoever it quotes."""
_FIGURE = re.compile(
    r"(?<![\w.,])\d[\d,.]*(?![\w])"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?)\b",
    re.IGNORECASE,
)
"""A number on its own in the source ("160,000", "80%"), not part of a name ("H200s"), or
written as a word, as prose writes small ones ("two fixed office days": "how many office
days" was refused as if the source gave no figure). Not "one", which is as often a pronoun
("the one who")."""
_ASKS_A_DATE = re.compile(
    r"\b(?:when (?:did|was|were|had)|(?:what|which) (?:year|date|month|day)|since when"
    r"|how long ago)\b"
)
"""A question for the date of something done ("when did china decide to stop buying nvidia
chips"), not for the conditions of it ("when is baker wrong"), nor for whether something
is to come ("when will china catch up": Baker's widening gap answers that it is not)."""
_ASKS_AN_ORDER = re.compile(
    r"\b(?:(?:what|which)(?: one| of them)? (?:happened|came) (?:first|earlier|before)"
    r"|in what order)\b"
)
_SEQUENCE = re.compile(r"\b(?:then|before|after|afterwards|later|earlier|first|until)\b", re.I)
"""A question for the order of two things ("what happened first, deep seek or the chip
decision"), and the words in which a sentence of the source puts things in an order ("an 80%
capability ... and then relentlessly focusing on adoption")."""
_MAKING = r"(?:made|built|manufactured|produced|fabricated|fabbed|assembled|designed)"
_ASKS_WHERE_MADE = re.compile(
    rf"\bwhere(?: \w+){{0,6}} {_MAKING}\b"
    r"|\bwhich (?:country|countries|fabs?|factory|factories|foundry|foundries) (?:\w+ )?"
    r"(?:make|makes|build|builds|manufacture|manufactures|produce|produces)\b"
)
_MADE_WHERE = re.compile(rf"\b{_MAKING} (?:in|at|by) (?:the )?[A-Z]")
"""A question for where something is made ("where are china's chips made", "which fabs
build them"), and the words in which a sentence of the source says it ("made in Taiwan")."""
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_DATE = re.compile(rf"\b(?:(?:1[89]|20)\d\d|{_MONTHS} \d{{1,2}}|\d{{1,2}} {_MONTHS})\b", re.I)
"""A year, or a day of a month, in a sentence of the source."""
WEAK_SHARE = 0.5
"""A speaker whose best match scores under this share of the debate's best has nothing
direct on the question: the debate's answer is shown instead, saying so."""


_QUESTION_WORDS = STOP_WORDS | FILLER | INTENT_WORDS | ACTIONS
"""The words questions are made of, whatever their subject: none is "corrected" into another
("manage" is no typo of the role "manager")."""


class Kind(StrEnum):
    POINTS = "points"
    SYNTHESIS = Intent.SYNTHESIS.value
    ADVICE = Intent.ADVICE.value
    SUMMARY = Intent.SUMMARY.value
    STANCE = "stance"
    OTHER_SIDE = "other-side"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Answer:
    """What the pack has to say to one question, before it is rendered."""

    kind: Kind
    query: str
    """The question as routed (mentions taken out), to be shown back; as typed if that was
    all it was."""
    points: tuple[Point, ...] = ()
    speaker: str | None = None
    """The speaker asked (a command, or named in the question); for OTHER_SIDE, the silent one."""
    via: Mapping[str, str] = field(default_factory=dict)
    """Point id -> the other voice's point it was reached from through a rebuts link, so
    the answer can say what it replies to."""
    unnamed: tuple[str, ...] = ()
    """Names in the question the source never uses ("europe"): the answer must say so, not
    pass the nearest points off as covering them."""
    uncovered: tuple[str, ...] = ()
    """Parts of a question of several ("drones and tiktok") that the debate has nothing on,
    the rest being answered: the answer must say so (see :mod:`bot.knowledge.parts`)."""
    unreplied: tuple[str, ...] = ()
    """For STANCE: the debaters the question asks the speaker's answer to, whom the source
    never shows him answering ("how does Baker respond to Gin"): his stance is no reply to
    them, and the answer must say so."""
    not_of: str | None = None
    """A debater the question gives a claim to ("baker's 80% claim") whose the best point
    answering it is not: the answer must say whose it is."""
    subject: str = ""
    """What the question is about, as typed, without the asking words and speaker names
    around it ("power" in "what does Baker think about power?"), for an answer in a
    speaker's name (set only on those); the whole question if nothing else is left."""


def _asks_of_someone_unnamed(spelled: str, unnamed: tuple[str, ...]) -> bool:
    """``spelled`` asks what one of the ``unnamed`` (names the source never uses) holds or
    does (see :data:`_OF_SOMEONE_UNNAMED`): nothing the article says answers it."""
    return any(
        re.search(pattern.format(name=re.escape(name)), spelled)
        for name in unnamed
        for pattern in _OF_SOMEONE_UNNAMED
    )


@dataclass(frozen=True)
class _Position:
    """A debater said to lean one way (see :meth:`Router._position_held`): on a party of the
    debate, his view; on anything else, a bet."""

    holder: str
    of_a_party: bool


_OWN_PART = (Kind.POINTS, Kind.OTHER_SIDE)
"""What a part of a question put to one debater may be answered with (`Router._each_asked`):
his points, or the others' where he says nothing on it."""


class Router:
    """Intents, speaker mentions, search and rebuts links over one pack."""

    def __init__(self, pack: Pack, searcher: Searcher) -> None:
        self.pack = pack
        self.searcher = searcher
        self._intents = IntentMatcher(pack.intents)
        self._names = _speaker_names(pack)
        self._name_parts = {
            s.id: frozenset(words(f"{s.id} {s.name}")) & _name_words(pack) for s in pack.speakers
        }
        self._order = {p.id: i for i, p in enumerate(pack.points)}
        self._debaters = frozenset(s.id for s in pack.debaters)
        self._question_words = QuestionWords(_QUESTION_WORDS | _name_words(pack))
        self._show = frozenset(words(pack.source.show))
        self._headings = _headings(pack)
        self._evidence = tuple(sentence for p in pack.points for sentence in p.evidence)
        self._not_names = frozenset(
            stem(word) for word in (*_name_words(pack), *pack.setting) for word in words(word)
        )
        # Who a negation may deny something of (`asked_denial`): the parties and every
        # speaker, the analysis voice as readers name it too ("what does the article not
        # say" got the article's stance, as if it were what the article does not say).
        analysis = AUTHOR_WORDS.union(s.id for s in pack.speakers if s.is_analysis)
        self._denied_names = self._not_names | {stem(word) for word in analysis}
        self._parties = self._not_names | written_as_names(self._evidence)
        self._roles = frozenset(
            word
            for s in pack.speakers
            for role in _roles_named(s, pack)
            for word in role.split()
            if word not in _ARTICLES
        )

    def answer(self, query: str, speaker: str | None = None, limit: int = BEST) -> Answer:
        """The answer to ``query``, asked of ``speaker`` (None: of the whole debate), with
        the subject of the question (see :meth:`subject`) where the answer is in a
        speaker's name, the only answers that echo it."""
        routed = self._route(query, speaker, limit)
        if routed.kind is Kind.NOTHING or routed.uncovered:
            routed = self._partly_covered(routed, speaker, limit) or routed
        if routed.speaker is None or routed.subject:
            return routed
        return replace(routed, subject=self.subject(routed.query))

    def _partly_covered(self, refused: Answer, speaker: str | None, limit: int) -> Answer | None:
        """The answer to the one question of a message the debate covers, its other
        questions named as ones it has nothing on, when the message refused whole, or
        answered in part, asks several (see :func:`~bot.knowledge.parts.questions_in`):
        "who's right, and will the us tighten export controls?" was refused whole (held-out
        set 11), the verdict it asks for hidden by a question of the future the article
        never speaks to, and "will the us tighten export controls, and who won the debate?"
        was answered with the points matching "won the debate" rather than the verdict. None
        unless exactly one question is answered, and by the verdict, the advice or the
        summary, which a whole question invites, and every other is a question of its own:
        two answered would each lose the other; a part that is points or a stance alone is
        as often no question at all ("gin and tonic", "we're at 80% of the sprint goal, nice
        work everyone"); and a subject with no question of its own is what the invited one
        asks about ("pizza recipes, who wins": who wins at pizza, which the debate has
        nothing on)."""
        pairs = self._asked_parts(refused.query)  # spelled once, read again below
        if len(pairs) < 2:
            return None
        answers = [self._route(part, speaker, limit) for part, _ in pairs]
        answered = [a for a in answers if a.kind is not Kind.NOTHING]
        if len(answered) != 1 or answered[0].kind not in _INVITED:
            return None
        others = [pair for pair, a in zip(pairs, answers, strict=True) if a.kind is Kind.NOTHING]
        if not all(_A_QUESTION.match(spelled) for _, spelled in others):
            return None  # "pizza recipes, who wins", "where's the crux? at the gym": one
        uncovered = tuple(self.subject(part) for part, _ in others)
        [kept] = answered
        return replace(kept, query=refused.query, uncovered=(*kept.uncovered, *uncovered))

    def subject(self, question: str) -> str:
        """``question`` less the asking words and speaker names before and after its
        subject, as typed, without closing punctuation.

        A speaker's answer echoes it: "Gavin Baker says nothing on “what does baker think
        about power”" named him inside the quote of what he is said not to speak on, and
        read as if he had nothing to say about himself; "on “power”" is what was asked.
        Words the asker put in quotes are kept or trimmed together, and shown without
        the quotes when they are all that is left: "what does gin mean by "does it
        matter"?" is on “does it matter”, not on “matter"”.

        A message whose later questions each ask again about a subject of their own ("what
        did gin say about drones and what did he say about power") is on those subjects:
        it was on “drones and what did he say about power”, the second question's asking
        words quoted as part of the first's subject.
        """
        parts = questions_in(question)
        if len(parts) > 1 and all(self._asks_about(part) for part in parts[1:]):
            subjects = [subject for subject in map(self._subject_in, parts) if subject]
            if len(subjects) == len(parts):
                return join_list(subjects)
        return self._subject_in(question) or question

    def _asks_about(self, part: str) -> bool:
        """``part`` of a message is a question of its own about a subject ("what did he say
        about power", "what about power"), not words that go on the first ("and why")."""
        spelled = self.spelled(part)
        return _A_QUESTION.match(spelled) is not None and _ABOUT.search(spelled) is not None

    def _subject_in(self, question: str) -> str:
        """The subject of one question (:meth:`subject`); empty when it has none."""
        chunks = _CHUNK.findall(question)
        spelled = [self.spelled(chunk).split() for chunk in chunks]  # once: every rule reads it
        named = self._named_chunks(spelled)
        framed = _checking_frame(spelled)
        subject = [
            i
            for i, typed in enumerate(spelled)
            if i >= framed and i not in named and not self._asks(typed)
        ]
        if not subject:
            return ""
        end = subject[-1] + 1
        if all(typed and set(typed) <= STOP_WORDS for typed in spelled[end:]):
            end = len(chunks)  # a particle ends the subject: "china messed up"
        shown = " ".join(chunks[subject[0] : end]).rstrip(_CLOSING)
        quoted = _QUOTED.fullmatch(shown)
        return quoted["words"] if quoted else shown

    def _asks(self, typed: list[str]) -> bool:
        """Every word of a chunk (``typed``: spelled as the router reads it) is an asking
        word or a speaker's name."""
        return all(
            word in STOP_WORDS or is_filler(word) or self._is_speaker(word) for word in typed
        )

    def _named_chunks(self, spelled: list[list[str]]) -> set[int]:
        """The chunks (each ``spelled`` as the router reads it) wholly inside a speaker's
        name: a name of several words is found whole ("Ursula von der Leyen", whose "von" and
        "der" are no names alone), and a hyphenated one ("Ångström-Dupré") is one chunk but
        two words. A word's place is looked up, not counted again for each name found: a
        question may be thousands of characters of names."""
        typed = [word for words_of_chunk in spelled for word in words_of_chunk]
        starts = list(accumulate((len(word) + 1 for word in typed), initial=0))
        joined = " ".join(typed)
        inside: set[int] = set()
        for _, pattern in self._names:
            for match in pattern.finditer(joined):
                first = bisect_right(starts, match.start()) - 1
                inside.update(range(first, bisect_right(starts, match.end() - 1)))
        named, at = set(), 0
        for index, words_of_chunk in enumerate(spelled):
            if words_of_chunk and inside.issuperset(range(at, at + len(words_of_chunk))):
                named.add(index)
            at += len(words_of_chunk)
        return named

    def _route(self, query: str, speaker: str | None, limit: int) -> Answer:
        """The answer to ``query``, before its subject is set.

        A speaker the question names as the one asked outranks the command's: "/baker what
        does Gin think?" gets Gin's stance, under Gin's name. Baker's stance would not answer
        it, and Baker's points under a question about Gin could be read as Gin's. A speaker
        named as the owner of a claim ("Gin's 80% claim") or as the one replied to ("your
        answer to Gin") leaves the command's speaker asked, answering through rebuts links.
        """
        routed = self.without_mentions(query)
        shown = routed or query
        each = self._each_asked(shown, limit) if speaker is None else None
        if each is not None:  # "what does baker think about x and what does gin say about y"
            return each
        spelled = _IN_THE_SOURCE.sub(r"\g<verb>", self.spelled(routed))
        conceded = self._conceded(spelled, shown, speaker, limit)
        if conceded is not None:  # "is there anything baker concedes": not the verdict's
            return conceded
        if self._advises_a_speaker(spelled):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "what should the investor do"
        place = self._takeaway_place(spelled) if speaker is None else None
        if place is not None:  # "key takeaway 3", "/takeaway n:2" typed into /ask
            takeaways = self.pack.takeaways
            if not 1 <= place <= len(takeaways):
                return Answer(Kind.NOTHING, shown)  # "takeaway 9" of five
            points = tuple(map(self.pack.point, takeaways[place - 1].points))
            return Answer(Kind.POINTS, shown, points[:limit])
        recognised = self._intents.recognise(_RIGHT_NOW.sub("", spelled))
        if recognised is None:
            recognised = self._advice_asked(spelled)  # "what should a small business do"
        subject = spelled if recognised is None else recognised.rest
        text, named, owners = self._take_speakers(subject, addressed=speaker)
        holder = self._judgement_held(recognised, spelled) if speaker is None else None
        position = self._position_held(spelled) if holder is None and speaker is None else None
        if position is not None and not position.of_a_party:
            return Answer(Kind.NOTHING, shown)  # "is baker long nvidia": his money
        if position is not None:  # "is gin long china's approach": his view
            holder = position.holder
        if holder is not None:  # "Baker he thinks China is wrong?": his view, no verdict
            return Answer(Kind.STANCE, shown, speaker=holder)
        if recognised is not None and self._stays_general(recognised, text, spelled):
            if speaker is None and self._judges_someone_unnamed(recognised, spelled):
                return Answer(Kind.NOTHING, shown)  # "is he right about it?"
            return Answer(self._general(recognised.intent, speaker), shown, speaker=speaker)
        spelled = subject  # "summary of the chips argument": search the subject
        asked = named or speaker
        # read as typed: the spelling repairs "currently" into "correctly"
        if asked is None and _ASKS_THE_PRESENT.search(shown.lower()):
            return Answer(Kind.NOTHING, shown)  # "the top model on the leaderboard right now"
        living = self._living_asked(spelled, speaker)
        if living is not None and self._role_gives(*living):
            return Answer(Kind.STANCE, shown, speaker=living[0])  # "a retired tax inspector"
        if living is not None:
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "did baker work at nvidia"
        if self._advises_someone_else(spelled):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "what should the us do"
        if _asks_of_someone_unnamed(spelled, self.searcher.coverage(text)[0].names):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "the eu's position on..."
        if _ASKS_WHEN.match(spelled) and self._only_the_source(text):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "when was this conversation"
        whereabouts = _ASKS_WHEREABOUTS.match(spelled)
        if (
            whereabouts is not None
            and self._names_a_speaker(whereabouts["who"], speaker)
            and self._says_nothing_else(whereabouts["rest"])
        ):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "where does gin work"
        denial = asked_denial(spelled, self._denied_names, addressed=speaker is not None)
        denied = self._denied(*denial, asked, shown, limit) if denial else None
        if denied is not None:  # "what does gin NOT worry about"
            return denied
        if named is None and self._asks_what_a_party_said(text):
            return Answer(Kind.NOTHING, shown, speaker=speaker)  # "what did nvidia say"
        if self._says_nothing_else(text):
            mentioned = self._mentioned(spelled)
            whose = asked or (next(iter(mentioned)) if len(mentioned) == 1 else None)
            if whose is not None and self._judges_a_debater(whose, owners, spelled):
                return Answer(Kind.SYNTHESIS, shown)  # "where is gin's case weakest"
            if whose is not None:  # "what does Baker think?", "Gin's claims?"
                unreplied = self._unreplied(whose, owners)
                return Answer(Kind.STANCE, shown, speaker=whose, unreplied=unreplied)
            if len(mentioned) > 1 or self._about_the_debate(spelled):  # "compare Baker and Gin"
                return Answer(Kind.SUMMARY, shown)
        elif asked in self._debaters and self._parties_only(text):
            return Answer(Kind.STANCE, shown, speaker=asked)  # "what did baker say about china"
        parts = covered_parts(self.searcher, text)
        headed = self._under_a_heading(parts.covered) if asked is None else ()
        if headed:  # "summarise the section 'adoption over absolutes'"
            searched = Answer(Kind.POINTS, shown, headed[:limit])
        else:
            attributed = named is not None and self._asks_if_said(spelled)
            searched = self._named(
                self._searched(
                    parts.covered, spelled, shown, asked, owners, limit, attributed=attributed
                ),
                spelled,
            )
        searched = self._misattributed(searched, spelled)
        if searched.kind is Kind.NOTHING or not parts.uncovered:
            return searched
        # "Aaron Gin on “drones”", not on “drones and on tiktok”, which he never spoke of
        subject = self.subject(parts.covered) if searched.speaker is not None else ""
        return replace(searched, uncovered=parts.uncovered, subject=subject)

    def _each_asked(self, shown: str, limit: int) -> Answer | None:
        """The points of each debater that a question of several parts asks of each, a part
        for one: "what does baker think about distillation and what does gin say about
        robots?" was asked whole, and answered with Gin's robots and the article's view of
        distillation before Baker's; put the other way round, Gin's robots alone, Baker's
        part dropped unremarked. Each part answered with its debater's points, the answer
        holds the best of each in turn, shown part by part in the order asked (taken in
        turn and shown so, the speakers' headings alternated: Baker, Gin, Baker). None
        unless every part names a different debater and is answered with his points, and
        none points back to another part.

        One debater may say nothing on his part, the others' points on it shown instead
        (`Kind.OTHER_SIDE`, as for that part alone): "what did baker say about drones and
        what did gin say about power" was judged whole, "Gavin Baker says nothing on
        “drones and what did gin say about power”", and with "robots" Gin's robots led
        the answer unremarked, as if they were Baker's part."""
        pairs = self._asked_parts(shown)  # spelled once: both checks read it
        parts, spelled = [part for part, _ in pairs], [spell for _, spell in pairs]
        named = [self._mentioned(part) for part in spelled]
        if any(len(one) != 1 for one in named) or len(set().union(*named)) < max(len(parts), 2):
            return None
        if any(_BACK_REFERENCES.intersection(part.split()) for part in spelled):
            return None  # one debater turned to: "baker says mistake, what did gin make of it"
        answers = [self._route(part, None, limit) for part in parts]
        asked = [a.speaker for a in answers if a.kind in _OWN_PART and a.points]
        silent = [a for a in answers if a.kind is Kind.OTHER_SIDE]
        if None in asked or len(set(asked)) < len(parts) or len(silent) > 1:
            return None
        best = zip_longest(*(a.points for a in answers))
        kept = set(tuple(dict.fromkeys(p for row in best for p in row if p is not None))[:limit])
        # each part's best are kept; shown part by part, not Baker, Gin, Baker
        points = tuple(dict.fromkeys(p for a in answers for p in a.points if p in kept))
        return Answer(
            Kind.OTHER_SIDE if silent else Kind.POINTS,
            shown,
            points,
            # the one who says nothing on his part, and on what: not the whole message
            silent[0].speaker if silent else None,
            via={k: v for a in answers for k, v in a.via.items()},
            unnamed=tuple(dict.fromkeys(name for a in answers for name in a.unnamed)),
            uncovered=tuple(dict.fromkeys(part for a in answers for part in a.uncovered)),
            subject=self.subject(silent[0].query) if silent else "",
        )

    def _asked_parts(self, text: str) -> list[tuple[str, str]]:
        """The questions of ``text`` (see :func:`~bot.knowledge.parts.questions_in`), as
        typed and spelled, less those that ask nothing: a greeting or a hesitation said
        before the others ("hi, drones aaron? chips gavin" was read as three questions, the
        first "hi", and the two others were no longer each asked of its debater), or a check
        of what was said before it ("what will china do, is this right?": no verdict)."""
        spelled = ((part, self.spelled(part)) for part in questions_in(text))
        return [
            (part, spell)
            for part, spell in spelled
            if not OPENERS.issuperset(spell.split()) and not _A_CHECK_OF_THE_REST.fullmatch(spell)
        ]

    def _conceded(
        self, spelled: str, shown: str, speaker: str | None, limit: int
    ) -> Answer | None:
        """The points where a debater ``spelled`` names as the one conceding grants the other
        side something (see :mod:`bot.knowledge.concession`), when the question asks nothing
        else; None for a concession asked of the article. Asked whether he grants a subject,
        his concessions that match it answer: "does baker concede distillation" got the
        verdict and "isn't it true that baker concedes distillation" nothing, yet he
        acknowledges China's distillation skill; a subject none of them matches ("does baker
        admit anything about drones") is searched as ever. A
        debater the source never shows conceding gets the verdict, which says where each
        side is right ("what are gin's concessions" was refused where "what does gin
        concede" got it). A speaker's command is asked as that speaker: "/baker what do you
        concede" is his concession, as "what does baker concede" is (it got the verdict,
        and "/baker what are your concessions" nothing). What he does *not* grant is no
        question for what he grants: "what doesn't baker concede" got his acknowledgement."""
        if asked_denial(spelled, self._denied_names, addressed=speaker is not None):
            return None
        spelled = as_conceding(spelled)  # "does baker make any concessions"
        addressed = [(speaker, ADDRESSED)] if speaker is not None else []
        for speaker_id, pattern in [*self._names, *addressed]:
            for match in pattern.finditer(spelled):
                conceding = ASKS_A_CONCESSION.match(spelled, match.end())
                if conceding is None:
                    continue
                rest = spelled[: match.start()] + spelled[conceding.end() :]
                granted = tuple(
                    p for p in self.pack.points if p.speaker == speaker_id and concedes(p)
                )
                if self._sides_only(rest) is None:  # a subject: is it what he grants?
                    matched = {h.point for h in self.searcher.search(rest, speaker_id)}
                    on_it = tuple(p for p in granted if p in matched)
                    return Answer(Kind.POINTS, shown, on_it[:limit], speaker_id) if on_it else None
                if not granted:
                    return Answer(Kind.SYNTHESIS, shown)
                return Answer(Kind.POINTS, shown, granted[:limit], speaker_id)
        return None

    def _denied(
        self, denial: Denial, rest: str, asked: str | None, shown: str, limit: int
    ) -> Answer | None:
        """The points of ``asked`` (None: anyone's) that say in the negative what a
        question asks is not done or held (see :mod:`bot.knowledge.negation`), when the
        ``rest`` of it, less the negated verb, names nothing but the parties the debate is
        set between: a subject of its own ("what would not be hampered by the lack of
        chips") is searched as ever, and one the pack does not know ("what is the office
        not doing about parking") refused. With no such point, nothing answers: "what does
        baker not worry about" got Baker's stance, as if it were what he does not do."""
        parties = self._sides_only(rest)
        if parties is None:
            return None
        points = tuple(
            p
            for p in self.pack.points
            if (asked is None or p.speaker == asked) and says_in_the_negative(p, denial, parties)
        )
        kind = Kind.POINTS if points else Kind.NOTHING
        return Answer(kind, shown, points[:limit], asked)

    def _sides_only(self, text: str) -> frozenset[str] | None:
        """The parties the debate is set between that ``text`` names (their stems), when it
        names nothing else but speakers; None when it has a subject of its own. Whom a
        debater concedes to is none: "baker's concession to gin" was put to Gin, who "says
        nothing on" it, and "what does baker concede to china" got the verdict, where
        Baker's acknowledgement answers both."""
        return self._parties_only(self._take_speakers(text)[0])

    def _parties_only(self, subject: str) -> frozenset[str] | None:
        """:meth:`_sides_only` of a ``subject`` whose speakers are already out."""
        coverage, _ = self.searcher.coverage(subject)
        if coverage.unknown or coverage.personal or coverage.known - coverage.setting - NEGATIONS:
            return None
        return coverage.setting

    def _searched(
        self,
        text: str,
        spelled: str,
        shown: str,
        asked: str | None,
        owners: frozenset[str],
        limit: int,
        attributed: bool = False,
    ) -> Answer:
        """The answer the search finds to ``text``, the question's subject, for ``asked``
        (None: the whole debate); ``attributed``: the question asks whether ``asked`` said
        it (see :meth:`_asks_if_said`)."""
        hits = self.searcher.search(text, limit=len(self.pack.points))
        if hits and not _gives_the_figure(spelled, hits[0].point):
            return Answer(Kind.NOTHING, shown, speaker=asked)  # "how many drones does china have"
        if hits and not _gives_the_date(spelled, hits[0].point):
            return Answer(Kind.NOTHING, shown, speaker=asked)  # "when did china decide to..."
        if hits and not _gives_the_place(spelled, hits[0].point):
            return Answer(Kind.NOTHING, shown, speaker=asked)  # "where are its chips made"
        unnamed = self.searcher.coverage(text)[0].names
        opposed = self._opposed_claim(spelled, hits)
        if asked is None and opposed is not None:
            claimant, replied_to = opposed
            answerers = self._opponents(claimant, replied_to)
            if len(answerers) == 1:  # "the argument against the 80% idea": Baker's
                spoken = self._spoken(
                    hits, text, answerers[0], frozenset({claimant}), shown, limit, unnamed
                )
                if spoken:
                    return spoken
        elif opposed is not None and opposed[0] != asked:  # "/baker against the 80% idea"
            owners |= {opposed[0]}
        if asked is None:
            everyone = tuple(self._rank(hits, text, None, limit))
            return Answer(
                Kind.POINTS if everyone else Kind.NOTHING, shown, everyone, unnamed=unnamed
            )
        if not attributed or self._said_in_own_words(hits, asked):
            spoken = self._spoken(hits, text, asked, owners, shown, limit, unnamed)
            if spoken:
                return spoken
        ranked = self._rank(hits, text, None, len(self.pack.points))
        others = tuple(p for p in ranked if p.speaker != asked)[:limit]
        if others:
            return Answer(Kind.OTHER_SIDE, shown, others, asked, unnamed=unnamed)
        return Answer(Kind.NOTHING, shown, speaker=asked)

    def _spoken(
        self,
        hits: list[Hit],
        text: str,
        asked: str,
        owners: frozenset[str],
        shown: str,
        limit: int,
        unnamed: tuple[str, ...],
    ) -> Answer | None:
        """``asked``'s own points on the question, None when they have nothing direct."""
        scores = self._scores(hits, asked, owners)
        best = max((score for score, _ in scores.values()), default=0.0)
        if not scores:
            return None
        if best < WEAK_SHARE * hits[0].score and not self._speaks_to_the_rest(text, asked):
            return None
        points = tuple(self._rank(hits, text, asked, limit, owners))
        via = {p.id: scores[p.id][1] for p in points if p.id in scores and scores[p.id][1]}
        return Answer(Kind.POINTS, shown, points, asked, via, unnamed)

    def _named(self, searched: Answer, spelled: str) -> Answer:
        """``searched`` less its points that name nothing, when ``spelled`` asks for a name
        (see :mod:`bot.knowledge.asked_names`); nothing, when none of them names one.

        Which of a party's things is its best asks a name where the source names things of
        that kind ("what's china's best chip": it names chips, none of them China's), not
        where it names none ("what is china's best strategy" is asked of the points)."""
        thing = asked_thing(spelled)
        best = asked_best(spelled) if thing is None else None
        if best is not None and not names_in(self._evidence, self._not_names, best[0]):
            best = None
        thing = best[0] if best is not None else thing
        if not searched.points or thing is None:
            return searched
        owners = best[1] if best is not None else owners_asked(spelled, thing)
        named = tuple(
            p for p in searched.points if names_in(p.evidence, self._not_names, thing, owners)
        )
        if not named:  # "which robots did gin say china builds"
            return Answer(Kind.NOTHING, searched.query, speaker=searched.speaker)
        return replace(searched, points=named)

    def _misattributed(self, searched: Answer, spelled: str) -> Answer:
        """``searched``, noting the debater ``spelled`` gives a claim to ("baker's 80%
        claim") when its best point is another's, matched in its own words (not reached
        from his through a rebuts link): the claim is that other's. "/gin what's your take
        on baker's 80% claim" showed Gin's own 80% point under the question, as if Gin were
        answering a claim of Baker's. The article's own analysis is no debater to give a
        claim to: "what's gin's idea about distillation", led by it, read "The article gives
        that claim to The article, not Aaron Gin."."""
        if searched.kind is not Kind.POINTS or not searched.points:
            return searched
        top = searched.points[0]
        if top.id in searched.via or top.speaker not in self._debaters:
            return searched
        for speaker_id, pattern in self._names:
            if speaker_id not in self._debaters:
                continue
            for match in pattern.finditer(spelled):
                owned = match.group().endswith("s") and _CLAIMED.match(spelled, match.end())
                if owned and top.speaker != speaker_id:
                    return replace(searched, not_of=speaker_id)
        return searched

    def _under_a_heading(self, text: str) -> tuple[Point, ...]:
        """The points of the takeaway whose title ``text`` names, with nothing else but
        asking words: the source's own heading for them ("what's under 'the chip gap'
        heading", "summarise the section 'adoption over absolutes'").

        A student citing the article names its parts by their headings; searched word by
        word, "the chip gap" matched no one point (the chips are Baker's mistake, the gap his
        performance gap) and was refused, and "adoption over absolutes" led with the
        customers' "absolute best model" (held-out set 7)."""
        for heading, points in self._headings:
            rest = heading.sub(" ", text)
            if rest != text and self._says_nothing_else(rest):
                return points
        return ()

    def _takeaway_place(self, spelled: str) -> int | None:
        """The place in the source's Key Takeaways of the takeaway ``spelled`` asks for by
        number, with nothing else but asking words ("key takeaway 3", "takeaway #2", "the
        second takeaway"); its points answer, as :meth:`_under_a_heading` gives them for its
        title. A student citing the article by number got the both-sides summary ("takeaway"
        read as the short version), and "/takeaway n:2" typed into /ask was refused
        (held-out set 12). A place past the last takeaway is refused, not summarised."""
        asked = _TAKEAWAY_NUMBER.search(spelled)
        if asked is None or not self._says_nothing_else(_TAKEAWAY_NUMBER.sub(" ", spelled)):
            return None
        typed = asked["number"] or asked["before"] or "1"  # "takeaway #1", spelled "top"
        return int(typed) if typed.isdigit() else _PLACES[typed]

    def _judges_a_debater(self, whose: str, owners: frozenset[str], spelled: str) -> bool:
        """The author is asked to judge a debater's case ("according to the author, where
        is gin's case weakest", "which of baker's claims does the author accept"), or anyone
        where a debater's case is weak ("where is gin's argument weakest", "the weakest part
        of baker's argument"): the verdict, which weighs each side, answers it. The author's
        stance, which answered the first, weighs both sides but says nothing of where either
        is weak or strong, and the debater's own stance, which answered the second, says
        nothing of where he is weak (held-out set 7)."""
        analysis = {s.id for s in self.pack.speakers if s.is_analysis}
        debaters = {s.id for s in self.pack.debaters}
        typed = spelled.split()
        if whose in debaters and not _WEAK.isdisjoint(typed):
            return True
        judged = not _JUDGING.isdisjoint(typed)
        return whose in analysis and bool(owners & debaters) and judged

    def _asks_if_said(self, spelled: str) -> bool:
        """The question asks whether a speaker said something ("did gin call it a grave
        misstep", "gin was the one who said terrible mistake?", "was it baker who..."),
        not what they said ("what did baker say about...")."""
        return any(
            self._is_speaker(name)
            for m in _ASKS_IF_SAID.finditer(spelled)
            for name in m.group("name", "name2", "name3")
            if name and not _ASKS_WHAT.search(spelled, 0, m.start())
        )

    def _said_in_own_words(self, hits: list[Hit], asked: str) -> bool:
        """``asked``'s own points, not their replies to the other side, match the question
        about as well as anyone's: what they are asked to have said is theirs.

        "did gin call it a grave misstep" reached Gin's "deliberate pivot" through its
        rebuts link to Baker's "grave misstep", and read as if Gin had said it; the one who
        said it is shown instead, Gin being said to have nothing on it."""
        own = max((h.score for h in hits if h.point.speaker == asked), default=0.0)
        return bool(hits) and own >= WEAK_SHARE * hits[0].score

    def _speaks_to_the_rest(self, text: str, asked: str) -> bool:
        """``asked`` speaks, about as strongly as anyone, to every subject of the question
        but the words only the other debater uses, and to one at least.

        Such a word is the other side's framing: "/baker does the gap matter" is outscored
        by Gin's "does it matter?", yet the gap is Baker's, and he says it widens; only Gin
        asks whether it matters. "/baker what about the customers who don't need the best
        model" stays Gin's: Baker speaks of models, never of customers, which the analysis
        speaks of too.
        """
        debaters = {s.id for s in self.pack.debaters}
        spoken = 0
        for best in self.searcher.voices(text):
            if len(best) == 1 and asked not in best and set(best) <= debaters:
                continue  # the other side's own word
            if not best or best.get(asked, 0.0) < WEAK_SHARE * max(best.values()):
                return False
            spoken += 1
        return spoken > 0

    def _opposed_claim(self, spelled: str, hits: list[Hit]) -> tuple[str, bool] | None:
        """The debater whose claim a question opposes rather than a speaker ("the argument
        against the 80% idea", "the response to the terrible mistake"): the best hit's, and
        whether it is replied to (or argued against). Its opponent answers, through rebuts
        links; answered as plain search, it showed the claim itself. A claim denied ("who
        does not think it was a mistake") is the best hit of the words after the denial:
        with it, "not" led to Gin's "not a mistake", taken for the claim, and "does not"
        was answered as "doesn't" was not, with Baker's mistake among Gin's points."""
        match = _OPPOSES.search(spelled)
        if match is not None and match["denied"]:
            hits = self.searcher.search(self._take_speakers(spelled[match.end() :])[0], limit=1)
        debaters = {s.id for s in self.pack.debaters}
        if match is None or not hits or hits[0].point.speaker not in debaters:
            return None
        return hits[0].point.speaker, match["against"] is None

    def without_mentions(self, query: str) -> str:
        """``query`` without mentions (see :func:`~bot.core.sanitize.drop_mentions`), what
        was pasted around it (:func:`~bot.knowledge.pasted.unpasted`), or the "@name"s and
        "#channel"s typed in it and a "cc" copying them in (:mod:`~bot.knowledge.handles`),
        or a command's and a field's name typed before it (:mod:`~bot.knowledge.typed_commands`);
        "@Baker, drones?" still asks Baker."""
        text = drop_mentions(unpasted(without_copy_ins(query)))
        text = " ".join(without_handles(text, self._is_speaker).split())
        return without_command_line(text, self._is_speaker)

    def _is_speaker(self, word: str) -> bool:
        spelled = " ".join(words(word))  # "Ångström-Dupré" is spelled "angstrom dupre"
        return any(pattern.fullmatch(spelled) for _, pattern in self._names)

    def spelled(self, query: str) -> str:
        """The question's words without courtesies around it, with chat spellings written out,
        names said aloud written as the pack writes them, and typos repaired: towards
        the pack's words first, then towards the words questions are made of and the
        speakers' names ("bakr"). Apostrophes are gone ("gin's" is "gins")."""
        typed = self.searcher.vocabulary.spoken(words(without_courtesies(written_out(query))))
        typed = names_mended(typed, self._name_parts, self._knows)  # "gavin baler", "ginn"
        spelled = _A_CHECK.sub(r"\g<it> true that", " ".join(self._spell(w) for w in typed))
        return _CHECKED_AFTER.sub(r"\g<it> true", spelled)

    def _knows(self, word: str) -> bool:
        """``word`` is the pack's, a question's own or a speaker's name (possessive too:
        "writers" is the writer's, not "writes"), never to be read as another."""
        vocabulary, question = self.searcher.vocabulary, self._question_words
        return vocabulary.knows(word) or question.knows(word) or self._is_speaker(word)

    def _spell(self, word: str) -> str:
        """One word of :meth:`spelled`: as typed if the pack or a question uses it, else its
        chat spelling's word ("abt": "about"), its repair, or as typed after all."""
        vocabulary, question = self.searcher.vocabulary, self._question_words
        if self._knows(word):
            return word
        if is_filler(word) or is_action(word):
            return word  # a form of an asking word: "discussed" is no typo of "dismissed"
        return (
            SHORTHAND.get(word)
            or vocabulary.repair(word)
            or question.correct(word)
            or self._heard(word)
            or word
        )

    def _heard(self, word: str) -> str | None:
        """The pack's word, an asking word or a speaker's name that ``word`` spells as it
        sounds: a "j" for the soft "g" before e, i or y ("jin" for Gin, as dictation and
        ears write him), or a final "z" for a plural "s" ("chipz", "dronez", chat's
        spelling). Typo repair leaves both alone (a changed letter, in short words, often
        makes another word), and "why does jin keep asking does it matter", dictated, and
        "baker on chipz" were refused.
        """
        heard = _SOFT_J.sub("g", word)
        if word.endswith("z"):
            heard = heard.removesuffix("z") + "s"
        if heard == word:
            return None
        known = self.searcher.vocabulary.knows(heard) or self._question_words.knows(heard)
        return heard if known or self._is_speaker(heard) else None

    @staticmethod
    def _general(intent: Intent, speaker: str | None) -> Kind:
        """What an invited question with no subject gets: its intent's answer, but a speaker
        asked for the short version ("/baker in one sentence", "/gin tl;dr") gets their own
        stance, their side in brief; both sides' summary answered a question put to one."""
        if intent is Intent.SUMMARY and speaker is not None:
            return Kind.STANCE
        return Kind(intent.value)

    def _stays_general(self, recognised: Recognised, rest: str, spelled: str) -> bool:
        """What the question says besides its intent is on the debate's subject ("who won
        the super bowl" is no request for the verdict); a summary asked *of a subject* ("both
        sides on distillation") wants that subject's points, not the whole debate's.

        A speaker's name is no subject of the verdict or the advice: "the writer on gin's
        weakest argument" was searched for "writer", a word the article never uses. ``rest``
        is what the question says besides its intent with the speakers taken out, as
        :meth:`_route` goes on to read it if the answer is not the intent's."""
        if recognised.intent is Intent.SUMMARY:
            coverage, _ = self.searcher.coverage(recognised.rest)
            return not coverage.known and not coverage.unknown
        rest = " ".join(word for word in rest.split() if word not in _QUARREL)
        coverage, _ = self.searcher.coverage(rest)
        return not coverage.unknown and not self._sets_subjects_against(recognised, rest, spelled)

    def _judgement_held(self, recognised: Recognised | None, spelled: str) -> str | None:
        """The debater ``spelled`` names as the one who thinks, says or believes that a
        party is right or wrong ("Baker he thinks China is wrong?", "does baker think china
        is wrong"): his view, which his stance gives, not the verdict, which answered it
        (held-out set 11). None when the judged is a speaker ("does gin think baker is
        wrong" is the other's view of him) or the one who thinks is the author ("does the
        article say baker was wrong" is the verdict's), and when the question then judges
        his view itself ("baker thinks china is wrong, is he right?", "... who is right?"),
        which the verdict answers: his stance answered it, as if he judged himself."""
        if recognised is None or recognised.intent is not Intent.SYNTHESIS:
            return None
        mentioned = self._mentioned(spelled)
        if len(mentioned) != 1 or not mentioned <= self._debaters:
            return None
        [holder] = mentioned
        pattern = dict(self._names)[holder]
        views = (_HOLDS.match(spelled, match.end()) for match in pattern.finditer(spelled))
        held = next((view for view in views if view is not None), None)
        if held is None or _JUDGES_THE_VIEW.search(spelled, held.end()):
            return None  # "baker thinks china is wrong, is he right?": the verdict's
        return holder

    def _position_held(self, spelled: str) -> _Position | None:
        """The debater ``spelled`` names as long, short, bullish or bearish on a party of the
        debate and nothing else ("is Gin long China's approach?", "is baker bearish on
        china"): an investor's words for his view of it, which his stance gives. Refused
        for the position word (held-out set 12). On anything else it is a holding or a bet
        ("bullish on tesla"), which the article never reports: long or short a thing, no
        preposition between, is his money ("is baker long nvidia" got his NVIDIA points),
        refused as what he owns is. None when it is neither."""
        mentioned = self._mentioned(spelled)
        if len(mentioned) != 1 or not mentioned <= self._debaters:
            return None
        [holder] = mentioned
        name = dict(self._names)[holder].pattern
        held = re.search(
            rf"{name}(?: (?:is|s|was|really|very|so|still))* (?P<word>{_POSITION})\b", spelled
        )
        if held is None:
            return None
        after = spelled[held.end() :]
        if self._sides_only(f"{spelled[: held.start()]} {after}") is not None:
            return _Position(holder, of_a_party=True)
        bet = held["word"] in ("long", "short") and not re.match(r" (?:on|about)\b", after)
        return _Position(holder, of_a_party=False) if bet and after.strip() else None

    def _advice_asked(self, spelled: str) -> Recognised | None:
        """The advice, if ``spelled`` asks what the asker's own side should do (see
        :data:`_ASKS_WHAT_ONE_SHOULD_DO`), with what it says after the deed for
        :meth:`_stays_general` to judge, as for any phrasing of the advice. The phrasings
        name a few roles ("what should founders do"); a CTO, "a small business" and "how
        should we respond" were refused as if they were someone else."""
        asked = _ASKS_WHAT_ONE_SHOULD_DO.match(spelled)
        if asked is None or not self._is_the_askers_side(asked["who"].split()):
            return None
        return Recognised(Intent.ADVICE, spelled[asked.end() :].strip())

    def _advises_someone_else(self, spelled: str) -> bool:
        """``spelled`` asks what someone other than the asker's side should do (see
        :data:`_ASKS_WHAT_ONE_SHOULD_DO`): nothing the article says answers it."""
        asked = _ASKS_WHAT_ONE_SHOULD_DO.match(spelled)
        return asked is not None and not self._is_the_askers_side(asked["who"].split())

    def _advises_a_speaker(self, spelled: str) -> bool:
        """``spelled`` asks what a speaker should do (see :data:`_ASKS_WHAT_ONE_SHOULD_DO`),
        named or by his role: "what should the investor do" asks it of Baker, whom the
        advice's phrasings took for an investor reading it. The article says what he
        argues, never what he should do; "what should investors do" asks it of readers, and
        so does "what should the investor team do", the role saying what kind of team (held-
        out set 12: refused); "the investor's team" is his."""
        asked = _ASKS_WHAT_ONE_SHOULD_DO.match(spelled)
        if asked is None:
            return False
        *kind, head = asked["who"].split()
        if head in _AUDIENCE_WORDS and head not in self._roles:  # "the investor team"
            kind = [word for word in kind if word not in self._roles]  # "investor's": his
        return bool(self._mentioned(" ".join([*kind, head])))

    def _is_the_askers_side(self, who: list[str]) -> bool:
        """``who`` (the words between "should" and the deed) is the asker or one who builds,
        buys or adopts, whatever the words before (:data:`_AUDIENCE_WORDS`): the last word
        says who is asked ("a small business", "our product team"), the others only what
        kind, unless they name a party of the debate, one its source names ("chinese
        companies", "the baker team", "nvidia engineers") or one it never names ("huawei
        engineers", "european firms"): the article says what those do, never what they
        should."""
        *kind, head = who
        if head in _YOU_ALL and kind[-1:] == ["you"]:  # "what should you guys do"
            *kind, head = kind
        if head not in _AUDIENCE_WORDS:
            return False
        named = {stem(word) for word in kind if word not in KINDS_OF_TEAM}
        unnamed = self.searcher.coverage(" ".join(kind))[0].names
        return named.isdisjoint(self._parties) and not unnamed

    def _judges_someone_unnamed(self, recognised: Recognised, spelled: str) -> bool:
        """The verdict is asked of one person the question names only by a pronoun, and of
        nothing else ("is he right about it?", "was she wrong"): a follow-up whose subject
        is in a message the bot never saw. The verdict, which weighs both sides, answered
        as if it knew who was meant (held-out set 10); "who is right", "are they both
        right" and "was he right about drones" (Gin, on his subject) still ask it."""
        if recognised.intent is not Intent.SYNTHESIS or self._mentioned(spelled):
            return False
        return not _ONE_PERSON.isdisjoint(spelled.split()) and not self._names_a_subject(
            recognised.rest
        )

    def _sets_subjects_against(self, recognised: Recognised, rest: str, spelled: str) -> bool:
        """``rest`` sets two subjects of the debate against each other and the question
        asks which leads (see :data:`_WHO_LEADS`); the parties the debate is set between
        ("china vs the us, who's winning") are its whole subject, as the verdict's."""
        sides = _VERSUS.split(rest)
        if recognised.intent is not Intent.SYNTHESIS or len(sides) != 2:
            return False
        if not _WHO_LEADS.search(spelled):
            return False
        return all(self._names_a_subject(side) for side in sides)

    def _names_a_subject(self, text: str) -> bool:
        coverage, _ = self.searcher.coverage(text)
        return bool(coverage.known - coverage.setting)

    def _mentioned(self, spelled: str) -> set[str]:
        """Every speaker the question names, whether asked, quoted or replied to."""
        return {sid for sid, pattern in self._names if pattern.search(spelled)}

    def _about_the_debate(self, spelled: str) -> bool:
        """The question names the debate itself ("explain the debate"); "how are you" does
        not (small talk is refused like any other subject the debate does not cover)."""
        return not _ABOUT_THE_DEBATE.isdisjoint(spelled.split())

    def _only_the_source(self, text: str) -> bool:
        """``text`` names nothing but the source (the show, an episode, the conversation):
        asked when, it asks a date the debate does not give. "when is the next tbpn
        episode" was answered with the next generation of AI, and "when did this
        conversation happen" with the summary."""
        rest = [w for w in text.split() if w not in _THE_SOURCE and w not in self._show]
        coverage, _ = self.searcher.coverage(" ".join(rest))
        return not coverage.known and not coverage.unknown

    def _asks_what_a_party_said(self, text: str) -> bool:
        """``text`` (the question less its speakers) asks what someone the source names
        but never quotes said ("what did nvidia say in response", "how did nvidia
        respond"): no voice of the pack, so the source has no words of theirs to give. It
        was answered with Baker's terrible mistake, which names NVIDIA's chips. Asked about
        a subject, it has none either: "what did nvidia say about china" was answered with
        Baker's points, which name NVIDIA's chips and China but quote no word of NVIDIA's
        (held-out set 11's brief); "what did baker say about nvidia" asks a voice, and is
        searched as ever."""
        said = _ASKS_WHAT_WAS_SAID.match(text)
        if said is None or said["who"] in _THE_SOURCE or said["who"] in AUTHOR_WORDS:
            return False
        coverage, _ = self.searcher.coverage(said["who"])
        return bool(coverage.known)

    def _living_asked(self, spelled: str, speaker: str | None) -> tuple[str, str] | None:
        """The speaker of whom ``spelled`` asks where he works, or what he owns or invests
        in (see :data:`_HIS_LIVING`), and what it asks (the words after), or None. The
        speaker a command is given to is asked as "you": "/baker did you work at nvidia?"
        was answered with Gin's points that "work reliably", the rule reading names only."""
        addressed = [(speaker, ADDRESSED)] if speaker is not None else []
        for speaker_id, pattern in [*self._names, *addressed]:
            for match in pattern.finditer(spelled):
                living = _HIS_LIVING.match(spelled, match.end())
                if living is not None:
                    return speaker_id, spelled[living.end() :]
        return None

    def _role_gives(self, speaker_id: str, asked: str) -> bool:
        """The role the pack gives ``speaker_id`` (from the source: "Help Desk, a retired
        tax inspector") names a word of what is ``asked`` of his living ("did help desk
        work for the tax office"): the source says it, and his card, headed with his role,
        answers. Only the source's silence is refused: the rule once refused every career
        question, this one too."""
        role = self.pack.speaker(speaker_id).role
        if not role:
            return False
        subject = {stem(w) for w in asked.split() if w not in STOP_WORDS and not is_filler(w)}
        return not subject.isdisjoint(stem(w) for w in words(role))

    def _names_a_speaker(self, who: str, speaker: str | None) -> bool:
        """``who`` names a speaker, or is the ``speaker`` a command is given to, asked as
        "you": "/gin where do you work" got Gin's points that "work reliably"."""
        addressed = speaker is not None and ADDRESSED.fullmatch(who) is not None
        return addressed or bool(self._mentioned(who))

    def _says_nothing_else(self, text: str) -> bool:
        """Only asking words are left once the speaker's name is out: no subject at all.
        A statement of the asker's own doing is not that ("/baker i love it" tells of the
        asker, and asks nothing of Baker), though its verb names no subject."""
        coverage, _ = self.searcher.coverage(text)
        subject = coverage.known - NEGATIONS or coverage.unknown
        return not subject and not coverage.personal

    def _scores(
        self, hits: list[Hit], speaker: str | None, owners: frozenset[str] = frozenset()
    ) -> dict[str, tuple[float, str]]:
        """Each candidate point's score and, when it was reached through a rebuts link from
        another voice's hit (scoring a little lower), that point's id ("" for a direct hit).

        The speaker's own rebuttal of a hit counts: they answered its subject. The point a
        hit answers counts only when the question names the hit's speaker as the owner of a
        claim or the one replied to (``owners``: "Gin's 80% claim"), so it asks about the
        exchange; otherwise the speaker never spoke on the subject and says nothing on it.
        """
        scores: dict[str, tuple[float, str]] = {}
        for hit in hits:
            if speaker is None or hit.point.speaker == speaker:
                candidates = [(hit.point, hit.score, "")]
            else:
                linked = list(self.pack.rebuttals_of(hit.point.id))
                if hit.point.rebuts and hit.point.speaker in owners:
                    linked.append(self.pack.point(hit.point.rebuts))
                candidates = [
                    (point, hit.score * LINK_SHARE, hit.point.id)
                    for point in linked
                    if point.speaker == speaker
                ]
            for point, score, via in candidates:
                if score > scores.get(point.id, (0.0, ""))[0]:
                    scores[point.id] = (score, via)
        return scores

    def _rank(
        self,
        hits: list[Hit],
        text: str,
        speaker: str | None,
        limit: int,
        owners: frozenset[str] = frozenset(),
    ) -> list[Point]:
        """Best first (ties: stronger, then file order); a query naming a topic is topped up
        with that topic's points."""
        scores = self._scores(hits, speaker, owners)
        ranked = sorted(
            scores,
            key=lambda pid: (
                -round(scores[pid][0], 9),
                -self.pack.point(pid).strength,
                self._order[pid],
            ),
        )
        points = [self.pack.point(pid) for pid in ranked]
        topic = self.searcher.topic_for(text)
        if topic is not None:
            points += [p for p in self.pack.points_on(topic.id) if speaker in (None, p.speaker)]
        return list(dict.fromkeys(points))[:limit]

    def linked(self, point: Point) -> list[Point]:
        """Points on the other end of a rebuts link, whichever way it points."""
        linked = [self.pack.point(point.rebuts)] if point.rebuts else []
        return linked + [p for p in self.pack.rebuttals_of(point.id) if p not in linked]

    def _opponents(self, opposed: str, replied_to: bool) -> list[str]:
        """Who answers a question about the other side of ``opposed``: "the argument against
        Baker" is any other debater's, "the response to Baker" only one the source shows
        answering him (a rebuts link); no one answered Gin, whose "responses" are his own."""
        if replied_to:
            return list(
                dict.fromkeys(
                    p.speaker
                    for p in self.pack.points
                    if p.rebuts and self.pack.point(p.rebuts).speaker == opposed
                )
            )
        return [s.id for s in self.pack.debaters if s.id != opposed]

    def _holds(self, holder: str | None) -> bool:
        """``holder`` (None: not said) may hold a view "of" someone (:data:`_VIEW_OF`)."""
        return holder is None or holder in _HOLDERS or self._is_speaker(holder)

    def _unreplied(self, asked: str, viewed: frozenset[str]) -> tuple[str, ...]:
        """The debaters of ``viewed`` (replied to, viewed, or owning a claim) whom the debater
        ``asked`` is never shown answering (no rebuts link from his points to theirs).

        The article shows Gin countering Baker, never Baker answering Gin: "how does Baker
        respond to Gin" and "/baker what do you think about Gin" got Baker's stance as if it
        were his reply."""
        debaters = [s.id for s in self.pack.debaters]
        if asked not in debaters:
            return ()
        return tuple(
            sid
            for sid in debaters
            if sid in viewed and sid != asked and asked not in self._opponents(sid, True)
        )

    def _take_speakers(
        self, query: str, addressed: str | None = None
    ) -> tuple[str, str | None, frozenset[str]]:
        """The (spelled) query without speaker names, the speaker it asks, if one is, and
        the speakers it names as the owner of a claim or the one replied to. ``addressed``
        is the speaker a command is given to, whom "you" names: "/gin baker says it's a
        mistake, what do you say?" turns to Gin after Baker's words, as "…, what does gin
        say?" does, and got Baker's terrible mistake in Baker's name. Asked "how do you
        respond to Núñez", he is asked, not whoever the source shows answering Núñez ("the
        response to Núñez"): the remote-work pack's Help Desk got Zoë's stance.

        "What does Baker say about Gin's claim": Gin is named as the owner of the claim, so
        Baker is the one asked, and likewise in "how does Baker respond to Gin", where Gin is
        the one replied to; with two plain mentions ("Baker vs Gin on chips") neither is.
        """
        text = query
        mentions: list[tuple[int, str, bool]] = []
        views_at: set[int] = set()  # where "<speaker>'s take", "…'s point on" start
        opposed: dict[str, bool] = {}  # speaker -> replied to (True) or argued against
        viewed: list[tuple[int, int]] = []  # where "think about", "make of" … a name stand
        idiom = {i for found in self.searcher.vocabulary.idioms(query.split()) for i in found}
        spaces = [at for at, char in enumerate(query) if char == " "]  # one between words

        def names_someone(match: re.Match[str]) -> bool:  # not "gin" in "how is gin distilled"
            return bisect_left(spaces, match.start()) not in idiom  # the word's position

        # Each name is read in place, with the words just before it, never by copying or
        # counting all the text before or after it: "gin gin gin…", as long as a command
        # may be, took time in the square of its length.
        for speaker_id, pattern in self._names:
            for match in filter(names_someone, pattern.finditer(text)):
                views = _RESPONDS.match(text, match.end()) or _CASE_ON.match(text, match.end())
                owner = bool(match.group("possessive")) and not views
                reach = max(match.start() - _REPLY_REACH, 0)
                before = _REPLIED_TO.search(text, reach, match.start())
                if before is not None and not self._holds(before["holder"]):
                    before = None  # "what is opinion of baker": Baker's own
                if before is not None and before["agreed"] is before["viewed"] is None:
                    opposed[speaker_id] = before["against"] is None
                if before is not None and before["viewed"] is not None:
                    viewed.append(before.span("viewed"))  # "make of": no subject either
                mentions.append((match.start(), speaker_id, owner or before is not None))
                if match.group("possessive") and views:
                    views_at.add(match.start())
        mentions.sort()
        mentions = _views_owned(text, mentions, views_at)
        asked = list(dict.fromkeys(sid for _, sid, owner in mentions if not owner))
        owners = {sid for _, sid, owner in mentions if owner}
        plain = [sid for sid in asked if sid not in owners]
        you = _addressed_after(text, mentions, addressed) if plain != [addressed] else None
        if len(plain) > 1 and _asks_the_last(text, mentions[-2][0], mentions[-1]):
            plain = [mentions[-1][1]]  # "Baker says mistake, Gin says what?": Gin's turn
        elif len(plain) == 1 and you is not None and _asks_the_last(text, mentions[-1][0], you):
            plain = [you[1]]  # "/gin baker says mistake, what do you say?": Gin's turn
        elif len(plain) > 1 and _RESPONDS_BETWEEN.search(_between(text, mentions)):
            plain = plain[:1]  # "how does Gin reply to Baker": the first one answers
        you_asked = addressed is not None and ADDRESSED.search(text) is not None
        if not plain and len(opposed) == 1 and not you_asked:  # "the argument against Baker"
            [(opposed_id, replied_to)] = opposed.items()
            plain = self._opponents(opposed_id, replied_to)
        for _, pattern in self._names:  # blanked, not cut, so positions stay the query's
            text = pattern.sub(lambda m: " " * len(m[0]) if names_someone(m) else m[0], text)
        for start, end in viewed:
            text = text[:start] + " " * (end - start) + text[end:]
        return " ".join(text.split()), plain[0] if len(plain) == 1 else None, frozenset(owners)


_SAYING = r"(?:say|said|says|call|called|calls|describe|described|use|used|mention|mentioned)"
_ASKS_IF_SAID = re.compile(
    rf"\b(?:did|does|didnt|doesnt|has|hasnt) (?P<name>\w+) (?:(?:really|actually|ever) )?"
    rf"{_SAYING}\b"
    rf"|\b(?P<name2>\w+) (?:was|is|were) the (?:one|guy|person) (?:who|that) {_SAYING}\b"
    rf"|\b(?:was|is|wasnt|isnt) it (?P<name3>\w+) (?:who|that) {_SAYING}\b"
)
"""A question whether someone said something (the name is checked to be a speaker's)."""
_A_CHECK = re.compile(r"\b(?P<it>(?:is|was) (?:it|this)) (?:right|correct) (?:that|to say)\b")
"""Whether a claim is so, as a journalist checks a quote ("is it correct that Gin said China
is aiming for 80% capability", "is it right to say baker called it a grave misstep"): asked
as "is it true that…" is, the claim's point answering, true or not. It got the verdict
(held-out set 11), as if "correct" judged a side; "is it wrong that…" still judges one.
"To say" is read as "that" too: kept, "is it correct to say about baker drones" read "say
about baker" as words about Baker, where "is it true that about baker drones" asks him."""
_CHECKED_AFTER = re.compile(
    r"(?<=\w )(?P<it>(?:is|was) (?:this|that|it))(?: (?:really|actually|even))? (?:right|correct)$"
)
"""The same check put after the claim, as a student pastes a sentence and asks of it
("'Most everyday applications … don't require the most powerful AI model on Earth.' is this
right?", "baker said china made a terrible mistake, is that correct?"): read as "is that
true", the claim's point answering. It got the verdict (held-out set 12), "this" read as
a side said to be right; alone, with nothing shown before it, it asks as before."""
_A_CHECK_OF_THE_REST = re.compile(_CHECKED_AFTER.pattern.removeprefix(r"(?<=\w )"))
"""The check alone, a part of a message that asks of the other parts, none of its own."""
_CLAIMED = re.compile(
    r" (?:\w+ ){0,3}?(?:claim|claims|figure|figures|number|numbers|stat|stats|statistic"
    r"|idea|theory|point|argument)\b"
)
"""Words after a debater's possessive that give him a claim: "baker's 80% claim"."""
_HOLDS = re.compile(
    r" (?:(?:he|she|really|actually|also|still) )*(?:think|thinks|thought|believe|believes"
    r"|believed|feel|feels|felt|say|says|said|reckon|reckons|claim|claims|claimed)\b"
)
"""Words right after a debater's name that make him the one holding a view: "baker thinks
china is wrong", "does baker think...", "Baker he thinks..."."""
_JUDGES_THE_VIEW = re.compile(
    r"\b(?:is|was|isnt|wasnt) (?:he|she|that|this) (?:\w+ )?(?:right|wrong|correct)\b"
    r"|\bwhos? (?:is |was )?(?:\w+ )?(?:right|wrong|correct)\b"
)
"""After a debater's view, a question judging it, of him by a pronoun, or of whoever:
"baker thinks china is wrong, is he right?", "baker claims china made a mistake. who is
right?": the verdict's. "…, is that right?" (or "correct") checks the report itself
(`_CHECKED_AFTER`): his view, as the article gives it, answers."""
_A_QUESTION = re.compile(
    r"(?:(?:so|and|but|ok|okay|also) )?(?:what|whats|who|whos|whom|how|hows|when|where|why"
    r"|which|will|would|is|isnt|are|arent|was|were|do|does|did|can|could|should|has|have)\b"
)
"""The words a question of its own opens with, as the router spells them."""
_ABOUT = re.compile(r"\b(?:about|on|regarding)\b")
"""The word before what a question asks about: "what did he say about power"."""
_INVITED = frozenset({Kind.SYNTHESIS, Kind.ADVICE, Kind.SUMMARY})
"""What an invited question gets (see :class:`~bot.knowledge.intents.Intent`)."""
_BACK_REFERENCES = frozenset("it that this them those".split())
"""Words by which a part of a question points back to another part ("…, what did gin make
of it"): no question of its own."""
_ONE_PERSON = frozenset("he him his hes she her hers shes".split())
"""Pronouns for one person, whom a question can mean only by what was said before it."""
_WEAK = frozenset("weak weaker weakest weakness weaknesses flaw flaws flawed".split())
"""Words that ask where a case is weak, which only the verdict says."""
_JUDGING = GRADES | frozenset(
    """accept accepts accepted agree agrees agreed grant grants granted concede concedes
    conceded holds hold evaluate evaluates evaluated evaluation assess assesses assessed
    assessment""".split()
)
"""Words that judge a case: strong or weak, right or wrong, accepted or granted, evaluated
or assessed ("how does the author evaluate baker's argument" got the author's stance, which
weighs both sides without saying how Baker's case fares: held-out set 9)."""
_ASKS_WHAT = re.compile(r"\b(?:what|whats|how|hows|why|where|when|which)\b")
"""A question for what was said, not whether: "what does baker say about gin's claim"."""
_RESPONDS = re.compile(rf"\s*{_RESPONSE}\b")
_CASE_ON = re.compile(
    r"\s*(?:(?:\w+ )?(?:point|points|argument|arguments|case)\s+)?(?:on|about|regarding|re)\b"
)
"""A speaker's point on a subject is their view on it, and they the one asked: "baker's best
point on distillation" was searched as anyone's, and led with the author's judgement of his
point (held-out set 8); "gin's 80% claim" still names what is answered. The words of a
summary ("main points") may already be gone: "baker's on distillation" is left of "baker's
main points on distillation"."""
_RESPONDS_BETWEEN = re.compile(rf"\b{_RESPONSE}\b")
_TURNED_TO = re.compile(
    r"\b(?:and|but|what about|how about|(?P<asks>(?:what|how) (?:does|did|do|would|will)))\s+$"
)
_WHAT_OF_THEM = re.compile(
    rf"(?:s\s+)?(?:{_RESPONSE}|said|thinks?|thought)\s+(?:what|how|then what)$"
)
_THEIR_TURN = re.compile(
    rf"(?:{_REPLY}|say|think)(?: (?:about|of|to) (?:it|that|this|him))?|make of (?:it|that|this)"
)
"""What a question turned to the last speaker asks of him (`_asks_the_last`): "gin says
what", "gin said what", "gin responds how"; "what does gin say", "what did gin make of it"."""
_OPPOSES = re.compile(
    rf"\b(?:(?P<against>against)|{_REPLY}\s+to"
    r"|(?P<denied>(?:who|which(?: one)?(?: of (?:them|the two))?) "
    r"(?:(?:doesnt|does not|didnt|did not) (?:think|believe|accept|buy|agree)"
    r"|disagrees that|disagreed that|"
    r"(?:isnt|is not|wasnt|was not) convinced)))\b"
)
"""Words that set a question against a claim: "the argument against the 80% idea", "the
response to the terrible mistake", and "who doesn't think it was a mistake", which led with
Baker's terrible mistake itself (held-out set 9), as "who disagrees that it was a mistake"
and "who isn't convinced it was a mistake" did, and "which of them doesn't think it was a
mistake" (the one asked for as the two read, not "who"). Who does not think so is, like a response,
only one the source shows answering the claim (a rebuts link): no one answers Gin, so "who
doesn't believe customers care about the best model" is searched as ever, never put to
Baker."""
_JOINED = re.compile(r"\w+ (?:and|or|nor|vs|versus|v|against) ")
"""The first of two speakers and a word that only joins the second to it (`_between`)."""
_DISAGREES = r"(?:disagree|disagrees|disagreed|disagreement|differ|differs|differed)"
_VIEW_OF = (
    r"(?:think|thinks|thought|thoughts|feel|feels|view|views|opinion|opinions|take|takes"
    r"|say|says|said)\s+(?:about|on|regarding|re|towards?)"
    r"|(?:think|thinks|thought|make|makes|made)\s+of|(?:say|says|said)\s+to|tell|tells|told"
    r"|(?P<holder>\w+)\s+(?:view|views|opinion|opinions|thoughts|take)\s+of"
)
"""Words of a view held of someone ("what do you think about", "your view on", "thoughts on",
"what do you make of", "what would you say to", "what would you tell"). A view "of" someone
is theirs, not one of them ("what is opinion of baker about chips", held-out set 9), unless
its holder is said (:data:`_HOLDERS`, or a speaker: "your opinion of baker", "gin's
opinion of baker"); thinking of them is not."""
_HOLDERS = frozenset("your ur his her their".split())
"""Who may hold a view "of" someone, besides a speaker named."""
_REPLIED_TO = re.compile(
    rf"\b(?:{_REPLY}\s+(?:to\s+)?|(?P<against>against|{_DISAGREES}\s+(?:with|from))\s+"
    rf"|(?P<agreed>agree|agrees|agreed)\s+with\s+|(?P<viewed>{_VIEW_OF})\s+)$"
)
"""Words that make the speaker right after them the one replied to, argued against, agreed
with or viewed, not the one asked: "/gin where do you disagree with Baker" and "/baker where
do you agree with Gin" got the other debater's stance, under his name, and so did "/gin what
do you think about Baker", "/gin your view on Baker" and "/gin thoughts on Baker's take";
"what does Gin think about Baker" got both sides' summary. Whose view it is, is the
speaker named before (Gin) or the command's (:meth:`Router._route`: "you" is the one the
command is given to); with neither ("thoughts on Baker's take"), the one viewed is still
the only one named, and answers."""
_REPLY_REACH = 40
"""How far before a name :data:`_REPLIED_TO` may start, its words one space apart as
spelled: its longest form, "counterarguments to ", is 20 characters."""
_SOFT_J = re.compile(r"j(?=[eiy])")
"""A "j" where English would write a soft "g": they sound alike ("jin", "gin")."""
_ARTICLES = ("a", "an", "the")
_ARTICLE = r"(?:(?:a|an|the) )"
"""An article a reader may put in or leave out of a heading ("distillation as shortcut")."""
_PLACES = {
    word: place
    for place, words_of_place in enumerate(
        [
            "one first 1st",
            "two second 2nd",
            "three third 3rd",
            "four fourth 4th",
            "five fifth 5th",
            "six sixth 6th",
            "seven seventh 7th",
            "eight eighth 8th",
            "nine ninth 9th",
            "ten tenth 10th",
        ],
        start=1,
    )
    for word in words_of_place.split()
}
_PLACE = "|".join(_PLACES)
_TAKEAWAY_NUMBER = re.compile(
    rf"\b(?:(?P<before>{_PLACE}) (?:key )?takeaway"
    rf"|(?:key )?takeaway (?:(?:number |numbers |no |num |nr )?(?P<number>\d+|{_PLACE})|top)"
    r")\b"
)
"""A takeaway named by its place in the source's list: "the third takeaway", "key takeaway
3", "takeaway number two" (the router spells "#2" as "2", "#1" as the "top" it means,
and "number" as the pack's "numbers")."""
_CLOSING = "?!.,;:…"
"""Punctuation that ends a question, not its subject."""
_CHUNK = re.compile(r"[\"“][^\"”]*[\"”]\S*|\S+")
"""A word as typed, or words the asker put in quotes, with what is stuck to either."""
_QUOTED = re.compile(r"[\"“](?P<words>[^\"“”]*)[\"”]")
_CHECKS_A_CLAIM = re.compile(
    r"(?:(?:so|and|but|ok|okay) )?(?:(?:is|was|isnt|wasnt) it|would it be|its|it is) "
    r"(?:(?:really|actually|still|entirely|fully|strictly) )?"
    r"(?:true|accurate|correct|fair|right|false|inaccurate|wrong|misleading)"
    r"(?: to (?:say|claim|write|report|quote|suggest|state))?(?: that)?(?= |$)"
)
"""A journalist's check of a claim before it ("is it accurate that", "is it fair to say
that"): asking words, as "can i quote baker as saying" is, though "accurate" or "true"
alone may be a subject's word."""
AUTHOR_WORDS = frozenset({"author", "writer"})
"""Who wrote the source, named as readers name the analysis voice: "what does the author
think" was refused where "what does the article think" got its stance, and "what does the
writer say about drones" was refused."""


def _checking_frame(spelled: list[list[str]]) -> int:
    """How many leading chunks (each ``spelled``) a check of a claim (:data:`_CHECKS_A_CLAIM`)
    covers, to be left out of the subject: "is it accurate that gin said china will reach 80
    percent" was titled "Aaron Gin on “accurate that gin said china will reach 80 percent”",
    not on what he is said to have said."""
    found = _CHECKS_A_CLAIM.match(" ".join(word for typed in spelled for word in typed))
    if found is None:
        return 0
    ends = list(accumulate(len(typed) for typed in spelled))
    covered = len(found.group().split())
    return ends.index(covered) + 1 if covered in ends else 0


def _addressed_after(
    text: str, mentions: list[tuple[int, str, bool]], addressed: str | None
) -> tuple[int, str, bool] | None:
    """The first "you" after the last speaker named, as a mention of ``addressed`` (the
    command's speaker), for :func:`_asks_the_last` to judge whether the question turns to
    him."""
    if addressed is None or not mentions:
        return None
    you = ADDRESSED.search(text, mentions[-1][0] + 1)
    return None if you is None else (you.start(), addressed, False)


def _asks_the_last(text: str, before: int, last: tuple[int, str, bool]) -> bool:
    """The question, having given one speaker's words, turns to the speaker named last to
    ask theirs: "baker says mistake, gin says what?", "baker calls it a mistake, and gin?",
    "... what about gin?". It got Baker's terrible mistake again (held-out set 9): the
    first of two speakers with a saying verb between them is the one asked where one
    replies to the other ("how does Gin reply to Baker"), but here the last is asked and
    what the first said is the subject put to him. "Baker and Gin" gives no one's words
    before turning: it names both, as before. Turned with a question of its own ("baker
    says it's a terrible mistake. what does gin say?", "baker said mistake, gin said
    what"), it got Baker's mistake, in his name; one that gives the first speaker no
    words, or asks him too ("what does baker say about it and what does gin say"), still
    asks both."""
    start, _, owner = last
    turned = _TURNED_TO.search(text, before, start)
    said_first = text[before:turned.start() if turned else start].split()[1:]
    if owner or not set(said_first) - {"s"}:
        return False
    rest = text[start:].split(maxsplit=1)[1:]
    if turned is not None and turned["asks"]:
        if _ASKS_WHAT.search(text, 0, before) or not rest:  # the first is asked too
            return False
        words_given = any(w not in STOP_WORDS and not is_filler(w) for w in said_first)
        return words_given and _THEIR_TURN.fullmatch(rest[0]) is not None
    if not rest:
        return turned is not None
    return _WHAT_OF_THEM.fullmatch(rest[0]) is not None


def _gives_the_figure(spelled: str, point: Point) -> bool:
    """``point`` answers the quantity ``spelled`` asks for, if it asks for one: a sentence
    of its source gives a number, beside what is counted ("how many reasoning traces").

    "How many drones does china have" was answered with Gin's drones, whose sentence counts
    nothing, and "how many chips does china produce a year" with Deep Seek's 160,000
    traces, a figure of something else, as if they gave the number. A share or a score
    asked for ("what percentage of china's electricity is coal") is a figure as well: it
    got Gin's dirty power, which gives none."""
    asked = _ASKS_HOW_MANY.search(spelled)
    share = _ASKS_A_SHARE.search(spelled)
    in_percent = _IN_PERCENT.search(spelled) is not None
    if (asked is None and share is None and not in_percent) or _COUNTS_THE_SOURCE.search(spelled):
        return True
    if asked is None:  # a share needs a percentage, a score a figure beside "score"
        return any(
            _PERCENT.search(sentence)
            if in_percent or (share and share["share"])
            else _FIGURE.search(sentence) and "score" in map(stem, words(sentence))
            for sentence in point.evidence
        )
    noun = asked["counted"]
    counted = stem(noun) if noun and noun not in STOP_WORDS else None  # not "much did"
    if _PRICE.search(spelled, asked.start()) and not asked[0].startswith("how many"):
        return any(  # "how much did the traces cost": a figure of money
            _FIGURE.search(sentence) and _PRICE.search(sentence.lower())
            for sentence in point.evidence
        )
    return any(
        _FIGURE.search(sentence) and counted in (None, *map(stem, words(sentence)))
        for sentence in point.evidence
    )


def _gives_the_date(spelled: str, point: Point) -> bool:
    """``point`` answers the date ``spelled`` asks for, if it asks for one: a sentence of
    its source gives a year or a day.

    "When did china decide to stop buying nvidia chips" was answered with Baker's terrible
    mistake, whose sentences date nothing, as if they said when. Asked for the order of two
    things, a point answers if its source puts things in an order: "what happened first,
    deep seek or the chip decision" got Baker's chips, which say nothing of Deep Seek's
    time (held-out set 7)."""
    if _ASKS_AN_ORDER.search(spelled) is not None:
        return any(map(_SEQUENCE.search, point.evidence))
    return _ASKS_A_DATE.search(spelled) is None or any(map(_DATE.search, point.evidence))


def _gives_the_place(spelled: str, point: Point) -> bool:
    """``point`` answers where something is made, if ``spelled`` asks that: a sentence of
    its source says where ("made in Taiwan", "built by TSMC").

    QA (held-out set 8): "where are china's own chips made" was answered with Gin's 80%
    capability, whose sentences say China has its own chips, never where they are made."""
    if _ASKS_WHERE_MADE.search(spelled) is None:
        return True
    return any(map(_MADE_WHERE.search, point.evidence))


def _headings(pack: Pack) -> list[tuple[re.Pattern[str], tuple[Point, ...]]]:
    """Each takeaway's title as a question may name it, an article put in or left out, and
    its points (see :meth:`Router._under_a_heading`): built with the pack, not per question."""
    headings = []
    for takeaway in pack.takeaways:
        title = [w for w in words(takeaway.title) if w not in _ARTICLES]
        pattern = rf"\b{_ARTICLE}?" + rf" {_ARTICLE}?".join(map(re.escape, title)) + r"\b"
        headings.append((re.compile(pattern), tuple(map(pack.point, takeaway.points))))
    return headings


def _views_owned(
    text: str, mentions: list[tuple[int, str, bool]], views_at: set[int]
) -> list[tuple[int, str, bool]]:
    """``mentions`` with each speaker's view (`_RESPONDS`: "gin's take") or point on a
    subject (`_CASE_ON`: "gin's point on"), at ``views_at``, read as a claim owned, not as
    the speaker asked, where another speaker is plainly asked. "What does baker think of
    gin's point about distillation" (or "gin's take on distillation") asks Baker about it,
    as "...of gin's claim about distillation" does; it was searched as anyone's, Gin asked
    as well as Baker. Alone, "gin's point on adoption" still asks Gin, and two speakers
    merely joined or set against each other ("baker and gin's points on chips", "gin vs
    baker's argument on compute") are both asked, as "baker and gin on chips" are."""
    if not views_at or _JOINED.fullmatch(_between(text, mentions)):
        return mentions
    plainly = {sid for at, sid, owner in mentions if not owner and at not in views_at}
    return [
        (at, sid, owner or (at in views_at and bool(plainly - {sid})))
        for at, sid, owner in mentions
    ]


def _between(text: str, mentions: list[tuple[int, str, bool]]) -> str:
    """The words between the first two speaker mentions."""
    return text[mentions[0][0] : mentions[1][0]] if len(mentions) > 1 else ""


def _name_words(pack: Pack) -> frozenset[str]:
    """Every word of the speakers' ids and names, but the words questions are made of: a
    typo of one ("bakr", "gavn") is repaired as a typo of an asking word is."""
    named = {word for s in pack.speakers for word in words(f"{s.id} {s.name}")}
    return frozenset(named - _QUESTION_WORDS)


def _roles_named(speaker: Speaker, pack: Pack) -> set[str]:
    """The debater's role said as a name, after "the": "the investor" is the one the
    source calls an investor, and "the labour economist" is one of two economists, as a
    listener remembers who spoke without his name ("the investor guy, what was his main
    thing" was refused: held-out set 10). The role's last word alone ("the economist")
    names him only where no other speaker's role ends in it, and never as the author,
    which names the source's own voice (:data:`AUTHOR_WORDS`)."""
    if not speaker.role:
        return set()
    role = words(speaker.role)
    forms = {"the " + " ".join(role)}
    others = [words(s.role)[-1:] for s in pack.speakers if s.role and s.id != speaker.id]
    if role[-1] not in AUTHOR_WORDS and [role[-1]] not in others:
        forms.add(f"the {role[-1]}")
    return forms


def _surname(name: str) -> tuple[str, str]:
    """The given names and the surname of ``name`` as typed, the surname taking the
    lower-case particles before it ("Ursula", "von der Leyen"; "Juan", "de la Cruz")."""
    parts = name.split()
    start = len(parts) - 1
    while start > 1 and parts[start - 1][:1].islower():
        start -= 1
    return " ".join(parts[:start]), " ".join(parts[start:])


def _speaker_names(pack: Pack) -> list[tuple[str, re.Pattern[str]]]:
    """A pattern per speaker over its id, full name, surname and the rest of its name, with
    an optional possessive "s" (apostrophes are gone by now: "gin's" is "gins").

    People ask by first name ("/ask Gavin"), so every word of the name counts, save the
    words questions are made of: "The article" must not make every "the" name it. Forms are
    spelled as questions are (:func:`~bot.knowledge.tokens.words`: no accents, a hyphen
    between words): "Zoë Ångström-Dupré" as "zoe angstrom dupre", and each half of a
    double surname alone, as people shorten it; with the hyphen kept, her surname never
    matched and stayed in the subject of her answers. A surname's particles ("von der")
    name no one alone, so they count only with the surname.
    """
    names = []
    for speaker in pack.speakers:
        full = " ".join(words(speaker.name))
        first, last = _surname(speaker.name)
        particles = [part for part in last.split() if part[:1].islower()]
        halves = {
            word
            for part in last.split()
            if part not in particles
            for word in words(part)
            if word not in _QUESTION_WORDS
        }
        given = {word for word in words(first) if word not in _QUESTION_WORDS}
        surname = " ".join(words(last))
        forms = {speaker.id, " ".join(words(speaker.id)), full, surname, *halves, *given}
        if speaker.is_analysis:
            forms |= AUTHOR_WORDS
        else:
            forms |= _roles_named(speaker, pack)
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        names.append((speaker.id, re.compile(rf"\b(?:{alternation})(?P<possessive>s)?\b")))
    return names
