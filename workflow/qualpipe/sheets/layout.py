"""Workbook formatting: column widths, wrapped rows, print setup, the coding sheet's colours and
drop-downs, the 'How to code' sheet."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from qualpipe.codebook import Codebook
from qualpipe.common.io import append_row, text_cell
from qualpipe.common.records import NOTHING_APPLIES

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
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
CODE_WIDTH = 18  # widened to the longest code id, up to MAX_CODE_WIDTH
MAX_CODE_WIDTH = 24
FONT = "Calibri"
HEADER_FILL = "305496"
ENTRY_FILL = "FFF2CC"  # the cells a coder fills in
FIXED_FILL = "EDEDED"  # the cells that link codes to segments: do not edit
FIXED_FONT = "7F7F7F"
LINE_HEIGHT = 15  # points per line of 11-point Calibri
CHARS_PER_WIDTH = 1.25  # average characters of text per unit of column width


def code_width(codebook: Codebook) -> int:
    """The width of a code column: the longest code id fits on one line, up to a limit."""
    longest = max((len(code_id) for code_id in codebook.ids), default=0)
    return min(max(longest + 2, CODE_WIDTH), MAX_CODE_WIDTH)


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


def style_coding_sheet(sheet: Worksheet, columns: Sequence[str]) -> None:
    """Mark the cells to fill in (yellow) and the link cells not to edit (grey)."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    entry, fixed = (
        PatternFill("solid", fgColor=ENTRY_FILL),
        PatternFill("solid", fgColor=FIXED_FILL),
    )
    grey = Font(name=FONT, size=11, color=FIXED_FONT)
    for cells in sheet.iter_rows(min_row=2):
        for column, cell in zip(columns, cells, strict=True):
            if column.startswith("code_") or column in ("nothing_applies", "memo"):
                cell.fill = entry
            elif column in ("segment_id", "fingerprint"):
                cell.fill, cell.font = fixed, grey
    sheet.freeze_panes = "C2"  # the header and the segment's id and interview stay in view
    sheet.print_area = f"A1:{get_column_letter(len(columns) - 1)}{sheet.max_row}"  # no fingerprint


def add_dropdowns(sheet: Worksheet, columns: Sequence[str], *, codes: int) -> None:
    """Drop-downs: code ids from sheet 'Codebook' (a range: inline lists stop at 255
    characters) in the code columns, and 'x' under nothing_applies."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last_row = max(sheet.max_row, 2)
    letters = {column: get_column_letter(n) for n, column in enumerate(columns, start=1)}
    code_letters = [letters[c] for c in columns if c.startswith("code_")]
    choices = {
        f"{code_letters[0]}2:{code_letters[-1]}{last_row}": f"Codebook!$C$2:$C${codes + 1}",
        f"{letters['nothing_applies']}2:{letters['nothing_applies']}{last_row}": (
            f'"{NOTHING_APPLIES}"'
        ),
    }
    for cells, formula in choices.items():
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not in the list",
            error="Choose from the drop-down (code ids are on sheet 'Codebook').",
        )
        validation.add(cells)
        sheet.add_data_validation(validation)


def fill_howto(sheet: Worksheet, lines: Sequence[str]) -> None:
    """The 'How to code' sheet: a title and one instruction per row."""
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 100
    for number, line in enumerate(lines, start=1):
        # common.io.text_cell returns the cell it wrote, typed as object.
        cell = cast("Cell", text_cell(sheet, row=number, column=1, text=line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = row_height([line], [100]) + 4
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    set_print_setup(sheet)
