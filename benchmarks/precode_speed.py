"""Segmentation and pre-coding speed: our two stages vs a bare `nlp.pipe`, in one run.

    PYTHONPATH=workflow python benchmarks/precode_speed.py [--study .] [--interviews N]
        [--processes 1|2]

Every engine reads the respondent turns of the anonymised transcripts in results/anonymised/
(run the pipeline first) and uses the same spaCy components: those `load_segmenter` keeps
(no parser, no NER, senter on). "bare" reads the turn texts from the JSON (0.1 s for the
demo; ours reads them too), loads the components and consumes `nlp.pipe` over the texts,
nothing else; "ours" is, per batch, `segment_batch` (writing segments, DocBin and turn list
to a temporary folder) and `match_batch` on what it wrote, then `collect_segments` and
`precode` (collecting the batches' matches), with the arguments the pipeline's rules pass
(from the study's config.yaml). With --processes 2 the interviews are cut into two halves, as
the pipeline's 2 batches (config `batches`) cut them, and bare and the per-batch work each
run one batch per
process in parallel (fresh processes that import everything and load the model once, untimed,
then meet at a barrier); collecting runs once, after, in this process, as its single pipeline
job does. With --processes 1 everything runs
in this process after one untimed load. Model loading is timed inside both engines (each
batch loads once) and also shown apart. The last Snakemake run's elapsed time and its
stages' times (from the rules' logs and benchmark files) are printed beside the numbers.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing import Manager, get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402
from machine import LoadSampler, load_average  # noqa: E402
from qualpipe.precode.batch import match_batch  # noqa: E402
from qualpipe.precode.suggestions import precode  # noqa: E402
from qualpipe.segment import units as segment  # noqa: E402

GOAL = 1.5  # both stages together at most 1.5 times a bare nlp.pipe of the same components
BARRIER_TIMEOUT_S = 900
OUTPUTS = ("suggestions", "evidence", "concordance", "concordance_md", "summary")
STAMP = r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+"
BENCHMARK_COLUMNS = ("s", "cpu_time", "mean_load", "max_rss")
RUNNER_LINE = re.compile(rf"^{STAMP} INFO qualpipe: \w+ (started|finished)$")


@dataclass(frozen=True)
class Study:
    """The settings the segment and precode rules pass, read from the study's config.yaml."""

    root: Path
    model: str
    language: str
    batch_size: int
    limits: dict[str, object]
    groups: dict[str, str]
    group_order: tuple[str, ...]
    window: int
    broad_share: float
    context: int
    codebook: Path
    schema: Path


@dataclass(frozen=True)
class Job:
    """One engine on one batch of documents, picklable for worker processes."""

    engine: str
    study: Study
    documents: tuple[str, ...]
    work: str
    batch: str


@dataclass(frozen=True)
class Timing:
    """A stage's wall seconds (first start to last end), CPU seconds (all its processes and
    threads) and slowest model load. CPU well below wall time on one process means the stage
    waited for the cores: other work was running."""

    seconds: float
    cpu_seconds: float
    load_seconds: float = 0.0


def read_study(root: Path) -> Study:
    """The values common.smk turns into the segment and precode rules' params."""
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    roles = config["roles"]
    return Study(
        root=root,
        model=config["nlp"]["model"],
        language=config["study"]["language"],
        batch_size=int(config["nlp"]["batch_size"]),
        limits={k: v for k, v in config["segment"].items() if k != "batches"},
        groups={key: role["group"] for key, role in roles.items()},
        group_order=tuple(dict.fromkeys(role["group"] for role in roles.values())),
        window=int(config["precode"]["negation_window"]),
        broad_share=float(config["precode"]["broad_share"]),
        context=int(config["precode"]["context_words"]),
        codebook=root / config["data"]["codebook"],
        schema=root / "workflow/schemas/codebook.schema.yaml",
    )


def interview_order(root: Path) -> list[str]:
    """The interviews in participants.csv order (segment_collect's order)."""
    with open(root / "data/participants.csv", encoding="utf-8-sig", newline="") as handle:
        return [row["interview_id"] for row in csv.DictReader(handle)]


