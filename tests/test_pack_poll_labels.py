"""A pack's poll shows its speakers' names (and free labels) as buttons and `/vote` labels:
whatever names a pack declares, it is refused at load, or voters can tell every option
apart and name each by its label, as in a poll typed with `/poll`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.look_alikes import look_alike
from bot.core.sanitize import comparison_key
from bot.knowledge import PackError, load_pack
from bot.polls.model import Poll, PollDraft
from tests.test_knowledge_loader import write_pack
from tests.test_pack_command_names import pack_with, speaker_names
from tests.test_polls_options import poll_with

#: Free labels as authors write them: words, a number with or without `#`, any text.
free_labels = st.one_of(
    st.sampled_from(["Nobody", "Both", "#1", "#2", "1", "2", "#3"]), speaker_names
)


def pack_poll(names: tuple[str, str], label: str) -> Poll | None:
    """The pack's "who's right?" poll as `/poll` stores it, or None if the pack is refused."""
    pack_text, points_text = pack_with(("alice", names[0]), ("bob", names[1]))
    pack: dict[str, Any] = yaml.safe_load(pack_text)
    pack["poll"]["options"][2]["label"] = label
    with tempfile.TemporaryDirectory() as folder:
        written = yaml.safe_dump(pack, allow_unicode=True, sort_keys=False)
        try:
            loaded = load_pack(write_pack(Path(folder) / "p", pack=written, points=points_text))
        except PackError as error:
            assert all(problem.message.strip() for problem in error.problems)
            return None
    return poll_with(PollDraft.from_pack(loaded.poll).options)


@given(names=st.tuples(speaker_names, speaker_names), label=free_labels)
@example(names=("Bob", "Ｂｏｂ"), label="Nobody")  # full width: the same button twice
@example(names=("Yes", "\u04aees"), label="Nobody")  # a Cyrillic Ү: the same button twice
@example(names=("Ann", "Bob"), label="#1")  # /vote #1 is always option 1, never option 3
def test_a_pack_poll_s_options_can_be_told_apart_and_voted_for_by_label(
    names: tuple[str, str], label: str
) -> None:
    poll = pack_poll(names, label)
    if poll is None:
        return
    labels = [option.label for option in poll.options]
    keys = [comparison_key(text) for text in labels]
    assert len(set(keys)) == len(keys), labels
    for first in range(len(labels)):
        for second in range(first + 1, len(labels)):
            assert not look_alike(keys[first], keys[second]), labels
            assert not look_alike(labels[first], labels[second]), labels
    for option in poll.options:
        assert poll.find_option(poll.typed_as(option.number)) == option.number
        if not option.label.isdigit():  # a bare number may be another option's (`2 | 1`)
            assert poll.find_option(option.label) == option.number, labels
