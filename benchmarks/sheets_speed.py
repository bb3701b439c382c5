"""Issue 16: writing a coding sheet with openpyxl (before) and with xlsxwriter (now).

Reads a run's segments and pre-coding suggestions (the demo: `snakemake --cores 2
results/precode/suggestions.csv`), builds one coder's study-wide sheet rows as `sheets_write`
does, then writes the workbook both ways in one process, best of --repeat runs each, and
prints the wall and CPU seconds, the ratio, the file sizes, and the seconds openpyxl needs to
read each back (merge reads returned sheets with openpyxl). Both must hold the same values.

    PYTHONPATH=workflow python benchmarks/sheets_speed.py [--results results] [--repeat 3]

The openpyxl writer below is the one the pipeline used before issue 16, kept here only as the
yardstick: the package writes with qualpipe.common.workbook.
"""

from __future__ import annotations

import argparse
import io
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import append_row, neutralise_cell, workbook_bytes
from qualpipe.common.records import NOTHING_APPLIES, sheet_columns
from qualpipe.common.workbook import (
    CHARS_PER_WIDTH,
    CODE_WIDTH,
    FONT,
    HEADER_FILL,
    LINE_HEIGHT,
    WIDTHS,
    xlsx_bytes,
)
from qualpipe.sheets.codebook import CODEBOOK_SHEET_COLUMNS, codebook_row
from qualpipe.sheets.coding import instructions, sheet_row
from qualpipe.sheets.inputs import read_segments, read_suggestions
from qualpipe.sheets.workbook import ENTRY_FILL, FIXED_FILL, FIXED_FONT, code_width, coding_workbook

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "workflow" / "schemas" / "codebook.schema.yaml"
CODE_COLUMNS = 4


# ---------------------------------------------------------------- the openpyxl writer (before)


def row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    lines = max(wrapped_lines(value, width) for value, width in zip(values, widths, strict=False))
    return min(lines, 27) * LINE_HEIGHT


def wrapped_lines(text: str, width: float) -> int:
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))


def old_fill_table(sheet: Any, columns: Sequence[str], rows: Sequence, *, width: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    append_row(sheet, columns)
    for row in rows:
        append_row(sheet, row)
    widths = [WIDTHS.get(column, width) for column in columns]
    for number, column_width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column_width
    for cell in sheet[1]:
        cell.font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap
        values = [str(cell.value or "") for cell in cells]
        sheet.row_dimensions[cells[0].row].height = row_height(values, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    old_print_setup(sheet)


def old_print_setup(sheet: Any) -> None:
    from openpyxl.worksheet.page import PageMargins

    sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.4, bottom=0.5)
    sheet.oddFooter.center.text = "&A, page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def old_style_coding(sheet: Any, columns: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    entry = PatternFill("solid", fgColor=ENTRY_FILL)
    fixed = PatternFill("solid", fgColor=FIXED_FILL)
    grey = Font(name=FONT, size=11, color=FIXED_FONT)
    for cells in sheet.iter_rows(min_row=2):
        for column, cell in zip(columns, cells, strict=True):
            if column.startswith("code_") or column in ("nothing_applies", "memo"):
                cell.fill = entry
            elif column in ("segment_id", "fingerprint"):
                cell.fill, cell.font = fixed, grey
    sheet.freeze_panes = "C2"
    sheet.print_area = f"A1:{get_column_letter(len(columns) - 1)}{sheet.max_row}"


def old_dropdowns(sheet: Any, columns: Sequence[str], *, codes: int) -> None:
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


def old_howto(sheet: Any, lines: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 100
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=neutralise_cell(line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = row_height([line], [100]) + 4
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    old_print_setup(sheet)


def old_coding_bytes(rows: Sequence, codebook: Codebook, howto: Sequence[str]) -> bytes:
    """The coding sheet as sheets_write wrote it before issue 16."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coding"
    columns = sheet_columns(CODE_COLUMNS)
    old_fill_table(sheet, columns, rows, width=code_width(codebook))
    old_style_coding(sheet, columns)
    old_dropdowns(sheet, columns, codes=len(codebook.codes))
    codes = workbook.create_sheet("Codebook")
    width = len(CODEBOOK_SHEET_COLUMNS)
    code_rows = [codebook_row(code)[:width] for code in codebook.codes]
    old_fill_table(codes, CODEBOOK_SHEET_COLUMNS, code_rows, width=CODE_WIDTH)
    old_howto(workbook.create_sheet("How to code"), howto)
    return workbook_bytes(workbook)


# ---------------------------------------------------------------- the measurement


def new_coding_bytes(rows: Sequence, codebook: Codebook, howto: Sequence[str]) -> bytes:
    """The coding sheet as sheets_write writes it now."""
    return xlsx_bytes(coding_workbook(rows, codebook, code_columns=CODE_COLUMNS, howto=howto))


def sheet_rows(results: Path, codebook: Codebook) -> list[list[str]]:
    """One coder's study-wide rows, as `write_coding_sheets` builds them."""
    segments_path = str(results / "segments" / "segments.csv")
    segments = read_segments(segments_path, interviews=())
    suggestions = read_suggestions(
        str(results / "precode" / "suggestions.csv"),
        codebook=codebook,
        segments_path=segments_path,
        segment_ids={segment["segment_id"] for segment in segments},
    )
    return [
        sheet_row(s, suggestions.get(s["segment_id"], []), code_columns=CODE_COLUMNS, prefill=False)
        for s in segments
    ]


def best_of(repeat: int, write: Callable[[], bytes]) -> tuple[float, float, bytes]:
    """The fastest of `repeat` runs: wall seconds, CPU seconds (steadier on a shared machine),
    and what it wrote."""
    walls, cpus, data = [], [], b""
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        data = write()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), data


def read_back(data: bytes) -> tuple[float, list[tuple]]:
    """Seconds openpyxl takes to read the 'Coding' sheet as merge does, and its values."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    values = [tuple(v if v != "" else None for v in row) for row in workbook["Coding"].values]
    return time.perf_counter() - start, values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=ROOT / "results")
    parser.add_argument("--codebook", type=Path, default=ROOT / "data" / "codebook.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    codebook = load_codebook(str(options.codebook), schema_path=str(SCHEMA))
    rows = sheet_rows(options.results, codebook)
    howto = instructions(coder="coder_a", code_columns=4, prefill=False, return_dir="data/coding")
    old_wall, old_cpu, old = best_of(
        options.repeat, lambda: old_coding_bytes(rows, codebook, howto)
    )
    new_wall, new_cpu, new = best_of(
        options.repeat, lambda: new_coding_bytes(rows, codebook, howto)
    )
    old_read, old_values = read_back(old)
    new_read, new_values = read_back(new)
    if old_values != new_values:
        raise SystemExit("the two workbooks hold different cell values")
    print(f"{len(rows)} segment rows, {len(codebook.codes)} codes, best of {options.repeat}")
    for name, wall, cpu, data, read in (
        ("openpyxl (before)", old_wall, old_cpu, old, old_read),
        ("xlsxwriter (now) ", new_wall, new_cpu, new, new_read),
    ):
        size = len(data) / 1e6
        print(f"{name}: {wall:6.2f} s ({cpu:5.2f} s CPU)  {size:4.2f} MB  read {read:.2f} s")
    print(
        f"ratio (openpyxl / xlsxwriter): {old_wall / new_wall:.2f} ({old_cpu / new_cpu:.2f} in CPU)"
    )


if __name__ == "__main__":
    main()
