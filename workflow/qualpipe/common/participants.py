"""The one reader of participants.csv, shared by every stage that reads it: rows (values
stripped, with their line numbers), names and file lists."""

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from qualpipe.common.io import utf8_text
from qualpipe.errors import PipelineError


def split_names(value: str) -> list[str]:
    """Names in a participants.csv cell, ';'-separated."""
    return [name.strip() for name in value.split(";") if name.strip()]


def listed_files(value: str) -> list[str]:
    """The file(s) a 'file' cell lists, ';'-separated, with '/' as the folder separator."""
    return [part.strip() for part in value.replace("\\", "/").split(";") if part.strip()]


# Files that editors and operating systems leave beside the transcripts.
IGNORED_FILES = re.compile(r"^(\..*|~\$.*|Thumbs\.db|desktop\.ini|README(\..*)?)$", re.IGNORECASE)


REQUIRED_COLUMNS = (
    "interview_id",
    "file",
    "participant",
    "role",
    "site",
    "wave",
    "date",
    "mode",
    "interviewer",
)


# Separators spreadsheet programs use instead of commas (Excel's in locales with a decimal
# comma, and its 'Text (Tab delimited)'), by how the message names them.
OTHER_DELIMITERS = {";": "';'", "\t": "tabs", "|": "'|'"}


def other_delimiter(header: Sequence[str]) -> str:
    """How the header's values are separated when that is not by commas ('' if by commas).

    header (Sequence[str]): the header as read with commas.
    RETURNS (str): "';'", 'tabs' or "'|'" when splitting on it finds the required columns.
    """
    if len(header) >= len(REQUIRED_COLUMNS):
        return ""
    line = ",".join(header)
    for delimiter, name in OTHER_DELIMITERS.items():
        names = {part.strip() for part in line.split(delimiter)}
        if sum(column in names for column in REQUIRED_COLUMNS) > len(REQUIRED_COLUMNS) // 2:
            return name
    return ""


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows of a CSV file, each row with its line number."""
    if not path.is_file():
        raise PipelineError("E007", file=path)
    reader = csv.reader(io.StringIO(utf8_text(path), newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        delimiter = other_delimiter(header)
        if delimiter:  # before its rows, whose commas in names would say E012
            raise PipelineError("E018", file=path, delimiter=delimiter)
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                problem = f"{len(values)} values for {len(header)} columns"
                raise PipelineError("E012", file=path, row=reader.line_num, problem=problem)
            rows.append(
                (reader.line_num, {k: v.strip() for k, v in zip(header, values, strict=False)})
            )
    except csv.Error as error:  # a cell over csv's field size limit (issue 14)
        raise PipelineError("E012", file=path, row=reader.line_num, problem=str(error)) from error
    return header, rows


def participant_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of participants.csv, values stripped (the file was checked at parse time)."""
    return [row for _, row in read_table(Path(path))[1]]


def participant_row(path: str | Path, interview_id: str) -> dict[str, str]:
    """One interview's row of participants.csv.

    Names reach a job this way rather than through `params:`, which Snakemake stores in
    .snakemake/metadata and shows in its report.
    """
    for row in participant_rows(path):
        if row["interview_id"] == interview_id:
            return row
    raise KeyError(f"{interview_id} is not in participants.csv")
