"""Questions about the rules themselves get a cited answer from the documents, not a verdict."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "question",
    [
        "院卒の総合職の年齢制限は？",
        "国家一般職の受験資格を教えて",
        "刑務官は何歳まで受けられますか",
        "入国警備官の受験資格は？",
        "What are the age limits for the general service exam?",
    ],
)
def test_general_question_gets_a_cited_answer(ask, docs_by_id, question):
    _, answer = ask(question)
    assert answer.kind == "answer", answer.text
    assert answer.eligibility is None
    assert answer.citations
    for citation in answer.citations:
        assert citation.quote in docs_by_id[citation.doc_id].text
        assert f"[{citation.n}]" in answer.text


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("国家一般職の受験資格を教えて", "国家公務員採用一般職試験"),
        ("刑務官は何歳まで受けられますか", "十七歳以上二十九歳未満"),
        ("入国警備官の受験資格は？", "入国警備官採用試験"),
    ],
)
def test_general_question_cites_the_rule_it_asks_about(ask, question, passage):
    _, answer = ask(question)
    assert any(c.doc_id == "npa-rule-8-18" and passage in c.quote for c in answer.citations), answer.text


def test_a_general_question_then_facts_gives_a_verdict_on_that_exam(ask):
    session, first = ask("一般職（大卒程度）の受験資格は？")
    assert first.kind == "answer"
    _, second = ask("2006年5月生まれで、2027年度に受けたい。大学在学中で2029年3月卒業予定です", session)
    assert second.kind == "eligibility", second.text
    assert second.eligibility.verdict == "ineligible"
    assert [c.id for c in second.eligibility.checks if c.status == "fail"] == ["ippan_daisotsu.age_or_degree"]
