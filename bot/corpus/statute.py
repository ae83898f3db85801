"""The statute reader: 条・項・号, captions, 附則 and 別表 of a rule's text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.corpus.lines import KANJI_NUMERAL, join_fragments

if TYPE_CHECKING:
    from bot.corpus.clean import Profile

ARTICLE = re.compile(r"^第[一二三四五六七八九十百]+条(の[一二三四五六七八九十]+)?$")
ITEM_NUMBER = re.compile(rf"^([２-９]|[1-9]|[１-９][０-９]?|[{KANJI_NUMERAL}]+)$")
APPENDIX = re.compile(r"^別表第[一二三四五六七八九十]+\u3000.+（第.+条関係）$")


def read_statute(raw: str, profile: Profile) -> list[str]:
    lines = [ln.rstrip() for ln in raw.split("\n")]
    first_appendix = next((i for i, ln in enumerate(lines) if APPENDIX.match(ln.strip())), len(lines))
    blocks = _statute_body(lines[:first_appendix])
    blocks += _statute_appendices(lines[first_appendix:])
    return blocks


def _statute_body(lines: list[str]) -> list[str]:
    blocks: list[str] = []
    caption = ""
    pending_number = ""
    for raw_line in lines:
        text = raw_line.strip().strip("\u3000")
        if not text:
            continue
        if raw_line.startswith("#"):
            heading = text.lstrip("#")
            if raw_line.startswith("##"):
                caption = heading
            else:
                blocks.append(f"# {heading}")
            continue
        if re.match(r"附[\s\u3000]+則", text):
            blocks.append("## " + re.sub(r"[\s\u3000]+", " ", text))
            caption = ""
            continue
        if ARTICLE.match(text):
            blocks.append(f"### {text}{caption}")
            caption = ""
            pending_number = text
            continue
        if ITEM_NUMBER.match(text):
            pending_number = text
            continue
        starts_text = raw_line.startswith("\u3000")
        if pending_number:
            blocks.append(f"{pending_number}\u3000{text}")
            pending_number = ""
        elif starts_text or not blocks or blocks[-1].startswith("#"):
            blocks.append(text)
        else:
            blocks[-1] = join_fragments(blocks[-1], text)
    return blocks


def _statute_appendices(lines: list[str]) -> list[str]:
    """別表: each row is (採用試験の種類, 区分試験, text); merged 区分 names are separated."""
    blocks: list[str] = []
    known_divisions: list[str] = []
    entries = [ln.strip() for ln in lines if ln.strip() and ln.strip() != "\u3000"]
    raw_entries = [ln for ln in lines if ln.strip()]
    i = 0
    header: list[str] = []
    exam = ""
    division = ""
    while i < len(entries):
        text = entries[i]
        raw_line = raw_entries[i]
        i += 1
        if APPENDIX.match(text):
            blocks.append(f"## {text}")
            header = entries[i : i + 3]
            i += 3
            blocks += ["| " + " | ".join(header) + " |", "|---|---|---|"]
            exam, division = "", ""
            continue
        is_text = raw_line.startswith("\u3000") or re.match(rf"^[{KANJI_NUMERAL}]+\u3000", text)
        if is_text:
            blocks.append(f"| {exam} | {division} | {text} |")
            division = ""
            continue
        if re.search(r"(試験|採用試験)(（[^）]+）)?$", text) and not text.startswith("全て"):
            exam = text
            continue
        if header and "区分試験の対象となる官職" in header[-1]:
            known_divisions.append(text)
        division = _split_divisions(text, known_divisions)
    # A row whose 区分 cell is empty (the exam has a single division) follows its exam line.
    return blocks


def _split_divisions(text: str, known: list[str]) -> str:
    """'行政人間科学工学' → '行政、人間科学、工学' using the names 別表第一 lists one by one."""
    names = sorted(set(known), key=len, reverse=True)
    parts: list[str] = []
    rest = text
    while rest:
        match = next((n for n in names if rest.startswith(n)), None)
        if match is None:
            return text
        parts.append(match)
        rest = rest[len(match) :]
    return "、".join(parts)
