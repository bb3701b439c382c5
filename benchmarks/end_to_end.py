"""Issue 16: the whole demo study from scratch against one bare NER pass, side by side.

    PYTHONPATH=workflow .venv/bin/python benchmarks/end_to_end.py [--cores 2] [--repeat N]
        [--skip-floor] [--keep DIR]

Each round measures, on this machine:
1. the pipeline: the study (config.yaml, Snakefile, workflow/, profiles/, data/ as this checkout
   has them, without data/private) copied to a fresh folder, and `snakemake --cores N` run
   there in a child process (this .venv's snakemake), timed from start to exit, Snakemake's own
   start included; its peak memory is the largest resident set of any process of the run
   (ru_maxrss of the child's tree). Its job-seconds per rule come from the run's
   .snakemake/log (a time stamp, to the second, where each job starts and finishes) or, for
   jobs with a `benchmark:` file, from that file's `s`; nothing depends on the rules' names.
2. the floor: one `nlp.pipe(n_process=N, batch_size=nlp.batch_size)` over the text of every
   turn of every interview, as the ingest stage reads them (qualpipe.ingest, untimed), with
   config nlp.model loaded as the pipeline's NER loads it (qualpipe.common.nlp.load_pipeline:
   only `ner` runs); the model load is timed apart and not counted.
Then the ratio pipeline/floor; the goal (issue 16) is at most 1.5. The pipeline runs first,
so that the floor's worker processes do not count in the run's peak memory.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402
from machine import LoadSampler, load_average  # noqa: E402
from qualpipe.common.config import config_values  # noqa: E402
from qualpipe.common.nlp import load_pipeline  # noqa: E402
from qualpipe.common.study import load_participants  # noqa: E402
from qualpipe.ingest.interview import ingest_interview  # noqa: E402

GOAL = 1.5
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
STUDY_PARTS = ("config.yaml", "Snakefile", "workflow", "profiles", "data")
WARM_UP = "Anna Berg met the unit manager in Uppsala on 3 May 2013."
STAMP = re.compile(r"^\[(\w{3} \w{3} +\d{1,2} \d\d:\d\d:\d\d \d{4})\]$")
JOB_START = re.compile(r"^(?:local)?(?:rule|checkpoint) (\S+):$")
JOB_ERROR = re.compile(r"^Error in rule (\S+):$")
JOB_FIELD = re.compile(r"^\s+(jobid|benchmark): (.+)$")
# Snakemake 9: 'Finished jobid: 2 (Rule: x)'; Snakemake 8: 'Finished job 2.'
JOB_FINISHED = re.compile(r"^Finished job(?:id:)? (\d+)\b")


@dataclass
class Job:
    """One job of a Snakemake run, as its log tells it."""

    rule: str
    start: datetime
    end: datetime | None = None
    benchmark: str | None = None
    failed: bool = False


@dataclass(frozen=True)
class RuleTime:
    """A rule's jobs in one run: how many, their seconds summed, the longest one."""

    rule: str
    jobs: int
    seconds: float
    longest: float
    benchmarked: int


@dataclass(frozen=True)
class Run:
    """One pipeline run: wall seconds, its jobs, the largest process's peak memory."""

    seconds: float
    jobs: dict[int, Job]
    measured: dict[int, float]
    max_rss_mb: float
    cpu_seconds: float


@dataclass(frozen=True)
class Floor:
    """One bare NER pass: its texts' size, its seconds, the model load apart."""

    interviews: int
    turns: int
    words: int
    seconds: float
    cpu_seconds: float
    load_seconds: float
    components: tuple[str, ...]


# --- the run's log ---------------------------------------------------------------------------


def parse_log(text: str) -> dict[int, Job]:
    """Every job a Snakemake log shows started, by job id, with its finish time if it ended.

    text (str): the contents of .snakemake/log/<date>.snakemake.log.
    RETURNS (dict[int, Job]): jobs by id; `end` None for a job that never ended.
    """
    jobs: dict[int, Job] = {}
    stamp: datetime | None = None
    block: list[str] = []  # [kind, rule, jobid once seen] of the job lines that follow
    for line in text.splitlines():
        if found := STAMP.match(line):
            stamp, block = datetime.strptime(found[1], "%a %b %d %H:%M:%S %Y"), []
        elif stamp is None:
            continue
        elif found := JOB_START.match(line):
            block = ["start", found[1]]
        elif found := JOB_ERROR.match(line):
            block = ["error", found[1]]
        elif (found := JOB_FINISHED.match(line)) and int(found[1]) in jobs:
            jobs[int(found[1])].end = stamp
        elif block and (found := JOB_FIELD.match(line)):
            _job_field(jobs, block, found[1], found[2].strip(), stamp)
    return jobs


