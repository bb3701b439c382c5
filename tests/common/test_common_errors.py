"""The workflow's own catalogued messages (common.smk) that no other test checks, each triggered
as a run meets it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INTEGRATION, ROOT

pytestmark = pytest.mark.integration

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
# Python runs a sitecustomize module found on PYTHONPATH at start: this one kills the ingest job
# as the kernel's out-of-memory killer would, before it can write a line.
KILLER = """import os, signal, sys
if sys.argv and sys.argv[0].endswith("ingest_batch.py"):
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_common_errors_a_killed_job_ends_the_run_with_w506(tmp_path: Path) -> None:
    study = tmp_path / "study"
    shutil.copytree(
        INTEGRATION, study, ignore=shutil.ignore_patterns("results", "logs", ".snakemake")
    )
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    result = subprocess.run(
        [SNAKEMAKE, "--directory", str(study), "data/private/ingest/b1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "hook")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert re.search(
        r"^qualpipe: \[W506\] \S+\.snakemake\.log: the run stopped without a message of "
        r"qualpipe's: a job was interrupted or killed",
        result.stderr,
        flags=re.MULTILINE,
    ), result.stderr
    assert not re.search(r"^\[E\d{3}\]", result.stderr, flags=re.MULTILINE)
