"""A question read in the documents' own words: which documents it names, and its kana-typed and everyday
words respelt as the documents write them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.answer.glossary import Glossary
from bot.answer.homophones import HomophoneRespeller
from bot.answer.name_slips import NameSlips
from bot.answer.respell import KanaRespeller
from bot.answer.scope import Scope, detect_scope, english_names, fold, unknown_english_organizations, unknown_organizations
from bot.index.lexical import JapaneseTokenizer
from bot.ingest.normalize import is_mostly_english
from bot.types import Document, Organization


class QuestionReader:
    def __init__(self, documents: dict[str, Document], orgs: dict[str, Organization], unit_texts: Iterable[str],
                 tokenizer: JapaneseTokenizer, english: Glossary, everyday: Glossary) -> None:
        if not documents:
            raise ValueError("no documents to read questions against")
        self.documents = documents
        self.orgs = orgs
        self.english = english
        self.everyday = everyday
        self._tokenizer = tokenizer
        self.respell = KanaRespeller.from_texts(unit_texts, tokenizer, words=everyday.said_words())
        self.homophones = HomophoneRespeller(documents, tokenizer)
        self._folded_corpus = fold("\n".join(d.text for d in documents.values()))
        self.name_slips = NameSlips((n for o in orgs.values() for n in o.names), self._folded_corpus, tokenizer)
        self._folded_scopes: dict[frozenset[str], str] = {}
        # 'the Ministry of Foreign Affairs (MOFA)' → 'Ministry of Foreign Affairs', with the aliases and glossary phrases.
        self._english_names = english_names([*(re.sub(r"^the |\s*\(.*\)$", "", o.en) for o in orgs.values()),
                                             *(n for o in orgs.values() for n in o.aliases if n.isascii()),
                                             *english.said_words()])

    def scope_of(self, question: str) -> Scope:
        """The documents a question names; an English one names them in its glossary terms too ('IT role' → IT人材)."""
        if is_mostly_english(question):
            question = f"{question} {Glossary.search_terms(self.english.ideas(question))}"
        return detect_scope(question, self.documents, self.orgs, self._tokenizer.reading)

    def in_documents_words(self, question: str, scope: Scope) -> str:
        """Everyday words the documents in scope never write, respelt as they write them (面接 → 人物試験 for
        the IT selection, whose notice says 人物試験 while the disability notice says 面接)."""
        return self.everyday.respell(question, self.folded_text(scope.doc_ids))

    def kanji_slips(self, question: str, scope: Scope) -> str | None:
        """The question with nouns the documents in scope never write respelt as their noun of that reading
        (「住むのは感謝？」 → 官舎), or None; whether it was a slip is for the caller to judge."""
        return self.homophones.candidate(question, scope.doc_ids, self.folded_text(scope.doc_ids))

    def names_other_organization(self, question: str) -> bool:
        """「東京都庁の試験は？」 'the Ministry of Economy': an organization the documents never mention is not theirs to answer."""
        if is_mostly_english(question):
            return bool(unknown_english_organizations(question, self._english_names))
        return bool(unknown_organizations(question, self._folded_corpus))

    def folded_text(self, doc_ids: frozenset[str]) -> str:
        if not doc_ids:
            return self._folded_corpus
        if doc_ids not in self._folded_scopes:
            self._folded_scopes[doc_ids] = fold("\n".join(self.documents[d].text for d in sorted(doc_ids)))
        return self._folded_scopes[doc_ids]
