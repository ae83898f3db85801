"""What the interpreter carries while it applies conditions: the facts, the exam year, the words it speaks in, and
each condition's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.messages import say
from bot.rules import dates
from bot.rules.facts import Facts
from bot.types import CheckStatus


@dataclass(frozen=True)
class Outcome:
    """A condition's status, the working shown for it, and the facts that would settle it."""

    status: CheckStatus
    detail: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    facts: Facts
    exam_year: int
    today: date
    lang: str
    birth: tuple[date, date, str] | None = None  # a narrower birth range while cases are split by age

    @property
    def april_first(self) -> date:
        return dates.april_first(self.exam_year)

    @property
    def march_end(self) -> date:
        return date(self.exam_year + 1, 3, 31)

    def say(self, key: str, **values: object) -> str:
        return say(f"eligibility.{key}", self.lang, **values)

    def day(self, d: date) -> str:
        return self.say("date.ymd", y=d.year, m=d.month, d=d.day)

    def partial(self, p: dates.PartialDate) -> str:
        if p.day:
            return self.day(date(p.year, p.month or 1, p.day))
        return self.say("date.ym", y=p.year, m=p.month) if p.month else self.say("date.y", y=p.year)
