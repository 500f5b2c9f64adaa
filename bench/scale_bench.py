"""Scale bench: one worker against two, with SQLite and with PostgreSQL, and two hosts with SQLite against two
with PostgreSQL, all under the same load in one run (loopback only, bounded).

Ingests the bundled plan once into a temporary data dir (embedded Chroma) and once into a `chroma run` of its
own (the two-host lines), starts a throwaway PostgreSQL (Debian's server programs; the PostgreSQL lines are left
out without them), then runs each line: `actieplan serve`, a warm-up, --requests POST /api/ask from
--concurrency clients (a new connection per conversation, see load_bench.load), and each worker's CPU time.
Two hosts are two `actieplan serve` processes (one worker each, their own data dirs, one Chroma server) that
take the conversations in turn, as behind a load balancer. Everything it started is stopped and removed.

    python bench/scale_bench.py                     # 2000 requests per line, 32 clients
    python bench/scale_bench.py --requests 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from load_bench import BIN, ROOT, cpu_seconds, free_port, load, percentiles, stop, wait_for, workers_of

sys.path.insert(0, str(ROOT))
from tests.support.postgres_server import PostgresCluster, binary

TIMEOUT_S = 300.0


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Our environment without ACTIEPLAN_/SLACK_ settings, with this data dir and no rate limit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIEPLAN_", "SLACK_"))}
    # All load comes from 127.0.0.1: the per-client rate limit would measure itself, not the service.
    env.update(ACTIEPLAN_DATA_DIR=str(data_dir), ACTIEPLAN_RATE_LIMIT_PER_MINUTE="0", **extra)
    return env


def actieplan(env: dict[str, str], *args: str) -> None:
    """Run an `actieplan` command to its end."""
    subprocess.run([str(BIN / "actieplan"), *args], env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)


@contextmanager
def serving(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[str, list[int]]]:
    """`actieplan serve` until the block ends; yields (URL, worker pids)."""
    port = free_port()
    command = [str(BIN / "actieplan"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/readyz", process, TIMEOUT_S, times=2 * workers)
        yield url, workers_of(process.pid) if workers > 1 else [process.pid]
    finally:
        stop(process)


@contextmanager
def chroma_server(path: Path) -> Iterator[dict[str, str]]:
    """A `chroma run` on loopback; yields the settings that point at it."""
    port = free_port()
    with (path.parent / "chroma.log").open("wb") as log:
        process = subprocess.Popen(
            [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", process, TIMEOUT_S)
        yield {"ACTIEPLAN_CHROMA_HOST": "127.0.0.1", "ACTIEPLAN_CHROMA_PORT": str(port)}
    finally:
        stop(process)


def measure(urls: list[str], workers: list[int], args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, then the measured load: requests/s, p95 and each worker's CPU seconds."""
    asyncio.run(load(urls, args.warmup, args.concurrency, args.max_seconds))
    cpu_before = {w: cpu_seconds(w) for w in workers}
    # The load client's own CPU: on a machine with few cores it competes with the workers it measures.
    client_before = time.process_time()
    result = asyncio.run(load(urls, args.requests, args.concurrency, args.max_seconds))
    client_cpu = time.process_time() - client_before
    every = [v for values in result["latencies"].values() for v in values]
    return {
        "requests_per_s": round(len(every) / result["seconds"], 1),
        "p95_ms": percentiles(every)["p95_ms"],
        "cpu_s": [round(cpu_seconds(w) - cpu_before[w], 1) for w in workers],
        "client_cpu_s": round(client_cpu, 1),
        "seconds": result["seconds"],
        "errors": len(result["problems"]),
        "problems": result["problems"][:3],
    }


def main(argv: list[str] | None = None) -> int:
    """Run every line and print the figures; exit 1 when any request failed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="cap on each load (default 300)")
    args = parser.parse_args(argv)
    lines: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as scratch_dir, ExitStack() as stack:
        scratch = Path(scratch_dir)
        stores: dict[str, dict[str, str]] = {"SQLite": {}}
        if binary("initdb") is not None:
            cluster = PostgresCluster(free_port())
            stack.callback(cluster.remove)
            cluster.start()
            stores["PostgreSQL"] = {"ACTIEPLAN_DATABASE_URL": cluster.url}
        else:
            print("# PostgreSQL's server programs are missing: the PostgreSQL lines are left out", file=sys.stderr)
        embedded = scratch / "var"
        actieplan(base_env(embedded), "ingest")
        for store, extra in stores.items():
            if extra:
                actieplan(base_env(embedded, **extra), "ingest", "--if-needed")  # applies the schema
            for workers in (1, 2):
                with serving(base_env(embedded, **extra), workers, scratch / "serve.log") as (url, pids):
                    lines.append((f"{store} {workers} worker{'s' if workers > 1 else ''}", measure([url], pids, args)))
        server = stack.enter_context(chroma_server(scratch / "chroma"))
        actieplan(base_env(scratch / "ingest", **server), "ingest")
        for store, extra in stores.items():
            with ExitStack() as hosts:
                started = [
                    hosts.enter_context(
                        serving(base_env(scratch / f"{store}-{n}", **server, **extra), 1, scratch / "h.log")
                    )
                    for n in range(2)
                ]
                urls, pids = [u for u, _ in started], [p for _, ps in started for p in ps]
                lines.append((f"two hosts, {store}", measure(urls, pids, args)))
    print(
        f"Scale bench: {args.requests} × POST /api/ask per line, {args.concurrency} clients, "
        f"a new connection per conversation; {os.cpu_count()} cores, the load client on the same machine"
    )
    figures = dict(lines)
    for name, line in lines:
        ratio = ""
        one = figures.get(name.replace("2 workers", "1 worker"))
        if name.endswith("2 workers") and one:
            ratio = f" = {line['requests_per_s'] / one['requests_per_s']:.2f}× one worker (goal ≥ 1.8×)"
        cpu = " / ".join(f"{c:.1f}" for c in line["cpu_s"])
        busy = (sum(line["cpu_s"]) + line["client_cpu_s"]) / line["seconds"]
        print(
            f"  {name:<22} {line['requests_per_s']:>6} requests/s{ratio}; p95 {line['p95_ms']} ms; "
            f"CPU per worker {cpu} s, load client {line['client_cpu_s']:.1f} s ({busy:.2f} cores busy); "
            f"errors {line['errors']}"
        )
    hosts_lines = [figures[k] for k in ("two hosts, SQLite", "two hosts, PostgreSQL") if k in figures]
    if len(hosts_lines) == 2:
        sqlite, postgres = hosts_lines
        print(
            f"  two hosts: PostgreSQL {postgres['requests_per_s']} requests/s, p95 {postgres['p95_ms']} ms "
            f"vs SQLite {sqlite['requests_per_s']} requests/s, p95 {sqlite['p95_ms']} ms (same load, same run)"
        )
    for _, line in lines:
        for problem in line["problems"]:
            print(f"  e.g. {problem}", file=sys.stderr)
    return 1 if any(line["errors"] for _, line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
