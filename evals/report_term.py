"""Terminal output with rich: metrics × configurations, per-tag families, comparisons; and Markdown."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from evals.compare import Comparison
from evals.score import ANSWER_METRICS, FAMILIES, LATENCY_METRICS, RANK_METRICS

ROWS = (*RANK_METRICS, *ANSWER_METRICS, *LATENCY_METRICS)


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.0f}"
    return str(value)


def console() -> Console:
    # Wide enough for 8 configurations side by side even when stdout is not a terminal.
    return Console(width=200, soft_wrap=False)


def print_report(report: dict, out: Console | None = None, tags: bool = True) -> None:
    out = out or console()
    configs = report["configs"]
    meta = report["meta"]
    title = f"{meta['split']}: {meta['cases']} cases, today={meta['today']}"
    if meta.get("url"):
        title += f", against {meta['url']}"
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    for c in configs:
        table.add_column(c["label"], justify="right")
    for metric in ROWS:
        table.add_row(metric, *(fmt(c["metrics"].get(metric)) for c in configs))
    table.add_row("retrieval cases", *(str(c["metrics"].get("retrieval_cases", 0)) for c in configs))
    out.print(table)
    if meta.get("url"):
        out.print("Rank metrics (hit@k, MRR, nDCG) are computed only in-process: /api/chat does not expose the ranking.")
    if tags:
        print_tags(report, out)


def print_tags(report: dict, out: Console) -> None:
    """Pass rate per tag, one table per tag family (n = cases carrying the tag)."""
    configs = report["configs"]
    for family in FAMILIES:
        rows = configs[0]["by_tag"].get(family, {})
        if not rows:
            continue
        table = Table(title=f"pass rate by {family}", title_justify="left")
        table.add_column("tag")
        table.add_column("n", justify="right")
        for c in configs:
            table.add_column(c["label"], justify="right")
        for tag in rows:
            n = rows[tag]["pass"]["n"]
            table.add_row(tag, str(n), *(fmt(c["by_tag"][family].get(tag, {}).get("pass", {}).get("mean")) for c in configs))
        out.print(table)


def print_comparison(cmp: Comparison, out: Console | None = None) -> None:
    out = out or console()
    for title, changes, style in (("improved", cmp.improved, "green"), ("regressed", cmp.regressed, "red")):
        out.print(f"[bold {style}]{title}[/]: {len(changes)} metric change(s)")
        for ch in changes:
            delta = f"{ch.delta:+.3f}" if ch.delta is not None else ""
            out.print(f"  {ch.label:>16} {ch.metric:<22} {fmt(ch.old)} → {fmt(ch.new)} {delta}")
    for label in cmp.fixed:
        if cmp.fixed[label] or cmp.broken[label]:
            out.print(f"[bold]{label}[/]: now passing {len(cmp.fixed[label])}, now failing {len(cmp.broken[label])}")
            if cmp.fixed[label]:
                out.print("  [green]+[/] " + ", ".join(cmp.fixed[label]))
            if cmp.broken[label]:
                out.print("  [red]-[/] " + ", ".join(cmp.broken[label]))
    for label in cmp.only_old:
        out.print(f"{label}: only in the old report")
    for label in cmp.only_new:
        out.print(f"{label}: only in the new report")


def markdown_table(report: dict) -> str:
    """The metrics × configurations table as Markdown (what the README shows)."""
    configs = report["configs"]
    lines = ["| metric | " + " | ".join(c["label"] for c in configs) + " |", "|---" * (len(configs) + 1) + "|"]
    for metric in ROWS:
        lines.append(f"| {metric} | " + " | ".join(fmt(c["metrics"].get(metric)) for c in configs) + " |")
    return "\n".join(lines) + "\n"
