"""Subtitle transcripts from automatic transcription: WebVTT (.vtt) and SubRip (.srt).

Teams and Zoom write `<v Name>text</v>` voice tags; other tools prefix the cue text with
`Name:` or `[Name]`. Consecutive cues of one speaker become one turn; a cue without a speaker
continues the turn before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualpipe.common.speakers import AMBIGUOUS, OTHER, SpeakerDirectory
from qualpipe.errors import PipelineError
from qualpipe.ingest.parse_text import LABEL_PATTERN, SourceLine, looks_like_label, split_lines
from qualpipe.ingest.transcript import Span, Transcript, Turn, join_pieces

_TIME = r"(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?P<settings>.*)$")
_VOICE = re.compile(r"<v(?:\.[\w.\-]+)?[ \t]+(?P<name>[^>]+?)\s*>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>|</v>")
_PREFIX = re.compile(
    r"^(?:\[(?P<bracket>[^\]\n]{1,40})\]|(?P<label>" + LABEL_PATTERN + r")[ \t]*:)[ \t]*"
)
_METADATA_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class Piece:
    """Text of one speaker inside a cue."""

    speaker: str | None
    spans: list[Span]
    markup: list[Span]
    line: int
    bracketed: bool = False


def parse_seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def _blocks(lines: list[SourceLine]) -> list[list[SourceLine]]:
    """Groups of lines separated by blank lines."""
    blocks: list[list[SourceLine]] = [[]]
    for line in lines:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    return [block for block in blocks if block]


def _text_spans(line: SourceLine, start: int, end: int, syntax: list[Span]) -> list[Span]:
    """Spans of text between tags in line[start:end]; tags go to `syntax`."""
    spans, cursor = [], start
    for tag in _TAG.finditer(line.text, start, end):
        spans.append((cursor, tag.start()))
        syntax.append((line.start + tag.start(), line.start + tag.end()))
        cursor = tag.end()
    spans.append((cursor, end))
    result = []
    for left, right in spans:
        piece = line.text[left:right]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            result.append((line.start + left + lead, line.start + left + len(piece.rstrip())))
    return result


def _prefix_speaker(line: SourceLine, offset: int) -> tuple[str | None, int, Span | None, bool]:
    """A 'Name:' or '[Name]' prefix at `offset`: name, where text begins, span, bracketed."""
    match = _PREFIX.match(line.text, offset)
    if match is None:
        return None, offset, None, False
    name = (match["bracket"] or match["label"]).strip()
    markup_end = offset + len(match.group(0).rstrip())
    span = (line.start + offset, line.start + markup_end)
    return name, match.end(), span, match["bracket"] is not None


def _cue_pieces(payload: list[SourceLine], syntax: list[Span]) -> list[Piece]:
    """Split a cue's payload into pieces by voice tags and name prefixes."""
    pieces: list[Piece] = []
    for line in payload:
        voices = list(_VOICE.finditer(line.text))
        bounds = [(v.start(), v.end(), v["name"]) for v in voices] or [(0, 0, None)]
        if voices and voices[0].start() > 0:
            bounds.insert(0, (0, 0, None))
        for position, (tag_start, tag_end, name) in enumerate(bounds):
            stop = bounds[position + 1][0] if position + 1 < len(bounds) else len(line.text)
            markup: list[Span] = []
            if tag_end > tag_start:
                markup.append((line.start + tag_start, line.start + tag_end))
            text_start, bracketed = tag_end, False
            if name is None:
                name, text_start, prefix, bracketed = _prefix_speaker(line, tag_end)
                markup.extend([prefix] if prefix else [])
            spans = _text_spans(line, text_start, stop, syntax)
            if spans or markup:
                piece = Piece(speaker=name, spans=spans, markup=markup, line=line.number)
                piece.bracketed = bracketed
                pieces.append(piece)
    return pieces


