"""Structure-aware units: FAQ pairs, articles and 項, table rows, and prose of at most ~200 chars.

Every unit's text is an exact slice of its document's cleaned text, so a citation quotes the
corpus verbatim and the source page can highlight it by offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.types import Document, Unit, content_id

MAX_PROSE_CHARS = 200
# A paragraph or bullet under way is finished in its unit when it ends within this length.
PARAGRAPH_PROSE_CHARS = 300
LABEL_CHARS = 40
LABEL_MARKS = ("○", "●", "◎", "◆", "◇", "■", "□", "▼", "▽", *"①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽")
CARRIED_LABELS = 2  # 「⑶ 提出先」「① メールの場合」: a heading and its sub-heading open the next unit together
HEADING = re.compile(r"^(#{1,6}) (.+)$")
QUESTION = re.compile(r"^Q ?(\d*)[：:]?\s*(.+)$")
ARTICLE_HEADING = re.compile(r"^(第[一二三四五六七八九十百]+条(?:の[一二三四五六七八九十]+)?)")
PARAGRAPH_NUMBER = re.compile(r"^([２-９]|[１-９][０-９])\u3000")
ITEM_NUMBER = re.compile(r"^[一二三四五六七八九十]+\u3000")
SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![)）」』])")  # 「眼鏡(老眼鏡を含む。)」 is one sentence
SEPARATOR_ROW = re.compile(r"^\|(\s*-{3,}\s*\|)+$")
# A staff member's caption above their interview: 「堀内 亜紀 (平成19年：法律)」, the year they joined and their exam.
CAPTION = re.compile(r"[(（](?:昭和|平成|令和)\s*\d+年\s*[:：][^()（）]{1,12}[)）](?:\s*\S{0,16}\s*現職)?$")
LONGEST_CAPTION_LINE = 80
PERSON_NAME = re.compile(r"^\S{1,5}[ \u3000]\S{1,5}\s*$")
# 「(4)読字障害のある方」: a numbered title over the items that follow it, as a heading would be.
NUMBERED_TITLE = re.compile(r"^[(（][0-9０-９]{1,2}[)）]\S")


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines (or one table row) with its offsets in the document."""

    text: str
    start: int
    end: int
    headings: tuple[str, ...]


def build_units(doc: Document) -> list[Unit]:
    blocks = _blocks(doc.text)
    units: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.text.startswith("|"):
            i = _table(doc, blocks, i, units)
        elif QUESTION.match(block.text) and not block.text.startswith("QR"):
            i = _faq(doc, blocks, i, units)
        elif _article_label(block.headings) and (
            block.text.startswith("第") or PARAGRAPH_NUMBER.match(block.text) or ITEM_NUMBER.match(block.text)
        ):
            i = _article(doc, blocks, i, units)
        else:
            i = _prose(doc, blocks, i, units)
    return _with_unique_ids(units)


def _blocks(text: str) -> list[Block]:
    """Split at blank lines and headings; table rows become one block each."""
    blocks: list[Block] = []
    trail: list[tuple[int, str]] = []
    pos = 0
    current_start = None
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        heading = HEADING.match(line)
        if heading:
            current_start = _close(blocks, text, current_start, line_start, trail)
            level = len(heading.group(1))
            trail = [(lv, t) for lv, t in trail if lv < level] + [(level, heading.group(2).strip())]
            continue
        if not line.strip():
            current_start = _close(blocks, text, current_start, line_start, trail)
            continue
        if line.startswith("|"):
            current_start = _close(blocks, text, current_start, line_start, trail)
            blocks.append(Block(line, line_start, line_end, tuple(t for _, t in trail)))
            continue
        if current_start is None:
            current_start = line_start
    _close(blocks, text, current_start, len(text), trail)
    return blocks


def _close(blocks: list[Block], text: str, start: int | None, end: int, trail) -> None:
    if start is not None:
        body = text[start:end].rstrip()
        blocks.append(Block(body, start, start + len(body), tuple(t for _, t in trail)))
    return None


def _unit(doc: Document, kind: str, start: int, end: int, headings, **extra) -> Unit:
    text = doc.text[start:end]
    return Unit(
        unit_id=content_id(doc.doc_id, kind, text),
        doc_id=doc.doc_id,
        kind=kind,  # type: ignore[arg-type]
        text=text,
        start=start,
        end=end,
        headings=tuple(h for h in headings if h != doc.title),
        **extra,
    )


