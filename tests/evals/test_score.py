"""Per-case scoring and aggregation on small hand-computed examples."""

from __future__ import annotations

import pytest

from bot.messages import say
from bot.types import Document
from evals.gold import Case, Gold
from evals.score import aggregate, score_case, stale_note_given, tag_breakdown
from evals.targets import Cited, Reply

TEXT = "第一条 受験資格は三十歳未満とする。\n給与は月額25万円です。\n勤務地は東京です。"
TEXTS = {"d": TEXT}
DOCS = {"d": Document("d", "文書", "庁", "notice", "2019年度", "2019-04-01", None, TEXT, short_name="文書", deadline="2025-07-18",
                      contact="電話 045-370-9755")}


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def cite(n: int, quote: str) -> Cited:
    return Cited(n, "d", *span(quote), quote)


def case(kind="answer", gold=("給与は月額25万円",), facts=("25万円",), verdict=None, failing=(), tags=("org:isa", "topic:salary"),
         turns=("給料いくら？",), cid="c1") -> Case:
    return Case(cid, tuple(turns), kind, tuple(Gold("d", q) for q in gold), tuple(facts), verdict, tuple(failing), tuple(tags))


def test_answer_case_hand_computed():
    # Two citations, one overlapping the gold quote: precision 1/2, recall 1/1; fact present; numbers backed.
    reply = Reply("answer", "給与は月額25万円です。[1] 勤務地は東京です。[2]", (cite(1, "給与は月額25万円です。"), cite(2, "勤務地は東京です。")))
    s = score_case(case(), reply, [False, True, False], TEXTS, DOCS)
    v = s.values
    assert (v["hit@1"], v["hit@3"], v["rr@10"]) == (0.0, 1.0, 0.5)
    assert v["citation_precision"] == 0.5 and v["citation_recall"] == 1.0
    assert v["fact_coverage"] == 1.0 and v["numbers_ok"] == 1.0 and v["kind_ok"] == 1.0
    assert v["verdict_ok"] is None and v["checks_ok"] is None and v["clarified"] is None and v["stale_noted"] is None
    assert s.passed and v["pass"] == 1.0


def test_answer_case_failures_are_explained():
    # Cites the wrong passage, misses the fact and states a number no quote backs.
    reply = Reply("answer", "勤務地は東京、30万円です。[1]", (cite(1, "勤務地は東京です。"),))
    s = score_case(case(), reply, None, TEXTS, DOCS)
    assert s.values["hit@1"] is None and s.values["rr@10"] is None  # no ranking (e.g. over --url)
    assert s.values["citation_precision"] == 0.0 and s.values["citation_recall"] == 0.0
    assert s.values["fact_coverage"] == 0.0 and s.values["numbers_ok"] == 0.0
    assert not s.passed
    assert s.reasons == ("facts missing: 25万円", "no gold passage cited")


def test_numbers_from_the_question_or_the_cited_documents_metadata_are_backed():
    reply = Reply("answer", "30歳の方へ: 給与は月額25万円です。[1] 2025年7月18日締切 045-370-9755",
                  (cite(1, "給与は月額25万円です。"),))
    assert score_case(case(turns=("30歳です。給料は？",)), reply, None, TEXTS, DOCS).values["numbers_ok"] == 1.0
    assert score_case(case(), reply, None, TEXTS, DOCS).values["numbers_ok"] == 0.0  # 30 is nowhere


def test_fallback_and_wrong_kind():
    fb = case(kind="fallback", gold=(), facts=(), tags=("out-of-scope", "topic:weather"))
    ok = score_case(fb, Reply("fallback", "お答えできません"), None, TEXTS, DOCS)
    assert ok.passed and ok.values["citation_recall"] is None and ok.values["numbers_ok"] is None
    bad = score_case(fb, Reply("answer", "勤務地は東京です。[1]", (cite(1, "勤務地は東京です。"),)), None, TEXTS, DOCS)
    assert not bad.passed and bad.reasons == ("kind answer ≠ fallback",)


