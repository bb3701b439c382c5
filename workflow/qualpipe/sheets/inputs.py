"""The tables a coding sheet is made from: segments.csv and the pre-coding suggestions, read and
checked."""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from qualpipe.codebook import Codebook
from qualpipe.common.io import restored
from qualpipe.errors import PipelineError, raise_all

SEGMENT_COLUMNS = ("segment_id", "interview_id", "speaker", "question", "text", "fingerprint")
SUGGESTION_COLUMNS = ("segment_id", "code", "negated")


@dataclass(frozen=True)
class Suggestion:
    """One code that pre-coding suggested for a segment.

    code (str): the code id. negated (bool): every match was in the scope of a negation.
    """

    code: str
    negated: bool


def read_table(path: str, *, required: Sequence[str], stage: str) -> list[tuple[int, dict]]:
    """The rows of a CSV table with their line numbers, after checking its header.

    path (str): the table. required (Sequence[str]): columns it must have.
    stage (str): the stage that writes it, named in the error message.
    RETURNS (list[tuple[int, dict]]): (line number, row) in file order.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise PipelineError("E402", file=path, columns=", ".join(missing), stage=stage)
        return [(reader.line_num, restored(row)) for row in reader]


def read_segments(path: str, *, interviews: Collection[str] = ()) -> list[dict[str, str]]:
    """Read segments.csv; every segment_id must be unique.

    path (str): results/segments/segments.csv.
    interviews (Collection[str]): when given, every segment's interview must be one of them.
    RETURNS (list[dict[str, str]]): the rows in transcript order.
    """
    rows = read_table(path, required=SEGMENT_COLUMNS, stage="segment")
    errors: list[PipelineError] = []
    first: dict[str, int] = {}
    for line, row in rows:
        segment_id = row["segment_id"]
        if segment_id in first:
            errors.append(
                PipelineError(
                    "E405", file=path, row=line, value=segment_id, first_row=first[segment_id]
                )
            )
        first.setdefault(segment_id, line)
        if interviews and row["interview_id"] not in interviews:
            errors.append(PipelineError("E406", file=path, row=line, value=row["interview_id"]))
    raise_all(errors)
    return [row for _, row in rows]


def read_suggestions(
    path: str, *, codebook: Codebook, segments_path: str, segment_ids: Collection[str]
) -> dict[str, list[Suggestion]]:
    """Read suggestions.csv; every code must be in the codebook, every segment known.

    path (str): results/precode/suggestions.csv. codebook (Codebook): the current codebook.
    segments_path (str): segments.csv, named in errors. segment_ids: its segment ids.
    RETURNS (dict[str, list[Suggestion]]): by segment id, each list in codebook order.
    """
    order = {code_id: number for number, code_id in enumerate(codebook.ids)}
    found: dict[str, list[Suggestion]] = {}
    errors = []
    for line, row in read_table(path, required=SUGGESTION_COLUMNS, stage="precode"):
        where = {"file": path, "row": line}
        if row["code"] not in order:
            errors.append(PipelineError("E403", value=row["code"], codebook=codebook.file, **where))
        elif row["segment_id"] not in segment_ids:
            errors.append(
                PipelineError("E404", value=row["segment_id"], segments=segments_path, **where)
            )
        else:
            negated = row["negated"].strip().lower() == "true"
            found.setdefault(row["segment_id"], []).append(Suggestion(row["code"], negated))
    raise_all(errors)
    return {key: sorted(items, key=lambda s: order[s.code]) for key, items in found.items()}
