"""Load generator for /api/chat: concurrent simulated applicants (mixed FAQ, eligibility, multi-turn).

    python bench/load.py                      # starts `python -m bot serve` itself, 1/10/50 users, 20 s each
    python bench/load.py --users 1,10,50 --seconds 30
    python bench/load.py --url http://host:8000   # an already running server (RSS is then not reported)
    python bench/load.py --unique --env BOT_EMBED_POOL_SIZE=1   # every question new; settings for the server
    python bench/load.py --users 1 --rates 5,10,20      # plus latency at offered traffic (open loop)

Each user replays conversations from evals/datasets/dev.jsonl (every turn, carrying session_id), with no
think time (closed loop: the heaviest load N users can make). Reported per level: requests, errors,
throughput, latency p50/p95/p99/max, and the server's RSS (VmRSS sampled during the level, VmHWM at
the end). Ratios are against the first level, measured in the same run, so numbers from different
machines are never compared directly. Rate limits are switched off on the server it starts, because all
users come from one address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.waiting import ServerNotReady, wait_ready

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "dev.jsonl"


@dataclass
class Level:
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int | str, int] = field(default_factory=dict)  # HTTP status or exception name
    kinds: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    rss_peak_kb: int = 0
    hwm_kb: int = 0
    client_cpu_s: float = 0.0  # this generator's own CPU time: it shares the machine with the server

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def conversations(seed: int) -> list[list[str]]:
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]
    convs = [row["turns"] for row in rows if row.get("turns")]
    random.Random(seed).shuffle(convs)
    return convs


def proc_status(pid: int) -> dict[str, int]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


UNIQUE = {"on": False, "n": 0}  # --unique: every message is a question never seen before (no cache hits)


def message(turn: str) -> str:
    if not UNIQUE["on"]:
        return turn
    UNIQUE["n"] += 1
    return f"{turn}（その{UNIQUE['n']}）"


async def user(client: httpx.AsyncClient, convs: list[list[str]], start: int, stop_at: float, level: Level) -> None:
    i = start
    while time.monotonic() < stop_at:
        session_id = None
        for turn in convs[i % len(convs)]:
            if time.monotonic() >= stop_at:
                return
            began = time.perf_counter()
            try:
                r = await client.post("/api/chat", json={"message": message(turn), "session_id": session_id})
                took = time.perf_counter() - began
                level.statuses[r.status_code] = level.statuses.get(r.status_code, 0) + 1
                if r.status_code != 200:
                    level.errors += 1
                    break
                body = r.json()
                session_id = body["session_id"]
                level.kinds[body["kind"]] = level.kinds.get(body["kind"], 0) + 1
                level.latencies.append(took)
            except httpx.HTTPError as exc:
                level.errors += 1
                level.statuses[type(exc).__name__] = level.statuses.get(type(exc).__name__, 0) + 1
                break
        i += 1


async def open_loop(url: str, rate: float, seconds: float, convs: list[list[str]], pid: int | None, seed: int) -> Level:
    """Poisson arrivals at `rate` questions/s (first turns), however slow the answers: latency at a traffic level."""
    level = Level(users=0)
    rng = random.Random(seed)
    questions = [c[0] for c in convs]

    async def one(client: httpx.AsyncClient, question: str) -> None:
        began = time.perf_counter()
        try:
            r = await client.post("/api/chat", json={"message": question, "session_id": None})
        except httpx.HTTPError as exc:
            level.errors += 1
            level.statuses[type(exc).__name__] = level.statuses.get(type(exc).__name__, 0) + 1
            return
        level.statuses[r.status_code] = level.statuses.get(r.status_code, 0) + 1
        if r.status_code == 200:
            level.latencies.append(time.perf_counter() - began)
        else:
            level.errors += 1

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=500, keepalive_expiry=2.0)) as client:
        began = time.monotonic()
        stop_at = began + seconds
        tasks = [asyncio.create_task(sample_rss(pid, level, stop_at))]
        i = 0
        while time.monotonic() < stop_at:
            tasks.append(asyncio.create_task(one(client, questions[i % len(questions)])))
            i += 1
            await asyncio.sleep(rng.expovariate(rate))
        await asyncio.gather(*tasks)
        level.elapsed = time.monotonic() - began
    level.hwm_kb = proc_status(pid).get("VmHWM", 0) if pid else 0
    return level


async def sample_rss(pid: int | None, level: Level, stop_at: float) -> None:
    while pid and time.monotonic() < stop_at:
        level.rss_peak_kb = max(level.rss_peak_kb, proc_status(pid).get("VmRSS", 0))
        await asyncio.sleep(0.25)


async def run_level(url: str, users: int, seconds: float, convs: list[list[str]], pid: int | None) -> Level:
    level = Level(users)
    # Idle connections are dropped before uvicorn's 5 s keep-alive timeout, so a reused connection is
    # never one the server is closing at that moment (a client-side race, not a server error).
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5, keepalive_expiry=2.0)
    cpu = time.process_time()
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        began = time.monotonic()
        stop_at = began + seconds
        # Users start on different conversations so that they do not ask the same question in lockstep.
        step = max(1, len(convs) // max(users, 1))
        await asyncio.gather(sample_rss(pid, level, stop_at), *(user(client, convs, k * step, stop_at, level) for k in range(users)))
        level.elapsed = time.monotonic() - began
    level.client_cpu_s = time.process_time() - cpu
    level.hwm_kb = proc_status(pid).get("VmHWM", 0) if pid else 0
    return level


async def warm(url: str, convs: list[list[str]]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        queue = list(convs)

        async def worker() -> None:
            while queue:
                session_id = None
                for turn in queue.pop():
                    r = await client.post("/api/chat", json={"message": turn, "session_id": session_id})
                    session_id = r.json().get("session_id") if r.status_code == 200 else None

        await asyncio.gather(*(worker() for _ in range(4)))


def start_server(port: int, extra_env: dict[str, str], log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
        "BOT_DATA_DIR": tempfile.mkdtemp(prefix="bench-load-"),
        "BOT_RATE_LIMIT_IP_PER_MINUTE": "0",
        "BOT_RATE_LIMIT_SESSION_PER_MINUTE": "0",
        **extra_env,
    }
    log = open(log_path, "wb")  # the server's JSON log lines; a pipe nobody reads would block it
    return subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_healthy(url: str, proc: subprocess.Popen | None) -> None:
    def exited() -> str | None:
        return f"exit code {proc.returncode}" if proc is not None and proc.poll() is not None else None

    try:
        wait_ready(url, 120, exited, interval=0.2, probe="/readyz")
    except ServerNotReady as exc:
        raise SystemExit(str(exc)) from exc


def report(levels: list[Level], show_rss: bool) -> str:
    base = levels[0]
    head = "| users | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | req/s ÷ base | p95 ÷ base | generator CPU % |"
    if show_rss:
        head += " RSS peak MB | RSS HWM MB |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for lv in levels:
        row = (
            f"| {lv.users} | {len(lv.latencies)} | {lv.errors} | {lv.throughput:.1f} | {lv.percentile(50):.0f} | {lv.percentile(95):.0f} "
            f"| {lv.percentile(99):.0f} | {max(lv.latencies) * 1000 if lv.latencies else float('nan'):.0f} "
            f"| {lv.throughput / base.throughput if base.throughput else float('nan'):.2f} | {lv.percentile(95) / base.percentile(95):.2f} "
            f"| {100 * lv.client_cpu_s / lv.elapsed if lv.elapsed else 0:.0f} |"
        )
        if show_rss:
            row += f" {lv.rss_peak_kb / 1024:.0f} | {lv.hwm_kb / 1024:.0f} |"
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server; otherwise one is started")
    parser.add_argument("--users", default="1,10,50", help="comma-separated concurrency levels (first = baseline)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each level")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false", help="skip one pass over every conversation before measuring")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server it starts")
    parser.add_argument("--unique", action="store_true", help="make every message new (measures the uncached path)")
    parser.add_argument("--rates", default="", help="also: open-loop arrival rates in questions/s, e.g. 5,10,20")
    parser.add_argument("--json", action="store_true", help="also print the raw numbers as JSON")
    args = parser.parse_args(argv)

    convs = conversations(args.seed)
    UNIQUE["on"] = args.unique
    proc = None
    url = args.url
    if url is None:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = Path(tempfile.gettempdir()) / f"bench-load-server-{port}.log"
        proc = start_server(port, dict(kv.split("=", 1) for kv in args.env), log_path)
        print(f"server pid {proc.pid} on {url}, log {log_path}", file=sys.stderr)
    try:
        wait_healthy(url, proc)
        pid = proc.pid if proc else None
        if args.warmup:
            # Every conversation once (4 at a time), so each level sees the same state: every question's
            # vector cached (announcement-day repeats). Measure the uncached path with BOT_QUERY_CACHE_SIZE=0.
            asyncio.run(warm(url, convs))
        levels = []
        for users in [int(u) for u in args.users.split(",")]:
            level = asyncio.run(run_level(url, users, args.seconds, convs, pid))
            levels.append(level)
            print(f"users={users}: {len(level.latencies)} ok, {level.errors} errors, statuses {level.statuses}, kinds {level.kinds}", file=sys.stderr)
        print(
            f"POST /api/chat, closed loop, {args.seconds:.0f} s per level, {os.cpu_count()} CPU cores, "
            f"load average {os.getloadavg()[0]:.1f} (other processes included), conversations from {DATASET.relative_to(ROOT)}"
        )
        print(report(levels, show_rss=pid is not None))
        rated = []
        for rate in [float(r) for r in args.rates.split(",") if r]:
            level = asyncio.run(open_loop(url, rate, args.seconds, convs, pid, args.seed))
            rated.append((rate, level))
            print(f"rate={rate}/s: {len(level.latencies)} ok, {level.errors} errors, statuses {level.statuses}", file=sys.stderr)
        if rated:
            print(f"\nOpen loop (Poisson arrivals of first-turn questions), {args.seconds:.0f} s per rate:")
            print("| offered q/s | answered | errors | p50 ms | p95 ms | p99 ms |")
            print("|---|---|---|---|---|---|")
            for rate, lv in rated:
                print(f"| {rate:g} | {len(lv.latencies)} | {lv.errors} | {lv.percentile(50):.0f} | {lv.percentile(95):.0f} | {lv.percentile(99):.0f} |")
        if args.json:
            print(json.dumps([
                {"users": lv.users, "requests": len(lv.latencies), "errors": lv.errors, "rps": lv.throughput,
                 "p50_ms": lv.percentile(50), "p95_ms": lv.percentile(95), "p99_ms": lv.percentile(99),
                 "rss_peak_mb": lv.rss_peak_kb / 1024, "rss_hwm_mb": lv.hwm_kb / 1024, "kinds": lv.kinds}
                for lv in levels
            ]))
        return 0 if all(lv.errors == 0 for lv in levels + [lv for _, lv in rated]) else 1
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    raise SystemExit(main())
