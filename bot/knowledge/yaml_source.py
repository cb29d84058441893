"""Turn a pack folder into one set of top-level sections, remembering every line.

A pack may be split over several ``.yaml`` files (e.g. ``points.yaml`` apart
from the rest), so this module finds the files, parses each one twice (data via
``yaml.safe_load``, line numbers via ``yaml.compose``), and merges their
top-level keys.  Field-level validation is left to :mod:`bot.knowledge.validate`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.fields import MISSING, Checker, describe, did_you_mean
from bot.knowledge.pack_files import read_pack_text
from bot.knowledge.positions import Doc, Loc, YamlPath
from bot.knowledge.yaml_hints import TAB, remedy, tab_indented_line

TOP_REQUIRED = (
    "id",
    "title",
    "source",
    "speakers",
    "topics",
    "points",
    "takeaways",
    "synthesis",
    "advice",
    "poll",
)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster: the console's first answer
waits for the pack), else the pure-Python one; both build only plain data."""
TOP_OPTIONAL = ("glossary", "synonyms", "unnamed", "idioms", "intents", "setting")
"""Top-level keys a pack may leave out."""
EVAL_FILE = "eval.yaml"
"""The pack's query set for ``kb eval``: it lives with the pack but is not part of it."""

_THOUSANDS_TAIL = re.compile(r"^\d{3}(?!\d)")
_DIGIT_END = re.compile(r"\d$")


def find_pack_files(folder: Path, checker: Checker) -> list[Path]:
    """The pack's ``.yaml`` files, sorted; ``.yml`` files are flagged, never silently skipped."""
    for stray in sorted(folder.glob("*.yml")):
        checker.report_file(
            stray, "pack files must end in .yaml; rename this file or it is ignored"
        )
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file() and p.name != EVAL_FILE)
    if not files:
        # The folder that holds packs (knowledge/) is the usual slip: name the packs in it.
        inner = sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
        hint = f"; it holds packs ({', '.join(inner)}): name one of them" if inner else ""
        checker.report_file(folder, f"pack folder has no .yaml files{hint}")
    return files


def read_doc(file: Path, checker: Checker) -> Doc | None:
    """Parse one file; None (with the problem reported) unless it is a top-level mapping."""
    text = read_pack_text(file, checker)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        detail, line = _yaml_error(exc, text)
        checker.report_file(file, f"invalid YAML: {detail}", line)
        return None
    opened = _runaway_quote(text)
    if opened is not None:
        checker.report_file(file, f"invalid YAML: {_runaway_message(opened)}", opened[0])
        return None
    doc = Doc(file, data)
    if node is not None:
        _index_lines(node, (), doc, checker)
    if data is None:
        checker.report_file(file, "file is empty (expected a mapping of top-level keys)")
        return None
    if not isinstance(data, dict):
        checker.report_file(
            file, f"top level must be a mapping of keys (id, title, ...), got {describe(data)}", 1
        )
        return None
    return doc


def _runaway_message(opened: tuple[int, int]) -> str:
    return (
        f"the quoted value opened here runs on to line {opened[1]}, over lines that look "
        "like keys; is its closing quote missing?"
    )


def _yaml_error(exc: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """PyYAML's own wording and what to do about it, at the line where the broken construct
    starts.

    PyYAML reports where it gave up, which for a missing closing quote is the end of the
    file or, when a later quote closes it, some unrelated line further down. So an
    unclosed quote is reported where it opens: the scanner's context mark when it ran out
    of text, or the start of a quoted value that ran over several lines before the error.
    An unclosed [list] is reported where it opens too. A tab is reported on its own line,
    which may lie below the context mark.
    """
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}: {problem}" if context else problem
    lines = text.splitlines()
    marks = [m.line + 1 for m in (context_mark, problem_mark) if m is not None]
    tab = tab_indented_line(lines, min(marks), max(marks)) if marks else None
    if tab is not None:
        return f"{TAB} ({detail})", tab
    mark = problem_mark or context_mark
    if mark is None:
        return f"{detail}; {remedy(detail, '', 0)}", None
    at = _with_text(lines, mark.line + 1)
    column = mark.column if at == mark.line + 1 else -1
    fix = remedy(detail, lines[at - 1] if lines else "", column)
    if context and context.startswith(_OPENING_CONTEXTS) and context_mark is not None:
        return f"{detail}; {fix}", _with_text(lines, context_mark.line + 1)
    opened = _runaway_quote(text, mark.line)
    if opened is not None:
        return f"{_runaway_message(opened)} ({detail} on line {at})", opened[0]
    return f"{detail}; {fix}", at


def _with_text(lines: list[str], line: int) -> int:
    """``line``, or when PyYAML's mark lies past the text (it ran out of file, or into
    blank lines at its end, while a construct was open) the last line that holds any."""
    line = min(line, len(lines))
    while line > 1 and not lines[line - 1].strip():
        line -= 1
    return max(line, 1)


