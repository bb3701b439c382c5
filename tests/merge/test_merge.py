"""Merging coders' returned sheets: validation, not coded vs nothing applies, re-mapping."""

import csv
import logging
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from qualpipe.common.plan import coder_files
from qualpipe.common.records import Segment, sheet_columns
from qualpipe.errors import PipelineError
from qualpipe.merge.agreement_table import presence_matrices
from qualpipe.merge.decisions import decision_rows
from qualpipe.merge.returned import import_coder, import_sheets
from qualpipe.merge.sheet_rows import read_sheet
from qualpipe.segment.units import fingerprint

CODES = ["workload", "performance_measures", "mi_techniques"]
TEXTS = {
    "i1-t0001-s01": "We had production quotas on the whiteboard.",
    "i1-t0001-s02": "Nobody followed it up, though.",
    "i1-t0003-s01": "Mm, yes, I think so, more or less.",
}
SEGMENTS = {k: Segment(k, "i1", fingerprint(v), v) for k, v in TEXTS.items()}


def _sheet(tmp_path: Path, rows: list[dict[str, str]], name: str = "ana.csv") -> str:
    """A returned sheet as a coder saves it: every exported row, codes filled in."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=sheet_columns(2))
        writer.writeheader()
        for row in rows:
            segment_id = row.get("segment_id", "")
            text = row.get("text", TEXTS.get(segment_id, ""))
            base = {"segment_id": segment_id, "text": text, "fingerprint": fingerprint(text)}
            writer.writerow({**base, **row})
    return str(path)


def _coded() -> list[dict[str, str]]:
    return [
        {"segment_id": "i1-t0001-s01", "code_1": "performance_measures", "code_2": "workload"},
        {"segment_id": "i1-t0001-s02", "nothing_applies": "x"},
        {"segment_id": "i1-t0003-s01"},
    ]


def test_merge_blank_is_not_coded_and_x_is_nothing_applies(tmp_path: Path) -> None:
    decisions = import_coder([_sheet(tmp_path, _coded())], SEGMENTS, CODES)
    rows = decision_rows("ana", decisions, SEGMENTS)
    assert [(r[1], r[3], r[4]) for r in rows] == [
        ("i1-t0001-s01", "coded", "performance_measures;workload"),
        ("i1-t0001-s02", "nothing_applies", ""),
        ("i1-t0003-s01", "not_coded", ""),
    ]


def test_merge_unknown_code_suggests_the_closest_id(tmp_path: Path) -> None:
    rows = _coded()
    rows[0]["code_2"] = "workloads"
    with pytest.raises(
        PipelineError, match=r"E501.*ana\.csv: row 2: 'w…' \(9 characters\).*'workload'"
    ):
        import_coder([_sheet(tmp_path, rows)], SEGMENTS, CODES)


def test_merge_duplicate_segment_row(tmp_path: Path) -> None:
    rows = [*_coded(), _coded()[0]]
    with pytest.raises(PipelineError, match=r"E502.*row 5: segment 'i1-t0001-s01'.*row 2"):
        import_coder([_sheet(tmp_path, rows)], SEGMENTS, CODES)


def test_merge_deleted_rows_are_an_error_when_segments_are_unchanged(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E503.*1 segment row.*i1-t0003-s01"):
        import_coder([_sheet(tmp_path, _coded()[:2])], SEGMENTS, CODES)


@pytest.mark.parametrize(
    ("change", "expected"),
    [({"nothing_applies": "yes"}, r"E507.*row 4: nothing_applies holds 'y…' \(3 char"),
     ({"nothing_applies": "x", "code_1": "workload"}, r"E508.*row 4: both codes \(workload\)")],
)  # fmt: skip
def test_merge_nothing_applies_must_be_x_and_alone(
    tmp_path: Path, change: dict, expected: str
) -> None:
    rows = _coded()
    rows[2].update(change)
    with pytest.raises(PipelineError, match=expected):
        import_coder([_sheet(tmp_path, rows)], SEGMENTS, CODES)


def test_merge_folder_of_a_coder_not_in_config(tmp_path: Path) -> None:
    (tmp_path / "ana").mkdir()
    (tmp_path / "eve").mkdir()
    with pytest.raises(PipelineError, match=r"E505.*/eve: a folder of coder 'eve'"):
        coder_files(str(tmp_path), ["ana"])


def test_merge_lock_files_are_not_sheets(tmp_path: Path) -> None:
    (tmp_path / "ana").mkdir()
    for name in ("sheet.xlsx", "~$sheet.xlsx", "notes.txt"):
        (tmp_path / "ana" / name).write_text("x")
    assert coder_files(str(tmp_path), ["ana"]) == {"ana": [str(tmp_path / "ana" / "sheet.xlsx")]}


def test_merge_coder_files_include_qda_projects(tmp_path: Path) -> None:
    (tmp_path / "ana").mkdir()
    for name in ("a.csv", "b.QDPX", "c.qde", ".~lock.c.qde", "d.qdc"):
        (tmp_path / "ana" / name).write_text("x")
    names = [Path(p).name for p in coder_files(str(tmp_path), ["ana"])["ana"]]
    assert names == ["a.csv", "b.QDPX", "c.qde"]


def test_merge_sheet_that_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "ana.xlsx").write_text("not a zip")
    with pytest.raises(PipelineError, match=r"E506.*ana\.xlsx: cannot be read.*not a readable"):
        read_sheet(str(tmp_path / "ana.xlsx"))


def test_merge_sheet_without_its_columns(tmp_path: Path) -> None:
    (tmp_path / "ana.csv").write_text("segment_id,codes\ni1-t0001-s01,workload\n")
    with pytest.raises(PipelineError, match=r"E506.*columns text, nothing_applies, fingerprint"):
        read_sheet(str(tmp_path / "ana.csv"))


def test_merge_reads_a_filled_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Coding"
    workbook.active.append(sheet_columns(2))
    text = TEXTS["i1-t0001-s01"]
    workbook.active.append(
        ["i1-t0001-s01", "i1", "", "", text, "", "workload", None, None, None, fingerprint(text)]
    )
    workbook.save(tmp_path / "ana.xlsx")
    assert read_sheet(str(tmp_path / "ana.xlsx")) == [
        (2, {**dict.fromkeys(sheet_columns(2), ""), "segment_id": "i1-t0001-s01", "interview": "i1",
             "text": text, "code_1": "workload", "fingerprint": fingerprint(text)})
    ]  # fmt: skip


def test_merge_remaps_rows_whose_segment_ids_changed(tmp_path: Path) -> None:
    # Segmentation changed since export: turn 1 is now one unit holding both old sentences.
    joined = f"{TEXTS['i1-t0001-s01']} {TEXTS['i1-t0001-s02']}"
    now = {"i1-t0001-s01": Segment("i1-t0001-s01", "i1", fingerprint(joined), joined)}
    decisions = import_coder([_sheet(tmp_path, _coded()[:1])], now, CODES)
    assert decisions.by_segment["i1-t0001-s01"].codes == ("performance_measures", "workload")
    assert decisions.remapped == {"i1-t0001-s01": "i1-t0001-s01"}


def test_merge_rows_that_fit_no_segment_go_to_review(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheet = tmp_path / "coding" / "ana"
    sheet.mkdir(parents=True)
    _sheet(
        sheet,
        [{"segment_id": "i1-t0009-s01", "text": "A sentence that is gone.", "code_1": "workload"}],
    )
    segments = tmp_path / "segments.csv"
    segments.write_text("segment_id,interview_id,fingerprint,text\n" + "".join(
        f"{k},i1,{s.fingerprint},{s.text}\n" for k, s in SEGMENTS.items()))  # fmt: skip
    codebook = ROOT / "tests" / "integration" / "data" / "codebook.yaml"
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        import_sheets(
            coding_dir=str(tmp_path / "coding"),
            coders=["ana"],
            segments_path=str(segments),
            codebook_path=str(codebook),
            schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
            decisions_path=str(tmp_path / "d.csv"),
            review_path=str(tmp_path / "r.csv"),
            transcript_paths=[],
            overlap=0.5,
        )
    review = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert [(r["segment_id"], r["codes"]) for r in review] == [("i1-t0009-s01", "workload")]
    assert "W502" in caplog.text and "1 row(s) match no current segment" in caplog.text


def test_merge_presence_matrices_by_segment_and_by_interview() -> None:
    fields = ("coder", "segment_id", "status", "codes")
    decisions = [
        {**dict(zip(fields, values, strict=True)), "interview_id": "i1"}
        for values in [
            ("ana", "s1", "coded", "lean"),
            ("ana", "s2", "nothing_applies", ""),
            ("ben", "s1", "not_coded", ""),
            ("ben", "s2", "coded", "lean"),
        ]
    ]
    segment = presence_matrices(decisions, ["lean"], ["ana", "ben"], level="segment")["lean"]
    interview = presence_matrices(decisions, ["lean"], ["ana", "ben"], level="interview")["lean"]
    np.testing.assert_array_equal(segment, [[1.0, np.nan], [0.0, 1.0]])
    np.testing.assert_array_equal(interview, [[1.0, 1.0]])


# Issue 14: what the property-based tests (tests/properties/test_prop_sheets.py) found.
def test_merge_empty_rows_of_a_csv_sheet_are_no_rows(tmp_path: Path) -> None:
    """Excel saves formatted empty rows as ',,,': one went to review, two were E502."""
    path = _sheet(tmp_path, _coded())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(",,,,,,,,,,\n , ,,,,,,,,,\n")
    decisions = import_coder([path], SEGMENTS, CODES)
    assert (decisions.review, len(decisions.by_segment)) == ([], 3)


def test_merge_code_under_a_renamed_heading_is_an_error(tmp_path: Path) -> None:
    """'Code 2' or an added column holding a code: its codes were dropped without a word."""
    path = _sheet(tmp_path, _coded())
    text = Path(path).read_text(encoding="utf-8-sig").replace("code_2", "Code 2", 1)
    Path(path).write_text(text, encoding="utf-8-sig")
    with pytest.raises(PipelineError, match=r"\[E526\] .*row 2: the code 'workload' stands in"):
        import_coder([path], SEGMENTS, CODES)


def test_merge_suggestions_under_a_retyped_context_heading_are_no_codes(tmp_path: Path) -> None:
    rows = [{**row, "suggested": "workload"} for row in _coded()]
    path = _sheet(tmp_path, rows)
    text = Path(path).read_text(encoding="utf-8-sig").replace("suggested", "Suggested", 1)
    Path(path).write_text(text, encoding="utf-8-sig")
    assert len(import_coder([path], SEGMENTS, CODES).by_segment) == 3


def test_merge_a_segment_decided_differently_in_two_files(tmp_path: Path) -> None:
    """The .csv coded, the .xlsx returned untouched: the later file (.xlsx) won silently."""
    coded = _sheet(tmp_path, _coded(), name="ana.csv")
    blank = _sheet(tmp_path, [{"segment_id": k} for k in TEXTS], name="ana_copy.csv")
    message = (
        r"\[E527\] .*ana_copy\.csv: row 2: segment 'i1-t0001-s01' is also in ana\.csv \(row 2\)"
    )
    with pytest.raises(PipelineError, match=message):
        import_coder([coded, blank], SEGMENTS, CODES)
    assert len(import_coder([coded, coded], SEGMENTS, CODES).by_segment) == 3


def test_merge_row_placed_by_text_does_not_displace_the_segments_own_row(tmp_path: Path) -> None:
    """A re-cut row whose text is now another segment's, before that segment's own row: the
    own row overwrote it, and its codes were lost without a review entry."""
    rows = _coded()
    rows[0] = {**rows[0], "text": TEXTS["i1-t0001-s02"], "fingerprint": "0123456789ab"}
    decisions = import_coder([_sheet(tmp_path, rows)], SEGMENTS, CODES)
    assert decisions.by_segment["i1-t0001-s02"].nothing
    [(row, problem)] = decisions.review
    assert (row.line, row.codes) == (2, ("performance_measures", "workload"))
    assert "decided by another row" in problem


def test_merge_memo_of_a_tab_reads_back(tmp_path: Path) -> None:
    """A cell the writer neutralised to "'\\t" was stripped first and read as "'"."""
    rows = _coded()
    rows[0]["memo"] = "'\t"  # as sheets.neutralise_cell writes a memo '\t'
    decisions = import_coder([_sheet(tmp_path, rows)], SEGMENTS, CODES)
    assert decisions.by_segment["i1-t0001-s01"].memo == ""


def test_merge_returned_workbook_beyond_the_zip_limits_is_refused(tmp_path: Path) -> None:
    import zipfile

    from qualpipe.common.archive import zip_limits

    path = tmp_path / "ana.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 1_000_000)
    with pytest.raises(PipelineError, match=r"\[E016\] .*ana\.xlsx: expands to [\d,]+ times"):
        import_coder([str(path)], SEGMENTS, CODES)
    with pytest.raises(PipelineError, match=r"\[E014\] .*ana\.xlsx: expands to 3.8 MB"):
        read_sheet(str(path), limits=zip_limits({"zip_expanded_mb": 1, "zip_ratio": 10**6}))
