"""Workbook formatting for every table we hand to people: a bold header, column widths, wrapped
rows tall enough for their text, and a printable page.

Every workbook is written with xlsxwriter, row by row in constant-memory mode (issue 16:
openpyxl, cell by cell, took ~130 job-seconds for the demo's 23,000-row coding sheets);
openpyxl only reads the sheets coders return. Widths and heights are given in pixels so that
the file holds the same numbers openpyxl wrote (xlsxwriter's set_column adds Excel's padding).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from qualpipe.common.io import CORE_PROPERTIES, FIXED_TIME, fixed_zip_dates, write_row

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

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
PIXELS_PER_WIDTH = 7  # a unit of column width: the widest digit of 11-point Calibri
PIXELS_PER_POINT = 4 / 3  # at 96 dpi
WRAP = {"text_wrap": True, "valign": "top"}
A4 = 9  # the paper size code of the spreadsheet formats
HEADER_MARGIN = 0.5  # inches, as openpyxl wrote it
# Text stays text: xlsxwriter's write() would turn '=...' into a formula and 'http...' into a
# link; we call write_string anyway, and these options say so again.
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook() -> Workbook:
    """An empty workbook written in memory, rows in order, dated FIXED_TIME by 'qualpipe'.

    RETURNS (Workbook): fill it sheet by sheet, each sheet's rows top to bottom, then call
    `xlsx_bytes`.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(io.BytesIO(), OPTIONS)
    # created is also written as the modified date: the same inputs give the same bytes.
    workbook.set_properties({"author": "qualpipe", "created": FIXED_TIME})
    return workbook


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of a workbook from `new_workbook`: byte-identical for the same content
    (fixed dates in the document and the zip, our own extended properties)."""
    workbook.close()
    buffer = workbook.filename
    if not isinstance(buffer, io.BytesIO):
        raise TypeError("a workbook from new_workbook() writes into memory")
    return fixed_zip_dates(buffer.getvalue(), core=CORE_PROPERTIES)


def style(workbook: Workbook, **properties: object) -> Format:
    """A cell format in our font (xlsxwriter merges formats with the same properties)."""
    return workbook.add_format({"font_name": FONT, "font_size": 11, **properties})


def fill_table(
    workbook: Workbook,
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    code_width: int = CODE_WIDTH,
    formats: Mapping[str, Format] | None = None,
) -> None:
    """Write a header and rows, neutralised, formatted as a readable, printable table.

    workbook (Workbook): the sheet's workbook. sheet (Worksheet): an empty sheet.
    columns (Sequence[str]): the header. rows (Sequence[Sequence[object]]): the cells.
    code_width (int): width of code_* columns. formats (Mapping[str, Format]): the format
    of a column's cells below the header, instead of wrapped text.
    """
    widths = [WIDTHS.get(column, code_width) for column in columns]
    for number, width in enumerate(widths):
        set_width(sheet, number, width)
    header = style(workbook, bold=True, font_color="#FFFFFF", bg_color=f"#{HEADER_FILL}")
    write_row(sheet, 0, columns, [header] * len(columns))
    wrap = style(workbook, **WRAP)
    cell_formats = [(formats or {}).get(column, wrap) for column in columns]
    for number, row in enumerate(rows, start=1):
        texts = write_row(sheet, number, row, cell_formats)
        # Constant memory writes a row out when the next one starts: its height still counts.
        set_height(sheet, number, row_height(texts, widths))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    set_print_setup(sheet)


def set_width(sheet: Worksheet, column: int, width: float) -> None:
    """A column's width in characters, stored as openpyxl stored it (no padding added)."""
    sheet.set_column_pixels(column, column, round(width * PIXELS_PER_WIDTH))


def set_height(sheet: Worksheet, row: int, points: float) -> None:
    """A row's height in points (constant memory: before the next row is written)."""
    sheet.set_row_pixels(row, points * PIXELS_PER_POINT)


def row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    """Points for a row of wrapped text: spreadsheets do not all fit row heights on opening."""
    lines = max(wrapped_lines(value, width) for value, width in zip(values, widths, strict=False))
    return min(lines, 27) * LINE_HEIGHT  # Excel's limit is 409 points


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a cell's text takes when wrapped at word boundaries."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text and "\t" not in text:
        return 1  # what textwrap gives, without its cost: most cells are short (issue 16)
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))


def set_print_setup(sheet: Worksheet) -> None:
    """Landscape A4, all columns on one page width, the header row on every page."""
    sheet.set_margins(left=0.3, right=0.3, top=0.4, bottom=0.5)
    sheet.set_header("", {"margin": HEADER_MARGIN})
    sheet.set_footer("&C&A, page &P of &N", {"margin": HEADER_MARGIN})
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
