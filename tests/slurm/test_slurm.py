"""The integration study run through SLURM with profiles/slurm equals a local run, byte for byte
(issue 16). Needs the one-node cluster of tools/slurm/start.sh: `make slurm-test` starts it and
runs this folder, which the ordinary pytest run never collects (norecursedirs in
pyproject.toml), so that it fails when the cluster is missing instead of skipping.

profiles/slurm runs the study-wide steps as one group job. Both runs start at once: the SLURM
run spends most of its time waiting for job states, which the local run fills with work.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import INTEGRATION, ROOT

pytestmark = pytest.mark.integration
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
PARTITION = os.environ.get("QUALPIPE_SLURM_PARTITION", "")
# The profile waits 40 s before a first look at new jobs, right for a real cluster's queue;
# here a job starts at once and takes seconds.
FAST_POLLING = ("--slurm-init-seconds-before-status-checks", "1")


def _copy(target: Path) -> Path:
    shutil.copytree(
        INTEGRATION,
        target,
        ignore=shutil.ignore_patterns("results", "logs", ".snakemake", "private"),
    )
    return target


def _start(study: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SNAKEMAKE, "--directory", str(study), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _idle_nodes() -> list[str]:
    """The nodes of the partition that take jobs now, as sinfo reports them."""
    sinfo = shutil.which("sinfo")
    assert sinfo, "sinfo not found: no SLURM here; start the test cluster with make slurm-test"
    assert PARTITION, "QUALPIPE_SLURM_PARTITION is not set; run this test with make slurm-test"
    result = subprocess.run(
        [sinfo, "--noheader", f"--partition={PARTITION}", "--format=%n %T"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"sinfo failed: {result.stderr.strip()} (make slurm-test)"
    return [line.split()[0] for line in result.stdout.splitlines() if line.endswith(" idle")]


def _digests(study: Path) -> dict[str, str]:
    """sha256 of every file under results/ but the HTML report."""
    return {
        str(path.relative_to(study)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((study / "results").rglob("*"))
        if path.is_file() and path.suffix != ".html"
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, float]]:
    """The study run locally and through SLURM: folder, console output and seconds, by name."""
    assert _idle_nodes(), f"no idle node in partition '{PARTITION}'; see /var/log/slurm/"
    base = tmp_path_factory.mktemp("slurm")
    studies = {"local": _copy(base / "local"), "slurm": _copy(base / "slurm")}
    arguments = {
        "local": ("--cores", "2"),
        "slurm": ("--executor", "slurm", "--profile", "profiles/slurm", *FAST_POLLING),
    }
    start = time.monotonic()
    processes = {name: _start(studies[name], *arguments[name]) for name in studies}
    finished = {}
    for name, process in processes.items():
        output, _ = process.communicate()
        seconds = time.monotonic() - start
        assert process.returncode == 0, f"the {name} run failed:\n{output[-5000:]}"
        finished[name] = (studies[name], output, seconds)
        print(f"{name} run: {seconds:.0f} s after the start of both")
    return finished


def test_slurm_run_equals_the_local_run_byte_for_byte(runs: dict) -> None:
    local, slurm = _digests(runs["local"][0]), _digests(runs["slurm"][0])
    assert len(local) > 50
    assert sorted(slurm) == sorted(local)
    differing = [path for path in local if slurm[path] != local[path]]
    assert differing == []


def test_slurm_run_submits_each_job_or_its_group_job_to_slurm(runs: dict) -> None:
    # Snakemake's own log: the console shows qualpipe's short progress lines (tools/logger).
    (log,) = (runs["slurm"][0] / ".snakemake" / "log").glob("*.snakemake.log")
    output = log.read_text(encoding="utf-8")
    profile = yaml.safe_load((ROOT / "profiles/slurm/config.yaml").read_text(encoding="utf-8"))
    own = re.findall(r"^rule (\w+):$", output, flags=re.MULTILINE)
    grouped = re.findall(r"^    rule (\w+):$", output, flags=re.MULTILINE)
    # 2 batches of each per-interview stage (ingest, detection, segmentation, pre-coding),
    # the replacement and the layers table.
    assert len(own) == 10
    assert sorted(set(grouped)) == sorted(profile["groups"])
    assert output.count("Group job study (") == 1
    assert output.count("has been submitted with SLURM jobid") == len(own) + 1
    assert re.findall(r"^localrule (\w+):$", output, flags=re.MULTILINE) == ["all"]
