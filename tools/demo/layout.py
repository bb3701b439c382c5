"""Lay composed turns out as a transcriber would: header, speaker labels, timestamps, cues.

The layout builds the transcript's text (line ends '\\n') and, at the same time, the gold
spans of every planted identifier and of every turn, as Unicode code-point offsets, end
exclusive. For .docx each line becomes one paragraph, so the offsets hold for the
paragraphs joined by '\\n', which is how the ingest stage reads a Word file.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass, field

from tools.demo.design import Interview
from tools.demo.grammar import Piece
from tools.demo.identifiers import long_date
from tools.demo.interview import INTERVIEWER, Turn

ROLE_TITLES: dict[str, str] = {
    "official": "insurance official",
    "unit_manager": "unit manager",
    "regional_coordinator": "regional coordinator",
    "senior_management": "senior management",
}
# Label conventions of four transcribers: (interviewer, respondent) label kinds.
LABEL_STYLES: tuple[tuple[str, str], ...] = (
    ("I", "R"),
    ("Interviewer", "Respondent"),
    ("first", "first"),
    ("full", "full"),
)
# Continuation lines must never look like a speaker label (capitalised words and a colon).
LABEL_LIKE = re.compile(r"^\s*[A-ZÅÄÖ][\w'-]*(?: [A-ZÅÄÖ][\w'-]*){0,2}\s*:")


@dataclass(frozen=True)
class GoldSpan:
    """A planted identifier.

    start (int): code-point offset, inclusive.
    end (int): code-point offset, exclusive.
    category (str): gold category.
    kind (str): finer kind.
    where (str): 'header', 'label' or 'speech'.
    text (str): the identifier as written.
    """

    start: int
    end: int
    category: str
    kind: str
    where: str
    text: str


@dataclass(frozen=True)
class GoldTurn:
    """A turn of the laid-out transcript.

    index (int): 0-based position among all turns of the transcript.
    speaker (str): 'interviewer' or 'respondent'.
    label (str): the label or voice name as written.
    start (int): offset of the turn's first character (label, timestamp or cue text).
    end (int): offset after the turn's last text character.
    words (int): words of the turn's text.
    codes (tuple[str, ...]): codes the turn expresses.
    traps (tuple[str, ...]): 'trap_id:imitated_code' for each keyword trap in the turn.
    """

    index: int
    speaker: str
    label: str
    start: int
    end: int
    words: int
    codes: tuple[str, ...]
    traps: tuple[str, ...]


@dataclass
class Layout:
    """A transcript's text and its gold, as built line by line.

    lines (list[str]): the lines, without line ends.
    bold (list[int]): per line, the length of a bold prefix (the label), for .docx.
    table_from (int | None): for a .docx table, the first line that is a table row.
    spans (list[GoldSpan]): planted identifiers.
    turns (list[GoldTurn]): turns.
    """

    lines: list[str] = field(default_factory=lambda: [""])
    bold: list[int] = field(default_factory=lambda: [0])
    spans: list[GoldSpan] = field(default_factory=list)
    turns: list[GoldTurn] = field(default_factory=list)
    offset: int = 0
    table_from: int | None = None

    def add(
        self,
        text: str,
        *,
        category: str | None = None,
        kind: str | None = None,
        where: str = "speech",
    ) -> None:
        """Append text to the current line, recording it as gold when it is an identifier."""
        if category is not None:
            self.spans.append(
                GoldSpan(
                    self.offset, self.offset + len(text), category, kind or category, where, text
                )
            )
        self.lines[-1] += text
        self.offset += len(text)

    def add_pieces(self, pieces: list[Piece], *, where: str = "speech") -> None:
        """Append pieces to the current line."""
        for piece in pieces:
            self.add(piece.text, category=piece.category, kind=piece.kind, where=where)

    def newline(self) -> None:
        """End the current line."""
        self.lines.append("")
        self.bold.append(0)
        self.offset += 1

    @property
    def text(self) -> str:
        """The transcript's text with '\\n' line ends."""
        return "\n".join(self.lines)


def _name_label(interview: Interview, *, speaker: str, style: str) -> tuple[str, str]:
    """The label text and its gold kind ('' when the label is not a name)."""
    name = interview.interviewer if speaker == INTERVIEWER else interview.person.name
    kind = "interviewer" if speaker == INTERVIEWER else "participant"
    if style == "first":
        return name.first, kind
    if style == "full":
        return name.full, kind
    return style, ""


def timestamp(seconds: float) -> str:
    """'[hh:mm:ss]'."""
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"


def _clock(turns: list[Turn], interview: Interview, rng: random.Random) -> list[float]:
    """Start time of each turn, spreading the words over the recording's length."""
    total = sum(turn.words for turn in turns) or 1
    seconds_per_word = interview.minutes * 60 / total
    start, times = rng.uniform(2, 9), []
    for turn in turns:
        times.append(start)
        start += turn.words * seconds_per_word + rng.uniform(0.2, 1.5)
    return times


