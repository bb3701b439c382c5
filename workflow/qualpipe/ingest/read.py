"""Reading an interview's transcript file(s): bytes within the limits, decoded (encoding,
mojibake), a Word document's paragraphs and table rows, each format's parser, and the checks
every transcript passes (turn lengths, every character accounted for, a respondent speaks).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualpipe.common.archive import ZIP_ERRORS, ZipLimits, check_zip, zip_limits
from qualpipe.common.schema import config_defaults
from qualpipe.common.speakers import RESPONDENT, SpeakerDirectory, build_directory
from qualpipe.common.textio import (
    DecodedText,
    decode_bytes,
    line_list,
    mojibake_marks,
    normalise_line_ends,
    repair_mojibake,
)
from qualpipe.errors import PipelineError, WarningLog, shown_suffix
from qualpipe.ingest.parse_subtitles import parse_subtitles
from qualpipe.ingest.parse_text import parse_labelled_text
from qualpipe.ingest.parse_textgrid import parse_textgrids
from qualpipe.ingest.transcript import (
    Transcript,
    check_conservation,
    concatenate,
    line_of,
)

TEXTGRID = ".textgrid"
# No encoding the transcripts come in spends more than four bytes on a character.
MAX_BYTES_PER_CHAR = 4
# libxml2 refuses a longer text node unless told it may use unbounded memory (huge_tree).
XML_MAX_TEXT = 10_000_000
HUGE_TEXT_SIGNS = ("XML_PARSE_HUGE", "huge text node")  # its message, by libxml2 version


@dataclass(frozen=True)
class Limits:
    """How long a transcript may be, and what its zip may hold (config `limits`).

    transcript_chars (int): characters of one transcript file.
    turn_chars (int): characters of one turn, or of the header.
    zip (ZipLimits): for a .docx.
    """

    transcript_chars: int
    turn_chars: int
    zip: ZipLimits


def input_limits(limits: Mapping[str, object] | Limits | None = None) -> Limits:
    """The limits of config's `limits` section (the schema's defaults for missing keys)."""
    if isinstance(limits, Limits):
        return limits
    values = {**config_defaults("limits"), **(limits or {})}
    return Limits(
        transcript_chars=int(values["transcript_chars"]),  # type: ignore[call-overload]
        turn_chars=int(values["turn_chars"]),  # type: ignore[call-overload]
        zip=zip_limits(values),
    )


def _check_length(label: str, text: str, limits: Limits) -> None:
    if len(text) > limits.transcript_chars:
        found = f"{len(text):,}"
        raise PipelineError("E120", file=label, found=found, limit=f"{limits.transcript_chars:,}")


def _read_bytes(path: Path, label: str, limits: Limits) -> bytes:
    """A transcript file's bytes; E120 before reading one that cannot be within the limit."""
    size = path.stat().st_size
    if size > MAX_BYTES_PER_CHAR * limits.transcript_chars:
        found = f"at least {size // MAX_BYTES_PER_CHAR:,}"
        raise PipelineError("E120", file=label, found=found, limit=f"{limits.transcript_chars:,}")
    return path.read_bytes()


def transcript_labels(paths: Sequence[Path], interview_id: str = "") -> list[str]:
    """How messages name an interview's transcript file(s): by interview, position and type,
    never by file name, which is often the participant's ('Anna_Svensson.docx').

    RETURNS (list[str]): e.g. ["interview t02's transcript (.docx)"], or for several files
        "interview t02's transcript, file 2 of 3 (.txt)".
    """
    whose = f"interview {interview_id}'s transcript" if interview_id else "the transcript"
    if len(paths) == 1:
        return [f"{whose} ({shown_suffix(paths[0].suffix)})"]
    count = len(paths)
    return [
        f"{whose}, file {n} of {count} ({shown_suffix(path.suffix)})"
        for n, path in enumerate(paths, start=1)
    ]


def _decode(path: Path, label: str, warnings: WarningLog, limits: Limits) -> DecodedText:
    """A transcript file's text; warns about an unusual encoding and about mojibake.

    UTF-16 is how Praat saves a TextGrid with non-ASCII letters, so it is no surprise there.
    label (str): the file as messages name it (`transcript_labels`).
    """
    decoded = decode_bytes(_read_bytes(path, label, limits), file=label)
    _check_length(label, decoded.text, limits)
    usual = ("utf-8", "utf-16-le", "utf-16-be") if path.suffix.lower() == TEXTGRID else ("utf-8",)
    if decoded.encoding not in usual:
        warnings.add("W101", file=label, encoding=decoded.encoding)
    if decoded.other_lines:
        lines = line_list(decoded.other_lines)
        other, encoding = decoded.other_encoding, decoded.encoding
        warnings.add("W105", file=label, lines=lines, other=other, encoding=encoding)
    _warn_mojibake(decoded.text, decoded.repaired_lines, file=label, warnings=warnings)
    return decoded


