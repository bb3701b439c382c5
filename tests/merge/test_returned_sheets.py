"""Returned workbooks are read as the coder left them: a cell the merge cannot read faithfully
(a formula saved without its value, a failed formula, a doubled heading, a decision under no
heading) is an error naming the cell, never a silent change of a decision (issue 14)."""

import csv
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.common.records import Segment, sheet_columns
from qualpipe.errors import PipelineError
from qualpipe.merge.consensus import read_adjudication
from qualpipe.merge.decisions import decision_rows
from qualpipe.merge.returned import import_coder, import_sheets
from qualpipe.segment.units import fingerprint

CODES = ["workload", "performance_measures"]
TEXTS = {"i1-t0001-s01": "We had quotas.", "i1-t0001-s02": "Mm, yes."}
SEGMENTS = {k: Segment(k, "i1", fingerprint(v), v) for k, v in TEXTS.items()}
SHEET_XML = "xl/worksheets/sheet1.xml"
# Row 3 (segment i1-t0001-s02), column I: nothing_applies of a sheet with two code columns.
MARK = "I3"
FORMULA = '=IF(TRUE,"x","")'


def _workbook(
    tmp_path: Path,
    mark: object = "x",
    *,
    header: list[str] | None = None,
    extra: object = None,
    patch: Callable[[str], str] | None = None,
) -> str:
    """A returned workbook: row 2 coded 'workload', row 3 holding `mark` under nothing_applies
    (and `extra` right of the table); `patch` edits the sheet's XML, as another program would
    have saved it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coding"
    sheet.append(header or sheet_columns(2))
    for segment_id, text in TEXTS.items():
        coded = segment_id.endswith("s01")
        row = [segment_id, "i1", "", "", text, "", "workload" if coded else None, None]
        row += [None if coded else mark, None, fingerprint(text)]
        sheet.append(row + ([] if coded or extra is None else [extra]))
    path = tmp_path / "ana.xlsx"
    workbook.save(path)
    if patch is not None:
        _patch(path, patch)
    return str(path)


def _patch(path: Path, patch: Callable[[str], str]) -> None:
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members[SHEET_XML] = patch(members[SHEET_XML].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


def _saved_value(value: str, kind: str = "str") -> Callable[[str], str]:
    """The formula cell with the value a calculating program saves beside it."""

    def patch(xml: str) -> str:
        cell = re.search(rf'<c r="{MARK}"[^>]*>(<f>.*?</f>)<v\s*/?>(</v>)?</c>', xml)
        assert cell, xml
        return xml.replace(cell[0], f'<c r="{MARK}" t="{kind}">{cell[1]}<v>{value}</v></c>')

    return patch


def _statuses(path: str) -> list[str]:
    decisions = import_coder([path], SEGMENTS, CODES)
    return [row[3] for row in decision_rows("ana", decisions, SEGMENTS)]


def test_returned_formula_without_a_saved_value_is_an_error_naming_the_cell(
    tmp_path: Path,
) -> None:
    # openpyxl, like any script, saves a formula without its value: read as empty, it turned
    # 'nothing applies' into 'not coded' with no message.
    path = _workbook(tmp_path, FORMULA)
    with pytest.raises(PipelineError, match=rf"E519.*ana\.xlsx: sheet Coding, cell {MARK} holds"):
        import_coder([path], SEGMENTS, CODES)


def test_returned_formula_with_its_saved_value_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _workbook(tmp_path, FORMULA, patch=_saved_value("x"))
    decisions = import_coder([path], SEGMENTS, CODES)
    assert [r[3] for r in decision_rows("ana", decisions, SEGMENTS)] == [
        "coded",
        "nothing_applies",
    ]
    assert decisions.warnings == [
        ("W505", {"file": path, "count": 1, "where": f"sheet Coding, cell {MARK}"})
    ]


def test_returned_formula_whose_saved_value_is_empty_text_is_not_coded(tmp_path: Path) -> None:
    # =IF(..., "x", "") showing nothing: saved by Excel as an empty string, seen as blank.
    path = _workbook(tmp_path, '=IF(FALSE,"x","")', patch=_saved_value(""))
    assert _statuses(path) == ["coded", "not_coded"]


def test_returned_failed_formula_is_an_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path, "=B99/0", patch=_saved_value("#DIV/0!", kind="e"))
    with pytest.raises(
        PipelineError, match=rf"E520.*cell {MARK} holds a formula that failed \(#DIV/0!\)"
    ):
        import_coder([path], SEGMENTS, CODES)


def test_returned_sheet_rows_past_its_recorded_dimensions_are_read(tmp_path: Path) -> None:
    # A program that records too small a sheet: read-only openpyxl stopped at row 1.
    path = _workbook(
        tmp_path, patch=lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B1"', xml)
    )
    assert _statuses(path) == ["coded", "nothing_applies"]


def test_returned_sheet_with_a_doubled_heading_is_an_error(tmp_path: Path) -> None:
    # A coder who copies the column code_2 to make room for a third code.
    header = [*sheet_columns(2), "code_2"]
    path = _workbook(tmp_path, None, header=header, extra="performance_measures")
    with pytest.raises(PipelineError, match=r"E521.*sheet Coding, cell H1 and cell L1 head two"):
        import_coder([path], SEGMENTS, CODES)


@pytest.mark.parametrize(
    ("extra", "statuses"),
    [("a note", ["coded", "nothing_applies"]), ("workload", None), (" X ", None)],
)
def test_returned_decision_under_no_heading_is_an_error(
    tmp_path: Path, extra: str, statuses: list[str] | None
) -> None:
    path = _workbook(tmp_path, extra=extra)
    if statuses:
        assert _statuses(path) == statuses
    else:
        with pytest.raises(PipelineError, match=r"E522.*sheet Coding, cell L3 holds a code"):
            import_coder([path], SEGMENTS, CODES)


def test_returned_csv_with_a_doubled_heading_or_a_decision_under_none(tmp_path: Path) -> None:
    path = tmp_path / "ana.csv"
    rows = [[*sheet_columns(2), "code_1"]]
    rows += [
        [k, "i1", "", "", v, "", "", "", "", "", fingerprint(v), "", "x"] for k, v in TEXTS.items()
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(PipelineError) as caught:
        import_coder([str(path)], SEGMENTS, CODES)
    assert [line[:6] for line in str(caught.value).splitlines()] == ["[E521]", "[E522]", "[E522]"]
    assert "line 1, column 7 and line 1, column 12 head" in str(caught.value)
    assert "line 2, column 13 holds a code" in str(caught.value)


def test_returned_formula_warning_reaches_the_merge_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "coding" / "ana").mkdir(parents=True)
    _workbook(tmp_path / "coding" / "ana", FORMULA, patch=_saved_value("x"))
    segments = tmp_path / "segments.csv"
    segments.write_text("segment_id,interview_id,fingerprint,text\n" + "".join(
        f"{k},i1,{s.fingerprint},{s.text}\n" for k, s in SEGMENTS.items()))  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        import_sheets(
            coding_dir=str(tmp_path / "coding"),
            coders=["ana"],
            segments_path=str(segments),
            codebook_path=str(ROOT / "tests" / "integration" / "data" / "codebook.yaml"),
            schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
            decisions_path=str(tmp_path / "d.csv"),
            review_path=str(tmp_path / "r.csv"),
            transcript_paths=[],
            overlap=0.5,
        )
    assert (
        "[W505]" in caplog.text
        and f"1 cell(s) read hold formulas (first: sheet Coding, cell {MARK})" in caplog.text
    )


def _adjudication(
    tmp_path: Path,
    decision: object,
    header: tuple[str, ...] = ("segment_id", "code", "decision", "note"),
) -> str:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Disagreements"
    workbook.active.append(header)
    workbook.active.append(["s1", "workload", decision, ""])
    workbook.save(tmp_path / "adjudication.xlsx")
    return str(tmp_path / "adjudication.xlsx")


def test_adjudication_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    path = _adjudication(tmp_path, '=IF(TRUE,"apply","")')
    with pytest.raises(
        PipelineError, match=r"E519.*adjudication\.xlsx: sheet Disagreements, cell C2"
    ):
        read_adjudication(path, segments={"s1": "i1"}, codes=["workload"])


def test_adjudication_without_its_decision_column_is_an_error(tmp_path: Path) -> None:
    # A renamed heading made every decision of the meeting go unread.
    path = _adjudication(tmp_path, "apply", header=("segment_id", "code", "verdict", "note"))
    with pytest.raises(PipelineError, match=r"E504.*line 1: the column\(s\) decision are missing"):
        read_adjudication(path, segments={"s1": "i1"}, codes=["workload"])


def test_adjudication_workbook_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "adjudication.xlsx").write_text("not a zip")
    with pytest.raises(PipelineError, match=r"E523.*not a readable workbook \(BadZipFile\)"):
        read_adjudication(str(tmp_path / "adjudication.xlsx"), segments={}, codes=[])


def test_returned_text_that_starts_with_equals_is_text_not_a_formula(tmp_path: Path) -> None:
    # Excel stores '=x typed with its apostrophe as the text '=x': no formula, no warning.
    from openpyxl import load_workbook

    path = _workbook(tmp_path)
    workbook = load_workbook(path)
    workbook["Coding"]["J3"].value = "=a note"
    workbook["Coding"]["J3"].data_type = "s"
    workbook.save(path)
    decisions = import_coder([path], SEGMENTS, CODES)
    assert decisions.warnings == []
    assert decisions.by_segment["i1-t0001-s02"].memo == "=a note"


def test_returned_headings_are_read_whatever_their_case_and_spaces(tmp_path: Path) -> None:
    # A coder's third code column 'Code_3 ' was not read as one: its codes were dropped.
    header = [*sheet_columns(2), " Code_3 "]
    path = _workbook(tmp_path, None, header=header, extra="performance_measures")
    decisions = import_coder([path], SEGMENTS, CODES)
    assert decisions.by_segment["i1-t0001-s02"].codes == ("performance_measures",)


def test_returned_csv_saved_as_windows_1252_is_an_error(tmp_path: Path) -> None:
    # Excel's plain 'CSV' on Windows: a traceback before, now the catalogued line.
    path = tmp_path / "ana.csv"
    header = ",".join(sheet_columns(2))
    path.write_bytes(f"{header}\ni1-t0001-s01,i1,,,Här,,,,x,,abc\n".encode("cp1252"))
    with pytest.raises(PipelineError, match=r"E506.*ana\.csv: .*it is not UTF-8 \(byte \d+\)"):
        import_coder([str(path)], SEGMENTS, CODES)
