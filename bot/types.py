"""The shared vocabulary: frozen dataclasses passed between every stage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

UnitKind = Literal["faq", "article", "row", "prose"]
AnswerKind = Literal["answer", "eligibility", "clarify", "fallback"]
Verdict = Literal["eligible", "ineligible", "need_info"]
CheckStatus = Literal["pass", "fail", "unknown"]


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from content, so rebuilding produces the same ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Anticipated:
    """Questions applicants are expected to ask that the passage holding `anchor` answers.

    Written from the document alone (corpus/anticipated/), they give the search the applicants'
    own words for a passage: matched question to question, as an FAQ's question side is."""

    anchor: str  # a verbatim substring occurring exactly once in the document
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    organization: str
    doc_type: str  # guide / rule / notice
    period: str  # the fiscal year or dates the document speaks of, as printed
    as_of: str  # ISO date the document's facts refer to (for freshness)
    url: str | None
    text: str  # the cleaned text exactly as stored in corpus/
    short_name: str = ""
    deadline: str | None = None  # ISO date after which its recruitment is closed
    aliases: tuple[str, ...] = ()  # words in a question that point at this document
    # Words that point at it too but name a part of it (点字, 受験資格): kept in the search, they tell its passages apart.
    topics: tuple[str, ...] = ()
    contact: str | None = None  # the official contact the document prints
    anticipated: tuple[Anticipated, ...] = ()


@dataclass(frozen=True)
class Organization:
    name: str
    short: str
    en: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every way a question may name it."""
        return (self.name, self.short, *self.aliases)


@dataclass(frozen=True)
class Unit:
    """One retrievable passage; `text` is exactly document.text[start:end]."""

    unit_id: str
    doc_id: str
    kind: UnitKind
    text: str
    start: int
    end: int
    headings: tuple[str, ...] = ()
    question: str | None = None  # the Q side of an FAQ pair
    context: str = ""  # table title / column headers / article number, indexed but not quoted
    label: str = ""  # e.g. 第八条, Q4, a table row's first cell

    @property
    def search_text(self) -> str:
        parts = [*self.headings, self.context, self.text]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float
    mode: str = ""


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    organization: str
    quote: str
    url: str
    unit_id: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Check:
    id: str
    label: str
    status: CheckStatus
    detail: str
    cite: int | None = None


@dataclass(frozen=True)
class Eligibility:
    exam: str
    verdict: Verdict
    checks: tuple[Check, ...]
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    text: str
    citations: tuple[Citation, ...] = ()
    eligibility: Eligibility | None = None
    suggestions: tuple[str, ...] = ()
    # Diagnostics kept out of the public contract unless a field is added for them.
    hits: tuple[Hit, ...] = field(default=(), compare=False, repr=False)
    confidence: float = 0.0
    generated: bool = False  # phrased by the optional generator (else the extractive quote)