def header_lines(interview: Interview, *, style: int, number: int) -> list[list[Piece]]:
    """The header block of a .txt or .docx transcript, one list of pieces per line."""
    person, role = interview.person, ROLE_TITLES[interview.person.role]
    office = Piece(person.office, "organisation", "office")
    respondent = Piece(person.name.full, "person", "participant")
    interviewer = Piece(interview.interviewer.full, "person", "interviewer")
    mode = "by phone" if interview.mode == "phone" else "in person"
    if style == 0:
        return [
            [Piece(f"Interview {number}, {role}, {person.site} office")],
            [Piece("Date: "), Piece(long_date(interview.date), "date", "date")],
            [Piece("Interviewer: "), interviewer],
            [Piece("Respondent: "), respondent],
        ]
    if style == 1:
        return [
            [Piece(f"TRANSCRIPT {interview.interview_id}")],
            [
                Piece("Recorded "),
                Piece(interview.date.isoformat(), "date", "date"),
                Piece(" at the "),
                office,
                Piece(f" office ({mode})"),
            ],
            [
                Piece("Participants: "),
                interviewer,
                Piece(" (interviewer), "),
                respondent,
                Piece(" (respondent)"),
            ],
            [Piece(f"Length of recording: {interview.minutes} min")],
        ]
    wave = "follow-up interview" if interview.followup else "first interview"
    return [
        [Piece(f"Working conditions and MI at the insurance offices, {wave} {interview.wave}")],
        [respondent, Piece(f", {person.title}, "), office, Piece(" office")],
        [Piece(long_date(interview.date), "date", "date"), Piece(f", {mode}")],
        [Piece("Interviewer: "), interviewer],
        [Piece("Transcription key: [inaudible] = could not be heard, [crosstalk] = both speaking")],
    ]


def _speech_lines(turn: Turn, *, paragraphs: str) -> list[list[Piece]]:
    """A turn's text as lines: one line, or one per paragraph unless it would look like a label."""
    if paragraphs == "join":
        joined: list[Piece] = []
        for number, paragraph in enumerate(turn.paragraphs):
            joined.extend(([Piece(" ")] if number else []) + paragraph)
        return [joined]
    lines: list[list[Piece]] = []
    for paragraph in turn.paragraphs:
        text = "".join(piece.text for piece in paragraph)
        if lines and LABEL_LIKE.match(text):
            lines[-1] = lines[-1] + [Piece(" ")] + paragraph
        else:
            lines.append(list(paragraph))
    return lines


def layout_text(interview: Interview, turns: list[Turn], *, number: int) -> Layout:
    """Lay out a .txt or .docx transcript in the interview's transcriber style.

    interview (Interview): the interview.
    turns (list[Turn]): its composed turns.
    number (int): the interview's running number, used in some headers.
    RETURNS (Layout): text, bold label lengths, identifier spans and turns.
    """
    rng = random.Random(f"layout/{interview.interview_id}")
    style = interview.transcriber
    labels = LABEL_STYLES[style]
    stamps = rng.choice(("none", "none", "before", "after")) if style in (1, 2) else "none"
    gap = style in (1, 3) or rng.random() < 0.3
    paragraphs = rng.choice(("join", "lines", "blank")) if style != 0 else "join"
    layout = Layout()
    for index, line in enumerate(header_lines(interview, style=style % 3, number=number)):
        if index:
            layout.newline()
        layout.add_pieces(line, where="header")
    times = _clock(turns, interview, rng)
    for index, turn in enumerate(turns):
        layout.newline()
        if gap or index == 0:
            layout.newline()
        start = layout.offset
        label, kind = _name_label(
            interview, speaker=turn.speaker, style=labels[turn.speaker != INTERVIEWER]
        )
        if stamps == "before":
            layout.add(timestamp(times[index]) + " ")
        layout.add(label, category="person" if kind else None, kind=kind, where="label")
        layout.add((" " + timestamp(times[index]) if stamps == "after" else "") + ":")
        layout.bold[-1] = len(layout.lines[-1])
        layout.add(" ")
        for number_, line in enumerate(_speech_lines(turn, paragraphs=paragraphs)):
            if number_:
                layout.newline()
                if paragraphs == "blank":
                    layout.newline()
            layout.add_pieces(line)
        layout.turns.append(
            _gold_turn(turn, index=index, label=label, start=start, end=layout.offset)
        )
    return layout


