"""Shared fixtures: small transcripts written inline, and the integration study."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INTEGRATION = ROOT / "tests" / "integration"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A fresh copy of the integration study (config.yaml, data/) in a temporary folder."""
    target = tmp_path / "study"
    shutil.copytree(
        INTEGRATION,
        target,
        ignore=shutil.ignore_patterns("results", "logs", ".snakemake", "private"),
    )
    return target


def pytest_configure(config: pytest.Config) -> None:
    """Markers of this suite (registered here, beside the fixtures that use them)."""
    config.addinivalue_line(
        "markers",
        "study: a whole study's first run as a new user starts it (tests/test_first_run.py; "
        "minutes; select with -m study, leave out with -m 'not study')",
    )
