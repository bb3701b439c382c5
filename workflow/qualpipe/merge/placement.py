"""Merge: a coder's returned rows placed on the current segments.

Rows are matched to the current segments by id and fingerprint; where a segment's text changed
since the sheet was exported, the row is re-mapped by its text when exactly one current
segment fits, and listed for a person where none or several do. No decision is dropped
silently: each ends in decisions.csv or in the remap review list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from qualpipe.common.records import Row, Segment
from qualpipe.errors import PipelineError, raise_all
from qualpipe.merge.decisions import Decisions


def _norm(text: str) -> str:
    return " ".join(text.split())


def place_rows(rows: Sequence[Row], segments: Mapping[str, Segment]) -> Decisions:
    """Match rows to current segments: by id and fingerprint, else by text, else for review."""
    decisions = Decisions()
    # Rows that fit their segment first: a row placed by its text must not take the place of
    # the segment's own row, nor be overwritten by it (a decision was lost, issue 14).
    rest = _place_exact(rows, segments, decisions)
    # Each segment's text normalised once, not once per row of its interview (issue 16).
    by_interview: dict[str, list[tuple[Segment, str]]] = {}
    for segment in segments.values() if rest else ():
        by_interview.setdefault(segment.interview_id, []).append((segment, _norm(segment.text)))
    for row in rest:
        interview = row.segment_id.rsplit("-t", 1)[0]
        target, problem = _align(row, by_interview.get(interview, []))
        if target is None:
            decisions.review.append((row, problem))
        elif target.segment_id in decisions.by_segment:
            decisions.review.append(
                (
                    row,
                    f"its text now belongs to {target.segment_id}, decided by another row",
                )
            )
        else:
            decisions.by_segment[target.segment_id] = row
            decisions.remapped[target.segment_id] = row.segment_id
    return decisions


def _place_exact(
    rows: Sequence[Row], segments: Mapping[str, Segment], decisions: Decisions
) -> list[Row]:
    """Place the rows whose segment id and fingerprint are current; RETURNS the others.

    A segment in two of the coder's files (the .csv and the .xlsx both returned, an old copy)
    with different decisions is an error (E527): the later file won silently (issue 14).
    """
    rest, errors = [], []
    for row in rows:
        current = segments.get(row.segment_id)
        if current is None or current.fingerprint != row.fingerprint:
            rest.append(row)
            continue
        first = decisions.by_segment.setdefault(row.segment_id, row)
        if (first.codes, first.nothing) != (row.codes, row.nothing):
            errors.append(
                PipelineError("E527", file=row.source, row=row.line, value=row.segment_id,
                              other=Path(first.source).name, first=first.line)
            )  # fmt: skip
    raise_all(errors)
    return rest


def _align(row: Row, candidates: Sequence[tuple[Segment, str]]) -> tuple[Segment | None, str]:
    """The one current segment whose text (normalised, beside it) is the row's, or contains
    all of it."""
    text = _norm(row.text)
    if not text:
        return None, "the segment no longer exists and the row has no text to find it by"
    same = [s for s, normed in candidates if normed == text]
    if len(same) == 1:
        return same[0], ""
    containing = [s for s, normed in candidates if text in normed]
    if len(same) > 1 or len(containing) > 1:
        return None, "its text occurs in several current segments; place its codes by hand"
    if len(containing) == 1:
        return containing[0], ""
    return None, "its text changed since the sheet was exported (split or edited); code it again"


def check_missing(path: str, rows: Sequence[Row], segments: Mapping[str, Segment]) -> None:
    """E503 when a sheet whose segments are all unchanged lacks some of its interviews' rows.

    When segmentation changed since export, new segments are simply not coded yet.
    """
    if not rows or any(
        r.segment_id not in segments or segments[r.segment_id].fingerprint != r.fingerprint
        for r in rows
    ):
        return
    interviews = {segments[r.segment_id].interview_id for r in rows}
    present = {r.segment_id for r in rows}
    missing = [
        s for s in segments.values() if s.interview_id in interviews and s.segment_id not in present
    ]
    if missing:
        raise PipelineError("E503", file=path, count=len(missing), value=missing[0].segment_id)
