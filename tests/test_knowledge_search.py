"""Search tests: the questions people actually ask find the right curated point."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack, tokenize
from bot.knowledge.tokens import FILLER, STOP_WORDS, compounds, stem, words
from tests.test_knowledge_vocabulary import router

FIXTURES = Path(__file__).parent / "fixtures" / "packs"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(default_pack_dir())


@pytest.fixture(scope="module")
def searcher(pack: Pack) -> Searcher:
    return Searcher(pack)


def top_ids(searcher: Searcher, query: str, n: int, speaker: str | None = None) -> list[str]:
    return [hit.point.id for hit in searcher.search(query, speaker=speaker, limit=n)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("american chips", "baker-terrible-mistake"),
        ("deepseek", "baker-distillation-impressive"),
        ("Deep Seek", "baker-distillation-impressive"),
        ("robots", "gin-robotics-drones"),
        ("is china making a mistake", "baker-terrible-mistake"),
        ("drones", "gin-robotics-drones"),
        ("sovereign ai", "gin-sovereign-ai"),
        ("nvidia blackwell", "baker-terrible-mistake"),
        ("cheap chips", "gin-dirty-power"),
        ("benchmarks", "gin-not-chasing-benchmarks"),
        ("does it matter", "gin-does-it-matter"),
        ("80 percent", "gin-80-percent"),
        ("80%", "gin-80-percent"),
        ("why did china refuse american gpus", "baker-terrible-mistake"),
        ("what do customers actually want", "gin-customers-care"),
        ("how good are chinese chips", "baker-misplaced-confidence"),
        ("fine tuning on local data", "gin-sovereign-ai"),
        ("research labs", "baker-compute-constraint"),
        ("trajectory", "gin-different-trajectory"),
        ("160,000 reasoning traces", "baker-distillation-impressive"),
        ("energy", "gin-dirty-power"),
    ],
)
def test_query_finds_point_first(searcher: Searcher, query: str, expected: str) -> None:
    assert top_ids(searcher, query, 1) == [expected]


def test_distillation_is_honestly_ambiguous(searcher: Searcher) -> None:
    # Three points are about distillation; both sides' main claims must lead.
    top = top_ids(searcher, "distillation", 3)
    assert set(top[:2]) == {"baker-distillation-workaround", "gin-distillation-offset"}
    assert "baker-distillation-impressive" in top


def test_mistake_question_surfaces_both_sides(searcher: Searcher) -> None:
    assert top_ids(searcher, "is china making a mistake", 2) == [
        "baker-terrible-mistake",
        "gin-deliberate-pivot",
    ]


def test_speaker_filter(searcher: Searcher) -> None:
    hits = searcher.search("distillation", speaker="baker")
    assert hits and all(h.point.speaker == "baker" for h in hits)
    assert hits[0].point.id == "baker-distillation-workaround"
    assert searcher.search("distillation", speaker="gin") == []  # Gin never mentions it
    assert top_ids(searcher, "robots", 5, speaker="baker") == []


@pytest.mark.parametrize("query", ["banana smoothie", "the and of", "", "   ", "?!", "china"])
def test_no_meaningful_match_returns_nothing(searcher: Searcher, query: str) -> None:
    # "china" is in almost every point, so alone it carries no signal.
    assert searcher.search(query) == []


def test_results_are_sorted_and_limited(searcher: Searcher) -> None:
    hits = searcher.search("chips compute nvidia", limit=4)
    assert len(hits) == 4
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert searcher.search("chips", limit=0) == []


def test_topic_for_resolves_ids_titles_and_aliases(searcher: Searcher) -> None:
    assert searcher.topic_for("chips").id == "chips"
    assert searcher.topic_for("CHIPS AND COMPUTE").id == "chips"
    assert searcher.topic_for("Sovereign AI").id == "sovereign-ai"
    assert searcher.topic_for("sovereign-ai").id == "sovereign-ai"
    assert searcher.topic_for("american chips").id == "us-chips"
    assert searcher.topic_for("drones").id == "robotics"
    assert searcher.topic_for("chips please") is None
    assert searcher.topic_for("banana") is None


def test_tokenize_normalises() -> None:
    assert tokenize("80% capability") == ["80", "capabl"]
    assert tokenize("H200s and the H200") == ["h200s", "h200"]
    assert tokenize("It doesn't matter") == ["doesnt", "matter"]
    assert tokenize("Café ROBOTS") == ["cafe", "robot"]
    assert tokenize("the and of") == []
    assert tokenize("ｆｕｌｌｗｉｄｔｈ") == ["fullwidth"]


def test_other_packs_are_searchable() -> None:
    searcher = Searcher(load_pack(FIXTURES / "tabs-vs-spaces"))
    assert top_ids(searcher, "screen readers", 1) == ["tabs-accessibility"]
    assert top_ids(searcher, "formatter", 1, speaker="pragmatist") == ["pragmatist-automate"]
    assert searcher.topic_for("diffs").id == "alignment"


def test_a_one_word_question_needs_a_curated_word(searcher: Searcher) -> None:
    """ "premise" is only in a claim's prose: alone, it is too thin to answer confidently."""
    assert searcher.search("premise") == []
    assert searcher.search("leaderboard")  # a curated keyword
    assert searcher.search("premise reframed leaderboard")  # or two words the pack knows


