"""kb check keeps packs honest: evidence is verbatim source text, quotes lie inside their
evidence, voices are declared, the glossary explains real names, and YAML cannot silently
split a number in two.  Each problem names its file and line."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge import load_pack
from bot.knowledge.evidence import SourceText, normalise
from tests.test_knowledge_loader import PACK, POINTS, SOURCE, line_of, only, problems_of, write_pack

ARTICLE = """\
  - id: article
    name: The article
    role: Analysis
    voice: analysis
    colour: "#8b949e"
    stance: The author weighs both.
"""
ANALYSIS_POINT = """\
  - id: article-weighs
    speaker: article
    topics: [things]
    keywords: [weighs]
    claim: The author weighs both.
    evidence: The author weighs both sides.
"""
SOURCE_WITH_ANALYSIS = SOURCE + "The author weighs both sides.\n"


def with_article(pack: str = PACK) -> str:
    """The mini pack with a third, analysis voice declared after the debaters."""
    return pack.replace("topics:\n", ARTICLE + "topics:\n", 1)


# --- evidence ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fragment", "at"),
    [
        (  # not in the source at all
            "evidence: Alice says it is so.",
            "evidence: Alice says it is true.",
            "point 'alice-agree' evidence is not in source.md: 'Alice says it is true.'",
            "evidence: Alice says it is true.",
        ),
        (  # each item of a list is checked, and reported on its own line
            "evidence: [Bob says it is not.]",
            "evidence:\n      - Bob says it is not.\n      - Bob never said this.",
            "point 'bob-disagree' evidence is not in source.md",
            "- Bob never said this.",
        ),
        (  # verbatim means the source's own case too
            "evidence: Alice says it is so.",
            "evidence: alice says it is so.",
            "evidence is not in source.md",
            "evidence: alice",
        ),
        (  # "it is not" is in the source, but in Bob's sentence, not in Alice's evidence
            "claim: It is so.\n",
            "claim: It is so.\n    quote: it is not\n",
            "point 'alice-agree' quote 'it is not' is not inside its own evidence",
            "quote: it is not",
        ),
        (
            "    evidence: Alice says it is so.\n",
            "",
            "missing required field 'evidence'",
            "id: alice-agree",
        ),
        ("evidence: [Bob says it is not.]", "evidence: []", "evidence needs at least 1", "[]"),
        ("evidence: Alice says it is so.", "evidence: {a: b}", "evidence must be", "{a: b}"),
        (  # part of a word is not verbatim text
            "evidence: Alice says it is so.",
            "evidence: lice says it is so.",
            "evidence is not in source.md",
            "evidence: lice",
        ),
        (
            "evidence: [Bob says it is not.]",
            "evidence: [Bob says it is not., it is]",
            "evidence 'it is' is too short to support a claim",
            "it is]",
        ),
    ],
    ids=[
        "not-in-source",
        "list-item",
        "case",
        "quote-outside",
        "missing",
        "empty",
        "type",
        "part-of-a-word",
        "too-short",
    ],
)
def test_evidence_problems_are_reported_on_their_line(
    tmp_path: Path, old: str, new: str, fragment: str, at: str
) -> None:
    points = POINTS.replace(old, new)
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), fragment)
    assert problem.file.name == "points.yaml" and problem.line == line_of(points, at)


def test_whitespace_quote_style_and_dashes_do_not_matter(tmp_path: Path) -> None:
    source = "Alice says \u201cit\u2019s so\u201d \u2013 firmly.\n\nBob says it is not.\n"
    points = POINTS.replace(
        "evidence: Alice says it is so.",
        'evidence: >-\n      Alice says\n      "it\'s so" - firmly.\n    quote: "it\u2019s so"',
    )
    pack = load_pack(write_pack(tmp_path / "p", points=points, source=source))
    # Matched despite the marks typed, and shown as the article spells it.
    assert pack.point("alice-agree").evidence == (
        "Alice says \u201cit\u2019s so\u201d \u2013 firmly.",
    )
    assert pack.point("alice-agree").quote == "it\u2019s so"
    assert pack.source_text == source


def test_a_pack_without_its_source_document_is_refused(tmp_path: Path) -> None:
    problem = only(problems_of(write_pack(tmp_path / "p", source=None)), "no source.md")
    assert problem.line is None and problem.file == tmp_path / "p"


def test_an_empty_source_document_is_refused(tmp_path: Path) -> None:
    problem = only(problems_of(write_pack(tmp_path / "p", source=" \n")), "source document")
    assert problem.file.name == "source.md"


words = st.text(alphabet=string.ascii_letters + "\u2019'\u201c\u201d\"-\u2013\u2014,.", min_size=1)


@given(st.lists(words, min_size=1, max_size=12), st.data())
def test_any_run_of_source_words_is_found_however_it_is_spaced(
    parts: list[str], data: st.DataObject
) -> None:
    """Reflowing an excerpt (YAML folding, line breaks, indents) never breaks the match."""
    source = SourceText("  \n".join(parts))
    start = data.draw(st.integers(0, len(parts) - 1))
    stop = data.draw(st.integers(start + 1, len(parts)))
    gaps = data.draw(st.lists(st.sampled_from([" ", "\n", "\t ", "\n      "]), min_size=stop))
    excerpt = "".join(part + gap for part, gap in zip(parts[start:stop], gaps, strict=False))
    assert source.contains(excerpt)


@given(st.lists(words, min_size=1, max_size=12), st.data())
def test_an_excerpt_typed_plain_is_shown_as_the_source_spells_it(
    parts: list[str], data: st.DataObject
) -> None:
    """A curator types straight quotes and hyphens where the article has curly quotes and
    dashes; `kb check` accepts it, and answers show the article's own characters."""
    source = SourceText("  \n".join(parts))
    start = data.draw(st.integers(0, len(parts) - 1))
    stop = data.draw(st.integers(start + 1, len(parts)))
    excerpt = normalise(" ".join(parts[start:stop]))  # as typed: plain marks, one line
    spelled = source.spelled(excerpt)
    assert spelled is not None and normalise(spelled) == excerpt
    assert spelled in " ".join(source.text.split())


