"""Loader tests: valid packs load, and every kind of curator mistake is reported
with the right file, line and wording, all at once."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.sanitize import is_blank, strip_controls
from bot.knowledge import RESERVED_SPEAKER_IDS, PackError, PackProblem, load_pack
from bot.knowledge.evidence import SourceText, normalise
from bot.knowledge.model import Pack
from tests.helpers import make_app

FIXTURES = Path(__file__).parent / "fixtures" / "packs"

PACK = """\
id: mini
title: Mini debate
source:
  title: A source
  show: A show
speakers:
  - id: alice
    name: Alice
    role: Tester
    colour: "#112233"
    stance: Alice thinks so.
  - id: bob
    name: Bob
    role: Tester
    colour: "#445566"
    stance: Bob thinks not.
topics:
  - id: things
    title: Things
    aliases: [stuff]
takeaways:
  - id: one
    title: One
    text: A takeaway.
    points: [alice-agree]
synthesis:
  summary: Summary.
  verdict: Verdict.
  by_speaker:
    alice: Alice is right.
    bob: Bob is right.
advice:
  summary: Do it.
  steps: [Step one]
poll:
  question: Who?
  options:
    - speaker: alice
    - speaker: bob
    - label: Nobody
"""

POINTS = """\
points:
  - id: alice-agree
    speaker: alice
    topics: [things]
    keywords: [agree]
    claim: It is so.
    evidence: Alice says it is so.
    strength: 3
  - id: bob-disagree
    speaker: bob
    topics: [things]
    keywords: [disagree]
    claim: It is not.
    evidence: [Bob says it is not.]
    rebuts: alice-agree
"""

SOURCE = """\
# The mini debate
Alice says it is so. Bob says it is not.
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence, so expected lines follow the fixture text."""
    return text[: text.index(needle)].count("\n") + 1


def write_pack(
    folder: Path, pack: str = PACK, points: str = POINTS, source: str | None = SOURCE, **extra: str
) -> Path:
    """A pack folder; ``source=None`` leaves out source.md."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "points.yaml").write_text(points, encoding="utf-8")
    if source is not None:
        (folder / "source.md").write_text(source, encoding="utf-8")
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[PackProblem]:
    with pytest.raises(PackError) as info:
        load_pack(folder)
    assert info.value.problems, "PackError must carry at least one problem"
    return info.value.problems


def only(problems: list[PackProblem], fragment: str) -> PackProblem:
    matching = [p for p in problems if fragment in p.message]
    assert len(matching) == 1, f"expected one problem containing {fragment!r}, got {problems}"
    return matching[0]


# --- valid packs -------------------------------------------------------------


def test_minimal_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "mini"))
    assert pack.id == "mini"
    assert pack.speaker_ids == ("alice", "bob")
    assert pack.source.date is None
    assert pack.source.citation() == "Source: A source — A show"  # no date, no placeholder
    assert pack.point("alice-agree").evidence == ("Alice says it is so.",)
    assert pack.point("bob-disagree").evidence == ("Bob says it is not.",)
    assert pack.source_text == SOURCE
    assert pack.glossary == {}
    assert pack.speaker("alice") is not None and pack.speaker("alice").colour == 0x112233
    assert pack.point("bob-disagree").strength == 2  # default
    assert [p.id for p in pack.rebuttals_of("alice-agree")] == ["bob-disagree"]
    assert pack.topic("things").aliases == ("stuff",)
    for unknown in (
        lambda: pack.speaker("carol"),
        lambda: pack.point("no"),
        lambda: pack.topic("no"),
    ):
        with pytest.raises(KeyError):
            unknown()
    assert [o.label for o in pack.poll.options] == ["Alice", "Bob", "Nobody"]
    assert pack.poll.options[0].speaker == "alice" and pack.poll.options[2].speaker is None


def test_fixture_pack_with_three_speakers_loads() -> None:
    pack = load_pack(FIXTURES / "tabs-vs-spaces")
    assert pack.id == "tabs-vs-spaces"
    assert pack.speaker_ids == ("tabs", "spaces", "pragmatist")
    assert pack.speaker("pragmatist").colour_hex == "#f0883e"
    # points from points-a.yaml come before points-b.yaml
    assert [p.id for p in pack.points][:3] == [
        "tabs-accessibility",
        "tabs-smaller-files",
        "spaces-alignment",
    ]
    assert [p.id for p in pack.points_by("spaces")] == [
        "spaces-alignment",
        "spaces-consistent-diffs",
    ]
    assert [p.id for p in pack.strongest("tabs", 1)] == ["tabs-accessibility"]
    assert pack.points_on("tooling")[0].id == "pragmatist-automate"
    assert pack.source.date == "2024-04-01"  # unquoted YAML date becomes an ISO string
    assert "(2024-04-01)" in pack.source.citation()
    assert set(pack.synthesis.by_speaker) == {"tabs", "spaces", "pragmatist"}


