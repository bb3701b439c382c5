"""Properties of the consensus meeting's decisions (data/coding/adjudication.csv, or the
disagreements workbook filled in) as qualpipe.merge.consensus reads them, issue 14.

The disagreements written by qualpipe.merge.consensus with any decisions and notes read back
decision for decision, from the .xlsx and the .csv. Changed cells (typed values, other
spellings, blanks, hostile text), blank and doubled rows, added and deleted columns are read
as what they hold or refused with a catalogued error.
"""

from __future__ import annotations

from pathlib import Path

from grids import CODEBOOK, CODES, TEXTS, TYPED, Grid, cell_text, csv_text, save
from hostile import budget, folder, outcome, prose, words, xml_safe
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.errors import PipelineError
from qualpipe.merge.consensus import Verdict, read_adjudication, write_disagreements

CODERS = ["ana", "ben"]
NOTE = prose(max_size=30).map(xml_safe)
CODINGS = st.one_of(st.none(), st.frozensets(st.sampled_from(CODES)))


@st.composite
def meetings(draw: st.DrawFn) -> tuple[dict, dict, dict[tuple[str, str], Verdict]]:
    """Segments two coders coded, and the meeting's verdicts on some of their disagreements."""
    segments, table = {}, {}
    for number in range(1, draw(st.integers(1, 5)) + 1):
        segment_id = f"i{number % 2}-t{number:04d}-s01"
        segments[segment_id] = {"interview_id": f"i{number % 2}", "speaker": draw(words()),
                                "question": draw(NOTE), "text": draw(NOTE)}  # fmt: skip
        table[segment_id] = {coder: draw(CODINGS) for coder in CODERS}
    verdicts = {}
    for segment_id, coded in table.items():
        if all(codes is not None for codes in coded.values()):
            for code in sorted(
                set().union(*coded.values()) - frozenset.intersection(*coded.values())
            ):
                if draw(st.booleans()):
                    decision = draw(st.sampled_from(("apply", "reject")))
                    verdicts[(segment_id, code)] = Verdict(decision, draw(NOTE), 0)
    return segments, table, verdicts


def write(meeting: tuple, root: Path) -> dict[str, Path]:
    segments, table, verdicts = meeting
    outputs = {"disagreements": root / "d.xlsx", "disagreements_csv": root / "d.csv"}
    write_disagreements(table, segments, CODEBOOK, CODERS, verdicts, outputs)
    return {".xlsx": outputs["disagreements"], ".csv": outputs["disagreements_csv"]}


def read(path: Path, meeting: tuple) -> dict[tuple[str, str], Verdict]:
    segments = {k: v["interview_id"] for k, v in meeting[0].items()}
    return read_adjudication(str(path), segments=segments, codes=CODES)


@budget(0.75)
@given(meetings(), st.sampled_from((".xlsx", ".csv")))
@example(  # a note '=x' is written "'=x": the CSV was read with the apostrophe
    ({"i1-t0001-s01": {"interview_id": "i1", "speaker": "A", "question": "", "text": ""}},
     {"i1-t0001-s01": {"ana": frozenset(), "ben": frozenset({"workload"})}},
     {("i1-t0001-s01", "workload"): Verdict("apply", "=x", 0)}),
    ".csv",
)  # fmt: skip
def test_prop_adjudication_reads_back_as_written(meeting: tuple, suffix: str) -> None:
    with folder() as root:
        found = read(write(meeting, root)[suffix], meeting)
    expected = {key: (v.decision, v.note.strip()) for key, v in meeting[2].items()}
    assert {key: (v.decision, v.note) for key, v in found.items()} == expected


def grid_of(meeting: tuple, root: Path) -> Grid:
    import csv
    import io

    text = write(meeting, root)[".csv"].read_text(encoding="utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]


def model(grid: Grid, segments: dict) -> tuple[dict, bool] | None:
    """The verdicts the sheet holds, and whether a refusal is allowed too; None: it must be
    refused (an unknown segment or code, a decision neither apply nor reject, one segment
    and code decided twice)."""
    header = [cell_text(v) for v in grid[0]]
    found: dict[tuple[str, str], tuple[str, str]] = {}
    seen: set[tuple[str, str]] = set()
    lenient = "decision" not in header  # read as no decisions, or refused
    for values in grid[1:]:
        row = dict(zip(header, (cell_text(v) for v in values), strict=False))
        row.pop("", None)
        if not any(row.values()):
            continue
        key = (row.get("segment_id", ""), row.get("code", ""))
        decision = row.get("decision", "").lower()
        if key[0] not in segments or key[1] not in CODES:
            return None
        if decision and (decision not in ("apply", "reject") or key in found):
            return None
        lenient |= key in seen  # a row again, undecided: read, or refused as decided twice
        seen.add(key)
        if decision:
            found[key] = (decision, row.get("note", ""))
    return found, lenient


@st.composite
def changed(draw: st.DrawFn, grid: Grid, *, xlsx: bool) -> Grid:
    """Decisions, notes, segment ids and codes changed; blank or doubled rows; columns added
    or deleted (other than segment_id and code)."""
    grid = [list(row) for row in grid]
    header = grid[0]
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(("decision", "note", "id", "row", "twice", "column", "delete")))
        if what in ("decision", "note", "id") and len(grid) > 1:
            row = draw(st.sampled_from(grid[1:]))
            column = {"decision": "decision", "note": "note"}.get(what) or draw(
                st.sampled_from(("segment_id", "code"))
            )
            if column not in header:
                continue
            value = draw(
                st.sampled_from(("apply", "Reject ", " APPLY", "yes", "applied", "x", ""))
                | (TEXTS if what == "note" else TYPED | TEXTS)
            )
            row[header.index(column)] = (
                xml_safe(value) if xlsx and isinstance(value, str) else value
            )
        elif what == "row":
            grid.insert(
                draw(st.integers(1, len(grid))), [draw(st.sampled_from(("", " ")))] * len(header)
            )
        elif what == "twice" and len(grid) > 1:
            grid.append(list(draw(st.sampled_from(grid[1:]))))
        elif what == "column" and "notes" not in header:
            for row in grid:
                row.append(draw(NOTE))
            header[-1] = "notes"
        elif what == "delete":
            column = draw(st.integers(0, len(header) - 1))
            if header[column] not in ("segment_id", "code"):
                for row in grid:
                    del row[column]
    return grid


@budget(1)
@given(meetings(), st.sampled_from((".xlsx", ".csv")), st.data())
def test_prop_adjudication_changed_is_read_as_written_or_refused(
    meeting: tuple, suffix: str, data: st.DataObject
) -> None:
    with folder() as root:
        grid = data.draw(changed(grid_of(meeting, root), xlsx=suffix == ".xlsx"))
        save(grid, root / f"adjudication{suffix}")
        result = outcome(lambda: read(root / f"adjudication{suffix}", meeting))
    if suffix == ".csv":
        grid = [[csv_text(v) for v in row] for row in grid]
    expected = model(grid, meeting[0])
    if expected is None:
        assert isinstance(result, PipelineError)
    elif not (expected[1] and isinstance(result, PipelineError)):
        assert not isinstance(result, PipelineError), result
        assert {key: (v.decision, v.note) for key, v in result.items()} == expected[0]
