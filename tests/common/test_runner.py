"""The boundary between Snakemake scripts and the package: one line per user error."""

import logging
import os
import time
from pathlib import Path

import pytest
from qualpipe.common.runner import logged_errors, run_stage
from qualpipe.errors import PipelineError, PipelineErrors


def _stop(**fields: object) -> None:
    raise PipelineError("E103", **fields)


@pytest.fixture
def root_logging():
    """run_stage configures the root logger, as a script does: put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.handlers[:], root.level = handlers, level


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
