import csv
import logging
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from openpyxl import load_workbook
from qualpipe.common.io import restore_cell
from qualpipe.common.plan import check_coders, coding_sheet_paths
from qualpipe.common.records import sheet_columns
from qualpipe.errors import PipelineError
from qualpipe.sheets.codebook import write_codebook
from qualpipe.sheets.coding import write_coding_sheets

SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
CODEBOOK = """\
themes:
  - id: work
    label: Work
    description: How the work is organised.
    categories:
      - id: load
        label: Load
        codes:
          - id: workload
            label: Workload
            description: Too many cases for one official.
            keywords: [caseload, too many cases]
            examples: ["We had forty cases each."]
          - id: performance_measures
            label: Performance measures
            description: Targets and statistics that steer the work.
            keywords: [target]
            regex: ['-?\\d+ cases']
            opposes: workload
"""
SEGMENT_HEADER = (
    "segment_id,interview_id,turn,segment,start,end,speaker,role,group,site,wave,words,"
    "fingerprint,question,text\n"
)
SEGMENTS = SEGMENT_HEADER + (
    'a1-t0002-s01,a1,2,1,0,40,"Insurance official 1, office 3",official,officials,north,2013,'
    '8,0123456789ab,How many cases?,"We had far too many cases, a huge caseload."\n'
    'a1-t0002-s02,a1,2,2,41,70,"Insurance official 1, office 3",official,officials,north,2013,'
    "5,0123456789ac,How many cases?,=SUM(A1) was the target.\n"
    "b2-t0004-s01,b2,4,1,0,20,Unit manager 2,manager,managers,south,2013,3,0123456789ad,,"
    "@boss never said so.\n"
)
SUGGESTION_HEADER = "segment_id,interview_id,code,category,theme,matches,terms,negated,sources\n"
SUGGESTIONS = SUGGESTION_HEADER + (
    "a1-t0002-s01,a1,performance_measures,load,work,1,target,true,keyword\n"
    "a1-t0002-s01,a1,workload,load,work,2,too many cases; caseload,false,keyword\n"
    "a1-t0002-s02,a1,performance_measures,load,work,1,target,false,keyword\n"
)


def _study(
    tmp_path: Path, segments: str = SEGMENTS, suggestions: str = SUGGESTIONS, **options: object
) -> dict:
    for name, text in (("codebook.yaml", CODEBOOK), ("seg.csv", segments)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "sug.csv").write_text(suggestions, encoding="utf-8")
    return {
        "segments_path": str(tmp_path / "seg.csv"),
        "suggestions_path": str(tmp_path / "sug.csv"),
        "codebook_path": str(tmp_path / "codebook.yaml"),
        "schema_path": SCHEMA,
        "coder": "anna",
        "output_dir": str(tmp_path / "sheets" / "anna"),
        "sheets": "study",
        "interviews": [],
        "code_columns": 4,
        "prefill": False,
        "coding_dir": "data/coding",
        **options,
    }