def _warn_mojibake(text: str, repaired: Sequence[int], *, file: str, warnings: WarningLog) -> None:
    """Report the lines repaired (W106) and any trace of mojibake left (W103)."""
    if repaired:
        warnings.add("W106", file=file, lines=line_list(repaired))
    marks = mojibake_marks(text)
    if marks:
        warnings.add("W103", file=file, marks=", ".join(repr(mark) for mark in marks))


def _facts(decoded: DecodedText) -> dict[str, object]:
    return {"encoding": decoded.encoding, "bom": decoded.bom, "line_ends": decoded.line_ends}


def _read_plain(
    path: Path, label: str, directory: SpeakerDirectory, warnings: WarningLog, limits: Limits
) -> tuple[Transcript, dict[str, object]]:
    decoded = _decode(path, label, warnings, limits)
    parse = parse_subtitles if path.suffix.lower() in (".vtt", ".srt") else None
    if parse is not None:
        transcript = parse(decoded.text, directory, file=label)
    else:
        transcript = parse_labelled_text(decoded.text, directory, file=label)
    return transcript, _facts(decoded)


def docx_text(path: Path, limits: Limits | None = None, *, label: str = "") -> str:
    """The body of a Word document as lines: paragraphs, and table rows as 'cell<TAB>cell'.

    limits (Limits): its zip is checked against them before anything is decompressed, and
        its body's length before python-docx builds the document's tree.
    label (str): the file as messages name it; '' for its path.
    """
    from docx import Document  # python-docx is needed only for .docx files
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    limits, label = input_limits(limits), label or str(path)
    check_zip(path, limits.zip, label=label)
    check_docx_length(path, limits, label=label)
    # Issue 14: the errors of a damaged zip that zipfile does not wrap in BadZipFile too.
    unreadable = (PackageNotFoundError, KeyError, ValueError, *ZIP_ERRORS)
    try:
        document = Document(str(path))
    except etree.XMLSyntaxError as error:
        raise _xml_error(label, error, limits) from error
    except unreadable as error:
        reason = "a damaged zip archive" if isinstance(error, ZIP_ERRORS) else type(error).__name__
        raise PipelineError("E106", file=label, reason=reason) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.append(block.text)
    text, _ = normalise_line_ends("\n".join(lines))
    return text


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_BODY = "word/document.xml"


def check_docx_length(path: Path, limits: Limits, *, label: str = "") -> None:
    """E120 when the body's text already passes limits.transcript_chars, counted in one
    streaming pass that keeps no more than a paragraph in memory (python-docx builds the whole
    tree, at up to 17 times the XML's size). Each paragraph counts its text and its line end, the
    least the body's lines hold. A document without word/document.xml is left to python-docx.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as archive:
            if DOCX_BODY not in archive.namelist():
                return
            with archive.open(DOCX_BODY) as body:
                _count_body(body, label or str(path), limits.transcript_chars)
    except zipfile.BadZipFile:
        return  # python-docx names it (E106)
    except etree.XMLSyntaxError as error:
        raise _xml_error(label or str(path), error, limits) from error


def _count_body(body: object, label: str, limit: int) -> None:
    from lxml import etree

    count = 0
    events = etree.iterparse(
        body, events=("end",), tag=(f"{WORD}t", f"{WORD}p"), resolve_entities=False,
        load_dtd=False, no_network=True, huge_tree=False,
    )  # fmt: skip
    for _, element in events:
        count += len(element.text or "") if element.tag == f"{WORD}t" else 1
        if count > limit:
            raise PipelineError(
                "E120", file=label, found=f"more than {limit:,}", limit=f"{limit:,}"
            )
        if element.tag == f"{WORD}p":
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def _xml_error(label: str, error: Exception, limits: Limits) -> PipelineError:
    """A Word document whose XML python-docx's parser refuses (it raises lxml's error)."""
    if any(sign in str(error) for sign in HUGE_TEXT_SIGNS):
        found, limit = f"{XML_MAX_TEXT:,}", f"{limits.turn_chars:,}"
        return PipelineError("E122", file=label, found=found, limit=limit)
    reason = f"damaged XML: {getattr(error, 'msg', '') or error}"
    return PipelineError("E106", file=label, reason=reason)


def _table_rows(table: object) -> list[str]:
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # merged cells repeat the same element
                seen.add(id(cell._tc))
                cells.append(cell.text.replace("\n", " "))
        rows.append("\t".join(cells))
    return rows


def _read_docx(
    path: Path, label: str, directory: SpeakerDirectory, warnings: WarningLog, limits: Limits
) -> tuple[Transcript, dict[str, object]]:
    text, repaired = repair_mojibake(docx_text(path, limits, label=label))
    _check_length(label, text, limits)
    if not text.strip():
        raise PipelineError("E103", file=label)
    _warn_mojibake(text, repaired, file=label, warnings=warnings)
    transcript = parse_labelled_text(text, directory, file=label, tab_labels=True)
    return transcript, {"encoding": "docx", "bom": False, "line_ends": "paragraphs"}


Reader = Callable[[Path, str, SpeakerDirectory, WarningLog, Limits], tuple[Transcript, dict]]
READERS: Mapping[str, Reader] = {
    ".txt": _read_plain,
    ".vtt": _read_plain,
    ".srt": _read_plain,
    ".docx": _read_docx,
}


def _read_textgrids(
    paths: Sequence[Path],
    labels: Sequence[str],
    directory: SpeakerDirectory,
    warnings: WarningLog,
    limits: Limits,
) -> tuple[Transcript, list[dict[str, object]]]:
    """An interview's TextGrid file(s): every tier of every file interleaved by time."""
    for path, label in zip(paths, labels, strict=True):
        with path.open("rb") as handle:
            if handle.read(12) == b"ooBinaryFile":
                raise PipelineError("E111", file=label, reason="it is Praat's binary format")
    decoded = [
        _decode(path, label, warnings, limits) for path, label in zip(paths, labels, strict=True)
    ]
    texts = [(str(path), text.text) for path, text in zip(paths, decoded, strict=True)]
    transcript = parse_textgrids(texts, directory, labels=labels)
    return transcript, [_facts(text) for text in decoded]


