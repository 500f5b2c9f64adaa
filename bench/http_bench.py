"""HTTP benchmark: a bounded number of POST /api/ask from concurrent clients on loopback.

Starts the service in a subprocess (so client and server do not share one interpreter lock), with the
real answerer when an ingested index is found in --data-dir, else a canned answerer that measures the
HTTP layer alone. Prints requests/s, p50/p95/p99 latency and the error count.

    python bench/http_bench.py                      # 1000 requests, 16 clients, auto answerer
    python bench/http_bench.py --requests 200 --answerer canned
    python bench/http_bench.py --url http://127.0.0.1:8000   # an already running service
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx

QUESTIONS = [
    "Hoe financier ik een waterinvestering?",
    "Welke voorwaarden stellen banken voor financiering?",
    "Wat doen verzekeraars voor waterinvesteringen?",
    "Welke subsidies zijn er voor waterprojecten?",
    "Hoe investeren we collectief op een bedrijventerrein?",
    "Wie trekt KP 1.3?",
    "Welke acties trekt de VMM?",
    "Welke sleutelacties lopen in 2026?",
]
TARGET_RPS = 50.0


# ---- the server side (runs in the subprocess) -------------------------------


def bench_app() -> Any:
    """uvicorn factory: the app with the answerer and a throwaway feedback store named in the environment."""
    from assistant.api.app import create_app
    from assistant.stores.feedback import SqliteFeedbackStore
    from foundation.settings import Settings

    # One loopback client sends every request: the per-client rate limit would measure itself.
    settings = Settings(data_dir=Path(os.environ["BENCH_DATA_DIR"]), rate_limit_per_minute=0)
    # The bench's answers must not end up in the real feedback database.
    feedback = SqliteFeedbackStore(Path(os.environ["BENCH_FEEDBACK_DB"]))
    answerer = _canned_answerer() if os.environ["BENCH_ANSWERER"] == "canned" else None
    return create_app(settings, answerer=answerer, feedback=feedback)


def _canned_answerer() -> Any:
    """An answerer with a fixed reply: what is left to measure is the HTTP layer."""
    from assistant.answer_models import Answer, Citation
    from assistant.answerer import Answerer

    class CannedAnswerer(Answerer):
        def answer(self, question: str, conversation_id: str | None = None, *, today: date) -> Answer:
            return Answer(
                answer="Het actieplan brengt financieringsmogelijkheden in kaart (BM 1.3).",
                citations=[Citation(id="BM 1.3", title="Financieringsmogelijkheden in kaart brengen")],
                route="semantic",
                conversation_id=conversation_id or uuid.uuid4().hex,
                message_id=uuid.uuid4().hex,
            )

        def stream(self, question: str, conversation_id: str | None = None, *, today: date) -> Iterator[Any]:
            answer = self.answer(question, conversation_id, today=today)
            yield {"type": "delta", "text": answer.answer}
            yield {"type": "answer", "answer": answer}

        def check_ready(self) -> None:
            return None

    from foundation.settings import Settings

    return CannedAnswerer(Settings())


def _serve(port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "http_bench:bench_app",
        factory=True,
        app_dir=str(Path(__file__).resolve().parent),
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


# ---- the client side --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(mode: str, data_dir: Path, workers: int, scratch: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "BENCH_DATA_DIR": str(data_dir),
        "BENCH_ANSWERER": mode,
        "BENCH_FEEDBACK_DB": str(scratch / f"feedback-{mode}.sqlite3"),
    }
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(port), "--workers", str(workers)]
    # The server's log goes to a file: shown when it fails to start, kept out of the figures otherwise.
    with open(scratch / f"server-{mode}.log", "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def _wait_ready(url: str, process: subprocess.Popen[bytes] | None, timeout: float) -> tuple[bool, str]:
    """Wait until /healthz answers; then report whether /readyz says questions can be answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False, f"the server exited with code {process.returncode}"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                ready = httpx.get(f"{url}/readyz", timeout=30)
                return ready.status_code == 200, ready.text
        except httpx.HTTPError:
            time.sleep(0.2)
    return False, "no answer on /healthz"


