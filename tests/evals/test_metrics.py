"""Each metric on small hand-computed examples, including the undefined/edge cases."""

from __future__ import annotations

import math

import pytest

from evals import metrics as m


def test_mean_skips_none():
    assert m.mean([1, None, 0]) == 0.5
    assert m.mean([None, None]) is None
    assert m.mean([]) is None


def test_normalize_text():
    assert m.normalize_text("約 4 年間\n１３年") == "約4年間13年"


# --------------------------------------------------------------------------- retrieval


def test_hit_at_k():
    ranked = [False, False, True, False]
    assert m.hit_at_k(ranked, 1) == 0.0
    assert m.hit_at_k(ranked, 3) == 1.0
    assert m.hit_at_k(ranked, 5) == 1.0
    assert m.hit_at_k([], 5) == 0.0
    with pytest.raises(ValueError):
        m.hit_at_k(ranked, 0)


def test_reciprocal_rank_and_mrr():
    assert m.reciprocal_rank([False, True, True]) == 0.5
    assert m.reciprocal_rank([False] * 10 + [True], k=10) == 0.0  # rank 11 is outside @10
    assert m.reciprocal_rank([]) == 0.0
    assert m.mrr_at_k([[True], [False, False, False, True], [False]]) == pytest.approx((1 + 0.25 + 0) / 3)
    assert m.mrr_at_k([]) is None


def test_dcg_and_ndcg():
    # gold at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5; ideal with 2 gold = 1 + 1/log2(3)
    ranked = [True, False, True]
    assert m.dcg_at_k(ranked) == pytest.approx(1.5)
    assert m.ndcg_at_k(ranked, n_gold=2) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    # one gold quote found at rank 2
    assert m.ndcg_at_k([False, True], n_gold=1) == pytest.approx(1 / math.log2(3))
    # perfect
    assert m.ndcg_at_k([True, True], n_gold=2) == pytest.approx(1.0)
    # nothing found
    assert m.ndcg_at_k([False] * 10, n_gold=3) == 0.0
    # no gold -> undefined
    assert m.ndcg_at_k([True], n_gold=0) is None
    # more relevant units than distinct quotes: clamped
    assert m.ndcg_at_k([True, True, True], n_gold=1) == 1.0
    # ideal is capped at k=10 even with 12 gold quotes
    assert m.ndcg_at_k([True] * 10, n_gold=12) == pytest.approx(1.0)
    # relevance beyond rank 10 does not count
    assert m.ndcg_at_k([False] * 10 + [True], n_gold=1) == 0.0


def test_novel_relevance_rewards_each_quote_once():
    # units 0 and 1 hit quote 0, unit 2 hits nothing, unit 3 hits quotes 0 and 1
    assert m.novel_relevance([{0}, {0}, set(), {0, 1}]) == [True, False, False, True]
    assert m.novel_relevance([]) == []


# --------------------------------------------------------------------------- citations and facts


def test_citation_precision():
    assert m.citation_precision([True, False, True, True]) == 0.75
    assert m.citation_precision([False]) == 0.0
    assert m.citation_precision([]) is None  # no citations: undefined


def test_citation_recall():
    assert m.citation_recall([{0}, {0}, set()], n_gold=2) == 0.5
    assert m.citation_recall([{0, 1}], n_gold=2) == 1.0
    assert m.citation_recall([], n_gold=3) == 0.0  # no citations
    assert m.citation_recall([{0}], n_gold=0) is None  # no gold
    assert m.citation_recall([{5}], n_gold=2) == 0.0  # out-of-range indices ignored


def test_fact_coverage():
    answer = "勤務時間は原則1日7時間45分です。ボーナスは年間4.6か月分。"
    assert m.fact_coverage(answer, ["７時間４５分", "４．６か月分"]) == 1.0
    assert m.fact_coverage(answer, ["７時間４５分", "１５０,０００円"]) == 0.5
    assert m.fact_coverage("入省後約4年間は本省", ["約 4 年間"]) == 1.0  # whitespace ignored
    assert m.fact_coverage(answer, []) is None
    assert m.fact_coverage("", ["18:30"]) == 0.0


def test_numbers_in():
    assert m.numbers_in("[1]締切は2025-07-18、1,966人、４．６か月[2]") == ["2025", "7", "18", "1966", "4.6"]
    assert m.numbers_in("三十歳未満") == []
    assert m.numbers_in("") == []


def test_unfaithful_numbers():
    quotes = ["受付期間：令和７年６月１０日（火）から同年７月１８日（金）まで"]
    assert m.unfaithful_numbers("締切は令和7年7月18日でした[1]。", quotes) == []
    assert m.unfaithful_numbers("締切は7月19日、または7月20日、7月19日[1]", quotes) == ["19", "20"]
    assert m.unfaithful_numbers("1996年生まれの方は…", quotes) == ["1996"]
    assert m.unfaithful_numbers("1996年生まれの方は…", quotes, allowed=["1996年6月生まれです"]) == []
    assert m.unfaithful_numbers("数字なし", []) == []


