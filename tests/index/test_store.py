import json
import os
import subprocess
import sys
import shutil

import pytest

from bot.errors import IndexCorrupt, IndexMissing, IndexStale
from bot.index.store import build_index, load_index
from bot.settings import ROOT
from bot.types import Document


@pytest.fixture(scope="module")
def small_docs(docs):
    return [d for d in docs if d.doc_id == "mofa-tech"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, small_docs, bot):
    directory = tmp_path_factory.mktemp("idx") / "index"
    manifest = build_index(small_docs, bot.embedder, directory)
    return directory, manifest


def test_committed_index_is_fresh_for_committed_corpus(docs, bot):
    index = load_index(docs, bot.embedder.model_id, ROOT / "index")
    assert len(index.units) == index.vectors.ntotal == index.manifest["units"]
    assert index.manifest["dims"] == 384


def test_build_then_load(built, small_docs, bot):
    directory, manifest = built
    assert manifest["documents"] == ["mofa-tech"] and manifest["faq_units"] == 12
    for key in ("corpus_fingerprint", "embedder", "dims", "chunking", "built_at", "files"):
        assert key in manifest
    index = load_index(small_docs, bot.embedder.model_id, directory)
    assert {u.doc_id for u in index.units} == {"mofa-tech"}


def test_rebuild_is_idempotent(built, small_docs, bot, tmp_path):
    directory, manifest = built
    again = build_index(small_docs, bot.embedder, tmp_path / "again")
    assert again["files"]["units.jsonl"] == manifest["files"]["units.jsonl"]


def test_missing_index_is_refused(small_docs, bot, tmp_path):
    with pytest.raises(IndexMissing, match="python -m bot index"):
        load_index(small_docs, bot.embedder.model_id, tmp_path / "nothing")


def test_changed_corpus_is_stale(built, small_docs, bot):
    directory, _ = built
    changed = [Document(**{**small_docs[0].__dict__, "text": small_docs[0].text + "追記"})]
    with pytest.raises(IndexStale, match="corpus"):
        load_index(changed, bot.embedder.model_id, directory)


def test_other_embedder_is_stale(built, small_docs):
    directory, _ = built
    with pytest.raises(IndexStale, match="埋め込みモデル"):
        load_index(small_docs, "sentence-transformers:other", directory)


def test_corrupt_file_is_refused(built, small_docs, bot, tmp_path):
    directory, _ = built
    copy = tmp_path / "index"
    shutil.copytree(directory, copy)
    (copy / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="vectors.faiss"):
        load_index(small_docs, bot.embedder.model_id, copy)


def test_corrupt_manifest_is_refused(built, small_docs, bot, tmp_path):
    directory, _ = built
    copy = tmp_path / "index"
    shutil.copytree(directory, copy)
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt):
        load_index(small_docs, bot.embedder.model_id, copy)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].pop("units.jsonl")
    manifest["files"]["extra.bin"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="extra.bin"):
        load_index(small_docs, bot.embedder.model_id, copy)


def test_lexical_index_files_do_not_depend_on_string_hash_order(tmp_path):
    # bm25s numbers tokens in set order, which changes with PYTHONHASHSEED between processes.
    script = (
        "import sys; from pathlib import Path; from bot.index.lexical import JapaneseTokenizer, LexicalIndex; "
        "texts = ['在外公館で勤務します。', '年次休暇は20日です。', '勤勉手当（ボーナス）は年2回']; "
        "LexicalIndex.build(texts, JapaneseTokenizer()).save(Path(sys.argv[1]))"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append({f.name: f.read_bytes() for f in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]


def test_anticipated_questions_are_built_and_their_change_makes_the_index_stale(built, small_docs, bot):
    directory, manifest = built
    doc = small_docs[0]
    assert manifest["anticipated_questions"] == sum(len(a.questions) for a in doc.anticipated) > 0
    index = load_index(small_docs, bot.embedder.model_id, directory)
    assert index.asked_vectors.ntotal == len(index.asked_rows) == manifest["anticipated_questions"]
    fewer = [Document(**{**doc.__dict__, "anticipated": doc.anticipated[1:]})]
    with pytest.raises(IndexStale, match="corpus"):
        load_index(fewer, bot.embedder.model_id, directory)


def test_english_anticipated_questions_get_a_word_index_of_their_own(built, small_docs, bot):
    directory, _ = built
    index = load_index(small_docs, bot.embedder.model_id, directory)
    assert index.asked_english.size == len(index.units)
    scores, _ = index.asked_english.scores("Can I choose the country I am sent to?")
    assert "勤務する国は選べますか" in index.units[int(scores.argmax())].text
    japanese, _ = index.asked_english.scores("勤務する国は選べますか")
    assert not japanese.any()  # Japanese questions are searched by the other channels
