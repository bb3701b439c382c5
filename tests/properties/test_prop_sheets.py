"""Properties of returned coding sheets (.xlsx and .csv) as qualpipe.merge.returned reads them
(issue 14).

Sheets written by qualpipe.sheets.coding and filled in with any decisions (codes in any code column,
'x', blank) and any memo read back decision for decision. A returned sheet whose cells were
changed (numbers, dates, booleans, long text, control characters, blanks), with rows or
columns added or deleted, headings renamed or segment ids doubled is read as what it holds
or refused with a catalogued error: a decision is never lost, invented or moved to another
segment without a message.

No formula cells are generated: how formulas are read is qualpipe.merge.returned's own test's part.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from grids import CODEBOOK, CODES, TEXTS, TYPED, Grid, cell_text, save
from hostile import budget, folder, outcome, prose, words, xml_safe
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.common.io import csv_bytes
from qualpipe.common.records import NOTHING_APPLIES, Segment, sheet_columns
from qualpipe.errors import PipelineError
from qualpipe.merge.decisions import Decisions
from qualpipe.merge.returned import import_coder
from qualpipe.segment.units import fingerprint
from qualpipe.sheets.coding import sheet_row, write_sheet
from qualpipe.sheets.inputs import Suggestion

# The columns the merge reads besides code_*; the others (interview, speaker, question,
# suggested) are context for the coder.
READ = ("segment_id", "text", "nothing_applies", "fingerprint")
TEXT = prose(max_size=40).map(xml_safe).filter(str.strip)
MEMO = prose(max_size=30).map(xml_safe)


@dataclass(frozen=True)
class Decision:
    """What a coder wrote in a row: codes by column (None: blank), the mark, a memo."""

    codes: tuple[str | None, ...]
    mark: str
    memo: str

    def read(self) -> tuple[tuple[str, ...], bool]:
        """What the merge must make of it: codes in column order, once each; nothing applies."""
        return tuple(dict.fromkeys(c for c in self.codes if c)), bool(self.mark)


@st.composite
def decisions(draw: st.DrawFn, columns: int) -> Decision:
    """Codes (blank columns between them, a code twice), or x (any case), or nothing."""
    kind = draw(st.sampled_from(("codes", "nothing", "blank")))
    codes: list[str | None] = [None] * columns
    if kind == "codes":
        for at in draw(st.lists(st.integers(0, columns - 1), min_size=1, unique=True)):
            codes[at] = draw(st.sampled_from(CODES))
    mark = draw(st.sampled_from((NOTHING_APPLIES, "X", " x "))) if kind == "nothing" else ""
    return Decision(tuple(codes), mark, draw(MEMO))


@dataclass(frozen=True)
class Coded:
    """A study's segments and one coder's decisions, as a sheet of `columns` code columns."""

    segments: dict[str, Segment]
    rows: list[dict[str, str]]  # segments.csv's rows: what the sheet is written from
    decisions: dict[str, Decision]
    columns: int


@st.composite
def coded(draw: st.DrawFn) -> Coded:
    """One to six segments of one or two interviews, each with the coder's decision."""
    columns = draw(st.integers(1, 4))
    interviews = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True), min_size=1,
                               max_size=2, unique=True))  # fmt: skip
    segments, rows, found = {}, [], {}
    for turn in range(1, draw(st.integers(1, 6)) + 1):
        interview = draw(st.sampled_from(interviews))
        segment_id = f"{interview}-t{turn:04d}-s01"
        text = draw(TEXT)
        segments[segment_id] = Segment(segment_id, interview, fingerprint(text), text)
        rows.append(
            {"segment_id": segment_id, "interview_id": interview, "speaker": draw(words()),
             "question": draw(MEMO), "text": text, "fingerprint": fingerprint(text)}
        )  # fmt: skip
        found[segment_id] = draw(decisions(columns))
    return Coded(segments, rows, found, columns)


def sheet_rows(generated: Coded) -> list[list[str]]:
    """The sheet's rows as the writer writes them, with the coder's decisions filled in."""
    columns = sheet_columns(generated.columns)
    found = []
    for segment in generated.rows:
        decision = generated.decisions[segment["segment_id"]]
        suggested = [Suggestion(code, False) for code in CODES[: len(segment["question"]) % 3]]
        row = sheet_row(segment, suggested, code_columns=generated.columns, prefill=False)
        row[columns.index("code_1") : columns.index("nothing_applies")] = [
            code or "" for code in decision.codes
        ]
        row[columns.index("nothing_applies")] = decision.mark
        row[columns.index("memo")] = decision.memo
        found.append(row)
    return found


def write(generated: Coded, root: Path) -> dict[str, Path]:
    """The sheet as .xlsx and .csv, written by qualpipe.sheets."""
    paths = write_sheet(
        sheet_rows(generated), CODEBOOK, stem=root / "ana", code_columns=generated.columns,
        howto=["How to code"],
    )  # fmt: skip
    return {Path(path).suffix: Path(path) for path in paths}


def read(path: Path, generated: Coded) -> Decisions:
    return import_coder([str(path)], generated.segments, CODES)


