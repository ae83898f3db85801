"""English words for BM25 over the English questions anticipated for each passage.

An English question shares no words with the Japanese passages; the glossary gives it Japanese terms, but only for
the ideas it lists. Each passage also has English questions written for it (corpus/anticipated/), so an English
question is matched word for word against them too: 'seconded' finds the passage asked 'Which ministries do MOFA
engineers get seconded to?', whatever the glossary knows.
"""

from __future__ import annotations

import re

from bot.ingest.normalize import is_mostly_english

# The frame of a question (who, can, please, tell me) and function words: what it asks, not what it is about.
STOP_WORDS = frozenset("""
a an the and or but if then than so as of in on at to for with by from into about over under after before during
do does did done is are was were be been being am have has had having get gets got will would shall should can could
may might must i me my we us our you your he she it its they them their this that these those there here
what which who whom whose when where why how any some each every all much many more most very just also ever only
not no yes please tell know want like need let
""".split())
_WORD = re.compile(r"[a-z0-9]+")
# Light stemming, longest suffix first: plurals and the common verb endings ('engineers', 'seconded', 'posting').
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_MIN_STEM = 3


def stem(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)] + replacement
    return word


def english_words(text: str) -> list[str]:
    """Lower-cased, stemmed content words of English text; Japanese in it is left out."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def english_questions(questions: list[str]) -> list[str]:
    """The English ones among a passage's anticipated questions (each counts as a blank otherwise)."""
    return [q if is_mostly_english(q) else "" for q in questions]
