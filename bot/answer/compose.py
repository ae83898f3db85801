"""Extractive answers: the most relevant sentences of the best units, quoted verbatim with [n] markers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.corpus.lines import ITEM_MARK
from bot.ingest.units import cells_of, headers_by_cell
from bot.index.lexical import JapaneseTokenizer
from bot.messages import say
from bot.types import Citation, Document, Unit

MAX_ANSWER_CHARS = 320
_LIST_LINE = re.compile(rf"^\s*(?:{ITEM_MARK})", re.MULTILINE)
SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
ANSWER_PREFIX = re.compile(r"^A ?\d*[：:]?\s*")


@dataclass(frozen=True)
class Passage:
    """The part of a unit an answer quotes: whole sentences, verbatim, with their offsets."""

    unit: Unit
    text: str
    start: int
    end: int


def select_passage(unit: Unit, query_tokens: set[str], tokenizer: JapaneseTokenizer) -> Passage:
    """FAQ → its answer; a table row or an article → whole; prose → the best sentences in order."""
    if unit.kind == "faq":
        body_start = unit.text.find("\n")
        answer = unit.text[body_start:].strip() if body_start > 0 else unit.text
        offset = unit.text.find(answer)
        return _trimmed(unit, offset, answer, query_tokens, tokenizer)
    if unit.kind in ("row", "article") or len(unit.text) <= MAX_ANSWER_CHARS:
        return Passage(unit, unit.text, unit.start, unit.end)
    return _trimmed(unit, 0, unit.text, query_tokens, tokenizer)


def _trimmed(unit: Unit, offset: int, text: str, query_tokens: set[str], tokenizer: JapaneseTokenizer) -> Passage:
    if len(text) <= MAX_ANSWER_CHARS:
        return Passage(unit, text, unit.start + offset, unit.start + offset + len(text))
    spans = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]
    scored = []
    for position, (s, e) in enumerate(spans):
        tokens = set(tokenizer.tokens(text[s:e]))
        overlap = len(tokens & query_tokens)
        scored.append((overlap, -position, s, e))
    chosen: list[tuple[int, int]] = []
    used = 0
    for overlap, _, s, e in sorted(scored, reverse=True):
        if used + (e - s) > MAX_ANSWER_CHARS and chosen:
            continue
        chosen.append((s, e))
        used += e - s
    chosen.sort()
    # Quote one contiguous run so the citation stays a single verbatim passage.
    s, e = chosen[0][0], chosen[-1][1]
    if e - s > MAX_ANSWER_CHARS * 2:
        s, e = chosen[0]
    quote = text[s:e].strip()
    start = unit.start + offset + text.find(quote, s)
    return Passage(unit, quote, start, start + len(quote))


# A sentence announcing the list after it: 「※ 次のいずれかに該当する者は応募できません。」
_LEAD_IN = re.compile(r"[^。！？\n]*(?:次の|以下の|いずれか|次に掲げる)[^。！？\n]*[。：:]\s*$")


def with_lead_in(passage: Passage, previous: Unit | None, document_text: str) -> Passage:
    """A quote opening a list, with the sentence announcing that list before it: 「⑴ 日本の国籍を有しない者」 says
    nothing without 「次のいずれかに該当する者は応募できません。」. The quote stays one verbatim run of the document."""
    if previous is None or previous.kind != "prose" or passage.start != passage.unit.start:
        return passage
    if not _LIST_LINE.match(passage.unit.text):
        return passage
    lead_in = _LEAD_IN.search(previous.text)
    if lead_in is None:
        return passage
    start = previous.start + lead_in.start() + (len(lead_in.group()) - len(lead_in.group().lstrip()))
    return Passage(passage.unit, document_text[start:passage.end], start, passage.end)


_POINTS_AHEAD = re.compile(r"(?:以下|次)の(?:とおり|通り|もの|業務|区分|要件|事項)")


def pointed_list(passage: Passage, after: list[Unit]) -> Unit | None:
    """The list a quote points to (「以下の業務を担当する係長級職員として採用します」) when it is not in the quote's own
    unit: the first of the units after it, within the same section, that holds list items."""
    pointer = _POINTS_AHEAD.search(passage.text)
    if pointer is None:
        return None
    # Offsets, not a text search: a quote given its lead-in starts before its unit.
    if _LIST_LINE.search(passage.unit.text, max(passage.start + pointer.end() - passage.unit.start, 0)):
        return None
    section = passage.unit.headings[:1]
    for unit in after:
        if unit.headings[:1] != section:
            return None
        if _LIST_LINE.search(unit.text):
            return unit
    return None


def display_text(passage: Passage) -> str:
    """How a quoted passage reads inside an answer: Markdown table pipes and the 'A' label removed."""
    text = passage.text
    if passage.unit.kind == "row":
        headed = _headed_cells([c for c in cells_of(text) if c], passage.unit.context)
        text = "：".join(headed[:1]) + ("　" + "　".join(headed[1:]) if len(headed) > 1 else "")
    text = ANSWER_PREFIX.sub("", text)
    return re.sub(r"\n\s*\n", "\n", text).strip()


def _headed_cells(cells: list[str], context: str) -> list[str]:
    """Each value cell after its column header, as the row's context pairs them (「申込者数：794人」): a row of bare
    figures («近畿　794人　105人　26人») does not say which is which. The first cell names the row and stands alone."""
    pairs = headers_by_cell(context)
    # A table without a header row had its first line taken as one (a career table's 「平成20年 4月」): a "header"
    # shaped like the row's own first cell is data, and labels nothing.
    if cells and _shape(pairs.get(cells[0], "")) == _shape(cells[0]):
        return cells
    return cells[:1] + [f"{pairs[c]}：{c}" if pairs.get(c) else c for c in cells[1:]]


def _shape(cell: str) -> str:
    return re.sub(r"\d+", "#", unicodedata.normalize("NFKC", cell)).replace(" ", "")


def citation_for(n: int, passage: Passage, doc: Document, base_url: str = "") -> Citation:
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        title=doc.title,
        organization=doc.organization,
        quote=passage.text,
        url=source_url(doc.doc_id, passage.start, passage.end, base_url),
        unit_id=passage.unit.unit_id,
        start=passage.start,
        end=passage.end,
    )


def source_url(doc_id: str, start: int, end: int, base_url: str = "") -> str:
    return f"{base_url.rstrip('/')}/sources/{doc_id}?start={start}&end={end}#passage"


def source_label(doc: Document, lang: str) -> str:
    if lang == "en":
        return f"“{doc.short_name}” ({doc.organization})"
    return f"「{doc.short_name}」（{doc.organization}）"


def compose_single(passages: list[Passage], docs: dict[str, Document], lang: str, base_url: str):
    """One source: an intro naming the document, then each quoted passage with its marker."""
    doc = docs[passages[0].unit.doc_id]
    lines = [say("answer.intro", lang, source=source_label(doc, lang))]
    citations = []
    for n, passage in enumerate(passages, start=1):
        lines.append(f"{display_text(passage)}[{n}]")
        citations.append(citation_for(n, passage, docs[passage.unit.doc_id], base_url))
    return "\n".join(lines), tuple(citations)


def compose_per_org(passages: list[Passage], docs: dict[str, Document], lang: str, base_url: str, short_names: dict[str, str]):
    """Different organizations, answered side by side, each with its own citation."""
    lines = [say("answer.multi_intro", lang)]
    citations = []
    for n, passage in enumerate(passages, start=1):
        doc = docs[passage.unit.doc_id]
        org = short_names.get(doc.organization, doc.organization)
        lines.append(f"{say('answer.for_org', lang, org=org)}{source_label(doc, lang)}: {display_text(passage)}[{n}]")
        citations.append(citation_for(n, passage, doc, base_url))
    return "\n".join(lines), tuple(citations)