#: PyYAML contexts whose mark is where the broken construct opens (a quote, a [list]).
_OPENING_CONTEXTS = ("while scanning", "while parsing a flow")

#: A line that reads as a YAML key (`  name: Bob`, `- id: bob`): inside a quoted value,
#: a sign that the value's closing quote is missing.
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")


def _runaway_quote(text: str, before_line: int | None = None) -> tuple[int, int] | None:
    """(first, last) lines of the last quoted value that swallowed lines reading as keys.

    Such a value is valid YAML when a later quote happens to close it, so it is looked for
    in every file, not only in those PyYAML refuses.
    """
    lines = text.splitlines()
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start, end = token.start_mark.line, token.end_mark.line
            if before_line is not None and start > before_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and any(_KEY_LINE.match(line) for line in lines[start + 1 : end + 1])
            ):
                found = (start + 1, end + 1)
    except yaml.YAMLError:
        pass  # the tokens up to the error are all this needs
    return found


def _index_lines(node: yaml.Node, path: YamlPath, doc: Doc, checker: Checker) -> None:
    """Record the line of every value so later checks can point at it.

    Duplicate keys are caught here because ``safe_load`` silently keeps the last one.
    """
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = (
                key_node.value
                if isinstance(key_node, yaml.ScalarNode)
                else str(key_node.start_mark)
            )
            key_line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                checker.report_file(
                    doc.file,
                    f"duplicate key '{key}' (first on line {seen[key]}); the later one would win",
                    key_line,
                )
            seen.setdefault(key, key_line)
            doc.key_lines.setdefault((*path, key), key_line)
            _index_lines(value_node, (*path, key), doc, checker)
    elif isinstance(node, yaml.SequenceNode):
        if node.flow_style:
            _check_split_numbers(node, doc, checker)
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), doc, checker)


def _check_split_numbers(node: yaml.SequenceNode, doc: Doc, checker: Checker) -> None:
    """Catch ``[160,000 traces]``: in a flow list YAML splits at every comma, so a number's
    thousands separator silently makes two items ("160" and "000 traces")."""
    for first, second in zip(node.value, node.value[1:], strict=False):
        if not (isinstance(first, yaml.ScalarNode) and isinstance(second, yaml.ScalarNode)):
            continue
        if first.style or second.style:  # plain scalars: None (PyYAML) or "" (libyaml)
            continue  # quoted items were split on purpose
        adjacent = second.start_mark.index - first.end_mark.index == 1  # only the comma between
        if adjacent and _DIGIT_END.search(first.value) and _THOUSANDS_TAIL.match(second.value):
            whole = f"{first.value},{second.value}"
            checker.report_file(
                doc.file,
                f"'{whole}' is split at its comma into two list items ('{first.value}' and "
                f"'{second.value}'); quote it: \"{whole}\"",
                first.start_mark.line + 1,
            )


@dataclass
class Merged:
    """Top-level keys gathered from all files of a pack."""

    folder: Path
    values: dict[str, tuple[Loc, Any]] = field(default_factory=dict)
    points: list[tuple[Loc, Any]] = field(default_factory=list)
    has_points_key: bool = False

    def section(self, key: str) -> tuple[Loc, Any]:
        """A section and its location; a missing one (already reported) gets a folder location."""
        if key in self.values:
            return self.values[key]
        return Loc(Doc(self.folder, None), (key,)), MISSING


def merge_docs(folder: Path, docs: Sequence[Doc], checker: Checker) -> Merged:
    """Combine files: each key may appear in one file only, except ``points``, which concatenate."""
    merged = Merged(folder)
    allowed = {*TOP_REQUIRED, *TOP_OPTIONAL}
    for doc in docs:
        root = Loc(doc, ())
        for key, value in doc.data.items():
            loc = root.at(key)
            if not isinstance(key, str) or key not in allowed:
                hint = ", ".join((*TOP_REQUIRED, *TOP_OPTIONAL))
                meant = did_you_mean(key, allowed) if isinstance(key, str) else ""
                checker.report(
                    loc, f"unknown top-level key '{key}'{meant} (allowed: {hint})", on_key=True
                )
            elif key == "points":
                merged.has_points_key = True
                for index, item in enumerate(checker.items(loc, value, "points")):
                    merged.points.append((loc.at(index), item))
            elif key in merged.values:
                first = merged.values[key][0]
                checker.report(
                    loc, f"top-level key '{key}' is also defined in {first.where()}", on_key=True
                )
            else:
                merged.values[key] = (loc, value)
    if docs:
        names = ", ".join(d.file.name for d in docs)
        for key in TOP_REQUIRED:
            present = merged.has_points_key if key == "points" else key in merged.values
            if not present:
                checker.report_file(
                    folder, f"missing required top-level key '{key}' (looked in: {names})"
                )
    return merged
