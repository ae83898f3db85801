"""Assembling the bot from Settings: corpus → index → retriever → pipeline (done once per process)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.analytics import RecordingPipeline
from bot.answer.generate import make_generator
from bot.answer.pipeline import Pipeline, Thresholds
from bot.corpus.store import load_corpus
from bot.index.embedders import BotEmbeddings, make_embedder
from bot.index.query_cache import bounded
from bot.index.store import LoadedIndex, load_index
from bot.retrieve import Retriever
from bot.rules.responder import EligibilityResponder
from bot.sessions import SessionStore
from bot.settings import Settings
from bot.store import Store, open_store
from bot.store.analytics import AnalyticsLog


@dataclass
class Bot:
    settings: Settings
    embedder: BotEmbeddings
    index: LoadedIndex
    retriever: Retriever
    sessions: SessionStore
    pipeline: Pipeline  # a RecordingPipeline: the same interface, plus one analytics event per answer
    store: Store  # all mutable state: sessions, feedback, channel dedupe keys, analytics


def build_bot(settings: Settings, store: Store | None = None) -> Bot:
    """Load everything or raise the bot's own error saying what is wrong and how to fix it."""
    # Query vectors: one Settings-sized LRU plus a pool sized to cores (bot/index/query_cache.py), so the
    # retriever's own per-instance cache is turned off rather than doubled.
    embedder = bounded(make_embedder(settings), settings.query_cache_size, settings.embed_pool_size)
    docs = load_corpus(settings.corpus_dir)
    index = load_index(docs, embedder.model_id, settings.index_dir)
    retriever = Retriever(index, embedder, settings.retrieval_mode)
    store = store or open_store(settings)
    sessions = SessionStore(store, settings.session_ttl_hours * 3600)
    pipeline = Pipeline(
        retriever,
        sessions,
        eligibility=EligibilityResponder(),
        thresholds=Thresholds(fallback=settings.fallback_threshold),
        base_url=settings.public_base_url,
        generator=make_generator(settings),
    )
    return Bot(settings, embedder, index, retriever, sessions, RecordingPipeline(pipeline, AnalyticsLog(store)), store)
