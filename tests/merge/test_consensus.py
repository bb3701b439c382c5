"""Consensus: adjudication first, then agreement, a single coder, then the configured rule."""

import csv
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.errors import PipelineError
from qualpipe.merge.consensus import Verdict, consensus, decide, read_adjudication

ANA_BEN = {"ana": frozenset({"lean", "teams"}), "ben": frozenset({"lean"})}
SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
CODEBOOK = str(ROOT / "tests" / "integration" / "data" / "codebook.yaml")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("union", {"lean", "teams"}), ("intersection", {"lean"}), ("coder:ben", {"lean"}),
     ("coder:ana", {"lean", "teams"})],
)  # fmt: skip
def test_consensus_rule_decides_only_disagreements(rule: str, expected: set[str]) -> None:
    final = decide(ANA_BEN, {}, rule=rule)
    assert set(final) == expected
    assert final["lean"] == (("ana", "ben"), False, "agreement")


def test_consensus_adjudication_comes_first() -> None:
    verdicts = {"teams": Verdict("reject", "", 2), "mi_training": Verdict("apply", "missed", 3)}
    final = decide(ANA_BEN, verdicts, rule="union")
    assert set(final) == {"lean", "mi_training"}
    assert final["mi_training"] == ((), True, "adjudication")


def test_consensus_single_coder_stands() -> None:
    assert decide({"ana": frozenset({"teams"})}, {}, rule="intersection") == {
        "teams": (("ana",), False, "single coder")
    }


