"""Locating gold quotes, judging retrieved spans, and loading cases with line-naming errors."""

from __future__ import annotations

import json

import pytest

from evals.gold import (
    Case,
    CaseError,
    Gold,
    case_to_json,
    gold_matches,
    is_gold,
    load_cases,
    locate,
    locate_all,
    overlaps,
    parse_case,
)

DOC = "第一条　職員を採用する。\n\n２　採用試験は公正に\n行われなければならない。\n\n連絡先：03-1234\n連絡先：03-1234"
CORPUS = {"rule": DOC, "other": "全く別の文書です。連絡先：03-1234"}


def test_locate_exact():
    start, end = locate("採用試験は公正に", DOC)
    assert DOC[start:end] == "採用試験は公正に"


def test_locate_whitespace_insensitive():
    span = locate("公正に行われなければ", DOC)  # the document breaks the line after 公正に
    assert span is not None
    start, end = span
    assert DOC[start:end] == "公正に\n行われなければ"
    assert locate("公 正 に 行われ", DOC) is not None


def test_locate_missing_and_empty():
    assert locate("存在しない文", DOC) is None
    assert locate("", DOC) is None
    assert locate("   ", DOC) is None


def test_locate_all_returns_every_occurrence():
    spans = locate_all("連絡先：03-1234", DOC)
    assert len(spans) == 2
    assert all(DOC[s:e] == "連絡先：03-1234" for s, e in spans)
    assert locate("連絡先：03-1234", DOC) == spans[0]


def test_overlaps_half_open():
    assert overlaps((0, 5), (4, 10))
    assert not overlaps((0, 5), (5, 10))  # touching is not overlapping
    assert not overlaps((3, 3), (0, 10))  # empty span
    assert overlaps((2, 3), (0, 10))


def test_is_gold():
    gold = [Gold("rule", "採用試験は公正に")]
    s, e = locate("採用試験は公正に", DOC)
    assert is_gold("rule", s, e, gold, CORPUS)
    assert is_gold("rule", 0, s + 1, gold, CORPUS)  # partial overlap
    assert not is_gold("rule", 0, s, gold, CORPUS)  # ends right where the quote starts
    assert not is_gold("other", s, e, gold, CORPUS)  # same offsets, other document
    assert is_gold("rule", s, e, [{"doc_id": "rule", "quote": "採用試験は公正に"}], CORPUS)  # dicts work
    assert not is_gold("rule", s, e, [], CORPUS)
    assert not is_gold("rule", s, e, [Gold("rule", "存在しない文")], CORPUS)


def test_is_gold_any_occurrence_of_a_repeated_quote():
    gold = [Gold("rule", "連絡先：03-1234")]
    second = locate_all("連絡先：03-1234", DOC)[1]
    assert is_gold("rule", *second, gold, CORPUS)


def test_gold_matches_indices():
    gold = [Gold("rule", "職員を採用する"), Gold("rule", "採用試験は公正に"), Gold("other", "別の文書")]
    assert gold_matches("rule", 0, len(DOC), gold, CORPUS) == frozenset({0, 1})
    assert gold_matches("other", 0, 100, gold, CORPUS) == frozenset({2})
    with pytest.raises(KeyError):
        gold_matches("missing", 0, 10, [Gold("missing", "なにか文字列")], CORPUS)


def _case(**over):
    obj = {
        "id": "x-1",
        "turns": ["質問"],
        "expected_kind": "answer",
        "gold": [{"doc_id": "rule", "quote": "採用試験は公正に"}],
        "facts": ["公正"],
        "expected_verdict": None,
        "failing_rules": [],
        "tags": ["org:npa", "phrasing:formal"],
    }
    obj.update(over)
    return obj


def _write(tmp_path, objs_or_lines):
    p = tmp_path / "d.jsonl"
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs_or_lines]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_load_cases_roundtrip(tmp_path):
    p = _write(tmp_path, [_case(), "", _case(id="x-2", turns=["a", "b"])])
    cases = load_cases(p, CORPUS)
    assert [c.id for c in cases] == ["x-1", "x-2"]
    c = cases[1]
    assert isinstance(c, Case) and c.question == "b" and c.history == ("a",)
    assert c.gold == (Gold("rule", "採用試験は公正に"),)
    assert c.tag_values("org") == ("npa",) and c.has_tag("phrasing:formal")
    assert parse_case(json.loads(case_to_json(c))) == c
    with pytest.raises(Exception):
        c.id = "changed"  # frozen


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "invalid JSON"),
        (_case(expected_kind="answr"), "expected_kind"),
        (_case(expected_verdict="eligible"), "if and only if"),
        (_case(expected_kind="eligibility"), "if and only if"),
        (_case(expected_verdict="maybe", expected_kind="eligibility"), "expected_verdict"),
        ({k: v for k, v in _case().items() if k != "facts"}, "missing field"),
        (_case(extra=1), "unknown field"),
        (_case(turns=[]), "turns"),
        (_case(turns=["ok", ""]), "turns"),
        (_case(gold=[{"doc_id": "rule"}]), "gold"),
        (_case(gold=[{"doc_id": "nope", "quote": "採用試験は公正に"}]), "not a corpus document"),
        (_case(tags="org:npa"), "tags"),
        ([1, 2], "JSON object"),
    ],
)
def test_load_cases_errors_name_the_line(tmp_path, bad, message):
    p = _write(tmp_path, [_case(id="ok-1"), bad])
    with pytest.raises(CaseError) as err:
        load_cases(p, CORPUS)
    assert f"{p}:2" in str(err.value)
    assert message in str(err.value)


def test_load_cases_duplicate_id(tmp_path):
    p = _write(tmp_path, [_case(), _case()])
    with pytest.raises(CaseError, match=r":2: duplicate id 'x-1' \(first on line 1\)"):
        load_cases(p)
