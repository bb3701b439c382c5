"""Command line: `python -m tools.demo [--out STUDY_DIR] [--interviews N] [--seed S]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.demo.design import BASE_TOTAL
from tools.demo.study import DEFAULT_SEED, write_study

REPOSITORY = Path(__file__).resolve().parents[3]


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo",
        description="Write the demo study: transcripts, participants, anonymisation terms, gold.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPOSITORY,
        help="study folder; files go to OUT/data/ (default: the repository's own data/)",
    )
    parser.add_argument(
        "--interviews",
        type=int,
        default=BASE_TOTAL,
        help=f"number of interviews, in the design's proportions (default {BASE_TOTAL})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (the output does not depend on it)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate the study and report what was written."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.interviews < 1:
        print(f"--interviews must be at least 1, not {args.interviews}", file=sys.stderr)
        return 2
    summary = write_study(args.out, n_interviews=args.interviews, seed=args.seed, jobs=args.jobs)
    where = args.out / "data"
    print(f"wrote {summary.interviews} transcripts ({summary.words} words) to {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
