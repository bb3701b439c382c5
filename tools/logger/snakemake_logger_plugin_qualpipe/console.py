"""The console's lines for a run: stages started and finished, a progress line, failures.

About a screen for a whole study: a progress line when the work done has moved on by STEP, or
after QUIET_SECONDS without one while jobs run, never a job's input or output files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .costs import FREE_RULES, stage_of
from .progress import Run

# A new progress line after this share of the work, or this many seconds of silence.
STEP = 0.05
QUIET_SECONDS = 30.0
FAILED = "  failed   "


def duration(seconds: float) -> str:
    """'45 s', '2 min 5 s', '1 h 3 min'."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def progress_line(run: Run, *, share: float, now: float) -> str:
    """'[ 42%] anonymise, segment running; 1 min 10 s so far, about 1 min 30 s left'."""
    if share >= 1.0:
        return f"[100%] done in {duration(now - run.begun)}"
    running = run.running_stages()
    doing = f"{', '.join(running)} running; " if running else ""
    left = run.seconds_left(now=now)
    estimate = "estimating the time left" if left is None else f"about {duration(left)} left"
    return f"[{share:4.0%}] {doing}{duration(now - run.begun)} so far, {estimate}"


def wildcards_text(wildcards: dict[str, str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in wildcards.items())


@dataclass
class Console:
    """Turns the run's events into console lines; `lines` collects what is to be printed."""

    run: Run = field(default_factory=Run)
    shown: float = 0.0
    last_line: float = 0.0
    stages_started: set[str] = field(default_factory=set)
    wildcards: dict[int, dict[str, str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def planned(self, counts: dict[str, int], *, now: float) -> None:
        self.run.plan(counts, now=now)
        self.last_line = now
        stages = self.run.stages()
        jobs = sum(n for rule, n in self.run.planned.items() if rule not in FREE_RULES)
        self.lines.append(f"qualpipe: {jobs} jobs in {len(stages)} stages: {', '.join(stages)}")

    def started(
        self, jobid: int, rule: str, size: int, *, wildcards: dict[str, str], now: float
    ) -> None:
        self.run.start(jobid, rule, size, now=now)
        self.wildcards[jobid] = wildcards
        stage = stage_of(rule)
        if rule not in FREE_RULES and stage not in self.stages_started:
            self.stages_started.add(stage)
            self.lines.append(f"  started  {stage} ({self.run.stage_jobs(stage)} jobs)")

    def finished(self, jobid: int, *, now: float) -> None:
        job = self.run.finish(jobid, now=now)
        if job is None or job.rule in FREE_RULES:
            self.progressed(now=now, force=self.run.complete())
            return
        stage = stage_of(job.rule)
        done = self.run.stage_finished(stage) == self.run.stage_jobs(stage)
        if done:
            began = min(j.started for j in self.run.jobs.values() if stage_of(j.rule) == stage)
            self.lines.append(f"  finished {stage} in {duration(now - began)}")
        self.progressed(now=now, force=done or self.run.complete())

    def failed(self, jobid: int, rule: str, logs: list[str]) -> None:
        """One line: the rule, its wildcards (interview ids, batches) and its log."""
        self.run.finish(jobid, now=self.last_line)
        wildcards = self.wildcards.get(jobid, {})
        where = f" ({wildcards_text(wildcards)})" if wildcards else ""
        log = f"; see {', '.join(logs)}" if logs else ""
        self.lines.append(f"{FAILED}{rule}{where}{log}")

    def progressed(self, *, now: float, force: bool = False) -> None:
        """A progress line when the share has moved by STEP, or when forced."""
        share = max(self.shown, self.run.fraction(now=now))
        if force or share >= self.shown + STEP:
            self.shown = share
            self.last_line = now
            self.lines.append(progress_line(self.run, share=share, now=now))

    def heartbeat(self, *, now: float) -> None:
        """A progress line after QUIET_SECONDS of silence while jobs run."""
        if self.run.running_stages() and now - self.last_line >= QUIET_SECONDS:
            self.progressed(now=now, force=True)

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines
