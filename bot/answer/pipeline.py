"""Question + session → Answer: eligibility rules, retrieval, clarification across organizations, fallback."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from functools import cached_property

from bot.answer.injection import is_injection
from bot.answer.answer_type import asks_for_service, expected_type, prefer_typed, unit_holds, values_of_unnamed
from bot.answer.definition import asked_thing, past_career_rows, prefer_describing, prefer_work_told
from bot.answer.compose import (Passage, compose_per_org, compose_single, pointed_list, select_passage, source_url,
                                 with_lead_in)
from bot.answer import followup, suggest
from bot.answer.freshness import stale_note
from bot.answer.generate import Generator
from bot.answer.glossary import ENGLISH, EVERYDAY, Entry, Glossary
from bot.answer.procedures import asks_about_own_status
from bot.answer.guard import numbers_supported
from bot.answer.ellipsis import Substitution
from bot.answer.exam_rows import ExamRows
from bot.answer.reading import QuestionReader
from bot.answer.rivals import Rivals
from bot.answer.search import ScopedSearch
from bot.answer.scope import Scope, asks_about_other_year, bodies_not_in, fold, glossed_bodies_not_in
from bot.answer.thresholds import Thresholds
from bot.corpus.store import organizations
from bot.ingest.normalize import is_mostly_english
from bot.messages import say
from bot.retrieve import Retrieval, Retriever
from bot.rules.schema import load_rules
from bot.sessions import SessionStore
from bot.types import Answer, Citation, Document, Eligibility, Hit

PROBE_CACHE_SIZE = 4096
LIST_REACH = 3  # units after a quote pointing ahead (「以下の業務」) searched for its list: the IT notice's is the third


class Pipeline:
    def __init__(self, retriever: Retriever, sessions: SessionStore, eligibility=None, thresholds: Thresholds | None = None,
                 base_url: str = "", top_k: int = 8, generator: Generator | None = None) -> None:
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
        self.english = Glossary.load(ENGLISH)
        self.reader = QuestionReader(self.documents, self.orgs, (u.text for u in retriever.index.units), self._tokenizer,
                                     self.english, Glossary.load(EVERYDAY))
        self.respell = self.reader.respell
        self.substitute = Substitution(self._tokenizer, retriever.embedder, {n for o in self.orgs.values() for n in o.names})
        self.rivals = Rivals(retriever, self.documents, self.thresholds)
        self.exam_rows = ExamRows(eligibility.rules if eligibility else load_rules(), retriever.index.units)
        names_of_doc = {d.doc_id: "\n".join((d.title, d.short_name, *d.aliases, *self.orgs[d.organization].names))
                        for d in self.documents.values()}
        self.search = ScopedSearch(retriever, self.reader, self.english, self.exam_rows, names_of_doc, self.thresholds, top_k)
        # The documents' own organizations: naming them is no question about another body.
        self._own_names = frozenset(fold(n) for d in self.documents.values() for n in self.orgs[d.organization].names)
        self.generator = generator
        self._neighbours = suggest.Neighbours(retriever.index.units)
        self._probe_cache: dict[tuple, Answer] = {}  # suggestion → its answer, for questions that stand alone

    # -- entry point ---------------------------------------------------------------------------
    def ask(self, message: str, session_id: str | None, today: date) -> tuple[str, Answer]:
        session_id = session_id or self.sessions.new_id()
        state = self.sessions.load(session_id)
        message = unicodedata.normalize("NFC", message).strip()
        lang = "en" if is_mostly_english(message) else "ja"
        answer, state = self._answer(message, state, today, lang)
        self.sessions.save(session_id, state)
        return session_id, answer

    def _answer(self, message: str, state: dict, today: date, lang: str, finish: bool = True) -> tuple[Answer, dict]:
        if is_injection(message):
            return self._fallback(message, lang, Scope.empty()), state
        question = self.reader.name_slips(self.respell(message))
        if self.eligibility is not None and self.eligibility.wants(message, state.get("facts", {})):
            # An exam named in kana that only the respelling makes out (「がいむしょう せんもんしょくいん」) is taken from it;
            # whether a check is asked, and every other fact, are the message's own.
            respelt_exam = None if self.eligibility.exam_named(message) else self.eligibility.exam_named(question)
            if respelt_exam:
                state = {**state, "facts": {**state.get("facts", {}), "exam": respelt_exam}}
            return self._eligibility(message, state, today, lang)
        scope = self.search.with_exam_rules(self.reader.scope_of(question), question)
        answer, state = self._converse(question, scope, state, today, lang, finish)
        if self.eligibility is not None:
            # The exam a general question named (「一般職の受験資格は？」) is the one later facts are checked against.
            state = {**state, "facts": self.eligibility.remember(message, state.get("facts", {}))}
        return answer, state

    # -- conversation: follow-ups, clarify choices, freshness, suggestions, optional generator ----------
    def _converse(self, message: str, scope: Scope, state: dict, today: date, lang: str, finish: bool) -> tuple[Answer, dict]:
        turn = self._with_context(message, scope, state)
        if turn.intent == "swap":
            asked_again = self.substitute(turn.topic, turn.focus)
            turn = replace(turn, intent="new", query=asked_again or turn.query, topic="", focus=None)
        lang = turn.lang or lang
        chosen = self._clarify_choice(message, scope, state)
        if chosen is not None:
            answer = self._answer_from_unit(chosen, lang, today)
        elif turn.intent == "english" and turn.around in self._units:
            answer = self._answer_from_unit(self._units[turn.around], lang, today)
        elif turn.intent == "no_topic":
            answer = Answer("clarify", say("conversation.no_topic", lang))
        elif turn.intent in ("more", "detail"):
            answer = self._more_answer(turn, lang)
        else:
            # A query built from the last topic (「IT人材のボーナスって…」) leaves out the names it carries, as typed ones are.
            named = scope if turn.query == message else self.reader.scope_of(turn.query)
            answer = self._retrieval_answer(turn.query, replace(named, doc_ids=turn.doc_ids), today, lang, years_from=message)
            # 「結果はいつ頃わかる？」 after 「IT人材の一次選考って何で判断されるの？」: too short to stand alone, it is
            # asked about the last topic; read together with it, within the documents carried. Answered on its own, it
            # is still read with the topic when that is clearly surer (「小さい公館だと他のしごとも兼務するの？」 after
            # 在外公館の通信担当), unless it asks for something other than the topic.
            may_join = answer.kind == "fallback" or (answer.confidence + followup.JOIN_MARGIN <= 1.0
                                                     and not followup.asks_for_others(message))
            if turn.carried and may_join:
                joined = followup.with_last_topic(turn.query, state)
                with_topic = self._retrieval_answer(joined, replace(self.reader.scope_of(joined), doc_ids=turn.doc_ids), today,
                                                    lang, years_from=message)
                surer = with_topic.kind == "answer" and with_topic.confidence >= answer.confidence + followup.JOIN_MARGIN
                if answer.kind == "fallback" or surer:
                    answer = with_topic
            if turn.carried:
                # The organization carried from the last topic gives way when it has nothing (or far less) on this one.
                free = self._retrieval_answer(turn.query, replace(named, doc_ids=frozenset()), today, lang, years_from=message)
                if answer.kind == "fallback" or free.confidence - answer.confidence >= followup.CARRY_MARGIN:
                    turn, answer = replace(turn, doc_ids=frozenset(), carried=False), free
            if turn.intent == "refine" and answer.kind == "answer" and not self._adds_to_topic(answer, turn):
                # 「それって何年目？」 was asked because the passage shown did not say: look past it, on the same topic.
                further = self._more_answer(turn, lang)
                answer = further if further.kind == "answer" else answer
        state = followup.remember(state, turn, answer, lang)
        state = {**state, "clarify": {c.organization: c.unit_id for c in answer.citations} if answer.kind == "clarify" else {},
                 "last_question": turn.query if answer.kind != "fallback" else state.get("last_question", ""),
                 "last_doc_ids": sorted({c.doc_id for c in answer.citations}) or state.get("last_doc_ids", [])}
        if finish and answer.kind == "answer" and self.generator is not None:
            answer = self._generated(answer, turn.query, lang)
        answer = self._with_freshness(answer, today, lang, turn.doc_ids)
        if finish and answer.kind == "answer":
            # Choices the answer itself offers (another organization) come first, then related questions.
            related = self._suggestions(answer, message, state, today, lang)
            answer = replace(answer, suggestions=tuple(dict.fromkeys(answer.suggestions + related))[:3])
        return answer, state

    def _with_context(self, message: str, scope: Scope, state: dict) -> followup.Turn:
        """What the message asks given the session's last topic (see bot/answer/followup.py)."""
        return followup.resolve(message, scope.doc_ids, scope.names, state, self.orgs)

    def _clarify_choice(self, message: str, scope: Scope, state: dict):
        """After a clarify, naming one organization (or tapping its choice) picks the passage already shown for it."""
        offered = state.get("clarify") or {}
        if not offered or not scope.doc_ids or not followup.names_only_organization(message, scope.names, self.orgs):
            return None
        orgs = {self.documents[d].organization for d in scope.doc_ids}
        picked = [unit_id for org, unit_id in offered.items() if org in orgs]
        if len(picked) != 1:
            return None
        return self._units.get(picked[0])

    def _more_answer(self, turn: followup.Turn, lang: str) -> Answer:
        """「他には？」: the next-best passages for the topic; 「もっと詳しく」: what follows the last one in its section."""
        units = []
        if turn.intent == "detail" and turn.around:
            following = self._neighbours.following(turn.around)
            units = [u for u in following[:2] if u.kind != "faq" and u.unit_id not in turn.exclude][:2]
        hits: tuple[Hit, ...] = ()
        confidence = 1.0
        if not units:
            retrieval = self.retriever.search(turn.query, self.top_k, mode="faq" if lang == "en" else None,
                                              doc_ids=turn.doc_ids or None)
            hits, confidence = retrieval.hits, self.confidence(retrieval, lang)
            # Only the ranks a first answer would consider: further down is no longer about the topic.
            fresh = [h.unit for h in hits if h.unit.unit_id not in turn.exclude and self._on_topic(h.unit, turn.topic)]
            units = fresh[:1] if confidence >= self.thresholds.fallback else []
        if not units:
            return self._no_more(turn, lang)
        passages = [select_passage(u, set(), self._tokenizer) for u in units]
        text, citations = compose_single(passages, self.documents, lang, self.base_url)
        if not numbers_supported(text, self._supporting(citations)):
            return self._no_more(turn, lang)
        return Answer("answer", text, citations, None, (), hits, confidence)

    def _supporting(self, citations) -> list[str]:
        """What an answer's words may rest on: the quotes, and the headers a quoted table row is shown under."""
        rows = [self._units[c.unit_id] for c in citations if c.unit_id in self._units]
        return [c.quote for c in citations] + [u.context for u in rows if u.kind == "row"]

    def _on_topic(self, unit, topic: str) -> bool:
        """The unit (with its headings) holds every content word of the topic, organization names aside."""
        if not topic:
            return True
        wanted = set(self._tokenizer.tokens(topic)) - self._organization_tokens
        return wanted <= set(self._tokenizer.tokens(unit.search_text))

    @cached_property
    def _organization_tokens(self) -> set[str]:
        return {t for o in self.orgs.values() for a in o.names for t in self._tokenizer.tokens(a)}

    def _adds_to_topic(self, answer: Answer, turn: followup.Turn) -> bool:
        cited = [self._units[c.unit_id] for c in answer.citations if c.unit_id in self._units]
        return bool(cited) and cited[0].unit_id not in turn.exclude and self._on_topic(cited[0], turn.topic)

    def _no_more(self, turn: followup.Turn, lang: str) -> Answer:
        fallback = self._fallback(turn.query, lang, Scope(turn.doc_ids, ()))
        lines = fallback.text.split("\n")
        return replace(fallback, text="\n".join([say("conversation.no_more", lang), *lines[1:]]))

    def _generated(self, answer: Answer, question: str, lang: str) -> Answer:
        """The generator's phrasing when it passes the guard; otherwise the extractive answer unchanged."""
        text = self.generator.phrase(question, answer.citations, lang)
        return replace(answer, text=text, generated=True) if text else answer

    def _with_freshness(self, answer: Answer, today: date, lang: str, asked_about: frozenset[str] = frozenset()) -> Answer:
        """Closed recruitments the answer quotes are flagged; so are those a fallback was asked about by name."""
        if answer.kind in ("answer", "clarify") and answer.citations:
            doc_ids = [c.doc_id for c in answer.citations]
        elif answer.kind == "fallback":
            doc_ids = sorted(asked_about)
        else:
            return answer
        note = self._freshness_note(doc_ids, today, lang)
        return replace(answer, text=f"{answer.text}\n{note}") if note else answer

    def _freshness_note(self, doc_ids: list[str], today: date, lang: str) -> str:
        return stale_note([self.documents[d] for d in dict.fromkeys(doc_ids)], today, lang)

    def _suggestions(self, answer: Answer, asked: str, state: dict, today: date, lang: str) -> tuple[str, ...]:
        """Related questions, each verified by answering it in this conversation's state."""
        quoted = [c.unit_id for c in answer.citations if c.unit_id]
        options = suggest.candidates(answer.hits, quoted, self._neighbours, self._org_of, lang)
        shown = set(followup.Memory.of(state).shown)

        def probe(question: str) -> Answer:
            q_lang = "en" if is_mostly_english(question) else "ja"
            scope = self.reader.scope_of(question)
            # A question of its own (not a follow-up, no eligibility facts in play) answers the same in any session.
            turn = self._with_context(question, scope, state)
            standalone = not state.get("facts") and turn.intent == "new" and not turn.carried
            key = (question, today, q_lang)
            if standalone and key in self._probe_cache:
                return self._probe_cache[key]
            answer = self._answer(question, state, today, q_lang, finish=False)[0]
            if standalone:
                if len(self._probe_cache) >= PROBE_CACHE_SIZE:
                    self._probe_cache.clear()
                self._probe_cache[key] = answer
            return answer

        return suggest.verified(options, asked, shown, probe)

    def _org_of(self, doc_id: str):
        return self.orgs.get(self.documents[doc_id].organization)

    def _answer_from_unit(self, unit, lang: str, today: date) -> Answer:
        passage = select_passage(unit, set(), self._tokenizer)
        text, citations = compose_single([passage], self.documents, lang, self.base_url)
        return Answer("answer", text, citations, None, ())

    # -- retrieval answers ---------------------------------------------------------------------
    def _retrieval_answer(self, query: str, scope: Scope, today: date, lang: str, years_from: str = "") -> Answer:
        query = self.search.in_documents_words(query, scope, lang)
        asked = expected_type(query)
        # A value any passage of the scope may state (its 受付期間, its 採用予定日) is looked for in all of them.
        retrieval, ideas, mode = self.search.search(query, scope, lang, len(self._units) if asked and asked.anywhere else None)
        retrieval = self.search.ideas_covered_first(retrieval, lang, ideas)
        confidence = self.confidence(retrieval, lang, ideas)
        retrieval, defined = self.search.definition_first(query, scope, retrieval)
        typed = prefer_typed(asked, retrieval.hits, self.thresholds.typed_near)
        # A named document's own line of the kind asked for (its 受付期間, its address) answers however the rest ranks.
        found_line = bool(scope.doc_ids and asked and asked.anywhere and typed and unit_holds(asked, typed[0].unit))
        if (not retrieval.hits or (confidence < self.thresholds.fallback and not (found_line or defined))
                or not (ideas or self.retriever.recognizes(query))
                or self.reader.names_other_organization(query) or asks_for_service(query) or asks_about_own_status(query)):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        if typed is None:  # asks for a value (％, 円, 人 …) that no close passage states
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        if asked is None:
            typed = prefer_describing(asked_thing(query), typed, self.thresholds.typed_near)
            if typed is None:  # asks what a thing involves, and the documents only list it
                return self._fallback(query, lang, scope, retrieval.hits, confidence)
            typed = prefer_work_told(query, typed, self.thresholds.typed_near)
        if not retrieval.profile_doc:
            stepped = past_career_rows(typed, self.thresholds.career_row_near)
            # Unless the row is the one naming a body the question names (「厚生労働省に出向した人は？」).
            keeps_row = stepped is not typed and bool(bodies_not_in(query, stepped[0].unit.search_text, self._own_names)) \
                and not bodies_not_in(query, typed[0].unit.search_text, self._own_names)
            typed = typed if keeps_row else stepped
        # The whole scope was searched only for that line: what the answer carries on (suggestions) is the top ranks.
        retrieval = replace(retrieval, hits=typed[: self.top_k])
        query_tokens = set(retrieval.query_tokens)
        top = retrieval.hits[0]
        if asks_about_other_year(years_from or query, top.unit.search_text, self.documents[top.unit.doc_id], today):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        # A staff member's Mission text is about the post their caption names (財務省関税局…): a body named there is named.
        named_in = f"{top.unit.search_text}\n{self.retriever.profiles.caption_of(top.unit)}"
        if (bodies_not_in(query, named_in, self._own_names) or values_of_unnamed(asked, query, top.unit.search_text)
                or glossed_bodies_not_in([e.written for e in ideas], named_in, self._own_names)
                or self.exam_rows.names_only_others(query, top.unit.doc_id)):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        other = None if scope.doc_ids else self.rivals.competing(query, asked, retrieval, mode)
        if other is not None:
            passages = [select_passage(h.unit, query_tokens, self._tokenizer) for h in (top, other)]
            short = {name: (o.en if lang == "en" else o.short) for name, o in self.orgs.items()}
            text, citations = compose_per_org(passages, self.documents, lang, self.base_url, short)
            text += "\n" + say("clarify.which_org", lang, choices="・".join(self._org_label(p, lang) for p in passages))
            choices = tuple(say("clarify.choice", lang, org=self._org_label(p, lang)) for p in passages)
            return Answer("clarify", text, citations, None, choices, retrieval.hits, confidence)
        passages = [self._introduced(select_passage(top.unit, query_tokens, self._tokenizer))]
        listed = pointed_list(passages[0], self._neighbours.next_in_document(top.unit.unit_id, LIST_REACH))
        support = None if found_line else self.rivals.supporting(retrieval.hits)
        if listed is not None and (support is None or support.unit.unit_id != listed.unit_id):
            passages.append(select_passage(listed, query_tokens, self._tokenizer))
        if support is not None:
            passages.append(select_passage(support.unit, query_tokens, self._tokenizer))
        text, citations = compose_single(passages, self.documents, lang, self.base_url)
        if not numbers_supported(text, self._supporting(citations)):
            return self._fallback(query, lang, scope, retrieval.hits, confidence)
        choices: tuple[str, ...] = ()
        if not scope.doc_ids:
            text, choices = self._other_guides_hint(text, query, retrieval, mode, lang)
        return Answer("answer", text, citations, None, choices, retrieval.hits, confidence)

    def _introduced(self, passage: Passage) -> Passage:
        return with_lead_in(passage, self._neighbours.preceding(passage.unit.unit_id), self.documents[passage.unit.doc_id].text)

    def _other_guides_hint(self, text: str, query: str, retrieval: Retrieval, mode: str | None, lang: str) -> tuple[str, tuple[str, ...]]:
        """A question naming no organization, answered from one organization's guide: say whose answer it is
        and offer the others that speak of it, so that one organization is never picked silently (「転勤は？」
        at 入管庁 vs 外務省) and no offer leads to a passage about something else."""
        top_doc = self.documents[retrieval.hits[0].unit.doc_id]
        if top_doc.doc_type != "guide":
            return text, ()
        label = self._org_label_of(top_doc.organization, lang)
        others = self.rivals.speaking_of(query, retrieval, mode)
        if not others:
            return f"{text}\n{say('answer.org_only', lang, org=label)}", ()
        choices = tuple(say("clarify.choice", lang, org=self._org_label_of(o, lang)) for o in others)
        hint = say("answer.other_orgs", lang, org=label, choices="・".join(f"「{c}」" for c in choices))
        return f"{text}\n{hint}", choices

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        return self.search.retrieve(question, k)

    def confidence(self, retrieval: Retrieval, lang: str = "ja", ideas: list[Entry] | None = None) -> float:
        return self.search.confidence(retrieval, lang, ideas)

    def _org_label_of(self, organization: str, lang: str) -> str:
        org = self.orgs.get(organization)
        if org is None:
            return organization
        return org.en if lang == "en" else org.short

    def _org_label(self, passage: Passage, lang: str) -> str:
        return self._org_label_of(self.documents[passage.unit.doc_id].organization, lang)

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

