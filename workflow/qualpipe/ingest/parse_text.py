"""Speaker-labelled text: the lines of a .txt file or of a Word document's paragraphs.

A turn starts on a line that begins with a known speaker label and a colon (or a tab, in a
Word table row), optionally with a [hh:mm:ss] timestamp before or after the label; lines
without a label continue the current turn. Everything before the first turn is the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualpipe.common.speakers import AMBIGUOUS, SpeakerDirectory, fold
from qualpipe.errors import PipelineError
from qualpipe.ingest.transcript import Span, Transcript, Turn, join_pieces

# A speaker label: a letter, then up to 59 letters, digits, spaces, dots, commas, hyphens and
# apostrophes ('R', 'Interviewer 2', "Anna-Karin O'Neil", 'John G. Roberts, Jr.').
LABEL_PATTERN = r"[^\W\d_](?:[\w.,'’\- ]{0,58}[\w.])?"
_TIMESTAMP = r"\[(?P<{name}>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d{{1,3}})?)\]"
_LABEL_LINE = re.compile(
    r"^[ \t]*(?:" + _TIMESTAMP.format(name="ts1") + r"[ \t]*)?"
    r"(?P<label>" + LABEL_PATTERN + r")[ \t]*"
    r"(?:" + _TIMESTAMP.format(name="ts2") + r"[ \t]*)?"
    r"(?P<sep>:|\t)[ \t]*"
    r"(?:" + _TIMESTAMP.format(name="ts3") + r"[ \t]*)?"
)
_LABEL_LIKE_WORD = re.compile(r"^(?:[A-ZÅÄÖÆØÉÜ][\w.'’\-]*,?|\d+)$")


@dataclass(frozen=True)
class SourceLine:
    """One line of the source text with its offsets and 1-based number."""

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def content_span(self, offset: int = 0) -> Span | None:
        """The span of the line's non-blank content from `offset` within the line."""
        piece = self.text[offset:]
        if not piece.strip():
            return None
        lead = len(piece) - len(piece.lstrip())
        return (self.start + offset + lead, self.start + offset + len(piece.rstrip()))


@dataclass(frozen=True)
class LabelMatch:
    """A line's speaker label, its timestamp and where its text begins."""

    label: str
    kind: str | None
    markup: Span
    text_offset: int
    time: float | None


def split_lines(source: str) -> list[SourceLine]:
    """Split text with '\\n' line ends into numbered lines with offsets."""
    lines, start = [], 0
    for number, text in enumerate(source.split("\n"), start=1):
        lines.append(SourceLine(number=number, start=start, end=start + len(text), text=text))
        start += len(text) + 1
    return lines


def parse_seconds(stamp: str) -> float:
    """'01:02:03.5' or '02:03' as seconds."""
    parts = [float(part) for part in stamp.replace(",", ".").split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def match_label(
    line: SourceLine, directory: SpeakerDirectory, *, tab_labels: bool
) -> LabelMatch | None:
    """The speaker label that starts a line, resolved or not; None if there is none."""
    match = _LABEL_LINE.match(line.text)
    if match is None or (match["sep"] == "\t" and not tab_labels):
        return None
    stamp = match["ts1"] or match["ts2"] or match["ts3"]
    label = match["label"].strip()
    lead = len(line.text) - len(line.text.lstrip())
    markup_end = len(match.group(0).rstrip())
    return LabelMatch(
        label=label,
        kind=directory.kind_of(label),
        markup=(line.start + lead, line.start + markup_end),
        text_offset=match.end(),
        time=parse_seconds(stamp) if stamp else None,
    )


def looks_like_label(label: str) -> bool:
    """Up to five capitalised words or initials: a speaker label, not the start of a sentence.

    'Bosse Lund' or 'John G. Roberts, Jr.' before a colon names a speaker; 'And he said' does
    not. A label-like prefix that names nobody is an error rather than silently text.
    """
    words = label.split()
    return 0 < len(words) <= 5 and all(_LABEL_LIKE_WORD.match(word) for word in words)


def _is_person_line(found: LabelMatch, line: SourceLine, directory: SpeakerDirectory) -> bool:
    """'Interviewer: Maria Ek' in a header names a person rather than starting a turn."""
    rest = line.text[found.text_offset :].strip()
    return bool(rest) and directory.kinds.get(fold(rest)) not in (None, AMBIGUOUS)


def _first_known_label(
    lines: list[SourceLine], directory: SpeakerDirectory, *, start: int, tab_labels: bool
) -> int:
    for index in range(start, len(lines)):
        found = match_label(lines[index], directory, tab_labels=tab_labels)
        if found is not None and found.kind is not None:
            return index
    return -1


def _first_turn_line(
    lines: list[SourceLine], directory: SpeakerDirectory, *, tab_labels: bool
) -> int:
    """Index of the line that starts the first turn, after any header block.

    The header is everything before the first labelled line that is not a header line naming
    a person ('Interviewer: Maria Ek').
    """
    index = _first_known_label(lines, directory, start=0, tab_labels=tab_labels)
    while index >= 0:
        found = match_label(lines[index], directory, tab_labels=tab_labels)
        if found is not None and not _is_person_line(found, lines[index], directory):
            return index
        index = _first_known_label(lines, directory, start=index + 1, tab_labels=tab_labels)
    return -1


def parse_labelled_text(
    source: str, directory: SpeakerDirectory, *, file: str, tab_labels: bool = False
) -> Transcript:
    """Parse speaker-labelled lines into turns.

    source (str): text with '\\n' line ends.
    directory (SpeakerDirectory): the labels of this interview's speakers.
    file (str): the file name, for error messages.
    tab_labels (bool): also accept 'label<TAB>text' (rows of a Word table).
    RETURNS (Transcript): header, turns, and the spans of both.
    """
    lines = split_lines(source)
    first = _first_turn_line(lines, directory, tab_labels=tab_labels)
    if first < 0:
        raise PipelineError("E101", file=file)
    transcript = Transcript(source=source)
    transcript.header = [span for line in lines[:first] if (span := line.content_span())]
    for line in lines[first:]:
        _read_line(transcript, line, directory, file=file, tab_labels=tab_labels)
    for turn in transcript.turns:
        turn.text = join_pieces(source, turn.spans, "\n")
    return transcript


def _read_line(
    transcript: Transcript,
    line: SourceLine,
    directory: SpeakerDirectory,
    *,
    file: str,
    tab_labels: bool,
) -> None:
    if line.blank:
        return
    found = match_label(line, directory, tab_labels=tab_labels)
    if found is not None and found.kind == AMBIGUOUS:
        raise PipelineError("E110", file=file, line=line.number, value=found.label)
    if found is not None and found.kind is None and looks_like_label(found.label):
        raise PipelineError("E102", file=file, line=line.number, value=found.label)
    if found is None or found.kind is None:
        span = line.content_span()
        if span is not None:
            transcript.turns[-1].spans.append(span)
        return
    turn = Turn(speaker=found.label, kind=found.kind, line=line.number, time=found.time)
    turn.markup.append(found.markup)
    span = line.content_span(found.text_offset)
    if span is not None:
        turn.spans.append(span)
    transcript.turns.append(turn)
