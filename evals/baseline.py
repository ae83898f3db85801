"""The plain baseline every gain is shown against: fixed 500-character chunks, dense top-k only.

No headings, tables, FAQ pairs, articles or eligibility rules: each corpus document is cut into
consecutive 500-character windows (offsets kept, so hits are judged against the offset-based gold
quotes exactly like the real units) and embedded with the same embedder, in memory at eval time.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import faiss
import numpy as np

from bot.index.embedders import BotEmbeddings
from bot.index.lexical import JapaneseTokenizer, LexicalIndex
from bot.index.store import LoadedIndex
from bot.types import Document, Unit, content_id

CHUNK_CHARS = 500
BATCH = 16
# 500-character passages are slow to embed on 2 cores, so vectors are kept between runs, keyed by
# the embedder and the exact chunk texts (a corpus or model change is a different key).
CACHE_DIR = Path(tempfile.gettempdir()) / "bot-eval-baseline"


def fixed_chunks(doc: Document, size: int = CHUNK_CHARS) -> list[Unit]:
    """Consecutive ``size``-character windows of the document text (the last one may be shorter)."""
    if size < 1:
        raise ValueError("size must be >= 1")
    out = []
    for start in range(0, len(doc.text), size):
        end = min(start + size, len(doc.text))
        text = doc.text[start:end]
        if text.strip():
            out.append(Unit(content_id(doc.doc_id, str(start), str(end)), doc.doc_id, "prose", text, start, end))
    return out


def build_baseline_index(documents: dict[str, Document], embedder: BotEmbeddings, tokenizer: JapaneseTokenizer,
                         cache_dir: Path | None = None) -> LoadedIndex:
    """An in-memory index of fixed chunks; lexical parts exist only because the pipeline's
    confidence reads topic-word coverage — the baseline ranks by dense similarity alone."""
    units = [u for doc_id in sorted(documents) for u in fixed_chunks(documents[doc_id])]
    texts = [u.text for u in units]
    vectors = _cached_vectors(embedder, texts, cache_dir)
    flat = faiss.IndexFlatIP(embedder.dim)
    flat.add(np.ascontiguousarray(vectors))
    manifest = {"dims": embedder.dim, "units": len(units), "faq_units": 0, "embedder": embedder.model_id,
                "chunking": {"fixed_chars": CHUNK_CHARS}}
    # No anticipated questions here: the passage-only indexes serve as the "asked" ones too.
    lexical, reading = LexicalIndex.build(texts, tokenizer), LexicalIndex.build(texts, tokenizer, "reading")
    return LoadedIndex(
        documents=dict(documents),
        units=units,
        vectors=flat,
        faq_rows=np.zeros(0, dtype=np.int64),
        faq_vectors=faiss.IndexFlatIP(embedder.dim),
        asked_rows=np.zeros(0, dtype=np.int64),
        asked_vectors=faiss.IndexFlatIP(embedder.dim),
        lexical=lexical,
        reading=reading,
        asked_lexical=lexical,
        asked_reading=reading,
        manifest=manifest,
    )


def _cached_vectors(embedder: BotEmbeddings, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    cache_dir = cache_dir or CACHE_DIR
    key = hashlib.sha256("\x1f".join([embedder.model_id, *texts]).encode("utf-8")).hexdigest()[:24]
    path = cache_dir / f"{key}.npy"
    if path.is_file():
        vectors = np.load(path)
        if vectors.shape == (len(texts), embedder.dim):
            return vectors
    vectors = np.vstack([embedder.passages(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]).astype(np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial.npy")
    np.save(tmp, vectors)
    tmp.replace(path)  # atomic, so a concurrent run never reads half a file
    return vectors
