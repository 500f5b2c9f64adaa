"""The score of `make test-mutation`: the share of the sampled mutants the tests kill, held to the recorded score.

Reads what `mutmut run` left in mutants/ (through `mutmut results --all true`); mutants outside the sample stay
"not checked" and do not count. The recorded score and its margin are in evals/mutation-score.json: below the score
minus the margin, the run fails (exit 1). `--record` writes the score of this run there (review it, and say why in
the commit when it goes down).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")
RECORD = Path(__file__).resolve().parent.parent / "evals" / "mutation-score.json"
# "assistant.routing.router.xǁRouterǁroute__mutmut_3" or "evals.gate.x_compare__mutmut_12" → its module
_MODULE = re.compile(r"^(?P<module>[\w.]+?)\.x[_ǁ]")
# Statuses of mutants that were run; "not checked" ones are outside the sample.
_RUN = ("killed", "survived", "timeout", "no tests", "suspicious", "segfault")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write this run's score to " + RECORD.name)
    args = parser.parse_args()
    output = subprocess.run([str(MUTMUT), "results", "--all", "true"], capture_output=True, text=True, check=True)
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for line in output.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        match = _MODULE.match(name)
        if not match or status not in _RUN:
            continue
        by_module[match["module"]][status] += 1
        if status != "killed":
            survivors.append(f"{name} ({status})")
    if not by_module:
        print("Geen mutatieresultaten: draai eerst `mutmut run`.", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    print("Mutatietest (gedood / gedraaide mutanten; 'no tests', 'timeout' en 'survived' tellen als niet gedood):")
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(f"  {module}: {_score(counts)}")
    score = total["killed"] / sum(total.values())
    print(f"  totaal: {_score(total)}")
    if survivors:
        print(f"Niet gedood ({len(survivors)}; bekijk er een met `mutmut show NAAM`):")
        print("\n".join(f"  {s}" for s in survivors))
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    if args.record:
        recorded["score"] = round(score, 4)
        recorded["mutants"] = sum(total.values())
        RECORD.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
        print(f"Score {score:.1%} vastgelegd in {RECORD.name}.")
        return 0
    floor = recorded["score"] - recorded["margin"]
    if score < floor:
        print(
            f"Mutatiescore {score:.1%} ligt onder de vastgelegde {recorded['score']:.1%} min de marge "
            f"{recorded['margin']:.0%}: de tests vangen minder veranderingen dan voordien.",
            file=sys.stderr,
        )
        return 1
    print(f"Mutatiescore {score:.1%} (vastgelegd {recorded['score']:.1%}, ondergrens {floor:.1%}).")
    return 0


def _score(counts: Counter[str]) -> str:
    all_mutants = sum(counts.values())
    killed = counts["killed"]
    others = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if status != "killed")
    return f"{killed}/{all_mutants} = {killed / all_mutants:.0%}" + (f" ({others})" if others else "")


if __name__ == "__main__":
    sys.exit(main())
