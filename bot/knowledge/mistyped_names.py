"""A speaker's name typed with a slip that typo repair rightly leaves alone elsewhere.

Typo repair mends a short word only for a letter left out or two swapped (see
:class:`~bot.knowledge.vocabulary.QuestionWords`): a changed letter in a short word often
makes another word ("gun", "baler"), and a doubled one may too. A name is different in two
places. Beside another part of the same speaker's name, a word a letter away from his name
can only be it: "Gavin Baler", "Aaron Gun", as autocorrect and fast fingers type them. And a
name with one of its letters typed twice ("ginn", "bakker") is still his name: no word of the
question's own becomes a name by doubling a letter.

QA (held-out set 11): "what did Gavin Baler say about china", "Aaron Gun's take on robots"
and "who won the debate between baker and ginn" were refused, each for the one word that
was meant as a name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.knowledge.vocabulary import one_edit_apart

POSSESSIVE = "s"
"""A possessive's ending once its apostrophe is gone ("guns" for "Gun's")."""
SHORTEST_NAME = 3
"""A name of fewer letters than this is too easily any word a letter away."""


def names_mended(
    typed: list[str], names: Mapping[str, frozenset[str]], known: Callable[[str], bool]
) -> list[str]:
    """``typed`` (a question's words) with each unknown word that is a slip of a speaker's
    name written as his name. ``names`` gives each speaker's name words, ``known`` whether a
    word is the pack's or a question's own, never taken for a slip."""
    mended = list(typed)
    for index, word in enumerate(typed):
        if known(word):
            continue
        beside = {typed[at] for at in (index - 1, index + 1) if 0 <= at < len(typed)}
        beside |= {neighbour.removesuffix(POSSESSIVE) for neighbour in beside}
        for parts in names.values():
            meant = _meant(word, parts, beside)
            if meant is not None:
                mended[index] = meant
                break
    return mended


def _meant(word: str, parts: frozenset[str], beside: set[str]) -> str | None:
    """The name of ``parts`` that ``word`` (possessive or not) is a slip of, or None:
    doubled anywhere, or a letter away beside another part of the same name (``beside``:
    the words either side of it, possessive or not)."""
    for name in (word, word.removesuffix(POSSESSIVE)):
        ending = word.removeprefix(name)
        for part in parts:
            if len(part) < SHORTEST_NAME or (ending and not name):
                continue
            if _doubled(name, part) or ((parts - {part}) & beside and one_edit_apart(name, part)):
                return part + ending
    return None


def _doubled(typed: str, part: str) -> bool:
    """``typed`` is ``part`` with one of its letters typed twice ("ginn", "bakker")."""
    return len(typed) == len(part) + 1 and any(
        typed[i] == typed[i + 1] and typed[:i] + typed[i + 1 :] == part
        for i in range(len(typed) - 1)
    )
