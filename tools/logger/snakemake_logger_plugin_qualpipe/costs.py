"""Expected work of a Snakemake job: a cost per rule times the bytes of its input files.

Bytes stand in for words (a transcript's JSON, its segments and sheet rows all grow with its
words). A job that reads only its own files of a study-wide folder (a segment batch reads its
interviews in results/anonymised/) declares their bytes as the resource OWN_BYTES: its input,
the folder, would count every interview of the study (issue 16).

The factors were measured on the demo study (78 interviews, 2 cores) by
`benchmarks/progress_costs.py`, which reads a finished run's .snakemake/metadata; rerun it and
paste its table here when a stage gets much faster or slower.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True)
class Cost:
    """A rule's cost: seconds per MB of input, and the MB all its jobs read on the demo.

    per_mb (float): seconds of work per MB of input files, beyond the start of a job.
    demo_mb (float): the input MB of all the rule's jobs together in the demo run; an
        unseen job is expected to read its share of that, scaled to the study (Estimate).
    """

    per_mb: float
    demo_mb: float


# Seconds every job costs whatever its input: a Python start, imports, Snakemake's checks.
START_SECONDS = 0.3
# Measured on the demo (benchmarks/progress_costs.py, 2026-12-07, on a machine shared with
# other work: seconds scaled down by its load, 2.6, to the job-seconds of a run alone, 145 s
# on 2 cores, issue 16). Looked up by rule name, then by the stage (the rule name's part
# before the first underscore), so that renamed rules (ingest -> ingest_batch) still find
# their stage's cost; DEFAULT for anything else.
COSTS: dict[str, Cost] = {
    "ingest": Cost(per_mb=2.3, demo_mb=4.2),
    "anonymise_detect": Cost(per_mb=24.4, demo_mb=10.7),
    "anonymise_layers": Cost(per_mb=0.1, demo_mb=14.0),
    "anonymise": Cost(per_mb=2.5, demo_mb=14.0),
    "anonymise_audit": Cost(per_mb=0.6, demo_mb=65.0),
    "segment_units": Cost(per_mb=24.1, demo_mb=5.3),
    "segment": Cost(per_mb=0.4, demo_mb=5.9),
    "precode_batch": Cost(per_mb=6.3, demo_mb=8.5),
    "precode": Cost(per_mb=1.5, demo_mb=9.6),
    "sheets_codebook": Cost(per_mb=80.0, demo_mb=0.06),
    "sheets": Cost(per_mb=8.9, demo_mb=14.5),
    "merge": Cost(per_mb=2.2, demo_mb=14.0),
    "qdpx": Cost(per_mb=0.5, demo_mb=25.0),
    "compare": Cost(per_mb=3.2, demo_mb=15.4),
    "report": Cost(per_mb=0.4, demo_mb=10.7),
}
DEFAULT = Cost(per_mb=1.0, demo_mb=1.0)
# The resource in which a rule declares the bytes its job reads (workflow/rules/segment.smk).
OWN_BYTES = "input_bytes"
# The target rule collects outputs and runs nothing.
FREE_RULES = frozenset({"all"})


def stage_of(rule: str) -> str:
    """The stage a rule belongs to: its name up to the first underscore ('ingest_batch' ->
    'ingest')."""
    return rule.split("_", 1)[0]


def cost_of(rule: str) -> Cost:
    """The rule's cost: its own entry, else its stage's, else DEFAULT."""
    return COSTS.get(rule) or COSTS.get(stage_of(rule)) or DEFAULT


def job_seconds(rule: str, input_bytes: int) -> float:
    """The expected work of a job of `rule` that reads `input_bytes`, in demo seconds."""
    if rule in FREE_RULES:
        return 0.0
    return START_SECONDS + cost_of(rule).per_mb * input_bytes / MB


def demo_bytes(rule: str, jobs: int) -> float:
    """What one of `jobs` jobs of `rule` would read at the demo's size."""
    return cost_of(rule).demo_mb * MB / max(jobs, 1)


def path_bytes(path: str) -> int:
    """The size of an input file, or of the files under an input folder; 0 when it is gone.

    Snakemake may add a note to a path ('x.csv (retrieve from storage)'): it is cut off.
    """
    for candidate in (path, path.rsplit(" (", 1)[0]):
        if os.path.isdir(candidate):
            return sum(
                os.path.getsize(os.path.join(folder, name))
                for folder, _, names in os.walk(candidate)
                for name in names
            )
        if os.path.isfile(candidate):
            return os.path.getsize(candidate)
    return 0


def input_bytes(paths: Iterable[str]) -> int:
    """The bytes of a job's input files together."""
    return sum(path_bytes(path) for path in paths)


def declared_bytes(resources: Mapping[str, object] | None) -> int | None:
    """The bytes a job declares it reads (resource OWN_BYTES), or None if it declares none.

    Snakemake gives '<TBD>' for a resource it could not evaluate yet: that is no number.
    """
    value = resources.get(OWN_BYTES) if resources is not None else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def job_bytes(paths: Iterable[str], resources: Mapping[str, object] | None) -> int:
    """The bytes a job reads: those it declares, else those of its input files."""
    declared = declared_bytes(resources)
    return input_bytes(paths) if declared is None else declared
