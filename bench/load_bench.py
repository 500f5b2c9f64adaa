"""Load bench: `actieplan serve --workers 2` on loopback under a bounded mixed load of real questions.

Ingests the bundled plan into a temporary data dir (embedded Chroma, or a `chroma run` of its own with
--chroma-server), starts the service on a free 127.0.0.1 port, then sends --requests POST /api/ask from
--concurrency async clients: the gold questions in turn (lists, filters, lookups, topics, funding,
unanswerable, English, typos), follow-ups with their earlier turns in one conversation. Prints throughput,
p50/p95/p99 (overall and per kind), errors, and each worker's RSS before and after. Stops by itself after
--requests or --max-seconds, whichever comes first; everything it started is stopped and removed.

    python bench/load_bench.py                          # 5000 requests, 32 clients, 2 workers
    python bench/load_bench.py --requests 500 --chroma-server
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOLD = ROOT / "evals" / "gold"


def scenarios() -> list[tuple[str, list[str]]]:
    """(kind, questions) per gold question: its earlier turns first, then the question itself."""
    found = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found.append((row["kind"], [*row.get("history", []), row["question"]]))
    # Interleave the kinds, as real traffic mixes them, instead of one file after the other.
    return [found[(n * 37) % len(found)] for n in range(len(found))]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout_s: float, times: int = 1) -> None:
    """Wait until GET url answers 200 `times` in a row (on several workers), or raise."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        try:
            if all(httpx.get(url, timeout=10).status_code == 200 for _ in range(times)):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready within {timeout_s} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT (uvicorn's and chroma's Ctrl+C), then SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def workers_of(pid: int) -> list[int]:
    """uvicorn's worker processes: the children of the supervisor, less multiprocessing's resource tracker."""
    pids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return sorted(p for p in pids if b"resource_tracker" not in _read(Path(f"/proc/{p}/cmdline")))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB, from /proc/<pid>/status (no psutil needed)."""
    for line in _read(Path(f"/proc/{pid}/status")).decode().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat: shows how the load spread over workers."""
    fields = _read(Path(f"/proc/{pid}/stat")).decode().rpartition(")")[2].split()
    # After the command name: state is field 3, utime and stime are fields 14 and 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if len(fields) > 12 else 0.0


