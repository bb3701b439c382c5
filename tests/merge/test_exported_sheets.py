"""A sheet the pipeline exports (xlsxwriter, issue 16), filled in by a coder (openpyxl plays the
spreadsheet program) and returned, merges to the same decisions as the same entries in its
CSV twin."""

import csv
import io
from pathlib import Path

from conftest import ROOT
from openpyxl import load_workbook
from qualpipe.common.io import CORE_PROPERTIES, neutralise_cell
from qualpipe.merge.decisions import decision_rows
from qualpipe.merge.returned import import_coder, read_segments
from qualpipe.segment.units import fingerprint
from qualpipe.sheets.coding import write_coding_sheets

SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
CODEBOOK = """\
themes:
  - id: work
    label: Work
    categories:
      - id: load
        label: Load
        codes:
          - {id: workload, label: Workload, description: Too many cases., keywords: [cases]}
          - id: targets
            label: Targets
            description: Targets that steer the work.
            keywords: [target]
"""
TEXTS = {
    "a1-t0002-s01": "We had far too many cases.",
    "a1-t0002-s02": "=SUM(A1) was the target.",
    "a1-t0004-s01": "Mm, yes.",
    "a1-t0006-s01": "Nobody asked.",
}
# What the coder enters: codes, or 'x' under nothing_applies; a memo; the last row is left.
ENTRIES = {
    "a1-t0002-s01": (["workload", "targets"], "", "-too many, said twice"),
    "a1-t0002-s02": (["targets"], "", ""),
    "a1-t0004-s01": ([], "x", ""),
}


def _export(tmp_path: Path) -> tuple[Path, Path]:
    header = "segment_id,interview_id,speaker,fingerprint,question,text\n"
    lines = [f"{k},a1,Official 1,{fingerprint(v)},How many?,{v}\n" for k, v in TEXTS.items()]
    (tmp_path / "seg.csv").write_text(header + "".join(lines), encoding="utf-8")
    (tmp_path / "sug.csv").write_text("segment_id,interview_id,code,negated\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    xlsx, table = write_coding_sheets(
        segments_path=str(tmp_path / "seg.csv"),
        suggestions_path=str(tmp_path / "sug.csv"),
        codebook_path=str(tmp_path / "codebook.yaml"),
        schema_path=SCHEMA,
        coder="ana",
        output_dir=str(tmp_path / "sheets"),
        sheets="study",
        interviews=[],
        code_columns=2,
        prefill=False,
        coding_dir="data/coding",
    )
    return Path(xlsx), Path(table)


def _filled(values: dict[str, object]) -> dict[str, object]:
    codes, nothing, memo = ENTRIES.get(str(values["segment_id"]), ([], "", ""))
    filled = dict(values)
    filled.update(code_1=[*codes, ""][0], code_2=[*codes, "", ""][1])
    filled.update(nothing_applies=nothing, memo=neutralise_cell(memo))
    return filled


def _fill_workbook(path: Path) -> Path:
    """The coder's spreadsheet program: the exported workbook, cells typed in, saved."""
    workbook = load_workbook(path)
    sheet = workbook["Coding"]
    header = [cell.value for cell in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        values = {name: cell.value for name, cell in zip(header, cells, strict=True)}
        for cell, value in zip(cells, _filled(values).values(), strict=True):
            cell.value = value or None
    returned = path.with_name("returned.xlsx")
    workbook.save(returned)
    return returned


def _fill_csv(path: Path) -> Path:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames or [], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_filled(row) for row in reader)
    returned = path.with_name("returned.csv")
    returned.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return returned


def _decisions(path: Path, segments_path: Path) -> list[list[object]]:
    segments = read_segments(str(segments_path))
    decisions = import_coder([str(path)], segments, ["workload", "targets"])
    memos = {k: row.memo for k, row in decisions.by_segment.items()}
    rows = decision_rows("ana", decisions, segments)
    return [[*row[:5], row[6], memos.get(str(row[1]), "")] for row in rows]


def test_exported_sheet_filled_in_a_spreadsheet_merges_as_its_csv_twin(tmp_path: Path) -> None:
    xlsx, table = _export(tmp_path)
    from_workbook = _decisions(_fill_workbook(xlsx), tmp_path / "seg.csv")
    assert from_workbook == _decisions(_fill_csv(table), tmp_path / "seg.csv")
    assert from_workbook == [
        ["ana", "a1-t0002-s01", "a1", "coded", "workload;targets", 2, "-too many, said twice"],
        ["ana", "a1-t0002-s02", "a1", "coded", "targets", 3, ""],
        ["ana", "a1-t0004-s01", "a1", "nothing_applies", "", 4, ""],
        ["ana", "a1-t0006-s01", "a1", "not_coded", "", 5, ""],
    ]


def test_exported_sheet_keeps_drop_downs_and_entry_colours_once_saved_by_a_coder(
    tmp_path: Path,
) -> None:
    sheet = load_workbook(_fill_workbook(_export(tmp_path)[0]))["Coding"]
    rules = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert rules == {"G2:H5": "Codebook!$C$2:$C$3", "I2:I5": '"x"'}
    assert sheet["H5"].fill.fgColor.rgb.endswith("FFF2CC") and sheet["H5"].value is None


def test_exported_sheet_core_properties_are_ours(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(_export(tmp_path)[0]) as archive:
        assert archive.read("docProps/core.xml") == CORE_PROPERTIES
        assert b"<Application>qualpipe</Application>" in archive.read("docProps/app.xml")
