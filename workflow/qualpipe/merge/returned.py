"""Merge: coders' returned sheets in, validated; one decision per coder and segment.

A returned row is one of three things, never confused: codes (the code columns), 'nothing
applies' (an explicit x), or not coded (left blank). Rows are matched to the current segments
by id and fingerprint; where a segment's text changed since the sheet was exported, the row
is re-mapped by its text when exactly one current segment fits, and listed for a person where
none or several do. No decision is dropped silently: each ends in decisions.csv or in the
remap review list.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualpipe.common.archive import ZipLimits, check_zip, zip_limits
from qualpipe.common.io import cell, read_rows, restore_cell, write_rows
from qualpipe.common.plan import PROJECT_SUFFIXES, coder_files
from qualpipe.common.records import NOTHING_APPLIES, Row, Segment, sheet_columns
from qualpipe.errors import PipelineError, WarningLog, raise_all, shown

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet as Worksheet

    from qualpipe.codebook import Codebook
    from qualpipe.merge.projects import Imported, Study

LOGGER = logging.getLogger("qualpipe")
# The form of the ids segment.py gives: '<interview id>-t0001-s01'.
SEGMENT_ID = re.compile(r"[A-Za-z0-9_-]+-t\d{4}-s\d{2}")
REQUIRED = ("segment_id", "text", "nothing_applies", "fingerprint")
CODED, NOTHING, NOT_CODED = "coded", "nothing_applies", "not_coded"
DECISION_FIELDS = ("coder", "segment_id", "interview_id", "status", "codes", "source", "row")
REVIEW_FIELDS = ("coder", "source", "row", "segment_id", "interview_id", "problem", "codes", "text")


@dataclass
class Decisions:
    """A coder's decisions on current segments, and the rows a person must place."""

    by_segment: dict[str, Row] = field(default_factory=dict)
    remapped: dict[str, str] = field(default_factory=dict)
    review: list[tuple[Row, str]] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def read_sheet(path: str, *, limits: ZipLimits | None = None) -> list[tuple[int, dict[str, str]]]:
    """The rows of a returned sheet (.xlsx sheet 'Coding', or CSV) with their row numbers.

    limits (ZipLimits): what a workbook's zip may hold (E014-E016); the defaults when None.
    """
    return sheet_table(path, limits=limits).rows


def sheet_table(
    path: str, *, marks: Collection[str] = (), limits: ZipLimits | None = None
) -> Table:
    """A returned sheet (.xlsx sheet 'Coding', or CSV) read by its headings, every cell the
    merge reads checked (see `read_cells`).

    marks (Collection[str]): what a coder writes as a decision (the code ids and x): such a
        value under no heading is an error (E522), since it would not be read.
    """
    if path.lower().endswith(".xlsx"):
        _, rows = read_cells(path, sheet="Coding", code="E506", limits=limits)
        table = read_table(path, rows, read=_read_column, marks=marks, sheet="Coding")
    else:
        table = read_table(path, csv_cells(path), read=_read_column, marks=marks)
    _check_header(path, table.header)
    return Table(table.header, [(n, clean_row(row)) for n, row in table.rows], table.formulas)


def _read_column(name: str) -> bool:
    return name in (*REQUIRED, "memo") or name.startswith("code_")


@dataclass(frozen=True)
class Cell:
    """One cell of a returned sheet as read.

    where (str): 'cell F12' (.xlsx) or 'line 12, column 6' (CSV). value (object): the value,
    for a formula the one saved with it. formula (str): '' for a typed value; else 'cached',
    'uncached' (saved without a value: nobody saw one) or 'error' (it failed, e.g. #REF!).
    """

    where: str
    value: object
    formula: str = ""


FORMULA = "formula"  # Cell.formula of a formula before its saved value is read