def assert_read_back(found: Decisions, generated: Coded, *, memos: bool = True) -> None:
    """Every row in place, with the codes and the mark the coder wrote."""
    assert not found.review and not found.remapped
    assert list(found.by_segment) == list(generated.segments)
    for segment_id, row in found.by_segment.items():
        decision = generated.decisions[segment_id]
        assert (row.codes, row.nothing) == decision.read(), segment_id
        if memos:
            assert row.memo == decision.memo.strip(), segment_id


@budget(1)
@given(coded(), st.sampled_from((".xlsx", ".csv")))
@example(  # a memo of a tab, written "'\t", was read as "'"
    Coded({"a-t0001-s01": Segment("a-t0001-s01", "a", fingerprint("0"), "0")},
          [{"segment_id": "a-t0001-s01", "interview_id": "a", "speaker": "A", "question": "",
            "text": "0", "fingerprint": fingerprint("0")}],
          {"a-t0001-s01": Decision((None,), "x", "\t")}, 1),
    ".xlsx",
)  # fmt: skip
def test_prop_sheets_decisions_read_back_as_written(generated: Coded, suffix: str) -> None:
    with folder() as root:
        found = read(write(generated, root)[suffix], generated)
    assert_read_back(found, generated)


# --- Returned sheets as a coder may change them -------------------------------------------


def grid_of(generated: Coded) -> Grid:
    """The cells of the sheet as qualpipe.sheets.coding writes them (its CSV form: the same cells
    as its .xlsx, which takes ten times as long to write)."""
    text = csv_bytes(sheet_columns(generated.columns), sheet_rows(generated)).decode("utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]


def model(grid: Grid) -> tuple[dict[str, tuple[tuple[str, ...], bool]], int] | None:
    """What the merge must read from a sheet whose headings are as exported: each row's
    codes and mark, and how many rows (those without a segment id) go to the review list;
    None where it must refuse the sheet (a missing column, an unknown code, a mark other
    than x, codes and x together, a code under a heading it does not read)."""
    header = [cell_text(v) for v in grid[0]]
    if any(column not in header for column in READ) or not any(
        h.startswith("code_") for h in header
    ):
        return None
    own = set(sheet_columns(1))
    found, review = {}, 0
    for values in grid[1:]:
        row = dict(zip(header, (cell_text(v) for v in values), strict=False))
        row.pop(
            "", None
        )  # no heading: not read (a decision there is qualpipe.merge.returned's E522)
        if not any(row.values()):
            continue
        codes = [row[h] for h in sorted(row, key=_number) if h.startswith("code_") and row[h]]
        mark = row.get("nothing_applies", "")
        stray = [h for h in row if h not in own and not h.startswith("code_") and row[h] in CODES]
        if any(c not in CODES for c in codes) or (mark and mark.lower() != "x"):
            return None
        if (mark and codes) or stray:
            return None
        if row["segment_id"]:
            found[row["segment_id"]] = (tuple(dict.fromkeys(codes)), bool(mark))
        else:
            review += 1
    return found, review


def _number(heading: str) -> tuple[int, str]:
    suffix = heading.removeprefix("code_")
    return (int(suffix), heading) if suffix.isdigit() else (10**6, heading)


@st.composite
def changed_cells(draw: st.DrawFn, grid: Grid, *, xlsx: bool) -> Grid:
    """Cells the merge reads as decisions (code_*, nothing_applies) or memos, set to typed
    values, blanks, codes in other spellings, long or hostile text; blank rows and columns
    with new headings added; columns other than segment_id, text, fingerprint deleted."""
    grid = [list(row) for row in grid]
    header = list(grid[0])
    targets = [n for n, h in enumerate(header) if h.startswith("code_") or h in ("nothing_applies",
               "memo")]  # fmt: skip
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(("typed", "text", "row", "column", "delete")))
        if what in ("typed", "text") and len(grid) > 1:
            row = draw(st.integers(1, len(grid) - 1))
            column = draw(st.sampled_from(targets))
            value = draw(TYPED if what == "typed" else TEXTS)
            grid[row][column] = xml_safe(value) if xlsx and isinstance(value, str) else value
        elif what == "row":
            blank = draw(st.sampled_from((None, "", " ", "\t")))
            grid.insert(draw(st.integers(1, len(grid))), [blank] * len(header))
        elif what == "column":
            heading = draw(st.sampled_from(("notes", "Kommentar", "ref", "kod?", "")))
            cells = draw(st.lists(MEMO | st.sampled_from(CODES), min_size=len(grid) - 1,
                                  max_size=len(grid) - 1))  # fmt: skip
            if heading in header or (not heading and any(c.strip() in CODES for c in cells)):
                continue  # a repeated heading, a decision under none: see qualpipe.merge.returned
            for row, value in zip(grid, [heading, *cells], strict=True):
                row.append(value)
            header.append(heading)
        elif what == "delete":
            column = draw(st.integers(0, len(header) - 1))
            if header[column] in ("segment_id", "text", "fingerprint"):
                continue  # the row's identity: see test_prop_sheets_identity_changes_...
            for row in grid:
                del row[column]
            del header[column]
            targets = [n for n, h in enumerate(header) if h.startswith("code_")
                       or h in ("nothing_applies", "memo")]  # fmt: skip
            if not targets:
                break
    return grid


