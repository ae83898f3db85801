"""Which exam a message means: colloquial names (from rules.yaml aliases) and the 試験年度."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.rules.dates import ERA_LETTERS, fiscal_year_of, wareki_to_year
from bot.rules.schema import RuleSet
from bot.rules.spelling import respell

BLANK = "§"  # replaces consumed spans so later patterns cannot re-read them; offsets are kept

_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, kana and kanji-numeral spellings respelled, lower-case, one space between words, none inside Japanese."""
    text = respell(unicodedata.normalize("NFKC", text))
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip().lower()


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + BLANK * (end - start) + text[end:]


@dataclass(frozen=True)
class ExamMention:
    exam_id: str  # an exam or a family id
    start: int
    end: int


def _alias_table(rules: RuleSet) -> tuple[tuple[str, re.Pattern[str]], ...]:
    # re keeps its own cache of compiled patterns, so this stays cheap per message.
    table = [(e.id, re.compile(a)) for e in rules.exams for a in e.aliases]
    table += [(f.id, re.compile(a)) for f in rules.families for a in f.aliases]
    return tuple(table)


# An exam's name does not run across a Japanese clause («社会人歴15年。一般職» is not 社会人区分).
_CLAUSE_MARK = re.compile(r"[、。!?]")


def find_exam(text: str, rules: RuleSet) -> ExamMention | None:
    """The longest alias match in normalised text; ties go to the entry listed first."""
    best: ExamMention | None = None
    for exam_id, pattern in _alias_table(rules):
        for match in pattern.finditer(text):
            if _CLAUSE_MARK.search(match.group(0)):
                continue
            if best is None or match.end() - match.start() > best.end - best.start:
                best = ExamMention(exam_id, match.start(), match.end())
    return best


def find_exams(text: str, rules: RuleSet) -> tuple[ExamMention, ...]:
    """Every alias match not inside a longer one (「一般職の大卒」 is the 大卒程度試験, not also 一般職 as a whole)."""
    found = [ExamMention(exam_id, m.start(), m.end()) for exam_id, pattern in _alias_table(rules)
             for m in pattern.finditer(text) if not _CLAUSE_MARK.search(m.group(0))]
    return tuple(m for m in found if not any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                                             for o in found))


# 「院卒者試験」「大卒程度」 name exams, not the person's schooling; they are consumed before
# education is read so 「総合職の院卒者試験」 does not make the asker a master's graduate.
EXAM_LEVEL_WORDS = re.compile(r"(院卒|大卒|高卒)(者|程度)(試験|区分)?|(院卒|大卒|高卒)の?(総合職|一般職)")

_YEAR_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s?年度"),
    re.compile(rf"(?<![a-z])(?P<era>令和|平成|{'|'.join(ERA_LETTERS)})\s?(?P<ey>\d{{1,2}}|元)\s?年度"),
    re.compile(r"(?P<rel>今年度|来年度|再来年度)"),
    re.compile(r"(?:fy|fiscal(?: year)?)\s?(?P<y>(?:19|20)\d{2})"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s(?:exam|test|recruitment)"),
)
_RELATIVE_FY = {"今年度": 0, "来年度": 1, "再来年度": 2}


@dataclass(frozen=True)
class YearMention:
    year: int
    start: int
    end: int


def find_exam_year(text: str, today: date) -> YearMention | None:
    for pattern in _YEAR_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("y"):
            year = int(groups["y"])
        elif groups.get("era"):
            year = wareki_to_year(groups["era"], groups["ey"])
        else:
            year = fiscal_year_of(today) + _RELATIVE_FY[groups["rel"]]
        return YearMention(year, match.start(), match.end())
    return None


def default_exam_year(today: date, rules: RuleSet) -> int:
    """The 試験年度 whose exams are still ahead: this calendar year's until the rollover month."""
    return today.year + 1 if today.month >= rules.defaults.exam_year_rollover_month else today.year


def display_name(exam_or_family_id: str, rules: RuleSet) -> str:
    family = rules.family(exam_or_family_id)
    return family.name if family else rules.exam(exam_or_family_id).display_name


# Offered when no exam can be told from the conversation, best guess by stated schooling first.
_SUGGESTIONS_BY_LEVEL = {
    "master": ("sogo_insotsu_any", "ippan_daisotsu", "kokuzei_senmon"),
    "doctor": ("sogo_insotsu_any", "ippan_daisotsu", "kokuzei_senmon"),
    "law_school": ("sogo_insotsu_homu", "sogo_insotsu_any", "ippan_daisotsu"),
    "highschool": ("ippan_kosotsu_any", "zeimu_shokuin", "keimu_any"),
}
_DEFAULT_SUGGESTIONS = ("sogo_daisotsu_any", "ippan_daisotsu", "kokuzei_senmon")


def suggest(education_level: str | None, rules: RuleSet) -> tuple[str, ...]:
    ids = _SUGGESTIONS_BY_LEVEL.get(education_level or "", _DEFAULT_SUGGESTIONS)
    return tuple(display_name(i, rules) for i in ids[:3])
