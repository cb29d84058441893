"""The words a question may use for what the pack says: synonyms and typo repair.

A pack writes "drones"; a reader types "unmanned aircraft" or "drnoes". Both are mapped to
the pack's own words *before* ranking, so the ranking itself stays plain BM25 over curated
text. Synonyms come from the pack (`synonyms:`, the article's concepts in other words);
typos are repaired only against the pack's own vocabulary, so an unknown word is never
"corrected" into something the pack did not say. Names the source never uses (`unnamed:`,
"huawei" for its domestic chips) are searched as the concept but stay unknown words: the
pack does not cover Huawei, however near its points come.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from bot.knowledge.tokens import (
    FILLER,
    LETTERS_SPOKEN,
    STOP_WORDS,
    keeps_its_noun,
    spoken_number,
    stem,
    tokenize,
    words,
)

MIN_TYPO_LENGTH = 5
"""Shorter words are too easy to "repair" into another word ("plan" into "plane")."""
TWO_EDITS_LENGTH = 8
"""Words this long may be two edits of any kind away; shorter ones only one slip (see
:func:`_is_slip`): English is dense in short words, and one changed letter turns many of
them into another real word ("poker" into "power", "stake" into "state")."""

NUMBER_WORDS = 6
"""The most words a number in a name is said in ("one sixty thousand" is three). Read
whole, a run of them was copied at every word of a question, and "h ten ten ten…" grew a
number of thousands of digits, which Python refuses to write out (ValueError past 4,300):
a question of 9,000 characters typed in the console raised it."""


class Said(NamedTuple):
    """One word of a question, or one synonym phrase, and the stems it is searched as."""

    stems: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    """A question in the pack's terms: the stems to search, and which words were not known."""

    said: tuple[Said, ...]
    known: frozenset[str]
    unknown: frozenset[str]
    names: tuple[str, ...] = ()
    """Names the source never uses, as the pack lists them: an answer must not pass them off
    as covered."""

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for said in self.said for term in said.terms)


