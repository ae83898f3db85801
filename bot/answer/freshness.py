"""Whether a document describes a recruitment that is over, seen from an injectable today."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.messages import say
from bot.types import Document

# 「2019（令和元）年度の選考」: a fiscal year runs April to March, so it is over after 31 March of the next year.
_FISCAL_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:\([^)]*\))?\s*年度")


def closed_on(doc: Document) -> date | None:
    """The day after which the recruitment a document describes is closed: its deadline, else its fiscal year's end."""
    if doc.deadline:
        return date.fromisoformat(doc.deadline)
    if doc.doc_type != "notice":  # guides and rules describe standing arrangements, not one recruitment
        return None
    match = _FISCAL_YEAR.search(unicodedata.normalize("NFKC", doc.period))
    return date(int(match.group(1)) + 1, 3, 31) if match else None


def is_stale(doc: Document, today: date) -> bool:
    closed = closed_on(doc)
    return closed is not None and closed < today


def stale_note(docs: list[Document], today: date, lang: str) -> str:
    """One line per closed recruitment: when it closed and where current information is found."""
    notes = []
    for doc in dict.fromkeys(docs):
        if not is_stale(doc, today):
            continue
        closed = closed_on(doc)
        when = say("conversation.date", lang, y=closed.year, m=closed.month, d=closed.day)
        where = doc.url or doc.contact
        key = "conversation.stale_where" if where else "conversation.stale"
        notes.append(say(key, lang, title=doc.short_name or doc.title, closed=when, where=where or ""))
    return "\n".join(notes)
