"""The one boundary between Snakemake scripts and the package.

A script calls `run_stage` with one package function and its keyword arguments. Logging goes
to the rule's log file; a user error becomes its one-line message on stderr and in the log,
and exit status 1; a bug keeps its traceback. A catalogued warning reaches stderr, the
console, once per code and job: a code warned of several times becomes one line with the
count and the first message, every one staying in the log (issue 16: a batch of 2,000
interviews printed 77 W101 lines).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from qualpipe.errors import PipelineError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# How run_stage logs a user error: the catalogued line follows this marker in the rule's log.
ERROR_MARKER = " ERROR qualpipe: ["


# A catalogued warning's line starts with its code.
WARNING_CODE = re.compile(r"\[(W\d{3})\] ")


def warnings_summary(held: dict[str, list[str]], *, log_path: str | None) -> list[str]:
    """One console line per warning code: the message itself when it came once, else the
    count and the first message, pointing to the log that holds them all.

    held (dict[str, list[str]]): code -> its messages, in order, each '[W101] ...'.
    log_path (str | None): the job's log; None (no log to look in) keeps every line.
    RETURNS (list[str]): the lines for the console.
    """
    lines: list[str] = []
    for code, messages in held.items():
        if len(messages) == 1 or not log_path:
            lines += messages
            continue
        first = messages[0].removeprefix(f"[{code}] ")
        lines.append(
            f"[{code}] {len(messages)} times in this job, each in {log_path}; the first: {first}"
        )
    return lines


class ConsoleWarnings(logging.Handler):
    """A job's console (stderr): errors and uncatalogued warnings at once, catalogued warnings
    held by code until `flush` writes warnings_summary."""

    def __init__(self, stream: TextIO, *, log_path: str | None) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("%(message)s"))  # the catalogue's one line, as is
        self.stream, self.log_path = stream, log_path
        self.held: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        found = WARNING_CODE.match(text)
        if found and record.levelno < logging.ERROR:
            self.held.setdefault(found[1], []).append(text)
        else:
            self.write([text])

    def flush(self) -> None:
        lines = warnings_summary(self.held, log_path=self.log_path)
        self.held = {}
        self.write(lines)

    def write(self, lines: list[str]) -> None:
        for line in lines:
            self.stream.write(line + "\n")
        if lines:
            self.stream.flush()


def configure_logging(log_path: str | None) -> ConsoleWarnings:
    """Send the package's log records to the rule's log file and warnings also to stderr.

    RETURNS (ConsoleWarnings): the stderr handler, whose held warnings `flush` prints.
    """
    handlers: list[logging.Handler] = []
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
    console = ConsoleWarnings(sys.stderr, log_path=log_path)
    handlers.append(console)
    # Libraries log at WARNING and above only: their INFO lines (a font cache, a model's
    # files) are no part of the study and could hold words the leak audit looks for.
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True)
    logging.getLogger("qualpipe").setLevel(logging.INFO)
    return console


def run_stage(function: Callable[..., object], *, log_path: str | None, **kwargs: object) -> None:
    """Run one stage function; exit 1 with the message if the input is at fault."""
    console = configure_logging(log_path)
    logger = logging.getLogger("qualpipe")
    logger.info("%s started", function.__name__)
    try:
        function(**kwargs)
    except PipelineError as error:
        console.flush()  # the job's warnings before its errors, as they came
        for line in str(error).splitlines():  # several errors: one marked line each
            logger.error("%s", line)
        sys.exit(1)
    finally:
        console.flush()  # also before a bug's traceback
    logger.info("%s finished", function.__name__)


def logged_errors(log_dir: str | Path, *, since: float) -> list[str]:
    """The catalogued one-line errors in the rule logs written since a time.

    Snakemake shows a failed job inside its own error block; the workflow's onerror handler
    repeats these lines at the end of the run, where a researcher looks first.
    log_dir (str | Path): the study's logs/ folder.
    since (float): the run's start (time.time()); older logs belong to earlier runs.
    RETURNS (list[str]): each '[E...] ...' line once, in log-file order.
    """
    found: dict[str, None] = {}
    for path in sorted(Path(log_dir).rglob("*.log")):
        if path.stat().st_mtime < since:
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            _, marker, rest = line.partition(ERROR_MARKER)
            if marker:
                found.setdefault(f"[{rest}", None)
    return list(found)
