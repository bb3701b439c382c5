"""Merge: a returned workbook (.xlsx) or CSV file read cell by cell, as the merge reads coders'
sheets and the team's adjudication.

A formula's cell holds the value saved with it, or says that there is none, or that it failed;
a cell the merge reads may not be either of the latter (E519, E520). Two columns with one
heading (E521) and a decision under no heading (E522) are errors, since one would go unread.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualpipe.common.archive import ZipLimits, check_zip
from qualpipe.common.io import restore_cell
from qualpipe.errors import PipelineError, raise_all
from qualpipe.merge.inline import plain_inline_strings

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet as Worksheet


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
    # openpyxl (and the numpy it imports) only where a workbook is read: 0.45 s of a job that
    # reads CSV files only (issue 16).
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
    with plain_inline_strings():
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
    # Values only (cell objects cost twice the time): a formula reads as its text, '=...';
    # a typed text that starts with '=' is told apart by _saved_values.
    from openpyxl.utils import get_column_letter

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
