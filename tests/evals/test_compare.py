"""Comparing reports and the CI gate, on hand-made reports."""

from __future__ import annotations

from evals.compare import GATE_TOLERANCE, compare, gate_failures


def report(label="rrf", cases=(("a", True), ("b", False)), **metrics):
    base = {"hit@1": 0.5, "pass_rate": 0.5, "kind_accuracy": 0.8, "check_accuracy": None, "latency_p50_ms": 10.0}
    return {"configs": [{"label": label, "metrics": {**base, **metrics}, "cases": [{"id": i, "passed": p} for i, p in cases]}]}


def test_compare_metrics_and_flips():
    old = report()
    new = report(cases=(("a", False), ("b", True)), **{"hit@1": 0.6, "pass_rate": 0.4, "check_accuracy": 1.0, "latency_p50_ms": 99.0})
    c = compare(old, new)
    assert [(x.metric, round(x.delta, 3)) for x in c.improved if x.delta is not None] == [("hit@1", 0.1)]
    assert [x.metric for x in c.improved if x.delta is None] == ["check_accuracy"]  # newly defined
    assert [(x.metric, round(x.delta, 3)) for x in c.regressed] == [("pass_rate", -0.1)]
    assert c.fixed == {"rrf": ["b"]} and c.broken == {"rrf": ["a"]}
    assert all(x.metric != "latency_p50_ms" for x in c.improved + c.regressed)  # latency is not compared


def test_compare_reports_configurations_on_one_side_only():
    c = compare(report("rrf"), report("bm25"))
    assert c.only_old == ["rrf"] and c.only_new == ["bm25"]


def test_gate_tolerance_is_absolute_and_inclusive():
    assert GATE_TOLERANCE == 0.02
    base = report(**{"pass_rate": 0.50})
    assert gate_failures(base, report(**{"pass_rate": 0.48})) == []  # exactly the tolerance
    problems = gate_failures(base, report(**{"pass_rate": 0.47}))
    assert len(problems) == 1 and "pass_rate" in problems[0] and "0.500 → 0.470" in problems[0]
    assert gate_failures(base, report(**{"pass_rate": 0.47}), tolerance=0.05) == []


def test_gate_ignores_latency_and_undefined_baseline_metrics_but_not_lost_ones():
    assert gate_failures(report(), report(**{"latency_p50_ms": 1e6})) == []
    assert gate_failures(report(), report(**{"check_accuracy": 0.0})) == []  # baseline had none
    assert gate_failures(report(**{"check_accuracy": 1.0}), report()) == ["rrf check_accuracy: 1.000 → none"]
    assert gate_failures(report("rrf"), report("bm25")) == ["rrf: configuration missing from this run"]
