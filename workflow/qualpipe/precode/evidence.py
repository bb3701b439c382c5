"""Matches placed in their segments: the evidence for a suggestion, with its context words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualpipe.common.io import read_rows
from qualpipe.precode.matcher import CodeMatch, Matchers


@dataclass(frozen=True)
class SegmentSpan:
    """What pre-coding needs of a segment: its id, interview, speaker, group, and its span.

    start, end (int): offsets into the anonymised transcript, as in segments.csv.
    """

    segment_id: str
    interview_id: str
    speaker: str
    group: str
    start: int
    end: int


def read_segments(path: str) -> dict[tuple[str, int], list[SegmentSpan]]:
    """Segments by (interview, turn), with their spans in the anonymised transcript."""
    by_turn: dict[tuple[str, int], list[SegmentSpan]] = defaultdict(list)
    for row in read_rows(path):
        by_turn[(row["interview_id"], int(row["turn"]))].append(
            SegmentSpan(
                row["segment_id"],
                row["interview_id"],
                row["speaker"],
                row["group"],
                int(row["start"]),
                int(row["end"]),
            )
        )
    return dict(by_turn)


def segment_of(match: CodeMatch, segments: Sequence[SegmentSpan], offset: int) -> SegmentSpan:
    """The segment a match starts in (segments partition the turn's text)."""
    position = offset + match.start_char
    chosen = segments[0]
    for segment in segments:
        if segment.start <= position:
            chosen = segment
    return chosen


@dataclass(frozen=True)
class Evidence:
    """A match placed in its segment, with offsets into the anonymised transcript."""

    segment: SegmentSpan
    match: CodeMatch
    matched: str
    start: int
    end: int
    left: str
    right: str


def turn_evidence(
    doc: object,
    segments: Sequence[SegmentSpan],
    matchers: Matchers,
    *,
    offset: int,
    window: int,
    context: int,
    text: str | None = None,
) -> list[Evidence]:
    """Every match in one turn's doc, placed in its segment, with its context words.

    offset (int): where the turn's text starts in the anonymised transcript. text (str |
    None): doc.text, if the caller has it.
    """
    evidence = []
    text = doc.text if text is None else text  # type: ignore[attr-defined]
    for match in matchers.find(doc, window=window, text=text):
        left = doc[max(match.start - context, 0) : match.start].text  # type: ignore[index]
        right = doc[match.end : match.end + context].text  # type: ignore[index]
        evidence.append(
            Evidence(
                segment=segment_of(match, segments, offset),
                match=match,
                matched=text[match.start_char : match.end_char],
                start=offset + match.start_char,
                end=offset + match.end_char,
                left=left,
                right=right,
            )
        )
    return evidence


def in_transcript_order(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The evidence by interview, then position in the transcript, then code."""
    return sorted(evidence, key=lambda e: (e.segment.interview_id, e.start, e.end, e.match.code))


def flag(value: bool) -> str:
    """A yes/no cell of the pre-coding tables: 'true' or 'false'."""
    return "true" if value else "false"
