"""`python -m bot eval`: retrieval and answer metrics per retrieval mode, on the real pipeline.

Retrieval metrics use the last turn of single-turn answerable cases; kind/fallback metrics run the
whole conversation through a fresh session of the pipeline configured with that mode.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bot.answer.pipeline import Pipeline
from bot.answer.scope import detect_scope
from bot.corpus.store import organizations
from bot.retrieve import MODES, Retriever
from bot.service import build_bot
from bot.sessions import SessionStore
from bot.settings import Settings
from evals import metrics
from evals.gold import gold_matches, load_cases

DATASETS = Path(__file__).parent / "datasets"


def evaluate_mode(bot, mode: str, cases, texts: dict[str, str], today, sessions: SessionStore) -> dict:
    retriever = Retriever(bot.index, bot.embedder, mode)
    pipeline = Pipeline(retriever, sessions, eligibility=bot.pipeline.eligibility,
                        thresholds=bot.pipeline.thresholds, base_url="")
    orgs = organizations()
    rankings, n_gold, kinds, latencies, facts, faithful = [], [], [], [], [], []
    for case in cases:
        if case.expected_kind == "answer" and len(case.turns) == 1 and case.gold:
            scope = detect_scope(case.question, bot.index.documents, orgs)
            hits = retriever.search(case.question, k=10, doc_ids=scope.doc_ids or None).hits
            matches = [gold_matches(h.unit.doc_id, h.unit.start, h.unit.end, case.gold, texts) for h in hits]
            rankings.append(metrics.novel_relevance(matches))
            n_gold.append(len(case.gold))
        session = None
        started = time.perf_counter()
        for turn in case.turns:
            session, answer = pipeline.ask(turn, session, today)
        latencies.append((time.perf_counter() - started) * 1000 / len(case.turns))
        kinds.append((case.expected_kind, answer.kind))
        if case.expected_kind == "answer" and case.facts:
            facts.append(metrics.fact_coverage(answer.text, case.facts))
        if answer.kind in ("answer", "clarify"):
            faithful.append(not metrics.unfaithful_numbers(answer.text, [c.quote for c in answer.citations]))
    abstain = metrics.abstention(kinds)
    return {
        "mode": mode,
        "retrieval_cases": len(rankings),
        "hit@1": _mean(metrics.hit_at_k(r, 1) for r in rankings),
        "hit@3": _mean(metrics.hit_at_k(r, 3) for r in rankings),
        "hit@5": _mean(metrics.hit_at_k(r, 5) for r in rankings),
        "mrr@10": metrics.mrr_at_k(rankings, 10),
        "ndcg@10": _mean(metrics.ndcg_at_k(r, g, 10) for r, g in zip(rankings, n_gold)),
        "kind_accuracy": metrics.kind_accuracy(kinds),
        "fallback_precision": abstain.precision,
        "fallback_recall": abstain.recall,
        "fact_coverage": _mean(facts),
        "numeric_faithfulness": _mean(1.0 if f else 0.0 for f in faithful),
        "latency_p50_ms": metrics.percentile_nearest_rank(latencies, 50),
        "latency_p95_ms": metrics.percentile_nearest_rank(latencies, 95),
    }


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def main(argv: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot eval")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, from {MODES}")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    settings = settings if settings.today else Settings(today=settings.current_date())
    bot = build_bot(settings)
    texts = {d: doc.text for d, doc in bot.index.documents.items()}
    files = ["dev", "heldout"] if args.split == "all" else [args.split]
    cases = [c for f in files for c in load_cases(DATASETS / f"{f}.jsonl", texts.keys())]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes.split(","):
            sessions = SessionStore(Path(tmp) / f"{mode}.sqlite3", 3600)
            rows.append(evaluate_mode(bot, mode.strip(), cases, texts, settings.current_date(), sessions))
    _print_table(rows, f"{args.split}: {len(cases)} cases")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _print_table(rows: list[dict], title: str) -> None:
    columns = [k for k in rows[0] if k != "mode"]
    print(title)
    print("| mode | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for row in rows:
        cells = [_fmt(row[c]) for c in columns]
        print(f"| {row['mode']} | " + " | ".join(cells) + " |")


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.0f}"
    return str(value)