@pytest.mark.parametrize(
    ("line", "problem"),
    [("s9,workload,apply,", r"segment 's…' \(2 characters\) does not exist"),
     ("s1,workloads,apply,", r"'w…' \(9 characters\) is not a code id"),
     ("s1,workload,maybe,", r"the decision 'm…' \(5 characters\) is neither apply nor reject")],
)  # fmt: skip
def test_consensus_adjudication_errors_name_the_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "adjudication.csv"
    path.write_text(f"segment_id,code,decision,note\n{line}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=rf"E504.*adjudication\.csv: line 2: {problem}"):
        read_adjudication(str(path), segments={"s1": "i1"}, codes=["workload"])


def test_consensus_adjudication_decided_twice(tmp_path: Path) -> None:
    path = tmp_path / "adjudication.csv"
    path.write_text("segment_id,code,decision,note\ns1,workload,apply,\ns1,workload,reject,\n")
    with pytest.raises(
        PipelineError, match=r"E504.*line 3: segment s1 and code workload are decided twice"
    ):
        read_adjudication(str(path), segments={"s1": "i1"}, codes=["workload"])


def _study(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "segments.csv").write_text(
        "segment_id,interview_id,speaker,question,text\n"
        "s1,i1,O 1,Q?,We had quotas.\ns2,i1,O 1,Q?,Too many cases.\ns3,i1,O 1,Q?,Mm.\n"
    )
    (tmp_path / "decisions.csv").write_text(
        "coder,segment_id,interview_id,status,codes,source,row\n"
        "ana,s1,i1,coded,performance_measures;workload,a.csv,2\nana,s2,i1,coded,workload,a.csv,3\n"
        "ana,s3,i1,nothing_applies,,a.csv,4\nben,s1,i1,coded,performance_measures,b.csv,2\n"
        "ben,s2,i1,nothing_applies,,b.csv,3\nben,s3,i1,not_coded,,,\n"
    )
    (tmp_path / "adjudication.csv").write_text(
        "segment_id,code,decision,note\ns2,workload,apply,too many\n"
    )
    outputs = {n: str(tmp_path / f"{n}.out") for n in ("final", "consensus", "disagreements_csv")}
    outputs["disagreements"] = str(tmp_path / "disagreements.xlsx")
    consensus(
        decisions_path=str(tmp_path / "decisions.csv"),
        adjudication_path=str(tmp_path / "adjudication.csv"),
        codebook_path=CODEBOOK,
        schema_path=SCHEMA,
        segments_path=str(tmp_path / "segments.csv"),
        rule="intersection",
        coders=["ana", "ben"],
        outputs=outputs,
    )
    return outputs


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_consensus_final_codes_say_what_they_rest_on(tmp_path: Path) -> None:
    final = [
        (r["segment_id"], r["code"], r["coders"], r["basis"])
        for r in _rows(_study(tmp_path)["final"])
    ]
    assert final == [
        ("s1", "performance_measures", "ana;ben", "agreement"),
        ("s2", "workload", "ana", "adjudication"),
    ]


def test_consensus_exists_for_every_coded_segment(tmp_path: Path) -> None:
    rows = [
        (r["segment_id"], r["coders"], r["status"], r["codes"])
        for r in _rows(_study(tmp_path)["consensus"])
    ]
    assert rows == [
        ("s1", "ana;ben", "coded", "performance_measures"),
        ("s2", "ana;ben", "coded", "workload"),
        ("s3", "ana", "nothing_applies", ""),
    ]


def test_consensus_disagreements_for_the_meeting(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    outputs = _study(tmp_path)
    rows = [
        (r["segment_id"], r["code"], r["ana"], r["ben"], r["decision"])
        for r in _rows(outputs["disagreements_csv"])
    ]
    assert rows == [
        ("s1", "workload", "applied", "performance_measures", ""),
        ("s2", "workload", "applied", "nothing applies", "apply"),
    ]
    sheet = load_workbook(outputs["disagreements"])["Disagreements"]
    rules = [(str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation]
    assert rules == [("J2:J3", '"apply,reject"')] and sheet["J1"].value == "decision"


# Issue 14: what the property-based tests (tests/properties/test_prop_adjudication.py) found.
def test_consensus_adjudication_csv_note_is_restored(tmp_path: Path) -> None:
    """The disagreements CSV neutralises a note '=x' as "'=x"; the CSV was read without undoing
    it (the workbook was), so each round added an apostrophe."""
    path = tmp_path / "adjudication.csv"
    path.write_text("segment_id,code,decision,note\ns1,workload,apply,'=x\n", encoding="utf-8")
    verdicts = read_adjudication(str(path), segments={"s1": "i1"}, codes=["workload"])
    assert verdicts[("s1", "workload")].note == "=x"


def test_consensus_adjudication_empty_rows_are_no_rows(tmp_path: Path) -> None:
    """',,,' (a spreadsheet's formatted empty row) was E504 "segment '' does not exist"."""
    path = tmp_path / "adjudication.csv"
    path.write_text("segment_id,code,decision,note\n,,,\ns1,workload,apply,\n , ,,\n")
    verdicts = read_adjudication(str(path), segments={"s1": "i1"}, codes=["workload"])
    assert list(verdicts) == [("s1", "workload")]


@pytest.mark.parametrize("value", [False, 0])
def test_consensus_adjudication_typed_false_or_zero_is_no_blank(
    tmp_path: Path, value: object
) -> None:
    """A workbook's FALSE or 0 in 'decision' read as blank: the row was silently undecided."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["segment_id", "code", "decision", "note"])
    workbook.active.append(["s1", "workload", value, ""])
    workbook.save(tmp_path / "adjudication.xlsx")
    with pytest.raises(PipelineError, match=r"\[E504\] .*line 2: the decision .* is neither"):
        read_adjudication(
            str(tmp_path / "adjudication.xlsx"), segments={"s1": "i1"}, codes=["workload"]
        )


def test_consensus_adjudication_workbook_beyond_the_zip_limits_is_refused(tmp_path: Path) -> None:
    import zipfile

    from qualpipe.common.archive import zip_limits

    path = tmp_path / "adjudication.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(30):
            archive.writestr(f"xl/m{n}.xml", "<x/>")
    with pytest.raises(PipelineError, match=r"\[E015\] .*adjudication\.xlsx: .* 30 files"):
        read_adjudication(
            str(path),
            segments={"s1": "i1"},
            codes=["workload"],
            limits=zip_limits({"zip_members": 20}),
        )
