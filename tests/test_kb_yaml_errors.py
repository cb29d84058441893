"""A YAML syntax error is reported alone, first, at the line where the broken construct
starts (issue 14): not last, after a screenful of knock-on problems, lines further down."""

from __future__ import annotations

from pathlib import Path

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
