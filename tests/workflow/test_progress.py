"""The console logger (tools/logger, issue 16): weights, time left and lines, on synthetic
Snakemake records; the run through the real profile is in test_workflow.py."""

import io
import logging
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from snakemake_interface_logger_plugins.common import LogEvent
from snakemake_logger_plugin_qualpipe import LogHandler
from snakemake_logger_plugin_qualpipe.console import Console, duration
from snakemake_logger_plugin_qualpipe.costs import (
    COSTS,
    DEFAULT,
    MB,
    START_SECONDS,
    cost_of,
    input_bytes,
    job_bytes,
    job_seconds,
)
from snakemake_logger_plugin_qualpipe.progress import Run

# The demo's shape at the start: 78 cheap ingest jobs, then the NLP batches.
DEMO = {"ingest_transcript": 78, "anonymise_detect": 2, "sheets_write": 2, "total": 82}


def _record(
    event: LogEvent | None, level: int = logging.INFO, msg: str = "", **extra
) -> logging.LogRecord:
    record = logging.LogRecord("snakemake", level, __file__, 1, msg, None, None)
    record.__dict__.update(extra, event=event)
    return record


def _handler(*, dryrun: bool = False, quiet: set | None = None) -> tuple[LogHandler, io.StringIO]:
    settings = SimpleNamespace(stdout=False, dryrun=dryrun, quiet=quiet, printshellcmds=True)
    handler = LogHandler(common_settings=settings, settings=None)  # type: ignore[arg-type]
    handler.stream = stream = io.StringIO()
    handler.ticker = SimpleNamespace(start=lambda: None)  # type: ignore[assignment]
    return handler, stream


def _ingest_all(run: Run, *, size: int, now: float = 1.0) -> None:
    for jobid in range(78):
        run.start(jobid, "ingest_transcript", size, now=0.0)
        run.finish(jobid, now=now)


@pytest.mark.parametrize(
    ("rule", "entry"),
    [
        ("anonymise_detect", "anonymise_detect"),
        ("anonymise_replace", "anonymise"),
        ("ingest_batch", "ingest"),
        ("precode_match", "precode"),
        ("segment_batch", "segment"),
    ],
)
def test_progress_costs_by_rule_then_by_stage(rule: str, entry: str) -> None:
    assert cost_of(rule) is COSTS[entry]


def test_progress_unknown_rule_gets_the_default_and_the_target_rule_is_free() -> None:
    assert cost_of("tidy_up") is DEFAULT
    assert job_seconds("tidy_up", 2 * MB) == START_SECONDS + 2 * DEFAULT.per_mb
    assert job_seconds("all", 10 * MB) == 0.0


def test_progress_input_bytes_counts_files_and_folders_and_skips_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * 10)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "b.json").write_bytes(b"y" * 5)
    paths = [str(tmp_path / "a.txt"), f"{tmp_path / 'folder'} (retrieve from storage)", "gone"]
    assert input_bytes(paths) == 15


@pytest.mark.parametrize(("resources", "size"), [({"input_bytes": 7}, 7), ({}, 15), (None, 15)])
def test_progress_declared_bytes_replace_the_input_folder(
    tmp_path: Path, resources: dict | None, size: int
) -> None:
    (tmp_path / "a.json").write_bytes(b"x" * 10)
    (tmp_path / "b.json").write_bytes(b"y" * 5)
    assert job_bytes([str(tmp_path)], resources) == size


def test_progress_a_resource_snakemake_could_not_evaluate_yet_is_no_size(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"x" * 10)
    assert job_bytes([str(tmp_path)], {"input_bytes": "<TBD>", "_cores": 1}) == 10


