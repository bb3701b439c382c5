"""Merge: a coder's REFI-QDA project (.qdpx, or a bare .qde) read as rows of a coding sheet.

A coder may code the exported project in NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette and
return it to data/coding/<coder>/ instead of a sheet (issue 8). The convention:

- An interview is coded when its source holds at least one coding by the coder. Each of its
  segments that a coded selection reaches gets that selection's codes; every other segment
  of the interview is 'nothing applies' (the coder read it and coded nothing). An interview
  without codings by the coder stays not coded.
- A selection [s, e) reaches a segment [a, b) of its interview when their overlap covers at
  least `overlap` (config qdpx.overlap) of the segment, or of the selection.
- Codings by the export's own users (pipeline, consensus) are ours and ignored. The coder's
  are those by any other user, or by none; one project holds one coder's work.
- Codes are matched by GUID, then by name (a code id or label, letter case and spacing
  ignored), then by '[id: ...]' in their description. Sources are matched by name (the
  interview id, with or without a file suffix), then by identical text.
- Positions are Unicode code points, end exclusive, on the source's text. Positions that count
  the '\\r' of Windows line ends, and Taguette's UTF-8 byte positions, are translated onto
  the transcript's '\\n' text. (An XML parser turns '\\r\\n' inside PlainTextContent into
  '\\n', so a tool writing raw CR LF there cannot be told apart; sources/ files keep them.)

The rows then go through merge.placement.place_rows like a sheet's. Nothing is dropped silently: a
selection on a source that matches no interview, one whose text is no longer in the
transcript, or one that reaches no segment becomes a review entry (a Row with segment_id '').
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from qualpipe.codebook import Codebook
from qualpipe.common.archive import ZipLimits
from qualpipe.common.records import Row, Segment
from qualpipe.errors import PipelineError, raise_all, shown_file
from qualpipe.merge.decisions import Imported
from qualpipe.merge.qde import (
    TEXT_SOURCE,
    CoderSelection,
    Project,
    code_ids,
    code_points,
    coder_selections,
    open_project,
    source_text,
)

# A source named after its file ('i01.txt', as ATLAS.ti and MAXQDA name documents).
FILE_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf")


@dataclass(frozen=True)
class ProjectTarget:
    """What matching a project to the study needs.

    codebook (Codebook). segments (Mapping[str, Segment]): current segments, with offsets.
    transcripts (Mapping[str, str]): the anonymised text by interview id. overlap (float):
    the share of a segment or selection their overlap must cover.
    """

    codebook: Codebook
    segments: Mapping[str, Segment]
    transcripts: Mapping[str, str]
    overlap: float


def read_transcripts(paths: Sequence[str]) -> dict[str, str]:
    """The anonymised transcripts by interview id (file stem), line ends as segment offsets
    count them."""
    texts = {}
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            texts[Path(path).stem] = handle.read()
    return texts


def read_project(path: str, target: ProjectTarget, *, limits: ZipLimits | None = None) -> Imported:
    """A coder's project as sheet rows on the current segments, plus entries for review.

    path (str): a .qdpx, or a .qde with its sources inside or in sources/ next to it.
    limits (ZipLimits): what a .qdpx's zip may hold (E014-E016); the defaults when None.
    RETURNS (Imported): one Row per segment of every interview the coder coded (codes, or
        nothing applies), review entries, and W503/W504 warnings.
    """
    project = open_project(path, limits)
    by_source = coder_selections(path, project.root)
    ids = code_ids(path, project.root, by_source, target.codebook)
    imported, errors = Imported(), []
    for source, selections in by_source.items():
        named = [_named(selection, ids, target.codebook) for selection in selections]
        try:
            imported.add(read_source(project, source, named, target))
        except PipelineError as error:
            errors.append(error)
    raise_all(errors)
    return imported


def _named(selection: CoderSelection, ids: Mapping[str, str], codebook: Codebook) -> CoderSelection:
    """The selection with codebook ids for code GUIDs, in codebook order."""
    found = {ids[guid] for guid in selection.codes}
    codes = tuple(code for code in codebook.ids if code in found)
    return CoderSelection(selection.start, selection.end, codes)


def read_source(
    project: Project,
    source: etree._Element,
    selections: Sequence[CoderSelection],
    target: ProjectTarget,
) -> Imported:
    """One source's coded selections on its interview's segments, or for review."""
    name = source.get("name", "")
    if source.tag != TEXT_SOURCE:
        kind = source.tag.rpartition("}")[2]
        problem = f"source '{name}' is a {kind}: only codings on text sources are read"
        return Imported(
            review=[(_review_row(project.path, "", s, ""), problem) for s in selections]
        )
    counted = source_text(project, source)
    text = _lf(counted)
    interview = match_interview(name, text, target.transcripts)
    on_text = code_points(project, name, interview or "unmatched", counted, selections)
    return place_source(project.path, name, interview, text, on_text, target)


def _start(segment: Segment) -> int:
    return segment.start


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def match_interview(name: str, text: str, transcripts: Mapping[str, str]) -> str:
    """The interview a source is: named after it (a file suffix allowed), else with its text."""
    stem = name[: -len(Path(name).suffix)] if name.lower().endswith(FILE_SUFFIXES) else name
    for candidate in (name.strip(), stem.strip()):
        if candidate in transcripts:
            return candidate
    return next((i for i, ours in transcripts.items() if _same(ours, text)), "")


def _same(ours: str, theirs: str) -> bool:
    # Tools add or drop a final line end; trailing space moves no position.
    return ours.rstrip() == theirs.rstrip()


def relocate(start: int, end: int, theirs: str, ours: str) -> int | None:
    """Where a selection's text is in our transcript: in place, else its only occurrence."""
    selected = theirs[start:end]
    if ours[start:end] == selected:
        return start
    first = ours.find(selected)
    if not selected or first < 0 or ours.find(selected, first + 1) >= 0:
        return None
    return first


