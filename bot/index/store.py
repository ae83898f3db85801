"""index/: units, FAISS vectors, the BM25 model and a manifest saying what they were built from.

At load the manifest is checked against corpus/ and the configuration, and every file against its
checksum: a missing, corrupt or stale index is refused with a message saying how to rebuild.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import faiss
import numpy as np

from bot.corpus.store import corpus_fingerprint
from bot.errors import IndexCorrupt, IndexMissing, IndexStale
from bot.index.embedders import BotEmbeddings
from bot.index.english import english_questions
from bot.index.lexical import READING_GRAMS, JapaneseTokenizer, LexicalIndex
from bot.ingest import units as units_module
from bot.ingest.units import build_units
from bot.types import Document, Unit

FORMAT_VERSION = 4
MANIFEST = "manifest.json"
REBUILD_HINT = "`python -m bot index` で再構築してください。"
CHUNKING = {"max_prose_chars": units_module.MAX_PROSE_CHARS, "paragraph_prose_chars": units_module.PARAGRAPH_PROSE_CHARS, "units_version": 5, "reading_grams": list(READING_GRAMS)}


@dataclass(frozen=True)
class LoadedIndex:
    documents: dict[str, Document]
    units: list[Unit]
    vectors: faiss.Index
    faq_rows: np.ndarray  # positions in `units` of FAQ units, aligned with faq_vectors
    faq_vectors: faiss.Index
    asked_rows: np.ndarray  # positions in `units` of the passage each anticipated question asks about
    asked_vectors: faiss.Index
    lexical: LexicalIndex
    reading: LexicalIndex  # BM25 over kana-reading n-grams: hiragana and katakana spellings
    # The same two over each passage together with its anticipated questions: these rank, the plain ones
    # above judge whether the passage itself covers the question (confidence).
    asked_lexical: LexicalIndex
    asked_reading: LexicalIndex
    manifest: dict
    # Stemmed English words of each passage's English anticipated questions: the word channel of English questions.
    asked_english: LexicalIndex | None = None


def build_index(
    docs: list[Document],
    embedder: BotEmbeddings,
    index_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 16,
) -> dict:
    """Build into a temporary directory and swap it in, so a failed build never leaves half an index."""
    units = [u for doc in docs for u in build_units(doc)]
    passages = [u.search_text for u in units]
    asked_positions, asked = anticipated_questions(docs, units)
    total = len(passages) + len(asked)
    vectors = _embed_in_batches(embedder.passages, passages, batch_size, progress and (lambda done, _: progress(done, total)))
    faq_positions = np.array([i for i, u in enumerate(units) if u.kind == "faq"], dtype=np.int64)
    faq_vectors = embedder.queries([units[i].question or "" for i in faq_positions]) if len(faq_positions) else np.zeros((0, embedder.dim), np.float32)
    asked_vectors = (_embed_in_batches(embedder.queries, asked, batch_size,
                                       progress and (lambda done, _: progress(len(passages) + done, total)))
                     if asked else np.zeros((0, embedder.dim), np.float32))

    staging = index_dir.with_name(index_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    _write_units(staging / "units.jsonl", units)
    faiss.write_index(_flat(vectors), str(staging / "vectors.faiss"))
    faiss.write_index(_flat(faq_vectors), str(staging / "faq_vectors.faiss"))
    np.save(staging / "faq_rows.npy", faq_positions)
    faiss.write_index(_flat(asked_vectors), str(staging / "asked_vectors.faiss"))
    np.save(staging / "asked_rows.npy", asked_positions)
    tokenizer = JapaneseTokenizer()
    LexicalIndex.build(passages, tokenizer).save(staging / "bm25")
    LexicalIndex.build(passages, tokenizer, "reading").save(staging / "bm25_reading")
    worded = with_questions(passages, asked_positions, asked_topics(asked, tokenizer))
    LexicalIndex.build(worded, tokenizer).save(staging / "bm25_asked")
    LexicalIndex.build(worded, tokenizer, "reading").save(staging / "bm25_reading_asked")
    english = with_questions([""] * len(passages), asked_positions, english_questions(asked))
    LexicalIndex.build(english, tokenizer, "english").save(staging / "bm25_english_asked")
    manifest = {
        "format_version": FORMAT_VERSION,
        "corpus_fingerprint": corpus_fingerprint(docs),
        "documents": sorted(d.doc_id for d in docs),
        "embedder": embedder.model_id,
        "dims": embedder.dim,
        "chunking": CHUNKING,
        "units": len(units),
        "faq_units": int(len(faq_positions)),
        "anticipated_questions": len(asked),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files": _checksums(staging),
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if index_dir.exists():
        shutil.rmtree(index_dir)
    staging.rename(index_dir)
    return manifest


def load_index(docs: list[Document], embedder_id: str, index_dir: Path) -> LoadedIndex:
    manifest_path = index_dir / MANIFEST
    if not manifest_path.is_file():
        raise IndexMissing(f"インデックスが見つかりません（{index_dir}）。{REBUILD_HINT}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"インデックスのmanifestが壊れています: {exc}。{REBUILD_HINT}") from exc
    _check_fresh(manifest, docs, embedder_id)
    _check_files(index_dir, manifest)
    try:
        units = _read_units(index_dir / "units.jsonl")
        vectors = faiss.read_index(str(index_dir / "vectors.faiss"))
        faq_vectors = faiss.read_index(str(index_dir / "faq_vectors.faiss"))
        faq_rows = np.load(index_dir / "faq_rows.npy")
        asked_vectors = faiss.read_index(str(index_dir / "asked_vectors.faiss"))
        asked_rows = np.load(index_dir / "asked_rows.npy")
        tokenizer = JapaneseTokenizer()
        lexical = LexicalIndex.load(index_dir / "bm25", tokenizer)
        reading = LexicalIndex.load(index_dir / "bm25_reading", tokenizer, "reading")
        asked_lexical = LexicalIndex.load(index_dir / "bm25_asked", tokenizer)
        asked_reading = LexicalIndex.load(index_dir / "bm25_reading_asked", tokenizer, "reading")
        asked_english = LexicalIndex.load(index_dir / "bm25_english_asked", tokenizer, "english")
    except Exception as exc:  # any reader error means the files cannot be trusted
        raise IndexCorrupt(f"インデックスを読み込めません: {exc}。{REBUILD_HINT}") from exc
    sizes = {lexical.size, reading.size, asked_lexical.size, asked_reading.size, asked_english.size}
    if vectors.ntotal != len(units) or vectors.d != manifest["dims"] or sizes != {len(units)} or asked_vectors.ntotal != len(asked_rows):
        raise IndexCorrupt(f"インデックスの件数・次元が一致しません。{REBUILD_HINT}")
    return LoadedIndex({d.doc_id: d for d in docs}, units, vectors, faq_rows, faq_vectors, asked_rows, asked_vectors,
                       lexical, reading, asked_lexical, asked_reading, manifest, asked_english)


def anticipated_questions(docs: list[Document], units: list[Unit]) -> tuple[np.ndarray, list[str]]:
    """Every anticipated question with the position of the unit holding its anchor.

    An anchor outside every unit's span (in a heading) belongs to the first unit after it."""
    rows: list[int] = []
    questions: list[str] = []
    for doc in docs:
        spans = sorted((u.start, u.end, i) for i, u in enumerate(units) if u.doc_id == doc.doc_id)
        for item in doc.anticipated:
            row = _row_at(spans, doc.text.index(item.anchor))
            if row is None:
                continue
            rows.extend([row] * len(item.questions))
            questions.extend(item.questions)
    return np.array(rows, dtype=np.int64), questions