def _job_field(
    jobs: dict[int, Job], block: list[str], key: str, value: str, stamp: datetime
) -> None:
    kind, rule = block[:2]
    if key == "jobid" and kind == "start":
        jobs[int(value)] = Job(rule=rule, start=stamp)
        block.append(value)
    elif key == "jobid" and int(value) in jobs:
        jobs[int(value)].end, jobs[int(value)].failed = stamp, True
    elif key == "benchmark" and kind == "start" and len(block) == 3:
        jobs[int(block[2])].benchmark = value


def benchmark_seconds(folder: Path, jobs: Mapping[int, Job]) -> dict[int, float]:
    """The `s` of each job's benchmark file that exists (the first row, as Snakemake writes it)."""
    measured = {}
    for jobid, job in jobs.items():
        path = folder / job.benchmark if job.benchmark else None
        if path is not None and path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                row = next(csv.DictReader(handle, delimiter="\t"), None)
            if row and row.get("s"):
                measured[jobid] = float(row["s"])
    return measured


def rule_times(jobs: Mapping[int, Job], measured: Mapping[int, float]) -> list[RuleTime]:
    """Job-seconds per rule, most first: a job's benchmark seconds where measured, else the
    seconds between its start and finish in the log. Jobs that never ended are left out.
    """
    seconds: dict[str, list[float]] = {}
    benchmarked: dict[str, int] = {}
    for jobid, job in jobs.items():
        if job.end is None:
            continue
        took = measured.get(jobid, (job.end - job.start).total_seconds())
        seconds.setdefault(job.rule, []).append(took)
        benchmarked[job.rule] = benchmarked.get(job.rule, 0) + (jobid in measured)
    times = [
        RuleTime(rule, len(values), sum(values), max(values), benchmarked[rule])
        for rule, values in seconds.items()
    ]
    return sorted(times, key=lambda t: (-t.seconds, t.rule))


# --- the pipeline ----------------------------------------------------------------------------


