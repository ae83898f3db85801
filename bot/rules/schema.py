"""Pydantic models for rules.yaml; loading validates everything once, so the engine can trust it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.errors import RulesError

DEFAULT_RULES_PATH = Path(__file__).with_name("rules.yaml")

EducationLevel = Literal["highschool", "junior_college", "technical_college", "university", "master", "law_school", "doctor"]
# Schools that count as "at least" a level: 高専 and 短大 are peers; 法科大学院 is a 専門職大学院,
# so it satisfies the master's requirement of 院卒者試験.
EDUCATION_RANK: dict[str, int] = {
    "highschool": 1, "junior_college": 2, "technical_college": 2, "university": 3,
    "master": 4, "law_school": 4, "doctor": 5,
}
# Standard years of study after high school, deducted from work experience when the asker has not
# said how long they were enrolled (a 高専 counts its last two years, the ones after high-school age).
YEARS_AFTER_HIGHSCHOOL: dict[str, int] = {
    "highschool": 0, "junior_college": 2, "technical_college": 2, "university": 4,
    "master": 6, "law_school": 6, "doctor": 9,
}
# What being enrolled in (or holding) a level proves was completed before it: a master's student
# holds a bachelor's degree, a university student holds no junior-college degree.
PREREQUISITE: dict[str, str] = {"junior_college": "highschool", "university": "highschool", "master": "university",
                                "law_school": "university", "doctor": "master"}
FLAG_FACTS = ("art38_applies", "quasi_incompetent", "bar_exam_passed", "food_course", "food_facility", "disability_certificate")
EXPERIENCE_FACTS = ("work_years", "it_years")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgeCondition(_Strict):
    kind: Literal["age"]
    at_least: int | None = Field(default=None, ge=0, le=120)
    under: int | None = Field(default=None, ge=1, le=120)
    at: date | None = None  # None: 4月1日 of the 試験年度 ("on" would be read as YAML true)

    @model_validator(mode="after")
    def _bounded(self) -> AgeCondition:
        if self.at_least is None and self.under is None:
            raise ValueError("an age condition needs at_least or under")
        if self.at_least is not None and self.under is not None and self.at_least >= self.under:
            raise ValueError("at_least must be below under")
        return self


class EducationCondition(_Strict):
    kind: Literal["education"]
    at_least: EducationLevel | None = None
    levels: tuple[EducationLevel, ...] = ()
    allow_expected: bool = True  # 「試験年度の三月までに…見込みの者」

    @model_validator(mode="after")
    def _one_target(self) -> EducationCondition:
        if (self.at_least is None) == (not self.levels):
            raise ValueError("give exactly one of at_least or levels")
        return self


class FirstOfTwo(_Strict):
    years: int = Field(ge=1, le=20)
    expected_by_month: int = Field(ge=1, le=12)


class HighschoolWithinCondition(_Strict):
    kind: Literal["highschool_within"]
    years: int = Field(ge=1, le=20)
    first_of_two: FirstOfTwo | None = None


class HighschoolElapsedCondition(_Strict):
    kind: Literal["highschool_elapsed"]
    years: int = Field(ge=1, le=20)


class SexCondition(_Strict):
    kind: Literal["sex"]
    equals: Literal["male", "female"]


class NationalityCondition(_Strict):
    kind: Literal["nationality"]
    excluded: tuple[Literal["foreign", "dual"], ...] = Field(min_length=1)


class FlagCondition(_Strict):
    kind: Literal["flag"]
    fact: Literal[FLAG_FACTS]  # type: ignore[valid-type]
    equals: bool


class ExperienceCondition(_Strict):
    kind: Literal["experience"]
    fact: Literal[EXPERIENCE_FACTS]  # type: ignore[valid-type]
    at_least: float = Field(gt=0, le=60)
    as_of: date | None = None
    reduced_by: Literal["enrolled_years"] | None = None


class AnyOf(_Strict):
    any_of: tuple[Condition, ...] = Field(min_length=2)


class AllOf(_Strict):
    all_of: tuple[Condition, ...] = Field(min_length=2)


Leaf = Annotated[
    Union[AgeCondition, EducationCondition, HighschoolWithinCondition, HighschoolElapsedCondition,
          SexCondition, NationalityCondition, FlagCondition, ExperienceCondition],
    Field(discriminator="kind"),
]
Condition = Union[AnyOf, AllOf, Leaf]
AnyOf.model_rebuild()
AllOf.model_rebuild()


class Source(_Strict):
    doc_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    quote: str = Field(min_length=4)


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    type: Literal["requirement", "disqualification"] = "requirement"
    label: str = Field(min_length=2)
    label_en: str = Field(min_length=2)
    when: Condition
    source: Source


class Exam(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    kubun: str = ""  # as 別表第三 lists them
    kubun_label: str = ""  # a short form for answers when the list is long
    exam_year: int | None = Field(default=None, ge=1990, le=2100)  # fixed for one-off recruitments
    rules: tuple[str, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    notes: tuple[Literal["source_incomplete", "past_recruitment"], ...] = ()

    @field_validator("rules", mode="before")
    @classmethod
    def _flatten(cls, value: Any) -> Any:
        # YAML anchors splice shared lists in as nested lists.
        if isinstance(value, list):
            flat: list[Any] = []
            for item in value:
                flat.extend(item if isinstance(item, list) else [item])
            return flat
        return value

    @field_validator("aliases")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"alias {pattern!r} is not a valid regular expression: {exc}") from exc
        return value

    @property
    def display_name(self) -> str:
        kubun = self.kubun_label or self.kubun
        return f"{self.name}（{kubun}）" if kubun and kubun != "全ての区分試験" else self.name


class Family(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    members: tuple[str, ...] = Field(min_length=2)
    aliases: tuple[str, ...] = Field(min_length=1)

    _compiles = field_validator("aliases")(Exam._compiles.__func__)  # type: ignore[attr-defined]


class Defaults(_Strict):
    exam_year_rollover_month: int = Field(ge=1, le=12)


class RuleSet(_Strict):
    version: Literal[1]
    defaults: Defaults
    anchors: dict[str, Any] = {}
    rules: tuple[Rule, ...] = Field(min_length=1)
    exams: tuple[Exam, ...] = Field(min_length=1)
    families: tuple[Family, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> RuleSet:
        rule_ids = [r.id for r in self.rules]
        _unique("rule", rule_ids)
        _unique("exam/family", [e.id for e in self.exams] + [f.id for f in self.families])
        known_rules, exam_ids = set(rule_ids), {e.id for e in self.exams}
        for exam in self.exams:
            for rule_id in exam.rules:
                if rule_id not in known_rules:
                    raise ValueError(f"exam {exam.id} refers to unknown rule {rule_id}")
        for family in self.families:
            for member in family.members:
                if member not in exam_ids:
                    raise ValueError(f"family {family.id} refers to unknown exam {member}")
        return self

    def rule(self, rule_id: str) -> Rule:
        return self._rules_by_id()[rule_id]

    def exam(self, exam_id: str) -> Exam:
        for exam in self.exams:
            if exam.id == exam_id:
                return exam
        raise KeyError(exam_id)

    def family(self, family_id: str) -> Family | None:
        return next((f for f in self.families if f.id == family_id), None)

    def members(self, exam_or_family_id: str) -> tuple[str, ...]:
        family = self.family(exam_or_family_id)
        return family.members if family else (self.exam(exam_or_family_id).id,)

    def _rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id {item}")
        seen.add(item)


def load_rules(path: Path | None = None) -> RuleSet:
    """Read and validate rules.yaml; any problem becomes a RulesError naming the file."""
    path = path or DEFAULT_RULES_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc
    try:
        return RuleSet.model_validate(raw)
    except ValidationError as exc:
        raise RulesError(f"rules file {path} is invalid: {exc}") from exc
