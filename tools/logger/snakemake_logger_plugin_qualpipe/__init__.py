"""qualpipe's Snakemake logger (`--logger qualpipe`, set in profiles/default/config.yaml).

The console gets one line per stage started and finished, a progress line weighted by
expected work with the stages running and the time left, one line per failed job naming its
rule and log, and Snakemake's warnings and errors. Never a job's input or output files: they
stay in Snakemake's own log, .snakemake/log/, which keeps everything as before.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any, TextIO

from snakemake_interface_logger_plugins.base import LogHandlerBase
from snakemake_interface_logger_plugins.common import LogEvent

from .console import FAILED, QUIET_SECONDS, Console
from .costs import job_bytes

# Snakemake's plain messages that a researcher needs; every other INFO line goes to the log.
KEPT_INFO = ("Nothing to be done", "Complete log", "This was a dry-run")
# Plain INFO lines of a dry run or a check that say nothing about the study.
NOISE_INFO = (
    "Assuming unrestricted shared filesystem usage",
    "host:",
    "Building DAG of jobs",
    "Using shell:",
    "Provided cores:",
    "Rules claiming more threads",
    "Select jobs to execute",
    "Execute ",
    "Conda environments:",
    "Singularity containers:",
)


# A failed job's script exit, said again by its 'failed' line; the job's log has the why.
JOB_EXIT = "RuleException:\nCalledProcessError"


def plain_message(record: logging.LogRecord, *, running: bool, dryrun: bool) -> str | None:
    """The text of a record without an event of ours, if the console should show it."""
    text = record.getMessage()
    if not text or text == "None" or text.startswith(JOB_EXIT):
        return None
    if record.levelno >= logging.WARNING or text.startswith(KEPT_INFO):
        return text
    if running or text.startswith(NOISE_INFO):
        return None
    return text if dryrun or record.levelno >= logging.INFO else None


class LogHandler(LogHandlerBase):
    """Snakemake's records to the console's few lines (console.Console)."""

    def __post_init__(self) -> None:
        self.console = Console()
        self.stream: TextIO = sys.stdout if self.common_settings.stdout else sys.stderr
        self.running = False
        # --quiet: failures, warnings and errors only.
        self.quiet = bool(self.common_settings.quiet)
        self.guard = threading.Lock()
        self.ticker = threading.Thread(target=self.tick, daemon=True)

    @property
    def writes_to_stream(self) -> bool:
        return True

    @property
    def writes_to_file(self) -> bool:
        return False

    @property
    def has_filter(self) -> bool:
        return True

    @property
    def has_formatter(self) -> bool:
        return True

    @property
    def needs_rulegraph(self) -> bool:
        return False

    def emit(self, record: logging.LogRecord) -> None:
        with self.guard:
            try:
                self.handle_record(record, now=time.monotonic())
            except Exception:
                self.handleError(record)

    def handle_record(self, record: logging.LogRecord, *, now: float) -> None:
        event, info = getattr(record, "event", None), record.__dict__
        if event == LogEvent.RUN_INFO:
            self.planned(record, info.get("stats") or {}, now=now)
        elif event == LogEvent.JOB_INFO and self.running:
            size = job_bytes(info.get("input") or [], info.get("resources"))
            wildcards = {str(k): str(v) for k, v in (info.get("wildcards") or {}).items()}
            self.console.started(
                int(info["jobid"]), info["rule_name"], size, wildcards=wildcards, now=now
            )
        elif event == LogEvent.JOB_FINISHED and self.running:
            self.console.finished(int(info["job_id"]), now=now)
        elif event == LogEvent.JOB_ERROR:
            self.console.failed(int(info["jobid"]), info["rule_name"], list(info.get("log") or []))
        elif event in (LogEvent.ERROR, None):
            self.plain(record)
        self.write(self.console.take())

    def shown(self, lines: list[str]) -> list[str]:
        return [line for line in lines if line.startswith(FAILED)] if self.quiet else lines

    def planned(self, record: logging.LogRecord, stats: dict[str, Any], *, now: float) -> None:
        """The run's plan: Snakemake's table in a dry run, our first line in a real one."""
        if self.common_settings.dryrun:
            self.write([] if self.quiet else [record.getMessage()])
            return
        if not self.running:
            self.running = True
            self.console.planned({str(k): int(v) for k, v in stats.items()}, now=now)
            self.ticker.start()

    def plain(self, record: logging.LogRecord) -> None:
        dryrun = bool(self.common_settings.dryrun)
        text = plain_message(record, running=self.running or self.quiet, dryrun=dryrun)
        if text is not None:
            self.write([text])

    def tick(self) -> None:
        """A progress line now and then while long jobs run in silence."""
        while True:
            time.sleep(QUIET_SECONDS / 6)
            with self.guard:
                self.console.heartbeat(now=time.monotonic())
                self.write(self.console.take())

    def write(self, lines: list[str]) -> None:
        lines = self.shown(lines)
        for line in lines:
            self.stream.write(line + "\n")
        if lines:
            self.stream.flush()
