"""A row of the rule's tables belongs to one exam (its first cell): a question naming exams is answered by their rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.rules.exams import find_exams, normalize
from bot.rules.schema import RuleSet
from bot.types import Unit


class ExamRows:
    """Units chunked without table rows (the evals' fixed-size baseline) have no exam rows: nothing is left out."""

    def __init__(self, rules: RuleSet, units: Iterable[Unit]) -> None:
        names = {exam.name for exam in rules.exams}
        rows: dict[str, set[str]] = defaultdict(set)
        docs: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            if unit.kind == "row" and unit.label in names:
                rows[unit.label].add(unit.unit_id)
                docs[unit.label].add(unit.doc_id)
        self._rules = rules
        self._rows = {name: frozenset(ids) for name, ids in rows.items()}
        self._docs = {name: frozenset(ids) for name, ids in docs.items()}

    def named(self, question: str) -> frozenset[str]:
        """The exams with rows that the question names (a family names all its members: 「一般職」)."""
        mentions = find_exams(normalize(question), self._rules)
        names = {self._rules.exam(m).name for mention in mentions for m in self._rules.members(mention.exam_id)}
        return frozenset(names & self._rows.keys())

    def of_others(self, question: str) -> frozenset[str]:
        """Unit ids of the rows of exams the question does not name; none when it names no exam with rows."""
        named = self.named(question)
        if not named:
            return frozenset()
        return frozenset(unit_id for name, ids in self._rows.items() if name not in named for unit_id in ids)

    def documents_of(self, question: str) -> dict[str, frozenset[str]]:
        """Each exam with rows that the question names, and the documents holding its rows."""
        return {name: self._docs[name] for name in self.named(question)}
