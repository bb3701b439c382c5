"""The one boundary between Snakemake scripts and the package.

A script calls `run_stage` with one package function and its keyword arguments. Logging goes
to the rule's log file; a user error becomes its one-line message on stderr and in the log,
and exit status 1; a bug keeps its traceback. A catalogued warning goes to the log only: at
the end of the run the workflow prints one line per code (logged_warnings), with the count,
the first message and a log that holds it (issue 16: a study of 2,000 interviews printed 77
W101 lines, one per transcript, amid the progress lines).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from qualpipe.errors import PipelineError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# How run_stage logs a user error: the catalogued line follows this marker in the rule's log.
ERROR_MARKER = " ERROR qualpipe: ["


# A catalogued warning's line starts with its code.
WARNING_CODE = re.compile(r"\[(W\d{3})\] ")
# How a catalogued warning stands in a rule's log.
WARNING_MARKER = " WARNING qualpipe: ["


def catalogued_warning(record: logging.LogRecord) -> bool:
    """Whether a record is one of the catalogue's warnings (not an error, nor a library's)."""
    return record.levelno < logging.ERROR and bool(WARNING_CODE.match(record.getMessage()))


def configure_logging(log_path: str | None) -> None:
    """Send the package's log records to the rule's log file, and errors and libraries'
    warnings also to stderr: the catalogue's warnings stay in the log, and the workflow sums
    them up at the end of the run (logged_warnings)."""
    handlers: list[logging.Handler] = []
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(message)s"))  # the catalogue's one line, as is
    if log_path:  # without a log, the console is the only place a warning can be read
        console.addFilter(lambda record: not catalogued_warning(record))
    handlers.append(console)
    # Libraries log at WARNING and above only: their INFO lines (a font cache, a model's
    # files) are no part of the study and could hold words the leak audit looks for.
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True)
    logging.getLogger("qualpipe").setLevel(logging.INFO)


def run_stage(function: Callable[..., object], *, log_path: str | None, **kwargs: object) -> None:
    """Run one stage function; exit 1 with the message if the input is at fault."""
    configure_logging(log_path)
    logger = logging.getLogger("qualpipe")
    logger.info("%s started", function.__name__)
    try:
        function(**kwargs)
    except PipelineError as error:
        for line in str(error).splitlines():  # several errors: one marked line each
            logger.error("%s", line)
        sys.exit(1)
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
    for _, line in _run_log_lines(log_dir, since=since):
        _, marker, rest = line.partition(ERROR_MARKER)
        if marker:
            found.setdefault(f"[{rest}", None)
    return list(found)


def _run_log_lines(log_dir: str | Path, *, since: float) -> Iterator[tuple[Path, str]]:
    """Each line of the rule logs written since a time, with its log, logs in path order."""
    for path in sorted(Path(log_dir).rglob("*.log")):
        if path.stat().st_mtime >= since:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                yield path, line


def logged_warnings(log_dir: str | Path, *, since: float) -> list[str]:
    """The catalogued warnings in the rule logs written since a time, one line per code.

    A code logged once is its own line; one logged several times becomes one line with the
    count, the jobs, a log that holds it and the first message (each job's log lists every
    one). Warnings hold no real names (the catalogue's rules), so neither do these lines.
    log_dir (str | Path): the study's logs/ folder.
    since (float): the run's start (time.time()); older logs belong to earlier runs.
    RETURNS (list[str]): '[W101] ...' lines, each code where it first comes in the logs by path.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for path, line in _run_log_lines(log_dir, since=since):
        _, marker, rest = line.partition(WARNING_MARKER)
        code = WARNING_CODE.match(f"[{rest}") if marker else None
        if code:
            found.setdefault(code[1], []).append((f"[{rest}", str(path)))
    return [warnings_line(code, logged) for code, logged in found.items()]


def warnings_line(code: str, logged: list[tuple[str, str]]) -> str:
    """One code's line: the message alone, or its count, jobs, first log and first message.

    logged (list[tuple[str, str]]): each message of the code with the log it is in.
    """
    first, log = logged[0]
    if len(logged) == 1:
        return first
    logs = list(dict.fromkeys(path for _, path in logged))
    where = f"in {log}" if len(logs) == 1 else f"in {len(logs)} jobs ({log} and others)"
    return f"[{code}] {len(logged)} times {where}, each in its job's log; the first: " + (
        first.removeprefix(f"[{code}] ")
    )
