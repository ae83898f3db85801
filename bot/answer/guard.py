"""Checks run on every answer before it is sent.

Numbers are compared after folding their spellings together: full-width digits (ＮＦＫＣ), thousands
commas, kanji numerals before a counter (「二年目」「百二十七人」) and 和暦 years (「令和7年」 = 2025年),
so that an answer cannot state a number, a date or a year that its cited quotes do not.
"""

from __future__ import annotations

import re
import unicodedata

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKER = re.compile(r"\[(\d+)\]")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
# Kanji numerals count only where they are quantities: before a counter or after 第/和暦 (「一般職」 is not a number).
_COUNTER = r"(?:年|か月|ヶ月|カ月|ヵ月|箇月|月|日|人|名|歳|才|回|時間|時|分|週|円|万|億|割|倍|級|号|条|項|次|期|度|件|か所|ヶ所|箇所|つ)"
_KANJI_NUMBER = re.compile(rf"(?<=[第令和成昭])[〇零一二三四五六七八九十百千万]+|[〇零一二三四五六七八九十百千万]+(?={_COUNTER})")
_ERA = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年")
_ERA_BASE = {"令和": 2018, "平成": 1988, "昭和": 1925}


def kanji_to_int(numeral: str) -> int:
    """「百二十七」 → 127, 「二〇一九」 → 2019, 「一万二千」 → 12000."""
    if not any(c in _KANJI_UNITS or c == "万" for c in numeral):
        return int("".join(str(_KANJI_DIGITS[c]) for c in numeral))
    total = section = digit = 0
    for c in numeral:
        if c in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[c]
        elif c in _KANJI_UNITS:
            section += (digit or 1) * _KANJI_UNITS[c]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10_000
            section = digit = 0
    return total + section + digit


def fold_numbers(text: str) -> str:
    """The text with every number spelled in Arabic digits and 和暦 years as 西暦."""
    text = unicodedata.normalize("NFKC", text)
    text = _KANJI_NUMBER.sub(lambda m: str(kanji_to_int(m.group())), text)
    return _ERA.sub(lambda m: f"{_ERA_BASE[m.group(1)] + (1 if m.group(2) == '元' else int(m.group(2)))}年", text)


def numbers_in(text: str) -> list[str]:
    text = MARKER.sub("", fold_numbers(text))
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def numbers_supported(answer: str, quotes: list[str]) -> bool:
    """Every number the answer states occurs in at least one cited quote."""
    available = set()
    for quote in quotes:
        available.update(numbers_in(quote))
    return all(n in available for n in numbers_in(answer))


# --- generated text: stricter, since a model may invent names as well as numbers ---------------------
_KATAKANA = re.compile(r"[ァ-ヺー]{2,}")
_INSTITUTION = re.compile(r"[一-龥]{1,12}?(?:省|庁|院|局|課|室|館|機構|大学|公館|研修所|委員会)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z\-']*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")


def markers_valid(text: str, n_citations: int) -> bool:
    """At least one [n], and every [n] names an existing citation."""
    numbers = [int(n) for n in MARKER.findall(text)]
    return bool(numbers) and all(1 <= n <= n_citations for n in numbers)


def unsupported_names(text: str, sources: list[str], lang: str) -> list[str]:
    """Proper nouns in the text (katakana words, institution names, Latin words) found in no source."""
    folded_sources = unicodedata.normalize("NFKC", "\n".join(sources)).lower()
    text = unicodedata.normalize("NFKC", MARKER.sub("", text))
    names = _KATAKANA.findall(text) + _INSTITUTION.findall(text)
    for match in _LATIN.finditer(text):
        word = match.group()
        # In English prose ordinary words are expected; capitalised words inside a sentence and acronyms are names.
        mid_sentence = not _SENTENCE_START.search(text[: match.start()])
        if lang != "en" or word.isupper() and len(word) > 1 or (word[0].isupper() and mid_sentence and word != "I"):
            names.append(word)
    return [n for n in dict.fromkeys(names) if n.lower() not in folded_sources]


def generated_text_supported(text: str, quotes: list[str], labels: list[str], lang: str) -> bool:
    """A model's phrasing may be sent only if it cites correctly and adds no number, date or name.

    `quotes` are the cited passages; `labels` the cited documents' titles and organizations (a name there
    is not invented). Numbers must come from the quotes alone.
    """
    if not markers_valid(text, len(quotes)):
        return False
    if not numbers_supported(text, quotes):
        return False
    return not unsupported_names(text, quotes + labels, lang)
