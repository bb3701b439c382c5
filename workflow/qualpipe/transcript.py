"""The canonical transcript: an interview's turns, whatever format it arrived in.

Offsets are Unicode code points into the source text (the decoded file with '\\n' line ends;
for .docx, the document's paragraphs joined by '\\n'), end exclusive. Each turn keeps the spans
its text came from and the spans of its markup (label, timestamp), and the transcript keeps the
spans of the header and of format syntax, so that every character can be accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualpipe.errors import PipelineError

Span = tuple[int, int]


@dataclass
class Turn:
    """One speaker's uninterrupted contribution.

    speaker (str): the label as written ('I', 'Karin', 'Respondent 2').
    kind (str): 'interviewer', 'respondent' or 'other'.
    spans (list[Span]): where the turn's text pieces are in the source text.
    text (str): the pieces joined; continuation lines by '\\n', subtitle cues by ' '.
    markup (list[Span]): label, timestamps and colon in the source text.
    line (int): 1-based line of the turn's first line.
    time (float | None): seconds from the start of the recording, when given.
    time_end (float | None): end time of the last cue, for subtitles.
    """

    speaker: str
    kind: str
    line: int
    spans: list[Span] = field(default_factory=list)
    text: str = ""
    markup: list[Span] = field(default_factory=list)
    time: float | None = None
    time_end: float | None = None

    @property
    def start(self) -> int:
        return min(start for start, _ in self.spans + self.markup)

    @property
    def end(self) -> int:
        return max(end for _, end in self.spans + self.markup)

    def to_dict(self, index: int) -> dict[str, object]:
        return {
            "index": index,
            "speaker": self.speaker,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "time": self.time,
            "time_end": self.time_end,
            "words": len(self.text.split()),
            "spans": [list(span) for span in self.spans],
            "markup": [list(span) for span in self.markup],
        }


@dataclass
class Transcript:
    """A parsed transcript before it gets its interview's attributes.

    source (str): the text all offsets refer to.
    header (list[Span]): the header block (title, date, people) before the first turn.
    syntax (list[Span]): format syntax that is neither text nor a turn's markup
        (WEBVTT lines, cue numbers and timings, voice tags).
    """

    source: str
    turns: list[Turn] = field(default_factory=list)
    header: list[Span] = field(default_factory=list)
    syntax: list[Span] = field(default_factory=list)
    cues_without_speaker: int = 0

    @property
    def header_text(self) -> str:
        return "\n".join(self.source[start:end] for start, end in self.header)


def join_pieces(source: str, spans: list[Span], separator: str) -> str:
    """The text of a turn: its pieces of the source, joined.

    Pieces separated in the source by whitespace (a line end, a cue boundary) are joined by
    `separator`; pieces separated only by markup, as in 'sick<i>ness</i>', are joined directly.
    """
    parts: list[str] = []
    for index, (start, end) in enumerate(spans):
        if index:
            gap = source[spans[index - 1][1] : start]
            parts.append(separator if any(char.isspace() for char in gap) else "")
        parts.append(source[start:end])
    return "".join(parts)


def unaccounted_characters(transcript: Transcript) -> list[int]:
    """Offsets of non-blank characters that are in no span, or in more than one.

    RETURNS (list[int]): empty when every non-blank character is accounted for exactly once.
    """
    coverage = [0] * len(transcript.source)
    spans = list(transcript.header) + list(transcript.syntax)
    for turn in transcript.turns:
        spans.extend(turn.spans)
        spans.extend(turn.markup)
    for start, end in spans:
        for offset in range(start, end):
            coverage[offset] += 1
    return [
        offset
        for offset, char in enumerate(transcript.source)
        if not char.isspace() and coverage[offset] != 1
    ]


def check_conservation(transcript: Transcript, *, file: str) -> None:
    """Stop if a non-blank character would be lost or counted twice."""
    missing = unaccounted_characters(transcript)
    if missing:
        first = missing[0]
        line = line_of(transcript.source, first)
        excerpt = transcript.source[first : first + 30].split("\n")[0]
        raise PipelineError("E108", file=file, count=len(missing), line=line, value=excerpt)


def line_of(source: str, offset: int) -> int:
    """1-based line number of an offset."""
    return source.count("\n", 0, offset) + 1
