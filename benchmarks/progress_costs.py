"""The cost factors of the progress logger, measured on a finished run (issue 16).

    .venv/bin/snakemake --cores all            # a whole run from scratch, e.g. the demo
    PYTHONPATH=tools/logger .venv/bin/python benchmarks/progress_costs.py [study folder]

Reads Snakemake's record of every job (.snakemake/metadata: rule, inputs, params, start and
end) and prints, per rule, its jobs, their seconds, the MB of their inputs and the seconds per
MB beyond the start of each job: the numbers of COSTS in
tools/logger/snakemake_logger_plugin_qualpipe/costs.py. A folder that several jobs of one rule
take as input (results/anonymised/ of the segment batches) counts, in each, only the files its
params name under it: what the rule declares to the logger as its input_bytes (issue 16).
"""

from __future__ import annotations

import ast
import json
import sys
from collections import Counter, defaultdict
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


def strings(value: object) -> list[str]:
    """Every string in a param's value, through lists and dicts."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return strings(list(value.values()))
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings(item)]
    return []


def named_paths(record: dict) -> list[str]:
    """The strings of a job's params (the metadata keeps each param's repr)."""
    found: list[str] = []
    for text in record.get("params") or []:
        try:
            found += strings(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            continue  # a param Python cannot read back is no path
    return found


def read_paths(study: Path, record: dict, *, shared: bool) -> list[str]:
    """The files a job reads: its inputs, a folder shared by its rule's jobs as the files
    its params name under it."""
    paths: list[str] = []
    for name in record["input"]:
        inside = [path for path in named_paths(record) if path.startswith(f"{name}/")]
        chosen = inside if shared and inside and (study / name).is_dir() else [name]
        paths += [str(study / path) for path in chosen]
    return paths


def by_rule(study: Path, records: list[dict]) -> dict[str, list[tuple[float, int]]]:
    """rule -> (seconds, input bytes) of each of its jobs."""
    counts = Counter(record["rule"] for record in records)
    rules: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for record in records:
        paths = read_paths(study, record, shared=counts[record["rule"]] > 1)
        rules[record["rule"]].append((record["endtime"] - record["starttime"], input_bytes(paths)))
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
