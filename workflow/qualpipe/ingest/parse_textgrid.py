"""Praat TextGrid transcripts: one interval tier per speaker, or one file per speaker.

praatio reads the TextGrid (long or short text format) into tiers and intervals and checks
their times; this module then finds each tier name and interval text in the decoded file, so
that every character keeps its offset. A tier's speaker is its name when that name is a
known label, else (for a file with a single interval tier, as when each speaker has a file)
the last word of the file name: 'day1_consultation01_doctor.TextGrid' speaks as 'doctor'.

Each non-empty interval is an utterance. The utterances of all tiers of all the interview's
files interleave by start time; consecutive utterances of one speaker form one turn (as
consecutive subtitle cues do), from the first one's start to the last one's end. Tags such as
'<UNSURE>', '</UNSURE>' and '<UNIN/>' are the turn's markup; the words between them are text.
Everything else (keys, numbers, quotes, tier names, empty intervals) is format syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from qualpipe.common.speakers import AMBIGUOUS, SpeakerDirectory
from qualpipe.errors import PipelineError
from qualpipe.ingest.transcript import Span, Transcript, Turn, join_sources, line_of

INTERVAL_TIER = "IntervalTier"
# An XML-like transcription tag: <UNSURE>, </UNSURE>, <UNIN/>, <INAUDIBLE_SPEECH/>, <laugh>.
_TAG = re.compile(r"</?[A-Za-z][\w.:-]*\s*/?>")
FILE_WORDS = re.compile(r"[\s_.\-]+")
# A time in exponent notation ('xmin = 1e-05 '), which Praat writes and praatio's long-format
# reader does not accept; it gets the same time in decimals (offsets come from the original).
_EXPONENT_TIME = re.compile(r"(?m)^([ \t]*(?:xmin|xmax|number) ?= ?)(-?[\d.]+[eE][-+]?\d+)")


@dataclass(frozen=True)
class Tier:
    """One tier as praatio read it, with the offsets of its name and its texts.

    name (Span): the tier name's content (inside the quotes).
    entries (list[tuple[float, float, Span]]): start, end and text content of each interval.
    """

    kind: str
    label: str
    name: Span
    entries: list[tuple[float, float, Span]]


def quoted_strings(text: str) -> list[Span]:
    """The content spans of every double-quoted string, in order ('""' is an escaped quote)."""
    spans: list[Span] = []
    position = 0
    while (opening := text.find('"', position)) >= 0:
        cursor = opening + 1
        while True:
            closing = text.find('"', cursor)
            if closing < 0:
                return [*spans, (opening + 1, len(text))]
            if text.startswith('"', closing + 1):
                cursor = closing + 2
                continue
            break
        spans.append((opening + 1, closing))
        position = closing + 1
    return spans


def _unquote(text: str) -> str:
    return text.replace('""', '"')


def _praat_tiers(text: str, *, file: str) -> list[dict]:
    """The tiers praatio reads from the text; an unreadable file is a one-line error."""
    from praatio.data_classes.interval_tier import IntervalTier
    from praatio.utilities import textgrid_io
    from praatio.utilities.errors import PraatioException

    decimal = _EXPONENT_TIME.sub(lambda m: m[1] + format(float(m[2]), "f"), text)
    try:
        # The short-format reader needs a line end after the last text.
        tiers = textgrid_io.parseTextgridStr(decimal + "\n", includeEmptyIntervals=True)["tiers"]
        for tier in tiers:
            tier["entries"] = list(tier["entries"])
    except (PraatioException, ValueError, IndexError, KeyError, AttributeError) as error:
        # praatio's own messages are fixed texts; the others may quote the file's text.
        lines = str(error).splitlines() if isinstance(error, PraatioException) else []
        reason = lines[0] if lines else type(error).__name__
        raise PipelineError("E111", file=file, reason=reason) from error
    for number, tier in enumerate(tiers, start=1):
        if tier["class"] == INTERVAL_TIER and tier["entries"]:
            try:
                IntervalTier(tier["name"], tier["entries"], tier["xmin"], tier["xmax"])
            except PraatioException as error:  # TextgridStateError: overlap, negative length
                problem = str(error).splitlines()[0].rstrip(":")
                raise PipelineError("E114", file=file, number=number, problem=problem) from error
            except ValueError as error:  # a time that is no number ('0.4\ufeff0.8'), issue 14
                reason = f"tier {number}: {str(error).splitlines()[0]}"
                raise PipelineError("E111", file=file, reason=reason) from error
    return tiers


def read_tiers(text: str, *, file: str) -> list[Tier]:
    """The tiers of one TextGrid with the offsets of their names and interval texts.

    text (str): the decoded file with '\\n' line ends.
    file (str): the file name, for error messages.
    RETURNS (list[Tier]): the tiers in file order.
    """
    if '"TextGrid"' not in text[:300]:
        raise PipelineError("E111", file=file, reason="it does not start as a Praat TextGrid")
    strings = quoted_strings(text)
    if len(strings) <= 2:  # 'ooTextFile' and 'TextGrid' only: 'tiers? <absent>' or size 0
        raise PipelineError("E112", file=file)
    tiers = _praat_tiers(text, file=file)
    expected = 2 + sum(2 + len(tier["entries"]) for tier in tiers)
    if len(strings) != expected:
        raise PipelineError("E111", file=file, reason="its quoted texts do not match its tiers")
    found, index = [], 2
    for tier in tiers:
        name, texts = strings[index + 1], strings[index + 2 : index + 2 + len(tier["entries"])]
        index += 2 + len(tier["entries"])
        labels = [tier["name"], *(entry[-1] for entry in tier["entries"])]
        for span, label in zip([name, *texts], labels, strict=True):
            if _unquote(text[span[0] : span[1]]).strip() != label.strip():
                line = line_of(text, span[0])
                raise PipelineError("E111", file=file, reason=f"line {line} reads differently")
        entries = [
            (float(entry[0]), float(entry[-2]), span)
            for entry, span in zip(tier["entries"], texts, strict=True)
        ]
        found.append(Tier(tier["class"], tier["name"], name, entries))
    return found


def tier_speaker(
    tier: Tier,
    directory: SpeakerDirectory,
    *,
    file: str,
    text: str,
    single: bool,
    label: str = "",
) -> tuple[str, str]:
    """The speaker label and kind of a tier: its name, else the file name's last word.

    single (bool): the file has one interval tier, so the file name may name its speaker.
    label (str): the file as messages name it; '' for `file`. Neither the tier's name nor a
        word of the file name is quoted: either may be a person's name.
    """
    where = {"file": label or file, "line": line_of(text, tier.name[0])}
    kind = directory.kind_of(tier.label)
    if kind == AMBIGUOUS:
        raise PipelineError("E110", **where)
    if kind is not None:
        return tier.label, kind
    word = FILE_WORDS.split(PurePosixPath(file).stem)[-1]
    kind = directory.kind_of(word) if single and word else None
    if kind == AMBIGUOUS:
        raise PipelineError("E110", **where)
    if kind is None:
        also = ", nor does the file name's last word" if single else ""
        raise PipelineError("E113", also=also, **where)
    return word, kind


def interval_pieces(text: str, content: Span) -> tuple[list[Span], list[Span], str]:
    """Split an interval's text into words and tags.

    RETURNS (tuple): the spans of text, the spans of tags, and the text as a turn shows it:
        pieces joined by a space where whitespace or a self-closing tag ('<UNIN/>') parted
        them, directly where only a tag did ('a<UNSURE>b</UNSURE>'), quotes unescaped.
    """
    start, end = content
    spans, markup, cursor = [], [], start
    bounds = [(m.start(), m.end()) for m in _TAG.finditer(text, start, end)] + [(end, end)]
    for tag_start, tag_end in bounds:
        piece = text[cursor:tag_start]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((cursor + lead, cursor + len(piece.rstrip())))
        if tag_end > tag_start:
            markup.append((tag_start, tag_end))
        cursor = tag_end
    parts = []
    for index, (left, right) in enumerate(spans):
        if index:
            gap = text[spans[index - 1][1] : left]
            parts.append(" " if any(c.isspace() for c in gap) or "/>" in gap else "")
        parts.append(_unquote(text[left:right]))
    return spans, markup, "".join(parts)


@dataclass(frozen=True)
class Utterance:
    """One non-empty interval, with offsets already in the joined source."""

    order: tuple[float, int, int, int]
    turn: Turn


def _file_utterances(
    text: str, directory: SpeakerDirectory, *, file: str, label: str, part: int, offset: int
) -> list[Utterance]:
    """The non-empty intervals of one file; a tier without any needs no speaker.

    file (str): the file's path (its name's last word may name the speaker). label (str): the
    file as messages name it.
    """
    tiers = read_tiers(text, file=label)
    single = sum(1 for tier in tiers if tier.kind == INTERVAL_TIER) == 1
    found = []
    for number, tier in enumerate(tiers):
        pieces = [(entry, interval_pieces(text, entry[2])) for entry in tier.entries]
        pieces = [(entry, piece) for entry, piece in pieces if piece[0]]
        if not pieces:
            continue
        if tier.kind != INTERVAL_TIER:
            line = line_of(text, tier.name[0])
            raise PipelineError("E115", file=label, line=line)
        speaker, kind = tier_speaker(
            tier, directory, file=file, text=text, single=single, label=label
        )
        for position, ((start, end, content), (spans, markup, words)) in enumerate(pieces):
            turn = Turn(
                speaker=speaker,
                kind=kind,
                line=line_of(text, content[0]),
                spans=[(a + offset, b + offset) for a, b in spans],
                text=words,
                markup=[(a + offset, b + offset) for a, b in markup],
                time=start,
                time_end=end,
            )
            found.append(Utterance((start, part, number, position), turn))
    return found


def _merge(utterances: list[Utterance], *, several: bool) -> list[Turn]:
    """Consecutive utterances of one speaker (in time order) as one turn."""
    turns: list[Turn] = []
    for utterance in sorted(utterances, key=lambda u: u.order):
        turn = utterance.turn
        if several:
            turn.part = utterance.order[1]
        last = turns[-1] if turns else None
        if last is not None and (last.speaker, last.kind) == (turn.speaker, turn.kind):
            last.spans.extend(turn.spans)
            last.markup.extend(turn.markup)
            last.text = f"{last.text} {turn.text}"
            last.time_end = max(last.time_end or 0.0, turn.time_end or 0.0)
        else:
            turns.append(turn)
    return turns


def _syntax(source: str, covered: list[Span]) -> list[Span]:
    """Everything between the covered spans that is not blank."""
    syntax, cursor = [], 0
    for start, end in [*sorted(covered), (len(source), len(source))]:
        if source[cursor:start].strip():
            syntax.append((cursor, start))
        cursor = max(cursor, end)
    return syntax


def parse_textgrids(
    texts: Sequence[tuple[str, str]],
    directory: SpeakerDirectory,
    *,
    labels: Sequence[str] | None = None,
) -> Transcript:
    """Parse the TextGrid file(s) of one interview into turns interleaved by time.

    texts (Sequence[tuple[str, str]]): (file name, decoded text with '\\n' line ends), in the
        order participants.csv lists them.
    directory (SpeakerDirectory): the labels of this interview's speakers.
    labels (Sequence[str] | None): each file as messages name it (ingest.read.transcript_labels:
        never by name); None: by file name.
    RETURNS (Transcript): the turns, with offsets into the files' texts joined by '\\n'
        (transcript.join_sources), and every other character as syntax.
    """
    source, starts = join_sources([text for _, text in texts])
    shown = list(labels) if labels is not None else [file for file, _ in texts]
    utterances: list[Utterance] = []
    for part, ((file, text), start) in enumerate(zip(texts, starts, strict=True)):
        utterances.extend(
            _file_utterances(text, directory, file=file, label=shown[part], part=part, offset=start)
        )
    if not utterances:
        raise PipelineError("E116", file="; ".join(shown))
    transcript = Transcript(source=source, starts=starts if len(texts) > 1 else [])
    transcript.turns = _merge(utterances, several=len(texts) > 1)
    covered = [span for turn in transcript.turns for span in turn.spans + turn.markup]
    transcript.syntax = _syntax(source, covered)
    return transcript
