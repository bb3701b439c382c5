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
        logger.error("%s", error)
        sys.exit(1)
    logger.info("%s finished", function.__name__)