@dataclass(frozen=True)
class Table:
    """A returned sheet's headings and rows by number; formulas: the cells read whose value
    is a formula's saved result (where, e.g. 'sheet Coding, cell F12')."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    formulas: list[str] = field(default_factory=list)


def open_workbook(
    path: str, *, data_only: bool, code: str, limits: ZipLimits | None = None
) -> Workbook:
    """A returned workbook, read-only; one that cannot be opened is the error `code`.

    data_only (bool): cells hold the values saved with formulas, else the formulas.
    limits (ZipLimits): what its zip may hold (E014-E016), checked before it is opened.
    """
    import zipfile

    from openpyxl import load_workbook

    check_zip(path, limits)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        # Not str(error): a library's message may quote a name from inside the file.
        problem = f"not a readable workbook ({type(error).__name__})"
        raise PipelineError(code, file=path, problem=problem) from error


def read_cells(
    path: str, *, sheet: str, code: str, limits: ZipLimits | None = None
) -> tuple[str, list[tuple[int, list[Cell]]]]:
    """The rows of one sheet of a workbook as cells; a formula's cell holds the value saved
    with it, or says that there is none, or that the formula failed.

    A formula's saved value is what the coder saw when saving in Excel or LibreOffice; a
    program that does not calculate (a script with openpyxl) saves none, and openpyxl then
    reads the cell as empty: that turned 'nothing applies' into 'not coded'. The formulas
    are read first; the saved values only where there are formulas (most sheets have none,
    and each reading parses the whole sheet). The sheet's recorded dimensions are ignored:
    where a program wrote them too small, read-only openpyxl silently dropped the rows and
    columns past them.
    sheet (str): the sheet's name; '' for the first. code (str): the error for a workbook
        that cannot be opened or lacks the sheet.
    RETURNS (tuple[str, list]): the sheet's name, and its rows by number.
    """
    workbook = open_workbook(path, data_only=False, code=code, limits=limits)
    try:
        name = sheet or workbook.sheetnames[0]
        if name not in workbook.sheetnames:
            raise PipelineError(code, file=path, problem=f"it has no sheet '{name}'")
        rows = list(_sheet_cells(workbook[name]))
    finally:
        workbook.close()
    formulas = {(n, i) for n, row in rows for i, item in enumerate(row) if item.formula}
    if formulas:
        workbook = open_workbook(path, data_only=True, code=code, limits=limits)
        try:
            _saved_values(workbook[name], rows, formulas)
        finally:
            workbook.close()
    return name, rows


def _sheet_cells(sheet: Worksheet) -> Iterator[tuple[int, list[Cell]]]:
    from openpyxl.utils import get_column_letter

    # Values only (cell objects cost twice the time): a formula reads as its text, '=...';
    # a typed text that starts with '=' is told apart by _saved_values.
    sheet.reset_dimensions()
    for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
        yield (
            number,
            [
                Cell(
                    f"cell {get_column_letter(column)}{number}",
                    value,
                    FORMULA if isinstance(value, str) and value.startswith("=") else "",
                )
                for column, value in enumerate(values, start=1)
            ],
        )


def _saved_values(
    sheet: Worksheet, rows: list[tuple[int, list[Cell]]], formulas: set[tuple[int, int]]
) -> None:
    """Put in each formula's cell the value saved with it: 'cached', 'uncached' (none was
    saved: nobody saw one) or 'error' (the formula failed, e.g. #REF!)."""
    from openpyxl.cell.cell import ERROR_CODES

    sheet.reset_dimensions()
    last = max(number for number, _ in formulas)
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_row=last, min_col=1), 1):
        for index, item in enumerate(cells):
            if (number, index) not in formulas:
                continue
            where, text = rows[number - 1][1][index].where, rows[number - 1][1][index].value
            if item.data_type == "s" and item.value == text:  # typed text, not a formula
                rows[number - 1][1][index] = Cell(where, text)
            elif item.data_type == "e" or item.value in ERROR_CODES:
                rows[number - 1][1][index] = Cell(where, item.value, "error")
            elif item.value is None and item.data_type not in ("s", "str"):
                rows[number - 1][1][index] = Cell(where, None, "uncached")
            else:  # an empty text result (=IF(..., "x", "")) is saved as an empty string
                rows[number - 1][1][index] = Cell(where, item.value, "cached")


