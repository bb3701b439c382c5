"""The records stages pass each other: the one Segment and Row, the coding sheet's columns, the
anonymised transcript's rendering, and the values of closed vocabularies."""

from collections.abc import Mapping
from dataclasses import dataclass

from qualpipe.common.io import read_rows


def render_with_offsets(document: Mapping) -> tuple[str, list[int]]:
    """The rendered transcript and where each turn's text starts in it.

    RETURNS (tuple[str, list[int]]): the text of results/anonymised/<interview>.txt, and for
        each turn (in order) the character offset of its text, after 'Label: '.
    """
    parts = [document["header"]] if document["header"] else []
    position = len(document["header"]) + 2 if document["header"] else 0
    starts = []
    for turn in document["turns"]:
        prefix = f"{turn['speaker']}: "
        starts.append(position + len(prefix))
        parts.append(prefix + turn["text"])
        position += len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n", starts


def read_turns(path: str) -> list[tuple[str, int, int]]:
    """(interview, turn, offset) for each Doc of a batch's DocBin, in order."""
    return [(r["interview_id"], int(r["turn"]), int(r["offset"])) for r in read_rows(path)]


MODES = ("in_person", "phone", "video")


@dataclass(frozen=True)
class Row:
    """One returned sheet row: where it is, which segment, what the coder decided.

    A row read from a QDA project has line = a position in the transcript, and, when it is for
    review, segment_id '' and interview = the interview it was coded in ('' if unknown).
    """

    source: str
    line: int
    segment_id: str
    text: str
    fingerprint: str
    codes: tuple[str, ...]
    nothing: bool
    memo: str = ""
    interview: str = ""


@dataclass(frozen=True)
class Segment:
    """What merging needs of a current segment; start, end: offsets into its transcript."""

    segment_id: str
    interview_id: str
    fingerprint: str
    text: str
    start: int = 0
    end: int = 0


NOTHING_APPLIES = "x"


def sheet_columns(code_columns: int) -> list[str]:
    """The columns of a coding sheet, left to right; the merge stage reads them by name.

    code_columns (int): the number of code columns (config coding.code_columns).
    RETURNS (list[str]): segment_id ... suggested, code_1 ... code_N, nothing_applies, memo,
        fingerprint.
    """
    codes = [f"code_{number}" for number in range(1, code_columns + 1)]
    fixed = ["segment_id", "interview", "speaker", "question", "text", "suggested"]
    return [*fixed, *codes, "nothing_applies", "memo", "fingerprint"]