@given(st.text())
def test_normalise_is_idempotent_and_leaves_no_typographic_marks(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert not set(once) & set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026")
    assert "  " not in once and once == once.strip()


# --- voices ----------------------------------------------------------------------


def test_analysis_voice_loads_and_is_not_a_debater(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "p",
        pack=with_article(),
        points=POINTS + ANALYSIS_POINT,
        source=SOURCE_WITH_ANALYSIS,
    )
    pack = load_pack(folder)
    article = pack.speaker("article")
    assert article.voice == "analysis" and article.is_analysis
    assert article.byline == "The article (analysis)"
    assert not pack.speaker("alice").is_analysis and pack.speaker("alice").byline == "Alice"
    assert [s.id for s in pack.debaters] == ["alice", "bob"]
    assert set(pack.synthesis.by_speaker) == {"alice", "bob"}  # no entry for the analysis


def test_unknown_voice_is_reported_without_follow_on_noise(tmp_path: Path) -> None:
    pack = with_article().replace("voice: analysis", "voice: author")
    problems = problems_of(
        write_pack(
            tmp_path / "p", pack=pack, points=POINTS + ANALYSIS_POINT, source=SOURCE_WITH_ANALYSIS
        )
    )
    problem = only(problems, "speaker voice must be one of speaker, analysis")
    assert problem.line == line_of(pack, "voice: author")
    assert len(problems) == 1, problems


@pytest.mark.parametrize(
    ("points", "fragment"),
    [
        (POINTS + ANALYSIS_POINT + "    rebuts: bob-disagree\n", "cannot rebut"),
        (
            POINTS.replace("rebuts: alice-agree", "rebuts: article-weighs") + ANALYSIS_POINT,
            "which is the article's analysis",
        ),
    ],
    ids=["analysis-rebuts", "rebuts-analysis"],
)
def test_the_analysis_voice_neither_rebuts_nor_is_rebutted(
    tmp_path: Path, points: str, fragment: str
) -> None:
    folder = write_pack(
        tmp_path / "p", pack=with_article(), points=points, source=SOURCE_WITH_ANALYSIS
    )
    problem = only(problems_of(folder), fragment)
    assert problem.line == points.count("\n", 0, points.rindex("rebuts:")) + 1


def test_the_analysis_voice_is_no_poll_option_and_has_no_verdict_of_its_own(
    tmp_path: Path,
) -> None:
    pack = (
        with_article()
        .replace("    - label: Nobody", "    - speaker: article")
        .replace("    bob: Bob is right.\n", "    bob: Bob is right.\n    article: Me.\n")
    )
    folder = write_pack(
        tmp_path / "p", pack=pack, points=POINTS + ANALYSIS_POINT, source=SOURCE_WITH_ANALYSIS
    )
    problems = problems_of(folder)
    assert only(problems, "poll option names 'article'").line == line_of(pack, "speaker: article")
    assert only(problems, "by_speaker names 'article'").line == line_of(pack, "article: Me.")


def test_a_debate_needs_two_debaters_besides_the_analysis(tmp_path: Path) -> None:
    bob = PACK[PACK.index("  - id: bob") : PACK.index("topics:")]
    pack = with_article(PACK.replace(bob, "")).replace("    bob: Bob is right.\n", "")
    pack = pack.replace("    - speaker: bob\n", "    - label: Bob\n")
    points = POINTS.replace("speaker: bob", "speaker: alice").replace(
        "    rebuts: alice-agree\n", ""
    )
    folder = write_pack(
        tmp_path / "p", pack=pack, points=points + ANALYSIS_POINT, source=SOURCE_WITH_ANALYSIS
    )
    problem = only(problems_of(folder), "at least 2 speakers with voice: speaker")
    assert problem.line == line_of(pack, "speakers:") + 1


def test_role_is_optional_because_a_source_may_not_give_one(tmp_path: Path) -> None:
    pack = PACK.replace('    role: Tester\n    colour: "#445566"', '    colour: "#445566"')
    loaded = load_pack(write_pack(tmp_path / "p", pack=pack))
    assert loaded.speaker("bob").role is None and loaded.speaker("bob").title == "Bob"
    assert loaded.speaker("alice").title == "Alice — Tester"


# --- glossary --------------------------------------------------------------------


def test_glossary_loads_in_file_order(tmp_path: Path) -> None:
    pack = PACK + "glossary:\n  Bob: Spelled as the source writes it.\n  Alice: The first.\n"
    loaded = load_pack(write_pack(tmp_path / "p", pack=pack))
    assert list(loaded.glossary.items()) == [
        ("Bob", "Spelled as the source writes it."),
        ("Alice", "The first."),
    ]


@pytest.mark.parametrize(
    ("glossary", "fragment", "at"),
    [
        ("  Carol: Not in the source.", "term 'Carol' does not appear in source.md", "Carol"),
        ("  Ali: Only part of a word.", "glossary term 'Ali' does not appear", "Ali:"),
        ("  Bob: ''", "glossary entry 'Bob' must not be empty", "Bob:"),
        ("  Bob: [a list]", "glossary entry 'Bob' must be text", "Bob:"),
        (" [Bob]", "glossary must be a mapping of term to explanation", "[Bob]"),
    ],
)
def test_glossary_problems_are_reported_on_their_line(
    tmp_path: Path, glossary: str, fragment: str, at: str
) -> None:
    pack = PACK + f"glossary:\n{glossary}\n"
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), fragment)
    assert problem.file.name == "pack.yaml" and problem.line == line_of(pack, at)


# --- YAML traps ------------------------------------------------------------------


def test_a_number_split_at_its_comma_in_a_flow_list_is_reported(tmp_path: Path) -> None:
    points = POINTS.replace("keywords: [agree]", "keywords: [agree, 160,000 traces, yes]")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "split at its comma")
    assert problem.line == line_of(points, "160,000 traces")
    assert '"160,000 traces"' in problem.message


@pytest.mark.parametrize(
    "keywords", ['[agree, "160,000 traces"]', "[agree,disagree]", "[1,2,3]", "[10, 000 things]"]
)
def test_quoted_numbers_and_ordinary_lists_are_left_alone(tmp_path: Path, keywords: str) -> None:
    points = POINTS.replace("keywords: [agree]", f"keywords: {keywords}")
    load_pack(write_pack(tmp_path / "p", points=points))
