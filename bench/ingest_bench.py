"""Ingest benchmark: cold ingest of the bundled plan (embeddings included) and an unchanged re-ingest.

Prints wall time and peak memory (max RSS). Targets on 2 cores: cold <= 10 s, unchanged re-ingest <= 2 s.
Each measurement runs in a fresh process so imports and model loading count, as for a user.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from foundation.settings import Settings
from ingest.pipeline import run_ingest
report = run_ingest(Settings(data_dir=sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - started, "unchanged": report.unchanged,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "actions": len(report.document.actions), "nodes": report.nodes}))
"""


def run_once(data_dir: str) -> dict[str, float]:
    """One ingest in a fresh Python process; its own timing and peak memory."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, data_dir], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    """Run the cold and the unchanged ingest and print the figures."""
    with tempfile.TemporaryDirectory() as data_dir:
        cold = run_once(data_dir)
        warm = run_once(data_dir)
    print("== ingest")
    print(
        f"cold ingest:       {cold['process_seconds']:.2f} s (process), {cold['seconds']:.2f} s (in process), "
        f"peak {cold['peak_mb']:.0f} MB, {cold['actions']:.0f} actions, {cold['nodes']:.0f} nodes  [target <= 10 s]"
    )
    print(
        f"unchanged ingest:  {warm['process_seconds']:.2f} s (process), {warm['seconds']:.2f} s (in process), "
        f"peak {warm['peak_mb']:.0f} MB, unchanged={warm['unchanged']}  [target <= 2 s]"
    )


if __name__ == "__main__":
    main()