def test_points_by_orders_by_strength_then_file_order(tmp_path: Path) -> None:
    points = (
        POINTS
        + """\
  - id: alice-weak
    speaker: alice
    topics: [things]
    keywords: [weak]
    claim: Weak.
    evidence: Alice says it is so.
    strength: 1
  - id: alice-middle
    speaker: alice
    topics: [things]
    keywords: [middle]
    claim: Middle.
    evidence: Alice says it is so.
"""
    )
    pack = load_pack(write_pack(tmp_path / "p", points=points))
    assert [p.id for p in pack.points_by("alice")] == ["alice-agree", "alice-middle", "alice-weak"]


# --- exact line numbers --------------------------------------------------------


def test_missing_field_reports_line_of_parent_mapping(tmp_path: Path) -> None:
    points = POINTS.replace("    claim: It is not.\n", "")
    problem = only(
        problems_of(write_pack(tmp_path / "p", points=points)), "missing required field 'claim'"
    )
    assert problem.file.name == "points.yaml"
    assert problem.line == 9 == line_of(points, "id: bob-disagree")
    # Named by its id, which the author searches for, not only "point #2 in points.yaml".
    assert problem.message.startswith("point 'bob-disagree' (#2 in points.yaml) is missing")


def test_unknown_speaker_reports_line_of_value(tmp_path: Path) -> None:
    points = POINTS.replace("speaker: bob", "speaker: carol")
    problem = only(
        problems_of(write_pack(tmp_path / "p", points=points)), "unknown speaker 'carol'"
    )
    assert problem.file.name == "points.yaml"
    assert problem.line == 10 == line_of(points, "speaker: carol")
    assert "alice, bob" in problem.message


def test_duplicate_point_id_across_files(tmp_path: Path) -> None:
    extra = """\
# more points
points:
  - id: alice-agree
    speaker: alice
    topics: [things]
    keywords: [again]
    claim: Again.
"""
    folder = write_pack(tmp_path / "p", **{"points2.yaml": extra})
    problem = only(problems_of(folder), "duplicate point id 'alice-agree'")
    assert problem.file.name == "points2.yaml"
    assert problem.line == 3
    assert "points.yaml:2" in problem.message  # where the first one lives


def test_duplicate_speaker_and_topic_ids(tmp_path: Path) -> None:
    pack = PACK.replace("  - id: bob\n", "  - id: alice\n").replace(
        "    aliases: [stuff]\n", "    aliases: [stuff]\n  - id: things\n    title: Again\n"
    )
    problems = problems_of(write_pack(tmp_path / "p", pack=pack))
    speaker = only(problems, "duplicate speaker id 'alice'")
    assert speaker.line == 12
    topic = only(problems, "duplicate topic id 'things'")
    assert topic.line == line_of(pack, "  - id: things\n    title: Again") == 21


def test_dangling_rebuts(tmp_path: Path) -> None:
    points = POINTS.replace("rebuts: alice-agree", "rebuts: alice-nothing")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "rebuts 'alice-nothing'")
    assert problem.line == 15 == line_of(points, "rebuts: alice-nothing")
    assert "not a point in this pack" in problem.message


def test_bad_yaml_reports_line_from_problem_mark(tmp_path: Path) -> None:
    pack = PACK.replace("title: Mini debate", "title: Mini: debate")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "invalid YAML")
    assert problem.file.name == "pack.yaml"
    assert problem.line == 2
    assert "mapping values are not allowed" in problem.message


def test_bad_yaml_unclosed_flow_list(tmp_path: Path) -> None:
    points = POINTS.replace("keywords: [agree]", "keywords: [agree")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "invalid YAML")
    assert problem.file.name == "points.yaml"
    assert problem.line is not None and problem.line >= line_of(points, "keywords: [agree")


# --- other checks --------------------------------------------------------------


def test_non_mapping_top_level(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", points="- just\n- a list\n")
    problem = only(problems_of(folder), "top level must be a mapping")
    assert problem.file.name == "points.yaml" and problem.line == 1


def test_empty_file_is_reported(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", **{"extra.yaml": "# nothing here\n"})
    problem = only(problems_of(folder), "file is empty")
    assert problem.file.name == "extra.yaml"


def test_missing_top_level_key(tmp_path: Path) -> None:
    pack = PACK.replace("advice:\n  summary: Do it.\n  steps: [Step one]\n", "")
    problem = only(
        problems_of(write_pack(tmp_path / "p", pack=pack)),
        "missing required top-level key 'advice'",
    )
    assert problem.file == tmp_path / "p"
    assert problem.line is None


def test_wrong_types(tmp_path: Path) -> None:
    points = POINTS.replace("strength: 3", "strength: high").replace(
        "keywords: [disagree]", "keywords: disagree"
    )
    problems = problems_of(write_pack(tmp_path / "p", points=points))
    assert only(problems, "strength must be a whole number").line == line_of(
        points, "strength: high"
    )
    assert only(problems, "keywords must be a list").line == line_of(points, "keywords: disagree")
    # The usual slip is the missing brackets: the list form is shown.
    assert "write it in brackets: [disagree]" in only(problems, "keywords must be a list").message


def test_a_list_of_mappings_given_as_text_gets_no_brackets_hint(tmp_path: Path) -> None:
    """`speakers: nope` is no bare word list: "[nope]" would be no fix."""
    folder = write_pack(tmp_path / "p", pack="id: x\ntitle: X\nspeakers: nope\n")
    problem = only(problems_of(folder), "speakers must be a list")
    assert "brackets" not in problem.message


def test_strength_out_of_range(tmp_path: Path) -> None:
    points = POINTS.replace("strength: 3", "strength: 7")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "between 1 and 3")
    assert problem.line == line_of(points, "strength: 7")


def test_yaml_boolean_gets_quoting_hint(tmp_path: Path) -> None:
    points = POINTS.replace("keywords: [agree]", "keywords: [yes]")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "yes/no value")
    assert "quote it" in problem.message