def _stop(process: subprocess.Popen[bytes]) -> None:
    # SIGINT is uvicorn's Ctrl+C: the supervisor stops its workers and cleans up after them.
    process.send_signal(signal.SIGINT)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


async def _run(url: str, total: int, concurrency: int) -> tuple[list[float], int, float, list[str]]:
    latencies: list[float] = []
    problems: list[str] = []
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal next_index
        while next_index < total:
            index = next_index
            next_index += 1
            started = time.perf_counter()
            try:
                response = await http.post("/api/ask", json={"question": QUESTIONS[index % len(QUESTIONS)]})
                if response.status_code != 200:
                    problems.append(f"HTTP {response.status_code}: {response.text[:120]}")
            except httpx.HTTPError as exc:
                problems.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        # Warm up connections and caches outside the measurement.
        await asyncio.gather(*(http.post("/api/ask", json={"question": q}) for q in QUESTIONS))
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, len(problems), elapsed, problems[:5]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _report(mode: str, latencies: list[float], errors: int, elapsed: float, concurrency: int) -> dict[str, Any]:
    return {
        "endpoint": "POST /api/ask",
        "answerer": mode,
        "requests": len(latencies),
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures; exit 1 when any request failed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000, help="number of requests (default 1000)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("ACTIEPLAN_DATA_DIR", "var")))
    parser.add_argument("--answerer", choices=("auto", "real", "canned"), default="auto")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--url", help="bench a service that is already running instead of starting one")
    parser.add_argument("--startup-timeout", type=float, default=120.0)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        _serve(args.serve, args.workers)
        return 0
    if args.requests < 1 or args.concurrency < 1:
        parser.error("--requests and --concurrency must be at least 1")

    process = None
    mode = "external"
    with tempfile.TemporaryDirectory(prefix="http-bench-") as scratch:
        url = args.url
        if url is None:
            for mode in ["real", "canned"] if args.answerer == "auto" else [args.answerer]:
                process, url = _start(mode, args.data_dir, args.workers, Path(scratch))
                ready, detail = _wait_ready(url, process, args.startup_timeout)
                if ready:
                    break
                _stop(process)
                process = None
                print(f"# {mode} answerer not ready ({detail.strip()[:200]})", file=sys.stderr)
                server_log = (Path(scratch) / f"server-{mode}.log").read_text(errors="replace")
                print("\n".join(f"#   {line}" for line in server_log.splitlines()[-5:]), file=sys.stderr)
            if process is None:
                print("the service did not become ready", file=sys.stderr)
                return 2
        else:
            ready, detail = _wait_ready(url, None, 10)
            if not ready:
                print(f"{url} is not ready: {detail.strip()[:200]}", file=sys.stderr)
                return 2
        try:
            latencies, errors, elapsed, problems = asyncio.run(_run(url, args.requests, args.concurrency))
        finally:
            if process is not None:
                _stop(process)

    report = _report(mode, latencies, errors, elapsed, args.concurrency)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"HTTP bench: {report['requests']} × POST /api/ask, {args.concurrency} clients, "
            f"answerer={mode}, workers={args.workers}"
        )
        print(f"  {report['requests_per_s']} requests/s over {report['seconds']} s")
        print(f"  latency p50 {report['p50_ms']} ms · p95 {report['p95_ms']} ms · p99 {report['p99_ms']} ms")
        print(f"  errors {errors}")
        verdict = "ok" if report["requests_per_s"] >= TARGET_RPS and not errors else "BELOW TARGET"
        print(f"  target >= {TARGET_RPS:g} requests/s and 0 errors: {verdict}")
    for problem in problems:
        print(f"  e.g. {problem}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