@pytest.mark.integration
def test_progress_segment_batches_weigh_their_own_interviews(study: Path) -> None:
    """Issue 16: each segment batch took the whole results/anonymised/ as its weight."""
    with open(study / "config.yaml", "a", encoding="utf-8") as config:
        config.write("\nbatches:\n  size: 1\n  jobs: 1\n")  # 4 batches of one interview
    folder = study / "results/anonymised"
    folder.mkdir(parents=True)
    sizes = {"b1": 1000, "b2": 3000, "b3": 500, "b4": 8000}
    for number, size in enumerate(sizes.values(), start=1):
        (folder / f"t0{number}.json").write_bytes(b"x" * size)
        (folder / f"t0{number}.txt").write_bytes(b"x" * size)
    snakemake = str(Path(sys.executable).parent / "snakemake")
    options = ["--workflow-profile", "none", "--cores", "1", "--until", "segment_units"]
    plan = subprocess.run(
        [snakemake, "--directory", str(study), "--dry-run", *options],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    jobs = re.findall(r"rule segment_units:\n.*?batch=(b\d).*?input_bytes=(\d+)", plan, re.S)
    handler, _ = _handler()
    handler.emit(_record(LogEvent.RUN_INFO, stats={"segment_units": 4}))
    for jobid, (batch, declared) in enumerate(jobs):
        handler.emit(
            _record(
                LogEvent.JOB_INFO,
                jobid=jobid,
                rule_name="segment_units",
                input=[str(folder)],
                resources={"_cores": 1, "input_bytes": int(declared)},
                wildcards={"batch": batch},
            )
        )
    weighed = {batch: handler.console.run.jobs[jobid] for jobid, (batch, _) in enumerate(jobs)}
    assert {batch: job.bytes for batch, job in weighed.items()} == sizes
    per_byte = {(job.work - START_SECONDS) / job.bytes for job in weighed.values()}
    assert max(per_byte) == pytest.approx(min(per_byte))


def test_progress_78_ingest_jobs_are_a_small_share_of_the_demo() -> None:
    run = Run()
    run.plan(DEMO, now=0.0)
    _ingest_all(run, size=45_000)
    assert 0.05 < run.fraction(now=1.0) < 0.3  # Snakemake's step count said 95%


def test_progress_a_bigger_study_weighs_its_later_stages_more() -> None:
    small, big = Run(), Run()
    for run, size in ((small, 45_000), (big, 450_000)):
        run.plan(DEMO, now=0.0)
        _ingest_all(run, size=size)
    assert big.scale() == pytest.approx(10 * small.scale())
    assert big.unseen_work() > 5 * small.unseen_work()


def test_progress_unseen_jobs_weigh_as_their_rules_jobs_seen() -> None:
    run = Run()
    run.plan({"anonymise_detect": 4}, now=0.0)
    run.start(1, "anonymise_detect", 2 * MB, now=0.0)
    assert run.unseen_work() == pytest.approx(3 * job_seconds("anonymise_detect", 2 * MB))


def test_progress_reaches_one_only_when_every_job_finished() -> None:
    run = Run()
    run.plan({"report_material": 1, "compare_tables": 1}, now=0.0)
    run.start(1, "report_material", 100, now=0.0)
    run.start(2, "compare_tables", 10, now=0.0)
    run.finish(1, now=5.0)
    assert run.fraction(now=5.0) <= 0.99
    run.finish(2, now=6.0)
    assert run.fraction(now=6.0) == 1.0


def test_progress_time_left_waits_for_enough_work_then_follows_the_pace() -> None:
    run = Run()
    run.plan({"ingest_transcript": 4}, now=0.0)
    run.start(1, "ingest_transcript", 1000, now=0.0)
    assert run.seconds_left(now=1.0) is None
    for jobid in (1, 2):
        run.start(jobid, "ingest_transcript", 1000, now=0.0)
        run.finish(jobid, now=20.0)
    assert run.fraction(now=20.0) == pytest.approx(0.5)
    assert run.seconds_left(now=20.0) == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("seconds", "text"), [(4.6, "5 s"), (125, "2 min 5 s"), (3780, "1 h 3 min")]
)
def test_progress_durations_read_as_a_person_says_them(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_progress_console_shows_stages_and_a_rising_share_ending_at_100() -> None:
    console = Console()
    console.planned({"ingest_transcript": 2, "report_material": 1, "all": 1}, now=0.0)
    for jobid, rule in enumerate(["ingest_transcript", "ingest_transcript", "report_material"]):
        console.started(jobid, rule, 1000, wildcards={}, now=float(jobid))
        console.finished(jobid, now=jobid + 1.0)
    console.started(9, "all", 0, wildcards={}, now=4.0)
    console.finished(9, now=4.0)
    lines = console.take()
    assert lines[0] == "qualpipe: 3 jobs in 2 stages: ingest, report"
    assert "  started  ingest (2 jobs)" in lines and "  finished report in 1 s" in lines
    shares = [int(line[1:4]) for line in lines if line.startswith("[")]
    assert shares == sorted(shares) and shares[-1] == 100
    assert lines[-1] == "[100%] done in 4 s"


def test_progress_handler_prints_no_input_files_and_one_line_per_failed_job(tmp_path: Path) -> None:
    handler, stream = _handler()
    transcript = tmp_path / "t04_manager_north.srt"
    transcript.write_bytes(b"1\n")
    handler.emit(_record(LogEvent.RUN_INFO, msg="Job stats: ...", stats={"ingest_transcript": 1}))
    handler.emit(
        _record(
            LogEvent.JOB_INFO,
            jobid=3,
            rule_name="ingest_transcript",
            input=[str(transcript)],
            wildcards={"interview": "t04"},
        )
    )
    handler.emit(
        _record(
            LogEvent.JOB_ERROR,
            logging.ERROR,
            jobid=3,
            rule_name="ingest_transcript",
            input=[str(transcript)],
            log=["logs/ingest_transcript/t04.log"],
        )
    )
    text = stream.getvalue()
    assert "t04_manager_north" not in text and "Job stats" not in text
    assert (
        "  failed   ingest_transcript (interview t04); see logs/ingest_transcript/t04.log\n" in text
    )


@pytest.mark.parametrize(
    ("level", "message", "shown"),
    [
        (logging.INFO, "Building DAG of jobs...", False),
        (logging.INFO, "Select jobs to execute...", False),
        (
            logging.INFO,
            "Nothing to be done (all requested files are present and up to date).",
            True,
        ),
        (logging.WARNING, "Unable to set mtime", True),
        (logging.ERROR, "Exiting because a job execution failed.", True),
        (logging.ERROR, "RuleException:\nCalledProcessError in file ingest.smk, line 28", False),
    ],
)
def test_progress_handler_keeps_what_a_researcher_needs(
    level: int, message: str, shown: bool
) -> None:
    handler, stream = _handler()
    handler.emit(_record(None, level, message))
    assert (message in stream.getvalue()) is shown


def test_progress_dry_run_prints_snakemakes_job_table() -> None:
    handler, stream = _handler(dryrun=True)
    table = "Job stats:\njob               count\n----------------- -----\ningest_transcript 4"
    handler.emit(_record(LogEvent.RUN_INFO, msg=table, stats={"ingest_transcript": 4}))
    handler.emit(_record(None, msg="Building DAG of jobs..."))
    assert stream.getvalue() == table + "\n"


def test_progress_quiet_run_shows_only_failures() -> None:
    handler, stream = _handler(quiet={"all"})
    handler.emit(_record(LogEvent.RUN_INFO, stats={"ingest_transcript": 2}))
    handler.emit(_record(LogEvent.JOB_INFO, jobid=1, rule_name="ingest_transcript", input=[]))
    handler.emit(_record(LogEvent.JOB_FINISHED, job_id=1))
    handler.emit(
        _record(LogEvent.JOB_ERROR, logging.ERROR, jobid=2, rule_name="ingest_batch", log=[])
    )
    assert stream.getvalue() == "  failed   ingest_batch\n"


def test_progress_install_puts_the_logger_on_a_new_environments_path(tmp_path: Path) -> None:
    """What make does for .venv and a conda user does once (tools/logger/install.py)."""
    import os
    import subprocess
    import venv

    from conftest import ROOT

    venv.create(tmp_path / "env", with_pip=False)
    python = str(tmp_path / "env" / "bin" / "python")
    subprocess.run([python, str(ROOT / "tools/logger/install.py")], check=True)
    spec = (
        "import importlib.util as u; print(u.find_spec('snakemake_logger_plugin_qualpipe').origin)"
    )
    found = subprocess.run(
        [python, "-c", spec],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},  # no PYTHONPATH: only the .pth file can find it
    )
    assert found.stdout.strip() == str(
        ROOT / "tools/logger/snakemake_logger_plugin_qualpipe/__init__.py"
    )
