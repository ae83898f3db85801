"""A question asking what a thing is or involves (「体力検査って具体的に何やるの？」) is not answered by a passage
that only lists the thing among others (「…身体測定及び体力検査 |」): that names it without telling what it is.
Likewise a question asking what someone does (「財務省に出向してる人ってなにしてるの？」) is not answered by a row of a
career table (「| 令和 5年 4月 | 現職 |」): that says where someone worked, not what the work was; a close passage naming
the work (「通信担当の主な業務としては…」) answers it before one that only says where someone serves."""

from __future__ import annotations

import re
import unicodedata

from bot.answer.promote import first_fitting
from bot.types import Hit, Unit

# The thing asked about: the run of kanji, katakana or Latin letters just before って/とは and a 'what'.
_ASKS_WHAT = re.compile(r"([\u4e00-\u9fffァ-ヶーA-Za-z0-9]{2,16})(?:って|とは)[、,\s]*(?:具体的に|実際に|詳しく|実際)?[、,\s]*"
                        r"(?:何|なに|なん|どんな|どういう|どのような)")
_SEPARATOR = r"(?:、|・|，|,|及び|又は|並びに|若しくは|\|)"
_BEFORE = re.compile(rf"{_SEPARATOR}\s*$")
_AFTER = re.compile(rf"^\s*(?:{_SEPARATOR}|$)")


def asked_thing(question: str) -> str | None:
    """「入国警備官の体力検査って何やるの？」 → 体力検査; None for a question asking no 'what is it'."""
    match = _ASKS_WHAT.search(unicodedata.normalize("NFKC", question))
    return match.group(1) if match else None


def only_listed(thing: str, passage: str) -> bool:
    """Whether the passage writes the thing, and every time only as an item of a list (between 、, 及び, table bars …)."""
    text = unicodedata.normalize("NFKC", passage)
    spans = [m.span() for m in re.finditer(re.escape(thing), text)]
    return bool(spans) and all(_BEFORE.search(text[max(0, s - 4):s]) and _AFTER.match(text[e:e + 4]) for s, e in spans)


def prefer_describing(thing: str | None, hits: tuple[Hit, ...], near: float, depth: int = 5) -> tuple[Hit, ...] | None:
    """Hits reordered so that a close one telling what the thing is comes first when the top one only lists it;
    None when no close hit does (the documents name it without saying what it involves)."""
    if not thing or not hits or not only_listed(thing, hits[0].unit.text):
        return hits

    def describes(unit: Unit) -> bool:
        text = unicodedata.normalize("NFKC", unit.text)
        return thing in text and not only_listed(thing, text)

    return first_fitting(hits, describes, hits[0].score * near, depth)


_ASKS_WORK = re.compile(r"(何|なに|なん)(を|の)?(仕事|して|する|やって|やる|担当)|どんな(仕事|業務|こと)|(仕事|業務|職務)(の)?内容|"
                        r"\bwhat (do|does|did|will|would)\b[^?]*\bdo\b|\bwhat (work|job|duties|tasks)\b", re.I)
# A career table's row: a month of a year, then the post held from then.
_CAREER_DATE = re.compile(r"^(昭和|平成|令和)\s*(元|\d+)年\s*\d+月$")


def asks_work(question: str) -> bool:
    """「出向してる人ってなにしてるの？」「どんな仕事？」: what someone does."""
    return bool(_ASKS_WORK.search(unicodedata.normalize("NFKC", question)))


def is_career_row(unit: Unit) -> bool:
    return unit.kind == "row" and bool(_CAREER_DATE.match(unicodedata.normalize("NFKC", unit.label)))


# A passage saying what the work is, in its words or under its heading: 「通信担当の主な業務としては…」, the list under
# 「（主な担当業務）」.
_WORK_TOLD = re.compile(r"主な(担当)?業務|(業務|職務)内容|担当業務")


def tells_work(unit: Unit) -> bool:
    return not is_career_row(unit) and bool(_WORK_TOLD.search(unicodedata.normalize("NFKC", "\n".join((*unit.headings, unit.text)))))


def prefer_work_told(question: str, hits: tuple[Hit, ...], near: float, depth: int = 5) -> tuple[Hit, ...]:
    """Hits reordered, when the question asks what someone does, so that a close passage saying what the work is comes
    first, or else one that is not a career-table row; unchanged when no close passage is either (the top one is then
    the best the documents give)."""
    if not hits or not asks_work(question) or tells_work(hits[0].unit):
        return hits
    return first_fitting(hits, tells_work, hits[0].score * near, depth) or past_career_rows(hits, near, depth)


def past_career_rows(hits: tuple[Hit, ...], near: float, depth: int = 5) -> tuple[Hit, ...]:
    """A question naming no staff member is not answered by one line of someone's career table (「入管の人って大使館で
    働くこともある？」 → the career path's 在外公館勤務, not 「令和2年4月 在大韓民国日本国大使館…」) while a close passage
    is something else; unchanged otherwise."""
    if not hits or not is_career_row(hits[0].unit):
        return hits
    return first_fitting(hits, lambda unit: not is_career_row(unit), hits[0].score * near, depth) or hits
