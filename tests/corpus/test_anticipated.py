import json

import pytest

from bot.corpus.anticipated import load_anticipated
from bot.errors import CorpusError
from bot.index.store import anticipated_questions
from bot.ingest.units import build_units

TEXT = "第一条　この規則は採用試験について定める。\n\n第二条　受験資格は別表に定める。"


def _write(tmp_path, *lines):
    path = tmp_path / "doc.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) if not isinstance(x, str) else x for x in lines), encoding="utf-8")
    return path


def test_no_file_means_no_questions(tmp_path):
    assert load_anticipated(tmp_path / "absent.jsonl", TEXT) == ()


def test_questions_load_stripped_and_deduplicated(tmp_path):
    path = _write(tmp_path, {"anchor": "受験資格は別表", "questions": [" 誰が受けられる？", "誰が受けられる？", "Who can apply?"]})
    [item] = load_anticipated(path, TEXT)
    assert item.anchor == "受験資格は別表" and item.questions == ("誰が受けられる？", "Who can apply?")


@pytest.mark.parametrize("line, problem", [
    ({"anchor": "別表に載っていない語", "questions": ["q"]}, "0回"),
    ({"anchor": "第", "questions": ["q"]}, "2回"),
    ({"anchor": "受験資格", "questions": []}, "questions"),
    ({"anchor": "受験資格", "questions": ["", "q"]}, "questions"),
    ({"questions": ["q"]}, "anchor"),
    ("{not json", "JSON"),
])
def test_a_bad_line_is_refused_with_its_line_number(tmp_path, line, problem):
    path = _write(tmp_path, {"anchor": "この規則は", "questions": ["何の規則？"]}, line)
    with pytest.raises(CorpusError, match=rf"doc.jsonl:2: .*{problem}"):
        load_anticipated(path, TEXT)


def test_a_repeated_anchor_is_refused(tmp_path):
    item = {"anchor": "この規則は", "questions": ["何の規則？"]}
    with pytest.raises(CorpusError, match="重複"):
        load_anticipated(_write(tmp_path, item, item), TEXT)


def test_every_committed_question_reaches_the_passage_holding_its_anchor(docs):
    units = [u for doc in docs for u in build_units(doc)]
    rows, questions = anticipated_questions(docs, units)
    expected = [q for doc in docs for item in doc.anticipated for q in item.questions]
    assert questions == expected and len(expected) > 500  # none dropped, and the corpus has them
    cursor = 0
    for doc in docs:
        for item in doc.anticipated:
            unit = units[rows[cursor]]
            offset = doc.text.index(item.anchor)
            assert unit.doc_id == doc.doc_id and (unit.start <= offset < unit.end or offset < unit.start)
            cursor += len(item.questions)


def test_questions_for_a_document_the_manifest_does_not_list_are_refused(tmp_path):
    import shutil

    from bot.corpus.store import load_corpus
    from bot.settings import ROOT

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    assert len(load_corpus(corpus)) == 5
    (corpus / "anticipated" / "npa-rule-2020.jsonl").write_text('{"anchor": "x", "questions": ["q"]}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="npa-rule-2020.jsonl"):
        load_corpus(corpus)