def test_unknown_key_is_reported_on_its_line(tmp_path: Path) -> None:
    pack = PACK.replace('    colour: "#445566"', '    color: "#445566"')
    problems = problems_of(write_pack(tmp_path / "p", pack=pack))
    unknown = only(problems, "unknown key 'color'")
    assert unknown.line == line_of(pack, "color:") == 15
    assert "(did you mean 'colour'?)" in unknown.message  # the spelling the pack takes
    missing = only(problems, "missing required field 'colour'")
    assert missing.line == line_of(pack, "- id: bob")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    pack = PACK + "speakerz: []\n"
    problem = only(
        problems_of(write_pack(tmp_path / "p", pack=pack)), "unknown top-level key 'speakerz'"
    )
    assert problem.line == line_of(pack, "speakerz:")
    assert "(did you mean 'speakers'?)" in problem.message


def test_undeclared_topic(tmp_path: Path) -> None:
    points = POINTS.replace(
        "topics: [things]\n    keywords: [disagree]",
        "topics: [things, gizmos]\n    keywords: [disagree]",
    )
    problem = only(
        problems_of(write_pack(tmp_path / "p", points=points)), "undeclared topic 'gizmos'"
    )
    assert problem.line == line_of(points, "gizmos")


def test_rebuts_own_speaker(tmp_path: Path) -> None:
    points = (
        POINTS
        + """\
  - id: alice-again
    speaker: alice
    topics: [things]
    keywords: [again]
    claim: Still so.
    evidence: Alice says it is so.
    rebuts: alice-agree
"""
    )
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "by the same speaker")
    assert problem.line == points[: points.rindex("rebuts: alice-agree")].count("\n") + 1 == 22


def test_takeaway_links_unknown_point(tmp_path: Path) -> None:
    pack = PACK.replace("points: [alice-agree]", "points: [alice-agree, ghost]")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "unknown point 'ghost'")
    assert problem.line == line_of(pack, "ghost")


def test_by_speaker_must_match_speakers(tmp_path: Path) -> None:
    pack = PACK.replace("    bob: Bob is right.\n", "    carol: Carol is right.\n")
    problems = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert only(problems, "unknown speaker 'carol'").line == line_of(pack, "carol:")
    assert only(problems, "missing speaker 'bob'").line == line_of(pack, "by_speaker:")


def test_poll_option_unknown_speaker(tmp_path: Path) -> None:
    pack = PACK.replace("    - speaker: bob\n", "    - speaker: zed\n")
    problem = only(
        problems_of(write_pack(tmp_path / "p", pack=pack)),
        "poll option names unknown speaker 'zed'",
    )
    assert problem.line == line_of(pack, "speaker: zed")


def test_a_speaker_named_too_long_for_a_poll_option_is_reported(tmp_path: Path) -> None:
    """A speaker's name up to 80 characters was cut to the option's 55 without a word: the
    poll's button read "… of the Institute f"."""
    name = "Professor Dame Bobbina Ångström-Dupré of the Institute for Fiscal Studies"
    pack = PACK.replace("name: Bob", f"name: {name}")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "shorten the speaker's")
    assert problem.line == line_of(pack, "- speaker: bob")
    assert f"{len(name)} characters" in problem.message and "at most 55" in problem.message


def test_poll_option_needs_exactly_one_kind(tmp_path: Path) -> None:
    pack = PACK.replace("    - label: Nobody\n", "    - label: Nobody\n      speaker: bob\n")
    problem = only(
        problems_of(write_pack(tmp_path / "p", pack=pack)), "exactly one of 'speaker' or 'label'"
    )
    assert problem.line == line_of(pack, "label: Nobody")