def layout_table(interview: Interview, turns: list[Turn], *, number: int) -> Layout:
    """Lay out a .docx transcript as a Word table: one row per turn, label cell and text cell.

    The ingest stage reads a table row as 'label<TAB>text', so the gold offsets are computed
    on that text.
    interview (Interview): the interview.
    turns (list[Turn]): its composed turns.
    number (int): the interview's running number, used in the header.
    RETURNS (Layout): text, identifier spans and turns; `table_from` marks the first row.
    """
    labels = LABEL_STYLES[interview.transcriber]
    layout = Layout()
    for index, line in enumerate(header_lines(interview, style=0, number=number)):
        if index:
            layout.newline()
        layout.add_pieces(line, where="header")
    layout.newline()
    for index, turn in enumerate(turns):
        layout.newline()
        layout.table_from = layout.table_from or len(layout.lines) - 1
        start = layout.offset
        speaker = labels[turn.speaker != INTERVIEWER]
        label, kind = _name_label(interview, speaker=turn.speaker, style=speaker)
        layout.add(label, category="person" if kind else None, kind=kind, where="label")
        layout.bold[-1] = len(label)
        layout.add("\t")
        layout.add_pieces(_speech_lines(turn, paragraphs="join")[0])
        layout.turns.append(
            _gold_turn(turn, index=index, label=label, start=start, end=layout.offset)
        )
    return layout


def _gold_turn(turn: Turn, *, index: int, label: str, start: int, end: int) -> GoldTurn:
    return GoldTurn(
        index, turn.speaker, label, start, end, turn.words, tuple(turn.codes), tuple(turn.traps)
    )


def _cue_chunks(pieces: list[Piece], rng: random.Random) -> list[list[Piece]]:
    """Split a turn into subtitle cues of 4-14 words, never inside an identifier."""
    words: list[Piece] = []
    for piece in pieces:
        if piece.category is not None:
            words.append(piece)
            continue
        for part in re.split(r"(\s+)", piece.text):
            if part:
                words.append(Piece(part))
    chunks: list[list[Piece]] = [[]]
    limit, count = rng.randrange(4, 15), 0
    for word in words:
        if count >= limit and word.text.isspace():
            chunks.append([])
            limit, count = rng.randrange(4, 15), 0
            continue
        chunks[-1].append(word)
        count += 0 if word.text.isspace() else 1
    stripped = [_strip(chunk) for chunk in chunks]
    return [chunk for chunk in stripped if chunk]


def _strip(chunk: list[Piece]) -> list[Piece]:
    """Drop whitespace at the ends of a cue."""
    while chunk and chunk[0].category is None and chunk[0].text.isspace():
        chunk = chunk[1:]
    while chunk and chunk[-1].category is None and chunk[-1].text.isspace():
        chunk = chunk[:-1]
    return chunk


def vtt_time(seconds: float) -> str:
    """'hh:mm:ss.mmm'."""
    millis = round(seconds * 1000)
    hours, minutes = millis // 3_600_000, millis % 3_600_000 // 60_000
    return f"{hours:02d}:{minutes:02d}:{millis % 60_000 // 1000:02d}.{millis % 1000:03d}"


def layout_vtt(interview: Interview, turns: list[Turn]) -> Layout:
    """Lay out a Teams-style WebVTT transcript: voice tags, cues of a few words, cue ids.

    interview (Interview): the interview.
    turns (list[Turn]): its composed turns.
    RETURNS (Layout): text, identifier spans and turns.
    """
    rng = random.Random(f"layout/{interview.interview_id}")
    cue_ids = rng.random() < 0.5
    layout = Layout()
    layout.add("WEBVTT")
    if rng.random() < 0.5:
        layout.newline()
        layout.newline()
        layout.add(f"NOTE {interview.interview_id}, ")
        layout.add(long_date(interview.date), category="date", where="header")
    clock = rng.uniform(1, 6)
    total = sum(turn.words for turn in turns) or 1
    seconds_per_word = interview.minutes * 60 / total
    for index, turn in enumerate(turns):
        name = interview.interviewer if turn.speaker == INTERVIEWER else interview.person.name
        kind = "interviewer" if turn.speaker == INTERVIEWER else "participant"
        flat: list[Piece] = []
        for number, paragraph in enumerate(turn.paragraphs):
            flat.extend(([Piece(" ")] if number else []) + paragraph)
        start = None
        for chunk in _cue_chunks(flat, rng):
            words = sum(len(piece.text.split()) for piece in chunk)
            end = clock + max(0.8, words * seconds_per_word)
            layout.newline()
            layout.newline()
            if cue_ids:
                layout.add(
                    f"{uuid.UUID(int=rng.getrandbits(128), version=4)}/{index}-{len(layout.lines)}"
                )
                layout.newline()
            layout.add(f"{vtt_time(clock)} --> {vtt_time(end)}")
            layout.newline()
            start = layout.offset if start is None else start
            layout.add("<v ")
            layout.add(name.full, category="person", kind=kind, where="label")
            layout.add(">")
            layout.add_pieces(chunk)
            layout.add("</v>")
            clock = end + rng.uniform(0.05, 0.6)
        layout.turns.append(
            _gold_turn(turn, index=index, label=name.full, start=start or 0, end=layout.offset - 4)
        )
    return layout
