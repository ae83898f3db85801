"""Per-case scores and their aggregation: one place that turns (case, reply, ranking) into numbers.

Every per-case value is None when the metric does not apply to the case (see evals/README.md),
so means, per-tag breakdowns and the CI gate all skip inapplicable cases the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Mapping, Sequence

from bot.messages import CATALOG
from bot.types import Document
from evals import metrics
from evals.gold import Case, gold_matches
from evals.targets import Reply

# Headline metrics in display order. Rank metrics need the in-process retriever.
RANK_METRICS = ("hit@1", "hit@3", "hit@5", "mrr@10", "ndcg@10")
ANSWER_METRICS = (
    "pass_rate", "kind_accuracy", "citation_precision", "citation_recall", "fact_coverage",
    "numeric_faithfulness", "verdict_accuracy", "check_accuracy", "fallback_precision", "fallback_recall",
    "clarify_rate", "stale_noted",
)
LATENCY_METRICS = ("latency_p50_ms", "latency_p95_ms")
# Per-case value behind each mean-type metric (fallback P/R and latency are computed over all cases).
PER_CASE = {
    "hit@1": "hit@1", "hit@3": "hit@3", "hit@5": "hit@5", "mrr@10": "rr@10", "ndcg@10": "ndcg@10",
    "pass_rate": "pass", "kind_accuracy": "kind_ok", "citation_precision": "citation_precision",
    "citation_recall": "citation_recall", "fact_coverage": "fact_coverage", "numeric_faithfulness": "numbers_ok",
    "verdict_accuracy": "verdict_ok", "check_accuracy": "checks_ok", "clarify_rate": "clarified", "stale_noted": "stale_noted",
}
# Tag families reported separately: a prefix ("org:") groups its values, a bare tag is one row.
FAMILIES: dict[str, tuple[str, ...]] = {
    "org": ("org:",), "topic": ("topic:",), "phrasing": ("phrasing:",), "multi-turn": ("multi-turn",),
    "ambiguous": ("ambiguous",), "stale": ("stale",), "english": ("phrasing:english",),
    "out-of-scope": ("out-of-scope",), "eligibility": ("eligibility",),
}
TAG_METRICS = ("pass", "kind_ok", "hit@5", "rr@10", "citation_recall", "fact_coverage")


@dataclass(frozen=True)
class CaseScore:
    case_id: str
    values: dict[str, float | None]
    passed: bool
    reasons: tuple[str, ...] = field(default=())


def cited_gold(reply: Reply, case: Case, texts: Mapping[str, str]) -> list[frozenset[int]]:
    """Per citation, the indices of the case's gold quotes its span overlaps."""
    return [gold_matches(c.doc_id, c.start, c.end, case.gold, texts) if c.end > c.start else frozenset() for c in reply.citations]


def _stale_markers() -> tuple[str, ...]:
    """The longest literal piece of every catalog message about a closed recruitment (keys with
    "stale"), normalized: present in an answer iff the bot added such a note, whatever its wording."""
    markers = []
    for key, langs in CATALOG.items():
        if "stale" not in key:
            continue
        for template in langs.values():
            pieces = [literal for literal, *_ in Formatter().parse(template)]
            markers.append(metrics.normalize_text(max(pieces, key=len)))
    return tuple(m for m in markers if len(m) >= 6)


def stale_note_given(reply: Reply) -> bool:
    """The reply carries one of the catalog's closed-recruitment notes."""
    text = metrics.normalize_text(reply.text)
    return any(m in text for m in _stale_markers())


def document_facts(doc: Document) -> tuple[str, ...]:
    """A document's own metadata (period, deadline, contact) that an answer may state besides quotes,
    e.g. in a closed-recruitment note: numbers from here count as backed by the cited document."""
    return tuple(v for v in (doc.period, doc.deadline, doc.contact) if v)


