"""Comparing two reports: what improved, what regressed (metrics and per-case flips), and the CI gate.

The gate tolerance is stated here and in evals/README.md: a gated metric may drop by at most
GATE_TOLERANCE (absolute, on a 0–1 scale) below the committed baseline. Latency is never gated
(it depends on the machine); everything gated is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.score import ANSWER_METRICS, RANK_METRICS

GATE_TOLERANCE = 0.02
GATED = (*RANK_METRICS, *ANSWER_METRICS)
_EPS = 1e-6  # baselines store 6 decimals


@dataclass(frozen=True)
class MetricChange:
    label: str
    metric: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old


@dataclass
class Comparison:
    improved: list[MetricChange] = field(default_factory=list)
    regressed: list[MetricChange] = field(default_factory=list)
    fixed: dict[str, list[str]] = field(default_factory=dict)  # label -> case ids that now pass
    broken: dict[str, list[str]] = field(default_factory=dict)  # label -> case ids that now fail
    only_old: list[str] = field(default_factory=list)  # configuration labels missing from the new run
    only_new: list[str] = field(default_factory=list)


def _by_label(report: dict) -> dict[str, dict]:
    return {c["label"]: c for c in report.get("configs", [])}


def compare(old: dict, new: dict) -> Comparison:
    """Metric changes (gated metrics only; higher is better for all of them) and pass/fail flips."""
    a, b = _by_label(old), _by_label(new)
    out = Comparison(only_old=[k for k in a if k not in b], only_new=[k for k in b if k not in a])
    for label in (k for k in b if k in a):
        for metric in GATED:
            change = MetricChange(label, metric, a[label]["metrics"].get(metric), b[label]["metrics"].get(metric))
            if change.delta is None:
                if (change.old is None) != (change.new is None):
                    (out.improved if change.old is None else out.regressed).append(change)
            elif change.delta > _EPS:
                out.improved.append(change)
            elif change.delta < -_EPS:
                out.regressed.append(change)
        before = {c["id"]: c["passed"] for c in a[label].get("cases", [])}
        after = {c["id"]: c["passed"] for c in b[label].get("cases", [])}
        common = [i for i in after if i in before]
        out.fixed[label] = [i for i in common if after[i] and not before[i]]
        out.broken[label] = [i for i in common if before[i] and not after[i]]
    return out


def gate_failures(baseline: dict, current: dict, tolerance: float = GATE_TOLERANCE) -> list[str]:
    """Every gated metric of every baseline configuration that dropped by more than ``tolerance``
    (or disappeared); an empty list means the gate passes."""
    now = _by_label(current)
    problems = []
    for label, base in _by_label(baseline).items():
        if label not in now:
            problems.append(f"{label}: configuration missing from this run")
            continue
        for metric in GATED:
            old, new = base["metrics"].get(metric), now[label]["metrics"].get(metric)
            if old is None:
                continue
            if new is None:
                problems.append(f"{label} {metric}: {old:.3f} → none")
            elif new < old - tolerance - _EPS:
                problems.append(f"{label} {metric}: {old:.3f} → {new:.3f} (drop {old - new:.3f} > {tolerance})")
    return problems
