"""Pack sections about readers' words: `synonyms:` and `intents:`, validated at their line,
and the rebuts links a speaker's answer follows (both ways), on a pack small enough to read."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import Searcher, load_pack
from bot.knowledge.router import Kind, Router
from tests.test_knowledge_loader import PACK, POINTS, line_of, only, problems_of, write_pack

SYNONYMS = """\
synonyms:
  agree: [concur, see eye to eye]
  disagree: [object]
"""


def test_synonyms_and_intents_load_and_widen_what_a_question_finds(tmp_path: Path) -> None:
    intents = "intents:\n  synthesis: [settle it for us]\n"
    pack = load_pack(write_pack(tmp_path / "mini", **{"synonyms.yaml": SYNONYMS + intents}))
    assert pack.synonyms["agree"] == ("concur", "see eye to eye")
    assert pack.intents == {"synthesis": ("settle it for us",)}
    router = Router(pack, Searcher(pack))
    assert router.answer("do they see eye to eye").points[0].id == "alice-agree"
    assert router.answer("settle it for us please").kind is Kind.SYNTHESIS


def test_synonym_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    text = """\
synonyms:
  agree: [concur, agree, concurring]
  banana: [plantain]
  disagree: [concur, the, disagreement things]
  things: [stuff]
"""
    problems = problems_of(write_pack(tmp_path / "mini", **{"synonyms.yaml": text}))
    file = tmp_path / "mini" / "synonyms.yaml"
    assert all(p.file == file for p in problems)
    itself = only(problems, "is the key 'agree' itself")
    assert itself.line == line_of(text, "agree: [")
    twice = only(problems, "'concurring' is listed twice")
    assert twice.line == line_of(text, "agree: [")
    unknown = only(problems, "synonym key 'banana' is not a word of this pack")
    assert unknown.line == line_of(text, "banana")
    assert only(problems, "'concur' is listed also under 'agree'").line == line_of(text, "disagree")
    assert only(problems, "'the' has only stop words").line == line_of(text, "disagree")
    assert only(problems, "comes down to the pack's own word").line == line_of(text, "things: [")


def test_intent_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    text = "intents:\n  verdict: [who has it]\n  advice: [what is it]\n"
    problems = problems_of(write_pack(tmp_path / "mini", **{"intents.yaml": text}))
    assert only(problems, "unknown intent 'verdict'").line == 2
    assert "synthesis, advice, summary" in only(problems, "unknown intent").message
    assert only(problems, "'what is it' has only stop words").line == 3


def test_the_eval_file_is_not_part_of_the_pack(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "mini", **{"eval.yaml": "queries: []\n"})
    assert load_pack(folder).id == "mini"


def test_speaker_answers_follow_rebuts_links_both_ways(tmp_path: Path) -> None:
    """Bob's point rebuts Alice's; nothing links back. Bob asked in Alice's words answers
    with his rebuttal; Alice asked in Bob's words says nothing on them (she never answered
    Bob), unless the question names Bob's claim: then her point that it answers."""
    points = POINTS.replace("keywords: [agree]", "keywords: [agree, consensus]").replace(
        "keywords: [disagree]", "keywords: [disagree, dissent]"
    )
    pack = load_pack(write_pack(tmp_path / "mini", PACK, points))
    router = Router(pack, Searcher(pack))
    to_bob = router.answer("consensus", speaker="bob")  # Alice's word; Bob rebuts that point
    assert to_bob.kind is Kind.POINTS and [p.id for p in to_bob.points] == ["bob-disagree"]
    to_alice = router.answer("dissent", speaker="alice")  # Bob's word; his point rebuts hers
    assert to_alice.kind is Kind.OTHER_SIDE and [p.id for p in to_alice.points] == ["bob-disagree"]
    to_alice = router.answer("bob's dissent", speaker="alice")
    assert to_alice.kind is Kind.POINTS and [p.id for p in to_alice.points] == ["alice-agree"]
    assert to_alice.via == {"alice-agree": "bob-disagree"}