@pytest.mark.parametrize(
    ("alice", "bob", "nobody", "message"),
    [
        ("Bob", "Ｂｏｂ", "Nobody", "Options 1 and 2 are the same: “Ｂｏｂ”."),
        ("Yes", "Үes", "Nobody", "Options 1 and 2 look the same, “Yes” and “Үes”, but are"),
        ("Ann", "Bob", "#1", "Option 3, “#1”, would read as option 1 in /vote"),
    ],
)
def test_poll_options_voters_cannot_tell_apart_are_refused_as_in_a_typed_poll(
    tmp_path: Path, alice: str, bob: str, nobody: str, message: str
) -> None:
    """The pack's poll compared its labels by case alone: speakers "Bob" and "Ｂｏｂ" (full
    width) or "Yes" and "Үes" (a Cyrillic Ү) loaded as two buttons no one could tell apart,
    `/vote Bob` matching both, and a label "#1" on option 3 was option 1 in `/vote #1`."""
    pack = (
        PACK.replace("name: Alice", f"name: '{alice}'")
        .replace("name: Bob", f"name: {bob}")
        .replace("label: Nobody", f"label: '{nobody}'")
    )
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.message.startswith(message)
    last = "- speaker: bob" if nobody == "Nobody" else "label: '#1'"
    assert problem.line == line_of(pack, last)


def test_reserved_speaker_id(tmp_path: Path) -> None:
    pack = PACK.replace("  - id: bob\n", "  - id: poll\n")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "reserved")
    assert problem.line == line_of(pack, "id: poll")
    assert "'poll'" in problem.message


async def test_every_command_of_the_bot_is_refused_as_a_speaker_id(tmp_path: Path) -> None:
    """The reserved ids are written out apart from the commands (the pack model knows no
    registry): a command added without its id here would let a pack pass kb check, then
    stop the bot at start-up with "command /… is declared twice"."""
    app = await make_app(tmp_path)
    try:
        own = {c.name for c in app.registry} - set(app.pack.speaker_ids)
    finally:
        await app.close()
    assert own == RESERVED_SPEAKER_IDS


@pytest.mark.parametrize("ident", ["who", "status", "remind"])
def test_a_speaker_id_slack_keeps_for_itself_is_refused_by_kb_check(
    tmp_path: Path, ident: str
) -> None:
    """A speaker "who" passed `kb check` and the bot started; only `slack-manifest` then
    refused the /who its pack had brought ("Slack reserves these built-in commands")."""
    pack = PACK.replace("  - id: bob\n", f"  - id: {ident}\n")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "Slack's own")
    assert problem.line == line_of(pack, f"id: {ident}")
    assert f"'{ident}'" in problem.message and "pick another id" in problem.message


def test_a_speaker_id_longer_than_slack_takes_as_a_command_is_refused(tmp_path: Path) -> None:
    """A 32-letter speaker id passed `kb check`; its `/` made a 33-character command, and
    Slack refused the whole manifest written from the pack (a command holds at most 32)."""
    ident = "b" * 32
    pack = PACK.replace("bob", ident)
    points = POINTS.replace("speaker: bob", f"speaker: {ident}")
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack, points=points))
    assert problem.line == line_of(pack, f"id: {ident}")
    assert problem.message == (
        f"speaker id '{ident}' is 32 characters, and a slash command holds at most 31 "
        "after its / (Slack's limit); pick a shorter id"
    )


@pytest.mark.parametrize("ident", ["poll", "who"])
def test_a_clashing_speaker_id_is_the_only_problem_reported(tmp_path: Path, ident: str) -> None:
    """A speaker "poll" also brought "unknown speaker 'poll'" at every point, the synthesis
    and the poll option naming it: three more lines to read for the one fix (its id)."""
    pack = PACK.replace("bob", ident)
    points = POINTS.replace("speaker: bob", f"speaker: {ident}")
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack, points=points))
    assert problem.line == line_of(pack, f"id: {ident}") and "pick another id" in problem.message


def test_bad_speaker_id_format(tmp_path: Path) -> None:
    pack = PACK.replace("  - id: bob\n", "  - id: Bob Smith\n")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "speaker id 'Bob Smith'")
    assert problem.line == 12


@pytest.mark.parametrize(
    ("colour", "fragment"),
    [('"#12345"', "#RRGGBB"), ('"blue"', "#RRGGBB"), ("#445566", "quote it")],
)
def test_colour_format(tmp_path: Path, colour: str, fragment: str) -> None:
    pack = PACK.replace('colour: "#445566"', f"colour: {colour}")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), fragment)
    assert problem.line == line_of(pack, f"colour: {colour}")


def test_too_few_speakers(tmp_path: Path) -> None:
    bob = PACK[PACK.index("  - id: bob") : PACK.index("topics:")]
    pack = PACK.replace(bob, "")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "needs at least 2")
    assert problem.line == line_of(pack, "- id: alice")


