"""corpus/: one cleaned text file per document plus manifest.json with its metadata."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from bot.corpus.anticipated import DIRECTORY as ANTICIPATED, load_anticipated
from bot.corpus.clean import Profile, clean
from bot.errors import CorpusError
from bot.types import Anticipated, Document, Organization

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
MANIFEST = "manifest.json"
METADATA_FIELDS = (
    "doc_id", "title", "short_name", "organization", "doc_type", "period", "as_of", "deadline", "url", "aliases", "topics", "contact",
)


def source_specs() -> list[dict]:
    return yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))["documents"]


def organizations() -> dict[str, Organization]:
    raw = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))["organizations"]
    return {
        name: Organization(name=name, short=o["short"], en=o["en"], aliases=tuple(o.get("aliases") or ()))
        for name, o in raw.items()
    }


def import_sources(source_dir: Path, corpus_dir: Path) -> list[Document]:
    """Clean every source document into corpus_dir and write its manifest."""
    if not source_dir.is_dir():
        raise CorpusError(f"source directory not found: {source_dir}")
    corpus_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    docs = []
    for spec in source_specs():
        raw = (source_dir / spec["source"]).read_text(encoding="utf-8")
        text = clean(raw, Profile.from_dict(spec), spec["title"])
        filename = f"{spec['doc_id']}.md"
        (corpus_dir / filename).write_text(text, encoding="utf-8")
        meta = {k: spec.get(k) for k in METADATA_FIELDS}
        entries.append({**meta, "file": filename, "source": spec["source"], "sha256": _sha(text)})
        docs.append(_document(meta, text))
    manifest = {"documents": entries}
    (corpus_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return docs


def load_corpus(corpus_dir: Path) -> list[Document]:
    manifest_path = corpus_dir / MANIFEST
    if not manifest_path.is_file():
        raise CorpusError(f"{manifest_path} がありません。`python -m bot corpus` で作成してください。")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["documents"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CorpusError(f"{manifest_path} を読み取れません: {exc}") from exc
    known = {entry.get("doc_id") for entry in entries}
    strays = sorted(f.name for f in (corpus_dir / ANTICIPATED).glob("*.jsonl") if f.stem not in known)
    if strays:
        raise CorpusError(f"{corpus_dir / ANTICIPATED} に manifest にない文書の想定質問があります: {', '.join(strays)}")
    docs = []
    for entry in entries:
        path = corpus_dir / entry["file"]
        if not path.is_file():
            raise CorpusError(f"manifest lists {entry['file']} but it is missing from {corpus_dir}")
        text = path.read_text(encoding="utf-8")
        anticipated = load_anticipated(corpus_dir / ANTICIPATED / f"{entry['doc_id']}.jsonl", text)
        docs.append(_document(entry, text, anticipated))
    return docs


def corpus_fingerprint(docs: list[Document]) -> str:
    """A hash over every document's text, metadata and anticipated questions: the index is stale when it changes."""
    h = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.doc_id):
        asked = [[a.anchor, list(a.questions)] for a in doc.anticipated]
        h.update(json.dumps([doc.doc_id, doc.title, doc.organization, doc.as_of, doc.text, asked], ensure_ascii=False).encode())
    return h.hexdigest()


def _document(meta: dict, text: str, anticipated: tuple[Anticipated, ...] = ()) -> Document:
    return Document(
        doc_id=meta["doc_id"],
        title=meta["title"],
        short_name=meta.get("short_name") or meta["title"],
        organization=meta["organization"],
        doc_type=meta["doc_type"],
        period=meta.get("period") or "",
        as_of=meta.get("as_of") or "",
        deadline=meta.get("deadline"),
        url=meta.get("url"),
        text=text,
        aliases=tuple(meta.get("aliases") or ()),
        topics=tuple(meta.get("topics") or ()),
        contact=meta.get("contact"),
        anticipated=anticipated,
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
