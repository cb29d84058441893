"""Lexical search over a pack's points.

Users type free text ("why did china refuse american gpus"), so exact keyword
matching is not enough, but the corpus is tiny and curated, so a classic
BM25F ranking with stemming and curated keywords beats anything heavier:
it is deterministic, explainable in tests and builds in well under 10 ms.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import snowballstemmer

from bot.knowledge.model import Pack, Point, Topic

K1 = 1.2
B = 0.75
MIN_SCORE = 0.3
"""Below this a hit is noise (e.g. only a very common word like "china" matched)."""

BIGRAM_WEIGHT = 0.6
"""Adjacent query words that also sit together in a point ("export controls") earn a bonus."""

# Curated keywords and topic vocabulary say what a point is *about*, so they
# outrank words that merely appear in the prose of the claim.
FIELD_WEIGHTS: dict[str, float] = {
    "keywords": 3.0,
    "topics": 1.5,
    "quote": 1.5,
    "claim": 1.0,
    "speaker": 1.0,
}

# Deliberately small: negations and words like "does"/"matter" carry meaning here.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the and or but of to in on at by for from with about as into onto over
    is are was were be been being am do does did done has have had having
    it its this that these those there here
    i me my mine you your yours he him his she her hers we our ours they them their theirs
    what which who whom whose when where why how
    can could would should will shall may might must
    so if then than too very just also really actually
    s t
    """.split()
)

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_TOKEN = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("english")


def _normalise(text: str) -> str:
    """Fold case, accents and compatibility forms so "Café" and "cafe" index alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    """Stemmed content words; apostrophes are dropped so "doesn't" stays one word."""
    text = _APOSTROPHES.sub("", _normalise(text))
    return [_stem(w) for w in _TOKEN.findall(text) if w not in STOP_WORDS]


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """The pure-Python stemmer dominates index time; vocabularies repeat heavily, so cache it."""
    return _STEMMER.stemWord(word)


def _bigrams(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(tokens)]


def _phrase_terms(phrases: Iterable[str]) -> list[str]:
    """Unigrams plus bigrams, with bigrams never spanning two separate phrases."""
    terms: list[str] = []
    for phrase in phrases:
        tokens = tokenize(phrase)
        terms.extend(tokens)
        terms.extend(_bigrams(tokens))
    return terms


@dataclass(frozen=True)
class Hit:
    """A matching point and how well it matched (only comparable within one query)."""

    point: Point
    score: float


class Searcher:
    """BM25F index over one pack, built once and then queried many times."""

    def __init__(self, pack: Pack) -> None:
        self._pack = pack
        self._order = {p.id: i for i, p in enumerate(pack.points)}
        self._topic_terms = {
            t.id: _phrase_terms([t.id.replace("-", " "), t.title, *t.aliases]) for t in pack.topics
        }
        self._docs: list[dict[str, Counter[str]]] = []
        self._lengths: list[dict[str, int]] = []
        for point in pack.points:
            fields = self._fields(point)
            self._docs.append({name: Counter(terms) for name, terms in fields.items()})
            self._lengths.append({name: len(terms) for name, terms in fields.items()})
        count = max(len(self._docs), 1)
        self._avg = {
            name: max(sum(lengths[name] for lengths in self._lengths) / count, 1.0)
            for name in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        for doc in self._docs:
            df.update({term for counts in doc.values() for term in counts})
        self._idf = {
            term: math.log(1 + (len(self._docs) - n + 0.5) / (n + 0.5)) for term, n in df.items()
        }
        self._topic_names = self._topic_lookup(pack.topics)

    def _fields(self, point: Point) -> dict[str, list[str]]:
        topic_terms = [
            term for topic_id in point.topics for term in self._topic_terms.get(topic_id, [])
        ]
        speaker_words = [point.speaker, self._pack.speaker(point.speaker).name]
        return {
            "keywords": _phrase_terms(point.keywords),
            "topics": topic_terms,
            "quote": _phrase_terms([point.quote] if point.quote else []),
            "claim": _phrase_terms([point.claim]),
            "speaker": _phrase_terms(speaker_words),
        }

    @staticmethod
    def _topic_lookup(topics: Iterable[Topic]) -> dict[str, Topic]:
        names: dict[str, Topic] = {}
        for topic in topics:
            for name in (topic.id, topic.title, *topic.aliases):
                names.setdefault(_topic_key(name), topic)
        return names

    def _score(self, index: int, terms: Counter[str]) -> float:
        doc, lengths = self._docs[index], self._lengths[index]
        score = 0.0
        for term, query_count in terms.items():
            idf = self._idf.get(term)
            if idf is None:
                continue
            weighted_tf = 0.0
            for name, weight in FIELD_WEIGHTS.items():
                tf = doc[name].get(term, 0)
                if tf:
                    norm = 1 - B + B * lengths[name] / self._avg[name]
                    weighted_tf += weight * tf / norm
            if weighted_tf:
                boost = BIGRAM_WEIGHT if " " in term else 1.0
                score += boost * query_count * idf * weighted_tf / (K1 + weighted_tf)
        return score

    def search(self, query: str, speaker: str | None = None, limit: int = 5) -> list[Hit]:
        """Best points for ``query``; empty when nothing meaningful matched."""
        tokens = tokenize(query)
        if not tokens or limit <= 0:
            return []
        terms = Counter(tokens + _bigrams(tokens))
        hits = []
        for index, point in enumerate(self._pack.points):
            if speaker is not None and point.speaker != speaker:
                continue
            score = self._score(index, terms)
            if score > MIN_SCORE:
                hits.append(Hit(point, score))
        hits.sort(key=lambda h: (-round(h.score, 9), -h.point.strength, self._order[h.point.id]))
        return hits[:limit]

    def topic_for(self, query: str) -> Topic | None:
        """Resolve a query that *is* a topic id, title or alias, so "/debate chips" is exact."""
        return self._topic_names.get(_topic_key(query))


def _topic_key(text: str) -> str:
    """Treat "sovereign-ai", "Sovereign AI" and "#sovereign_ai" as the same name."""
    folded = _normalise(text).strip().lstrip("#")
    return " ".join(re.split(r"[\s_-]+", folded)).strip()
