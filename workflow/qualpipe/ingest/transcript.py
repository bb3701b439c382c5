"""The canonical transcript: an interview's turns, whatever format it arrived in.

Offsets are Unicode code points into the source text (the decoded file with '\\n' line ends;
for .docx, the document's paragraphs joined by '\\n'), end exclusive. An interview in several
files has as its source text their texts joined by '\\n', in the order participants.csv lists
them (join_sources); each turn then says which file (`part`) its line number refers to.
Each turn keeps the spans its text came from and the spans of its markup (label, timestamp,
transcription tags), and the transcript keeps the spans of the header and of format syntax,
so that every character can be accounted for.
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
    time_end (float | None): end time of the last cue or interval, for timed formats.
    part (int | None): for an interview in several files, the index of the turn's file
        (its first piece's); `line` is a line of that file.
    """

    speaker: str
    kind: str
    line: int
    spans: list[Span] = field(default_factory=list)
    text: str = ""
    markup: list[Span] = field(default_factory=list)
    time: float | None = None
    time_end: float | None = None
    part: int | None = None

    @property
    def start(self) -> int:
        return min(start for start, _ in self.spans + self.markup)

    @property
    def end(self) -> int:
        return max(end for _, end in self.spans + self.markup)

    @property
    def words(self) -> int:
        """Words of the text, as split on whitespace."""
        return len(self.text.split())

    def to_dict(self, index: int) -> dict[str, object]:
        fields: dict[str, object] = {
            "index": index,
            "speaker": self.speaker,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "time": self.time,
            "time_end": self.time_end,
            "words": self.words,
            "spans": [list(span) for span in self.spans],
            "markup": [list(span) for span in self.markup],
        }
        if self.part is not None:
            fields["part"] = self.part
        return fields


@dataclass
class Transcript:
    """A parsed transcript before it gets its interview's attributes.

    source (str): the text all offsets refer to.
    header (list[Span]): the header block (title, date, people) before the first turn.
    syntax (list[Span]): format syntax that is neither text nor a turn's markup
        (WEBVTT lines, cue numbers and timings, voice tags, TextGrid structure).
    starts (list[int]): for an interview in several files, where each file's text begins in
        `source`; empty for one file.
    """

    source: str
    turns: list[Turn] = field(default_factory=list)
    header: list[Span] = field(default_factory=list)
    syntax: list[Span] = field(default_factory=list)
    cues_without_speaker: int = 0
    starts: list[int] = field(default_factory=list)

    @property
    def header_text(self) -> str:
        return "\n".join(self.source[start:end] for start, end in self.header)


def join_sources(texts: list[str]) -> tuple[str, list[int]]:
    """The texts of an interview's files as one source text, joined by '\\n'.

    RETURNS (tuple[str, list[int]]): the joined text and the offset where each file begins.
    """
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    return "\n".join(texts), starts


def _shift(spans: list[Span], offset: int) -> list[Span]:
    return [(start + offset, end + offset) for start, end in spans]


def concatenate(transcripts: list[Transcript]) -> Transcript:
    """Transcripts of an interview's files, one after the other, as one transcript.

    The source text is theirs joined by '\\n'; offsets move with it, each turn records its
    file's index as `part`, and the headers and syntax of all files are kept.
    """
    source, starts = join_sources([t.source for t in transcripts])
    joined = Transcript(source=source, starts=starts)
    for part, (transcript, start) in enumerate(zip(transcripts, starts, strict=True)):
        joined.header.extend(_shift(transcript.header, start))
        joined.syntax.extend(_shift(transcript.syntax, start))
        joined.cues_without_speaker += transcript.cues_without_speaker
        for turn in transcript.turns:
            turn.spans, turn.markup = _shift(turn.spans, start), _shift(turn.markup, start)
            turn.part = part
            joined.turns.append(turn)
    return joined


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