def test_text_limits(tmp_path: Path) -> None:
    points = POINTS.replace("claim: It is so.", "claim: " + "x" * 601).replace(
        "keywords: [disagree]", 'keywords: [disagree]\n    quote: "   "'
    )
    problems = problems_of(write_pack(tmp_path / "p", points=points))
    assert "601 characters, max 600" in only(problems, "claim is too long").message
    assert only(problems, "quote must not be empty").line == line_of(points, "quote:")


def test_invalid_date_and_url(tmp_path: Path) -> None:
    pack = PACK.replace(
        "  show: A show\n", '  show: A show\n  date: "2024-13-01"\n  url: example.com\n'
    )
    problems = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert only(problems, "ISO date").line == line_of(pack, "date:")
    assert only(problems, "http://").line == line_of(pack, "url:")


def test_duplicate_key_within_a_file(tmp_path: Path) -> None:
    pack = PACK.replace("title: Mini debate\n", "title: Mini debate\ntitle: Other\n")
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "duplicate key 'title'")
    assert problem.line == 3 and "line 2" in problem.message


def test_top_level_key_in_two_files_names_both(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", points=POINTS + "title: Also here\n")
    problem = only(problems_of(folder), "also defined in")
    assert problem.file.name == "points.yaml"
    assert problem.line == line_of(POINTS + "title: Also here\n", "title: Also")
    assert "pack.yaml:2" in problem.message


def test_topic_names_must_not_collide(tmp_path: Path) -> None:
    pack = PACK.replace(
        "    aliases: [stuff]\n",
        "    aliases: [stuff]\n  - id: gadgets\n    title: Gadgets\n    aliases: [Stuff]\n",
    )
    problem = only(problems_of(write_pack(tmp_path / "p", pack=pack)), "reuses the name 'Stuff'")
    assert "things" in problem.message


def test_speaker_without_points(tmp_path: Path) -> None:
    points = POINTS.split("  - id: bob-disagree")[0]
    problem = only(
        problems_of(write_pack(tmp_path / "p", points=points)), "speaker 'bob' has no points"
    )
    assert problem.file.name == "pack.yaml" and problem.line == line_of(PACK, "id: bob")
    # What to do, not only what is wrong: the author either forgot the points or the speaker.
    assert "a point with speaker: bob" in problem.message
    assert "remove the speaker" in problem.message


# --- folders -------------------------------------------------------------------


def test_missing_folder(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path / "nope"), "does not exist")
    assert problem.file == tmp_path / "nope" and problem.line is None


def test_folder_without_yaml_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("hi", encoding="utf-8")
    only(problems_of(tmp_path / "empty"), "no .yaml files")


def test_a_pack_file_given_for_its_folder_names_the_folder(tmp_path: Path) -> None:
    """`kb check my-pack/pack.yaml` said "pack path is not a folder", and no more."""
    folder = write_pack(tmp_path / "mini")
    (problem,) = problems_of(folder / "pack.yaml")
    assert problem.message == f"pack path is not a folder: name the folder that holds it, {folder}"


def test_a_folder_of_packs_names_the_packs_in_it(tmp_path: Path) -> None:
    """KNOWLEDGE_DIR=knowledge (the folder of packs, not a pack) said only "pack folder has
    no .yaml files"."""
    write_pack(tmp_path / "packs" / "mini")
    (problem,) = problems_of(tmp_path / "packs")
    assert (
        problem.message == "pack folder has no .yaml files; it holds packs (mini): name one of them"
    )


