"""Generated interviews for the property-based tests: a cast of people with names, and the
turns they speak, which each format's test renders as its own file (.txt, .docx, .vtt, .srt,
.TextGrid) and parses back.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hostile import folder, prose, words
from hypothesis import strategies as st
from qualpipe.common.speakers import (
    DEFAULT_LABELS,
    INTERVIEWER,
    RESPONDENT,
    SpeakerDirectory,
    build_directory,
    fold,
)
from qualpipe.common.textio import repair_mojibake
from qualpipe.ingest.parse_text import LABEL_PATTERN
from qualpipe.ingest.read import read_transcript
from qualpipe.ingest.transcript import Transcript

# C0 controls other than tab: a few make a file look binary (E104), so a test that expects a
# transcript to parse leaves them to the tests of hostile input.
CONTROLS = "".join(chr(n) for n in range(32) if n != 9) + "\x7f"
_LABEL = re.compile(LABEL_PATTERN)


@dataclass(frozen=True)
class Cast:
    """The people of one interview (real names, as participants.csv lists them)."""

    respondents: tuple[str, ...]
    interviewers: tuple[str, ...]

    def directory(self) -> SpeakerDirectory:
        return build_directory(respondents=self.respondents, interviewers=self.interviewers)

    def labels(self) -> list[tuple[str, str]]:
        """(label as written, kind) pairs that name one kind of speaker unambiguously."""
        directory = self.directory()
        found: dict[str, str] = {}
        candidates = [label for labels in DEFAULT_LABELS.values() for label in labels]
        candidates += ["Respondent 2", "Interviewer_1", "R1"]
        for name in (*self.respondents, *self.interviewers):
            parts = name.split()
            candidates += [name, parts[0], parts[-1], name.upper(), name.lower()]
        for label in candidates:
            kind = directory.kind_of(label)
            if _LABEL.fullmatch(label) and kind in (INTERVIEWER, RESPONDENT):
                found.setdefault(label, kind)
        return sorted(found.items())


@functools.cache
def _name() -> st.SearchStrategy[str]:
    word = words(min_size=1, max_size=7).map(lambda w: w[:1].upper() + w[1:])
    return st.lists(word, min_size=1, max_size=3).map(" ".join).filter(as_written)


@st.composite
def casts(draw: st.DrawFn) -> Cast:
    """One or two respondents and one or two interviewers with generated names."""
    respondents = draw(st.lists(_name(), min_size=1, max_size=2))
    interviewers = draw(st.lists(_name(), min_size=1, max_size=2))
    return Cast(tuple(respondents), tuple(interviewers))


@dataclass(frozen=True)
class Spoken:
    """One turn as generated: label as written, its kind, its lines of text, its time."""

    label: str
    kind: str
    lines: tuple[str, ...]
    seconds: int | None

    @property
    def text(self) -> str:
        """The text a parser of labelled lines gives: non-blank lines, stripped, by '\\n'."""
        return "\n".join(line.strip() for line in self.lines if line.strip())


def as_written(text: str) -> bool:
    """Whether ingest keeps the text as it is: no pair of characters that reads as UTF-8
    decoded as Windows-1252 ('Ã¤'), which it repairs, with a warning (W106)."""
    return not repair_mojibake(text)[1]


@functools.cache
def text_line(*, exclude: str = "") -> st.SearchStrategy[str]:
    """A line of turn text without control characters (and without `exclude`), kept by
    ingest as written."""
    return prose(exclude=CONTROLS + exclude).filter(as_written)


@functools.cache
def first_line(exclude: str) -> st.SearchStrategy[str]:
    """A turn's first line of text: not blank."""
    return text_line(exclude=exclude).filter(str.strip)


@st.composite
def interviews(
    draw: st.DrawFn, *, continuation: str = ":\t", first: str = "[", max_turns: int = 8
) -> tuple[Cast, list[Spoken]]:
    """A cast and its turns; at least one by a respondent.

    continuation (str): characters continuation lines leave out, so that none of them reads
        as a label line ('Anna: ...' inside a turn would start a new turn).
    first (str): characters first lines leave out ('[' would start a timestamp).
    """
    cast = draw(casts())
    labels = cast.labels()
    respondent = [pair for pair in labels if pair[1] == RESPONDENT]
    turns = []
    for _ in range(draw(st.integers(1, max_turns))):
        label, kind = draw(st.sampled_from(labels))
        text = draw(first_line(first))
        rest = draw(st.lists(text_line(exclude=continuation), max_size=3))
        seconds = draw(st.none() | st.integers(0, 99 * 3600))
        turns.append(Spoken(label, kind, (text, *rest), seconds))
    if not any(turn.kind == RESPONDENT for turn in turns):
        label, kind = draw(st.sampled_from(respondent))
        turns.append(Spoken(label, kind, (draw(first_line(first)),), None))
    directory = cast.directory()
    # 'I: Anna.' as the first labelled line is a header line naming a person (parse_text).
    opening = turns[0]
    if directory.kinds.get(fold(opening.lines[0].strip())) is not None:
        lines = ("Hello " + opening.lines[0], *opening.lines[1:])
        turns[0] = Spoken(opening.label, opening.kind, lines, opening.seconds)
    return cast, turns


def stamp(seconds: int, *, style: int) -> str:
    """A [hh:mm:ss] timestamp in one of the styles transcribers write."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if style == 0 and hours == 0:
        return f"[{minutes:02d}:{secs:02d}]"
    if style == 1:
        return f"[{hours:02d}:{minutes:02d}:{secs:02d}.5]"
    return f"[{hours}:{minutes:02d}:{secs:02d}]"


def stamp_seconds(seconds: int, *, style: int) -> float:
    return seconds + (0.5 if style == 1 else 0.0)


def read_as(name: str, data: bytes, cast: Cast) -> Transcript:
    """The transcript a file of that name holding data reads as, for the people of cast."""
    with folder() as root:
        path = root / name
        path.write_bytes(data)
        transcript, _ = read_transcript(
            path, respondents=list(cast.respondents), interviewers=list(cast.interviewers)
        )
    return transcript