def csv_cells(path: str, *, code: str = "E506") -> list[tuple[int, list[Cell]]]:
    """The rows of a CSV sheet as cells, numbered by line.

    code (str): the error for a file that is not UTF-8 (Excel's plain 'CSV' on Windows is
        Windows-1252: read as UTF-8 it would fail, decoded otherwise it could change a code).
    """
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"it is not UTF-8 (byte {error.start})"
        raise PipelineError(code, file=path, problem=problem) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for values in reader:
        line = reader.line_num  # the row's last line, as csv.DictReader numbers it
        rows.append((line, [Cell(f"line {line}, column {n}", v) for n, v in enumerate(values, 1)]))
    return rows


def read_table(
    path: str,
    rows: Iterable[tuple[int, list[Cell]]],
    *,
    read: Callable[[str], bool],
    marks: Collection[str] = (),
    sheet: str = "",
) -> Table:
    """A sheet's rows by heading; raise every problem of the cells read at once.

    The first row is the header. A cell read (its column's heading passes `read`, or a
    heading itself) may not be a formula without a saved value (E519) or a failed one
    (E520); a formula's saved value is read and listed in Table.formulas. Two columns with
    one heading (E521) and a decision under no heading (E522) would go unread. Rows with no
    value are left out.
    read (Callable[[str], bool]): whether the merge reads the column of a heading.
    sheet (str): the workbook's sheet, named in messages; '' for a CSV file.
    """
    where = f"sheet {sheet}, " if sheet else ""
    header: list[str] = []
    found: list[tuple[int, dict[str, str]]] = []
    formulas: list[str] = []
    errors: list[PipelineError] = []
    for number, cells in rows:
        # Headings as the sheet wrote them: a coder's 'Code_4 ' is still a code column.
        names = header or [_cell(item.value).strip().lower() for item in cells]
        for index, item in enumerate(cells):
            name = names[index] if index < len(names) else ""
            if header and not name:
                errors += _unheaded(path, where, item, marks)
            elif not header or read(name):
                errors += _formula(path, where, item, formulas)
        if not header:
            header = names
            errors += _duplicates(path, where, header, cells, read)
            continue
        row = {name: _cell(item.value) for name, item in zip(header, cells, strict=False) if name}
        if any(row.values()):
            found.append((number, row))
    raise_all(errors)
    return Table(header, found, formulas)


def _formula(path: str, where: str, item: Cell, formulas: list[str]) -> list[PipelineError]:
    """E519 for a formula saved without a value, E520 for a failed one; a formula's saved
    value is listed (W505) and read."""
    if item.formula == "uncached":
        return [PipelineError("E519", file=path, where=where + item.where)]
    if item.formula == "error":
        return [PipelineError("E520", file=path, where=where + item.where, value=item.value)]
    if item.formula:  # 'cached'
        formulas.append(where + item.where)
    return []


def _unheaded(path: str, where: str, item: Cell, marks: Collection[str]) -> list[PipelineError]:
    """E522 for a decision (a code id, x; apply, reject) in a column without a heading."""
    text = restore_cell(_cell(item.value).strip())
    if text and (text in marks or text.lower() in marks):
        return [PipelineError("E522", file=path, where=where + item.where)]
    return []


