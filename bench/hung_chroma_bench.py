"""Hung-Chroma bench: a real `chroma run` frozen with SIGSTOP under `actieplan serve` (one worker, the live
pointer checked on every request, the default Chroma timeout); 16 requests sent at once, lists, action cards,
/api/actions and topic questions mixed. Prints when the last one was answered and what each kind got.

Before the fix every request queued behind one lock held across Chroma's timeout: 16 requests took 16 timeouts.

    python bench/hung_chroma_bench.py [--requests 16]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the process helpers are shared with the fault tests

from foundation.settings import BUNDLED_PLAN, Settings  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from tests.support.chroma_server import ChromaProcess, ServeProcess, concurrent_wave, service_env  # noqa: E402


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    """Run the scenario once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=16)
    args = parser.parse_args()
    timeout_s = Settings().chroma_timeout_s
    with tempfile.TemporaryDirectory(prefix="hung-chroma-") as tmp:
        root = Path(tmp)
        chroma = ChromaProcess(root / "chroma", free_port())
        service = None
        try:
            chroma.start()
            settings = Settings(data_dir=root / "var", chroma_host="127.0.0.1", chroma_port=chroma.port)
            run_ingest(settings, BUNDLED_PLAN)
            env = service_env(settings.data_dir, chroma.address, ACTIEPLAN_RELOAD_CHECK_S="0")
            service = ServeProcess(env, free_port(), workers=1)
            service.wait_ready()
            chroma.pause(True)
            try:
                outcomes = concurrent_wave(service.url, args.requests, client_timeout_s=50 * timeout_s)
            finally:
                chroma.pause(False)
        finally:
            if service is not None:
                service.stop()
            chroma.stop()
    last = max(o.seconds for o in outcomes)
    kinds = Counter(("zoekt in Chroma" if o.needs_chroma else "uit geheugen", o.status) for o in outcomes)
    summary = ", ".join(f"{what} → {status}: {n}" for (what, status), n in sorted(kinds.items(), key=str))
    memory = sorted(o.seconds for o in outcomes if not o.needs_chroma)
    print(
        f"Chroma hangt (SIGSTOP, time-out {timeout_s:g} s): laatste van {args.requests} gelijktijdige verzoeken "
        f"beantwoord na {last:.2f} s ({summary}; uit geheugen mediaan {memory[len(memory) // 2]:.2f} s)"
    )


if __name__ == "__main__":
    main()