def test_numeric_faithfulness():
    result = m.numeric_faithfulness(
        [
            ("年間4.6か月分[1]", ["年２回（６月、１２月）、年間４．６か月分"]),
            ("年間4.5か月分[1]", ["年２回（６月、１２月）、年間４．６か月分"]),
            ("回答できません", []),
            ("248人[1]", []),  # a number with nothing cited
        ]
    )
    assert result.share_faithful == 0.5
    assert result.offending == [[], ["4.5"], [], ["248"]]
    assert m.numeric_faithfulness([]).share_faithful is None
    allowed = m.numeric_faithfulness([("1996年生まれ", [])], allowed=[["1996年"]])
    assert allowed.share_faithful == 1.0


# --------------------------------------------------------------------------- eligibility


def test_verdict_accuracy():
    pairs = [("eligible", "eligible"), ("ineligible", "eligible"), ("need_info", "need_info"), ("eligible", None)]
    assert m.verdict_accuracy(pairs) == 0.5
    assert m.verdict_accuracy([]) is None


def test_check_accuracy():
    pairs = [
        (["age"], ["age"]),
        (["age", "degree"], ["degree", "age", "age"]),  # order and duplicates ignored
        ([], []),  # nothing should fail, nothing failed
        (["nationality"], []),
        ([], ["age"]),
    ]
    assert m.check_accuracy(pairs) == pytest.approx(3 / 5)
    assert m.check_accuracy([]) is None


# --------------------------------------------------------------------------- behaviour


def test_abstention():
    pairs = [
        ("fallback", "fallback"),
        ("fallback", "answer"),
        ("answer", "fallback"),
        ("answer", "answer"),
        ("fallback", "fallback"),
    ]
    pr = m.abstention(pairs)
    assert (pr.tp, pr.predicted, pr.expected) == (2, 3, 3)
    assert pr.precision == pytest.approx(2 / 3)
    assert pr.recall == pytest.approx(2 / 3)
    none = m.abstention([("answer", "answer")])
    assert none.precision is None and none.recall is None
    assert m.abstention([("fallback", "answer")]).recall == 0.0


def test_clarify_and_kind_accuracy():
    assert m.clarify_rate(["clarify", "answer", "clarify", "fallback"]) == 0.5
    assert m.clarify_rate([]) is None
    assert m.kind_accuracy([("answer", "answer"), ("clarify", "answer")]) == 0.5


# --------------------------------------------------------------------------- latency


def test_percentile_nearest_rank():
    values = [15, 20, 35, 40, 50]
    assert m.percentile_nearest_rank(values, 50) == 35  # ceil(2.5) = 3rd
    assert m.percentile_nearest_rank(values, 95) == 50  # ceil(4.75) = 5th
    assert m.percentile_nearest_rank(values, 100) == 50
    assert m.percentile_nearest_rank(values, 1) == 15
    assert m.percentile_nearest_rank([7], 95) == 7
    assert m.percentile_nearest_rank([3, 1, 2, 4], 50) == 2  # unsorted input, ceil(2.0) = 2nd
    assert m.percentile_nearest_rank([], 50) is None
    with pytest.raises(ValueError):
        m.percentile_nearest_rank(values, 0)


def test_latency_summary_with_ties():
    lat = [100.0] * 19 + [900.0]
    assert m.latency_summary(lat) == {"p50": 100.0, "p95": 100.0}  # ceil(19.0) = 19th
    assert m.latency_summary(lat + [950.0]) == {"p50": 100.0, "p95": 900.0}  # ceil(19.95) = 20th
    assert m.latency_summary([]) == {"p50": None, "p95": None}


# --------------------------------------------------------------------------- breakdowns


def test_by_tag():
    values = {"a": 1.0, "b": 0.0, "c": None, "d": 1.0}
    tags = {"a": ["org:isa", "stale"], "b": ["org:isa"], "c": ["org:mofa"], "d": ["org:mofa", "org:mofa"]}
    out = m.by_tag(values, tags)
    assert list(out) == ["all", "org:isa", "org:mofa", "stale"]
    assert out["all"] == m.TagStat(mean=2 / 3, n=3)
    assert out["org:isa"] == m.TagStat(mean=0.5, n=2)
    assert out["org:mofa"] == m.TagStat(mean=1.0, n=1)  # None skipped, duplicate tag counted once
    assert out["stale"] == m.TagStat(mean=1.0, n=1)
    assert m.by_tag({"c": None}, {"c": ["x"]}) == {"all": m.TagStat(None, 0), "x": m.TagStat(None, 0)}
    assert "all" not in m.by_tag(values, tags, include_all=False)
    assert m.by_tag({"z": 1.0}, {}) == {"all": m.TagStat(1.0, 1)}  # untagged case only in "all"
