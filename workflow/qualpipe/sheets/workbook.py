"""The workbook of a coding sheet: 'Coding' with its entry colours and drop-downs, 'Codebook'
and 'How to code'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from qualpipe.codebook import Codebook
from qualpipe.common.io import text_cell
from qualpipe.common.records import NOTHING_APPLIES, sheet_columns
from qualpipe.common.workbook import CODE_WIDTH, FONT, fill_table, row_height, set_print_setup
from qualpipe.sheets.codebook import CODEBOOK_SHEET_COLUMNS, codebook_row

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

MAX_CODE_WIDTH = 24
ENTRY_FILL = "FFF2CC"  # the cells a coder fills in
FIXED_FILL = "EDEDED"  # the cells that link codes to segments: do not edit
FIXED_FONT = "7F7F7F"


def coding_workbook(
    rows: Sequence[Sequence[str]], codebook: Codebook, *, code_columns: int, howto: Sequence[str]
) -> Workbook:
    """The workbook of a coding sheet: 'Coding', 'Codebook' and 'How to code'.

    rows (Sequence[Sequence[str]]): rows from `sheet_row`. codebook (Codebook): its codes
    fill the drop-downs. code_columns (int): as in the rows. howto: `instructions`.
    RETURNS (Workbook): ready for `workbook_bytes`.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coding"
    columns = sheet_columns(code_columns)
    fill_table(sheet, columns, rows, code_width=code_width(codebook))
    style_coding_sheet(sheet, columns)
    add_dropdowns(sheet, columns, codes=len(codebook.codes))
    codes = workbook.create_sheet("Codebook")
    width = len(CODEBOOK_SHEET_COLUMNS)  # the first columns of codebook.xlsx
    fill_table(codes, CODEBOOK_SHEET_COLUMNS, [codebook_row(c)[:width] for c in codebook.codes])
    fill_howto(workbook.create_sheet("How to code"), howto)
    return workbook


def code_width(codebook: Codebook) -> int:
    """The width of a code column: the longest code id fits on one line, up to a limit."""
    longest = max((len(code_id) for code_id in codebook.ids), default=0)
    return min(max(longest + 2, CODE_WIDTH), MAX_CODE_WIDTH)


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
