"""Helpers (no tests) for the scale-out and fault tests: real `chroma run` and `actieplan serve` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

BIN = Path(sys.executable).parent
ACTIEPLAN = BIN / "actieplan"
CHROMA = BIN / "chroma"
ROOT = Path(__file__).resolve().parent.parent


def chroma_from_env() -> tuple[str, int] | None:
    """The Chroma server named by ACTIEPLAN_TEST_CHROMA_URL ("host:port" or "http://host:port"), if any."""
    # Read here, not via Settings: it configures the tests, not the service.
    url = os.environ.get("ACTIEPLAN_TEST_CHROMA_URL", "").strip()
    if not url:
        return None
    host, _, port = url.removeprefix("http://").rstrip("/").rpartition(":")
    return host or "127.0.0.1", int(port)


def service_env(data_dir: Path, chroma: tuple[str, int] | None = None, **extra: str) -> dict[str, str]:
    """The environment of a service process: ours without any ACTIEPLAN_/SLACK_ settings, plus these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIEPLAN_", "SLACK_"))}
    env["ACTIEPLAN_DATA_DIR"] = str(data_dir)
    # Every request comes from 127.0.0.1: the per-client rate limit would throttle the tests, not a flood.
    env["ACTIEPLAN_RATE_LIMIT_PER_MINUTE"] = "0"
    if chroma is not None:
        env["ACTIEPLAN_CHROMA_HOST"], env["ACTIEPLAN_CHROMA_PORT"] = chroma[0], str(chroma[1])
    env.update(extra)
    return env


def wait_until(check: Any, timeout_s: float, what: str, pause_s: float = 0.1) -> float:
    """Call `check()` until it is true; the seconds that took (AssertionError after `timeout_s`)."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < timeout_s, f"{what}: not within {timeout_s} s"
        time.sleep(pause_s)
    return time.monotonic() - started


def status_of(url: str, timeout_s: float = 10.0) -> int | None:
    """The HTTP status of GET url, or None when nothing answers."""
    try:
        return httpx.get(url, timeout=timeout_s).status_code
    except httpx.HTTPError:
        return None


class ChromaProcess:
    """A `chroma run` on loopback that can be stopped, paused and started again on the same path and port."""

    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) for ACTIEPLAN_CHROMA_HOST/PORT."""
        return "127.0.0.1", self.port

    def start(self, timeout_s: float = 60.0) -> float:
        """Start the server; the seconds until its heartbeat answers."""
        self.path.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / f"chroma-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        return wait_until(lambda: self._alive() and status_of(url, 1.0) == 200, timeout_s, "chroma run", 0.05)

    def _alive(self) -> bool:
        assert self.process is not None and self.process.poll() is None, "chroma run exited"
        return True

    def stop(self) -> None:
        """Stop the server (SIGTERM, SIGKILL after 10 s) and wait for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)  # a paused server cannot handle SIGTERM
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def pause(self, paused: bool) -> None:
        """Freeze (SIGSTOP) or thaw (SIGCONT) the server: a hung Chroma rather than a dead one."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP if paused else signal.SIGCONT)


class ServeProcess:
    """`actieplan serve` in a subprocess, with its log in the data dir."""

    def __init__(self, env: dict[str, str], port: int, workers: int = 1) -> None:
        self.env, self.port, self.workers = env, port, workers
        self.log = Path(env["ACTIEPLAN_DATA_DIR"]) / f"serve-{port}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(ACTIEPLAN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def url(self) -> str:
        """Base URL of the service."""
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout_s: float = 180.0) -> float:
        """Wait until /readyz says 200 (every worker has loaded the index); the seconds that took."""

        def ready() -> bool:
            assert self.process.poll() is None, self.log.read_text(errors="replace")[-3000:]
            # Several workers share the socket: a few answers in a row make it likely each one is up.
            return all(status_of(f"{self.url}/readyz", 5.0) == 200 for _ in range(self.workers * 2))

        return wait_until(ready, timeout_s, "actieplan serve", 0.3)

    def worker_pids(self) -> list[int]:
        """The worker processes (uvicorn's children with --workers > 1, else the process itself)."""
        if self.workers <= 1:
            return [self.process.pid]
        # multiprocessing also starts a resource tracker beside the workers.
        return [pid for pid in children(self.process.pid) if b"resource_tracker" not in cmdline(pid)]

    def ask(self, question: str, conversation_id: str | None = None) -> httpx.Response:
        """POST /api/ask on a fresh connection (so several workers get a share)."""
        body: dict[str, Any] = {"question": question}
        if conversation_id:
            body["conversation_id"] = conversation_id
        return httpx.post(f"{self.url}/api/ask", json=body, timeout=60)

    def stop(self) -> None:
        """Stop the service and its workers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def children(pid: int) -> list[int]:
    """Child process ids of a process, from /proc (no psutil needed)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def cmdline(pid: int) -> bytes:
    """The command line of a process (empty once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def cited(response: httpx.Response) -> list[str]:
    """The cited action ids of an /api/ask response, sorted."""
    assert response.status_code == 200, response.text
    return sorted(c["id"] for c in response.json()["citations"])


# A hung Chroma: what each kind of request should get while the server is frozen. Lists, action cards and
# /api/actions need only the records in memory; a topic question needs Chroma's vectors (503).
FROM_MEMORY = (
    ("POST", "/api/ask", {"question": "Welke acties trekt VMM?"}),
    ("GET", "/api/actions?org=VMM", None),
    ("GET", "/api/actions/KP%201.3", None),
)
NEEDS_CHROMA = (("POST", "/api/ask", {"question": "Wat doet het plan rond PFAS?"}),)


@dataclass(frozen=True)
class Outcome:
    """One request of a wave: what was asked, the status (None: no answer at all) and when the answer came."""

    method: str
    path: str
    needs_chroma: bool
    status: int | None
    seconds: float
    body: str


def concurrent_wave(base_url: str, count: int, client_timeout_s: float) -> list[Outcome]:
    """`count` requests sent at the same moment, each on its own connection: from-memory and Chroma ones mixed."""
    mix = [(*request, False) for request in FROM_MEMORY] + [(*request, True) for request in NEEDS_CHROMA]
    plan = [mix[n % len(mix)] for n in range(count)]
    start = threading.Barrier(count)
    outcomes: list[Outcome | None] = [None] * count

    def send(n: int) -> None:
        method, path, body, needs_chroma = plan[n]
        start.wait()
        began = time.monotonic()
        try:
            response = httpx.request(method, base_url + path, json=body, timeout=client_timeout_s)
            status, text = response.status_code, response.text
        except httpx.HTTPError as exc:
            status, text = None, repr(exc)
        outcomes[n] = Outcome(method, path, needs_chroma, status, time.monotonic() - began, text)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [o for o in outcomes if o is not None]
