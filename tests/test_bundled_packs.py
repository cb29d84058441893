"""Content checks for the packs shipped in ``knowledge/``: they load, are balanced,
and never put words in a speaker's mouth."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import Pack, default_pack_dir, load_pack, summarize

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
# A copy of the source article lives with the tests so the quote check never
# depends on files outside the repository.
SOURCE = Path(__file__).parent / "fixtures" / "source" / "baker-vs-gin.md"

PACK_DIRS = sorted(p for p in KNOWLEDGE.iterdir() if p.is_dir())


def _fold(text: str) -> str:
    """Compare quotes modulo case and typographic apostrophes."""
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


def test_there_is_at_least_one_bundled_pack() -> None:
    assert KNOWLEDGE / "baker-vs-gin" in PACK_DIRS


def test_knowledge_folder_is_pure_data() -> None:
    assert not list(KNOWLEDGE.rglob("*.py"))


@pytest.mark.parametrize("folder", PACK_DIRS, ids=lambda p: p.name)
def test_pack_loads_and_is_balanced(folder: Path) -> None:
    pack = load_pack(folder)
    assert pack.id == folder.name
    for speaker in pack.debaters:  # the analysis voice takes no side, so it rebuts nobody
        assert len(pack.points_by(speaker.id)) >= 6, speaker.id
        assert any(p.rebuts for p in pack.points_by(speaker.id)), (
            f"{speaker.id} never rebuts anyone"
        )
    for topic in pack.topics:
        assert pack.points_on(topic.id), f"topic {topic.id} has no points"
    summary = summarize(pack)
    assert pack.source.citation() in summary


@pytest.fixture(scope="module")
def baker_vs_gin() -> Pack:
    return load_pack(default_pack_dir())


def test_default_pack_dir_is_the_checkout_copy() -> None:
    assert default_pack_dir() == KNOWLEDGE / "baker-vs-gin"


def test_quotes_are_verbatim_from_the_source(baker_vs_gin: Pack) -> None:
    source = _fold(SOURCE.read_text(encoding="utf-8"))
    quoted = [p for p in baker_vs_gin.points if p.quote]
    assert len(quoted) >= 5
    for point in quoted:
        assert _fold(point.quote) in source, f"{point.id}: quote not in source: {point.quote!r}"


def test_expected_quotes_are_attributed(baker_vs_gin: Pack) -> None:
    quotes = {p.quote: p.speaker for p in baker_vs_gin.points if p.quote}
    assert quotes["terrible mistake"] == "baker"
    for quote in (
        "does it matter?",
        "80% capability",
        "dirty power, inexpensive chips",
        "trajectory",
    ):
        assert quotes[quote] == "gin"


def test_source_metadata_is_not_invented(baker_vs_gin: Pack) -> None:
    assert baker_vs_gin.source.date is None
    assert baker_vs_gin.source.url is None
    assert (
        baker_vs_gin.source.citation()
        == "Source: Baker vs Gin on China's AI chip strategy — TBPN"
    )


def test_names_kept_as_the_article_wrote_them(baker_vs_gin: Pack) -> None:
    text = " ".join(p.claim + " " + " ".join(p.keywords) for p in baker_vs_gin.points)
    assert "O13" in text and "P30s" in text


def test_five_key_takeaways(baker_vs_gin: Pack) -> None:
    titles = [t.title for t in baker_vs_gin.takeaways]
    assert titles == [
        "The Chip Gap",
        "Adoption Over Absolutes",
        "Distillation as a Shortcut",
        "Sovereign AI",
        "Does It Matter?",
    ]
    for takeaway in baker_vs_gin.takeaways:
        assert takeaway.points, takeaway.id


def test_rebuttals_go_both_ways(baker_vs_gin: Pack) -> None:
    for speaker in ("baker", "gin"):
        assert sum(1 for p in baker_vs_gin.points_by(speaker) if p.rebuts) >= 3
    rebuttals = baker_vs_gin.rebuttals_of("baker-terrible-mistake")
    assert rebuttals[0].id == "gin-deliberate-pivot"
    assert "baker-terrible-mistake" in [
        p.id for p in baker_vs_gin.rebuttals_of("gin-deliberate-pivot")
    ]


def test_poll_and_synthesis_cover_both_speakers(baker_vs_gin: Pack) -> None:
    assert set(baker_vs_gin.synthesis.by_speaker) == {"baker", "gin"}
    labels = [o.label for o in baker_vs_gin.poll.options]
    assert labels == ["Gavin Baker", "Aaron Gin", "Both, in their domains", "Neither"]
    assert baker_vs_gin.advice.steps
