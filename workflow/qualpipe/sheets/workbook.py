"""The workbook of a coding sheet: 'Coding' with its entry colours and drop-downs, 'Codebook'
and 'How to code'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualpipe.codebook import Codebook
from qualpipe.common.io import write_row
from qualpipe.common.records import NOTHING_APPLIES, sheet_columns
from qualpipe.common.workbook import (
    CODE_WIDTH,
    WRAP,
    fill_table,
    new_workbook,
    row_height,
    set_height,
    set_print_setup,
    set_width,
    style,
)
from qualpipe.sheets.codebook import CODEBOOK_SHEET_COLUMNS, codebook_row

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MAX_CODE_WIDTH = 24
ENTRY_FILL = "FFF2CC"  # the cells a coder fills in
FIXED_FILL = "EDEDED"  # the cells that link codes to segments: do not edit
FIXED_FONT = "7F7F7F"
HOWTO_WIDTH = 100


def coding_workbook(
    rows: Sequence[Sequence[str]], codebook: Codebook, *, code_columns: int, howto: Sequence[str]
) -> Workbook:
    """The workbook of a coding sheet: 'Coding', 'Codebook' and 'How to code'.

    rows (Sequence[Sequence[str]]): rows from `sheet_row`. codebook (Codebook): its codes
    fill the drop-downs. code_columns (int): as in the rows. howto: `instructions`.
    RETURNS (Workbook): ready for `xlsx_bytes`.
    """
    workbook = new_workbook()
    sheet = workbook.add_worksheet("Coding")
    columns = sheet_columns(code_columns)
    formats = coding_formats(workbook, columns)
    fill_table(workbook, sheet, columns, rows, code_width=code_width(codebook), formats=formats)
    sheet.freeze_panes(1, 2)  # the header and the segment's id and interview stay in view
    sheet.print_area(0, 0, len(rows), len(columns) - 2)  # no fingerprint
    add_dropdowns(sheet, columns, rows=len(rows), codes=len(codebook.codes))
    codes = workbook.add_worksheet("Codebook")
    width = len(CODEBOOK_SHEET_COLUMNS)  # the first columns of codebook.xlsx
    code_rows = [codebook_row(code)[:width] for code in codebook.codes]
    fill_table(workbook, codes, CODEBOOK_SHEET_COLUMNS, code_rows)
    fill_howto(workbook, workbook.add_worksheet("How to code"), howto)
    return workbook


def code_width(codebook: Codebook) -> int:
    """The width of a code column: the longest code id fits on one line, up to a limit."""
    longest = max((len(code_id) for code_id in codebook.ids), default=0)
    return min(max(longest + 2, CODE_WIDTH), MAX_CODE_WIDTH)


def coding_formats(workbook: Workbook, columns: Sequence[str]) -> dict[str, Format]:
    """The cells to fill in (yellow) and the link cells not to edit (grey), by column."""
    entry = style(workbook, bg_color=f"#{ENTRY_FILL}", **WRAP)
    fixed = style(workbook, bg_color=f"#{FIXED_FILL}", font_color=f"#{FIXED_FONT}", **WRAP)
    formats = {}
    for column in columns:
        if column.startswith("code_") or column in ("nothing_applies", "memo"):
            formats[column] = entry
        elif column in ("segment_id", "fingerprint"):
            formats[column] = fixed
    return formats


def add_dropdowns(sheet: Worksheet, columns: Sequence[str], *, rows: int, codes: int) -> None:
    """Drop-downs: code ids from sheet 'Codebook' (a range: inline lists stop at 255
    characters) in the code columns, and 'x' under nothing_applies."""
    last_row = max(rows, 1)  # row 0 is the header
    numbers = {column: number for number, column in enumerate(columns)}
    code_numbers = [numbers[c] for c in columns if c.startswith("code_")]
    choices = {
        (code_numbers[0], code_numbers[-1]): f"=Codebook!$C$2:$C${codes + 1}",
        (numbers["nothing_applies"], numbers["nothing_applies"]): [NOTHING_APPLIES],
    }
    for (first, last), source in choices.items():
        sheet.data_validation(
            1,
            first,
            last_row,
            last,
            {
                "validate": "list",
                "source": source,
                "ignore_blank": True,
                "show_input": False,
                "error_title": "Not in the list",
                "error_message": "Choose from the drop-down (code ids are on sheet 'Codebook').",
            },
        )


def fill_howto(workbook: Workbook, sheet: Worksheet, lines: Sequence[str]) -> None:
    """The 'How to code' sheet: a title and one instruction per row."""
    set_width(sheet, 0, HOWTO_WIDTH)
    title = style(workbook, font_size=14, bold=True, **WRAP)
    wrap = style(workbook, **WRAP)
    for number, line in enumerate(lines):
        height = 24 if number == 0 else row_height([line], [HOWTO_WIDTH]) + 4
        set_height(sheet, number, height)
        write_row(sheet, number, [line], [title if number == 0 else wrap])
    set_print_setup(sheet)
