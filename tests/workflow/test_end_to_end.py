"""benchmarks/end_to_end.py's reading of a Snakemake log: job-seconds and jobs per rule
(issue 16). The timing itself is not tested; what it is made of is."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import end_to_end

# Snakemake 9.27's log lines, shortened: two ingest jobs (1 s and 3 s), a batch job with a
# benchmark file, a failed job, a job still running when the run stopped, the target rule.
LOG = """\
Building DAG of jobs...
[Mon Dec  7 15:50:38 2026]
localrule ingest_batch:
    input: data/raw/a.txt, data/participants.csv
    output: data/private/ingest/a.json
    jobid: 2
    wildcards: interview=a
[Mon Dec  7 15:50:38 2026]
rule ingest_batch:
    jobid: 34
[Mon Dec  7 15:50:39 2026]
Finished jobid: 2 (Rule: ingest_batch)
1 of 6 steps (17%) done
[Mon Dec  7 15:50:41 2026]
Finished jobid: 34 (Rule: ingest_batch)
[Mon Dec  7 15:50:41 2026]
localrule detect:
    jobid: 7
    benchmark: logs/detect/b1.benchmark.tsv
    reason: Missing output files: x
[Mon Dec  7 15:51:31 2026]
Finished jobid: 7 (Rule: detect)
[Mon Dec  7 15:51:31 2026]
localrule sheets:
    jobid: 8
[Mon Dec  7 15:51:31 2026]
localrule figures:
    jobid: 9
[Mon Dec  7 15:51:36 2026]
Error in rule sheets:
    message: None
    jobid: 8
[Mon Dec  7 15:51:40 2026]
localrule all:
    jobid: 0
[Mon Dec  7 15:51:40 2026]
Finished jobid: 0 (Rule: all)
"""


def test_end_to_end_log_gives_job_seconds_and_jobs_per_rule_most_first() -> None:
    times = end_to_end.rule_times(end_to_end.parse_log(LOG), {})
    assert [(t.rule, t.jobs, t.seconds, t.longest) for t in times] == [
        ("detect", 1, 50.0, 50.0),
        ("sheets", 1, 5.0, 5.0),
        ("ingest_batch", 2, 4.0, 3.0),
        ("all", 1, 0.0, 0.0),
    ]


def test_end_to_end_log_leaves_out_a_job_that_never_ended_and_marks_a_failed_one() -> None:
    jobs = end_to_end.parse_log(LOG)
    assert jobs[9].end is None
    assert jobs[8].failed and not jobs[7].failed


def test_end_to_end_benchmark_file_seconds_replace_the_logs(tmp_path: Path) -> None:
    jobs = end_to_end.parse_log(LOG)
    path = tmp_path / "logs/detect/b1.benchmark.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("s\th:m:s\tmax_rss\n47.31\t0:00:47\t300.1\n", encoding="utf-8")
    measured = end_to_end.benchmark_seconds(tmp_path, jobs)
    times = {t.rule: t for t in end_to_end.rule_times(jobs, measured)}
    assert measured == {7: 47.31}
    assert (times["detect"].seconds, times["detect"].benchmarked) == (47.31, 1)
    assert "| detect | 1 | 47.3 | " in "\n".join(end_to_end.rule_table(list(times.values())))