@budget(2)
@given(coded(), st.sampled_from((".xlsx", ".csv")), st.data())
def test_prop_sheets_changed_cells_are_read_as_written_or_refused(
    generated: Coded, suffix: str, data: st.DataObject
) -> None:
    with folder() as root:
        grid = grid_of(generated)
        grid = data.draw(changed_cells(grid, xlsx=suffix == ".xlsx"))
        save(grid, root / f"returned{suffix}")
        result = outcome(lambda: read(root / f"returned{suffix}", generated))
    expected = model(grid)
    if expected is None:
        assert isinstance(result, PipelineError)
        return
    assert not isinstance(result, PipelineError), result
    assert {k: (r.codes, r.nothing) for k, r in result.by_segment.items()} == expected[0]
    assert (len(result.review), result.remapped) == (expected[1], {})


@st.composite
def renamed(draw: st.DrawFn, grid: Grid) -> Grid:
    """Headings retyped: in capitals, with spaces, '_' as a space, or another word."""
    grid = [list(row) for row in grid]
    header = grid[0]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(header) - 1))
        old = str(header[at])
        new = draw(
            st.sampled_from(
                (old.upper(), old.capitalize(), f" {old} ", old.replace("_", " "), f"{old}s")
            )
            | words(letters="_ ")
        )
        taken = {str(h).strip().lower() for n, h in enumerate(header) if n != at}
        if new.strip().lower() not in taken and not new.startswith("code_"):
            header[at] = new  # a repeated heading, a new code column: see qualpipe.merge.returned
    return grid


@budget(1)
@given(coded(), st.sampled_from((".xlsx", ".csv")), st.data())
def test_prop_sheets_renamed_headings_are_read_or_refused(
    generated: Coded, suffix: str, data: st.DataObject
) -> None:
    """A renamed heading is read as the column it was, or refused: the codes under a code
    column renamed 'Code 2' are never lost without a message."""
    with folder() as root:
        grid = data.draw(renamed(grid_of(generated)))
        save(grid, root / f"returned{suffix}")
        result = outcome(lambda: read(root / f"returned{suffix}", generated))
    if not isinstance(result, PipelineError):
        assert_read_back(result, generated, memos=False)


@budget(1)
@given(coded(), st.sampled_from((".xlsx", ".csv")), st.data())
def test_prop_sheets_a_segment_twice_is_refused(
    generated: Coded, suffix: str, data: st.DataObject
) -> None:
    with folder() as root:
        grid = grid_of(generated)
        row = data.draw(st.sampled_from(grid[1:]))
        if len(grid) > 2 and data.draw(st.booleans()):
            other = data.draw(st.sampled_from([r for r in grid[1:] if r is not row]))
            other[0] = row[0]  # its segment id; the rest is the other segment's
        else:
            grid.insert(data.draw(st.integers(1, len(grid))), list(row))
        save(grid, root / f"returned{suffix}")
        result = outcome(lambda: read(root / f"returned{suffix}", generated))
    assert isinstance(result, PipelineError) and result.code == "E502"


IDENTITY = ("segment_id", "text", "fingerprint")


@st.composite
def identities_changed(draw: st.DrawFn, grid: Grid) -> Grid:
    """Segment ids, texts or fingerprints changed: typed values, blanks, another row's
    value, another interview's id, an edited text."""
    grid = [list(row) for row in grid]
    header = grid[0]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.sampled_from(grid[1:]))
        column = header.index(draw(st.sampled_from(IDENTITY)))
        value = str(row[column])
        row[column] = draw(
            st.one_of(
                TYPED,
                st.sampled_from(("", " ", value.upper(), value[:-1], value + " ", f"z{value}")),
                st.sampled_from([r[column] for r in grid[1:]]),
                TEXT,
            )
        )
    return grid


@budget(1.5)
@given(coded(), st.sampled_from((".xlsx", ".csv")), st.data())
def test_prop_sheets_rows_go_to_their_segment_or_to_review(
    generated: Coded, suffix: str, data: st.DataObject
) -> None:
    """A row whose segment id, text or fingerprint changed is placed on its own segment (by
    its id and fingerprint, or by its text), or where its text now stands (the sheet's
    segment was re-cut), listed for review, or refused; no row is lost."""
    with folder() as root:
        original = grid_of(generated)
        grid = data.draw(identities_changed(original))
        save(grid, root / f"returned{suffix}")
        result = outcome(lambda: read(root / f"returned{suffix}", generated))
    if isinstance(result, PipelineError):
        return
    owner = {line: row[0] for line, row in enumerate(original[1:], start=2)}
    for segment_id, row in result.by_segment.items():
        if owner[row.line] != segment_id:
            assert segment_id in result.remapped, f"row {row.line} placed on {segment_id}"
            assert " ".join(row.text.split()) in " ".join(
                generated.segments[segment_id].text.split()
            )
        assert (row.codes, row.nothing) == generated.decisions[owner[row.line]].read()
    assert len(result.by_segment) + len(result.review) == len(generated.segments)
