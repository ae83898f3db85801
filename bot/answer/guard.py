"""Checks run on every answer before it is sent."""

from __future__ import annotations

import re
import unicodedata

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKER = re.compile(r"\[\d+\]")


def numbers_in(text: str) -> list[str]:
    text = MARKER.sub("", unicodedata.normalize("NFKC", text))
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def numbers_supported(answer: str, quotes: list[str]) -> bool:
    """Every number the answer states occurs in at least one cited quote."""
    available = set()
    for quote in quotes:
        available.update(numbers_in(quote))
    return all(n in available for n in numbers_in(answer))