def _duplicates(
    path: str, where: str, header: Sequence[str], cells: Sequence[Cell], read: Callable
) -> list[PipelineError]:
    """E521 for a heading the merge reads that heads two columns: one would go unread."""
    first: dict[str, str] = {}
    errors = []
    for name, item in zip(header, cells, strict=False):
        if name in first and read(name):
            errors.append(
                PipelineError("E521", file=path, where=where + first[name], other=item.where)
            )
        first.setdefault(name, item.where)
    return errors


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def clean_row(row: Mapping[str, str | None]) -> dict[str, str]:
    """A returned row's cells as written: `neutralise_cell` undone, then spaces around them
    (stripping first made a memo '\t', written "'\t", read as "'")."""
    return {key: restore_cell(value or "").strip() for key, value in row.items() if key}


def _check_header(path: str, header: Sequence[str]) -> None:
    missing = [column for column in REQUIRED if column not in header]
    if missing or not any(name.startswith("code_") for name in header):
        columns = ", ".join(missing or ["code_1 ..."])
        raise PipelineError("E506", file=path, problem=f"the columns {columns} are missing")


def parse_rows(
    path: str, rows: Iterable[tuple[int, Mapping[str, str]]], codes: Sequence[str]
) -> list[Row]:
    """Check each row's codes and marks; raise every problem of the sheet at once."""
    known = set(codes)
    errors: list[PipelineError] = []
    parsed = []
    for line, row in rows:
        if not any(row.values()):  # ',,,' or spaces only: Excel saves formatted empty rows so
            continue
        values = [row[k] for k in sorted(row, key=_code_column) if k.startswith("code_") and row[k]]
        for value in values:
            if value not in known:
                errors.append(_unknown_code(path, line, value, codes))
        mark = row.get("nothing_applies", "")
        if mark and mark.lower() != NOTHING_APPLIES:
            errors.append(PipelineError("E507", file=path, row=line, value=shown(mark)))
        elif mark and values:
            listed = ", ".join(v if v in known else shown(v) for v in values)
            errors.append(PipelineError("E508", file=path, row=line, codes=listed))
        errors += [PipelineError("E526", file=path, row=line, value=v) for v in _stray(row, known)]
        parsed.append(_row(path, line, row, tuple(dict.fromkeys(values)), bool(mark)))
    errors += _duplicate_rows(path, parsed)
    raise_all(errors)
    return parsed


def _stray(row: Mapping[str, str], known: set[str]) -> list[str]:
    """Code ids in columns the merge does not read and the sheet did not have ('Code 1',
    'codes', a renamed or added column): read as nothing, they would be lost (issue 14)."""
    own = set(sheet_columns(0))  # 'Suggested' retyped holds codes, but as a hint
    return [
        v
        for k, v in row.items()
        if v in known and k.strip().lower() not in own and not k.startswith("code_")
    ]


def _row(path: str, line: int, row: Mapping[str, str], codes: tuple[str, ...], mark: bool) -> Row:
    return Row(
        source=path,
        line=line,
        segment_id=row.get("segment_id", ""),
        text=row.get("text", ""),
        fingerprint=row.get("fingerprint", ""),
        codes=codes,
        nothing=mark,
        memo=row.get("memo", ""),
    )


def _code_column(name: str) -> tuple[int, str]:
    suffix = name.removeprefix("code_")
    return (int(suffix), name) if suffix.isdigit() else (10**6, name)


