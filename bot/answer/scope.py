"""Which documents a question points at: 'IT人材' → the IT selection, '外務省' → its guide."""

from __future__ import annotations

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