class Vocabulary:
    """Synonym phrases and a typo index over the pack's own words, built once per pack."""

    def __init__(
        self,
        index_words: Iterable[str],
        synonyms: Mapping[str, tuple[str, ...]],
        unnamed: Mapping[str, tuple[str, ...]] | None = None,
        idioms: Mapping[str, tuple[str, ...]] | None = None,
        compounds: Iterable[str] = (),
        point_stems: frozenset[str] | None = None,
    ) -> None:
        self._stems: dict[str, str] = {}
        for word in index_words:
            self._stems.setdefault(word, stem(word))
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, alternatives in synonyms.items():
            self._add_phrases(canonical, alternatives)
        self._names: dict[tuple[str, ...], str] = {}
        self._add_names(unnamed or {})
        for concept in (*synonyms, *sorted(compounds)):
            self._add_concept(concept)
        self._idioms = frozenset(
            _without_articles(words(phrase))
            for phrases in (idioms or {}).values()
            for phrase in phrases
        )
        self._idiom_starts = frozenset(idiom[0] for idiom in self._idioms)
        self._longest_idiom = max(map(len, self._idioms), default=0)
        self._longest = max((len(k) for k in self._phrases), default=0)
        self._phrase_terms = frozenset(term for phrase in self._phrases for term in phrase)
        self._every_stem = frozenset(self._stems.values())
        self._known_stems = self._stems_known_in_any_form(point_stems)
        self._idiom_words = frozenset(word for idiom in self._idioms for word in idiom)
        self._longest_word = max(map(len, self._stems), default=0)
        self._deletes: dict[str, set[str]] | None = None
        self._skeletons: dict[str, set[str]] | None = None
        self._repairs: dict[str, str | None] = {}

    def _stems_known_in_any_form(self, point_stems: frozenset[str] | None) -> frozenset[str]:
        """The stems a question's word may share with the pack in whatever form it is typed:
        those the points (``point_stems``, None: all) or the synonym phrases use. A word only
        the article's prose uses, no point, is known with more care (:meth:`_prose_says`)."""
        if point_stems is None:
            return self._every_stem
        return self._every_stem & (point_stems | self._phrase_terms)

    def _prose_says(self, word: str, token: str) -> bool:
        """``word`` (stem ``token``) is a word only the article's prose uses, no point, in a
        form that stays that word: any ("compete" for "competing", "fix" for "fixes") but an
        "-ing" form the prose never writes, often a word of its own. Snowball cuts "gaming" to
        "game", and "nvidia gpu for gaming" was answered as the article's "high-stakes game"
        beside Baker's NVIDIA chips."""
        if word.endswith("ing") and word not in self._stems:
            return False
        return token in self._every_stem

    def _add_phrases(self, canonical: str, alternatives: Iterable[str]) -> list[tuple[str, ...]]:
        """Map each alternative's stems to ``canonical``'s; the keys this added."""
        target = tuple(tokenize(canonical))
        added = []
        for alternative in alternatives:
            key = tuple(tokenize(alternative))
            if key and target and key not in self._phrases:
                self._phrases[key] = target
                added.append(key)
        return added

    def _add_names(self, unnamed: Mapping[str, tuple[str, ...]]) -> None:
        """Map each name the source never uses, and its possessive, to the concept it names,
        and remember the name as the pack lists it: the form an answer shows.

        A possessive loses its apostrophe ("huawei's" is "huaweis"): shown as typed, the
        answer said the article never names “huaweis”, a word no one typed, and "gpt's",
        which Snowball leaves as "gpts", was no name at all. The names as listed come first,
        so a listed plural ("gpus") stays itself.
        """
        for ending in ("", "s"):
            for canonical, names in unnamed.items():
                for name in names:
                    for key in self._add_phrases(canonical, [name + ending]):
                        self._names[key] = " ".join(words(name))

    def _add_concept(self, canonical: str) -> None:
        """A concept of several words ("local data", the source's "open-source") is one
        thing said, as its other phrasings ("own data") are, searched as itself.

        Counted word by word, "cheap local data plan" had four subjects, two of them the
        sovereign-AI point's, which then spoke to half of the question; it is a phone plan,
        and one subject of three is no answer. Likewise "closed source vs open source
        software" outweighed "software" four words to one, and is about licences.
        """
        key = tuple(tokenize(canonical))
        if len(key) > 1:
            self._phrases.setdefault(key, ())

    def _without_vowels(self, word: str) -> str | None:
        """The pack word ``word`` is, typed without some of its vowels, as phones and chat
        write ("custmrs", "mdls", "bnchmrks"), or None. Two vowels left out at least, the
        first and last letters kept, and one stem fits: "custmrs" is two edits from "customers", too
        many for a word of seven letters under :meth:`repair`'s rule (a changed letter
        often makes another word), and "custmrs care abt wat per gin" was refused (held-out
        set 12). Vowels alone dropped change no word into another as changed letters do."""
        if len(word) < _SHORTEST_UNVOWELLED or len(word) > self._longest_word:
            return None
        if self._skeletons is None:
            self._skeletons = {}
            for known in self._stems:
                self._skeletons.setdefault(_skeleton(known), set()).add(known)
        candidates = {
            known
            for known in self._skeletons.get(_skeleton(word), ())
            if len(known) - len(word) >= 2 and _vowels_left_out(word, known)
        }
        if len({self._stems[c] for c in candidates}) != 1:
            return None
        return min(candidates, key=lambda c: (len(c), c))

    def _typo_index(self) -> dict[str, set[str]]:
        """Every pack word with up to one or two letters deleted (the symmetric-delete index).

        Built on the first unknown word, not with the pack: it is most of the index's build
        time, and the console's first answer should not wait for it.
        """
        if self._deletes is None:
            self._deletes = {}
            for word in self._stems:
                if len(word) >= MIN_TYPO_LENGTH:
                    for variant in _deletions(word, _max_edits(word)):
                        self._deletes.setdefault(variant, set()).add(word)
        return self._deletes

    def expand(self, tokens: list[str], raw_words: list[str]) -> Expansion:
        """Add the pack's words for synonym phrases and repair typos of unknown words.

        ``tokens`` are the query's stems and ``raw_words`` the unstemmed words they came from
        (same length), since typos are judged on what was typed.
        """
        said: list[Said] = []
        known: set[str] = set()
        unknown: set[str] = set()
        names: list[str] = []
        named: list[tuple[str, tuple[str, ...]]] = []
        index = 0
        while index < len(tokens):
            matched = self._phrase_at(tokens, index)
            if matched is not None:
                length, target = matched
                phrase = tuple(tokens[index : index + length])
                said.append(Said(phrase, phrase + target))
                if phrase in self._names:  # one name, one unknown word: "gulf states"
                    example = index > 0 and raw_words[index - 1] in _EXAMPLE
                    named.append((" ".join(phrase), target if example else ()))
                    names.append(self._names[phrase])
                else:  # one concept, one known subject, however many words
                    known.add(" ".join(phrase))
                index += length
                continue
            token = tokens[index]
            said_so = token in self._known_stems or self._prose_says(raw_words[index], token)
            repaired = None if said_so else self.repair(raw_words[index])
            if repaired is not None:
                said.append(Said((token,), (self._stems[repaired],)))
            else:
                said.append(Said((token,), (token,)))
            (known if said_so or repaired else unknown).add(token)
            index += 1
        for name, concept in named:
            instance = self._says_the_concept(said, self._names, name, concept)
            (known if instance else unknown).add(name)
        return Expansion(
            tuple(said), frozenset(known), frozenset(unknown - known), tuple(dict.fromkeys(names))
        )

    @staticmethod
    def _says_the_concept(
        said: list[Said], names: Container[tuple[str, ...]], name: str, concept: tuple[str, ...]
    ) -> bool:
        """``name`` is given as an example ("like india") of the concept it is a name for,
        which the question names in a word of the concept's own: "other countries like
        india" asks about the article's other nations, and the answer says the article
        never names India. Otherwise ("india's chip plans", "what does india think",
        "huawei chips") the name stays a subject the article does not cover, and another
        name ("huawei ascend") or a word of asking ("other") says nothing of the concept.
        ``concept`` is empty for a name given as no example."""
        rest = {
            t for s in said if s.stems not in names and " ".join(s.stems) != name for t in s.terms
        }
        return any(term in rest and term not in _FILLER_STEMS for term in concept)

    def _phrase_at(self, tokens: list[str], start: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest synonym phrase at ``start``: "unmanned aircraft" beats "unmanned"."""
        for length in range(min(self._longest, len(tokens) - start), 0, -1):
            target = self._phrases.get(tuple(tokens[start : start + length]))
            if target is not None:
                return length, target
        return None

    def idioms(self, question_words: list[str]) -> list[range]:
        """Where ``question_words`` (stop words and all) say an idiom: "drone racing" is a
        subject of its own that the pack does not know, and a name inside one names no one
        ("how is gin distilled"). Matched word for word as typed, stop words and endings
        included: "gin on distillation" still asks Gin, and "the drone race" is China's
        lead in drones, where "drone racing" is a hobby. Only the articles are no part of
        an idiom: "price of a blackwell" says "price of blackwell" as "price of an h200"
        says "price of h200", and a pack cannot list every article a reader may put in."""
        kept = [i for i, word in enumerate(question_words) if word not in _ARTICLES]
        plain = [question_words[i] for i in kept]
        found: list[range] = []
        start = 0
        while start < len(plain):
            length = self._idiom_at(plain, start)
            if length:
                found.append(range(kept[start], kept[start + length - 1] + 1))
            start += length or 1
        return found

    def _idiom_at(self, question_words: list[str], start: int) -> int:
        """The length of the longest idiom at ``start``; 0 for none."""
        if question_words[start] not in self._idiom_starts:  # nearly every word: be quick
            return 0
        for length in range(min(self._longest_idiom, len(question_words) - start), 1, -1):
            if tuple(question_words[start : start + length]) in self._idioms:
                return length
        return 0

    def spoken(self, typed: list[str]) -> list[str]:
        """``typed`` (normalised words) with the pack's names said aloud written as the pack
        writes them: "black well" is "blackwell", "h two hundreds" "h200s", "p thirties"
        "p30s", "oh thirteen" "o13". Only where the words together make one word of the
        pack that they are not already, one of them not being the pack's or the second a
        particle (:data:`_PARTICLES`, "work around"): "deep seek" stays two words, and "h
        twenty" (no name of the article) stays as said. A letter joins only a number, and
        two words only of three letters or more that are no stop words: "to p" is no "top".

        QA (held-out set 6): an investor dictating on a phone was refused "h two hundreds and
        p thirties what are those about" for "h", "hundreds", "p" and "thirties"."""
        out: list[str] = []
        index = 0
        while index < len(typed):
            joined = self._spoken_at(typed, index)
            if joined is None:
                out.append(typed[index])
                index += 1
            else:
                out.append(joined[0])
                index += joined[1]
        return out

    def _spoken_at(self, typed: list[str], start: int) -> tuple[str, int] | None:
        """The pack's word said aloud at ``start``, and how many words say it; None if none."""
        first = LETTERS_SPOKEN.get(typed[start], typed[start])
        said: list[tuple[str, int]] = []
        if len(first) == 1 and first.isalpha():  # a letter joins a number: "h two hundreds"
            number = spoken_number(typed[start + 1 : start + 1 + NUMBER_WORDS])
            if number is not None:
                said.append((first + number[0], 1 + number[1]))
        pair = typed[start : start + 2]
        if len(pair) == 2 and all(len(w) >= 3 and w not in STOP_WORDS for w in pair):
            said.append(("".join(pair), 2))  # "black well", not "to p" ("top")
        for word, count in said:
            parts = typed[start : start + count]
            if word in self._stems and (
                not all(part in self._stems for part in parts) or parts[-1] in _PARTICLES
            ):
                return word, count
        return None

    def knows(self, word: str) -> bool:
        """``word`` (unstemmed) is one the pack uses, or part of a synonym phrase: either way
        it must reach the search as typed, never "repaired" into another word."""
        return word in self._stems or stem(word) in self._phrase_terms or word in self._idiom_words

    def _role_of(self, word: str) -> str | None:
        """The pack's noun that ``word`` makes a "-ship" of, or None: "mentorship" is the
        mentor's part, "partnership" the partners'. "mentorship for juniors" was refused in
        a pack that says "mentor" and "mentoring", never "mentorship". The noun has five
        letters at least: "hardship" is no part of anything hard."""
        base = word.removesuffix("s").removesuffix("ship")
        if len(base) >= MIN_TYPO_LENGTH and base != word.removesuffix("s") and base in self._stems:
            return base
        return None

    def _model_name(self, word: str) -> str | None:
        """The pack's name of a model or a chip, letters and digits, that ``word`` is with
        its plural "s" added or left out, or None: "p30" for the article's "P30s", which a
        reader names as one chip ("what is p30", "h200 p30 blackwell wat r those" were
        refused, held-out set 12). A name with a digit is none of the words the stemmer
        reads; its "s" is only a plural."""
        if not any(ch.isdigit() for ch in word) or not word[:1].isalpha():
            return None
        other = word.removesuffix("s") if word.endswith("s") else f"{word}s"
        return other if other in self._stems else None

    def _may_be_a_typo(self, word: str, limit: int) -> bool:
        """``word`` is of a length to be ``limit`` edits from a pack word, and no noun by its
        ending. A word longer than any pack word by more than the edits is none: its
        deletions (``_deletions``) are cubic in its length, and one run of 400 letters, typed
        or pasted, kept the bot busy for eleven seconds (Slack sends 4,000)."""
        fits = MIN_TYPO_LENGTH <= len(word) <= self._longest_word + limit
        return fits and not keeps_its_noun(word)

    def repair(self, word: str) -> str | None:
        """The pack word ``word`` was probably meant to be, or None.

        Only for words the pack does not know, of at least five letters, with the first letter
        right (typos rarely hit it), and only when every pack word that close has one stem: an
        ambiguous repair is a guess. Of several forms ("drone", "drones") the closest wins.
        A word shorter than TWO_EDITS_LENGTH is repaired only for a slip: a correctly spelled
        word ("poker") is rarely one letter dropped, added or swapped from a pack word
        ("power"), where a changed letter often is. A noun by its ending ("generator") is
        spelled as meant: two edits made it the article's "generation". A word typed
        without its inner vowels is the word it shortens (:meth:`_without_vowels`), unless
        one slip makes it another ("trning": "turning" or "training"?), a guess.
        """
        if word in self._repairs:
            return self._repairs[word]
        found = self._role_of(word) or self._model_name(word)
        limit = _max_edits(word)
        if found is None and self._may_be_a_typo(word, limit):
            index = self._typo_index()
            candidates = {
                candidate
                for variant in _deletions(word, limit)
                for candidate in index.get(variant, ())
                if candidate[0] == word[0] and _is_typo(word, candidate)
            }
            if len({self._stems[c] for c in candidates}) == 1:
                found = min(candidates, key=lambda c: (_distance(word, c), c))
        unvowelled = self._without_vowels(word)
        if found is None or (unvowelled and self._stems[unvowelled] != self._stems[found]):
            found = None if found else unvowelled  # "trning": "turning" or "training"? a guess
        if len(self._repairs) < 4096:  # users may type anything: bound the memo
            self._repairs[word] = found
        return found


class QuestionWords:
    """Typos of the words questions are made of ("waht", "shoud", "teh", "rihgt").

    A question's asking words are not the pack's, so the pack's typo repair never sees them,
    yet one typo there ("waht does baker thnik") left an unknown word that sank an on-topic
    question below the relevance floor. Only the two commonest slips are repaired, and only
    when one word fits: two letters swapped, or (from four letters) one letter left out.
    A wrong word that merely resembles one ("plan", "pizza") stays as typed.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words = frozenset(w for w in vocabulary if len(w) >= 3)
        self._longest = max(map(len, self._words), default=0)
        self._deletes: dict[str, set[str]] = {}
        for word in self._words:
            for variant in _deletions(word, 1) - {word}:
                self._deletes.setdefault(variant, set()).add(word)

    def knows(self, word: str) -> bool:
        return word in self._words

    def correct(self, word: str) -> str | None:
        """The question word ``word`` was meant to be, or None."""
        if not 3 <= len(word) <= self._longest or word in self._words:
            return None  # no slip makes a word longer: none is this long (nor its deletions)
        swapped = {
            c
            for variant in _deletions(word, 1)
            for c in self._deletes.get(variant, ())
            if len(c) == len(word) and _is_slip(word, c)
        }
        missing = (
            {c for c in self._deletes.get(word, ()) if c[0] == word[0]} if len(word) >= 4 else set()
        )
        found = swapped or missing
        return next(iter(found)) if len(found) == 1 else None


_PARTICLES = frozenset("around out up off over down through back".split())
"""The second halves of a verb and its particle written as one noun ("workaround",
"setup", "tradeoff"): typed apart, the two are that noun though the pack knows each word
("is distillation a work around?" was refused: held-out set 11). Two other words the pack
knows stay two ("deep seek" is the pack's, written apart)."""
_ARTICLES = frozenset({"a", "an", "the"})
_FILLER_STEMS = frozenset(stem(word) for word in FILLER)
_EXAMPLE = frozenset("like such including incl eg especially notably".split())
"""Words that give what follows as an example of what comes before: "countries like india"."""


def _without_articles(phrase: list[str]) -> tuple[str, ...]:
    """An idiom's words without its articles ("mind the gap" is "mind gap"), unless that
    would leave one word, which would then be an idiom wherever it is used."""
    plain = tuple(word for word in phrase if word not in _ARTICLES)
    return plain if len(plain) > 1 else tuple(phrase)


_VOWELS = frozenset("aeiou")
_SHORTEST_UNVOWELLED = 4
"""A word typed without its vowels is read as a pack word from four letters ("mdls"):
shorter, its consonants fit too many words."""


def _skeleton(word: str) -> str:
    """``word``'s first letter and the consonants after it: what survives vowels left out."""
    return word[:1] + "".join(ch for ch in word[1:] if ch not in _VOWELS)


def _vowels_left_out(typed: str, meant: str) -> bool:
    """``typed`` is ``meant`` with vowels inside it left out, nothing else: its first and
    last letters are kept, as shorthand keeps them. A final "e" left out makes another
    word's abbreviation as often ("refs" is no "refuse", "args" no "argues")."""
    if typed[:1] != meant[:1] or typed[-1:] != meant[-1:]:
        return False
    at = 1
    for ch in meant[1:]:
        if at < len(typed) and typed[at] == ch:
            at += 1
        elif ch not in _VOWELS:
            return False
    return at == len(typed)


def _max_edits(word: str) -> int:
    return 2 if len(word) >= TWO_EDITS_LENGTH else 1


def _is_typo(typed: str, meant: str) -> bool:
    """``typed`` is a plausible misspelling of ``meant``, by the length rule of repair()."""
    if len(typed) >= TWO_EDITS_LENGTH:
        return _distance(typed, meant) <= 2
    return _is_slip(typed, meant)


def _is_slip(typed: str, meant: str) -> bool:
    """``typed`` is ``meant`` with one of the commonest slips: a letter left out
    ("distilation"), one typed twice or extra ("chipps"), or two neighbours swapped
    ("soverign"). Unlike a changed letter ("poker" for "power"), none often turns one English
    word into another. A letter added after the end is a slip only when it repeats the last
    ("powerr"): another is an ending, and makes a word of its own ("baker" → "bakery")."""
    if _distance(typed, meant) != 1:
        return False
    if typed[:-1] == meant and typed[-1] != meant[-1]:
        return False
    swapped = len(typed) == len(meant) and sorted(typed) == sorted(meant)
    return swapped or abs(len(meant) - len(typed)) == 1


def _deletions(word: str, edits: int) -> set[str]:
    """``word`` with up to ``edits`` letters removed (the symmetric-delete typo index)."""
    out = {word}
    for count in range(1, edits + 1):
        for positions in combinations(range(len(word)), count):
            out.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return out


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def one_edit_apart(typed: str, meant: str) -> bool:
    """``typed`` is ``meant`` with one letter changed, added, left out, or two swapped: the
    nearest a word can be to another, for where only one word may be meant (a name beside
    the rest of it: :mod:`bot.knowledge.mistyped_names`)."""
    return _distance(typed, meant) == 1
