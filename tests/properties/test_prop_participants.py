"""Properties of data/participants.csv as qualpipe.common.study reads it, issue 14.

Generated sheets, whatever their quoting, delimiters inside cells, names with ';', commas,
quotes, line ends and Unicode, BOM and extra columns, read back cell for cell; a sheet with
missing cells, duplicate rows, edits or random bytes is refused with a catalogued error, or
read with every one of its rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hostile import budget, folder, mutated, outcome, prose, raw_bytes
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.common.participants import REQUIRED_COLUMNS
from qualpipe.common.records import MODES
from qualpipe.common.study import Interview, load_participants
from qualpipe.errors import PipelineError

ROLES, WAVES, SITES = ["official", "unit_manager"], ["2013", "2014"], ["north", "söder"]
SUFFIXES = (".txt", ".docx", ".vtt", ".srt", ".TextGrid")
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True)
CELL = prose(exclude="\x00", max_size=20)


def _named(cell: str) -> bool:
    """Whether an interviewer cell names someone, as the study checks it."""
    return bool(cell.strip().strip(" ;"))


# Strategies are built once: building one costs more than drawing from it.
PEOPLE = st.lists(CELL.filter(lambda c: ";" not in c), min_size=1, max_size=2).map("; ".join)
ROW = st.fixed_dictionaries(
    {
        "participant": PEOPLE,
        "role": st.sampled_from(ROLES),
        "site": st.sampled_from(SITES),
        "wave": st.sampled_from(WAVES),
        "date": st.dates().map(lambda day: day.isoformat()),
        "mode": st.sampled_from(MODES),
        "interviewer": PEOPLE.filter(_named),
        "person_id": CELL,
        "notes": CELL | st.tuples(CELL, CELL).map("\n".join),
    }
)
FOLDERS, FILE_SUFFIXES = st.sampled_from(("", " ", "sub/")), st.sampled_from(SUFFIXES)


@st.composite
def rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """One to six interviews with unique ids and files; names and notes in any characters."""
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique_by=str.lower))
    found = []
    for number, interview_id in enumerate(ids):
        name = f"{draw(FOLDERS)}{interview_id}_{number}{draw(FILE_SUFFIXES)}"
        found.append({"interview_id": interview_id, "file": name, **draw(ROW)})
    return found


@st.composite
def sheets(draw: st.DrawFn, found: list[dict[str, str]]) -> bytes:
    """The rows as a CSV file as a spreadsheet saves it: columns in any order, any quoting,
    CRLF or LF, with or without BOM, blank rows between."""
    columns = draw(st.permutations([*REQUIRED_COLUMNS, "person_id", "notes"]))
    buffer = io.StringIO()
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))
    end = draw(st.sampled_from(("\n", "\r\n")))
    writer = csv.writer(buffer, quoting=quoting, lineterminator=end)
    writer.writerow(columns)
    for row in found:
        writer.writerow([row[column] for column in columns])
        if draw(st.integers(0, 4)) == 0:
            writer.writerow([""] * len(columns))
    return buffer.getvalue().encode(draw(st.sampled_from(("utf-8", "utf-8-sig"))))


def _load(data: bytes, found: list[dict[str, str]], root: Path) -> dict[str, Interview]:
    raw = root / "raw"
    for row in found:
        path = raw / row["file"].strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("R: hi\n")
    (root / "participants.csv").write_bytes(data)
    return load_participants(
        root / "participants.csv", raw_dir=raw, roles=ROLES, waves=WAVES, sites=SITES
    )


@budget(1.5)
@given(st.data())
def test_prop_participants_read_back_cell_for_cell(data: st.DataObject) -> None:
    found = data.draw(rows())
    sheet = data.draw(sheets(found))
    with folder() as root:
        interviews = _load(sheet, found, root)
    assert list(interviews) == [row["interview_id"] for row in found]
    for row, interview in zip(found, interviews.values(), strict=True):
        assert interview.row == {key: value.strip() for key, value in row.items()}
        assert interview.paths == (str(root / "raw" / row["file"].strip()),)


def _records(data: bytes) -> int:
    """Rows with a non-blank value after the header, as any CSV reader finds them."""
    text = data.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for values in records[1:] if any(value.strip() for value in values))


@st.composite
def hostile_sheets(draw: st.DrawFn) -> tuple[list[dict[str, str]], bytes]:
    """A generated sheet with cells missing or added, rows repeated, ';' as delimiter, text
    edits, or random bytes."""
    found = draw(rows())
    data = draw(sheets(found))
    edit = draw(st.sampled_from(("text", "bytes", "semicolon", "repeat", "cells")))
    if edit == "text":
        data = draw(mutated(data.decode("utf-8"))).encode("utf-8", "surrogatepass")
    elif edit == "bytes":
        data = draw(raw_bytes(data))
    elif edit == "semicolon":
        data = data.replace(b",", b";")
    elif edit == "repeat":
        lines = data.splitlines(keepends=True)
        data = b"".join([*lines, draw(st.sampled_from(lines))])
    else:
        lines = data.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at].replace(b",", b"", 1) if draw(st.booleans()) else b"," + lines[at]
        data = b"".join(lines)
    return found, data


@budget(2)
@given(hostile_sheets())
# Windows-1252 bytes: UnicodeDecodeError escaped (now E130).
@example(([], b"interview_id,file\n\xe5,x\n"))
# A cell over csv's field limit: csv.Error escaped (now E012).
@example(([], b'interview_id,file\n"' + b"a" * 140_000 + b'",x\n'))
def test_prop_participants_any_sheet_is_read_whole_or_refused(generated: tuple) -> None:
    found, data = generated
    with folder() as root:
        result = outcome(lambda: _load(data, found, root))
    if not isinstance(result, PipelineError):
        assert len(result) == _records(data)


@given(st.text(st.sampled_from("abc/._-;é\x00 "), min_size=1, max_size=300))
@example("a" * 300 + ".txt")
@budget(0.5)
def test_prop_participants_any_file_name_is_checked(name: str) -> None:
    """A file name too long for the file system, with NUL or odd characters: E004, E005, E010."""
    row = ",".join([f'"{name}"' if c == "file" else "x" for c in REQUIRED_COLUMNS])
    with folder() as root:
        (root / "raw").mkdir()
        (root / "participants.csv").write_text(",".join(REQUIRED_COLUMNS) + "\n" + row + "\n")
        result = outcome(
            lambda: load_participants(
                root / "participants.csv", raw_dir=root / "raw", roles=[], waves=[], sites=[]
            )
        )
    assert isinstance(result, PipelineError)
