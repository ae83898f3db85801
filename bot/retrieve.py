"""Retrieval over the loaded index: bm25, dense, faq (question-to-question: an FAQ's own question or a question
anticipated for a passage), rrf and hybrid fusion.

Which mode is the default is decided by `python -m bot eval` (see README), not assumed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.index.embedders import BotEmbeddings
from bot.index.lexical import INTERROGATIVES
from bot.index.store import LoadedIndex, anticipated_questions, asked_topics
from bot.ingest.normalize import is_mostly_english
from bot.ingest.profiles import ProfileIndex
from bot.types import Hit, Unit

Mode = Literal["bm25", "reading", "dense", "faq", "rrf", "hybrid"]
MODES: tuple[str, ...] = ("bm25", "reading", "dense", "faq", "rrf", "hybrid")
RRF_K = 60
AGREE_DEPTH = 3
# e5 similarity to one of a passage's anticipated questions from which their words count in its coverage: below
# it out-of-scope questions (0.88–0.90) resemble some anticipated question as closely as answerable ones do.
ASKED_VOUCHES = 0.90
# hybrid: min-max normalized scores, weighted; chosen on the dev split (see README, `python -m bot eval`).
HYBRID_WEIGHTS = {"semantic": 0.6, "words": 0.2, "reading": 0.2}
# Questions typed in kana: e5 and Sudachi words read them poorly, the reading channel reads them well.
KANA_WEIGHTS = {"semantic": 0.3, "words": 0.2, "reading": 0.5}
# English questions: the word channels search the glossary's Japanese terms, which have no reading worth comparing;
# the reading's share goes to the English words of the passage's anticipated English questions.
ENGLISH_WEIGHTS = {"semantic": 0.6, "words": 0.2, "english": 0.2}
# How a request is put (「…について、具体的にご教示いただけますか」), not what it is about: no topic either.
REQUEST_WORDS = frozenset({"具体的", "具体", "詳細", "詳しい", "教示", "頂く", "つく", "願う", "伺う"})
# A question naming a word of one staff member's caption that nothing else in the documents writes (「財務省に出向してる
# 人」 → 「財務省関税局…係長」) asks about that profile: its passages gain this much in the hybrid fusion, and are ranked
# among themselves with the words weighing more, since the vectors mostly see the caption's words (chosen on probe5, dev).
PROFILE_BONUS = 0.2
PROFILE_WEIGHTS = {"semantic": 0.4, "words": 0.4, "reading": 0.2}
# A question none of whose words the index knows is still read when this share of its kana-reading trigrams occurs
# in the documents: kana-typed questions (「ｻﾞﾝｷﾞｮｳ ｯﾃ ｵｵｲﾉ?」) score 0.62–0.95 on dev to probe6, keyboard mashing 0.
RECOGNIZED_READING_SHARE = 0.5
_SHORT_KANA = re.compile(r"[ぁ-ゖー]{1,2}")  # 「あー」 from 「あｓｄｆ」: a sound, not a word


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    dense_top: float  # best cosine between the query and a unit (or an FAQ question)
    lexical_coverage: float  # share of the query's known content tokens found in the top unit
    query_tokens: tuple[str, ...] = field(default=())
    semantic_by_doc: dict[str, float] = field(default_factory=dict)  # best query similarity in each document
    agreement: int = 0  # how many channels (vectors, words, readings) rank the top hit among their first AGREE_DEPTH
    # The words the word channels searched: the question's own, or the Japanese terms given for an English one.
    searched_tokens: tuple[str, ...] = field(default=())
    # The document of the staff profile the question names by its caption (「財務省に出向してる人」), if any.
    profile_doc: str = ""


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: BotEmbeddings, mode: Mode = "hybrid") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose one of {MODES}")
        if index.manifest.get("dims") != embedder.dim:
            raise ValueError("embedder dimension does not match the index")
        self.index = index
        self.embedder = embedder
        self.mode = mode
        # Tokenized once here so that the per-question coverage check does no Sudachi work on units.
        tokenizer = index.lexical.tokenizer
        self._unit_tokens = [frozenset(tokenizer.tokens(u.search_text)) for u in index.units]
        # What a passage is about includes what it is expected to be asked (its anticipated questions' topics).
        asked_words: list[set[str]] = [set() for _ in index.units]
        rows, questions = anticipated_questions(list(index.documents.values()), index.units)
        for row, topic in zip(rows, asked_topics(questions, tokenizer)):
            asked_words[row].update(tokenizer.tokens(topic))
        self._topic_tokens = [tokens | words for tokens, words in zip(self._unit_tokens, asked_words)]
        self._unit_grams = [frozenset(g for g in tokenizer.reading_grams(u.search_text) if len(g) == 3) for u in index.units]
        self.profiles = ProfileIndex(index.documents, index.units, self._unit_tokens, tokenizer.tokens)
        document_frequency = Counter(t for tokens in self._unit_tokens for t in tokens)
        self._idf = {t: math.log(len(index.units) / n) for t, n in document_frequency.items()}
        self._row_of = {u.unit_id: i for i, u in enumerate(index.units)}
        doc_ids = sorted({u.doc_id for u in index.units})
        self._doc_rows = {d: np.array([i for i, u in enumerate(index.units) if u.doc_id == d]) for d in doc_ids}

    def _embed_query(self, query: str) -> np.ndarray:
        # Repeated questions are served by the embedder's own cache (bot/index/query_cache.py).
        return self.embedder.queries([query])[0]

    def search(self, query: str, k: int = 5, mode: Mode | None = None, doc_ids: frozenset[str] | None = None,
               words: str | None = None, exclude: frozenset[str] = frozenset(), vectors: str | None = None) -> Retrieval:
        """`words`, when given, is what the word and reading channels search instead of the query
        (Japanese terms for an English question); `vectors`, what the vectors see instead of it (the question
        spaced where names were, as e5 was measured on). Units whose ids are in `exclude` are not candidates."""
        mode = mode or self.mode
        n = len(self.index.units)
        vector = self._embed_query(vectors or query).reshape(1, -1)
        dense = self._dense_scores(vector)
        faq = self._faq_scores(vector)
        asked = self._asked_scores(vector)
        lexical, known = self.index.lexical.scores(words or query)
        reading, _ = self.index.reading.scores(words or query)
        asked_lexical, _ = self.index.asked_lexical.scores(words or query)
        asked_reading, _ = self.index.asked_reading.scores(words or query)
        english = self._english_scores(query)
        mask = np.ones(n, dtype=bool)
        if doc_ids is not None:
            mask = np.zeros(n, dtype=bool)
            for doc_id in doc_ids & self._doc_rows.keys():
                mask[self._doc_rows[doc_id]] = True
        for unit_id in exclude:
            mask[self._row_of[unit_id]] = False
        restricted = doc_ids is not None or bool(exclude)
        if restricted:
            dense, faq, asked, lexical, reading, asked_lexical, asked_reading, english = (
                np.where(mask, a, 0.0).astype(np.float32) for a in (dense, faq, asked, lexical, reading, asked_lexical, asked_reading, english))
        # Words typed in kana (「しょうきゅう」「ｼﾒｷﾘ」): only then is reading overlap evidence of coverage.
        kana = self.index.lexical.tokenizer.typed_in_kana(query)  # how the user typed, not the added terms
        # The ranking reads each passage together with the questions anticipated for it (matched like an FAQ's
        # own question); the evidence that the passage itself answers (dense_top, agreement, coverage) does not,
        # except that coverage counts their words when the question is nearly one of them (ASKED_VOUCHES).
        semantic_asked = np.maximum.reduce([dense, faq, asked])
        if english.any() and mode in ("hybrid", "faq"):
            scores = self._fuse_english(mode, semantic_asked, asked_lexical, english, mask)
        else:
            scores = self._fuse(mode, dense, semantic_asked, asked_lexical, asked_reading, mask,
                                KANA_WEIGHTS if kana else HYBRID_WEIGHTS)
        profile = self.profiles.named_by(known) if mode == "hybrid" and not (english.any() or kana) else None
        profile_doc = ""
        if profile is not None:
            rows = self.profiles.rows[profile]
            profile_doc = self.index.units[rows[0]].doc_id
            # Inside the profile its caption's words tell nothing apart: the rest of the question ranks its passages.
            rest = [t for t in known if t not in self.profiles.caption_words[profile]]
            rescored = self.index.asked_lexical.scores_of(rest)
            within = self._fuse(mode, dense, semantic_asked, rescored, asked_reading, mask, PROFILE_WEIGHTS)
            scores[rows] = within[rows] + PROFILE_BONUS
        if restricted:
            scores = np.where(mask, scores, -np.inf)
        order = np.argsort(-scores, kind="stable")[: min(k, n)]
        hits = tuple(Hit(self.index.units[i], float(scores[i]), mode) for i in order if np.isfinite(scores[i]))
        best = order[0] if len(order) else None
        semantic = np.maximum(dense, faq)
        own = self.index.lexical.analyze(query) if words else known  # coverage is of what the user wrote
        # Reading overlap counts only for words typed in kana (「しょうきゅう」); elsewhere it is noise.
        reading_coverage = self._reading_coverage(query, best) if kana and not words else 0.0
        return Retrieval(
            hits=hits,
            dense_top=float(max(dense.max(initial=0.0), faq.max(initial=0.0))),
            lexical_coverage=max(self._coverage(own, best, asked), reading_coverage),
            query_tokens=tuple(own),
            searched_tokens=tuple(known),
            profile_doc=profile_doc,
            semantic_by_doc={doc_id: float(semantic[rows].max()) for doc_id, rows in self._doc_rows.items()},
            agreement=_agreement(best, (semantic, lexical, reading)),
        )

    def recognizes(self, query: str) -> bool:
        """Whether the documents or the questions anticipated for them write any word of the question, or most of
        its kana readings: 「あｓｄｆ ほげほげ」 and 'Hello' are close to some passage only as all text is."""
        index = self.index
        words = [t for t in index.lexical.analyze(query) if not _SHORT_KANA.fullmatch(t)]
        if any(index.lexical.knows(t) or index.asked_lexical.knows(t) for t in words):
            return True
        if index.asked_english is not None and any(index.asked_english.knows(w) for w in index.asked_english.analyze(query)):
            return True
        grams = [g for g in index.lexical.tokenizer.reading_grams(query) if len(g) == 3]
        known = sum(1 for g in grams if index.reading.knows(g) or index.asked_reading.knows(g))
        return bool(grams) and known / len(grams) >= RECOGNIZED_READING_SHARE

    def topic_share(self, tokens: tuple[str, ...], unit: Unit) -> float:
        """Share of the question's topic words the unit contains, rarer words weighing more (idf); interrogatives, the
        words a request is put in and numbers (「2024年の入国者数」 asks about entries, not about anything dated 2024) are no topic."""
        weights = {t: self._idf.get(t, 0.0) for t in set(tokens)
                   if t not in INTERROGATIVES and t not in REQUEST_WORDS and not t.isdigit()}
        total = sum(weights.values())
        if not total:
            return 0.0
        present = self._topic_tokens[self._row_of[unit.unit_id]]
        return sum(w for t, w in weights.items() if t in present) / total

    def _dense_scores(self, vector: np.ndarray) -> np.ndarray:
        n = self.index.vectors.ntotal
        sims, ids = self.index.vectors.search(vector, n)
        scores = np.zeros(n, dtype=np.float32)
        scores[ids[0]] = sims[0]
        return scores

    def _faq_scores(self, vector: np.ndarray) -> np.ndarray:
        """Query-to-question similarity, placed at the FAQ units' positions (0 elsewhere)."""
        scores = np.zeros(len(self.index.units), dtype=np.float32)
        if self.index.faq_vectors.ntotal == 0:
            return scores
        sims, ids = self.index.faq_vectors.search(vector, self.index.faq_vectors.ntotal)
        scores[self.index.faq_rows[ids[0]]] = sims[0]
        return scores

    def _asked_scores(self, vector: np.ndarray) -> np.ndarray:
        """Per unit, the best similarity between the query and a question anticipated for it."""
        scores = np.zeros(len(self.index.units), dtype=np.float32)
        total = self.index.asked_vectors.ntotal
        if total == 0:
            return scores
        sims, ids = self.index.asked_vectors.search(vector, total)
        np.maximum.at(scores, self.index.asked_rows[ids[0]], sims[0])
        return scores

    def _fuse(self, mode: str, dense: np.ndarray, semantic: np.ndarray, lexical: np.ndarray, reading: np.ndarray,
              mask: np.ndarray, w: dict[str, float]) -> np.ndarray:
        if mode == "bm25":
            return lexical
        if mode == "reading":
            return reading
        if mode == "dense":
            return dense
        if mode == "faq":
            return semantic
        if mode == "rrf":
            return _rrf(semantic) + _rrf(lexical) + _rrf(reading)
        return (w["semantic"] * _minmax(semantic, mask) + w["words"] * _minmax(lexical, mask)
                + w["reading"] * _minmax(reading, mask))

    def _english_scores(self, query: str) -> np.ndarray:
        """BM25 of an English question over each passage's anticipated English questions (zeros otherwise)."""
        if self.index.asked_english is None or not is_mostly_english(query):
            return np.zeros(len(self.index.units), dtype=np.float32)
        return self.index.asked_english.scores(query)[0]

    @staticmethod
    def _fuse_english(mode: str, semantic: np.ndarray, lexical: np.ndarray, english: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """An English question: "faq" (no glossary terms to search) matches it question to question only, by the
        vectors and by its English words."""
        w = ENGLISH_WEIGHTS
        words = w["words"] * _minmax(lexical, mask) if mode == "hybrid" else 0.0
        return w["semantic"] * _minmax(semantic, mask) + words + w["english"] * _minmax(english, mask)

    def _coverage(self, tokens: list[str], best, asked: np.ndarray) -> float:
        """Share of the question's topic words that the top unit contains (unknown words count as missing)."""
        if best is None or not tokens:
            return 0.0
        # Asked nearly as one of its anticipated questions was, a passage is about those questions' words too
        # (「英語が苦手でも大丈夫？」 → 「語学力に自信がありませんが…」); otherwise it vouches with its own words alone.
        words = self._topic_tokens[best] if asked[best] >= ASKED_VOUCHES else self._unit_tokens[best]
        return sum(1 for t in set(tokens) if t in words) / len(set(tokens))

    def _reading_coverage(self, query: str, best) -> float:
        """Share of the question's kana-reading trigrams in the top unit: coverage for words typed in kana."""
        if best is None:
            return 0.0
        grams = {g for g in self.index.lexical.tokenizer.reading_grams(query) if len(g) == 3}
        if not grams:
            return 0.0
        return len(grams & self._unit_grams[best]) / len(grams)


def _agreement(best, channels: tuple[np.ndarray, ...]) -> int:
    """Channels that put the unit among their AGREE_DEPTH best: independent readings of the question agreeing."""
    if best is None:
        return 0
    return sum(1 for scores in channels if scores[best] > 0 and int((scores > scores[best]).sum()) < AGREE_DEPTH)


def _rrf(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty_like(scores)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    fused = 1.0 / (RRF_K + ranks)
    return np.where(scores > 0, fused, 0.0)


def _minmax(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Scaled to 0–1 over the units in scope, so a document filter does not squash the spread."""
    inside = scores[mask]
    if not inside.size:
        return np.zeros_like(scores)
    low, high = float(inside.min()), float(inside.max())
    if high - low < 1e-9:
        return np.zeros_like(scores)
    return np.clip((scores - low) / (high - low), 0.0, 1.0)


class BotRetriever(BaseRetriever):
    """The bot's retrieval as a LangChain retriever, so it can be used inside any chain."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        documents = self.retriever.index.documents
        out = []
        for hit in self.retriever.search(query, self.k).hits:
            unit = hit.unit
            doc = documents[unit.doc_id]
            out.append(
                LCDocument(
                    page_content=unit.text,
                    metadata={
                        "unit_id": unit.unit_id,
                        "doc_id": unit.doc_id,
                        "title": doc.title,
                        "organization": doc.organization,
                        "kind": unit.kind,
                        "headings": list(unit.headings),
                        "start": unit.start,
                        "end": unit.end,
                        "score": hit.score,
                    },
                )
            )
        return out
