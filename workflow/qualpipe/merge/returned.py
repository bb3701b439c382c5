"""Merge: coders' returned sheets in, validated; one decision per coder and segment.

A returned row is one of three things, never confused: codes (the code columns), 'nothing
applies' (an explicit x), or not coded (left blank). Rows are matched to the current segments
by id and fingerprint; where a segment's text changed since the sheet was exported, the row
is re-mapped by its text when exactly one current segment fits, and listed for a person where
none or several do. No decision is dropped silently: each ends in decisions.csv or in the
remap review list.

A sheet is read by merge.sheet_rows (its cells by merge.cells), a QDA project by
merge.projects; both are placed by merge.placement.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.archive import ZipLimits, zip_limits
from qualpipe.common.io import read_rows, write_rows
from qualpipe.common.plan import PROJECT_SUFFIXES, coder_files
from qualpipe.common.records import NOTHING_APPLIES, Segment
from qualpipe.errors import PipelineError, WarningLog, raise_all
from qualpipe.merge.decisions import (
    DECISION_FIELDS,
    NOT_CODED,
    REVIEW_FIELDS,
    Decisions,
    Imported,
    decision_rows,
    review_row,
)
from qualpipe.merge.placement import check_missing, place_rows
from qualpipe.merge.projects import ProjectTarget, read_project, read_transcripts
from qualpipe.merge.sheet_rows import formula_warnings, parse_rows, sheet_table

LOGGER = logging.getLogger("qualpipe")


def read_segments(path: str) -> dict[str, Segment]:
    """The current segments by id, in table order."""
    return {
        r["segment_id"]: Segment(
            r["segment_id"],
            r["interview_id"],
            r["fingerprint"],
            r["text"],
            int(r.get("start") or 0),
            int(r.get("end") or 0),
        )
        for r in read_rows(path)
    }


def import_coder(
    files: Sequence[str],
    segments: Mapping[str, Segment],
    codes: Sequence[str],
    *,
    target: ProjectTarget | None = None,
    limits: ZipLimits | None = None,
) -> Decisions:
    """All of one coder's sheets and QDA projects, checked and placed on the current segments.

    target (ProjectTarget | None): what reading a QDA project needs; None when files holds
        sheets only.
    limits (ZipLimits): what a returned workbook's or project's zip may hold.
    """
    imported = Imported()
    errors: list[PipelineError] = []
    for path in files:
        try:
            imported.add(_read_returned(path, segments, codes, target, limits))
        except PipelineError as error:
            errors.append(error)
    raise_all(errors)
    decisions = place_rows(imported.rows, segments)
    decisions.review += imported.review
    decisions.warnings += imported.warnings
    return decisions


def _read_returned(
    path: str,
    segments: Mapping[str, Segment],
    codes: Sequence[str],
    target: ProjectTarget | None,
    limits: ZipLimits | None,
) -> Imported:
    if path.lower().endswith(PROJECT_SUFFIXES):
        if target is None:
            raise ValueError(f"{path}: reading a QDA project needs the study")
        return read_project(path, target, limits=limits)
    table = sheet_table(path, marks=(*codes, NOTHING_APPLIES), limits=limits)
    parsed = parse_rows(path, table.rows, codes)
    check_missing(path, parsed, segments)
    return Imported(rows=parsed, warnings=formula_warnings(path, table.formulas))


def import_sheets(
    *,
    coding_dir: str,
    coders: Sequence[str],
    segments_path: str,
    codebook_path: str,
    schema_path: str,
    decisions_path: str,
    review_path: str,
    transcript_paths: Sequence[str],
    overlap: float,
    limits: Mapping[str, object] | None = None,
) -> int:
    """Read every coder's returned sheets and QDA projects; write decisions.csv and the remap
    review list.

    transcript_paths (Sequence[str]): results/anonymised/<interview>.txt, which a QDA project's
        positions refer to. overlap (float): config qdpx.overlap, see qualpipe.merge.projects.
    limits (Mapping[str, object]): config's `limits` section (what a returned zip may hold).
    RETURNS (int): the number of segment decisions (coded or nothing applies).
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    segments = read_segments(segments_path)
    files = coder_files(coding_dir, coders)
    target = _target(files, codebook, segments, transcript_paths, overlap)
    decided, review, warnings = [], [], WarningLog()
    errors: list[PipelineError] = []
    for coder in coders:
        try:
            decisions = import_coder(
                files[coder], segments, codebook.ids, target=target, limits=zip_limits(limits)
            )
        except PipelineError as error:
            errors.append(error)
            continue
        for code, fields in decisions.warnings:
            warnings.add(code, **{"review": review_path, **fields})
        decided += decision_rows(coder, decisions, segments)
        review += [review_row(coder, row, problem) for row, problem in decisions.review]
        if decisions.remapped:
            warnings.add("W501", file=f"{coding_dir}/{coder}", count=len(decisions.remapped))
        if decisions.review:
            warnings.add(
                "W502",
                file=f"{coding_dir}/{coder}",
                count=len(decisions.review),
                review=review_path,
            )
    raise_all(errors)
    warnings.emit(LOGGER)
    write_rows(Path(decisions_path), DECISION_FIELDS, decided)
    # Private: it holds the coders' copies of segment texts, made by an earlier anonymisation,
    # which may hold a name the current one replaces.
    write_rows(Path(review_path), REVIEW_FIELDS, review, private=True)
    return sum(1 for row in decided if row[3] != NOT_CODED)


def _target(
    files: Mapping[str, Sequence[str]],
    codebook: Codebook,
    segments: Mapping[str, Segment],
    transcript_paths: Sequence[str],
    overlap: float,
) -> ProjectTarget | None:
    """What reading QDA projects needs, read only when a coder returned one."""
    if not any(p.lower().endswith(PROJECT_SUFFIXES) for paths in files.values() for p in paths):
        return None
    return ProjectTarget(codebook, segments, read_transcripts(transcript_paths), overlap)
