"""Up to three related questions the corpus is known to answer, each checked by actually answering it.

Candidates come from around the answer: FAQ questions among the hits and near the quoted unit, and the
headings of neighbouring sections. A candidate is offered only if asking it in this conversation gives an
answer (not a fallback) that quotes something not already shown, and it is not the question just asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.answer.followup import fold
from bot.messages import say
from bot.types import Answer, Hit, Organization, Unit

LIMIT = 3
MAX_PROBES = 8  # each probe is one retrieval; bounds the work per answer
NEIGHBOURHOOD = 4  # units either side of the quoted one, in document order
_HEADING_NOISE = re.compile(r"^[\d０-９]+\s*|[【】◆●■▶]")


class Neighbours:
    """Units in document order, to find what sits next to a quoted passage."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._by_doc: dict[str, list[Unit]] = {}
        for unit in sorted(units, key=lambda u: (u.doc_id, u.start)):
            self._by_doc.setdefault(unit.doc_id, []).append(unit)
        self._position = {u.unit_id: (u.doc_id, i) for doc in self._by_doc.values() for i, u in enumerate(doc)}

    def around(self, unit_id: str, reach: int = NEIGHBOURHOOD) -> list[Unit]:
        """The units nearest first: next, previous, the one after next …"""
        if unit_id not in self._position:
            return []
        doc_id, i = self._position[unit_id]
        units = self._by_doc[doc_id]
        out = []
        for step in range(1, reach + 1):
            for j in (i + step, i - step):
                if 0 <= j < len(units):
                    out.append(units[j])
        return out

    def heading(self, unit_id: str) -> str:
        """The innermost heading of a unit ('' when it has none)."""
        unit = self.unit(unit_id)
        return unit.headings[-1] if unit and unit.headings else ""

    def unit(self, unit_id: str) -> Unit | None:
        if unit_id not in self._position:
            return None
        doc_id, i = self._position[unit_id]
        return self._by_doc[doc_id][i]

    def preceding(self, unit_id: str) -> Unit | None:
        """The unit just before this one in the same section, or None."""
        if unit_id not in self._position:
            return None
        doc_id, i = self._position[unit_id]
        units = self._by_doc[doc_id]
        return units[i - 1] if i > 0 and units[i - 1].headings == units[i].headings else None

    def next_in_document(self, unit_id: str, reach: int) -> list[Unit]:
        """The next `reach` units of the document, whatever their headings."""
        if unit_id not in self._position:
            return []
        doc_id, i = self._position[unit_id]
        return self._by_doc[doc_id][i + 1 : i + 1 + reach]

    def following(self, unit_id: str) -> list[Unit]:
        """The units after this one in the same section, in reading order."""
        if unit_id not in self._position:
            return []
        doc_id, i = self._position[unit_id]
        units = self._by_doc[doc_id]
        return [u for u in units[i + 1 :] if u.headings == units[i].headings]


def candidates(hits: Iterable[Hit], quoted: list[str], neighbours: Neighbours, org_of: Callable[[str], Organization | None],
               lang: str) -> list[str]:
    """Questions near the answer, best first: FAQ questions among the hits, then near the quote, then headings."""
    quoted_set = set(quoted)
    out: list[str] = []
    for hit in hits:
        if hit.unit.kind == "faq" and hit.unit.question and hit.unit.unit_id not in quoted_set:
            out.append(hit.unit.question)
    nearby = [u for unit_id in quoted for u in neighbours.around(unit_id) if u.unit_id not in quoted_set]
    out += [u.question for u in nearby if u.kind == "faq" and u.question]
    quoted_headings = {neighbours.heading(unit_id) for unit_id in quoted}
    for unit in nearby:
        if unit.kind != "faq" and unit.headings and unit.headings[-1] not in quoted_headings:
            org = org_of(unit.doc_id)
            name = (org.en if lang == "en" else org.short) if org else ""
            topic = _HEADING_NOISE.sub("", unit.headings[-1]).strip()
            if topic:
                out.append(say("conversation.about", lang, org=name, topic=topic))
    return out


def verified(options: list[str], asked: str, shown: set[str], probe: Callable[[str], Answer], limit: int = LIMIT) -> tuple[str, ...]:
    """The first options that, asked next, get an answer quoting something new."""
    chosen: list[str] = []
    seen = {fold(asked)}
    probes = 0
    for option in options:
        key = fold(option)
        if not key or key in seen:
            continue
        seen.add(key)
        if probes >= MAX_PROBES or len(chosen) >= limit:
            break
        probes += 1
        answer = probe(option)
        if answer.kind in ("answer", "clarify") and answer.citations and not {c.unit_id for c in answer.citations} <= shown:
            chosen.append(option)
    return tuple(chosen)
