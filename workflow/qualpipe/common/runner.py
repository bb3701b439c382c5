"""The one boundary between Snakemake scripts and the package.

A script calls `run_stage` with one package function and its keyword arguments. Logging goes
to the rule's log file; a user error becomes its one-line message on stderr and in the log,
and exit status 1; a bug keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from qualpipe.errors import PipelineError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# How run_stage logs a user error: the catalogued line follows this marker in the rule's log.
ERROR_MARKER = " ERROR qualpipe: ["


def configure_logging(log_path: str | None) -> None:
    """Send the package's log records to the rule's log file and warnings also to stderr."""
    handlers: list[logging.Handler] = []
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(message)s"))  # the catalogue's one line, as is
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
    for path in sorted(Path(log_dir).rglob("*.log")):
        if path.stat().st_mtime < since:
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            _, marker, rest = line.partition(ERROR_MARKER)
            if marker:
                found.setdefault(f"[{rest}", None)
    return list(found)
