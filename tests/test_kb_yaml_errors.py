"""A YAML syntax error is reported alone, first, at the line where the broken construct
starts (issue 14): not last, after a screenful of knock-on problems, lines further down;
and it says what to do, not only PyYAML's parser state."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_kb_check import kb_check
from tests.test_knowledge_loader import PACK, POINTS, line_of, problems_of, write_pack


def test_a_quote_closed_by_a_later_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    """`stance: "Alice thinks so.` runs on until the next `"`: PyYAML stops lines later."""
    pack = PACK.replace("stance: Alice thinks so.", 'stance: "Alice thinks so.')
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.file.name == "pack.yaml"
    assert problem.line == line_of(pack, 'stance: "Alice')
    assert "invalid YAML" in problem.message and "closing quote missing" in problem.message


def test_a_quote_never_closed_is_reported_where_it_opens(tmp_path: Path) -> None:
    points = POINTS.replace("claim: It is not.", 'claim: "It is not.')
    (problem,) = problems_of(write_pack(tmp_path / "p", points=points))
    assert problem.file.name == "points.yaml"
    assert problem.line == line_of(points, 'claim: "It is not.')
    assert "while scanning a quoted scalar" in problem.message


def test_other_syntax_errors_keep_the_line_pyyaml_names(tmp_path: Path) -> None:
    pack = PACK.replace("title: Mini debate", "title: Mini: debate")
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.line == 2 and "mapping values are not allowed" in problem.message


def test_kb_check_prints_the_syntax_error_alone(tmp_path: Path) -> None:
    pack = PACK.replace("stance: Alice thinks so.", 'stance: "Alice thinks so.')
    folder = write_pack(tmp_path / "p", pack=pack)
    result = kb_check(str(folder))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"{folder}: invalid knowledge pack"
    assert len(lines) == 2, result.stderr
    opened = line_of(pack, 'stance: "Alice')
    assert lines[1].startswith(f"{folder / 'pack.yaml'}:{opened}: invalid YAML")


def test_a_runaway_quote_that_breaks_parsing_later_is_reported_where_it_opens(
    tmp_path: Path,
) -> None:
    """PyYAML gives up on line 11; the cause is the quote opened on line 2."""
    pack = PACK.replace("title: Mini debate", 'title: "Mini debate')
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.line == 2
    assert "closing quote missing" in problem.message and "on line 11" in problem.message


def test_a_legitimate_multi_line_quoted_value_is_accepted(tmp_path: Path) -> None:
    from bot.knowledge import load_pack

    pack = PACK.replace("stance: Alice thinks so.", 'stance: "Alice thinks\n      so."')
    assert load_pack(write_pack(tmp_path / "p", pack=pack)).speakers[0].stance == (
        "Alice thinks so."
    )


# --- what to do: every syntax error says how to fix it, on the line to fix -------------

#: Lines of the test pack that are an indented key (`  title: …`, `  - id: alice`).
INDENTED_KEYS = [
    number
    for number, line in enumerate(PACK.splitlines(), 1)
    if re.match(r"^ +(- )?[a-z_]+:", line)
]


def test_a_tab_is_reported_on_its_own_line_as_a_tab(tmp_path: Path) -> None:
    """A tab indenting `role:` was reported on the line above it, in PyYAML's words: "while
    scanning a plain scalar: found a tab character that violates indentation"."""
    pack = PACK.replace(
        '    role: Tester\n    colour: "#445566"', '\trole: Tester\n    colour: "#445566"'
    )
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.line == line_of(pack, "\trole: Tester")
    assert "spaces only: replace the tab" in problem.message


@settings(max_examples=60)
@given(st.sampled_from(INDENTED_KEYS), st.data())
def test_a_tab_anywhere_in_an_indentation_is_named_at_its_line(
    number: int, data: st.DataObject
) -> None:
    """Whichever space of whichever indented key a tab replaces or joins, the one problem is
    that tab, on its line: never the line PyYAML started reading at, never "cannot start any
    token"."""
    lines = PACK.splitlines(keepends=True)
    line = lines[number - 1]
    indent = len(line) - len(line.lstrip(" "))
    at = data.draw(st.integers(0, indent - 1), label="column")
    keep = data.draw(st.booleans(), label="tab added rather than replacing a space")
    lines[number - 1] = line[:at] + "\t" + line[at + (0 if keep else 1) :]
    with tempfile.TemporaryDirectory() as folder:
        (problem,) = problems_of(write_pack(Path(folder) / "p", pack="".join(lines)))
    assert problem.line == number and "replace the tab" in problem.message, problem


@pytest.mark.parametrize(
    ("broken", "fixed", "remedy"),
    [
        # `stance: Alice thinks: so.`: a second ": " on the line.
        ("stance: Alice thinks so.", "stance: Alice thinks: so.", "put the whole value in quotes"),
        # A key indented one space deeper than its neighbours.
        (
            '    role: Tester\n    colour: "#112233"',
            '    role: Tester\n     colour: "#112233"',
            "this key and the one above it are not lined up",
        ),
        # A key at the left margin, making the next key look too deep.
        (
            '    role: Tester\n    colour: "#112233"',
            'role: Tester\n    colour: "#112233"',
            "(either may be off)",
        ),
        # A key of a list item one step to the left.
        (
            '    role: Tester\n    colour: "#445566"',
            '    role: Tester\n  colour: "#445566"',
            "starts with '- ' at the same column",
        ),
        # A key one step too deep after a flow list.
        (
            "    aliases: [stuff]\n",
            "    aliases: [stuff]\n      note: x\n",
            "line it up with the key",
        ),
        # "-item" without its space.
        ("    - label: Nobody", "    -label: Nobody", "starts with '- '"),
        # Markdown's backticks.
        ("verdict: Verdict.", "verdict: `Verdict`.", "cannot start with '`'"),
        # A Windows path in double quotes.
        ("summary: Do it.", 'summary: "Do it in C:\\tmp\\x."', "a backslash starts an escape"),
        # A line that is no "key: value".
        ("  verdict: Verdict.", "  verdict: Verdict.\n  just words\n  x: y", "'key: value'"),
        # An empty item in a flow list.
        ("aliases: [stuff]", "aliases: [stuff, , more]", "holds an empty item"),
        # A list left open.
        ("aliases: [stuff]", "aliases: [stuff", "close the [list]"),
    ],
)
def test_each_syntax_error_says_what_to_do(
    tmp_path: Path, broken: str, fixed: str, remedy: str
) -> None:
    pack = PACK.replace(broken, fixed, 1)
    assert pack != PACK
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.file.name == "pack.yaml" and "invalid YAML" in problem.message
    assert remedy in problem.message, problem


def test_an_unclosed_list_is_reported_where_it_opens(tmp_path: Path) -> None:
    """PyYAML gives up on the next line (`takeaways:`), which is not where the `]` is missing."""
    pack = PACK.replace("aliases: [stuff]", "aliases: [stuff")
    (problem,) = problems_of(write_pack(tmp_path / "p", pack=pack))
    assert problem.line == line_of(pack, "aliases: [stuff")