def _unknown_code(path: str, line: int, value: str, codes: Sequence[str]) -> PipelineError:
    close = difflib.get_close_matches(value, codes, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else "choose one from the sheet's drop-down"
    return PipelineError("E501", file=path, row=line, value=shown(value), hint=hint)


def shown_segment(value: str) -> str:
    """A segment id from a returned sheet as messages show it: as it is when it has the form
    of one (interview id, turn, sentence), else redacted, since the coder may have typed
    anything there."""
    return shown(value, safe=[value] if SEGMENT_ID.match(value) else [])


def _duplicate_rows(path: str, rows: Sequence[Row]) -> list[PipelineError]:
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        if row.segment_id in first:
            errors.append(
                PipelineError(
                    "E502",
                    file=path,
                    row=row.line,
                    value=shown_segment(row.segment_id),
                    first=first[row.segment_id],
                )
            )
        first.setdefault(row.segment_id, row.line)
    return errors


def _norm(text: str) -> str:
    return " ".join(text.split())


def place_rows(rows: Sequence[Row], segments: Mapping[str, Segment]) -> Decisions:
    """Match rows to current segments: by id and fingerprint, else by text, else for review."""
    decisions = Decisions()
    # Rows that fit their segment first: a row placed by its text must not take the place of
    # the segment's own row, nor be overwritten by it (a decision was lost, issue 14).
    rest = _place_exact(rows, segments, decisions)
    by_interview: dict[str, list[Segment]] = {}
    for segment in segments.values():
        by_interview.setdefault(segment.interview_id, []).append(segment)
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


def _align(row: Row, candidates: Sequence[Segment]) -> tuple[Segment | None, str]:
    """The one current segment whose text is the row's, or contains all of it."""
    text = _norm(row.text)
    if not text:
        return None, "the segment no longer exists and the row has no text to find it by"
    same = [s for s in candidates if _norm(s.text) == text]
    if len(same) == 1:
        return same[0], ""
    containing = [s for s in candidates if text in _norm(s.text)]
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
    study: Study | None = None,
    limits: ZipLimits | None = None,
) -> Decisions:
    """All of one coder's sheets and QDA projects, checked and placed on the current segments.

    study (Study | None): what reading a QDA project needs; None when files holds sheets only.
    limits (ZipLimits): what a returned workbook's or project's zip may hold.
    """
    from qualpipe.merge.projects import Imported

    imported = Imported()
    errors: list[PipelineError] = []
    for path in files:
        try:
            imported.add(_read_returned(path, segments, codes, study, limits))
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
    study: Study | None,
    limits: ZipLimits | None,
) -> Imported:
    from qualpipe.merge.projects import Imported, read_project

    if path.lower().endswith(PROJECT_SUFFIXES):
        if study is None:
            raise ValueError(f"{path}: reading a QDA project needs the study")
        return read_project(path, study, limits=limits)
    table = sheet_table(path, marks=(*codes, NOTHING_APPLIES), limits=limits)
    parsed = parse_rows(path, table.rows, codes)
    check_missing(path, parsed, segments)
    return Imported(rows=parsed, warnings=formula_warnings(path, table.formulas))


