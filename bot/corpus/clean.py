"""Turn a raw text extraction into the cleaned, structured text kept in corpus/.

The cleaned text is a light Markdown: `#` headings, `| … |` table rows (the first row of a
table is its header, followed by `|---|`), `Q …`/`A …` lines for FAQ pairs, `- ` list items,
and paragraphs. Japanese lines broken by the PDF layout are joined without inserting spaces.
Each layout family (pdf, layout, statute, web) has its own reader; what is specific to a
document (its headings, its page furniture) is data in sources.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from sudachipy import dictionary, tokenizer

from bot.corpus.lines import ITEM_MARK, ends_sentence, join_fragments
from bot.corpus.statute import read_statute

LIST_MARK = re.compile(rf"^({ITEM_MARK}|※|[ア-ン] |Q ?\d*[：:]?|A ?\d*[：:]?)")
CJK = r"\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e"
CAPTION = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'’\-()]{60,}$")
TABLE_SEPARATOR = re.compile(r"^\|?\s*-{3,}\s*(\|\s*-{3,}\s*)*\|?\s*$")
FURNITURE_CELLS = {"PDFファイル、テキストファイル", "PDFファイル テキストファイル", "詳 細", "詳細"}


@dataclass(frozen=True)
class HeadingRule:
    pattern: re.Pattern[str]
    level: int
    text: str | None = None


@dataclass
class Profile:
    """What is particular to one document: its heading lines, dropped lines and fixes."""

    layout: str
    headings: list[HeadingRule] = field(default_factory=list)
    drop: list[re.Pattern[str]] = field(default_factory=list)
    replace: list[tuple[str, str]] = field(default_factory=list)
    table_headers: list[re.Pattern[str]] = field(default_factory=list)
    replace_lines: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict) -> "Profile":
        return cls(
            layout=raw["layout"],
            headings=[
                HeadingRule(re.compile(h["pattern"]), int(h["level"]), h.get("text"))
                for h in raw.get("headings") or []
            ],
            drop=[re.compile(p) for p in raw.get("drop") or []],
            replace=[(a, b) for a, b in raw.get("replace") or []],
            table_headers=[re.compile(p) for p in raw.get("table_headers") or []],
            replace_lines=[(re.compile(a), b) for a, b in raw.get("replace_lines") or []],
        )

    def heading(self, line: str) -> str | None:
        for rule in self.headings:
            if rule.pattern.match(line):
                return "#" * rule.level + " " + (rule.text or line)
        return None

    def dropped(self, line: str) -> bool:
        return any(p.search(line) for p in self.drop)


def clean(raw: str, profile: Profile, title: str) -> str:
    for old, new in profile.replace:
        raw = raw.replace(old, new)
    readers = {"pdf": _read_pdf, "layout": _read_layout, "statute": read_statute, "web": _read_web}
    blocks = readers[profile.layout](raw, profile)
    blocks = _drop_repeats(blocks)
    if not blocks or blocks[0] != f"# {title}":
        blocks = [f"# {title}", *[b for b in blocks if b.lstrip("# ") != title]]
    return render(blocks)


def render(blocks: list[str]) -> str:
    """Blocks are separated by a blank line, except rows of one table, which stay together."""
    out = []
    for i, block in enumerate(blocks):
        if i and not (block.startswith("|") and blocks[i - 1].startswith("|")):
            out.append("")
        out.append(re.sub(r"^(・|- )\s+", r"\1 ", block).replace("・  ", "・ "))
    return "\n".join(out).strip() + "\n"


def _drop_repeats(blocks: list[str]) -> list[str]:
    """Drop a block identical to the one before it (a line the extraction printed twice)."""
    out: list[str] = []
    for block in blocks:
        if out and block == out[-1]:
            continue
        out.append(block)
    return out


def _finish_line(line: str, profile: Profile) -> str | None:
    """Decide what a whole logical line becomes: dropped, a heading, or itself."""
    line = line.strip()
    for pattern, replacement in profile.replace_lines:
        line = pattern.sub(replacement, line)
    if not line or profile.dropped(line) or CAPTION.match(line):
        return None
    return profile.heading(line) or line


# --- pdf: a line ending in a space ends a paragraph; others continue into the next ------------


def _read_pdf(raw: str, profile: Profile) -> list[str]:
    blocks: list[str] = []
    current = ""
    for line in raw.split("\n"):
        if line == "":
            continue
        if not line.strip():
            current = _flush(current, blocks, profile)
            continue
        current = join_fragments(current, line.strip())
        if line.endswith((" ", "\u3000")):
            current = _flush(current, blocks, profile)
    _flush(current, blocks, profile)
    return blocks


def _flush(current: str, blocks: list[str], profile: Profile) -> str:
    finished = _finish_line(current, profile)
    if finished:
        blocks.append(finished)
    return ""


# --- layout: blocks separated by blank lines (brochures with image captions) -----------------


def _read_layout(raw: str, profile: Profile) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in raw.split("\n"):
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks: list[str] = []
    for lines in paragraphs:
        for piece in _layout_block(lines, profile):
            if blocks and _continues(blocks[-1], piece):
                blocks[-1] = join_fragments(blocks[-1], piece)
            else:
                blocks.append(piece)
    return blocks


def _layout_block(lines: list[str], profile: Profile) -> list[str]:
    """One visual block: table rows, list items, or lines of one paragraph."""
    if lines and all("\t" in ln for ln in lines) and not all(profile.dropped(ln.strip()) for ln in lines):
        return _tab_table(lines)
    out: list[str] = []
    for raw_line in lines:
        line = _finish_line(raw_line, profile)
        if line is None:
            continue
        starts_item = line.startswith("#") or bool(LIST_MARK.match(line))
        if out and not starts_item and not out[-1].startswith("#") and not ends_sentence(out[-1]):
            out[-1] = join_fragments(out[-1], line)
        elif out and not starts_item and not out[-1].startswith("#") and out[-1][0] not in "-・QA":
            out[-1] = out[-1] + line
        else:
            out.append(line)
    return out


def _continues(previous: str, piece: str) -> bool:
    """A paragraph cut mid-sentence at a page or column break (ends in 、 or a particle)."""
    if previous.startswith(("#", "|", "- ")) or piece.startswith(("#", "|", "- ", "Q", "A ")):
        return False
    if previous.endswith("こと"):
        return False
    return previous.endswith(("、", "の", "と", "を", "が", "に", "は", "で", "も", "や")) or _cuts_a_word(previous, piece)


def _cuts_a_word(previous: str, piece: str) -> bool:
    """「…負担が生じることにな」 | 「ります。…」: the break falls inside one word (Sudachi reads a word across it)."""
    if not re.match(r"[\u3041-\u3096]", piece) or not re.search(r"[\u3041-\u3096\u3400-\u9fff]$", previous):
        return False
    tail, head = previous[-8:], piece[:8]
    return any(m.begin() < len(tail) < m.end() for m in _sudachi().tokenize(tail + head, tokenizer.Tokenizer.SplitMode.C))


@functools.lru_cache(maxsize=1)
def _sudachi():
    return dictionary.Dictionary(dict="core").tokenizer()


def _tab_table(lines: list[str]) -> list[str]:
    rows = []
    for ln in lines:
        cells = [c.strip() for c in ln.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        rows.append("| " + " | ".join(cells) + " |")
    width = max(r.count("|") for r in rows) - 1
    return [rows[0], "|" + "---|" * width, *rows[1:]]


# --- web: a page flattened with `|` between cells ---------------------------------------------


def _read_web(raw: str, profile: Profile) -> list[str]:
    blocks: list[str] = []
    table_width = 0
    pending: list[str] = []
    for raw_line in raw.split("\n"):
        line = raw_line.strip()
        if not line or profile.dropped(line):
            continue
        if TABLE_SEPARATOR.match(line):
            continue
        if "|" not in line:
            table_width = 0
            _web_paragraph(line, blocks, profile)
            continue
        cells = [c.strip() for c in line.split("|")]
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) == 1:
            if pending:
                pending.append(cells[0])
                if len(pending) >= table_width:
                    _web_row(pending, blocks, header=False)
                    pending = []
                continue
            if line.endswith("|") and len(cells[0]) <= 30 and not ends_sentence(cells[0]):
                blocks.append(f"## {cells[0]}")
                table_width = 0
            else:
                _web_paragraph(cells[0], blocks, profile)
            continue
        if table_width and len(cells) < table_width - 1 and not pending:
            pending = cells
            continue
        if pending:
            pending += cells
            if len(pending) >= table_width - 1:
                _web_row(pending, blocks, header=False)
                pending = []
            continue
        if not table_width:
            table_width = len(cells)
            _web_row(cells, blocks, header=any(p.match(cells[0]) for p in profile.table_headers))
        else:
            _web_row(cells, blocks, header=False)
    return _drop_empty_columns(blocks)


def _web_paragraph(line: str, blocks: list[str], profile: Profile) -> None:
    finished = _finish_line(line, profile)
    if finished is None:
        return
    previous = blocks[-1] if blocks else ""
    wrapped = previous and not previous.startswith(("#", "|")) and len(previous) >= 50 and not ends_sentence(previous)
    if wrapped and not LIST_MARK.match(finished):
        blocks[-1] = join_fragments(previous, finished)
    else:
        blocks.append(finished)


def _web_row(cells: list[str], blocks: list[str], header: bool) -> None:
    cells = [_collapse_spaced_letters(c) for c in cells]
    blocks.append("| " + " | ".join(cells) + " |")
    if header:
        blocks.append("|" + "---|" * len(cells))


def _collapse_spaced_letters(cell: str) -> str:
    """'北 海 道' → '北海道': single characters spread out by the page's letter spacing."""
    if re.fullmatch(rf"[{CJK}](\s[{CJK}])+", cell):
        return cell.replace(" ", "")
    return cell


def _drop_empty_columns(blocks: list[str]) -> list[str]:
    """Remove link-only columns ('PDFファイル、テキストファイル') and the header cells above them."""
    out: list[str] = []
    table: list[str] = []
    for block in [*blocks, ""]:
        if block.startswith("|"):
            table.append(block)
            continue
        if table:
            out += _clean_table(table)
            table = []
        if block:
            out.append(block)
    return out


def _clean_table(rows: list[str]) -> list[str]:
    grid = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    body = [g for g, r in zip(grid, rows) if not TABLE_SEPARATOR.match(r)]
    width = max(len(g) for g in body)
    keep = [
        col
        for col in range(width)
        if any(len(g) > col and g[col] and g[col] not in FURNITURE_CELLS for g in body[1:] or body)
    ]
    out = []
    for g, r in zip(grid, rows):
        if TABLE_SEPARATOR.match(r):
            out.append("|" + "---|" * len(keep))
            continue
        cells = [g[c] if c < len(g) else "" for c in keep]
        if not any(cells):
            continue
        out.append("| " + " | ".join(cells) + " |")
    return out