def reached(start: int, end: int, segments: Sequence[Segment], overlap: float) -> list[Segment]:
    """The segments a selection reaches: overlap >= overlap x the segment or the selection.

    segments (Sequence[Segment]): one interview's, in text order (they do not overlap).
    """
    found = []
    first = bisect.bisect_right(segments, start, key=lambda segment: segment.end)
    for segment in segments[first:]:
        if segment.start >= end:
            break
        shared = min(end, segment.end) - max(start, segment.start)
        if shared > 0 and (
            shared >= overlap * (segment.end - segment.start) or shared >= overlap * (end - start)
        ):
            found.append(segment)
    return found


def place_source(
    path: str,
    name: str,
    interview: str,
    text: str,
    selections: Sequence[CoderSelection],
    target: ProjectTarget,
) -> Imported:
    """One source's selections as rows for its interview's segments, or for review.

    interview (str): the interview the source is ('' if none). text (str): the source's text
    with '\\n' line ends, which the selections' positions count.
    """
    if not interview:
        fields = {"file": path, "source": shown_file(name), "count": len(selections)}
        problem = f"source '{name}' matches no interview by name or text; place its codes by hand"
        review = [(_review_row(path, "", s, text), problem) for s in selections]
        return Imported(review=review, warnings=[("W503", fields)])
    ours = target.transcripts[interview]
    imported = Imported()
    if not _same(ours, text):
        position = first_difference(ours, text)
        fields = {
            "file": path,
            "source": shown_file(name, safe=[interview]),
            "interview": interview,
        }
        fields["position"] = position
        imported.warnings.append(("W504", fields))
    segments = sorted(
        (s for s in target.segments.values() if s.interview_id == interview), key=_start
    )
    codes: dict[str, set[str]] = {s.segment_id: set() for s in segments}
    for selection in selections:
        problem = _place(selection, text, ours, segments, target.overlap, codes)
        if problem:
            row = _review_row(path, interview, selection, text)
            imported.review.append((row, f"interview {interview}, {problem}"))
    imported.rows += [_segment_row(path, s, codes[s.segment_id], target) for s in segments]
    return imported


def _place(
    selection: CoderSelection,
    text: str,
    ours: str,
    segments: Sequence[Segment],
    overlap: float,
    codes: dict[str, set[str]],
) -> str:
    """Add a selection's codes to the segments it reaches; the problem when it reaches none."""
    where = f"{selection.start}-{selection.end}"
    start = relocate(selection.start, selection.end, text, ours)
    if start is None:
        return (
            f"{where}: the selected text is not in the transcript now, or not once; code it again"
        )
    end = start + selection.end - selection.start
    found = reached(start, end, segments, overlap)
    for segment in found:
        codes[segment.segment_id].update(selection.codes)
    if not found:
        return f"{start}-{end}: the selection reaches no segment (an interviewer's turn?)"
    return ""


def first_difference(ours: str, theirs: str) -> int:
    """The first position where two texts differ (the shorter's length if one starts the other)."""
    pairs = zip(ours, theirs, strict=False)
    return next((n for n, (a, b) in enumerate(pairs) if a != b), min(len(ours), len(theirs)))


def _review_row(path: str, interview: str, selection: CoderSelection, text: str) -> Row:
    return Row(
        source=path,
        line=selection.start,
        segment_id="",
        text=text[selection.start : selection.end],
        fingerprint="",
        codes=selection.codes,
        nothing=False,
        interview=interview,
    )


def _segment_row(path: str, segment: Segment, codes: set[str], target: ProjectTarget) -> Row:
    ordered = tuple(c for c in target.codebook.ids if c in codes)
    return Row(
        source=path,
        line=segment.start,
        segment_id=segment.segment_id,
        text=segment.text,
        fingerprint=segment.fingerprint,
        codes=ordered,
        nothing=not ordered,
        interview=segment.interview_id,
    )
