"""Which documents a question points at: 'IT人材' → the IT selection, '外務省' → its guide."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.types import Document, Organization

# Words that add nothing to a follow-up such as '外務省の場合は？' or 'what about MOFA?'.
FOLLOW_UP_FILLERS = {"場合", "どう", "何", "方", "ほう", "ケース", "こと", "case", "about", "what", "how", "then", "and"}


@dataclass(frozen=True)
class Scope:
    doc_ids: frozenset[str]
    matched: tuple[str, ...]

    @classmethod
    def empty(cls) -> "Scope":
        return cls(frozenset(), ())

    def is_only_scope(self, message: str, tokenizer) -> bool:
        rest = _fold(message)
        for alias in sorted(self.matched, key=len, reverse=True):
            rest = rest.replace(_fold(alias), " ")
        tokens = [t for t in tokenizer.tokens(rest) if t not in FOLLOW_UP_FILLERS]
        return not tokens


def detect_scope(message: str, documents: dict[str, Document], orgs: dict[str, Organization]) -> Scope:
    folded = _fold(message)
    doc_hits: set[str] = set()
    matched: list[str] = []
    for doc in documents.values():
        for alias in doc.aliases:
            if _fold(alias) in folded:
                doc_hits.add(doc.doc_id)
                matched.append(alias)
    for org in orgs.values():
        for alias in org.aliases:
            if _fold(alias) in folded:
                matched.append(alias)
                if not any(documents[d].organization == org.name for d in doc_hits):
                    doc_hits.update(d.doc_id for d in documents.values() if d.organization == org.name)
    return Scope(frozenset(doc_hits), tuple(matched))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


_WESTERN_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)\s*年?")
_ERA_YEAR = re.compile(r"(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*年")
_ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}


def years_in(text: str) -> set[int]:
    """Calendar years a text names, in 西暦 or 和暦 ('令和7年' → 2025, '2019(令和元)年' → 2019)."""
    folded = unicodedata.normalize("NFKC", text)
    years = {int(m.group(1)) for m in _WESTERN_YEAR.finditer(folded)}
    for era, number in _ERA_YEAR.findall(folded):
        years.add(_ERA_BASE[era] + (1 if number == "元" else int(number)))
    return years


def asks_about_other_year(question: str, passage_text: str, doc: Document) -> bool:
    """The question names a year that neither the passage nor the document's period speaks of."""
    asked = years_in(question)
    if not asked:
        return False
    covered = years_in(passage_text) | years_in(doc.period)
    if doc.as_of:
        covered.add(int(doc.as_of[:4]))
    return not asked & covered