def _resolve(piece: Piece, directory: SpeakerDirectory, *, file: str, source: str) -> str | None:
    """The kind of a piece's speaker; a prefix that names nobody is text unless label-like."""
    if piece.speaker is None:
        return None
    kind = directory.kind_of(piece.speaker)
    if kind == AMBIGUOUS:
        raise PipelineError("E110", file=file, line=piece.line, value=piece.speaker)
    if kind is None:
        first = source[piece.markup[0][0] : piece.markup[0][1]] if piece.markup else ""
        voiced = first.startswith("<v")
        if voiced or (not piece.bracketed and looks_like_label(piece.speaker)):
            raise PipelineError("E102", file=file, line=piece.line, value=piece.speaker)
        piece.spans = [piece.markup.pop(), *piece.spans]
        piece.speaker = None
    return kind


class _TurnBuilder:
    """Merges cue pieces into turns, one per run of the same speaker."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    def add(self, piece: Piece, kind: str | None, start: float, end: float) -> None:
        turns = self.transcript.turns
        if piece.speaker is None and turns:
            self._extend(turns[-1], piece, end)
            self.transcript.cues_without_speaker += 1
            return
        if piece.speaker is None:
            piece.speaker, kind = "unknown", OTHER
            self.transcript.cues_without_speaker += 1
        if turns and turns[-1].speaker == piece.speaker:
            self._extend(turns[-1], piece, end)
            return
        turn = Turn(speaker=piece.speaker, kind=kind or OTHER, line=piece.line, time=start)
        self._extend(turn, piece, end)
        turns.append(turn)

    @staticmethod
    def _extend(turn: Turn, piece: Piece, end: float) -> None:
        turn.spans.extend(piece.spans)
        turn.markup.extend(piece.markup)
        turn.time_end = end


def _read_metadata(transcript: Transcript, block: list[SourceLine], keyword: str) -> None:
    """'WEBVTT' and 'NOTE' are syntax; what follows them (a title, a note) is header."""
    first = block[0]
    start = first.start + first.text.index(keyword)
    transcript.syntax.append((start, start + len(keyword)))
    rest = first.content_span(first.text.index(keyword) + len(keyword))
    spans = ([rest] if rest else []) + [s for line in block[1:] if (s := line.content_span())]
    transcript.header.extend(spans)


def parse_subtitles(source: str, directory: SpeakerDirectory, *, file: str) -> Transcript:
    """Parse WebVTT or SubRip cues into turns.

    source (str): text with '\\n' line ends.
    directory (SpeakerDirectory): the labels of this interview's speakers.
    file (str): the file name, for error messages.
    RETURNS (Transcript): the turns, with cue times, and the spans of all syntax.
    """
    transcript = Transcript(source=source)
    builder = _TurnBuilder(transcript)
    for block in _blocks(split_lines(source)):
        first_word = block[0].text.strip().split(" ")[0]
        if first_word == "WEBVTT" or first_word in _METADATA_BLOCKS:
            _read_metadata(transcript, block, first_word)
            continue
        timing_index = next((i for i, line in enumerate(block) if "-->" in line.text), None)
        if timing_index is None or timing_index > 1:
            problem = (
                "a block without a cue timing line"
                if timing_index is None
                else ("more than one line before the cue timing")
            )
            raise PipelineError("E107", file=file, line=block[0].number, problem=problem)
        timing = _TIMING.match(block[timing_index].text)
        if timing is None:
            raise PipelineError(
                "E107", file=file, line=block[timing_index].number, problem="an unreadable timing"
            )
        transcript.syntax.extend(
            span for line in block[: timing_index + 1] if (span := line.content_span())
        )
        start, end = parse_seconds(timing["start"]), parse_seconds(timing["end"])
        for piece in _cue_pieces(block[timing_index + 1 :], transcript.syntax):
            kind = _resolve(piece, directory, file=file, source=source)
            builder.add(piece, kind, start, end)
    if not any(turn.kind != OTHER or turn.speaker != "unknown" for turn in transcript.turns):
        raise PipelineError("E101", file=file)
    for turn in transcript.turns:
        turn.text = join_pieces(source, turn.spans, " ")
    return transcript