@pytest.mark.parametrize("query", ["data centers in ireland water use", "best gaming gpu"])
def test_words_of_the_article_that_no_one_point_speaks_to_are_refused(
    searcher: Searcher, query: str
) -> None:
    """QA: each word is the article's ("center on", "holds water", "high-stakes game"), so
    the question passed the relevance floor, and the one point sharing a word answered it."""
    assert searcher.search(query) == []


def test_a_point_speaking_to_half_the_question_answers_it(searcher: Searcher) -> None:
    """Gin's trajectory point has China and the US, not "playing" or "game": half is enough."""
    assert top_ids(searcher, "is china playing a different game than the US", 1) == [
        "gin-different-trajectory"
    ]


@cache
def _prose_only_words() -> list[str]:
    """Words of the source that no point, topic or synonym uses, in any form, and that are
    no asking words ("argue")."""
    pack = router().pack
    points = [text for p in pack.points for text in (*p.keywords, p.claim, p.quote or "")]
    topics = [text for t in pack.topics for text in (t.id, t.title, *t.aliases)]
    phrases = [text for key, items in pack.synonyms.items() for text in (key, *items)]
    used = {term for text in [*points, *topics, *phrases] for term in tokenize(text)}
    used |= {stem(word) for word in FILLER}
    source = {w for w in words(pack.source_text) if w.isalpha() and len(w) > 3}
    return sorted(w for w in source if tokenize(w) and not set(tokenize(w)) & used)


@given(st.data())
def test_one_shared_word_among_words_no_point_uses_is_no_answer(data: st.DataObject) -> None:
    """However many of the article's words a question holds, a point must speak to half of
    them: one word a point uses among two or more that none does is refused."""
    pack = router().pack
    prose = data.draw(st.sets(st.sampled_from(_prose_only_words()), min_size=2, max_size=4))
    one_word = [k for p in pack.points for k in p.keywords if len(tokenize(k)) == 1]
    keyword = data.draw(st.sampled_from(one_word))
    question = data.draw(st.permutations([*sorted(prose), keyword]))
    assert router().searcher.search(" ".join(question)) == []


@pytest.mark.parametrize("query", ["cheap local data plan", "local data plan for travel"])
def test_a_concept_of_two_words_is_one_subject_of_the_question(
    searcher: Searcher, query: str
) -> None:
    """QA: "local data" counted as two subjects, so the sovereign-AI point spoke to half of
    a question about a phone's data plan."""
    assert searcher.search(query) == []


@given(st.data())
def test_a_concept_among_as_many_words_no_point_uses_is_no_answer(data: st.DataObject) -> None:
    """A concept the pack names in several words ("local data", "raw compute") is one thing
    said, whatever its length: beside two words no point uses, it is a third of the
    question, and refused like a one-word keyword."""
    pack = router().pack
    concepts = sorted(key for key in pack.synonyms if len(tokenize(key)) > 1)
    concept = data.draw(st.sampled_from(concepts))
    prose = data.draw(st.sets(st.sampled_from(_prose_only_words()), min_size=2, max_size=2))
    first, second = sorted(prose)
    assert router().searcher.search(f"{first} {concept} {second}") == []


def test_a_hyphenated_word_of_the_source_is_one_compound() -> None:
    assert compounds("Open-source models, not state-of-the-art ones - or US-made") == [
        "open-source",
        "state-of-the-art",
        "us-made",
    ]


@given(st.data())
def test_a_compound_of_the_source_is_one_subject_however_spaced(data: st.DataObject) -> None:
    """QA: "closed source vs open source software" counted four known words to the one,
    "software", the debate does not speak of, and was answered with Baker's performance gap.
    The source's "open-source" is one concept, as "local data" is."""
    searcher = router().searcher
    source = router().pack.source_text
    compound = data.draw(st.sampled_from(sorted(set(compounds(source)))))
    spaced = compound.replace("-", data.draw(st.sampled_from([" ", "-"])))
    coverage, _ = searcher.coverage(spaced)
    assert len(coverage.known | coverage.unknown) == 1


