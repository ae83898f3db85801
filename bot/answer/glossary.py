"""A glossary: the words applicants say → the terms the documents write, for the word channels.

`glossary_en.yaml` turns English questions into Japanese search terms ('bonus' → 期末・勤勉手当/賞与): e5
alone matches English to Japanese passages only loosely. An idea's coverage (does the top passage write
any of its terms?) also serves as confidence for English.

`glossary_ja.yaml` respells everyday Japanese the documents never write (有給 → 年次休暇, 副業 → 兼業). It
rewrites only words absent from the documents: an earlier everyday glossary that added its terms to every
question lowered held-out hit@1 (0.561 → 0.520).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ENGLISH = Path(__file__).with_name("glossary_en.yaml")
EVERYDAY = Path(__file__).with_name("glossary_ja.yaml")


class GlossaryError(ValueError):
    """The glossary file is not a list of {said: [...], written: [...]} entries."""


@dataclass(frozen=True)
class Entry:
    said: tuple[str, ...]
    written: tuple[str, ...]


def _pattern(term: str) -> re.Pattern[str]:
    if term.isascii():  # English words: whole words, plural allowed, 'general-track' as 'general track'
        return re.compile(r"\b" + r"[\s-]+".join(map(re.escape, term.split())) + r"(e?s)?\b", re.IGNORECASE)
    return re.compile(re.escape(term))


class Glossary:
    def __init__(self, entries: list[Entry]) -> None:
        if not entries:
            raise GlossaryError("empty glossary")
        self.entries = entries
        # Longest phrases first, so 'paid leave' is one idea rather than 'paid' + 'leave'.
        self._patterns = sorted(
            ((_pattern(term), i, len(term)) for i, e in enumerate(entries) for term in e.said),
            key=lambda p: -p[2],
        )

    @classmethod
    def load(cls, path: Path) -> "Glossary":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            raise GlossaryError(f"{path}: expected a list")
        entries = []
        for n, item in enumerate(raw, start=1):
            if not isinstance(item, dict) or not item.get("said") or not item.get("written"):
                raise GlossaryError(f"{path}: entry {n} needs non-empty 'said' and 'written' lists")
            said = tuple(unicodedata.normalize("NFKC", str(t)).lower() for t in item["said"])
            entries.append(Entry(said, tuple(str(t) for t in item["written"])))
        return cls(entries)

    def ideas(self, question: str) -> list[Entry]:
        """The entries a question speaks of, each once, in order of appearance."""
        text = unicodedata.normalize("NFKC", question).lower()
        found: dict[int, int] = {}
        for pattern, i, _ in self._patterns:
            for match in pattern.finditer(text):
                found.setdefault(i, match.start())
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        return [self.entries[i] for i, _ in sorted(found.items(), key=lambda kv: kv[1])]

    def said_words(self) -> list[str]:
        return [term for entry in self.entries for term in entry.said]

    def respell(self, question: str, written: str) -> str:
        """The question with each said word the documents never write (`written`: their folded text)
        replaced by the documents' term: 「有給って何日？」 → 「年次休暇って何日？」."""
        text = unicodedata.normalize("NFKC", question)
        masked = text.lower()
        spans: list[tuple[int, int, str]] = []
        for pattern, i, _ in self._patterns:  # longest first: 有給休暇 before 有給
            for match in pattern.finditer(masked):
                if match.group(0) not in written:
                    spans.append((match.start(), match.end(), self.entries[i].written[0]))
            masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
        if not spans:
            return question
        out, pos = [], 0
        for start, end, term in sorted(spans):
            out += [text[pos:start], term]
            pos = end
        return "".join(out) + text[pos:]

    @staticmethod
    def search_terms(ideas: list[Entry]) -> str:
        return " ".join(term for entry in ideas for term in entry.written)

    @staticmethod
    def coverage(ideas: list[Entry], passage: str) -> float:
        """Share of the ideas of which the passage writes at least one term."""
        if not ideas:
            return 0.0
        return sum(1 for e in ideas if any(t in passage for t in e.written)) / len(ideas)