def _table(doc: Document, blocks: list[Block], i: int, units: list[Unit]) -> int:
    rows = []
    first = blocks[i]
    while i < len(blocks) and blocks[i].text.startswith("|") and blocks[i].headings == first.headings:
        rows.append(blocks[i])
        i += 1
    header: list[str] = []
    if len(rows) > 1 and SEPARATOR_ROW.match(rows[1].text):
        header = cells_of(rows[0].text)
        rows = rows[2:]
    title = rows[0].headings[-1] if rows and rows[0].headings else ""
    carried: list[str] = []
    for row in rows:
        cells = cells_of(row.text)
        # An empty leading cell repeats the cell above (merged cells in the printed table).
        cells = [c or (carried[k] if k < len(carried) and k == 0 else c) for k, c in enumerate(cells)]
        carried = cells
        context = _row_context(header, cells)
        units.append(
            _unit(doc, "row", row.start, row.end, row.headings, context=f"表「{title}」 {context}", label=cells[0] if cells else "")
        )
    return i


def cells_of(row: str) -> list[str]:
    """A Markdown table row's cells, stripped (empty ones kept, so they stay under their column)."""
    return [c.strip() for c in row.strip().strip("|").split("|")]


_CONTEXT_ITEMS, _HEADER_OF = " / ", "："
SHORT_CELL = 40


def _row_context(header: list[str], cells: list[str]) -> str:
    """Headers and short cells are context (「申込者数：794人」); long cells are already the quoted text."""
    return _CONTEXT_ITEMS.join(f"{h}{_HEADER_OF}{c}" if len(c) <= SHORT_CELL else h for h, c in zip(header, cells) if c and h)


def headers_by_cell(context: str) -> dict[str, str]:
    """The reverse of a row's context: each short cell with the column header it was put under."""
    pairs: dict[str, str] = {}
    for item in context.split(_CONTEXT_ITEMS):
        header, sep, value = item.rpartition(_HEADER_OF)
        if sep:
            pairs.setdefault(value.strip(), header.split("」")[-1].strip())  # the first item follows 表「title」
    return pairs


def _faq(doc: Document, blocks: list[Block], i: int, units: list[Unit]) -> int:
    first = blocks[i]
    match = QUESTION.match(first.text.split("\n")[0])
    assert match
    number, question = match.groups()
    end = first.end
    i += 1
    while i < len(blocks):
        block = blocks[i]
        if block.headings != first.headings or QUESTION.match(block.text) or block.text.startswith("|"):
            break
        end = block.end
        i += 1
    if end == first.end and "\n" not in first.text:
        # A question with no answer printed under it (the extraction lost a chart): nothing to cite.
        return i
    units.append(
        _unit(doc, "faq", first.start, end, first.headings, question=question.strip(), label=f"Q{number}" if number else "Q")
    )
    return i


def _article_label(headings: tuple[str, ...]) -> str:
    if not headings:
        return ""
    match = ARTICLE_HEADING.match(headings[-1])
    if not match:
        return ""
    in_supplement = any(h.startswith("附") for h in headings[:-1])
    return ("附則" if in_supplement else "") + match.group(1)


def _article(doc: Document, blocks: list[Block], i: int, units: list[Unit]) -> int:
    """One unit per 項; the 号 listed under a 項 stay with it."""
    article = _article_label(blocks[i].headings)
    headings = blocks[i].headings
    while i < len(blocks) and blocks[i].headings == headings and not blocks[i].text.startswith("|"):
        start_block = blocks[i]
        number = PARAGRAPH_NUMBER.match(start_block.text)
        label = f"{article}第{_to_int(number.group(1))}項" if number else article
        end = start_block.end
        i += 1
        while i < len(blocks) and blocks[i].headings == headings and ITEM_NUMBER.match(blocks[i].text):
            end = blocks[i].end
            i += 1
        units.append(_unit(doc, "article", start_block.start, end, headings, label=label, context=article))
    return i