def formula_warnings(path: str, formulas: Sequence[str]) -> list[tuple[str, dict[str, object]]]:
    """W505 when cells read hold formulas, whose saved values were read: the values the coder
    saw when saving, not evaluated again here (no formula engine; a volatile or locale-bound
    formula could evaluate to something else than what the coder saw)."""
    if not formulas:
        return []
    return [("W505", {"file": path, "count": len(formulas), "where": formulas[0]})]


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
    from qualpipe.codebook import load_codebook

    codebook = load_codebook(codebook_path, schema_path=schema_path)
    segments = read_segments(segments_path)
    files = coder_files(coding_dir, coders)
    study = _study(files, codebook, segments, transcript_paths, overlap)
    decided, review, warnings = [], [], WarningLog()
    errors: list[PipelineError] = []
    for coder in coders:
        try:
            decisions = import_coder(
                files[coder], segments, codebook.ids, study=study, limits=zip_limits(limits)
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


def _study(
    files: Mapping[str, Sequence[str]],
    codebook: Codebook,
    segments: Mapping[str, Segment],
    transcript_paths: Sequence[str],
    overlap: float,
) -> Study | None:
    """What reading QDA projects needs, read only when a coder returned one."""
    if not any(p.lower().endswith(PROJECT_SUFFIXES) for paths in files.values() for p in paths):
        return None
    from qualpipe.merge.projects import Study, read_transcripts

    return Study(codebook, segments, read_transcripts(transcript_paths), overlap)


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


def presence_matrices(
    decisions: Sequence[Mapping[str, str]],
    codes: Sequence[str],
    coders: Sequence[str],
    *,
    level: str,
) -> dict[str, object]:
    """Per code, a units × coders matrix: 1 applied, 0 coded without it, NaN not coded.

    level (str): 'segment' (units are segments) or 'interview' (a code is present in an
        interview when the coder applied it to any segment of it; a coder who coded no
        segment of the interview is missing there).
    RETURNS (dict[str, numpy.ndarray]): by code, units in first-seen order; units no coder
        coded are left out.
    """
    import numpy as np

    column = {coder: n for n, coder in enumerate(coders)}
    units: dict[str, dict[int, set[str]]] = {}
    for row in decisions:
        if row["status"] == NOT_CODED or row["coder"] not in column:
            continue
        unit = row["segment_id"] if level == "segment" else row["interview_id"]
        found = units.setdefault(unit, {}).setdefault(column[row["coder"]], set())
        found.update(filter(None, row["codes"].split(";")))
    matrices = {}
    for code in codes:
        matrix = np.full((len(units), len(coders)), np.nan)
        for i, by_coder in enumerate(units.values()):
            for j, found in by_coder.items():
                matrix[i, j] = 1.0 if code in found else 0.0
        matrices[code] = matrix
    return matrices


AGREEMENT_FIELDS = (
    "level", "code", "units", "coders", "positives", "agreement", "agreement_low",
    "agreement_high", "kappa", "kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high",
)  # fmt: skip


def agreement(
    *,
    decisions_path: str,
    codebook_path: str,
    schema_path: str,
    coders: Sequence[str],
    resamples: int,
    seed: int,
    table_path: str,
    markdown_path: str,
) -> int:
    """Agreement per code and overall, at segment and interview level, with bootstrap CIs.

    RETURNS (int): the number of rows written.
    """
    from qualpipe.codebook import load_codebook
    from qualpipe.common.io import write_text_atomic
    from qualpipe.merge.agreement import agreement_rows

    codes = load_codebook(codebook_path, schema_path=schema_path).ids
    decisions = read_rows(decisions_path)
    rows = []
    for level in ("segment", "interview"):
        matrices = presence_matrices(decisions, codes, coders, level=level)
        rows += agreement_rows(matrices, resamples=resamples, seed=seed, level_name=level)
    write_rows(
        Path(table_path), AGREEMENT_FIELDS, [[cell(r[k]) for k in AGREEMENT_FIELDS] for r in rows]
    )
    write_text_atomic(agreement_markdown(rows), Path(markdown_path))
    return len(rows)


AGREEMENT_HEADER = (
    "| code | units | positives | % agreement | Cohen's κ [95% CI] | Krippendorff's α [95% CI] |"
)
AGREEMENT_RULE = "| --- | ---: | ---: | ---: | ---: | ---: |"


def agreement_markdown(rows: Sequence[Mapping[str, object]]) -> str:
    """Agreement as the article reports it: one table per level, CIs in brackets."""
    lines = []
    for level in ("segment", "interview"):
        lines += [f"## Agreement at {level} level", "", AGREEMENT_HEADER, AGREEMENT_RULE]
        for row in (r for r in rows if r["level"] == level):
            lines.append(
                f"| {row['code']} | {row['units']} | {row['positives']} | {_pct(row['agreement'])} "
                f"| {_ci(row, 'kappa')} | {_ci(row, 'alpha')} |"
            )
        lines.append("")
    return "\n".join(lines)


def _pct(value: object) -> str:
    return "–" if value != value else f"{100 * float(value):.1f}"  # type: ignore[arg-type]


def _ci(row: Mapping[str, object], name: str) -> str:
    value, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
    if value != value:
        return "–"
    interval = "" if low != low else f" [{float(low):.2f}, {float(high):.2f}]"  # type: ignore[arg-type]
    return f"{float(value):.2f}{interval}"  # type: ignore[arg-type]
