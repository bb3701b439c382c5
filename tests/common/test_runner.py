"""The boundary between Snakemake scripts and the package: one line per user error."""

import os
import time
from pathlib import Path

import pytest
from qualpipe.common.runner import logged_errors, logged_warnings, run_stage
from qualpipe.errors import LOGGER, PipelineError, PipelineErrors, WarningLog


def _stop(**fields: object) -> None:
    raise PipelineError("E103", **fields)


def test_runner_user_error_is_one_line_and_exit_1(tmp_path: Path, capsys, root_logging) -> None:
    log = tmp_path / "logs/ingest_batch/a1.log"
    with pytest.raises(SystemExit) as stopped:
        run_stage(_stop, log_path=str(log), file="data/raw/a1.txt")
    assert stopped.value.code == 1
    assert capsys.readouterr().err == (
        "[E103] data/raw/a1.txt: the file is empty; replace it with the transcript or remove "
        "its row.\n"
    )
    assert "ERROR qualpipe: [E103] data/raw/a1.txt" in log.read_text(encoding="utf-8")


def test_runner_logged_errors_of_this_run_once_each(tmp_path: Path) -> None:
    line = "2026-01-01 10:00:00,000 ERROR qualpipe: [E103] data/raw/{}.txt: the file is empty."
    for name in ("a2", "a1", "old"):
        path = tmp_path / "logs/ingest_batch" / f"{name}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        error = line.format(name)
        path.write_text(f"x INFO qualpipe: started\n{error}\n{error}\n", encoding="utf-8")
    started = time.time()
    os.utime(tmp_path / "logs/ingest_batch/old.log", (started - 60, started - 60))
    assert logged_errors(tmp_path / "logs", since=started - 10) == [
        "[E103] data/raw/a1.txt: the file is empty.",
        "[E103] data/raw/a2.txt: the file is empty.",
    ]


def _stop_twice(**fields: object) -> None:
    raise PipelineErrors(
        [PipelineError("E103", file="data/raw/a1.txt"), PipelineError("E103", file="a2.txt")]
    )


def test_runner_several_errors_are_logged_one_marked_line_each(
    tmp_path: Path, root_logging
) -> None:
    """A batch job (issue 16) raises every bad transcript's error: each is repeated at the end."""
    log = tmp_path / "logs/ingest_batch/b1.log"
    started = time.time() - 1
    with pytest.raises(SystemExit):
        run_stage(_stop_twice, log_path=str(log))
    assert [line[:29] for line in logged_errors(tmp_path / "logs", since=started)] == [
        "[E103] data/raw/a1.txt: the f",
        "[E103] a2.txt: the file is em",
    ]


def _warn_a_batch(**fields: object) -> None:
    """A batch job's warnings as ingest logs them: one WarningLog per interview."""
    for interview in ("a1", "a2", "a3"):
        warnings = WarningLog()
        warnings.add("W101", file=f"interview {interview}'s transcript (.txt)", encoding="cp1252")
        warnings.emit()
    warnings = WarningLog()
    warnings.add("W102", file="interview a2's transcript (.vtt)", count=2)
    warnings.emit()
    if fields.get("stop"):
        raise PipelineError("E103", file="data/raw/a4.txt")


def test_runner_catalogued_warnings_stay_in_the_log_off_the_console(
    tmp_path: Path, capsys, root_logging
) -> None:
    """Issue 16: a study of 2,000 interviews printed one W101 line per transcript."""
    log = tmp_path / "logs/ingest_batch/b3.log"
    with pytest.raises(SystemExit):
        run_stage(_warn_a_batch, log_path=str(log), stop=True)
    assert capsys.readouterr().err.splitlines()[0][:9] == "[E103] da"  # the error, alone
    logged = log.read_text(encoding="utf-8")
    assert [f"[W101] interview {i}'s" in logged for i in ("a1", "a2", "a3")] == [True] * 3


def test_runner_logged_warnings_are_one_line_per_code_for_the_whole_run(
    tmp_path: Path, root_logging
) -> None:
    for batch in ("b1", "b2"):
        run_stage(_warn_a_batch, log_path=str(tmp_path / f"logs/ingest_batch/{batch}.log"))
    first = tmp_path / "logs/ingest_batch/b1.log"
    assert logged_warnings(tmp_path / "logs", since=time.time() - 60) == [
        f"[W101] 6 times in 2 jobs ({first} and others), each in its job's log; the first: "
        "interview a1's transcript (.txt): decoded as cp1252 (not UTF-8); save transcripts as "
        "UTF-8 to avoid surprises in other tools.",
        f"[W102] 2 times in 2 jobs ({first} and others), each in its job's log; the first: "
        "interview a2's transcript (.vtt): 2 cue(s) without a speaker were joined to the "
        "previous speaker's turn.",
    ]


def test_runner_a_warning_logged_once_is_its_own_line(tmp_path: Path, root_logging) -> None:
    run_stage(_warn_a_batch, log_path=str(tmp_path / "logs/ingest_batch/b1.log"))
    assert logged_warnings(tmp_path / "logs", since=time.time() - 60)[1] == (
        "[W102] interview a2's transcript (.vtt): 2 cue(s) without a speaker were joined to "
        "the previous speaker's turn."
    )


def test_runner_other_warnings_and_errors_reach_the_console_at_once(
    tmp_path: Path, capsys, root_logging
) -> None:
    run_stage(lambda: LOGGER.warning("a library's warning"), log_path=str(tmp_path / "x.log"))
    assert capsys.readouterr().err == "a library's warning\n"