def _read_files(
    paths: Sequence[Path],
    labels: Sequence[str],
    directory: SpeakerDirectory,
    warnings: WarningLog,
    limits: Limits,
) -> tuple[Transcript, list[dict[str, object]]]:
    """Any transcript file(s): TextGrids interleave by time, other files follow in order."""
    if all(path.suffix.lower() == TEXTGRID for path in paths):
        return _read_textgrids(paths, labels, directory, warnings, limits)
    read = [
        READERS[path.suffix.lower()](path, label, directory, warnings, limits)
        for path, label in zip(paths, labels, strict=True)
    ]
    transcripts, facts = [t for t, _ in read], [f for _, f in read]
    return (transcripts[0] if len(read) == 1 else concatenate(transcripts)), facts


def check_turn_lengths(transcript: Transcript, labels: Sequence[str], *, limit: int) -> None:
    """E121 for the first turn (or header) longer than the limit, naming its file and line."""
    limit_text = f"{limit:,}"
    header = transcript.header_text
    if len(header) > limit:
        line = line_of(transcript.source, transcript.header[0][0])
        file = labels[_part_of(transcript, transcript.header[0][0])]
        raise PipelineError(
            "E121", file=file, line=line, what="header", found=f"{len(header):,}", limit=limit_text
        )
    for turn in transcript.turns:
        if len(turn.text) > limit:
            file = labels[turn.part or 0]
            found = f"{len(turn.text):,}"
            raise PipelineError(
                "E121", file=file, line=turn.line, what="turn", found=found, limit=limit_text
            )


def _part_of(transcript: Transcript, offset: int) -> int:
    return sum(1 for start in transcript.starts[1:] if start <= offset)


def read_transcript(
    path: Path | Sequence[Path],
    *,
    respondents: list[str],
    interviewers: list[str],
    extra_labels: Mapping[str, list[str]] | None = None,
    warnings: WarningLog | None = None,
    limits: Mapping[str, object] | Limits | None = None,
    interview_id: str = "",
) -> tuple[Transcript, dict[str, object]]:
    """Parse one interview's transcript file(s) of any supported format.

    path (Path | Sequence[Path]): the transcript, or its files in the order listed (one
        TextGrid per speaker, or the parts of one interview).
    respondents (list[str]): the participants' names, to recognise them as speaker labels.
    interviewers (list[str]): the interviewers' names.
    extra_labels (Mapping[str, list[str]]): speaker labels declared in config.yaml, by kind.
    limits (Mapping | Limits): config's `limits` section (E014-E016, E120-E122).
    interview_id (str): the interview, by which messages name its files (never by name).
    RETURNS (tuple[Transcript, dict]): the transcript and facts about the file's encoding;
        for several files, {'parts': [...]}, each part's facts with the offset where its
        text begins in the transcript's source text.
    """
    paths = [path] if isinstance(path, Path) else list(path)
    labels = transcript_labels(paths, interview_id)
    file = "; ".join(labels)
    directory = build_directory(
        respondents=respondents, interviewers=interviewers, extra_labels=extra_labels
    )
    log = warnings if warnings is not None else WarningLog()
    checked = input_limits(limits)
    transcript, facts = _read_files(paths, labels, directory, log, checked)
    check_turn_lengths(transcript, labels, limit=checked.turn_chars)
    check_conservation(transcript, file=file)
    if not any(turn.kind == RESPONDENT for turn in transcript.turns):
        raise PipelineError("E109", file=file)
    if transcript.cues_without_speaker:
        log.add("W102", file=file, count=transcript.cues_without_speaker)
    if len(paths) == 1:
        return transcript, facts[0]
    parts = [{"start": start, **fact} for start, fact in zip(transcript.starts, facts, strict=True)]
    return transcript, {"parts": parts}
