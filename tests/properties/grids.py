"""Returned sheets as grids of cells, for the property-based tests of the merge and the
consensus (issue 14): what a coder types into a cell, and how a spreadsheet saves it."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from conftest import ROOT
from hostile import HOSTILE_CHARACTERS, prose
from hypothesis import strategies as st
from qualpipe.codebook import load_codebook
from qualpipe.common.io import neutralise_cell, restore_cell

CODEBOOK = load_codebook(
    str(ROOT / "tests" / "integration" / "data" / "codebook.yaml"),
    schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
)
CODES = CODEBOOK.ids

Grid = list[list[object]]  # a sheet's cells, the header first; None: an empty cell


def save(grid: Grid, path: Path) -> None:
    """The cells as a returned sheet: CSV in UTF-8 with BOM as Excel saves it, or a
    workbook whose sheet 'Coding' holds them (typed cells as typed; text a spreadsheet would
    run as a formula neutralised, as a coder's typed text is stored)."""
    if path.suffix == ".csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(
            [csv_text(value) for value in row] for row in grid
        )
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        return
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coding"
    for row in grid:
        sheet.append(
            [neutralise_cell(v) if isinstance(v, str) and v.startswith("=") else v for v in row]
        )
    workbook.save(path)


def csv_text(value: object) -> str:
    """A typed value as a spreadsheet writes it to CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def cell_text(value: object) -> str:
    """A cell as the merge must read it: its text, neutralising undone, no spaces around."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore_cell("" if value is None else str(value)).strip()


# Values a coder may type or paste into a cell.
TYPED = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.datetimes(datetime.datetime(1990, 1, 1), datetime.datetime(2030, 1, 1)).map(
        lambda t: t.replace(microsecond=0)
    ),
    st.booleans(),
)
TEXTS = st.one_of(
    st.sampled_from(["", " ", "\t", "x", "X", "xx", "-", "n/a", "0", *CODES]),
    st.sampled_from(CODES).flatmap(
        lambda c: st.sampled_from((c.upper(), f" {c} ", f"'{c}", f"{c};", f"\x0b{c}"))
    ),
    prose(max_size=20),
    st.text(st.sampled_from(HOSTILE_CHARACTERS), max_size=6),
    prose(max_size=20).map(lambda t: t * 300),  # long text
)