@given(st.data())
def test_a_glossary_name_of_several_words_is_one_subject(data: st.DataObject) -> None:
    """QA (held-out set 3): "how do i run deep seek locally" counted the name "Deep Seek" as
    two known words, which with the article's "local" outweighed "run" and answered a
    question about installing a model with Baker's anecdote. A name is one subject, however
    it is cased."""
    searcher = router().searcher
    names = sorted(term for term in router().pack.glossary if len(words(term)) > 1)
    name = data.draw(st.sampled_from(names))
    typed = data.draw(st.sampled_from([name, name.lower(), name.upper()]))
    coverage, _ = searcher.coverage(typed)
    assert len(coverage.known | coverage.unknown) == 1


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("how do i run deep seek locally", None),
        ("what is deep seek", "baker-distillation-impressive"),
        ("did gin dispute the deep seek anecdote", "baker-distillation-impressive"),
    ],
)
def test_a_name_counted_once_still_answers_what_the_debate_says_of_it(
    query: str, first: str | None
) -> None:
    points = router().answer(query).points
    assert (points[0].id if points else None) == first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # QA: led by Baker's gap through his keyword "american models"
        ("can china just copy american models", "gin-distillation-offset"),
        ("the gap with american closed models", "baker-performance-gap"),  # still the gap
    ],
)
def test_a_party_of_the_setting_makes_no_phrase(
    searcher: Searcher, query: str, expected: str
) -> None:
    assert top_ids(searcher, query, 1) == [expected]


@cache
def _keyword_words() -> list[str]:
    """Single words of the points' keywords."""
    pack = router().pack
    return sorted({w for p in pack.points for k in p.keywords for w in words(k)} - STOP_WORDS)


@given(st.sampled_from(sorted(router().pack.setting)), st.sampled_from(_keyword_words()))
@example("american", "models")
def test_a_setting_word_ranks_alike_before_or_after_a_word(party: str, word: str) -> None:
    """ "american models" and "models american" ask alike: China, the US and AI are in
    nearly every point, so beside a word they say whose or which, not a phrase of a point
    (synonym phrases aside, which are matched as typed)."""
    searcher = router().searcher
    before, after = f"{party} {word}", f"{word} {party}"
    for query in (before, after):
        said = searcher.vocabulary.expand(tokenize(query), words(query)).said
        assume(all(len(s.stems) == 1 for s in said))
    assert searcher.search(before) == searcher.search(after)


@given(
    st.sampled_from(["at scale", "from scratch", "on earth"]),
    st.sampled_from(["how to {} a startup", "{} it up", "the {} of it", "{}"]),
)
@example("at scale", "how to {} a startup")  # QA: answered with the model that works "at scale"
def test_a_word_the_pack_writes_only_in_a_phrase_is_known_only_in_it(
    phrase: str, frame: str
) -> None:
    """The article only ever says "at scale", "from scratch", "on earth": the word alone
    ("scale a startup") is another sense of it, a subject the debate does not know."""
    word = phrase.split()[-1]
    alone, _ = router().searcher.coverage(frame.format(word))
    said, _ = router().searcher.coverage(frame.format(phrase))
    assert stem(word) in alone.unknown and stem(word) in said.known


@given(
    st.sampled_from(
        [
            "what if china took the {}",
            "suppose china took the {}",
            "what would happen if china took the {}",
            "had china took the {} would it be ahead",
        ]
    ),
    st.sampled_from(["h200s", "blackwell chips", "nvidia chips", "p30s", "us chips"]),
    st.sampled_from([None, "baker"]),
)
@example("what if china took the {}", "h200s", None)  # QA: led by "it took only 160,000 traces"
def test_took_for_accepted_is_not_the_anecdotes_it_took(
    frame: str, chips: str, speaker: str | None
) -> None:
    """The article says "took" only as "it took only 160,000 reasoning traces" (what a
    result needed): China taking the chips asks what turning them down cost it, Baker's
    terrible mistake, not the distillation anecdote."""
    ids = [p.id for p in router().answer(frame.format(chips), speaker).points]
    assert ids[0] == "baker-terrible-mistake" and "baker-distillation-impressive" not in ids


@pytest.mark.parametrize(
    "query", ["it took how many traces", "how many traces it took to make deep seek"]
)
def test_the_anecdotes_it_took_still_finds_it(query: str) -> None:
    [first, *_] = router().answer(query).points
    assert first.id == "baker-distillation-impressive"
