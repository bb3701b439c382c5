"""Workbook formatting for every table we hand to people: a bold header, column widths, wrapped
rows tall enough for their text, and a printable page."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualpipe.common.io import append_row

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

WIDTHS = {
    "segment_id": 22,
    "interview": 11,
    "speaker": 18,
    "question": 40,
    "text": 80,
    "suggested": 24,
    "nothing_applies": 15,
    "memo": 30,
    "fingerprint": 14,
    "theme": 18,
    "category": 22,
    "code": 22,
    "label": 24,
    "description": 60,
    "examples": 60,
    "keywords": 40,
    "patterns": 40,
    "regex": 24,
    "exclude": 24,
    "opposes": 18,
}
CODE_WIDTH = 18  # a code_* column; a coding sheet widens it to its longest code id
FONT = "Calibri"
HEADER_FILL = "305496"
LINE_HEIGHT = 15  # points per line of 11-point Calibri
CHARS_PER_WIDTH = 1.25  # average characters of text per unit of column width


def fill_table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    code_width: int = CODE_WIDTH,
) -> None:
    """Write a header and rows, neutralised, formatted as a readable, printable table.

    sheet (Worksheet): an empty sheet. columns (Sequence[str]): the header.
    rows (Sequence[Sequence[str]]): the cells. code_width (int): width of code_* columns.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    append_row(sheet, columns)
    for row in rows:
        append_row(sheet, row)
    widths = [WIDTHS.get(column, code_width) for column in columns]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for cell in sheet[1]:
        cell.font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap_rows(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    set_print_setup(sheet)


def wrap_rows(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Wrap the text of every row below the header and make the row tall enough for it."""
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap
        values = [str(cell.value or "") for cell in cells]
        sheet.row_dimensions[cells[0].row].height = row_height(values, widths)


def row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    """Points for a row of wrapped text: spreadsheets do not all fit row heights on opening."""
    lines = max(wrapped_lines(value, width) for value, width in zip(values, widths, strict=False))
    return min(lines, 27) * LINE_HEIGHT  # Excel's limit is 409 points


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a cell's text takes when wrapped at word boundaries."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))


def set_print_setup(sheet: Worksheet) -> None:
    """Landscape A4, all columns on one page width, the header row on every page."""
    from openpyxl.worksheet.page import PageMargins

    sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.4, bottom=0.5)
    sheet.oddFooter.center.text = "&A, page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