def test_unnamed_names_lead_to_the_concept_and_are_reported_as_never_named(
    tmp_path: Path,
) -> None:
    """A name the source never uses finds the point it is near, and the answer says the
    source never names it; a question that is mostly the name is refused."""
    points = POINTS.replace("keywords: [agree]", "keywords: [agree, consensus, harmony, accord]")
    text = "unnamed:\n  consensus: [carol, zed corp]\n"
    pack = load_pack(write_pack(tmp_path / "mini", PACK, points, **{"synonyms.yaml": text}))
    assert pack.unnamed == {"consensus": ("carol", "zed corp")}
    router = Router(pack, Searcher(pack))
    answer = router.answer("Zed Corp on harmony, accord and consensus")
    assert [p.id for p in answer.points] == ["alice-agree"] and answer.unnamed == ("zed corp",)
    assert router.answer("what does carol think").kind is Kind.NOTHING
    assert router.answer("carol and harmony").kind is Kind.NOTHING  # not outweighed 2 to 1


def test_an_unnamed_name_the_source_uses_is_reported(tmp_path: Path) -> None:
    """Listed as unnamed, a name the source does use would be said never named."""
    text = "unnamed:\n  agree: [carol, alice says]\n"
    problems = problems_of(write_pack(tmp_path / "mini", **{"synonyms.yaml": text}))
    assert only(problems, "'alice says' is in the source").line == 2


def test_an_idiom_is_a_subject_the_pack_does_not_know(tmp_path: Path) -> None:
    """An everyday phrase in which the pack's word means something else is refused, and a
    speaker's name inside one names no one; the name alone still names the speaker."""
    text = "idioms:\n  agree: [agree to disagree]\n  alice: [alice in wonderland]\n"
    points = POINTS.replace("claim: It is so.", "claim: Alice holds it is so.")
    pack = load_pack(write_pack(tmp_path / "mini", PACK, points, **{"synonyms.yaml": text}))
    assert pack.idioms == {"agree": ("agree to disagree",), "alice": ("alice in wonderland",)}
    router = Router(pack, Searcher(pack))
    assert router.answer("agree to disagree").kind is Kind.NOTHING
    assert router.answer("alice in wonderland").kind is Kind.NOTHING
    assert (router.answer("alice").kind, router.answer("alice").speaker) == (Kind.STANCE, "alice")


def test_idiom_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    """One word would be the pack's word itself, never recognised again; a phrase the source
    uses is the source's own sense."""
    text = "idioms:\n  agree: [agreeable]\n  disagree: [bob says]\n"
    problems = problems_of(write_pack(tmp_path / "mini", **{"synonyms.yaml": text}))
    assert only(problems, "idiom 'agreeable' needs two words").line == 2
    assert only(problems, "'bob says' is in the source").line == 3


def test_an_idiom_counts_its_stop_words_as_typed(tmp_path: Path) -> None:
    """ "terrible mistake at work" was answered: "at work" (the workplace) could not be an
    idiom of the article's "works reliably", "at" being a stop word. Idioms are matched as
    typed, so it is two words; a phrase of stop words alone is still reported."""
    text = "idioms:\n  agree: [to agree]\n  disagree: [at the]\n"
    problems = problems_of(write_pack(tmp_path / "mini", **{"synonyms.yaml": text}))
    assert [p.line for p in problems] == [3]
    assert "idiom 'at the' needs two words or more, not all stop words" in problems[0].message


def test_setting_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    """A word the pack never uses could put no question on its subject anyway."""
    text = "setting:\n  - things\n  - banana\n  - agree disagree\n"
    problems = problems_of(write_pack(tmp_path / "mini", **{"synonyms.yaml": text}))
    assert only(problems, "setting 'banana' must be one word").line == 3
    assert only(problems, "setting 'agree disagree' must be one word").line == 4
