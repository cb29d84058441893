"""Formats and size limits for pack fields, shared by every section that uses them.

Length limits keep chat replies readable; the poll option limit matches Discord's.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SPEAKER_ID = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
"""Stricter than a plain slug because a speaker id becomes a slash command."""
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
URL = re.compile(r"^https?://\S+$")

MIN_SPEAKERS, MAX_SPEAKERS = 2, 10
MIN_OPTIONS, MAX_OPTIONS = 2, 10

TITLE_MAX = 120
NAME_MAX = 80
CLAIM_MAX = 600
QUOTE_MAX = 200
EVIDENCE_MAX = 1200
"""One excerpt of the source: a sentence or a few, never a whole section."""
EVIDENCE_MIN_WORDS = 4
"""Fewer words cannot support a claim ("evidence: China" would pass any check)."""
MAX_EVIDENCE = 6
GLOSS_MAX = 300
STANCE_MAX = 1200
TEXT_MAX = 1200
LONG_TEXT_MAX = 2000
WORD_MAX = 80
STEP_MAX = 400
QUESTION_MAX = 200
OPTION_MAX = 55
NOTE_MAX = 300
URL_MAX = 500
REF_MAX = 64
"""A reference to another id (rebuts, takeaway points): as long as the longest slug."""
