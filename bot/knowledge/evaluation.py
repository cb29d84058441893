"""`kb eval`: how often the bot's answer is the right part of the pack, on a query file.

The queries run through the very :class:`~bot.knowledge.router.Router` the commands use, so
the figures are those of the bot people talk to. A query file lists, for each question, the
command it is asked with and what should answer it: point ids (any one counts), an intent
(``synthesis``, ``advice``, ``summary``), ``stance`` (a speaker's stance, for a question that
only names them) or ``off-topic`` (must be refused)::

    queries:
      - {ask: "who is right?", expect: synthesis}
      - {gin: "unmanned aircraft", expect: gin-robotics-drones}
      - {ask: "best pizza toppings", expect: off-topic}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.intents import Intent
from bot.knowledge.model import Pack
from bot.knowledge.router import DEBATE_CANDIDATES, Answer, Kind, Router
from bot.knowledge.yaml_source import SAFE_LOADER

OFF_TOPIC = "off-topic"
TOP = 3


class EvalFileError(ValueError):
    """A query file that cannot be used, with ``file:line`` for each problem."""


@dataclass(frozen=True)
class Case:
    command: str
    """``ask``, ``debate`` or a speaker id."""
    text: str
    expect: tuple[str, ...]
    """Point ids, or a single intent name, or a single ``off-topic``."""
    line: int

    @property
    def off_topic(self) -> bool:
        return self.expect == (OFF_TOPIC,)

    def ask(self, router: Router) -> Answer:
        """The answer this case's command gives: the eval and the bench must ask alike."""
        if self.command == "ask":
            return router.answer(self.text)
        if self.command == "debate":
            return router.answer(self.text, limit=DEBATE_CANDIDATES)
        return router.answer(self.text, speaker=self.command)

    def label(self) -> str:
        return f"/{self.command} {self.text}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer

    def got(self) -> tuple[str, ...]:
        """What answered, in the same terms as ``expect``."""
        if self.answer.kind is Kind.NOTHING:
            return (OFF_TOPIC,)
        if self.answer.kind in (Kind.POINTS, Kind.OTHER_SIDE):
            return tuple(p.id for p in self.answer.points)
        return (self.answer.kind.value,)

    def hit(self, top: int) -> bool:
        return any(got in self.case.expect for got in self.got()[:top])


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    def _on_topic(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.case.off_topic]

    def _off_topic(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.off_topic]

    def hit_at(self, top: int) -> float:
        return _share(sum(o.hit(top) for o in self._on_topic()), len(self._on_topic()))

    @property
    def refusal_rate(self) -> float:
        return _share(sum(o.hit(1) for o in self._off_topic()), len(self._off_topic()))

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.hit(1)]

    def render(self) -> str:
        """The figures, then a table of every query not answered right first."""
        on, off = len(self._on_topic()), len(self._off_topic())
        lines = [
            f"queries: {len(self.outcomes)} ({on} on topic, {off} off topic)",
            f"hit@1: {self.hit_at(1):.1%}",
            f"hit@{TOP}: {self.hit_at(TOP):.1%}",
            f"off-topic refusal: {self.refusal_rate:.1%}",
        ]
        misses = self.misses()
        if misses:
            rows = [("line", "query", "expected", "got")]
            rows += [
                (
                    str(o.case.line),
                    o.case.label(),
                    ", ".join(o.case.expect),
                    ", ".join(o.got()[:TOP]),
                )
                for o in misses
            ]
            widths = [min(max(len(r[i]) for r in rows), 48) for i in range(3)]
            lines += ["", f"misses ({len(misses)}):"]
            for row in rows:
                cells = [
                    cell[:width].ljust(width) for cell, width in zip(row, widths, strict=False)
                ]
                lines.append("  " + "  ".join([*cells, row[3]]))
        return "\n".join(lines)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def load_cases(path: Path, pack: Pack) -> list[Case]:
    """Parse and check a query file against the pack (unknown ids would never count)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=SAFE_LOADER)
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise EvalFileError(f"{path}: cannot read the query file: {error}") from error
    entries = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not isinstance(node, yaml.MappingNode):
        raise EvalFileError(f"{path}: expected a top-level 'queries:' list")
    items = [value.value for key, value in node.value if key.value == "queries"][-1]
    commands = {"ask", "debate", *(s.id for s in pack.debaters)}  # the analysis: no command
    answers = {OFF_TOPIC, Kind.STANCE.value, *(i.value for i in Intent)}
    answers |= {p.id for p in pack.points}
    cases: list[Case] = []
    problems: list[str] = []
    for entry, item in zip(entries, items, strict=True):
        line = item.start_mark.line + 1
        case, problem = _case(entry, line, commands, answers)
        if problem:
            problems.append(f"{path}:{line}: {problem}")
        elif case is not None:
            cases.append(case)
    if problems:
        raise EvalFileError("\n".join(problems))
    return cases


def _case(
    entry: object, line: int, commands: set[str], answers: set[str]
) -> tuple[Case | None, str | None]:
    if not isinstance(entry, dict) or "expect" not in entry or len(entry) != 2:
        return None, "each query is {<command>: <text>, expect: <ids | intent | off-topic>}"
    [command] = [k for k in entry if k != "expect"]
    text, expect = entry[command], entry["expect"]
    if command not in commands:
        return None, f"unknown command '{command}' (allowed: {', '.join(sorted(commands))})"
    if not isinstance(text, str) or not text.strip():
        return None, "the query text must be non-empty text"
    expected = tuple(expect) if isinstance(expect, list) else (expect,)
    unknown = [e for e in expected if e not in answers]
    if unknown or not expected:
        return None, f"expect names unknown point ids or intents: {unknown or expected}"
    return Case(command, text.strip(), tuple(str(e) for e in expected), line), None


def evaluate(router: Router, cases: Sequence[Case]) -> Report:
    """Ask every case as its command would and compare with what was expected."""
    return Report(tuple(Outcome(case, case.ask(router)) for case in cases))
