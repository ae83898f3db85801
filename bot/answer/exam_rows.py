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
        # A document that every rule of one exam, and of no other, cites is that exam's notice (the IT selection's, the
        # 2019 disability selection's); the rule, cited by every exam of its tables, is no one exam's.
        owners: dict[str, set[str]] = defaultdict(set)
        for exam in rules.exams:
            cited = {rules.rule(r).source.doc_id for r in exam.rules}
            if len(cited) == 1:
                owners[cited.pop()].add(exam.id)
        self._notice_of = {doc_id: exam_ids.pop() for doc_id, exam_ids in owners.items() if len(exam_ids) == 1}

    def named(self, question: str) -> frozenset[str]:
        """The exams with rows that the question names (a family names all its members: 「一般職」)."""
        names = {self._rules.exam(exam_id).name for exam_id in self._named_ids(question)}
        return frozenset(names & self._rows.keys())

    def _named_ids(self, question: str) -> set[str]:
        """The exams the question names, a family standing for all its members."""
        return {m for mention in find_exams(normalize(question), self._rules) for m in self._rules.members(mention.exam_id)}

    def of_others(self, question: str) -> frozenset[str]:
        """Unit ids of the rows of exams the question does not name; none when it names no exam with rows."""
        named = self.named(question)
        if not named:
            return frozenset()
        return frozenset(unit_id for name, ids in self._rows.items() if name not in named for unit_id in ids)

    def documents_of(self, question: str) -> dict[str, frozenset[str]]:
        """Each exam with rows that the question names, and the documents holding its rows."""
        return {name: self._docs[name] for name in self.named(question)}

    def names_only_others(self, question: str, doc_id: str) -> bool:
        """Whether the question names exams and the document is another exam's own («一般職大卒の基礎能力試験は何問？»
        is not answered by the disability selection's notice)."""
        own = self._notice_of.get(doc_id)
        if own is None:
            return False
        named = self._named_ids(question)
        return bool(named) and own not in named