def _coding(tmp_path: Path, **options: object) -> list[list[object]]:
    paths = write_coding_sheets(**_study(tmp_path, **options))
    sheet = load_workbook(paths[0])["Coding"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_sheets_columns_and_first_row(tmp_path: Path) -> None:
    rows = _coding(tmp_path, code_columns=2)
    assert rows[0] == sheet_columns(2)
    assert rows[0][6:] == ["code_1", "code_2", "nothing_applies", "memo", "fingerprint"]
    assert rows[1][:6] == [
        "a1-t0002-s01",
        "a1",
        "Insurance official 1, office 3",
        "How many cases?",
        "We had far too many cases, a huge caseload.",
        "workload; performance_measures (negated)",
    ]
    assert rows[1][-1] == "0123456789ab" and len(rows) == 4


def test_sheets_code_columns_drop_down_refers_to_the_codebook_range(tmp_path: Path) -> None:
    path = write_coding_sheets(**_study(tmp_path, code_columns=3))[0]
    workbook = load_workbook(path)
    rules = {str(v.sqref): v for v in workbook["Coding"].data_validations.dataValidation}
    assert rules["G2:I4"].type == "list"
    assert rules["G2:I4"].formula1 == "Codebook!$C$2:$C$3"
    assert rules["G2:I4"].showErrorMessage
    codes = [row[0].value for row in workbook["Codebook"]["C2:C3"]]
    assert codes == ["workload", "performance_measures"]


def test_sheets_nothing_applies_column_offers_only_x(tmp_path: Path) -> None:
    path = write_coding_sheets(**_study(tmp_path, code_columns=2))[0]
    sheet = load_workbook(path)["Coding"]
    assert sheet["I1"].value == "nothing_applies"
    rules = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert rules["I2:I4"] == '"x"'
    assert all(sheet.cell(row=r, column=9).value is None for r in (2, 3, 4))


def test_sheets_header_and_first_columns_are_frozen_and_printable(tmp_path: Path) -> None:
    sheet = load_workbook(write_coding_sheets(**_study(tmp_path))[0])["Coding"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:M4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # One page wide: fitToWidth is left out when it is 1, the default of the file format.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["E"].width == 80 and sheet.column_dimensions["D"].width == 40
    assert sheet["E2"].alignment.wrap_text and sheet["A1"].font.bold


def test_sheets_entry_and_link_cells_are_coloured_and_rows_fit_their_text(tmp_path: Path) -> None:
    workbook = load_workbook(write_coding_sheets(**_study(tmp_path))[0])
    sheet = workbook["Coding"]
    assert sheet["G2"].fill.fgColor.rgb[-6:] == "FFF2CC" and sheet["G2"].value is None
    assert sheet["A2"].fill.fgColor.rgb[-6:] == "EDEDED"
    assert sheet["A2"].font.color.rgb[-6:] == "7F7F7F"
    assert sheet["A1"].fill.fgColor.rgb[-6:] == "305496" and sheet["E2"].alignment.vertical == "top"
    assert sheet.row_dimensions[1].height is None and sheet.print_area == "'Coding'!$A$1:$L$4"
    howto = workbook["How to code"]
    assert howto["A1"].font.sz == 14 and howto.row_dimensions[1].height == 24
    assert workbook["Codebook"].freeze_panes == "A2" and workbook.sheetnames[1] == "Codebook"


def test_sheets_formulas_are_neutralised_in_xlsx_and_csv(tmp_path: Path) -> None:
    paths = write_coding_sheets(**_study(tmp_path))
    sheet = load_workbook(paths[0])["Coding"]
    assert sheet["E3"].value == "'=SUM(A1) was the target."
    assert sheet["E3"].data_type == "s"
    with open(paths[1], encoding="utf-8-sig", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert texts[1:] == ["'=SUM(A1) was the target.", "'@boss never said so."]
    assert restore_cell(texts[1]) == "=SUM(A1) was the target."


def test_sheets_prefill_off_leaves_code_columns_empty(tmp_path: Path) -> None:
    rows = _coding(tmp_path, code_columns=2, prefill=False)
    assert [row[6:8] for row in rows[1:]] == [[None, None]] * 3


def test_sheets_prefill_copies_suggestions_that_are_not_negated(tmp_path: Path) -> None:
    rows = _coding(tmp_path, code_columns=2, prefill=True)
    assert rows[1][6:8] == ["workload", None]
    assert rows[2][6:8] == ["performance_measures", None]
    assert rows[3][6:8] == [None, None]


def test_sheets_prefill_warns_when_code_columns_are_too_few(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extra = "a1-t0002-s02,a1,workload,load,work,1,caseload,false,keyword\n"
    arguments = _study(tmp_path, suggestions=SUGGESTIONS + extra, code_columns=1, prefill=True)
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        write_coding_sheets(**arguments)
    assert "[W401]" in caplog.text and "1 segment(s)" in caplog.text


def test_sheets_per_interview_split_gives_every_interview_a_sheet(tmp_path: Path) -> None:
    arguments = _study(tmp_path, sheets="interview", interviews=["a1", "b2", "c3"])
    paths = write_coding_sheets(**arguments)
    assert [Path(p).name for p in paths] == [
        "a1.xlsx",
        "a1.csv",
        "b2.xlsx",
        "b2.csv",
        "c3.xlsx",
        "c3.csv",
    ]
    counts = [load_workbook(p)["Coding"].max_row - 1 for p in paths[::2]]
    assert counts == [2, 1, 0]


def test_sheets_sheet_paths_per_coder_study_and_interview() -> None:
    assert coding_sheet_paths([], sheets="study", interviews=["a1"]) == []
    assert coding_sheet_paths(["anna"], sheets="study", interviews=["a1"]) == [
        "results/coding/sheets/anna/anna_coding_sheet.xlsx",
        "results/coding/sheets/anna/anna_coding_sheet.csv",
    ]
    paths = coding_sheet_paths(["anna", "bo"], sheets="interview", interviews=["a1", "b2"])
    assert len(paths) == 8 and paths[-1] == "results/coding/sheets/bo/b2.csv"


def test_sheets_rerun_gives_byte_identical_files(tmp_path: Path) -> None:
    first = [Path(p).read_bytes() for p in write_coding_sheets(**_study(tmp_path))]
    again = [Path(p).read_bytes() for p in write_coding_sheets(**_study(tmp_path))]
    assert first == again
    with zipfile.ZipFile(tmp_path / "sheets" / "anna" / "anna_coding_sheet.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_sheets_how_to_code_names_blank_nothing_applies_and_return_folder(tmp_path: Path) -> None:
    path = write_coding_sheets(**_study(tmp_path, coding_dir="data/coding"))[0]
    text = " ".join(row[0].value for row in load_workbook(path)["How to code"].iter_rows())
    assert "not coded yet" in text and "nothing_applies" in text
    assert "data/coding/anna/" in text and "fingerprint" in text


def test_sheets_codebook_markdown_has_headings_and_each_code(tmp_path: Path) -> None:
    arguments = _study(tmp_path)
    markdown, xlsx = tmp_path / "codebook.md", tmp_path / "codebook.xlsx"
    write_codebook(
        codebook_path=arguments["codebook_path"],
        schema_path=SCHEMA,
        markdown_path=str(markdown),
        xlsx_path=str(xlsx),
    )
    text = markdown.read_text(encoding="utf-8")
    assert "## Work (`work`)" in text and "### Load (`load`)" in text
    assert "#### Workload (`workload`)\n\nToo many cases for one official." in text
    assert "Keywords: `caseload`, `too many cases`" in text
    assert "> We had forty cases each." in text


def test_sheets_codebook_workbook_has_one_row_per_code(tmp_path: Path) -> None:
    arguments = _study(tmp_path)
    paths = {"markdown_path": str(tmp_path / "c.md"), "xlsx_path": str(tmp_path / "c.xlsx")}
    write_codebook(codebook_path=arguments["codebook_path"], schema_path=SCHEMA, **paths)
    first = (tmp_path / "c.xlsx").read_bytes()
    write_codebook(codebook_path=arguments["codebook_path"], schema_path=SCHEMA, **paths)
    rows = list(load_workbook(tmp_path / "c.xlsx")["Codebook"].values)
    assert rows[0][2:] == (
        "code",
        "label",
        "description",
        "examples",
        "keywords",
        "patterns",
        "regex",
        "exclude",
        "opposes",
    )
    assert rows[2][2] == "performance_measures" and rows[2][8] == "'-?\\d+ cases"
    assert rows[2][10] == "workload" and len(rows) == 3
    assert (tmp_path / "c.xlsx").read_bytes() == first


def test_sheets_coders_that_differ_only_in_case_fail() -> None:
    check_coders(["anna", "bo"])
    with pytest.raises(PipelineError, match=r"\[E401\] config.yaml: .*'Anna' and 'anna'"):
        check_coders(["Anna", "bo", "anna"])


@pytest.mark.parametrize("table", ["segments", "suggestions"])
def test_sheets_table_missing_a_column_fails(tmp_path: Path, table: str) -> None:
    if table == "segments":
        arguments = _study(tmp_path, segments=SEGMENTS.replace(",fingerprint,", ",print,"))
    else:
        arguments = _study(tmp_path, suggestions=SUGGESTIONS.replace(",negated,", ",neg,"))
    with pytest.raises(
        PipelineError, match=r"\[E402\] .*missing column\(s\) (fingerprint|negated)"
    ):
        write_coding_sheets(**arguments)


def test_sheets_suggestion_of_a_code_not_in_the_codebook_fails(tmp_path: Path) -> None:
    stale = SUGGESTIONS + "a1-t0002-s02,a1,overtime,load,work,1,overtime,false,keyword\n"
    with pytest.raises(PipelineError, match=r"\[E403\] .*sug.csv: row 5: code 'overtime'"):
        write_coding_sheets(**_study(tmp_path, suggestions=stale))


def test_sheets_suggestion_for_an_unknown_segment_fails(tmp_path: Path) -> None:
    stale = SUGGESTIONS + "a1-t0009-s01,a1,workload,load,work,1,caseload,false,keyword\n"
    with pytest.raises(PipelineError, match=r"\[E404\] .*row 5: segment 'a1-t0009-s01'"):
        write_coding_sheets(**_study(tmp_path, suggestions=stale))


def test_sheets_duplicate_segment_id_fails(tmp_path: Path) -> None:
    twice = SEGMENTS + SEGMENTS.splitlines(keepends=True)[1]
    with pytest.raises(PipelineError, match=r"\[E405\] .*row 5: segment_id 'a1-t0002-s01'.*row 2"):
        write_coding_sheets(**_study(tmp_path, segments=twice))


def test_sheets_segment_of_an_unlisted_interview_fails_per_interview(tmp_path: Path) -> None:
    arguments = _study(tmp_path, interviews=["a1"])
    write_coding_sheets(**arguments)  # one sheet for the whole study: no check
    with pytest.raises(PipelineError, match=r"\[E406\] .*row 4: interview 'b2'"):
        write_coding_sheets(**{**arguments, "sheets": "interview"})