def study_files(root: Path) -> list[str]:
    """The study's files in this checkout: tracked or new, not ignored (no data/private)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *STUDY_PARTS],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted({name for name in listed.split("\0") if name and (root / name).is_file()})


def copy_study(root: Path, folder: Path) -> None:
    """A fresh copy of the study in `folder`, as a clean clone would have it."""
    for name in study_files(root):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, folder / name)


def run_pipeline(folder: Path, *, cores: int) -> Run:
    """`snakemake --cores N` in `folder`, timed; its output goes to folder/snakemake.out."""
    env = {**os.environ, "PYTHONPATH": str(folder / "workflow")}
    with (folder / "snakemake.out").open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [SNAKEMAKE, "--cores", str(cores)], cwd=folder, stdout=out, stderr=out, env=env
        )
        # wait4: the resources of this child's tree alone (not of earlier children).
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = (folder / "snakemake.out").read_text(encoding="utf-8").splitlines()[-30:]
        sys.exit(f"snakemake failed ({child.returncode}) in {folder}:\n" + "\n".join(tail))
    logs = sorted((folder / ".snakemake/log").glob("*.snakemake.log"))
    jobs = parse_log(logs[-1].read_text(encoding="utf-8"))
    return Run(
        seconds=seconds,
        jobs=jobs,
        measured=benchmark_seconds(folder, jobs),
        max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


# --- the floor -------------------------------------------------------------------------------


def turn_texts(study: Path, config: Mapping[str, object], work: Path) -> tuple[int, list[str]]:
    """(interviews, the text of every turn) as the ingest stage reads the transcripts; no
    language detection (it does not change the turns)."""
    data = cast(dict[str, str], config["data"])
    ingest = cast(dict[str, dict[str, list[str]]], config.get("ingest", {}))
    participants = str(study / data["participants"])
    logging.getLogger("qualpipe").setLevel(logging.ERROR)  # the pipeline's logs have them
    interviews = load_participants(
        participants,
        raw_dir=study / data["raw_dir"],
        **{key: config_values(config, key) for key in ("roles", "waves", "sites")},
    )
    texts = []
    for interview in interviews.values():
        document = ingest_interview(
            transcript_path=list(interview.paths),
            participants_path=participants,
            output_path=str(work / f"{interview.interview_id}.json"),
            interview_id=interview.interview_id,
            extra_labels=ingest.get("speaker_labels"),
            limits=cast(dict[str, object], config.get("limits")),
        )
        texts += [turn["text"] for turn in cast(list[dict[str, str]], document["turns"])]
    return len(interviews), texts


def cpu_seconds() -> float:
    """User and system seconds of this process and of its children that have ended (nlp.pipe
    joins its workers before it returns)."""
    usages = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return sum(usage.ru_utime + usage.ru_stime for usage in usages)


def measure_floor(study: Path, *, processes: int) -> Floor:
    """One bare NER-only nlp.pipe over the study's turns, in `processes` processes."""
    config = yaml.safe_load((study / "config.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        interviews, texts = turn_texts(study, config, Path(work))
    start = time.perf_counter()
    nlp = load_pipeline(config["nlp"]["model"], language=config["study"]["language"]).nlp
    if nlp is None:
        sys.exit(f"spaCy pipeline '{config['nlp']['model']}' is not installed")
    nlp(WARM_UP)
    loaded, cpu = time.perf_counter(), cpu_seconds()
    batch_size = int(config["nlp"].get("batch_size", 64))
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return Floor(
        interviews=interviews,
        turns=len(texts),
        words=sum(len(text.split()) for text in texts),
        seconds=time.perf_counter() - loaded,
        cpu_seconds=cpu_seconds() - cpu,
        load_seconds=loaded - start,
        components=tuple(nlp.pipe_names),
    )


# --- the report ------------------------------------------------------------------------------


def rule_table(times: Sequence[RuleTime]) -> list[str]:
    """Job-seconds by rule, most first, as Markdown; the total last."""
    total = sum(t.seconds for t in times) or 1.0
    lines = [
        "| rule | jobs | job-seconds | share | longest job (s) | timed by |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in times:
        source = "benchmark file" if t.benchmarked == t.jobs else "log"
        if 0 < t.benchmarked < t.jobs:
            source = f"benchmark file ({t.benchmarked}), log ({t.jobs - t.benchmarked})"
        lines.append(
            f"| {t.rule} | {t.jobs} | {t.seconds:.1f} | {100 * t.seconds / total:.0f}% | "
            f"{t.longest:.1f} | {source} |"
        )
    jobs = sum(t.jobs for t in times)
    lines.append(f"| **all** | {jobs} | {sum(t.seconds for t in times):.1f} | 100% | | |")
    return lines


def floor_line(floor: Floor, *, processes: int) -> str:
    return (
        f"floor: one nlp.pipe(n_process={processes}) with only {', '.join(floor.components)} "
        f"over {floor.interviews} interviews, {floor.turns:,} turns, {floor.words:,} words: "
        f"{floor.seconds:.1f} s ({floor.words / floor.seconds:,.0f} words/s), CPU "
        f"{floor.cpu_seconds:.0f} s; model load {floor.load_seconds:.1f} s, not counted"
    )


def run_line(run: Run, *, cores: int) -> str:
    ended = sum(job.end is not None for job in run.jobs.values())
    return (
        f"pipeline: snakemake --cores {cores} on a fresh copy, {ended} jobs: {run.seconds:.1f} s; "
        f"CPU {run.cpu_seconds:.0f} s (user and system, all its processes); peak memory "
        f"{run.max_rss_mb:,.0f} MB (largest resident set of one process of the run)"
    )


def one_round(folder: Path, *, cores: int, floor: bool) -> tuple[float, float | None, list[str]]:
    """Pipeline, then floor; (pipeline seconds, floor seconds or None, report lines)."""
    copy_study(ROOT, folder)
    run = run_pipeline(folder, cores=cores)
    lines = [run_line(run, cores=cores)]
    measured = measure_floor(folder, processes=cores) if floor else None
    if measured is not None:
        lines.append(floor_line(measured, processes=cores))
        ratio = run.seconds / measured.seconds
        lines.append(f"**ratio pipeline/floor: {ratio:.2f}** (goal: at most {GOAL})")
        # On a shared machine CPU time is steadier than wall time: the second view.
        lines.append(f"CPU ratio pipeline/floor: {run.cpu_seconds / measured.cpu_seconds:.2f}")
    lines += ["", *rule_table(rule_times(run.jobs, run.measured))]
    return run.seconds, measured.seconds if measured else None, lines


def ratio_summary(rounds: Iterable[tuple[float, float | None]]) -> str:
    """With several rounds: each round's ratio and their median."""
    ratios = [pipeline / floor for pipeline, floor in rounds if floor]
    if len(ratios) < 2:
        return ""
    listed = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    return f"ratios of the rounds: {listed}; median {statistics.median(ratios):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2, help="snakemake --cores and n_process")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (pipeline, then floor)")
    parser.add_argument("--skip-floor", action="store_true", help="time the pipeline only")
    parser.add_argument("--keep", type=Path, help="run in DIR/run_<round> and keep the folders")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="qualpipe-e2e-"))
    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)", flush=True)
    sampler, rounds = LoadSampler(), []
    try:
        for index in range(1, args.repeat + 1):
            folder = base / f"run_{index}"
            folder.mkdir(parents=True)
            pipeline, floor, lines = one_round(folder, cores=args.cores, floor=not args.skip_floor)
            rounds.append((pipeline, floor))
            print("\n".join([f"\n## round {index} ({folder})", *lines]), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\n{ratio_summary(rounds)}".rstrip())
    print(f"load average at end: {load_average()}; highest 1-minute load {sampler.stop():.2f}")


if __name__ == "__main__":
    main()
