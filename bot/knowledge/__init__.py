"""Knowledge packs: curated debates loaded from YAML, validated, and searchable.

Callers import from here so the module layout can change without touching them.
"""

from bot.knowledge.loader import PackError, PackProblem, default_pack_dir, load_pack
from bot.knowledge.model import (
    RESERVED_SPEAKER_IDS,
    Advice,
    Pack,
    Point,
    PollOptionSpec,
    PollSpec,
    Source,
    Speaker,
    Synthesis,
    Takeaway,
    Topic,
    Voice,
)
from bot.knowledge.search import Hit, Searcher
from bot.knowledge.summary import summarize
from bot.knowledge.tokens import tokenize

__all__ = [
    "RESERVED_SPEAKER_IDS",
    "Advice",
    "Hit",
    "Pack",
    "PackError",
    "PackProblem",
    "Point",
    "PollOptionSpec",
    "PollSpec",
    "Searcher",
    "Source",
    "Speaker",
    "Synthesis",
    "Takeaway",
    "Topic",
    "Voice",
    "default_pack_dir",
    "load_pack",
    "summarize",
    "tokenize",
]
