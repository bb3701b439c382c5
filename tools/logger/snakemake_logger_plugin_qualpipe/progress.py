"""A run's progress weighted by expected work, and the time it has left.

Snakemake announces the jobs of each rule as counts before the run (its 'Job stats'), and
each job with its input files only when it starts. A job seen is weighed by its input bytes
(costs.job_seconds); a job not yet seen by the mean of its rule's jobs seen so far, or, before
any, by its share of the rule's demo input scaled to this study: the study's scale is what the
jobs seen so far read against what they would read on the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .costs import FREE_RULES, demo_bytes, job_seconds, stage_of

# A running job counts as at most this share done until it finishes.
RUNNING_CAP = 0.9
# No estimate of the time left before this share of the work and these seconds.
ESTIMATE_AFTER_SHARE = 0.05
ESTIMATE_AFTER_SECONDS = 10.0


@dataclass
class Job:
    rule: str
    bytes: int
    work: float
    started: float
    finished: float | None = None


@dataclass
class Run:
    """The jobs planned, started and finished, with their expected work (demo seconds)."""

    planned: dict[str, int] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    begun: float = 0.0

    def plan(self, counts: dict[str, int], *, now: float) -> None:
        """Take Snakemake's job counts per rule ('total' left out)."""
        self.planned = {rule: n for rule, n in counts.items() if rule != "total" and n > 0}
        self.begun = now

    def start(self, jobid: int, rule: str, size: int, *, now: float) -> None:
        self.jobs[jobid] = Job(rule=rule, bytes=size, work=job_seconds(rule, size), started=now)

    def finish(self, jobid: int, *, now: float) -> Job | None:
        job = self.jobs.get(jobid)
        if job is not None and job.finished is None:
            job.finished = now
        return job

    def scale(self) -> float:
        """The study's size against the demo's, from the input bytes of the jobs seen."""
        seen = [job for job in self.jobs.values() if job.rule not in FREE_RULES]
        expected = sum(demo_bytes(job.rule, self.planned.get(job.rule, 1)) for job in seen)
        if not seen or expected <= 0:
            return 1.0
        return sum(job.bytes for job in seen) / expected

    def unseen_work(self) -> float:
        """The expected work of the planned jobs that have not started yet."""
        scale, total = self.scale(), 0.0
        for rule, count in self.planned.items():
            seen = [job.work for job in self.jobs.values() if job.rule == rule]
            missing = max(count - len(seen), 0)
            if missing and seen:
                total += missing * sum(seen) / len(seen)
            elif missing:
                total += missing * job_seconds(rule, int(scale * demo_bytes(rule, count)))
        return total

    def total_work(self) -> float:
        return sum(job.work for job in self.jobs.values()) + self.unseen_work()

    def pace(self) -> float:
        """Wall seconds per unit of work, from the jobs finished (1.0 before any)."""
        done = [job for job in self.jobs.values() if job.finished is not None and job.work > 0]
        work = sum(job.work for job in done)
        if work <= 0:
            return 1.0
        return sum(job.finished - job.started for job in done if job.finished) / work

    def done_work(self, *, now: float) -> float:
        """The work of the jobs finished, and the share of the running ones that has passed."""
        pace, total = self.pace(), 0.0
        for job in self.jobs.values():
            if job.finished is not None:
                total += job.work
            elif job.work > 0:
                total += job.work * min(RUNNING_CAP, (now - job.started) / (job.work * pace))
        return total

    def fraction(self, *, now: float) -> float:
        """The share of the run's expected work done, below 1.0 while any job remains."""
        total = self.total_work()
        if total <= 0:
            return 1.0 if self.complete() else 0.0
        share = min(self.done_work(now=now) / total, 1.0)
        return share if self.complete() else min(share, 0.99)

    def seconds_left(self, *, now: float) -> float | None:
        """The time left at the pace so far, or None while too little is done to tell."""
        elapsed, share = now - self.begun, self.fraction(now=now)
        if share >= 1.0:
            return 0.0
        if share < ESTIMATE_AFTER_SHARE or elapsed < ESTIMATE_AFTER_SECONDS:
            return None
        return elapsed * (1 - share) / share

    def complete(self) -> bool:
        finished = sum(1 for job in self.jobs.values() if job.finished is not None)
        return finished >= sum(self.planned.values())

    def stages(self) -> list[str]:
        """The stages of the run in Snakemake's order (the rules' topological order)."""
        names = (stage_of(rule) for rule in self.planned if rule not in FREE_RULES)
        return list(dict.fromkeys(names))

    def stage_jobs(self, stage: str) -> int:
        return sum(n for rule, n in self.planned.items() if stage_of(rule) == stage)

    def stage_finished(self, stage: str) -> int:
        jobs = self.jobs.values()
        return sum(1 for j in jobs if stage_of(j.rule) == stage and j.finished is not None)

    def running_stages(self) -> list[str]:
        running = {stage_of(j.rule) for j in self.jobs.values() if j.finished is None}
        return [stage for stage in self.stages() if stage in running]