def test_yml_files_are_flagged_not_silently_ignored(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", **{"more.yml": "points: []\n"})
    problem = only(problems_of(folder), "must end in .yaml")
    assert problem.file.name == "more.yml"


def test_a_points_file_named_yml_is_the_one_problem(tmp_path: Path) -> None:
    """points.yml was flagged last, after a 'has no points' for every speaker and an
    'unknown point' for every takeaway link: eight lines for one rename."""
    folder = write_pack(tmp_path / "p")
    (folder / "points.yaml").rename(folder / "points.yml")
    (problem,) = problems_of(folder)
    assert problem.file.name == "points.yml" and "rename this file" in problem.message


@pytest.mark.parametrize(
    ("broken", "fixed", "meant"),
    [
        (POINTS, POINTS.replace("rebuts: alice-agree", "rebuts: alice-agre"), "alice-agree"),
        (POINTS, POINTS.replace("topics: [things]", "topics: [thngs]", 1), "things"),
        (PACK, PACK.replace("points: [alice-agree]", "points: [alice-agreee]"), "alice-agree"),
    ],
)
def test_a_reference_with_a_typo_names_the_id_meant(
    tmp_path: Path, broken: str, fixed: str, meant: str
) -> None:
    """A rebuttal, a point's topic or a takeaway's link one letter off: the id meant."""
    files = {"points": fixed} if broken is POINTS else {"pack": fixed}
    (problem,) = problems_of(write_pack(tmp_path / "p", **files))
    assert f"(did you mean '{meant}'?)" in problem.message


# --- reporting -----------------------------------------------------------------


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    points = (
        POINTS.replace("speaker: bob", "speaker: carol")
        .replace(
            "topics: [things]\n    keywords: [agree]", "topics: [gizmos]\n    keywords: [agree]"
        )
        .replace("rebuts: alice-agree", "rebuts: ghost")
    )
    pack = PACK.replace('colour: "#112233"', 'colour: "red"')
    with pytest.raises(PackError) as info:
        load_pack(write_pack(tmp_path / "p", pack=pack, points=points))
    messages = [p.message for p in info.value.problems]
    for fragment in (
        "unknown speaker 'carol'",
        "undeclared topic 'gizmos'",
        "rebuts 'ghost'",
        "#RRGGBB",
    ):
        assert any(fragment in m for m in messages), (fragment, messages)
    rendered = str(info.value).splitlines()
    assert len(rendered) == len(info.value.problems)
    assert any(line.startswith(f"{tmp_path / 'p' / 'points.yaml'}:10: ") for line in rendered)


def test_problem_rendering() -> None:
    assert str(PackProblem(Path("k/pack.yaml"), 4, "bad")) == "k/pack.yaml:4: bad"
    assert str(PackProblem(Path("k"), None, "bad")) == "k: bad"
    assert (
        str(PackError([PackProblem(Path("a"), 1, "x"), PackProblem(Path("b"), 2, "y")]))
        == "a:1: x\nb:2: y"
    )


def test_missing_nested_field_points_at_parent_key(tmp_path: Path) -> None:
    pack = PACK.replace("  show: A show\n", "")
    problem = only(
        problems_of(write_pack(tmp_path / "p", pack=pack)), "missing required field 'show'"
    )
    assert problem.line == line_of(pack, "source:") == 3


def test_empty_keyword_list(tmp_path: Path) -> None:
    points = POINTS.replace("keywords: [agree]", "keywords: []")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "at least 1")
    assert problem.line == line_of(points, "keywords: []")


# --- encodings -------------------------------------------------------------------


def test_a_file_in_a_legacy_encoding_names_its_line_and_the_fix(tmp_path: Path) -> None:
    """Python's "'utf-8' codec can't decode byte 0xe9 in position 33" named neither the line
    nor what to do."""
    pack = PACK.replace("name: Bob", "name: Bébé")
    folder = write_pack(tmp_path / "p", pack=pack)
    (folder / "pack.yaml").write_bytes(pack.encode("cp1252"))
    (problem,) = problems_of(folder)
    assert problem.file.name == "pack.yaml" and problem.line == line_of(pack, "name: Bébé")
    assert "byte 0xe9 is not UTF-8 text; save the file as UTF-8" in problem.message


