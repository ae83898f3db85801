"""Dates as the recruitment rules count them: legal age, fiscal (試験) years, 和暦, partial dates.

Age follows 年齢計算ニ関スル法律 and 民法第143条: a person reaches an age at the end of the day
before the birthday, so on the birthday itself the new age is already held. Hence "under 30 on
April 1 of year Y" holds exactly for those born on or after April 2 of Y-30.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

ERAS: dict[str, int] = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
ERA_LETTERS: dict[str, str] = {"m": "明治", "t": "大正", "s": "昭和", "h": "平成", "r": "令和"}
# The first and last day of each era, so 平成31年5月 or 昭和64年2月 are recognised as impossible.
ERA_SPANS: dict[str, tuple[date, date]] = {
    "明治": (date(1868, 1, 25), date(1912, 7, 29)),
    "大正": (date(1912, 7, 30), date(1926, 12, 24)),
    "昭和": (date(1926, 12, 25), date(1989, 1, 7)),
    "平成": (date(1989, 1, 8), date(2019, 4, 30)),
    "令和": (date(2019, 5, 1), date(9999, 12, 31)),
}


def wareki_to_year(era: str, year: int | str) -> int:
    """令和元年 → 2019; accepts the era's kanji or its initial letter (H, S, R...)."""
    era = ERA_LETTERS.get(era.lower(), era)
    if era not in ERAS:
        raise ValueError(f"unknown era: {era}")
    number = 1 if year in ("元", 1, "1") else int(year)
    if number < 1:
        raise ValueError("era years start at 1 (元年)")
    return ERAS[era] + number


def add_years(day: date, years: int) -> date:
    """The same month/day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(birth: date, on: date) -> int:
    """Legal age on a day: the age is reached at the end of the day before each birthday."""
    age = on.year - birth.year
    # Reached at the end of (birthday - 1 day), i.e. held from the start of the birthday.
    if on < add_years(birth, age):
        age -= 1
    return age


def born_on_or_after_for_age_under(limit: int, on: date) -> date:
    """Earliest birth date of someone still under `limit` years old on `on`."""
    return add_years(on, -limit) + timedelta(days=1)


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def april_first(fiscal_year: int) -> date:
    return date(fiscal_year, 4, 1)


def end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_ends(start_after: date, years: int) -> date:
    """Last day of a period of `years` counted from the day after `start_after` (民法143条)."""
    return add_years(start_after, years)


@dataclass(frozen=True)
class PartialDate:
    """A date as people state it: the month or day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return end_of_month(self.year, self.month)
        return date(self.year, self.month, self.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"


def is_valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None:
            return False
        try:
            date(year, month, day)
        except ValueError:
            return False
    return 1900 <= year <= 2100


# --- recognising dates in normalised (NFKC, lower-case) text -----------------------------------

MONTHS_EN = {
    name: i
    for i, names in enumerate(
        [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
_MONTH_EN = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_ERA = "明治|大正|昭和|平成|令和|[mtshr]"

DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wareki", re.compile(
        rf"(?<![a-z])(?P<era>{_ERA})\s?(?P<y>\d{{1,2}}|元)\s?(?:年|[./-])\s?"
        rf"(?:(?P<m>\d{{1,2}})\s?(?:月|[./-])?\s?(?:(?P<d>\d{{1,2}})\s?日?)?)?"
    )),
    ("western", re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})\s?(?:年|[./-])\s?(?:(?P<m>\d{1,2})(?!\d)\s?(?:月|[./-])?\s?"
        r"(?:(?P<d>\d{1,2})(?!\d)\s?日?)?)?"
    )),
    # A birth year in two digits («96年5月生まれ»): only before 生まれ, where a year is all it can be.
    ("short_birth", re.compile(
        r"(?<![\d.])(?P<y>\d{2})\s?年\s?(?:(?P<m>\d{1,2})\s?月\s?(?:(?P<d>\d{1,2})\s?日)?)?(?=\s?(?:生まれ|うまれ|生(?![\u4e00-\u9fff])))"
    )),
    ("en_dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH_EN})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b")),
    ("en_mdy", re.compile(rf"\b(?P<mn>{_MONTH_EN})\.?\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y>(?:19|20)\d{{2}})\b")),
    # A bare year in English («finish my master's in 2026»); Japanese years carry 年.
    ("en_year", re.compile(r"\b(?:in|by|of|from|since|until) (?P<y>(?:19|20)\d{2})\b")),
    ("relative", re.compile(r"(?P<rel>今年|来年|再来年|昨年|去年|一昨年|this year|next year|last year)\s?の?\s?(?:(?P<m>\d{1,2})\s?月)?")),
)
_RELATIVE = {"今年": 0, "this year": 0, "来年": 1, "next year": 1, "再来年": 2, "昨年": -1, "去年": -1,
             "last year": -1, "一昨年": -2}


@dataclass(frozen=True)
class DateMention:
    value: PartialDate
    start: int
    end: int


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date-like mention in normalised text, left to right, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            value = _to_partial(kind, match, today)
            if value is None:
                continue
            end = span[1]
            if value.day and "月" in match.group(0) and "日" not in match.group(0):
                # 「2021年3月4年間…」: after 年月 a day needs its 日, otherwise the digit is not a day.
                value = PartialDate(value.year, value.month)
                end = match.end("m") + 1
            # Trailing separators belong to the text, not the date ("1998年、" keeps its comma).
            while end > span[0] and text[end - 1] in " ./-":
                end -= 1
            found.append(DateMention(value, span[0], end))
            taken.append((span[0], end))
    return sorted(found, key=lambda m: m.start)


def _to_partial(kind: str, match: re.Match[str], today: date) -> PartialDate | None:
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else None
    day = int(groups["d"]) if groups.get("d") else None
    if kind == "wareki":
        year = wareki_to_year(groups["era"], groups["y"])
        era = ERA_LETTERS.get(groups["era"], groups["era"])
        first, last = ERA_SPANS[era]
        if not (first.year <= year <= last.year):
            return None
    elif kind == "relative":
        year = today.year + _RELATIVE[groups["rel"]]
    elif kind == "short_birth":
        two = int(groups["y"])  # a birth year is past: 「05年」 is 2005 in 2026, 「96年」 1996
        year = 2000 + two if 2000 + two <= today.year else 1900 + two
    elif kind == "en_year":
        year = int(groups["y"])
    elif kind.startswith("en_"):
        year, month = int(groups["y"]), MONTHS_EN[groups["mn"]]
    else:
        year = int(groups["y"])
    if not is_valid(year, month, day):
        return None
    return PartialDate(year, month, day)
