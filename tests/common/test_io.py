"""The one writer of every CSV and .xlsx table: formulas neutralised, reversibly (issue 14)."""

import ast
import math
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from qualpipe.common import io as tables
from qualpipe.common.io import (
    append_row,
    cell,
    check_outputs,
    csv_text,
    is_unsafe,
    neutralise_cell,
    read_rows,
    restore_cell,
    workbook_bytes,
    write_rows,
)

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''",
    "'-0.53",
    "yes;=1+1",
    "a; -1+2;'=b;",
]


@pytest.mark.parametrize(
    "text", [*HOSTILE, "+46 70", "-", "@x", "'tis", "'", "plain", "", "-0.53", "=", "-inf"]
)
def test_io_restore_cell_inverts_neutralise_cell(text: str) -> None:
    safe = neutralise_cell(text)
    assert not is_unsafe(safe)
    assert restore_cell(safe) == text


@pytest.mark.parametrize("number", ["-0.5300", "-3", "1.2e-05", "-1.5e-05", "0.0001", "-.5"])
def test_io_numbers_stay_numbers(number: str) -> None:
    assert neutralise_cell(number) == number


@pytest.mark.parametrize("text", ["-1+2", "-inf", "--5", "-5 cases", "+5", "-"])
def test_io_text_that_only_starts_like_a_number_is_neutralised(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("text", "safe"),
    [("yes;=1+1", "yes;'=1+1"), ("officials; managers", "officials; managers"), ("a;-5", "a;-5")],
)
def test_io_each_part_after_a_semicolon_is_a_cell_start(text: str, safe: str) -> None:
    assert neutralise_cell(text) == safe  # Excel splits at ';' where that is the separator


def test_io_csv_round_trip_restores_every_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_rows(path, ("text", "share", "count"), [[text, "-0.5300", 3] for text in HOSTILE])
    written = path.read_bytes().decode("utf-8")
    assert "'=HYPERLINK" in written and "'+cmd" in written and "''=already" in written
    assert "\n'-2+3,-0.5300,3\n" in written
    assert '\n"\'\r=1+1","-0.5300","3"\n' in written  # a lone CR is quoted, or it ends the row
    assert [row["text"] for row in read_rows(path)] == HOSTILE
    assert check_outputs([tmp_path]) == []


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_io_writer_refuses_a_float_that_is_not_finite(value: float) -> None:
    with pytest.raises(ValueError, match="no table cell"):
        csv_text(("estimate",), [[value]])


def test_io_cell_formats_floats_and_refuses_infinity() -> None:
    assert (cell(-0.53), cell(math.nan), cell(None), cell(7)) == ("-0.5300", "", "", "7")
    with pytest.raises(ValueError, match="no table cell"):
        cell(-math.inf)


def test_io_xlsx_never_holds_a_formula_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    append_row(workbook.active, ["=SUM(A1)", -0.53, "-0.53", "+cmd|' /C calc'!A0"])
    (tmp_path / "t.xlsx").write_bytes(workbook_bytes(workbook))
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [c.data_type for c in sheet[1]] == ["s", "n", "s", "s"]
    assert [restore_cell(str(c.value)) for c in sheet[1]][::3] == ["=SUM(A1)", "+cmd|' /C calc'!A0"]
    assert check_outputs([tmp_path]) == []


def test_io_workbook_bytes_refuses_a_formula_cell() -> None:
    workbook = Workbook()
    workbook.active["B2"] = "=SUM(A1)"  # as openpyxl takes text that was not neutralised
    with pytest.raises(ValueError, match="Sheet!B2"):
        workbook_bytes(workbook)


def test_io_check_outputs_names_each_unsafe_cell(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("text,p\n=1+1,inf\n'=1+1,-0.5\nok;@x,1\n", encoding="utf-8")
    workbook = Workbook()
    workbook.active["A1"] = "=SUM(B1)"
    workbook.save(tmp_path / "t.xlsx")
    assert check_outputs([tmp_path]) == [
        f"{tmp_path / 't.csv'}:2:1",
        f"{tmp_path / 't.csv'}:2:2",
        f"{tmp_path / 't.csv'}:4:1",
        f"{tmp_path / 't.xlsx'}:Sheet!A1",
    ]
    assert tables.main([str(tmp_path)]) == 1


def test_io_imports_no_stage() -> None:
    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    ours = [module for module in imported if module and module.startswith("qualpipe")]
    assert ours == ["qualpipe.errors"]
