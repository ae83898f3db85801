"""A self-contained HTML report: inline CSS, inline SVG charts, one small inline script, no network.

Sections: headline metrics, per-tag bars (one chart per tag family), a latency histogram, a
pass/fail matrix of every case, and per configuration the failures, each linked to its question,
the bot's answer and the cited passages (gold citations marked). A strict CSP forbids any fetch.
"""

from __future__ import annotations

import math
from html import escape

from evals.report_term import ROWS, fmt
from evals.score import FAMILIES

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;margin:1.5rem;color:#1a1a1a;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}th,td{border:1px solid #ddd;padding:.2rem .45rem;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#176b1d}.fail{color:#a50e0e;font-weight:600}.legend span{display:inline-block;margin-right:1rem}
.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
details{margin:.4rem 0;padding:.3rem .6rem;border:1px solid #e3e3e3;border-radius:4px}
summary{cursor:pointer}pre{white-space:pre-wrap;font-family:inherit;margin:.2rem 0;background:#fafafa;padding:.3rem}
.gold{background:#e6f4ea}.notgold{background:#fdecea}.note{color:#555;font-size:.85rem}
svg text{font-size:11px;font-family:inherit}
"""
SCRIPT = """
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  var rows = document.querySelectorAll('#matrix tbody tr');
  var shown = 0;
  rows.forEach(function (r) { var ok = r.textContent.toLowerCase().indexOf(q) >= 0; r.hidden = !ok; if (ok) shown++; });
  document.getElementById('shown').textContent = String(shown);
});
// A ✗ link opens the failure it points at.
function openTarget() {
  var d = location.hash && document.getElementById(location.hash.slice(1));
  if (d && d.tagName === 'DETAILS') { d.open = true; }
}
window.addEventListener('hashchange', openTarget);
openTarget();
"""


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _anchor(label: str, case_id: str) -> str:
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in f"{label}-{case_id}")


def legend(configs: list[dict]) -> str:
    items = "".join(f'<span><i class="sw" style="background:{_color(i)}"></i>{escape(c["label"])}</span>' for i, c in enumerate(configs))
    return f'<p class="legend">{items}</p>'


def bar_chart(title: str, categories: list[tuple[str, str]], series: list[list[float | None]], colors: list[str]) -> str:
    """Horizontal grouped bars on a 0–1 scale: one group per category, one bar per series."""
    bar, gap, left, width = 9, 8, 190, 420
    group = bar * len(series) + gap
    height = 24 + group * len(categories)
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{left + width + 60}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for x in (0, 0.5, 1):
        gx = left + x * width
        parts.append(f'<line x1="{gx}" y1="12" x2="{gx}" y2="{height}" stroke="#ddd"/><text x="{gx}" y="10" text-anchor="middle">{x:g}</text>')
    for gi, (name, note) in enumerate(categories):
        y0 = 16 + gi * group
        parts.append(f'<text x="{left - 6}" y="{y0 + group / 2}" text-anchor="end">{escape(name)}{escape(note)}</text>')
        for si, values in enumerate(series):
            value = values[gi]
            y = y0 + si * bar
            if value is None:
                parts.append(f'<text x="{left + 3}" y="{y + bar - 1}" fill="#999">–</text>')
                continue
            w = max(0.0, min(1.0, value)) * width
            parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 1}" fill="{colors[si]}"><title>{value:.3f}</title></rect>')
            parts.append(f'<text x="{left + w + 3:.1f}" y="{y + bar - 1}">{value:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(configs: list[dict], bins: int = 20) -> str:
    """Per-turn latency of every case, one overlaid outline per configuration, log-spaced bins."""
    series = [[r["values"]["latency_ms"] for r in c["cases"] if r["values"].get("latency_ms") is not None] for c in configs]
    values = [v for s in series for v in s]
    if not values:
        return '<p class="note">no latency recorded</p>'
    low, high = max(min(values), 0.1), max(max(values), 0.2)
    edges = [low * (high / low) ** (i / bins) for i in range(bins + 1)]
    counts = [[0] * bins for _ in series]
    for si, s in enumerate(series):
        for v in s:
            b = min(bins - 1, max(0, int(bins * math.log(max(v, low) / low) / math.log(high / low)))) if high > low else 0
            counts[si][b] += 1
    top = max(max(c) for c in counts) or 1
    left, width, plot_h = 40, 640, 180
    step = width / bins
    parts = [f'<svg role="img" aria-label="latency histogram" width="{left + width + 20}" height="{plot_h + 50}" xmlns="http://www.w3.org/2000/svg">',
             "<title>latency per turn (ms), log-spaced bins</title>"]
    parts.append(f'<line x1="{left}" y1="{plot_h + 10}" x2="{left + width}" y2="{plot_h + 10}" stroke="#333"/>')
    parts.append(f'<text x="{left - 4}" y="18" text-anchor="end">{top}</text><text x="{left - 4}" y="{plot_h + 10}" text-anchor="end">0</text>')
    for i in range(0, bins + 1, 4):
        parts.append(f'<text x="{left + i * step:.1f}" y="{plot_h + 26}" text-anchor="middle">{edges[i]:.0f}</text>')
    parts.append(f'<text x="{left + width / 2}" y="{plot_h + 44}" text-anchor="middle">ms per turn</text>')
    for si, c in enumerate(counts):
        points = []
        for b, n in enumerate(c):
            y = 10 + plot_h - plot_h * n / top
            points += [f"{left + b * step:.1f},{y:.1f}", f"{left + (b + 1) * step:.1f},{y:.1f}"]
        parts.append(f'<polyline fill="none" stroke="{_color(si)}" stroke-width="2" points="{" ".join(points)}"><title>{escape(configs[si]["label"])}</title></polyline>')
    parts.append("</svg>")
    return "".join(parts)


def metrics_table(configs: list[dict]) -> str:
    head = "".join(f"<th>{escape(c['label'])}</th>" for c in configs)
    rows = "".join(
        f"<tr><th>{escape(m)}</th>" + "".join(f'<td class="num">{fmt(c["metrics"].get(m))}</td>' for c in configs) + "</tr>"
        for m in (*ROWS, "retrieval_cases", "cases")
    )
    return f"<table><thead><tr><th>metric</th>{head}</tr></thead><tbody>{rows}</tbody></table>"


def tag_section(configs: list[dict]) -> str:
    colors = [_color(i) for i in range(len(configs))]
    out = []
    for family in FAMILIES:
        tags = list(configs[0]["by_tag"].get(family, {}))
        if not tags:
            continue
        categories = [(t, f" (n={configs[0]['by_tag'][family][t]['pass']['n']})") for t in tags]
        series = [[c["by_tag"][family].get(t, {}).get("pass", {}).get("mean") for t in tags] for c in configs]
        out.append(f"<h3>pass rate by {escape(family)}</h3>" + bar_chart(f"pass rate by {family}", categories, series, colors))
    return "".join(out)


def matrix(configs: list[dict]) -> str:
    """Every case × configuration: ✓ or ✗ linking to the failure's details."""
    head = "".join(f"<th>{escape(c['label'])}</th>" for c in configs)
    rows = []
    for i, case in enumerate(configs[0]["cases"]):
        cells = []
        for c in configs:
            r = c["cases"][i]
            if r["passed"]:
                cells.append('<td class="pass">✓</td>')
            else:
                cells.append(f'<td class="fail"><a href="#{_anchor(c["label"], r["id"])}">✗</a></td>')
        question = " → ".join(case["turns"])
        rows.append(f"<tr><td>{escape(case['id'])}</td><td>{escape(question)}</td><td>{escape(case['expected_kind'])}</td>"
                    f"<td>{escape(' '.join(case['tags']))}</td>{''.join(cells)}</tr>")
    return (f'<p><label>filter <input id="filter" type="search" aria-label="filter cases"></label> '
            f'<span id="shown">{len(rows)}</span> cases shown</p>'
            f'<table id="matrix"><thead><tr><th>id</th><th>question</th><th>expected</th><th>tags</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def failure_details(config: dict) -> str:
    out = []
    for r in config["cases"]:
        if r["passed"]:
            continue
        turns = "".join(f"<li>{escape(t)}</li>" for t in r["turns"])
        cites = "".join(
            f'<li class="{"gold" if c["gold"] else "notgold"}">[{c["n"]}] {escape(c["doc_id"])}{" (gold)" if c["gold"] else ""}: '
            f"{escape(c['quote'])}</li>" for c in r["citations"]) or "<li>none</li>"
        gold = "".join(f"<li>{escape(g['doc_id'])}: {escape(g['quote'])}</li>" for g in r["gold"]) or "<li>none (out of scope)</li>"
        verdict = f" · verdict {escape(str(r['verdict']))} (expected {escape(str(r['expected_verdict']))})" if r["expected_verdict"] else ""
        out.append(
            f'<details id="{_anchor(config["label"], r["id"])}"><summary><b>{escape(r["id"])}</b> — '
            f"{escape('; '.join(r['reasons']))}</summary>"
            f"<p>expected <b>{escape(r['expected_kind'])}</b>, got <b>{escape(r['kind'])}</b>{verdict}</p>"
            f"<h4>question</h4><ol>{turns}</ol><h4>answer</h4><pre>{escape(r['answer'])}</pre>"
            f"<h4>cited passages</h4><ul>{cites}</ul><h4>gold passages</h4><ul>{gold}</ul>"
            f"<p class=\"note\">facts: {escape('、'.join(r['facts']) or '–')} · tags: {escape(' '.join(r['tags']))}</p></details>"
        )
    return "".join(out) or "<p>no failures</p>"


def render_html(report: dict) -> str:
    meta, configs = report["meta"], report["configs"]
    title = f"Evaluation report — {meta['split']}, {meta['cases']} cases"
    remote = ('<p class="note">Evaluated over POST /api/chat at ' + escape(meta["url"]) +
              ": rank metrics (hit@k, MRR, nDCG) are computed only in-process.</p>") if meta.get("url") else ""
    failures = "".join(f"<h3>{escape(c['label'])}: {sum(1 for r in c['cases'] if not r['passed'])} failing</h3>{failure_details(c)}" for c in configs)
    body = (
        f"<h1>{escape(title)}</h1><p class=\"note\">judged on {escape(meta['today'])}; modes {escape(', '.join(meta['modes']))}; "
        f"embedders {escape(', '.join(meta['embedders']))}</p>{remote}{legend(configs)}"
        f"<h2>Metrics</h2>{metrics_table(configs)}"
        f"<h2>Per tag</h2>{legend(configs)}{tag_section(configs)}"
        f"<h2>Latency</h2>{legend(configs)}{histogram(configs)}"
        f"<h2>Cases</h2>{matrix(configs)}<h2>Failures</h2>{failures}"
    )
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{STYLE}</style></head>'
            f"<body>{body}<script>{SCRIPT}</script></body></html>\n")
