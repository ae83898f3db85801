"""Running the cases through one target and collecting a JSON-ready result.

Rank metrics use the last turn of single-turn answerable cases, searched in-process with the
configuration's retriever (honouring the documents the question names, except for the baseline,
which is dense top-k over everything). Answer metrics run the whole conversation in a fresh session.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from bot.types import Document
from evals import metrics
from evals.configs import RunConfig
from evals.gold import Case, gold_matches
from evals.score import aggregate, cited_gold, score_case, tag_breakdown
from evals.targets import Reply

RANK_DEPTH = 10


def ranking_for(config: RunConfig, case: Case, texts: Mapping[str, str]) -> list[bool] | None:
    """First-hit relevance of the top 10 units for the case's question, or None when not ranked."""
    if case.expected_kind != "answer" or len(case.turns) != 1 or not case.gold:
        return None
    if config.scoped_ranking:
        # What the pipeline itself searches: the named documents, without the names that set the scope.
        hits = config.pipeline.retrieve(case.question, k=RANK_DEPTH).hits
    else:
        hits = config.retriever.search(case.question, k=RANK_DEPTH).hits
    return metrics.novel_relevance([gold_matches(h.unit.doc_id, h.unit.start, h.unit.end, case.gold, texts) for h in hits])


def evaluate(label: str, meta: dict, cases: Sequence[Case], target, texts: Mapping[str, str],
             documents: Mapping[str, Document], config: RunConfig | None = None, progress=None) -> dict:
    """One configuration's result: headline metrics, per-tag families and every case in detail."""
    replies: list[Reply] = []
    scores = []
    rows = []
    if config is not None:
        config.retriever.embedder.forget()  # each configuration starts cold, so latency is a new question's
    for i, case in enumerate(cases):
        reply = target.converse(case.turns)  # before ranking, which would warm the query cache for it
        ranking = ranking_for(config, case, texts) if config is not None else None
        score = score_case(case, reply, ranking, texts, documents)
        replies.append(reply)
        scores.append(score)
        rows.append(_case_row(case, reply, score, texts))
        if progress and (i + 1) % 50 == 0:
            progress(f"  {label}: {i + 1}/{len(cases)}")
    return {
        "label": label,
        **meta,
        "metrics": aggregate(cases, replies, scores, with_ranks=config is not None),
        "by_tag": tag_breakdown(cases, scores),
        "cases": rows,
    }


def _case_row(case: Case, reply: Reply, score, texts: Mapping[str, str]) -> dict:
    matches = cited_gold(reply, case, texts)
    return {
        "id": case.id,
        "turns": list(case.turns),
        "tags": list(case.tags),
        "expected_kind": case.expected_kind,
        "expected_verdict": case.expected_verdict,
        "gold": [{"doc_id": g.doc_id, "quote": g.quote} for g in case.gold],
        "facts": list(case.facts),
        "kind": reply.kind,
        "verdict": reply.verdict,
        "failed_checks": list(reply.failed_checks),
        "answer": reply.text,
        "citations": [{"n": c.n, "doc_id": c.doc_id, "quote": c.quote, "gold": bool(m)} for c, m in zip(reply.citations, matches)],
        "passed": score.passed,
        "reasons": list(score.reasons),
        "values": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in score.values.items()},
    }