def score_case(case: Case, reply: Reply, ranking: Sequence[bool] | None, texts: Mapping[str, str],
               documents: Mapping[str, Document] | None = None) -> CaseScore:
    v: dict[str, float | None] = {}
    for k in (1, 3, 5):
        v[f"hit@{k}"] = metrics.hit_at_k(ranking, k) if ranking is not None else None
    v["rr@10"] = metrics.reciprocal_rank(ranking, 10) if ranking is not None else None
    v["ndcg@10"] = metrics.ndcg_at_k(ranking, len(case.gold), 10) if ranking is not None else None
    v["kind_ok"] = 1.0 if reply.kind == case.expected_kind else 0.0
    matches = cited_gold(reply, case, texts)
    v["citation_precision"] = metrics.citation_precision([bool(m) for m in matches]) if case.gold else None
    v["citation_recall"] = metrics.citation_recall(matches, len(case.gold)) if case.gold else None
    v["fact_coverage"] = metrics.fact_coverage(reply.text, case.facts)
    if reply.kind in ("answer", "clarify"):
        cited_docs = [documents[d] for d in dict.fromkeys(c.doc_id for c in reply.citations) if documents and d in documents]
        allowed = [*case.turns, *(f for doc in cited_docs for f in document_facts(doc))]
        bad = metrics.unfaithful_numbers(reply.text, [c.quote for c in reply.citations], allowed=allowed)
        v["numbers_ok"] = 0.0 if bad else 1.0
    else:
        v["numbers_ok"] = None
    v["verdict_ok"] = (1.0 if reply.verdict == case.expected_verdict else 0.0) if case.expected_kind == "eligibility" else None
    v["checks_ok"] = _checks_ok(case, reply)
    v["clarified"] = (1.0 if reply.kind == "clarify" else 0.0) if case.has_tag("ambiguous") else None
    v["stale_noted"] = (1.0 if stale_note_given(reply) else 0.0) if case.has_tag("stale") else None
    reasons = _failures(case, reply, v)
    v["pass"] = 0.0 if reasons else 1.0
    v["latency_ms"] = reply.latency_ms
    return CaseScore(case.id, v, not reasons, tuple(reasons))


def _checks_ok(case: Case, reply: Reply) -> float | None:
    """Failed check ids vs expected failing rules. An eligibility case without failing_rules is
    only checkable when it is expected `eligible` (nothing should fail); otherwise it is skipped."""
    if case.expected_kind != "eligibility":
        return None
    if not case.failing_rules and case.expected_verdict != "eligible":
        return None
    if reply.kind != "eligibility":
        return 0.0
    return metrics.check_accuracy([(case.failing_rules, reply.failed_checks)])


def _failures(case: Case, reply: Reply, v: Mapping[str, float | None]) -> list[str]:
    """Why a case fails, in words; a case passes when the list is empty.

    answer: right kind, every fact stated, a gold passage cited, the stale note if `stale`;
    eligibility: right kind and verdict; clarify / fallback: right kind.
    """
    if reply.error:
        return [f"error: {reply.error}"]
    out = []
    if v["kind_ok"] != 1.0:
        out.append(f"kind {reply.kind} ≠ {case.expected_kind}")
    if case.expected_kind == "answer":
        if v["fact_coverage"] is not None and v["fact_coverage"] < 1.0:
            missing = [f for f in case.facts if metrics.normalize_text(f) not in metrics.normalize_text(reply.text)]
            out.append("facts missing: " + "、".join(missing))
        if case.gold and not v["citation_recall"]:
            out.append("no gold passage cited")
        if v["stale_noted"] == 0.0:
            out.append("no closed-recruitment note")
    if case.expected_kind == "eligibility" and v["verdict_ok"] == 0.0:
        out.append(f"verdict {reply.verdict} ≠ {case.expected_verdict}")
    return out


def aggregate(cases: Sequence[Case], replies: Sequence[Reply], scores: Sequence[CaseScore], with_ranks: bool) -> dict:
    """Headline numbers for one configuration (rank metrics None when the run had no rankings)."""
    out: dict[str, float | int | None] = {"cases": len(cases)}
    for name, key in PER_CASE.items():
        if name in RANK_METRICS and not with_ranks:
            out[name] = None
            continue
        out[name] = metrics.mean(s.values[key] for s in scores)
    out["retrieval_cases"] = sum(1 for s in scores if s.values["rr@10"] is not None)
    abstain = metrics.abstention([(c.expected_kind, r.kind) for c, r in zip(cases, replies)])
    out["fallback_precision"], out["fallback_recall"] = abstain.precision, abstain.recall
    latency = metrics.latency_summary([r.latency_ms for r in replies])
    out["latency_p50_ms"], out["latency_p95_ms"] = latency["p50"], latency["p95"]
    return out


def tag_breakdown(cases: Sequence[Case], scores: Sequence[CaseScore]) -> dict[str, dict[str, dict[str, dict]]]:
    """``{family: {tag: {per-case metric: {"mean", "n"}}}}`` for the families in FAMILIES."""
    tags = {c.id: c.tags for c in cases}
    out: dict[str, dict[str, dict[str, dict]]] = {}
    for key in TAG_METRICS:
        stats = metrics.by_tag({s.case_id: s.values[key] for s in scores}, tags, include_all=False)
        for family, patterns in FAMILIES.items():
            for tag, stat in stats.items():
                if any(tag == p or (p.endswith(":") and tag.startswith(p)) for p in patterns):
                    row = out.setdefault(family, {}).setdefault(tag, {})
                    row[key] = {"mean": stat.mean, "n": stat.n}
    for family in FAMILIES:
        out.setdefault(family, {})
    return out
