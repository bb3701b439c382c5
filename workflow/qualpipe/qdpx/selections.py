"""Codings as plain-text selections: the pre-coding suggestions and the consensus codes, one
selection per segment and export user, checked against the transcripts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualpipe.common.io import read_rows
from qualpipe.common.refi import CONSENSUS_USER, PIPELINE_USER, guid
from qualpipe.qdpx.sources import Source


@dataclass(frozen=True)
class Selection:
    """One coded segment by one export user.

    user (str): PIPELINE_USER or CONSENSUS_USER. segment (str): the segment id.
    interview (str): its interview. start, end (int): code points, end exclusive.
    codes (tuple[str, ...]): code ids in codebook order. description (str): why coded.
    """

    user: str
    segment: str
    interview: str
    start: int
    end: int
    codes: tuple[str, ...]
    description: str


def selection_guid(user: str, segment: str) -> str:
    """The GUID of one user's selection of one segment."""
    return guid("selection", f"{user}:{segment}")


def coding_guid(user: str, segment: str, code: str) -> str:
    """The GUID of one user's coding of one segment with one code."""
    return guid("coding", f"{user}:{segment}:{code}")


def suggestion_selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    order: Sequence[str],
) -> list[Selection]:
    """The pre-coding suggestions as selections by PIPELINE_USER, one per segment.

    rows (Sequence[Mapping[str, str]]): results/precode/suggestions.csv.
    segments (Mapping[str, Mapping[str, str]]): segment id -> its segments.csv row.
    order (Sequence[str]): code ids in codebook order.
    RETURNS (list[Selection]): every suggested code coded; the Description names, per code,
        how it matched and the terms, e.g. 'workload (keyword): caseload (negated)'.
    """

    def note(row: Mapping[str, str]) -> str:
        negated = " (negated)" if row["negated"] == "true" else ""
        return f"{row['code']} ({row['sources']}): {row['terms']}{negated}"

    return _selections(rows, segments, user=PIPELINE_USER, order=order, note=note)


def consensus_selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    order: Sequence[str],
) -> list[Selection]:
    """The final consensus codes (results/coding/codes_final.csv) as CONSENSUS_USER's selections."""

    def note(row: Mapping[str, str]) -> str:
        return f"{row['code']}: {row['basis']} ({row['coders'].replace(';', '; ')})"

    return _selections(rows, segments, user=CONSENSUS_USER, order=order, note=note)


def _selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    user: str,
    order: Sequence[str],
    note: Callable[[Mapping[str, str]], str],
) -> list[Selection]:
    rank = {code: index for index, code in enumerate(order)}
    by_segment: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row["code"] not in rank:
            raise ValueError(f"{user}: code '{row['code']}' is not in the codebook")
        if row["segment_id"] not in segments:
            raise ValueError(f"{user}: segment '{row['segment_id']}' is not in segments.csv")
        by_segment[row["segment_id"]][row["code"]] = note(row)
    selections = []
    for segment_id, notes in by_segment.items():
        segment = segments[segment_id]
        codes = tuple(sorted(notes, key=rank.__getitem__))
        selections.append(
            Selection(
                user=user,
                segment=segment_id,
                interview=segment["interview_id"],
                start=int(segment["start"]),
                end=int(segment["end"]),
                codes=codes,
                description="\n".join(notes[code] for code in codes),
            )
        )
    return sorted(selections, key=lambda s: (s.interview, s.start, s.end, s.segment))


def check_positions(
    selections: Iterable[Selection],
    sources: Mapping[str, Source],
    segments: Mapping[str, Mapping[str, str]],
) -> None:
    """Raise ValueError (a bug) if a selection's code points are not its segment's text."""
    for selection in selections:
        text = sources[selection.interview].text[selection.start : selection.end]
        if text != segments[selection.segment]["text"]:
            raise ValueError(
                f"segment {selection.segment}: [{selection.start}, {selection.end}) of "
                f"{selection.interview} is not the segment's text"
            )


def load_selections(
    *,
    segments_path: str,
    suggestions_path: str,
    final_path: str,
    sources: Sequence[Source],
    order: Sequence[str],
) -> list[Selection]:
    """The pre-codes, and the consensus codes if final_path is given, checked on the texts.

    RETURNS (list[Selection]): PIPELINE_USER's, then CONSENSUS_USER's selections.
    """
    segments = {row["segment_id"]: row for row in read_rows(segments_path)}
    selections = suggestion_selections(read_rows(suggestions_path), segments, order=order)
    if final_path:
        selections += consensus_selections(read_rows(final_path), segments, order=order)
    check_positions(selections, {s.interview: s for s in sources}, segments)
    return selections
