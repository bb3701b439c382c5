"""The cost factors of the progress logger, measured on a finished run (issue 16).

    .venv/bin/snakemake --cores all            # a whole run from scratch, e.g. the demo
    PYTHONPATH=tools/logger .venv/bin/python benchmarks/progress_costs.py [study folder]

Reads Snakemake's record of every job (.snakemake/metadata: rule, inputs, start and end) and
prints, per rule, its jobs, their seconds, the MB of their inputs and the seconds per MB
beyond the start of each job: the numbers of COSTS in
tools/logger/snakemake_logger_plugin_qualpipe/costs.py.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from snakemake_logger_plugin_qualpipe.costs import MB, START_SECONDS, input_bytes


def jobs(study: Path) -> list[dict]:
    """One metadata record per job (a job with several outputs has one record each)."""
    records: dict[int, dict] = {}
    for path in sorted((study / ".snakemake" / "metadata").iterdir()):
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("starttime") and record.get("endtime"):
            records[record["job_hash"]] = record
    return list(records.values())


def by_rule(study: Path, records: list[dict]) -> dict[str, list[tuple[float, int]]]:
    """rule -> (seconds, input bytes) of each of its jobs."""
    rules: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for record in records:
        size = input_bytes(str(study / name) for name in record["input"])
        rules[record["rule"]].append((record["endtime"] - record["starttime"], size))
    return rules


def main(study: Path) -> None:
    rules = by_rule(study, jobs(study))
    total = sum(seconds for runs in rules.values() for seconds, _ in runs)
    print(f"{'rule':20} {'jobs':>5} {'seconds':>8} {'input MB':>9} {'s/MB':>7}")
    for rule, runs in sorted(rules.items(), key=lambda item: -sum(s for s, _ in item[1])):
        seconds, size = sum(s for s, _ in runs), sum(b for _, b in runs) / MB
        per_mb = max(seconds - START_SECONDS * len(runs), 0.0) / size if size else 0.0
        print(f"{rule:20} {len(runs):5} {seconds:8.1f} {size:9.2f} {per_mb:7.2f}")
    print(f"{'all jobs':20} {sum(map(len, rules.values())):5} {total:8.1f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
