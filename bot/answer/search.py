"""A question's search over the documents in its scope: respelling, glossary ideas, exam rows, definitions, confidence."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer.defined_terms import DefinedTerms
from bot.answer.exam_rows import ExamRows
from bot.answer.glossary import Entry, Glossary
from bot.answer.homophones import respelt_if_surer
from bot.answer.promote import first_fitting
from bot.answer.reading import QuestionReader
from bot.answer.scope import Scope, fold
from bot.answer.thresholds import Thresholds
from bot.ingest.normalize import is_mostly_english
from bot.retrieve import Retrieval, Retriever
from bot.types import Hit

_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{2,}")  # Japanese quoted in an English question


class ScopedSearch:
    def __init__(self, retriever: Retriever, reader: QuestionReader, english: Glossary, exam_rows: ExamRows,
                 names_of_doc: dict[str, str], thresholds: Thresholds, top_k: int) -> None:
        if top_k < 1:
            raise ValueError("top_k must be at least 1")
        self.retriever = retriever
        self.reader = reader
        self.english = english
        self.exam_rows = exam_rows
        self.defined_terms = DefinedTerms(retriever.index.units)
        # A passage speaks of its own document and organization even where it does not write their names.
        self._names_of_doc = names_of_doc
        self.thresholds = thresholds
        self.top_k = top_k

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        """The passages the pipeline considers for a standalone question (evals rank these)."""
        lang = "en" if is_mostly_english(question) else "ja"
        question = self.reader.respell(question)
        scope = self.with_exam_rules(self.reader.scope_of(question), question)
        query = self.in_documents_words(question, scope, lang)
        retrieval, ideas, _ = self.search(query, scope, lang, k)
        return self.definition_first(query, scope, self.ideas_covered_first(retrieval, lang, ideas))[0]

    def with_exam_rules(self, scope: Scope, question: str) -> Scope:
        """An exam the question names that no document in scope prints ('the MOFA specialist exam': 外務省専門職員 is set
        by the rule, not described by the ministry's guide) brings the document holding its rows into scope."""
        named = self.exam_rows.documents_of(question) if scope.doc_ids else {}
        written = self.reader.folded_text(scope.doc_ids) if named else ""
        if not named or any(fold(name) in written for name in named):  # 「外務省の一般職」: the guide prints 一般職（大卒程度）
            return scope
        added = frozenset(d for docs in named.values() for d in docs)
        return replace(scope, doc_ids=scope.doc_ids | added)

    def in_documents_words(self, query: str, scope: Scope, lang: str) -> str:
        """Everyday words and kanji slips (住むのは感謝？ → 官舎) respelt as the documents in scope write them."""
        query = self.reader.in_documents_words(query, scope)
        if lang == "en":
            return query
        return respelt_if_surer(query, self.reader.kanji_slips(query, scope), self.sureness(scope),
                                self.thresholds.homophone_gain)

    def sureness(self, scope: Scope):
        return lambda text: self.confidence(self.search(text, scope, "ja")[0])

    def search(self, query: str, scope: Scope, lang: str, k: int | None = None) -> tuple[Retrieval, list[Entry], str | None]:
        """Search the documents in scope, the names that set it left out (inside it they tell nothing apart).

        English words do not match Japanese passages: the glossary gives the word channels Japanese terms,
        and without any known idea English relies on the e5 vectors alone. (Everyday Japanese is respelt
        before this, by the reader, only where the documents in scope never write the word.)
        """
        ideas = self.english.ideas(query) if lang == "en" else []
        if lang == "ja" and scope.names and not self.retriever.index.lexical.tokenizer.topic_words(scope.without_names(query)):
            # Asked about the organization itself (「出入国在留管理庁っていつできたの？」): its name is the topic.
            scope = replace(scope, matched=())
        # Japanese an English question quotes ('the Foreign Service Specialist (外務省専門職員) exam') is searched as written.
        quoted = _JAPANESE_RUN.findall(scope.without_names(query)) if lang == "en" else []
        words = " ".join([Glossary.search_terms(ideas), *quoted]).strip()
        mode = "faq" if lang == "en" and not words else None
        # A question naming an exam (「一般職の大卒程度」, 'general-track … university-graduate level') is not answered
        # by the rule's rows for other exams.
        spaced = scope.without_names(query)
        retrieval = self.retriever.search(scope.without_names(query, "、"), k or self.top_k, mode=mode, doc_ids=scope.doc_ids or None,
                                          words=words or None, exclude=self.exam_rows.of_others(query), vectors=spaced)
        return retrieval, ideas, mode

    def ideas_covered_first(self, retrieval: Retrieval, lang: str, ideas: list[Entry]) -> Retrieval:
        """An English question's glossary ideas are its surest evidence: a close passage writing more of them than the top
        one comes first ('Can I work from home?' → the passage writing テレワーク, not one about shortened breaks)."""
        if lang != "en" or not ideas or not retrieval.hits:
            return retrieval
        best = self.idea_coverage(ideas, retrieval.hits[0].unit)
        better = first_fitting(retrieval.hits, lambda unit: self.idea_coverage(ideas, unit) > best,
                               retrieval.hits[0].score * self.thresholds.typed_near, 3)
        return replace(retrieval, hits=better) if better else retrieval

    def idea_coverage(self, ideas: list[Entry], unit) -> float:
        """Share of the glossary ideas the passage writes, its document's names counting as written in it."""
        return Glossary.coverage(ideas, f"{unit.search_text}\n{self._names_of_doc[unit.doc_id]}")

    def definition_first(self, query: str, scope: Scope, retrieval: Retrieval) -> tuple[Retrieval, bool]:
        """The passage defining the term whose meaning the question asks, first among the hits (see defined_terms.py)."""
        unit = self.defined_terms.asked(query)
        if unit is None or not retrieval.hits or (scope.doc_ids and unit.doc_id not in scope.doc_ids):
            return retrieval, False
        top = retrieval.hits[0]
        hits = (Hit(unit, max(top.score, 0.0), top.mode), *(h for h in retrieval.hits if h.unit.unit_id != unit.unit_id))
        return replace(retrieval, hits=hits[: self.top_k]), True

    def confidence(self, retrieval: Retrieval, lang: str = "ja", ideas: list[Entry] | None = None) -> float:
        """0–1: how surely the top passage answers; dense similarity and topic-word (or glossary idea) coverage."""
        t = self.thresholds
        if lang == "en":
            dense = min(max((retrieval.dense_top - t.en_dense_floor) / t.en_dense_span, 0.0), 1.0)
            if not ideas or not retrieval.hits:
                return dense
            return 0.5 * dense + 0.5 * self.idea_coverage(ideas, retrieval.hits[0].unit)
        dense = min(max((retrieval.dense_top - t.dense_floor) / t.dense_span, 0.0), 1.0)
        agreeing = max(retrieval.agreement - 1, 0)
        return min(0.5 * dense + 0.5 * retrieval.lexical_coverage + t.agreement_bonus * agreeing, 1.0)