@contextmanager
def service(scratch: Path, workers: int, chroma_server: bool, timeout_s: float) -> Iterator[tuple[str, int]]:
    """Ingest the bundled plan and run `actieplan serve`; yields (base URL, supervisor pid)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIEPLAN_", "SLACK_"))}
    # All load comes from 127.0.0.1: the per-client rate limit would measure itself, not the service.
    env.update(ACTIEPLAN_DATA_DIR=str(scratch / "var"), ACTIEPLAN_RATE_LIMIT_PER_MINUTE="0")
    started: list[subprocess.Popen[bytes]] = []
    try:
        if chroma_server:
            port = free_port()
            with (scratch / "chroma.log").open("wb") as log:
                chroma = subprocess.Popen(
                    [
                        str(BIN / "chroma"),
                        "run",
                        "--path",
                        str(scratch / "chroma"),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            started.append(chroma)
            wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", chroma, timeout_s)
            env.update(ACTIEPLAN_CHROMA_HOST="127.0.0.1", ACTIEPLAN_CHROMA_PORT=str(port))
        t0 = time.perf_counter()
        subprocess.run(
            [str(BIN / "actieplan"), "ingest"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=timeout_s
        )
        print(f"# ingest of the bundled plan: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        port = free_port()
        with (scratch / "serve.log").open("wb") as log:
            serve = subprocess.Popen(
                [
                    str(BIN / "actieplan"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        started.append(serve)
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/readyz", serve, timeout_s, times=2 * workers)
        yield url, serve.pid
    finally:
        for process in reversed(started):
            stop(process)


async def load(urls: str | list[str], total: int, concurrency: int, max_seconds: float) -> dict[str, Any]:
    """Send `total` requests from `concurrency` clients (stopping at `max_seconds`); latencies per kind.

    Each conversation is one visit on a connection of its own, closed after its last question, as users come
    and go. Keep-alive connections all opened at once would not measure the workers: uvicorn's workers share
    one listening socket, and the worker whose event loop wakes first accepts the whole burst (asyncio accepts
    up to the backlog per wake-up), so 32 connections opened together may all land on one worker and stay
    there. Several URLs (hosts behind a load balancer) take the conversations in turn.
    """
    hosts = [urls] if isinstance(urls, str) else urls
    plan = scenarios()
    latencies: dict[str, list[float]] = defaultdict(list)
    problems: list[str] = []
    sent = 0
    next_scenario = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency * len(hosts), max_keepalive_connections=concurrency)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent, next_scenario
        while sent < total and time.monotonic() < deadline:
            kind, questions = plan[next_scenario % len(plan)]
            host = hosts[next_scenario % len(hosts)]
            next_scenario += 1
            conversation: str | None = None
            for n, question in enumerate(questions):
                if sent >= total:
                    break
                sent += 1
                began = time.perf_counter()
                try:
                    body = {"question": question, **({"conversation_id": conversation} if conversation else {})}
                    last = n == len(questions) - 1 or sent >= total
                    headers = {"Connection": "close"} if last else {}
                    response = await http.post(f"{host}/api/ask", json=body, headers=headers)
                    if response.status_code == 200:
                        conversation = response.json()["conversation_id"]
                    else:
                        problems.append(f"HTTP {response.status_code}: {response.text[:120]}")
                except httpx.HTTPError as exc:
                    problems.append(f"{type(exc).__name__}: {exc}")
                latencies[kind].append(time.perf_counter() - began)

    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {"latencies": dict(latencies), "problems": problems, "seconds": elapsed, "stopped_early": sent < total}


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds (nearest rank)."""
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000, 1)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def main(argv: list[str] | None = None) -> int:
    """Run the load bench and print its figures; exit 1 when any request failed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=500, help="requests before memory is measured (default 500)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="cap on the load phase (default 600)")
    parser.add_argument("--chroma-server", action="store_true", help="use a `chroma run` instead of embedded")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if min(args.requests, args.concurrency, args.workers) < 1:
        parser.error("--requests, --concurrency and --workers must be at least 1")

    with (
        tempfile.TemporaryDirectory(prefix="load-bench-") as scratch,
        service(Path(scratch), args.workers, args.chroma_server, 300.0) as (url, pid),
    ):
        workers = workers_of(pid) if args.workers > 1 else [pid]
        cold = {w: rss_mib(w) for w in workers}
        # A warm-up loads each worker's index and fills its caches, so growth after it is what would leak.
        asyncio.run(load(url, args.warmup, args.concurrency, args.max_seconds))
        before = {w: rss_mib(w) for w in workers}
        cpu_before = {w: cpu_seconds(w) for w in workers}
        result = asyncio.run(load(url, args.requests, args.concurrency, args.max_seconds))
        after = {w: rss_mib(w) for w in workers}
        cpu = {w: cpu_seconds(w) - cpu_before[w] for w in workers}

    every = [v for values in result["latencies"].values() for v in values]
    report = {
        "requests": len(every),
        "concurrency": args.concurrency,
        "workers": args.workers,
        "store": "chroma-server" if args.chroma_server else "embedded",
        "seconds": round(result["seconds"], 1),
        "requests_per_s": round(len(every) / result["seconds"], 1),
        **percentiles(every),
        "errors": len(result["problems"]),
        "stopped_early": result["stopped_early"],
        "per_kind": {k: {"requests": len(v), **percentiles(v)} for k, v in sorted(result["latencies"].items())},
        "rss_mib_cold": {str(k): round(v, 1) for k, v in cold.items()},
        "rss_mib_before": {str(k): round(v, 1) for k, v in before.items()},
        "rss_mib_after": {str(k): round(v, 1) for k, v in after.items()},
        "cpu_s_during_load": {str(k): round(v, 1) for k, v in cpu.items()},
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"Load bench: {report['requests']} × POST /api/ask, {args.concurrency} clients, "
            f"{args.workers} workers, {report['store']} Chroma"
            + (" (stopped at the time cap)" if result["stopped_early"] else "")
        )
        print(f"  {report['requests_per_s']} requests/s over {report['seconds']} s; errors {report['errors']}")
        print(f"  latency p50 {report['p50_ms']} ms · p95 {report['p95_ms']} ms · p99 {report['p99_ms']} ms")
        for kind, figures in report["per_kind"].items():
            print(
                f"    {kind:<13} {figures['requests']:>5} × p50 {figures['p50_ms']:>7} ms · "
                f"p95 {figures['p95_ms']:>7} ms · p99 {figures['p99_ms']:>7} ms"
            )
        for worker in workers:
            print(
                f"  worker {worker}: RSS {cold[worker]:.0f} MiB cold, {before[worker]:.0f} MiB after warm-up, "
                f"{after[worker]:.0f} MiB after the load; "
                f"{cpu[worker]:.1f} s CPU during the load"
            )
    for problem in result["problems"][:5]:
        print(f"  e.g. {problem}", file=sys.stderr)
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