def test_eligibility_verdict_and_checks():
    elig = case(kind="eligibility", gold=("受験資格は三十歳未満とする",), facts=(), verdict="ineligible", failing=("age",),
                tags=("eligibility", "org:npa", "topic:age"))
    right = Reply("eligibility", "…", verdict="ineligible", failed_checks=("age",))
    wrong_check = Reply("eligibility", "…", verdict="ineligible", failed_checks=("age", "education"))
    no_result = Reply("answer", "…")
    assert score_case(elig, right, None, TEXTS, DOCS).values["checks_ok"] == 1.0
    v = score_case(elig, wrong_check, None, TEXTS, DOCS).values
    assert v["verdict_ok"] == 1.0 and v["checks_ok"] == 0.0
    v = score_case(elig, no_result, None, TEXTS, DOCS).values
    assert v["verdict_ok"] == 0.0 and v["checks_ok"] == 0.0
    # failing_rules not filled in on an ineligible case: skipped for the check-level metric only
    unfilled = case(kind="eligibility", gold=("受験資格は三十歳未満とする",), facts=(), verdict="ineligible", tags=("eligibility", "org:npa", "topic:age"))
    v = score_case(unfilled, right, None, TEXTS, DOCS).values
    assert v["checks_ok"] is None and v["verdict_ok"] == 1.0
    # an eligible case expects no failing check at all
    eligible = case(kind="eligibility", gold=("受験資格は三十歳未満とする",), facts=(), verdict="eligible", tags=("eligibility", "org:npa", "topic:age"))
    assert score_case(eligible, Reply("eligibility", "…", verdict="eligible"), None, TEXTS, DOCS).values["checks_ok"] == 1.0
    assert score_case(eligible, Reply("eligibility", "…", verdict="need_info"), None, TEXTS, DOCS).reasons == ("verdict need_info ≠ eligible",)


def test_clarify_rate_counts_ambiguous_cases_only():
    amb = case(kind="clarify", facts=(), tags=("ambiguous", "org:isa", "topic:overseas"))
    assert score_case(amb, Reply("clarify", "どちら？"), None, TEXTS, DOCS).values["clarified"] == 1.0
    assert score_case(amb, Reply("answer", "…"), None, TEXTS, DOCS).values["clarified"] == 0.0


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_stale_note_is_recognised_from_the_catalog(lang):
    note = say("conversation.stale_where", lang, title="文書", closed="2025年7月18日", where="電話")
    assert stale_note_given(Reply("answer", "給与は月額25万円です。[1]\n" + note))
    assert not stale_note_given(Reply("answer", "給与は月額25万円です。[1]"))
    stale = case(tags=("org:isa", "topic:salary", "stale"))
    reply = Reply("answer", "給与は月額25万円です。[1]", (cite(1, "給与は月額25万円です。"),))
    s = score_case(stale, reply, None, TEXTS, DOCS)
    assert s.values["stale_noted"] == 0.0 and s.reasons == ("no closed-recruitment note",)


def test_aggregate_hand_computed():
    cases = [case(cid="a"), case(cid="b"), case(kind="fallback", gold=(), facts=(), tags=("out-of-scope", "topic:x"), cid="c")]
    replies = [
        Reply("answer", "給与は月額25万円です。[1]", (cite(1, "給与は月額25万円です。"),), latency_ms=10),
        Reply("fallback", "…", latency_ms=30),
        Reply("fallback", "…", latency_ms=20),
    ]
    scores = [score_case(c, r, rk, TEXTS, DOCS) for c, r, rk in zip(cases, replies, [[True], [False, False], None])]
    m = aggregate(cases, replies, scores, with_ranks=True)
    assert m["hit@1"] == 0.5 and m["mrr@10"] == 0.5 and m["retrieval_cases"] == 2
    assert m["pass_rate"] == pytest.approx(2 / 3) and m["kind_accuracy"] == pytest.approx(2 / 3)
    assert m["fallback_precision"] == 0.5 and m["fallback_recall"] == 1.0  # 2 fallbacks predicted, 1 expected
    assert m["citation_recall"] == 0.5  # a: 1, b: 0; c has no gold
    assert m["latency_p50_ms"] == 20 and m["latency_p95_ms"] == 30
    assert aggregate(cases, replies, scores, with_ranks=False)["hit@1"] is None

    tags = tag_breakdown(cases, scores)
    assert tags["org"]["org:isa"]["pass"] == {"mean": 0.5, "n": 2}
    assert tags["out-of-scope"]["out-of-scope"]["pass"] == {"mean": 1.0, "n": 1}
    assert set(tags["topic"]) == {"topic:salary", "topic:x"}
    assert tags["stale"] == {} and tags["english"] == {}
