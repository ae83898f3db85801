"""English questions: Japanese search terms from a glossary, so that the word channels take part too.

e5 alone matches English questions to Japanese passages only loosely; the glossary
(bot/answer/glossary.yaml) turns 'bonus' into 期末・勤勉手当/賞与 for BM25, and tells how many of the
question's ideas the top passage speaks of (its coverage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).with_name("glossary.yaml")


class GlossaryError(ValueError):
    """The glossary file is not a list of {en: [...], ja: [...]} entries."""


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    japanese: tuple[str, ...]


class Glossary:
    def __init__(self, entries: list[Entry]) -> None:
        if not entries:
            raise GlossaryError("empty glossary")
        self.entries = entries
        # Longest phrases first, so 'paid leave' is one idea rather than 'paid' + 'leave'.
        self._patterns = [
            (re.compile(r"\b" + r"\s+".join(map(re.escape, term.split())) + r"(e?s)?\b", re.IGNORECASE), i)
            for i, e in enumerate(entries)
            for term in sorted(e.english, key=len, reverse=True)
        ]
        self._patterns.sort(key=lambda p: -len(p[0].pattern))

    @classmethod
    def load(cls, path: Path = GLOSSARY) -> "Glossary":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            raise GlossaryError(f"{path}: expected a list")
        entries = []
        for n, item in enumerate(raw, start=1):
            if not isinstance(item, dict) or not item.get("en") or not item.get("ja"):
                raise GlossaryError(f"{path}: entry {n} needs non-empty 'en' and 'ja' lists")
            entries.append(Entry(tuple(str(t).lower() for t in item["en"]), tuple(str(t) for t in item["ja"])))
        return cls(entries)

    def ideas(self, question: str) -> list[Entry]:
        """The glossary entries a question speaks of, each once, in order of appearance."""
        text = question
        found: dict[int, int] = {}
        for pattern, i in self._patterns:
            for match in pattern.finditer(text):
                found.setdefault(i, match.start())
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        return [self.entries[i] for i, _ in sorted(found.items(), key=lambda kv: kv[1])]

    @staticmethod
    def search_terms(ideas: list[Entry]) -> str:
        return " ".join(term for entry in ideas for term in entry.japanese)

    @staticmethod
    def coverage(ideas: list[Entry], passage: str) -> float:
        """Share of the ideas of which the passage uses at least one Japanese term."""
        if not ideas:
            return 0.0
        return sum(1 for e in ideas if any(t in passage for t in e.japanese)) / len(ideas)
