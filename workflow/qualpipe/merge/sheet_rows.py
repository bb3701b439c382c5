"""Merge: a coder's returned coding sheet (.xlsx sheet 'Coding', or CSV) read as rows, each
checked.

A returned row is one of three things, never confused: codes (the code columns), 'nothing
applies' (an explicit x), or not coded (left blank). Every problem of a sheet is raised at
once: unknown codes, marks other than x, codes beside x, code ids in columns the merge does
not read, a segment in two rows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence

from qualpipe.common.archive import ZipLimits
from qualpipe.common.records import NOTHING_APPLIES, Row, sheet_columns
from qualpipe.errors import PipelineError, raise_all, shown
from qualpipe.merge.cells import Table, clean_row, csv_cells, read_cells, read_table

# The form of the ids segment.py gives: '<interview id>-t0001-s01'.
SEGMENT_ID = re.compile(r"[A-Za-z0-9_-]+-t\d{4}-s\d{2}")
REQUIRED = ("segment_id", "text", "nothing_applies", "fingerprint")


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


def formula_warnings(path: str, formulas: Sequence[str]) -> list[tuple[str, dict[str, object]]]:
    """W505 when cells read hold formulas, whose saved values were read: the values the coder
    saw when saving, not evaluated again here (no formula engine; a volatile or locale-bound
    formula could evaluate to something else than what the coder saw)."""
    if not formulas:
        return []
    return [("W505", {"file": path, "count": len(formulas), "where": formulas[0]})]
