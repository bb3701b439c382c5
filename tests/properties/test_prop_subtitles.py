"""Properties of subtitle transcripts (.vtt and .srt), issue 14.

Well-formed cues, whatever the speaker notation (voice tags, 'Name:' or '[Name]' prefixes,
cues without a speaker), cue ids, settings, notes, encodings and line ends, parse into the
turns they were written with; any other input is accounted for to the character or refused
with a catalogued error.
"""

from __future__ import annotations

from dataclasses import dataclass

from hostile import (
    assert_accounted,
    budget,
    encoded,
    mutated,
    outcome,
    raw_bytes,
    with_line_ends,
)
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.common.speakers import OTHER
from qualpipe.ingest.transcript import Transcript
from speech import Cast, Spoken, interviews, read_as, text_line

# Subtitle text leaves out '<' and '>' (tags) and '[' and ':' where a prefix could start.
CONTINUATION = ":\t[<>"
PEOPLE = Cast(("Anna Berg",), ("Maria Ek",))


@dataclass(frozen=True)
class Piece:
    """One payload line: who speaks in it (None: no speaker), how it is written, its text."""

    label: str | None
    notation: str
    text: str

    def line(self) -> str:
        if self.label is None:
            return self.text
        return {
            "voice": f"<v {self.label}>{self.text}",
            "closed": f"<v {self.label}>{self.text}</v>",
            "class": f"<v.loud {self.label}>{self.text}</v>",
            "prefix": f"{self.label}: {self.text}",
            "bracket": f"[{self.label}] {self.text}",
        }[self.notation]


NOTATIONS = ("voice", "closed", "class", "prefix", "bracket")


@st.composite
def pieces(draw: st.DrawFn, turns: list[Spoken]) -> list[Piece]:
    """Each turn's lines as payload lines: the first names the speaker, the others may not."""
    found = []
    for turn in turns:
        notation = draw(st.sampled_from(NOTATIONS))
        found.append(Piece(turn.label, notation, turn.lines[0]))
        for line in turn.lines[1:]:
            if line.strip():
                named = draw(st.booleans())
                found.append(Piece(turn.label if named else None, notation, line))
    return found


def clock(ms: int, *, srt: bool) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    mark = "," if srt else "."
    short = not srt and hours == 0
    return (
        f"{minutes:02d}:" if short else f"{hours:02d}:{minutes:02d}:"
    ) + f"{seconds:02d}{mark}{millis:03d}"


@st.composite
def subtitle_lines(
    draw: st.DrawFn, payload: list[Piece], *, srt: bool
) -> tuple[list[str], list[int]]:
    """The file's lines: a WEBVTT header and notes (.vtt), then cues of one or two payload
    lines with ids, timings and settings. RETURNS (lines, each piece's cue start in ms)."""
    lines: list[str] = []
    if not srt:
        title = draw(st.sampled_from(("", " - Interview", " Kind: captions")))
        lines += [f"WEBVTT{title}", *draw(st.lists(st.just("Language: sv"), max_size=1)), ""]
        if draw(st.booleans()):
            lines += [f"NOTE {draw(text_line(exclude='<>'))}", ""]
    starts, at, number, index = [], 0, 1, 0
    while index < len(payload):
        size = draw(st.integers(1, 2))
        start, at = at, at + draw(st.integers(0, 5000))
        identifier = [str(number)] if srt else draw(st.sampled_from(([], [f"c{number}"])))
        settings = "" if srt else draw(st.sampled_from(("", " align:start", " line:0")))
        lines += identifier
        lines.append(f"{clock(start, srt=srt)} --> {clock(at, srt=srt)}{settings}")
        for piece in payload[index : index + size]:
            lines.append(piece.line())
            starts.append(start)
        lines += draw(st.sampled_from(([""], ["", ""], ["", " "])))
        index, number = index + size, number + 1
    return lines, starts


def expected_turns(payload: list[Piece], starts: list[int], kinds: dict[str, str]) -> list[tuple]:
    """Turns as parse_subtitles promises them: a piece without a speaker continues the turn
    before it; consecutive pieces of one label form one turn; texts joined by a space."""
    turns: list[list] = []
    for piece, start in zip(payload, starts, strict=True):
        text = piece.text.strip()
        label = piece.label or "unknown"
        if turns and (piece.label is None or turns[-1][0] == label):
            turns[-1][2].append(text)
        else:
            turns.append([label, kinds.get(label, OTHER), [text], start / 1000])
    return [
        (label, kind, " ".join(t for t in texts if t), time) for label, kind, texts, time in turns
    ]


@st.composite
def subtitle_files(draw: st.DrawFn) -> tuple[Cast, bool, list[Piece], list[int], bytes]:
    cast, turns = draw(interviews(continuation=CONTINUATION, first=CONTINUATION, max_turns=6))
    srt = draw(st.booleans())
    payload = draw(pieces(turns))
    lines, starts = draw(subtitle_lines(payload, srt=srt))
    data, _ = draw(encoded(draw(with_line_ends(lines)), exact=True))
    return cast, srt, payload, starts, data


def _read(data: bytes, cast: Cast, *, srt: bool) -> Transcript:
    return read_as("i01.srt" if srt else "i01.vtt", data, cast)


@budget(1.5)
@given(subtitle_files())
def test_prop_subtitles_parse_into_the_turns_they_were_written_with(generated: tuple) -> None:
    cast, srt, payload, starts, data = generated
    transcript = _read(data, cast, srt=srt)
    kinds = dict(cast.labels())
    found = [(t.speaker, t.kind, t.text, t.time) for t in transcript.turns]
    assert found == expected_turns(payload, starts, kinds)
    assert_accounted(transcript)


@st.composite
def hostile_subtitles(draw: st.DrawFn) -> tuple[Cast, bool, bytes]:
    cast, turns = draw(interviews(continuation="", first="", max_turns=4))
    srt = draw(st.booleans())
    lines, _ = draw(subtitle_lines(draw(pieces(turns)), srt=srt))
    text = draw(mutated(draw(with_line_ends(lines))))
    data, _ = draw(encoded(text, exact=False))
    if draw(st.integers(0, 9)) == 0:
        data = draw(raw_bytes(data))
    return cast, srt, data


@budget(2)
@given(hostile_subtitles())
@example((PEOPLE, False, b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v >R: hi\n"))
@example((PEOPLE, True, b"1\n00:00:01,000 --> 00:00:02,000\n[R]\n\n2\n"))
def test_prop_subtitles_any_input_is_accounted_for_or_refused(generated: tuple) -> None:
    cast, srt, data = generated
    result = outcome(lambda: _read(data, cast, srt=srt))
    if isinstance(result, Transcript):
        assert_accounted(result)