def anonymised_documents(root: Path, *, limit: int | None) -> list[str]:
    """results/anonymised/<interview>.json of the first `limit` interviews of participants.csv."""
    ids = interview_order(root)[:limit]
    documents = [root / "results/anonymised" / f"{interview}.json" for interview in ids]
    missing = [str(path) for path in documents if not path.exists()]
    if missing:
        raise SystemExit(
            f"{len(missing)} anonymised transcripts missing ({missing[0]} …): "
            "run the pipeline first (.venv/bin/snakemake --cores 2)"
        )
    return [str(path) for path in documents]


def respondent_texts(documents: Sequence[str]) -> list[str]:
    """The texts segmentation runs spaCy on: one per respondent turn."""
    return [
        text
        for path in documents
        for text, _ in segment._turn_items(json.loads(Path(path).read_text(encoding="utf-8")))
    ]


def shards(documents: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """Consecutive equal shares, as common.smk's segment_documents cuts them."""
    size = len(documents)
    return [tuple(documents[i * size // count : (i + 1) * size // count]) for i in range(count)]


def _timed_loader(loads: list[float]) -> Callable[..., tuple[object, dict[str, object]]]:
    """load_segmenter, recording how long each call takes."""
    original = segment.load_segmenter

    def load(model: str, *, language: str) -> tuple[object, dict[str, object]]:
        started = time.monotonic()
        loaded = original(model, language=language)
        loads.append(time.monotonic() - started)
        return loaded

    return load


def _run_bare(job: Job) -> None:
    texts = respondent_texts(job.documents)
    nlp, _ = segment.load_segmenter(job.study.model, language=job.study.language)
    for _ in nlp.pipe(texts, batch_size=job.study.batch_size):  # type: ignore[attr-defined]
        pass


def _run_ours(job: Job) -> None:
    study, base = job.study, Path(job.work) / job.batch
    segment.segment_batch(
        documents=list(job.documents),
        segments_path=f"{base}.csv",
        docs_path=f"{base}.spacy",
        turns_path=f"{base}.turns.csv",
        model=study.model,
        language=study.language,
        limits=study.limits,
        groups=study.groups,
        batch_size=study.batch_size,
    )
    match_batch(
        docs_path=f"{base}.spacy",
        turns_path=f"{base}.turns.csv",
        segments_path=f"{base}.csv",
        codebook_path=str(study.codebook),
        schema_path=str(study.schema),
        language=study.language,
        window=study.window,
        context=study.context,
        output=f"{base}.matches.csv",
    )


# Both load the model through segment.load_segmenter, which prepare() wraps to time it.
ENGINES: dict[str, Callable[[Job], None]] = {"bare": _run_bare, "ours": _run_ours}


def prepare() -> list[float]:
    """Quiet logs and time every model load.

    Callers load the model once, untimed, before the timed work, so that the timed loads of
    both engines find the same imports and file cache.
    """
    logging.getLogger("qualpipe").setLevel(logging.ERROR)
    loads: list[float] = []
    segment.load_segmenter = _timed_loader(loads)
    return loads


def run_job(job: Job, loads: list[float]) -> tuple[float, float, float, float]:
    """(start, end, CPU seconds, longest model load) of one engine on one batch, here."""
    del loads[:]
    cpu = time.process_time()
    start = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes
    ENGINES[job.engine](job)
    return start, time.monotonic(), time.process_time() - cpu, max(loads, default=0.0)


def _work(job: Job, barrier: object) -> tuple[float, float, float, float]:
    """In a worker process: imports and one load untimed, wait for the other, then the job."""
    loads = prepare()
    segment.load_segmenter(job.study.model, language=job.study.language)
    barrier.wait(BARRIER_TIMEOUT_S)  # type: ignore[attr-defined]
    return run_job(job, loads)


def measure(
    engine: str,
    study: Study,
    documents: Sequence[str],
    work: Path,
    *,
    processes: int,
    loads: list[float],
) -> Timing:
    """One engine over all documents: in this process, or one batch per fresh process."""
    jobs = [
        Job(engine, study, share, str(work), f"s{index}")
        for index, share in enumerate(shards(documents, processes), start=1)
    ]
    if processes == 1:
        results = [run_job(jobs[0], loads)]
    else:
        with (
            Manager() as manager,
            ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool,
        ):
            barrier = manager.Barrier(processes)
            results = list(pool.map(_work, jobs, [barrier] * processes))
    return Timing(
        seconds=max(r[1] for r in results) - min(r[0] for r in results),
        cpu_seconds=sum(r[2] for r in results),
        load_seconds=max(r[3] for r in results),
    )


def timed(function: Callable[..., object], **kwargs: object) -> Timing:
    """One call in this process, timed."""
    cpu, start = time.process_time(), time.monotonic()
    function(**kwargs)
    return Timing(time.monotonic() - start, time.process_time() - cpu)


def collect_and_precode(study: Study, work: Path, batches: int) -> tuple[Timing, Timing]:
    """segment_collect, then precode, on the batches segmentation wrote, as the rules do."""
    names = [f"s{index}" for index in range(1, batches + 1)]
    collected = timed(
        segment.collect_segments,
        batches=[str(work / f"{name}.csv") for name in names],
        order=interview_order(study.root),
        output=str(work / "segments.csv"),
    )
    coded = timed(
        precode,
        batches=[str(work / f"{name}.matches.csv") for name in names],
        segments_path=str(work / "segments.csv"),
        codebook_path=str(study.codebook),
        schema_path=str(study.schema),
        broad_share=study.broad_share,
        groups=list(study.group_order),
        outputs={name: str(work / f"precode.{name}") for name in OUTPUTS},
    )
    return collected, coded


def same_as_results(root: Path, work: Path) -> str:
    """Whether this run wrote byte for byte what the last pipeline run wrote."""
    pairs = [
        (work / "segments.csv", root / "results/segments/segments.csv"),
        (work / "precode.suggestions", root / "results/precode/suggestions.csv"),
        (work / "precode.evidence", root / "results/precode/evidence.csv"),
    ]
    same = [filecmp.cmp(ours, theirs, shallow=False) for ours, theirs in pairs]
    return ", ".join(
        f"{theirs.name} {'yes' if s else 'NO'}" for (_, theirs), s in zip(pairs, same, strict=True)
    )


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}"


def speed_table(stages: dict[str, Timing], words: int, processes: int) -> list[str]:
    """Seconds and words/s of each stage and of the bare pass, and the time ratios."""
    bare = stages["bare"].seconds
    rows = [
        (
            "per batch: segment_batch, match_batch; collect_segments",
            str(processes),
            stages["segment"],
        ),
        ("precode (collect the batches' matches)", "1", stages["precode"]),
        ("both (segment, then precode)", f"{processes}, then 1", stages["both"]),
        ("bare nlp.pipe, same components", str(processes), stages["bare"]),
    ]
    lines = [
        "| stage | processes | seconds | CPU s | words/s | time ratio to bare "
        f"(goal for both ≤ {GOAL}) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, used, t in rows:
        lines.append(
            f"| {label} | {used} | {t.seconds:.1f} | {t.cpu_seconds:.1f} | "
            f"{_rate(words, t.seconds)} | {t.seconds / bare:.2f} |"
        )
    return lines


def add(*timings: Timing) -> Timing:
    """Stages run one after the other."""
    return Timing(
        sum(t.seconds for t in timings),
        sum(t.cpu_seconds for t in timings),
        max(t.load_seconds for t in timings),
    )


def _stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def last_run(root: Path) -> tuple[Path, datetime, timedelta, str] | None:
    """The newest .snakemake/log that reports an elapsed time: file, start, elapsed, command."""
    for path in sorted((root / ".snakemake/log").glob("*.snakemake.log"), reverse=True):
        text = path.read_text(encoding="utf-8", errors="replace")
        elapsed = re.search(r"^Elapsed time: (\d+):(\d\d):(\d\d(?:\.\d+)?)$", text, re.M)
        date = re.search(r"^\s*Date: (.+)$", text, re.M)
        if elapsed and date:
            h, m, s = elapsed.groups()
            command = re.search(r"^\s*Command: (.+)$", text, re.M)
            took = timedelta(hours=int(h), minutes=int(m), seconds=float(s))
            return path, _stamp(date.group(1)), took, command.group(1) if command else "?"
    return None


def stage_lines(root: Path, start: datetime, end: datetime) -> list[str]:
    """Per rule: jobs of the run, first start to last finish, longest job (runner log lines)."""
    jobs: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for path in sorted((root / "logs").glob("*/*.log")):
        stamps = [
            m.group(1) for m in map(RUNNER_LINE.match, path.read_text("utf-8").splitlines()) if m
        ]
        if len(stamps) >= 2 and start <= _stamp(stamps[0]) <= end:
            jobs[path.parent.name].append((_stamp(stamps[0]), _stamp(stamps[-1])))
    lines = ["| rule | jobs | first start to last finish (s) | longest job (s) |",
             "| --- | ---: | ---: | ---: |"]  # fmt: skip
    for rule, spans in sorted(jobs.items(), key=lambda kv: min(s for s, _ in kv[1])):
        wall = (max(e for _, e in spans) - min(s for s, _ in spans)).total_seconds()
        longest = max((e - s).total_seconds() for s, e in spans)
        lines.append(f"| {rule} | {len(spans)} | {wall:.0f} | {longest:.0f} |")
    return lines


def benchmark_lines(root: Path) -> list[str]:
    """The Snakemake benchmark files of the segment and precode rules, as written."""
    lines = [
        "| benchmark file | s | cpu_time | mean_load | max_rss MB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for rule in ("segment_units", "precode_match"):
        for path in sorted((root / "logs" / rule).glob("*.benchmark.tsv")):
            with open(path, encoding="utf-8", newline="") as handle:
                row = next(csv.DictReader(handle, delimiter="\t"))
            cells = [str(path.relative_to(root)), *(row[k] for k in BENCHMARK_COLUMNS)]
            lines.append(f"| {' | '.join(cells)} |")
    return lines


def pipeline_lines(root: Path) -> list[str]:
    run = last_run(root)
    if run is None:
        return ["no Snakemake log with an elapsed time in .snakemake/log"]
    path, start, took, command = run
    return [
        f"last Snakemake run: {path.relative_to(root)} ({command}), started {start}, "
        f"elapsed {took.total_seconds():.0f} s",
        "",
        *stage_lines(root, start, start + took),
        "",
        *benchmark_lines(root),
    ]


def run_benchmark(root: Path, *, limit: int | None, processes: int) -> str:
    """Bare, then ours, on the same texts and processes; the report as Markdown."""
    study = read_study(root)
    documents = anonymised_documents(root, limit=limit)
    texts = respondent_texts(documents)
    words = sum(len(text.split()) for text in texts)
    loads = prepare()
    segment.load_segmenter(study.model, language=study.language)
    lines = [f"load average at start: {load_average()} ({os.cpu_count()} cores)"]
    sampler = LoadSampler()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bare = measure("bare", study, documents, work, processes=processes, loads=loads)
        ours = measure("ours", study, documents, work, processes=processes, loads=loads)
        collected, coded = collect_and_precode(study, work, processes)
        complete = len(documents) == len(interview_order(root))
        same = same_as_results(root, work) if complete else "not compared (a subset)"
    stages = {
        "bare": bare,
        "segment": add(ours, collected),
        "precode": coded,
        "both": add(ours, collected, coded),
    }
    lines += [
        f"load average at end: {load_average()}; highest 1-minute load during the run "
        f"{sampler.stop():.2f} (this run's own processes count: {processes} while segmenting)",
        f"interviews {len(documents)}, respondent turns {len(texts):,}, words {words:,}, "
        f"processes {processes}",
        "model load (longest per process, included in both engines' times): "
        f"bare {bare.load_seconds:.1f} s, ours {ours.load_seconds:.1f} s",
        f"segment_collect {collected.seconds:.2f} s (counted in the segment stage)",
        f"output identical to results/: {same}",
        "",
        *speed_table(stages, words, processes),
        "",
        *pipeline_lines(root),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=ROOT)
    parser.add_argument("--interviews", type=int, default=None, help="only the first N interviews")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    print(run_benchmark(args.study.resolve(), limit=args.interviews, processes=args.processes))


if __name__ == "__main__":
    main()
