"""Facts about the asker, read deterministically from what they write (Japanese or simple English)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from bot.rules.dates import PartialDate, add_years, find_dates, fiscal_year_of
from bot.rules.exams import EXAM_LEVEL_WORDS, blank, find_exam, find_exam_year, normalize
from bot.rules.schema import EDUCATION_RANK, RuleSet


@dataclass(frozen=True)
class Facts:
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    stated_age: int | None = None
    stated_age_on: str | None = None  # ISO date the age was stated; the age counts on that day
    education_level: str | None = None  # highest stated; a key of schema.EDUCATION_RANK
    education_status: str | None = None  # graduated / expected
    graduation_year: int | None = None
    graduation_month: int | None = None
    hs_graduation_year: int | None = None  # when the highest level is above high school
    hs_graduation_month: int | None = None
    hs_graduation_day: int | None = None
    hs_years_since: float | None = None  # 「高校を出てから17年」: graduated that many whole years before…
    hs_years_since_on: str | None = None  # …this ISO date (the day it was said)
    bar_exam_passed: bool | None = None
    food_course: bool | None = None
    food_facility: bool | None = None
    disability_certificate: bool | None = None
    art38_applies: bool | None = None
    quasi_incompetent: bool | None = None
    work_years: float | None = None
    it_years: float | None = None
    enrolled_years: float | None = None
    nationality: str | None = None  # japanese / foreign / dual
    sex: str | None = None  # male / female
    exam: str | None = None  # exam or family id from rules.yaml
    exam_year: int | None = None
    first_of_two_exams: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Facts:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def is_empty(self) -> bool:
        return not self.to_dict()


# Facts that describe one thing together: a newly stated member replaces the whole group, so a
# corrected birth year does not keep the old month and day.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("birth_year", "birth_month", "birth_day", "stated_age", "stated_age_on"),
    ("education_level", "education_status", "graduation_year", "graduation_month"),
    ("hs_graduation_year", "hs_graduation_month", "hs_graduation_day", "hs_years_since", "hs_years_since_on"),
)
# Stated without their group's head, these refine what is stored instead («6月生まれです»).
_REFINEMENTS = {"birth_month", "birth_day", "education_status", "graduation_year", "graduation_month"}


def merge(old: Facts, new: Facts) -> Facts:
    """Newly stated facts win; unstated ones are kept."""
    stated = new.to_dict()
    updates: dict[str, Any] = {}
    for group in _GROUPS:
        said = [k for k in group if k in stated]
        if said and not set(said) <= _REFINEMENTS:
            updates.update({k: stated.get(k) for k in group})
    if "birth_month" in stated and "birth_year" not in stated and old.stated_age is not None:
        updates.update(stated_age=None, stated_age_on=None)  # a birth date supersedes a stated age
    updates.update({k: v for k, v in stated.items() if k not in updates})
    return replace(old, **updates)


# --- the extractor ------------------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[、。,;!?\n]|(?<![a-z])and(?![a-z])|ですが|けど")
_BIRTH = re.compile(r"生まれ|生年月日|誕生|生$|born|birth")
_GRADUATION = re.compile(r"卒|修了|見込|予定|graduat|finish|complet")
_EXPECTED = re.compile(r"見込|予定|在学|在籍|年生|expect|will|graduating|currently|student")
_DROPOUT = re.compile(r"中退|中途退学|dropped out|drop out")
# 「大学院には進学していません」: a school named only to say it was not attended.
_NOT_ATTENDED = re.compile(r"^(?:に|には|は|へ|へは|には一度も)?(?:進学|行|通|入|出)(?:っ|き|学)?(?:て|し|せ)?(?:い|お)?(?:ない|なかった|ません|ていない|ていません|てない)|"
                           r"^(?:に|には|は)?(?:進んで|行って|通って)(?:い)?(?:ない|ません)|^(?:なし|無し)")
_NOT_ATTENDED_EN = re.compile(r"(?:didn't|did not|never|not) (?:go|went|attend|enrol+)(?:ed)? (?:to )?(?:a |any )?$")

_LEVELS: tuple[tuple[str, str], ...] = (  # earlier entries win overlapping spans
    ("law_school", r"法科大学院|ロースクール|law school"),
    ("doctor", r"博士|ドクター|ph\.?d|doctora"),
    ("junior_college", r"短大|短期大学|junior college"),
    ("technical_college", r"高専|高等専門学校|technical college|kosen"),
    ("master", r"修士|大学院|院卒|院了|院修了|マスター|master|graduate school|mba"),
    ("university", r"大卒|大学|学部|学士|bachelor|university|undergrad|college"),
    ("highschool", r"高卒|高校|高等学校|中等教育学校|high ?school"),
)
_COURSE_YEARS = {"highschool": 3, "junior_college": 2, "technical_college": 5, "university": 4, "master": 2,
                 "law_school": 2, "doctor": 3}
_GRADE = re.compile(r"^\s?(?:の|課程)?\s?(\d)\s?年生?|^(?:[^0-9]{0,3})(\d)(?:st|nd|rd|th)[- ]year")
# Students' shorthand for their year: 「M2」「D1」「B4」「高3」「大4」「学部3年」.
_GRADE_SHORT = re.compile(r"(?<![a-z0-9])(?:(?P<latin>[mbd])|(?P<kanji>高|大|学部))(?P<grade>[1-5])(?:年生?)?(?![0-9a-z年度])")
_GRADE_SHORT_LEVEL = {"m": "master", "d": "doctor", "b": "university", "高": "highschool", "大": "university", "学部": "university"}
_GRADE_EN = re.compile(r"(\d)(?:st|nd|rd|th)[- ]year (?:\w+ ){0,2}?(high ?school|university|college|master|phd)")

_NUM = r"(\d+(?:\.\d+)?)(?:\s?年半)?"
_IT_YEARS = (
    rf"it(?:分野|関係|関連|業界)?(?:で|での|の)?(?:実務)?(?:経験|歴)(?:は|が)?(?:約)?{_NUM}",
    rf"(?:うち|内)?it(?:分野|関係|関連|業界|企業|系(?:企業|の会社)?|会社)?(?:で|での|に|には|は|が)?(?:約|計|通算)?{_NUM}\s?年",
    rf"{_NUM}\s?年(?:間)?(?:の)?it",
    rf"(?:エンジニア|プログラマー?|se|システム開発)(?:として|歴|経験)(?:は|が)?(?:約)?{_NUM}",
    rf"{_NUM}\s?年(?:間)?(?:は|を|ほど|くらい|ぐらい)?(?:システム)?(?:エンジニア|プログラマー?|se(?![a-z])|システム開発)",
    rf"{_NUM}\s?years? (?:of |in )?(?:it|software|engineering|developer|programming|tech)\b",
    rf"it (?:experience|work)(?: of)? {_NUM}",
)
_WORK_YEARS = (
    rf"(?:職歴|社会人歴|職務経験|勤務経験|実務経験|勤続|社会人経験|正社員歴|勤務歴)(?:は|が)?(?:通算|合計|約)?{_NUM}",
    rf"(?:正社員|正職員|会社員)(?:として|で)?(?:通算|合計|計|約)?{_NUM}\s?年",
    rf"社会人(?:として)?(?:通算|合計|計|約)?{_NUM}\s?年",
    # 「2025年6月1日時点で15年」: the years counted as of the date the requirement names.
    rf"(?:時点|現在)で?(?:通算|合計|計|約)?{_NUM}\s?年(?!生|度|前)",
    rf"{_NUM}\s?年(?:間)?(?:の)?(?:勤務|勤め|働|職務経験|実務経験|社会人経験|職歴|正社員)",
    rf"{_NUM}\s?years? (?:of )?(?:full[- ]time )?(?:work|working|experience|employment|job)",
    rf"worked (?:full[- ]time )?(?:for )?{_NUM}\s?years?",
)
# All of the work was IT work («高卒後ずっとIT企業で»): the IT years are the work years.
_ALL_IT = re.compile(r"ずっと[^。、,.]{0,8}?(?:it|エンジニア|プログラマ|システム|se(?![a-z]))|(?:all|entire)(?: of)? (?:my|the) (?:career|time) (?:in|as) (?:it|software|an? (?:engineer|developer))")
_HS_YEARS_SINCE = (
    rf"(?:高校|高等学校|高卒)(?:を)?(?:卒業|出)?(?:して|してから|てから|て|後|した後|以来)\s?(?:もう|約|既に|すでに)?\s?{_NUM}\s?年",
    rf"{_NUM}\s?年前に(?:高校|高等学校)(?:を)?(?:卒業|出)",
    rf"(?:graduated|finished) (?:from )?high ?school {_NUM} years? ago",
    rf"{_NUM} years? (?:since|after) (?:i )?(?:graduated|graduating|finished|finishing|leaving|left) (?:from )?high ?school",
)
_ENROLLED = (
    # 「大学に4年、大学院に2年在学」: each school's years count when 在学 follows in the sentence.
    rf"(?:大学院|大学|短大|高専)(?:に|で|には)?(?:計|合計)?{_NUM}\s?年(?:間)?(?=[^。.]{{0,16}}(?:在学|在籍|通))",
    rf"在学(?:年数|期間)(?:は|が)?(?:合計|通算|計)?{_NUM}",
    rf"{_NUM}\s?years? (?:at|in) (?:university|college|graduate school)",
    rf"enrolled (?:for )?{_NUM}\s?years?",
)
_AGE = (
    r"(?<![\d.])(\d{1,2})\s?[歳才](?!未満|以上|以下|まで|から|の(?:時|とき|頃))",
    r"\bi'?m (\d{1,2})\b(?! ?(?:years? of|year-old child))",
    r"\bi am (\d{1,2})\b",
    r"\b(\d{1,2}) years? old\b",
    r"\bage(?:d)? (\d{1,2})\b",
)
_NATIONALITY = (
    ("dual", r"二重国籍|重国籍|複数の国籍|dual (?:nationality|citizenship|national|citizen)"),
    ("foreign", r"日本(?:の)?国籍(?:を|は|が)?(?:持って(?:い)?ない|持っていません|ない|ありません|有しない|なし)|"
                r"外国籍|外国人|not (?:a )?japanese|foreign (?:national|citizen)|non-japanese"),
)
_JAPANESE = r"日本国籍|日本の国籍|日本人|japanese (?:citizen|national|citizenship|nationality)|国籍(?:は|が)日本"
# Another country's nationality: 「韓国籍」「アメリカ国籍」「国籍はブラジル」「a Korean citizen」.
_COUNTRY = r"(?<![一-龥ァ-ヴー])(?!日本)(?:[ァ-ヴー]{2,}|[一-龥]{1,2}国|台湾|朝鮮|香港)"
_OTHER_NATIONALITY = (
    rf"{_COUNTRY}(?:の)?国?籍|国籍(?:は|が){_COUNTRY}|"
    r"\b(?!japanese\b)[a-z]+(?:an|ese|ish|ch|i)\s(?:citizen|national|nationality|citizenship|passport)\b|"
    r"\b(?:us|u\.s\.|uk) (?:citizen|national|citizenship)\b"
)
_SEX = (("male", r"男性|男子|男です|男で|(?<![a-z])(?:male|man)(?![a-z])"),
        ("female", r"女性|女子|女です|女で|(?<![a-z])(?:female|woman)(?![a-z])"))
# (fact, value, pattern); negative statements are listed first and consume their span.
_FLAGS = (
    ("bar_exam_passed", False, r"司法試験(?:は|に|には)?(?:不合格|落ち|未受験|受けていない|まだ|合格していない)|"
                               r"(?:haven't|have not|did not|didn't) pass(?:ed)? the bar"),
    ("bar_exam_passed", True, r"司法試験(?:に|は|も|にも)?(?:合格|受かっ|受かり|通っ|通り)|passed the bar"),
    ("food_course", True, r"薬学|畜産|水産学|農芸化学|pharmac|animal science|fisheries|agricultural chemistry"),
    ("food_facility", True, r"養成施設"),
    ("disability_certificate", False, r"(?:手帳|診断書)(?:は|を)?(?:持って(?:い)?ない|持っていません|ない|ありません|なし)|"
                                      r"(?:no|without|don't have) (?:a )?disability certificate"),
    ("disability_certificate", True, r"(?:障害者手帳|障がい者手帳|療育手帳|保健福祉手帳|手帳|診断書|意見書|判定書)"
                                     r"(?:を|は|が)?(?:持|所持|取得|交付|あり|あります|有)|disability certificate"),
    ("art38_applies", False, r"(?:第?38条|欠格(?:事由|条項)?)(?:には|に|は)?(?:該当しない|該当しません|当たらない|あたらない|なし|ない)|"
                             r"前科(?:は)?(?:ない|なし|ありません)|no criminal record"),
    ("art38_applies", True, r"(?:第?38条|欠格(?:事由|条項)?)(?:に)?(?:該当する|該当します)"),
    ("first_of_two_exams", True, r"初回|1回目|一回目|first (?:exam|round|sitting)"),
    ("first_of_two_exams", False, r"2回目|二回目|second (?:exam|round|sitting)"),
)


def extract(message: str, today: date, rules: RuleSet) -> Facts:
    """Every fact the message states; what it does not state stays None."""
    text = normalize(message)
    found: dict[str, Any] = {}

    exam = find_exam(text, rules)
    if exam:
        found["exam"] = exam.exam_id
        text = blank(text, exam.start, exam.end)
    year = find_exam_year(text, today)
    if year:
        found["exam_year"] = year.year
        text = blank(text, year.start, year.end)
    for match in EXAM_LEVEL_WORDS.finditer(text):
        text = blank(text, *match.span())

    for fact, value, pattern in _FLAGS:
        for match in re.finditer(pattern, text):
            found.setdefault(fact, value)
            text = blank(text, *match.span())
    if found.get("art38_applies") is False:
        found.setdefault("quasi_incompetent", False)  # 「欠格事由に該当しない」 covers all of them

    text = _take_hs_years_since(text, today, found)
    text = _take_years(text, _IT_YEARS, "it_years", found)
    text = _take_years(text, _WORK_YEARS, "work_years", found, add_up=False)
    if "it_years" not in found and "work_years" in found and _ALL_IT.search(text):
        found["it_years"] = found["work_years"]
    text = _take_years(text, _ENROLLED, "enrolled_years", found, add_up=True)
    text = _take_dates_and_education(text, today, found)

    for pattern in _AGE:
        match = re.search(pattern, text)
        if match and "birth_year" not in found:
            found.update(stated_age=int(match.group(1)), stated_age_on=_age_stated_on(text, match.start(), today).isoformat())
            break
    for value, pattern in _NATIONALITY:
        if re.search(pattern, text):
            found["nationality"] = value
            break
    else:
        japanese = re.search(_JAPANESE, text)
        other = re.search(_OTHER_NATIONALITY + r"|外国(?:の)?国籍|他の国籍", text)
        if japanese or other:
            found["nationality"] = "dual" if japanese and other else "japanese" if japanese else "foreign"
    sexes = [value for value, pattern in _SEX if re.search(pattern, text)]
    if len(sexes) == 1:
        found["sex"] = sexes[0]
    return Facts(**found)


_AS_OF = re.compile(r"(?:の)?(?:時点|現在|とき|時)?(?:で|に|には|では)?(?:は)?\s?")


def _age_stated_on(text: str, age_start: int, today: date) -> date:
    """「2027年4月1日の時点で28歳」: an age tied to a full date counts on that date, else on today."""
    for mention in find_dates(text[:age_start], today):
        if mention.value.precision == "day" and _AS_OF.fullmatch(text[mention.end:age_start]):
            return mention.value.earliest()
    return today


def _take_hs_years_since(text: str, today: date, found: dict[str, Any]) -> str:
    for pattern in _HS_YEARS_SINCE:
        match = re.search(pattern, text)
        if match:
            years = _years_value(match)
            found.update(hs_years_since=int(years) if years.is_integer() else years, hs_years_since_on=today.isoformat())
            # The schooling stays readable: 「高校を出てから」 still says the asker finished high school.
            number = next(i for i, g in enumerate(match.groups(), 1) if g is not None)
            return blank(text, match.start(number), match.end(number))
    return text


def _years_value(match: re.Match[str]) -> float:
    number = float(next(g for g in match.groups() if g is not None))
    return number + 0.5 if "年半" in match.group(0) else number


def _take_years(text: str, patterns: tuple[str, ...], fact: str, found: dict[str, Any], add_up: bool = False) -> str:
    total: float | None = None
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            value = _years_value(match)
            total = value if total is None else (total + value if add_up else total)
            text = blank(text, *match.span())
    if total is not None:
        found[fact] = int(total) if float(total).is_integer() else total
    return text


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _CLAUSE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def _take_dates_and_education(text: str, today: date, found: dict[str, Any]) -> str:
    mentions = find_dates(text, today)
    levels: list[tuple[str, int, int]] = []  # (level, start, end) of stated schooling
    for level, pattern in _LEVELS:
        for match in re.finditer(pattern, text):
            if not any(match.start() < e and s < match.end() for _, s, e in levels):
                levels.append((level, match.start(), match.end()))
    levels.sort(key=lambda item: item[1])

    dated: dict[str | None, PartialDate] = {}  # graduation dates by the level they belong to
    stated: list[dict[str, Any]] = []
    for clause_start, clause_end in _clauses(text):
        in_clause = [m for m in mentions if clause_start <= m.start < clause_end]
        clause_levels = [lv for lv in levels if clause_start <= lv[1] < clause_end]
        for index, mention in enumerate(in_clause):
            after = text[mention.end:(in_clause[index + 1].start if index + 1 < len(in_clause) else clause_end)]
            before = text[(in_clause[index - 1].end if index else clause_start):mention.start]
            role = _role(after) or _role(before, looking_back=True)
            if role == "birth":
                found.update(birth_year=mention.value.year, birth_month=mention.value.month,
                             birth_day=mention.value.day)
            elif role == "graduation":
                dated[_nearest_level(clause_levels, mention.start)] = mention.value
        for level, start, end in clause_levels:
            tail = text[end:clause_end]
            born = _BIRTH.search(tail[:4]) and not _GRADE.search(tail)  # 「高校3年生」 is a grade, not 「1998年生」
            if _DROPOUT.search(tail[:6]) or born or _NOT_ATTENDED.search(tail) or \
                    _NOT_ATTENDED_EN.search(text[clause_start:start]):
                continue
            record: dict[str, Any] = {"level": level, "status": _status_from_words(text[start:end] + tail[:12])}
            grade = _GRADE.search(tail)
            if grade and level in _COURSE_YEARS:
                record.update(_expected_from_grade(level, int(next(g for g in grade.groups() if g)), today))
            stated.append(record)
    for match in _GRADE_SHORT.finditer(text):
        name = _GRADE_SHORT_LEVEL[match.group("latin") or match.group("kanji")]
        grade = int(match.group("grade"))
        if grade <= _COURSE_YEARS[name]:
            stated.append({"level": name, "status": "expected", **_expected_from_grade(name, grade, today)})
    for match in _GRADE_EN.finditer(text):
        level = {"high school": "highschool", "highschool": "highschool", "phd": "doctor", "college": "university"}
        name = level.get(match.group(2), match.group(2))
        stated.append({"level": name, "status": "expected", **_expected_from_grade(name, int(match.group(1)), today)})

    if "highschool" in dated:
        when = dated.pop("highschool")
        found.update(hs_graduation_year=when.year, hs_graduation_month=when.month, hs_graduation_day=when.day)
    if not stated and None not in dated:
        return text
    best = (max(stated, key=lambda r: (EDUCATION_RANK[r["level"]], "graduation_year" in r)) if stated
            else {"level": None, "status": None})
    level = best["level"]
    when = dated.get(level) or dated.get(None)
    if level == "highschool" and when is None and "hs_graduation_year" in found:
        when = PartialDate(found["hs_graduation_year"], found.get("hs_graduation_month"), found.get("hs_graduation_day"))
    if level:
        found["education_level"] = level
    if when is not None:
        found.update(graduation_year=when.year, graduation_month=when.month,
                     education_status=_status_from_date(when, today) or best["status"])
    else:
        for key in ("graduation_year", "graduation_month"):
            if best.get(key):
                found[key] = best[key]
        if best["status"]:
            found["education_status"] = best["status"]
    return text


def _role(words: str, looking_back: bool = False) -> str | None:
    width = 40 if words.isascii() else 14  # English needs more words to say the same ('finished high school in Japan in')
    words = words[-width:] if looking_back else words[:width]
    if not looking_back and re.match(r"\s?生(?!活|産|徒)", words):
        return "birth"  # 「2000年生の大卒」: 年生 right after a date is a birth year
    birth, graduation = _BIRTH.search(words), _GRADUATION.search(words)
    if birth and graduation:
        return "birth" if (birth.start() > graduation.start()) == looking_back else "graduation"
    return "birth" if birth else "graduation" if graduation else None


def _nearest_level(levels: list[tuple[str, int, int]], position: int) -> str | None:
    if not levels:
        return None
    return min(levels, key=lambda lv: min(abs(lv[1] - position), abs(lv[2] - position)))[0]


def _status_from_words(words: str) -> str | None:
    if _EXPECTED.search(words):
        return "expected"
    if _GRADUATION.search(words) or re.search(r"degree|graduate|学位|取得|持っ|have", words):
        return "graduated"
    return None


def _status_from_date(when: PartialDate, today: date) -> str | None:
    # Whether it is past decides graduated vs expected; what people call it can lag the calendar.
    if when.latest() < today:
        return "graduated"
    if when.earliest() > today:
        return "expected"
    return None


def _expected_from_grade(level: str, grade: int, today: date) -> dict[str, Any]:
    remaining = _COURSE_YEARS[level] - grade
    if remaining < 0:
        return {}
    graduation = add_years(date(fiscal_year_of(today) + 1, 3, 1), remaining)
    return {"status": "expected", "graduation_year": graduation.year, "graduation_month": 3}
