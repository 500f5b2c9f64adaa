"""The score of `make test-mutation`: the share of mutants killed, per module and in all, and the survivors.

Reads what `mutmut run` left in mutants/ (through `mutmut results --all true`).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")
# "assistant.routing.router.xǁRouterǁroute__mutmut_3" or "evals.gate.x_compare__mutmut_12" → its module
_MODULE = re.compile(r"^(?P<module>[\w.]+?)\.x[_ǁ]")
TARGET = 0.8


def main() -> int:
    """Print the figures; exit 0 (the score is reported, not enforced)."""
    output = subprocess.run([str(MUTMUT), "results", "--all", "true"], capture_output=True, text=True, check=True)
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for line in output.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        match = _MODULE.match(name)
        if not match:
            continue
        by_module[match["module"]][status] += 1
        if status != "killed":
            survivors.append(f"{name} ({status})")
    if not by_module:
        print("Geen mutatieresultaten: draai eerst `mutmut run`.")
        return 0
    total: Counter[str] = Counter()
    print("Mutatietest (gedood / alle mutanten; 'no tests', 'timeout' en 'survived' tellen als niet gedood):")
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(f"  {module}: {_score(counts)}")
    print(f"  totaal: {_score(total)} (doel ≥ {TARGET:.0%})")
    if survivors:
        print(f"Niet gedood ({len(survivors)}; bekijk er een met `mutmut show NAAM`):")
        print("\n".join(f"  {s}" for s in survivors))
    return 0


def _score(counts: Counter[str]) -> str:
    all_mutants = sum(counts.values())
    killed = counts["killed"]
    others = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if status != "killed")
    return f"{killed}/{all_mutants} = {killed / all_mutants:.0%}" + (f" ({others})" if others else "")


if __name__ == "__main__":
    sys.exit(main())
