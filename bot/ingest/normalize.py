"""Normalization for matching only; the original text is always what is displayed."""

from __future__ import annotations

import re
import unicodedata

_WAVE = re.compile(r"[〜～~∼]")
_DASH_IN_KANA = re.compile(r"(?<=[\u30a0-\u30ff])[-‐‑‒–—―−ｰ－]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, one wave dash, one long-vowel mark, no spaces inside Japanese, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text)
    text = _WAVE.sub("〜", text)
    text = _DASH_IN_KANA.sub("ー", text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip().lower()


def is_mostly_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    ascii_letters = sum(1 for c in letters if c.isascii())
    return ascii_letters / len(letters) > 0.7
