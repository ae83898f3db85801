"""Other passages an answer must consider: another organization's answer to the same question, or a second
passage of the same document that completes the first."""

from __future__ import annotations

import functools
import re

from bot.answer.answer_type import AnswerType, unit_holds
from bot.answer.scope import fold
from bot.answer.thresholds import Thresholds
from bot.retrieve import Retrieval, Retriever
from bot.types import Document, Hit


# A division or a post (在留管理課, 難民調査官): a name, unlike everyday compounds (海外勤務, 介護休業) that one guide may
# happen not to write.
_DIVISION_OR_POST = re.compile(r"[\u4e00-\u9fff]{2,}(?:課|室|局|部|官|係|班|部門|センター)$")
# A name a guide sets in brackets (「補完的保護対象者認定制度」「ライフ・イン・ハーモニー推進月間」): a thing of its own.
_BRACKETED = re.compile(r"「([^「」]{4,40})」")
MIN_NAMED_PART = 3  # characters of a bracketed name a question must write: 「制度」 alone names nothing


class Rivals:
    def __init__(self, retriever: Retriever, documents: dict[str, Document], thresholds: Thresholds) -> None:
        if not 0.0 <= thresholds.rival_share <= 1.0:
            raise ValueError(f"rival_share must be a share (0–1), not {thresholds.rival_share}")
        self.retriever = retriever
        self.documents = documents
        self.thresholds = thresholds
        # Each organization's guide documents: the ones a question naming no organization may be ambiguous between.
        self.guides: dict[str, frozenset[str]] = {
            org: frozenset(d.doc_id for d in documents.values() if d.doc_type == "guide" and d.organization == org)
            for org in sorted({d.organization for d in documents.values() if d.doc_type == "guide"})
        }
        self._guide_text = {org: fold("\n".join(documents[d].text for d in sorted(ids))) for org, ids in self.guides.items()}
        self._bracketed = {org: tuple(_BRACKETED.findall(text)) for org, text in self._guide_text.items()}

    def competing(self, query: str, asked: AnswerType | None, retrieval: Retrieval, mode: str | None) -> Hit | None:
        """Another organization's guide passage when the question, naming no organization, fits it nearly as well.

        Two signals, either suffices: the other guide ranks close to the top hit in the fused ranking, or
        its best passage is about as similar to the question as the top document's best one. A question asking
        for a value (何人, いくら) competes only with a passage that states one, and any question only with a
        passage about what it asks (see Thresholds.rival_share).
        """
        hits = retrieval.hits
        top = hits[0]
        top_doc = self.documents[top.unit.doc_id]
        # A question about one staff member (named by their caption) is about their organization.
        if top_doc.doc_type != "guide" or top.score <= 0 or retrieval.profile_doc == top_doc.doc_id:
            return None
        def answers_too(hit: Hit) -> bool:
            if self._names_only_of(top_doc.organization, query) or not self._about_as_much(retrieval, hit):
                return False
            return asked is None or not asked.required or unit_holds(asked, hit.unit)

        for hit in hits[1:4]:
            doc = self.documents[hit.unit.doc_id]
            if doc.doc_type == "guide" and doc.organization != top_doc.organization and hit.unit.kind in ("faq", "prose"):
                if hit.score >= self.thresholds.clarify_ratio * top.score and answers_too(hit):
                    return hit
                break
        top_similarity = retrieval.semantic_by_doc.get(top_doc.doc_id, 0.0)
        for org, doc_ids in self.guides.items():
            if org == top_doc.organization:
                continue
            similarity = max(retrieval.semantic_by_doc.get(d, 0.0) for d in doc_ids)
            if similarity >= top_similarity - self.thresholds.clarify_similarity_gap:
                found = self._best_in(org, query, mode)
                if found is not None and answers_too(found):
                    return found
        return None

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - asked again for each candidate rival, and by suggestions
    def _names_only_of(self, org: str, query: str) -> tuple[str, ...]:
        """Divisions, posts and bracketed names the question names that the organization's guides write and no other
        guide does: 「在留管理課の業務内容は？」 asks about 入管庁's division, whatever 外務省 says of 業務内容, and
        「補完的保護っていつ始まった？」 about 入管庁's 「補完的保護対象者認定制度」."""
        phrases = {fold(p) for p, _ in self.retriever.index.lexical.tokenizer.noun_phrases(query)}
        phrases = {p for p in phrases if _DIVISION_OR_POST.search(p)
                   or (len(p) >= MIN_NAMED_PART and any(p in name for name in self._bracketed[org]))}
        return tuple(sorted(p for p in phrases if p in self._guide_text[org]
                            and not any(p in text for other, text in self._guide_text.items() if other != org)))

    def speaking_of(self, query: str, retrieval: Retrieval, mode: str | None) -> tuple[str, ...]:
        """The other organizations whose guides have a passage about what the question asks (the rival bar of
        topic words, whatever its value): only these are worth offering as 「〇〇の場合」."""
        top = retrieval.hits[0].unit
        if retrieval.profile_doc == top.doc_id:  # a question about one staff member is about their organization
            return ()
        top_org = self.documents[top.doc_id].organization
        return tuple(org for org in self.guides if org != top_org
                     and (found := self._best_in(org, query, mode)) is not None and self._about_as_much(retrieval, found))

    def _about_as_much(self, retrieval: Retrieval, hit: Hit) -> bool:
        """Whether a passage holds at least rival_share of what the top one holds of the question's topic words:
        「補完的保護ってなに？」 is not answered by a passage on 在留邦人保護."""
        # What an English question is about is its glossary terms, not its English words read as Japanese.
        share = functools.partial(self.retriever.topic_share, retrieval.searched_tokens)
        return share(hit.unit) >= self.thresholds.rival_share * share(retrieval.hits[0].unit)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one Rivals per process; competing and speaking_of ask alike
    def _best_in(self, org: str, query: str, mode: str | None) -> Hit | None:
        """The organization's best guide passage for the query."""
        found = self.retriever.search(query, 1, mode=mode, doc_ids=self.guides[org]).hits
        return found[0] if found else None

    def supporting(self, hits: tuple[Hit, ...]) -> Hit | None:
        """A second passage from the same document when it scores almost as well (an FAQ answer stands alone).

        Close scores within one document usually mean the answer spans neighbouring passages (a list
        after its lead sentence, a table row after its heading); citing both states the fact more often.
        """
        top = hits[0]
        if top.unit.kind == "faq":
            return None
        for hit in hits[1:3]:
            if hit.unit.doc_id == top.unit.doc_id and hit.score >= self.thresholds.support_ratio * top.score:
                return hit
        return None