def asked_topics(questions: list[str], tokenizer: JapaneseTokenizer) -> list[str]:
    """What each anticipated question adds to its passage's words: its topic words, its frame left out."""
    return [" ".join(tokenizer.topic_words(q)) for q in questions]


def with_questions(passages: list[str], rows: np.ndarray, questions: list[str]) -> list[str]:
    """Each passage followed by what is anticipated to be asked of it (`questions`, one per row), for the word and reading searches."""
    out = list(passages)
    for row, question in zip(rows, questions):
        out[row] += "\n" + question
    return out


def _row_at(spans: list[tuple[int, int, int]], offset: int) -> int | None:
    for start, end, row in spans:
        if start <= offset < end or offset < start:
            return row
    return None


def _check_fresh(manifest: dict, docs: list[Document], embedder_id: str) -> None:
    reasons = []
    if manifest.get("format_version") != FORMAT_VERSION:
        reasons.append("format version")
    if manifest.get("corpus_fingerprint") != corpus_fingerprint(docs):
        reasons.append("corpus/ が変更されています")
    if manifest.get("embedder") != embedder_id:
        reasons.append(f"埋め込みモデルが異なります（index: {manifest.get('embedder')}, 設定: {embedder_id}）")
    if manifest.get("chunking") != CHUNKING:
        reasons.append("チャンク設定が異なります")
    if reasons:
        raise IndexStale("インデックスが古くなっています: " + "、".join(reasons) + "。" + REBUILD_HINT)


def _check_files(index_dir: Path, manifest: dict) -> None:
    expected = manifest.get("files") or {}
    if not expected:
        raise IndexCorrupt(f"manifestにファイル一覧がありません。{REBUILD_HINT}")
    actual = _checksums(index_dir)
    for name, digest in expected.items():
        if name not in actual:
            raise IndexCorrupt(f"インデックスのファイル {name} がありません。{REBUILD_HINT}")
        if actual[name] != digest:
            raise IndexCorrupt(f"インデックスのファイル {name} が壊れています（checksum不一致）。{REBUILD_HINT}")


def _checksums(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _embed_in_batches(embed, texts: list[str], batch_size: int, progress) -> np.ndarray:
    parts = []
    for start in range(0, len(texts), batch_size):
        parts.append(embed(texts[start : start + batch_size]))
        if progress:
            progress(min(start + batch_size, len(texts)), len(texts))
    return np.vstack(parts).astype(np.float32)


def _flat(vectors: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _write_units(path: Path, units: list[Unit]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for unit in units:
            f.write(json.dumps(asdict(unit), ensure_ascii=False) + "\n")


def _read_units(path: Path) -> list[Unit]:
    units = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            raw = json.loads(line)
            raw["headings"] = tuple(raw["headings"])
            units.append(Unit(**raw))
    return units
