"""Issue 16: how planning grows with the number of interviews (`snakemake --dry-run`).

Builds studies of N interviews from the demo study: its 78 transcripts repeated under new
interview and person ids (hard links, so 10,000 interviews take no disk), the demo's config,
codebook and anonymisation file, no returned coding. Then times one dry run of each, in a
child process, and prints per size: the jobs planned, the seconds, the seconds per 1,000
interviews, and the time against a linear extrapolation from the smallest size (1.0 =
linear; 3.0 at 10,000 = three times what linear growth would give).

    PYTHONPATH=workflow python benchmarks/scale.py [--sizes 1000 3000 10000] [--keep DIR]

The goal (issue 16): 10,000 interviews planned in at most 60 s, in fewer than 5,000 jobs.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
STUDY_FILES = ("codebook.yaml", "anonymisation.yaml")


def demo_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The demo's participants.csv: its header and rows."""
    with (DEMO / "participants.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def build_study(folder: Path, interviews: int) -> None:
    """A study of `interviews` interviews: the demo's rows in turn, the first copy under the
    demo's ids (config.yaml names some), copy k > 0 under ids '<id>_k'."""
    header, rows = demo_rows()
    raw = folder / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    for name in STUDY_FILES:
        shutil.copy(DEMO / name, folder / "data" / name)
    with (folder / "data" / "participants.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for index in range(interviews):
            row, copy = dict(rows[index % len(rows)]), index // len(rows)
            source = DEMO / "raw" / row["file"]
            if copy:
                row["interview_id"] = f"{row['interview_id']}_{copy}"
                row["person_id"] = f"{row['person_id']}_{copy}"
            row["file"] = f"{row['interview_id']}{source.suffix}"
            os.link(source, raw / row["file"])
            writer.writerow(row)


def plan(folder: Path) -> tuple[int, float]:
    """(jobs, seconds) of one dry run of the study, Snakemake's own start included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "workflow")}
    command = [SNAKEMAKE, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(folder)]
    start = time.perf_counter()
    result = subprocess.run(
        [*command, "--dry-run"], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"dry run of {folder} failed:\n{result.stderr[-2000:]}")
    found = re.search(r"^total\s+(\d+)", result.stdout, re.MULTILINE)
    return (int(found.group(1)) if found else -1), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--keep", type=Path, help="build the studies here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="qualpipe-scale-"))
    print("interviews  jobs    seconds  s/1000  vs linear")
    first: tuple[int, float] | None = None
    try:
        for size in sorted(args.sizes):
            folder = base / f"study_{size}"
            if not folder.exists():
                build_study(folder, size)
            jobs, seconds = plan(folder)
            first = first or (size, seconds)
            linear = first[1] * size / first[0]
            print(
                f"{size:>10,}  {jobs:>6,}  {seconds:>7.1f}  {seconds * 1000 / size:>6.2f}"
                f"  {seconds / linear:>9.2f}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
