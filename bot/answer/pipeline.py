"""Question + session → Answer: eligibility rules, retrieval, clarification across organizations, fallback."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.answer.compose import Passage, compose_per_org, compose_single, select_passage, source_url
from bot.answer.guard import numbers_supported
from bot.answer.scope import Scope, asks_about_other_year, detect_scope
from bot.corpus.store import organizations
from bot.ingest.normalize import is_mostly_english
from bot.messages import say
from bot.retrieve import Retrieval, Retriever
from bot.sessions import SessionStore
from bot.types import Answer, Citation, Document, Eligibility, Hit

INJECTION = re.compile(
    r"(指示を(すべて|全て)?無視|命令を無視|プロンプト|system prompt|ignore (all|any|the|previous|prior)|"
    r"disregard (all|previous|the)|あなたは今から|jailbreak|developer mode|ルールを忘れ)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Thresholds:
    fallback: float = 0.5
    dense_floor: float = 0.80
    dense_span: float = 0.12
    en_dense_floor: float = 0.81  # e5 similarities run lower across languages
    en_dense_span: float = 0.04
    clarify_ratio: float = 0.85
    support_ratio: float = 0.9


class Pipeline:
    def __init__(self, retriever: Retriever, sessions: SessionStore, eligibility=None, thresholds: Thresholds | None = None,
                 base_url: str = "", top_k: int = 8) -> None:
        self.retriever = retriever
        self.sessions = sessions
        self.eligibility = eligibility
        self.thresholds = thresholds or Thresholds()
        self.base_url = base_url
        self.top_k = top_k
        self.documents: dict[str, Document] = retriever.index.documents
        self._units = {u.unit_id: u for u in retriever.index.units}
        self.orgs = organizations()
        self._tokenizer = retriever.index.lexical.tokenizer

    # -- entry point ---------------------------------------------------------------------------
    def ask(self, message: str, session_id: str | None, today: date) -> tuple[str, Answer]:
        session_id = session_id or self.sessions.new_id()
        state = self.sessions.load(session_id)
        message = unicodedata.normalize("NFC", message).strip()
        lang = "en" if is_mostly_english(message) else "ja"
        answer, state = self._answer(message, state, today, lang)
        self.sessions.save(session_id, state)
        return session_id, answer

    def _answer(self, message: str, state: dict, today: date, lang: str) -> tuple[Answer, dict]:
        if INJECTION.search(message):
            return self._fallback(message, lang, Scope.empty()), state
        if self.eligibility is not None and self.eligibility.wants(message, state.get("facts", {})):
            return self._eligibility(message, state, today, lang)
        scope = detect_scope(message, self.documents, self.orgs)
        query, scope = self._with_context(message, scope, state)
        chosen = self._clarify_choice(message, scope, state)
        if chosen is not None:
            answer = self._answer_from_unit(chosen, lang, today)
        else:
            answer = self._retrieval_answer(query, scope, today, lang, years_from=message)
        state = {**state, "clarify": {c.organization: c.unit_id for c in answer.citations} if answer.kind == "clarify" else {}, "last_question": query if answer.kind != "fallback" else state.get("last_question", ""),
                 "last_doc_ids": sorted({c.doc_id for c in answer.citations}) or state.get("last_doc_ids", [])}
        return answer, state

    def _with_context(self, message: str, scope: Scope, state: dict) -> tuple[str, Scope]:
        """A short follow-up that only names an organization ('外務省の場合は？') reuses the last question."""
        last = state.get("last_question")
        if last and scope.doc_ids and scope.is_only_scope(message, self._tokenizer):
            return last, scope
        return message, scope

    def _clarify_choice(self, message: str, scope: Scope, state: dict):
        """After a clarify, naming one organization picks the passage already shown for it."""
        offered = state.get("clarify") or {}
        if not offered or not scope.doc_ids or not scope.is_only_scope(message, self._tokenizer):
            return None
        orgs = {self.documents[d].organization for d in scope.doc_ids}
        picked = [unit_id for org, unit_id in offered.items() if org in orgs]
        if len(picked) != 1:
            return None
        return self._units.get(picked[0])

    def _answer_from_unit(self, unit, lang: str, today: date) -> Answer:
        passage = select_passage(unit, set(), self._tokenizer)
        text, citations = compose_single([passage], self.documents, lang, self.base_url)
        text += self._freshness_note([passage], today, lang)
        return Answer("answer", text, citations, None, ())

    # -- retrieval answers ---------------------------------------------------------------------
    def _retrieval_answer(self, query: str, scope: Scope, today: date, lang: str, years_from: str = "") -> Answer:
        # Japanese words do not match English questions lexically, so English relies on the e5 vectors.
        mode = "faq" if lang == "en" else None
        retrieval = self.retriever.search(query, self.top_k, mode=mode, doc_ids=scope.doc_ids or None)
        confidence = self.confidence(retrieval, lang)
        if not retrieval.hits or confidence < self.thresholds.fallback:
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        query_tokens = set(retrieval.query_tokens)
        top = retrieval.hits[0]
        if asks_about_other_year(years_from or query, top.unit.text, self.documents[top.unit.doc_id]):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        other = None if scope.doc_ids else self._competing_org_hit(retrieval.hits)
        if other is not None:
            passages = [select_passage(h.unit, query_tokens, self._tokenizer) for h in (top, other)]
            short = {name: (o.en if lang == "en" else o.short) for name, o in self.orgs.items()}
            text, citations = compose_per_org(passages, self.documents, lang, self.base_url, short)
            text += "\n" + say("clarify.which_org", lang, choices="・".join(self._org_label(p, lang) for p in passages))
            choices = tuple(say("clarify.choice", lang, org=self._org_label(p, lang)) for p in passages)
            return Answer("clarify", text, citations, None, choices, retrieval.hits, confidence)
        passages = [select_passage(top.unit, query_tokens, self._tokenizer)]
        support = self._supporting_hit(retrieval.hits)
        if support is not None:
            passages.append(select_passage(support.unit, query_tokens, self._tokenizer))
        text, citations = compose_single(passages, self.documents, lang, self.base_url)
        text += self._freshness_note(passages, today, lang)
        answer = Answer("answer", text, citations, None, self._suggestions(retrieval.hits, passages), retrieval.hits, confidence)
        if not numbers_supported(answer.text, [c.quote for c in citations]):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        return answer

    def confidence(self, retrieval: Retrieval, lang: str = "ja") -> float:
        """0–1: how surely the top passage answers; dense similarity and topic-word coverage."""
        t = self.thresholds
        if lang == "en":
            return min(max((retrieval.dense_top - t.en_dense_floor) / t.en_dense_span, 0.0), 1.0)
        dense = min(max((retrieval.dense_top - t.dense_floor) / t.dense_span, 0.0), 1.0)
        return 0.5 * dense + 0.5 * retrieval.lexical_coverage

    def _competing_org_hit(self, hits: tuple[Hit, ...]) -> Hit | None:
        """The best hit of another organization's guide when it scores nearly as well as the top hit."""
        top = hits[0]
        top_doc = self.documents[top.unit.doc_id]
        if top_doc.doc_type != "guide" or top.score <= 0:
            return None
        for hit in hits[1:4]:
            doc = self.documents[hit.unit.doc_id]
            if doc.doc_type == "guide" and doc.organization != top_doc.organization and hit.unit.kind in ("faq", "prose"):
                if hit.score >= self.thresholds.clarify_ratio * top.score:
                    return hit
                return None
        return None

    def _supporting_hit(self, hits: tuple[Hit, ...]) -> Hit | None:
        """A second passage from the same document and section when it scores almost as well."""
        top = hits[0]
        for hit in hits[1:3]:
            same_place = hit.unit.doc_id == top.unit.doc_id and hit.unit.headings == top.unit.headings
            if same_place and hit.unit.kind == top.unit.kind != "faq" and hit.score >= self.thresholds.support_ratio * top.score:
                return hit
        return None

    def _org_label(self, passage: Passage, lang: str) -> str:
        org = self.orgs.get(self.documents[passage.unit.doc_id].organization)
        if org is None:
            return self.documents[passage.unit.doc_id].organization
        return org.en if lang == "en" else org.short

    def _freshness_note(self, passages: list[Passage], today: date, lang: str) -> str:
        notes = []
        for doc_id in dict.fromkeys(p.unit.doc_id for p in passages):
            deadline = self.documents[doc_id].deadline
            if deadline and date.fromisoformat(deadline) < today:
                notes.append(say("answer.stale", lang, title=self.documents[doc_id].short_name))
        return ("\n" + "\n".join(notes)) if notes else ""

    def _suggestions(self, hits: tuple[Hit, ...], passages: list[Passage]) -> tuple[str, ...]:
        """Other FAQ questions near this topic: questions the corpus is known to answer."""
        used = {p.unit.unit_id for p in passages}
        out = []
        for hit in hits:
            if hit.unit.kind == "faq" and hit.unit.unit_id not in used and hit.unit.question not in out:
                out.append(hit.unit.question)
        return tuple(out[:3])

    # -- fallback ------------------------------------------------------------------------------
    def _fallback(self, query: str, lang: str, scope: Scope, hits=(), confidence: float = 0.0) -> Answer:
        docs = [self.documents[d] for d in sorted(scope.doc_ids)] if scope.doc_ids else list(self.documents.values())
        lines = [say("fallback.not_covered", lang)]
        seen = set()
        for doc in docs:
            if doc.contact and doc.contact not in seen:
                seen.add(doc.contact)
                lines.append(say("fallback.contact_line", lang, org=doc.organization, contact=doc.contact))
        return Answer("fallback", "\n".join(lines), (), None, (), tuple(hits), confidence)

    # -- eligibility ---------------------------------------------------------------------------
    def _eligibility(self, message: str, state: dict, today: date, lang: str) -> tuple[Answer, dict]:
        turn = self.eligibility.respond(message, state.get("facts", {}), today, lang)
        state = {**state, "facts": turn.facts}
        if turn.result is None:
            return Answer("clarify", turn.text, (), None, tuple(turn.suggestions)), state
        citations = tuple(self._rule_citation(n, doc_id, quote) for n, (doc_id, quote) in enumerate(turn.result.sources, start=1))
        eligibility: Eligibility = turn.result.eligibility
        return Answer("eligibility", turn.text, citations, eligibility, tuple(turn.suggestions)), state

    def _rule_citation(self, n: int, doc_id: str, quote: str) -> Citation:
        doc = self.documents[doc_id]
        start = max(doc.text.find(quote), 0)
        end = start + len(quote)
        return Citation(n, doc_id, doc.title, doc.organization, quote, source_url(doc_id, start, end, self.base_url), "", start, end)

