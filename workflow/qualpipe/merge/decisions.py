"""Merge: what a coder decided, as read from returned files (Imported), as placed on the
current segments (Decisions), and as the rows of decisions.csv and of the remap review list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qualpipe.common.records import Row, Segment

CODED, NOTHING, NOT_CODED = "coded", "nothing_applies", "not_coded"
DECISION_FIELDS = ("coder", "segment_id", "interview_id", "status", "codes", "source", "row")
REVIEW_FIELDS = ("coder", "source", "row", "segment_id", "interview_id", "problem", "codes", "text")


@dataclass
class Imported:
    """Rows read from returned files, entries for review, and warnings (code, fields)."""

    rows: list[Row] = field(default_factory=list)
    review: list[tuple[Row, str]] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def add(self, other: Imported) -> None:
        self.rows += other.rows
        self.review += other.review
        self.warnings += other.warnings


@dataclass
class Decisions:
    """A coder's decisions on current segments, and the rows a person must place."""

    by_segment: dict[str, Row] = field(default_factory=dict)
    remapped: dict[str, str] = field(default_factory=dict)
    review: list[tuple[Row, str]] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def decision_rows(
    coder: str, decisions: Decisions, segments: Mapping[str, Segment]
) -> list[list[object]]:
    """One row per current segment: coded (with its codes), nothing_applies, or not_coded."""
    rows = []
    for segment in segments.values():
        row = decisions.by_segment.get(segment.segment_id)
        status = (
            NOT_CODED
            if row is None
            else (NOTHING if row.nothing else (CODED if row.codes else NOT_CODED))
        )
        where = [Path(row.source).name, row.line] if row else ["", ""]
        codes = ";".join(row.codes) if row else ""
        rows.append([coder, segment.segment_id, segment.interview_id, status, codes, *where])
    return rows


def review_row(coder: str, row: Row, problem: str) -> list[object]:
    """A row no current segment fits, for a person: where it is, why, what it decided."""
    decided = ";".join(row.codes) or ("nothing applies" if row.nothing else "")
    interview = row.interview or row.segment_id.rsplit("-t", 1)[0]
    return [
        coder,
        Path(row.source).name,
        row.line,
        row.segment_id,
        interview,
        problem,
        decided,
        row.text,
    ]
