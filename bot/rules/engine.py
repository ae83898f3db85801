"""The pure interpreter: rules.yaml conditions applied to Facts. No I/O, no clock but `today`.

Uncertain facts are carried as ranges (a birth year is every day of that year, a stated age is a
year of birth dates). A condition is decided when it comes out the same at both ends of the range,
otherwise it is "unknown" and names the one fact that would settle it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.messages import say
from bot.rules import dates
from bot.rules.context import Context, Outcome
from bot.rules.exams import default_exam_year, display_name
from bot.rules.facts import Facts
from bot.rules.schema import (
    EDUCATION_RANK, PREREQUISITE, YEARS_AFTER_HIGHSCHOOL, AgeCondition, AllOf, AnyOf, Condition, EducationCondition, ExperienceCondition,
    FlagCondition, HighschoolElapsedCondition, HighschoolWithinCondition, NationalityCondition, RuleSet,
    SexCondition,
)
from bot.types import Check, CheckStatus, Eligibility

# The order questions are asked in, so one question reads naturally.
MISSING_ORDER = (
    "exam", "birth_date", "birth_month_day", "birth_day", "education", "graduation_date", "hs_graduation",
    "exam_round", "sex", "bar_exam_passed", "food_course", "food_facility", "work_years", "enrolled_years",
    "it_years", "disability_certificate",
)


@dataclass(frozen=True)
class EligibilityResult:
    eligibility: Eligibility
    sources: list[tuple[str, str]]  # (doc_id, quote), in cite order
    missing: tuple[str, ...]
    question: str
    exam_id: str = ""
    exam_year: int = 0
    exam_year_assumed: bool = False
    notes: tuple[str, ...] = ()  # catalog keys under eligibility.note.*


def evaluate(exam_id: str, facts: Facts, rules: RuleSet, today: date, lang: str = "ja") -> EligibilityResult:
    exam = rules.exam(exam_id)
    year = exam.exam_year or facts.exam_year or default_exam_year(today, rules)
    ctx = Context(facts, year, today, lang)
    checks: list[Check] = []
    sources: list[tuple[str, str]] = []
    missing: list[str] = []
    failed = undecided = False
    for rule in (rules.rule(rule_id) for rule_id in exam.rules):
        outcome = _condition(rule.when, ctx)
        source = (rule.source.doc_id, rule.source.quote)
        if source not in sources:
            sources.append(source)
        detail = outcome.detail
        if rule.type == "disqualification" and outcome.status == "unknown":
            detail = ctx.say("detail.confirm")  # never blocks a verdict, never asked for
        elif outcome.status == "unknown":
            undecided = True
            missing += [m for m in outcome.missing if m not in missing]
        failed = failed or outcome.status == "fail"
        label = rule.label_en if lang == "en" else rule.label
        checks.append(Check(rule.id, label, outcome.status, detail, sources.index(source) + 1))
    verdict = "ineligible" if failed else "need_info" if undecided else "eligible"
    missing = [] if failed else sorted(missing, key=MISSING_ORDER.index)
    return EligibilityResult(
        eligibility=Eligibility(display_name(exam_id, rules), verdict, tuple(checks), tuple(missing)),
        sources=sources,
        missing=tuple(missing),
        question=question_for(missing, lang) if missing else "",
        exam_id=exam_id,
        exam_year=year,
        exam_year_assumed=not (exam.exam_year or facts.exam_year),
        notes=exam.notes,
    )


def evaluate_best(exam_or_family_id: str, facts: Facts, rules: RuleSet, today: date, lang: str = "ja") -> EligibilityResult:
    """For a family name (「刑務官」), the member that admits the asker, else the one still open."""
    results = [evaluate(m, facts, rules, today, lang) for m in rules.members(exam_or_family_id)]
    for verdict in ("eligible", "need_info"):
        for result in results:
            if result.eligibility.verdict == verdict:
                return result
    return results[0]


def question_for(missing: list[str] | tuple[str, ...], lang: str = "ja") -> str:
    items = [say(f"eligibility.ask.{key}", lang) for key in missing]
    if len(items) > 1:
        listed = say("eligibility.list_sep", lang).join(items[:-1]) + say("eligibility.list_last", lang) + items[-1]
    else:
        listed = items[0]
    return say("eligibility.question", lang, items=listed)


# --- conditions ------------------------------------------------------------------------------


def _condition(cond: Condition, ctx: Context) -> Outcome:
    if isinstance(cond, AnyOf):
        outcome = _any_of([_condition(c, ctx) for c in cond.any_of], ctx)
        if outcome.status == "unknown":
            return _by_age(cond, ctx) or outcome
        return outcome
    if isinstance(cond, AllOf):
        return _all_of([_condition(c, ctx) for c in cond.all_of], ctx)
    handler = {
        AgeCondition: _age, EducationCondition: _education, HighschoolWithinCondition: _highschool_within,
        HighschoolElapsedCondition: _highschool_elapsed, SexCondition: _sex, NationalityCondition: _nationality,
        FlagCondition: _flag, ExperienceCondition: _experience,
    }[type(cond)]
    return handler(cond, ctx)


def _any_of(outcomes: list[Outcome], ctx: Context) -> Outcome:
    passed = [o for o in outcomes if o.status == "pass"]
    if passed:
        return passed[0]
    open_ = [o for o in outcomes if o.status == "unknown"]
    if not open_:
        return Outcome("fail", _join(outcomes, ctx))
    # Ask only for what settles the cheapest open alternative; the others can follow if needed.
    cheapest = min(open_, key=lambda o: len(o.missing))
    return Outcome("unknown", _join(open_, ctx), cheapest.missing)


def _all_of(outcomes: list[Outcome], ctx: Context) -> Outcome:
    failed = [o for o in outcomes if o.status == "fail"]
    if failed:
        return Outcome("fail", failed[0].detail)
    missing = tuple(dict.fromkeys(m for o in outcomes for m in o.missing))
    return Outcome("unknown" if missing else "pass", _join(outcomes, ctx), missing)


def _by_age(cond: AnyOf, ctx: Context) -> Outcome | None:
    """Alternatives that each cover some of the possible ages can together cover all of them
    (20 fits 教養's own clause, 21 the general one), so decide the alternatives age by age."""
    birth = _birth_range(ctx)
    if birth is None:
        return None
    earliest, latest, narrower = birth
    on = ctx.april_first
    youngest, oldest = dates.age_on(latest, on), dates.age_on(earliest, on)
    if youngest == oldest:
        return None
    cases = []
    for age in range(youngest, oldest + 1):
        first = max(earliest, dates.add_years(on, -age - 1) + timedelta(days=1))
        last = min(latest, dates.add_years(on, -age))
        aged = replace(ctx, birth=(first, last, narrower))
        cases.append(_any_of([_condition(c, aged) for c in cond.any_of], aged))
    statuses = {case.status for case in cases}
    if statuses == {"pass"} or statuses == {"fail"}:
        heading = ctx.say("detail.every_age", date=ctx.day(on), low=youngest, high=oldest)
        return Outcome(statuses.pop(), heading + _join(cases, ctx))
    return None


def _join(outcomes: list[Outcome], ctx: Context) -> str:
    return ctx.say("join").join(dict.fromkeys(o.detail for o in outcomes))


def _birth_range(ctx: Context) -> tuple[date, date, str] | None:
    """(earliest, latest, the fact that would narrow it) or None when nothing is known."""
    if ctx.birth:
        return ctx.birth
    facts = ctx.facts
    ranges: list[tuple[date, date, str]] = []
    if facts.birth_year:
        partial = dates.PartialDate(facts.birth_year, facts.birth_month, facts.birth_day)
        narrower = {"year": "birth_month_day", "month": "birth_day", "day": ""}[partial.precision]
        ranges.append((partial.earliest(), partial.latest(), narrower))
    if facts.stated_age is not None and facts.stated_age_on:
        said_on = date.fromisoformat(facts.stated_age_on)
        latest = dates.add_years(said_on, -facts.stated_age)
        earliest = dates.add_years(said_on, -facts.stated_age - 1) + timedelta(days=1)
        ranges.append((earliest, latest, "birth_date"))
    if not ranges:
        return None
    if len(ranges) == 2 and max(ranges[0][0], ranges[1][0]) <= min(ranges[0][1], ranges[1][1]):
        return max(ranges[0][0], ranges[1][0]), min(ranges[0][1], ranges[1][1]), ranges[0][2]
    return ranges[0]


def _age(cond: AgeCondition, ctx: Context) -> Outcome:
    on = cond.at or ctx.april_first
    if cond.at_least is not None and cond.under is not None:
        requirement = ctx.say("req.age_between", low=cond.at_least, high=cond.under)
    elif cond.under is not None:
        requirement = ctx.say("req.age_under", high=cond.under)
    else:
        requirement = ctx.say("req.age_at_least", low=cond.at_least)
    birth = _birth_range(ctx)
    if birth is None:
        return Outcome("unknown", ctx.say("detail.age_unknown", requirement=requirement), ("birth_date",))
    earliest, latest, narrower = birth
    youngest, oldest = dates.age_on(latest, on), dates.age_on(earliest, on)
    ok = [(cond.at_least is None or age >= cond.at_least) and (cond.under is None or age < cond.under)
          for age in range(youngest, oldest + 1)]
    if youngest == oldest:
        detail = ctx.say("detail.age", date=ctx.day(on), age=youngest, requirement=requirement)
    else:
        detail = ctx.say("detail.age_range", date=ctx.day(on), low=youngest, high=oldest, requirement=requirement)
    if ctx.facts.stated_age is not None and not ctx.facts.birth_year:
        detail += ctx.say("detail.age_assumption", age=ctx.facts.stated_age,
                          date=ctx.day(date.fromisoformat(ctx.facts.stated_age_on or ctx.today.isoformat())))
    if all(ok):
        return Outcome("pass", detail)
    if not any(ok):
        return Outcome("fail", detail)
    return Outcome("unknown", detail, (narrower or "birth_date",))


def _education(cond: EducationCondition, ctx: Context) -> Outcome:
    facts = ctx.facts
    deadline = ctx.say("date.ym", y=ctx.march_end.year, m=3)
    if cond.at_least:
        wanted = {lv for lv, rank in EDUCATION_RANK.items() if rank >= EDUCATION_RANK[cond.at_least]}
        required = ctx.say(f"level.{cond.at_least}")
    else:
        wanted, required = set(cond.levels), ctx.say("list_sep").join(ctx.say(f"level.{lv}") for lv in cond.levels)
    if facts.education_level is None:
        return Outcome("unknown", ctx.say("detail.education_unknown", required=required), ("education",))
    level = ctx.say(f"level.{facts.education_level}")
    when = (dates.PartialDate(facts.graduation_year, facts.graduation_month) if facts.graduation_year else None)
    status_word = ctx.say(f"status.{facts.education_status or 'unknown'}")
    shown = ctx.say("detail.education", level=level, status=status_word,
                    when=ctx.say("detail.when", when=ctx.partial(when)) if when else "",
                    required=required, deadline=deadline)
    if facts.education_level not in wanted:
        return Outcome("fail", shown)
    prerequisite = PREREQUISITE.get(facts.education_level)
    beyond = cond.at_least and prerequisite and EDUCATION_RANK[prerequisite] >= EDUCATION_RANK[cond.at_least]
    if facts.education_status == "graduated" or beyond:
        # Being in a higher programme means the lower degree was completed.
        return Outcome("pass", shown)
    if not cond.allow_expected:
        if facts.education_status == "expected":
            return Outcome("fail", shown)
        return Outcome("unknown", shown, ("graduation_date",))
    if when is None:
        return Outcome("unknown", shown, ("graduation_date",))
    if when.latest() <= ctx.march_end:
        return Outcome("pass", shown)
    if when.earliest() > ctx.march_end:
        return Outcome("fail", shown)
    return Outcome("unknown", shown, ("graduation_date",))


@dataclass(frozen=True)
class _Span:
    """When high school was finished, as closely as the facts tell, and how to say it."""

    first: date
    last: date
    text: str

    def earliest(self) -> date:
        return self.first

    def latest(self) -> date:
        return self.last


def _hs_graduation(ctx: Context) -> _Span | None:
    facts = ctx.facts
    partial = None
    if facts.hs_graduation_year:
        partial = dates.PartialDate(facts.hs_graduation_year, facts.hs_graduation_month, facts.hs_graduation_day)
    elif facts.education_level == "highschool" and facts.graduation_year:
        partial = dates.PartialDate(facts.graduation_year, facts.graduation_month)
    if partial is not None:
        expected = partial.earliest() > ctx.today
        return _Span(partial.earliest(), partial.latest(),
                     ctx.partial(partial) + (ctx.say("detail.expected_suffix") if expected else ""))
    if facts.hs_years_since is not None:
        # 「卒業して4年」: at least 4 and under 5 whole years before the day it was said.
        said_on = date.fromisoformat(facts.hs_years_since_on or ctx.today.isoformat())
        whole = int(facts.hs_years_since)
        first = dates.add_years(said_on, -whole - 1) + timedelta(days=1)
        last = dates.add_years(said_on, -whole)
        return _Span(first, last, ctx.say("detail.hs_years_since", years=_num(facts.hs_years_since),
                                          first=ctx.day(first), last=ctx.day(last)))
    if facts.education_level == "highschool" and facts.education_status != "expected" and facts.work_years:
        # Years worked since finishing high school put the graduation at least that long ago.
        last = dates.add_years(ctx.today, -int(facts.work_years))
        return _Span(date(1900, 1, 1), last, ctx.say("detail.hs_from_work", years=_num(facts.work_years), last=ctx.day(last)))
    return None


def _window(graduated: _Span, first: date, last: date) -> CheckStatus:
    inside = [first <= d <= last for d in (graduated.earliest(), graduated.latest())]
    return "pass" if all(inside) else "fail" if not any(inside) else "unknown"


def _highschool_within(cond: HighschoolWithinCondition, ctx: Context) -> Outcome:
    graduated = _hs_graduation(ctx)
    # 「翌日から起算してN年を経過していない」 on 4月1日 Y ⇔ graduated on or after 4月1日 of Y−N.
    windows = [(cond.years, date(ctx.exam_year - cond.years, 4, 1), ctx.march_end)]
    if cond.first_of_two:
        f = cond.first_of_two
        windows.append((f.years, date(ctx.exam_year - f.years, 4, 1),
                        dates.end_of_month(ctx.exam_year + (f.expected_by_month < 4), f.expected_by_month)))
        if ctx.facts.first_of_two_exams is not None:
            windows = windows[1:] if ctx.facts.first_of_two_exams else windows[:1]
    rendered = [ctx.say("detail.hs_window", start=ctx.day(first), end=ctx.say("date.ym", y=last.year, m=last.month))
                for _, first, last in windows]
    if graduated is None:
        return Outcome("unknown", ctx.say("detail.hs_unknown", requirement=rendered[0]), ("hs_graduation",))
    statuses = {_window(graduated, first, last) for _, first, last in windows}
    detail = ctx.say("detail.hs", grad=graduated.text, requirement=ctx.say("join").join(rendered))
    if len(statuses) == 1 and statuses != {"unknown"}:
        return Outcome(statuses.pop(), detail)
    if statuses == {"unknown"} or len(windows) == 1:
        narrower = "hs_graduation"
    else:
        narrower = "exam_round"
    return Outcome("unknown", detail, (narrower,))


def _highschool_elapsed(cond: HighschoolElapsedCondition, ctx: Context) -> Outcome:
    graduated = _hs_graduation(ctx)
    before = date(ctx.exam_year - cond.years, 4, 1) - timedelta(days=1)
    requirement = ctx.say("detail.hs_elapsed", before=ctx.day(before))
    if graduated is None:
        return Outcome("unknown", ctx.say("detail.hs_unknown", requirement=requirement), ("hs_graduation",))
    status = _window(graduated, date(1900, 1, 1), before)
    detail = ctx.say("detail.hs", grad=graduated.text, requirement=requirement)
    return Outcome(status, detail, ("hs_graduation",) if status == "unknown" else ())


def _sex(cond: SexCondition, ctx: Context) -> Outcome:
    required = ctx.say(f"sex.{cond.equals}")
    if ctx.facts.sex is None:
        return Outcome("unknown", ctx.say("detail.sex_unknown", required=required), ("sex",))
    detail = ctx.say("detail.sex", sex=ctx.say(f"sex.{ctx.facts.sex}"), required=required)
    return Outcome("pass" if ctx.facts.sex == cond.equals else "fail", detail)


def _nationality(cond: NationalityCondition, ctx: Context) -> Outcome:
    if ctx.facts.nationality is None:
        return Outcome("unknown", "", ("nationality",))
    status: CheckStatus = "fail" if ctx.facts.nationality in cond.excluded else "pass"
    return Outcome(status, ctx.say(f"nationality.{ctx.facts.nationality}"))


def _flag(cond: FlagCondition, ctx: Context) -> Outcome:
    value = getattr(ctx.facts, cond.fact)
    fact = ctx.say(f"fact.{cond.fact}")
    if value is None:
        return Outcome("unknown", ctx.say("detail.flag_unknown", fact=fact), (cond.fact,))
    detail = ctx.say("detail.flag_yes" if value else "detail.flag_no", fact=fact)
    return Outcome("pass" if value == cond.equals else "fail", detail)


def _experience(cond: ExperienceCondition, ctx: Context) -> Outcome:
    facts = ctx.facts
    value = getattr(facts, cond.fact)
    enrolled = facts.enrolled_years
    assumed = False
    if cond.reduced_by and enrolled is None and facts.education_level in YEARS_AFTER_HIGHSCHOOL:
        # Unstated enrolment is taken as the course's standard length (大学4年 …) and said so;
        # longer enrolment only lowers the requirement, so an applicant who passes stays passed.
        enrolled, assumed = YEARS_AFTER_HIGHSCHOOL[facts.education_level], True
    required = cond.at_least - (enrolled or 0) if cond.reduced_by else cond.at_least
    requirement = ctx.say("req.years", required=_num(required))
    if cond.reduced_by and enrolled:
        requirement = ctx.say("req.years_reduced", base=_num(cond.at_least), enrolled=_num(enrolled), required=_num(required))
        if assumed:
            requirement += ctx.say("req.enrolled_assumed", level=ctx.say(f"level.{facts.education_level}"), years=_num(enrolled))
    if cond.as_of:
        requirement += ctx.say("req.as_of", date=ctx.day(cond.as_of))
    if value is None:
        return Outcome("unknown", ctx.say("detail.years_unknown", requirement=requirement), (cond.fact,))
    detail = ctx.say("detail.years", value=_num(value), requirement=requirement)
    if value >= required:
        return Outcome("pass", detail)
    if cond.reduced_by and enrolled is None:
        return Outcome("unknown", detail, ("enrolled_years",))
    return Outcome("fail", detail)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