def _to_int(fullwidth: str) -> int:
    return int(fullwidth.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _prose(doc: Document, blocks: list[Block], i: int, units: list[Unit]) -> int:
    """Consecutive paragraphs under one heading, packed up to ~200 chars (a paragraph under way up to ~300), split at sentence ends."""
    headings = blocks[i].headings
    pieces: list[tuple[int, int]] = []
    while i < len(blocks):
        block = blocks[i]
        if block.headings != headings or block.text.startswith("|") or (QUESTION.match(block.text) and pieces):
            break
        if QUESTION.match(block.text):
            break
        pieces += _sentences(block)
        i += 1
    if not pieces:  # a lone "Q" line that _faq declined
        return _faq(doc, blocks, i, units)
    captions = _caption_starts(doc.text, pieces) | _numbered_titles(doc.text, pieces)
    current = [pieces[0]]
    for k, piece in enumerate(pieces[1:], start=1):
        if k in captions:
            # The next interview's caption belongs to what follows it, never to the previous speaker's words.
            _add_prose(doc, current, headings, units)
            current = []
        elif piece[1] - current[0][0] > MAX_PROSE_CHARS and not _finishes_paragraph(doc.text, current, piece):
            carried = []
            # 「○ 期末手当・勤勉手当（ボーナス）」 names what follows: it opens the next unit rather than ending this one.
            while len(current) > 1 and len(carried) < CARRIED_LABELS and _is_label(doc.text[slice(*current[-1])]):
                carried.insert(0, current.pop())
            _add_prose(doc, current, headings, units)
            current = carried
        current.append(piece)
    _add_prose(doc, current, headings, units)
    return i


def _finishes_paragraph(text: str, current: list[tuple[int, int]], piece: tuple[int, int]) -> bool:
    """A sentence that continues the paragraph or bullet under way stays with it while the unit remains short
    (「…2倍と2.7倍があります。通常の…14ポイント相当」 is one bullet, one unit)."""
    return not _starts_line(text, piece[0]) and piece[1] - current[0][0] <= PARAGRAPH_PROSE_CHARS


def _starts_line(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1] == "\n"


def _add_prose(doc: Document, pieces: list[tuple[int, int]], headings, units: list[Unit]) -> None:
    """A caption with nothing under it (a heading follows) answers no question: it is not a unit."""
    text = doc.text[pieces[0][0]:pieces[-1][1]]
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) <= 3 and CAPTION.search(lines[-1]) and all(_is_caption_line(line) or CAPTION.search(line) for line in lines):
        return
    units.append(_unit(doc, "prose", pieces[0][0], pieces[-1][1], headings))


def _caption_starts(text: str, pieces: list[tuple[int, int]]) -> set[int]:
    """Indexes of the pieces where a staff caption begins."""
    lines = [text[slice(*piece)] for piece in pieces]
    return {first for k in range(len(lines)) if (first := caption_first(lines, k)) is not None}


def caption_first(lines: Sequence[str], k: int) -> int | None:
    """Where the staff caption whose year is on lines[k] begins (None when lines[k] is no caption): its post and name
    may stand on lines of their own above 「(平成19年：法律)」 (two lines), above 「堀内 亜紀 (平成19年：法律)」 (one line),
    or share its line."""
    line = lines[k]
    if "\n" in line or len(line) > LONGEST_CAPTION_LINE or not CAPTION.search(line):
        return None
    before = CAPTION.split(line)[0]
    above = 2 if not before.strip() else 1 if PERSON_NAME.match(before) else 0
    first = k
    while above and first > 0 and _is_caption_line(lines[first - 1]):
        first -= 1
        above -= 1
    return first


def _numbered_titles(text: str, pieces: list[tuple[int, int]]) -> set[int]:
    """Indexes of the pieces that are a numbered title on a line of its own: what follows is that section's, not the
    section before it (「③ 車椅子の使用」 belongs to (3), 「(4)読字障害のある方」 opens the next unit)."""
    return {k for k, (s, e) in enumerate(pieces)
            if k and _starts_line(text, s) and NUMBERED_TITLE.match(text[s:e]) and _is_title_line(text[s:e])}


def _is_caption_line(piece: str) -> bool:
    """An unmarked short line (a post, a name) that may stand above a caption's year."""
    return _is_title_line(piece) and not piece.startswith(("-", *LABEL_MARKS))


def _is_label(piece: str) -> bool:
    """A marked line with no sentence end (「○ 退職手当」): a title for the lines after it."""
    return _is_title_line(piece) and piece.startswith(LABEL_MARKS)


def _is_title_line(piece: str) -> bool:
    """One short line with no sentence end."""
    return len(piece) <= LABEL_CHARS and "\n" not in piece and not SENTENCE_END.search(piece)


def _sentences(block: Block) -> list[tuple[int, int]]:
    """Offsets of the block's sentences; a sentence longer than the limit stays whole."""
    spans = []
    offset = block.start
    for part in SENTENCE_END.split(block.text):
        if not part:
            continue
        stripped_start = len(part) - len(part.lstrip())
        body = part.strip()
        if body:
            s = offset + stripped_start
            spans.append((s, s + len(body)))
        offset += len(part)
    return spans


def _with_unique_ids(units: list[Unit]) -> list[Unit]:
    """Identical passages in one document get the occurrence number folded into the id."""
    seen: Counter[str] = Counter()
    out = []
    for unit in units:
        seen[unit.unit_id] += 1
        if seen[unit.unit_id] > 1:
            unit = Unit(**{**unit.__dict__, "unit_id": content_id(unit.unit_id, str(seen[unit.unit_id]))})
        out.append(unit)
    return out