def test_a_source_saved_as_utf16_is_named_with_the_fix(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p")
    (folder / "source.md").write_bytes(SOURCE.encode("utf-16"))
    (problem,) = problems_of(folder)
    assert problem.file.name == "source.md" and problem.line == 1
    assert "saved as UTF-16; save the file as UTF-8" in problem.message


@given(st.integers(1, PACK.count("\n")), st.characters(min_codepoint=0x80, max_codepoint=0xFF))
def test_any_legacy_character_is_reported_on_its_line(number: int, char: str) -> None:
    """Whichever line holds it, one Latin-1 byte (never valid UTF-8 before a newline) is the
    one problem, on that line."""
    lines = PACK.splitlines(keepends=True)
    lines[number - 1] = lines[number - 1].replace("\n", f"{char}\n")
    with tempfile.TemporaryDirectory() as root:
        folder = write_pack(Path(root) / "p")
        (folder / "pack.yaml").write_bytes("".join(lines).encode("latin-1"))
        (problem,) = problems_of(folder)
    assert problem.line == number and "save the file as UTF-8" in problem.message


def test_files_saved_with_a_byte_order_mark_load_as_without(tmp_path: Path) -> None:
    """Windows editors start UTF-8 files with a BOM: no mistake, and no part of the text
    (the source document kept it as its first character)."""
    plain = load_pack(write_pack(tmp_path / "plain"))
    marked = write_pack(tmp_path / "marked")
    for name in ("pack.yaml", "points.yaml", "source.md"):
        file = marked / name
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    loaded = load_pack(marked)
    assert loaded.source_text == plain.source_text == SOURCE
    assert replace(loaded, origin=plain.origin) == plain


# --- free input: whatever an author types is loaded or refused, never a crash ------------

#: Any YAML value: what a mistyped field may hold instead of the expected one.
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in parsed YAML a value sits, parents first."""
    if isinstance(value, dict):
        items: list[tuple[str | int, object]] = list(value.items())
    else:
        items = list(enumerate(value)) if isinstance(value, list) else []
    return [path] + [p for key, child in items for p in _paths(child, (*path, key))]


PLACES = [("pack.yaml", p) for p in _paths(yaml.safe_load(PACK))[1:]] + [
    ("points.yaml", p) for p in _paths(yaml.safe_load(POINTS))[1:]
]


#: YAML 1.1's line breaks, which PyYAML's marks (so the loader's line numbers) count: a lone
#: CR, NEL (U+0085), LS (U+2028) and PS (U+2029) end a line too, not only LF.
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@given(st.text())
@example("{")  # drawn once: reported on line 2 of this one-line file
@example("points:\n  - [open\n\n\n")  # an unclosed list, then blank lines to the end
@example("\x85,")  # drawn: line 2 is right, NEL ends line 1 for YAML
@example("a: 1\rb: [")  # an old Mac line end: the open list is on line 2
def test_any_text_as_a_pack_file_is_loaded_or_refused_by_line(text: str) -> None:
    """Whatever a points file holds, the loader answers with problems inside that file's
    lines (or about the pack as a whole), never with an exception of its own. Lines as
    YAML counts them (`_YAML_LINE_BREAK`): counting LFs only claimed a one-line file of
    "\x85," had no line 2 where PyYAML's error is."""
    last = len(_YAML_LINE_BREAK.split(text))
    with tempfile.TemporaryDirectory() as root:
        folder = write_pack(Path(root) / "p", points=text)
        try:
            load_pack(folder)
        except PackError as error:
            lines = [p.line for p in error.problems if p.file.name == "points.yaml"]
            assert all(line is None or 1 <= line <= last for line in lines), error


def with_value(
    name: str, path: tuple[str | int, ...], value: object, **dump: str
) -> dict[str, str]:
    """The fixture pack's two files (`write_pack`'s keywords) with `value` at `path` of
    file `name`, written out by PyYAML (`dump`: its options)."""
    docs = {"pack.yaml": yaml.safe_load(PACK), "points.yaml": yaml.safe_load(POINTS)}
    parent = docs[name]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return {
        n.removesuffix(".yaml"): yaml.safe_dump(d, allow_unicode=True, **dump)
        for n, d in docs.items()
    }


@given(st.sampled_from(PLACES), YAML_VALUES)
def test_any_value_in_any_field_is_loaded_or_refused(
    place: tuple[str, tuple[str | int, ...]], value: object
) -> None:
    """A list where text belongs, a date for a colour, a mapping for an id, anywhere: the
    pack loads or every problem names a line, never an exception of the loader's own."""
    name, path = place
    files = with_value(name, path, value)
    with tempfile.TemporaryDirectory() as root:
        folder = write_pack(Path(root) / "p", **files)
        try:
            load_pack(folder)
        except PackError as error:
            assert all(p.line is not None for p in error.problems if p.file.suffix == ".yaml")


#: Words as an author lists them in the optional sections (synonyms, idioms, …).
PHRASES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -,'", max_size=12)


@given(
    st.sampled_from(["glossary", "synonyms", "unnamed", "idioms", "intents", "setting"]),
    YAML_VALUES | st.dictionaries(PHRASES, st.lists(PHRASES, max_size=3) | PHRASES, max_size=3),
    st.booleans(),
)
def test_any_optional_section_is_loaded_or_refused(key: str, value: object, apart: bool) -> None:
    """An optional section of any shape, in pack.yaml or a file of its own, loads or is
    refused with every problem in a YAML file at a line."""
    section = yaml.safe_dump({key: value}, allow_unicode=True)
    with tempfile.TemporaryDirectory() as root:
        files = {f"{key}.yaml": section} if apart else {"pack": PACK + section}
        folder = write_pack(Path(root) / "p", **files)
        try:
            load_pack(folder)
        except PackError as error:
            assert all(p.line is not None for p in error.problems if p.file.suffix == ".yaml")


@given(st.text(max_size=90))
@example("Professor Dame Bobbina Ångström-Dupré of the Institute f…")  # 56: not a button
def test_any_speaker_name_is_kept_as_typed_or_refused_on_its_line(name: str) -> None:
    """Accents, hyphens, emoji, quotes, a colon: a speaker's name, quoted as YAML quotes it,
    is shown as typed (less surrounding spaces); an empty, invisible, overlong one or one
    holding a control character is the one problem, at the name, or at the poll option
    showing it when it fits a name but not a button."""
    typed = yaml.safe_dump(name, default_style='"', allow_unicode=True, width=10**6).strip()
    pack = PACK.replace("name: Bob", f"name: {typed}")
    shown = len(name.strip())
    readable = strip_controls(name.strip()) == name.strip() and not is_blank(name)
    with tempfile.TemporaryDirectory() as root:
        folder = write_pack(Path(root) / "p", pack=pack)
        if 0 < shown <= 55 and readable:
            assert load_pack(folder).speaker("bob").name == name.strip()
            return
        (problem,) = problems_of(folder)
    if 55 < shown <= 80 and readable:
        assert problem.line == line_of(pack, "- speaker: bob") and "shorten" in problem.message
    else:
        assert problem.line == line_of(pack, f"name: {typed}") and "speaker name" in problem.message


#: Text fields an author writes, in both files, with what reads each back from the pack.
TEXT_FIELDS = [
    ("pack.yaml", ("title",), lambda pack: pack.title),
    ("pack.yaml", ("speakers", 1, "stance"), lambda pack: pack.speaker("bob").stance),
    ("pack.yaml", ("topics", 0, "title"), lambda pack: pack.topic("things").title),
    ("pack.yaml", ("takeaways", 0, "text"), lambda pack: pack.takeaways[0].text),
    ("pack.yaml", ("advice", "steps", 0), lambda pack: pack.advice.steps[0]),
    ("pack.yaml", ("poll", "question"), lambda pack: pack.poll.question),
    ("pack.yaml", ("poll", "options", 2, "label"), lambda pack: pack.poll.options[2].label),
    ("points.yaml", ("points", 0, "claim"), lambda pack: pack.point("alice-agree").claim),
]
#: Any text YAML can hold (no lone surrogate, which no UTF-8 file holds), controls too.
AUTHORED = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@given(st.sampled_from(TEXT_FIELDS), AUTHORED)
@example(TEXT_FIELDS[5], "Who\x1b[31m?")  # an ESC, which YAML writes as "\e"
@example(TEXT_FIELDS[6], "Nobody\x00")  # a NUL, which PostgreSQL refuses to store
@example(TEXT_FIELDS[6], "\u202eydoboN")  # a right-to-left override: "Nobody" reversed
@example(TEXT_FIELDS[6], "\u3164")  # a Hangul filler: a blank button
def test_any_authored_text_loads_as_written_or_is_refused_on_its_line(
    field: tuple[str, tuple[str | int, ...], Callable[[Pack], str]], text: str
) -> None:
    """What a pack author writes is what readers see, or `kb check` says why not. Text of
    control characters ("\\e", "\\0", "\\u202e" in double quotes) loaded: an ESC reached
    the console's terminal, a NUL failed the pack's poll on PostgreSQL, an override
    reversed a label; and text of only invisible characters made a blank button. Either is
    refused now, the character named (typed text loses its controls at the dispatcher, and
    `/poll` refuses a blank label)."""
    name, path, read_back = field
    # Every string double-quoted, so the file holds exactly `text` (its escapes included).
    files = with_value(name, path, text, default_style='"')
    with tempfile.TemporaryDirectory() as root:
        folder = write_pack(Path(root) / "p", **files)
        try:
            shown = read_back(load_pack(folder))
        except PackError as error:
            assert all(p.line is not None for p in error.problems), error
            control = next((c for c in text.strip() if strip_controls(c) != c), None)
            if control is not None:
                assert f"U+{ord(control):04X}" in str(error)
            return
    assert shown == text.strip()
    assert strip_controls(shown) == shown and not is_blank(shown)


# --- evidence not in the source: where it leaves it -------------------------------------


def test_evidence_with_a_typo_says_where_it_leaves_the_source(tmp_path: Path) -> None:
    """ "evidence is not in source.md: 'He said that young workers learn most by watchng…'
    (copy the sentence verbatim)" left the author comparing two long sentences letter by
    letter for one dropped letter."""
    points = POINTS.replace("evidence: Alice says it is so.", "evidence: Alice says it was so.")
    problem = only(problems_of(write_pack(tmp_path / "p", points=points)), "not in source.md")
    assert problem.line == line_of(points, "evidence: Alice says it was so.")
    assert (
        "it leaves source.md after 'Alice says it': source.md goes on 'is so. Bob says', "
        "this has 'was so.'"
    ) in problem.message


THREE_WAY_SOURCE = SourceText((FIXTURES / "tabs-vs-spaces" / "source.md").read_text("utf-8"))
SENTENCES = [
    s
    for s in normalise(THREE_WAY_SOURCE.text).split(". ")
    if len(s.split(" ")) > 2 and "#" not in s
]
DEPARTURE = re.compile(r"after '…?(.*?)'(?:: source\.md goes on '(.*?)', this has '(.*?)')?$")


@given(st.sampled_from(SENTENCES), st.data())
def test_where_an_excerpt_leaves_the_source_is_told_truly(
    sentence: str, data: st.DataObject
) -> None:
    """Whichever word of a source sentence is mistyped: the opening named is the sentence up
    to that word, what the source "goes on" with follows it in the source, and what "this
    has" is the excerpt's own next words."""
    words = sentence.split(" ")
    at = data.draw(st.integers(1, len(words) - 1), label="mistyped word")
    typo = [*words[:at], "zqxv", *words[at + 1 :]]
    told = DEPARTURE.search(THREE_WAY_SOURCE.departure(" ".join(typo)))
    assert told is not None
    opening, goes_on, has = told.groups()
    assert " ".join(words[:at]).endswith(opening)
    if goes_on is not None:  # the opening occurs once in the source
        assert THREE_WAY_SOURCE.contains(f"{opening} {goes_on}")
        assert has == " ".join(typo[at : at + 4])
