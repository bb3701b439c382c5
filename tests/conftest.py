"""Shared fixtures: small transcripts written inline, and the integration study."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parents[1]
INTEGRATION = ROOT / "tests" / "integration"
# Property-based tests (tests/properties/, issue 14). 'ci', the default and what `make test`
# runs: derandomized (the same examples on every run and machine), no example database, and
# small enough that the whole suite takes well under 2 minutes on 2 busy cores. 'deep', for a
# developer hunting bugs (HYPOTHESIS_PROFILE=deep pytest tests/properties): 25 times the
# examples, random, remembering failures in .hypothesis/. 'triage' is below. Each test takes
# its share of max_examples (properties/hostile.py, budget).
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# 'triage': as 'ci' but without shrinking, to list every distinct failure quickly.
settings.register_profile("triage", parent=settings.get_profile("ci"), phases=list(Phase)[:4])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def is_utf8(data: bytes) -> bool:
    """Whether the bytes decode as UTF-8 (the demo's files and the hostile encodings)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# TextGrid tiers: (name, [(start, end, text), ...]); text as written, '""' for a quote.
Tiers = list[tuple[str, list[tuple[float, float, str]]]]


def long_textgrid(tiers: Tiers, *, name_key: str = "name") -> str:
    """A TextGrid in Praat's long text format ('Save as text file')."""
    end = max(e for _, entries in tiers for _, e, _ in entries)
    lines = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0 ",
        f"xmax = {end} ",
        "tiers? <exists> ",
        f"size = {len(tiers)} ",
        "item []: ",
    ]
    for number, (name, entries) in enumerate(tiers, start=1):
        lines += [
            f"    item [{number}]:",
            '        class = "IntervalTier" ',
            f'        {name_key} = "{name}" ',
            "        xmin = 0 ",
            f"        xmax = {end} ",
            f"        intervals: size = {len(entries)} ",
        ]
        for index, (start, stop, text) in enumerate(entries, start=1):
            lines += [
                f"        intervals [{index}]:",
                f"            xmin = {start} ",
                f"            xmax = {stop} ",
                f'            text = "{text}" ',
            ]
    return "\n".join(lines) + "\n"


def short_textgrid(tiers: Tiers) -> str:
    """The same in Praat's short text format ('Save as short text file')."""
    end = max(e for _, entries in tiers for _, e, _ in entries)
    lines = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "0", str(end)]
    lines += ["<exists>", str(len(tiers))]
    for name, entries in tiers:
        lines += ['"IntervalTier"', f'"{name}"', "0", str(end), str(len(entries))]
        for start, stop, text in entries:
            lines += [str(start), str(stop), f'"{text}"']
    return "\n".join(lines) + "\n"


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
        "study: a whole study's first run as a new user starts it "
        "(tests/workflow/test_first_run.py; minutes; select with -m study, leave out with "
        "-m 'not study'; also marked integration)",
    )


@pytest.fixture
def root_logging() -> Iterator[None]:
    """run_stage configures the root logger, as a script does: put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.handlers[:], root.level = handlers, level
