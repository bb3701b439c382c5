"""Ingest stage: an interview's transcript file(s) become one canonical JSON document of turns.

The document holds the turns (speaker label, kind, text, offsets, times), the header, and the
interview's attributes from participants.csv without the people's names. It still holds real
names in the text, so it is written to the private folder; only the anonymise stage reads it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from qualpipe.errors import PipelineError, WarningLog
from qualpipe.language import Decision, decide_language
from qualpipe.parse_subtitles import parse_subtitles
from qualpipe.parse_text import parse_labelled_text
from qualpipe.parse_textgrid import parse_textgrids
from qualpipe.speakers import RESPONDENT, SpeakerDirectory, build_directory
from qualpipe.study import listed_files
from qualpipe.textio import DecodedText, decode_bytes, mojibake_marks, normalise_line_ends
from qualpipe.transcript import Transcript, check_conservation, concatenate

LOGGER = logging.getLogger("qualpipe")
FORMAT_VERSION = "qualpipe.transcript.v1"
NAME_COLUMNS = ("participant", "interviewer")


TEXTGRID = ".textgrid"
# What reading a damaged zip (.docx, .xlsx, .qdpx) raises: a bad header or directory
# (BadZipFile, EOFError), an offset past the end (OSError), corrupt deflate data (zlib.error),
# a member flagged as encrypted (RuntimeError) or in an unknown compression
# (NotImplementedError).
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, zlib.error, RuntimeError, NotImplementedError)


def _decode(path: Path, warnings: WarningLog) -> DecodedText:
    """A transcript file's text; warns about an unusual encoding and about mojibake.

    UTF-16 is how Praat saves a TextGrid with non-ASCII letters, so it is no surprise there.
    """
    decoded = decode_bytes(path.read_bytes(), file=str(path))
    usual = ("utf-8", "utf-16-le", "utf-16-be") if path.suffix.lower() == TEXTGRID else ("utf-8",)
    if decoded.encoding not in usual:
        warnings.add("W101", file=str(path), encoding=decoded.encoding)
    marks = mojibake_marks(decoded.text)
    if marks:
        warnings.add("W103", file=str(path), marks=", ".join(repr(mark) for mark in marks))
    return decoded


def _facts(decoded: DecodedText) -> dict[str, object]:
    return {"encoding": decoded.encoding, "bom": decoded.bom, "line_ends": decoded.line_ends}


def _read_plain(
    path: Path, directory: SpeakerDirectory, warnings: WarningLog
) -> tuple[Transcript, dict[str, object]]:
    decoded = _decode(path, warnings)
    parse = parse_subtitles if path.suffix.lower() in (".vtt", ".srt") else None
    if parse is not None:
        transcript = parse(decoded.text, directory, file=str(path))
    else:
        transcript = parse_labelled_text(decoded.text, directory, file=str(path))
    return transcript, _facts(decoded)


def docx_text(path: Path) -> str:
    """The body of a Word document as lines: paragraphs, and table rows as 'cell<TAB>cell'."""
    from docx import Document  # python-docx is needed only for .docx files
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    # Issue 14: a part that is not XML (an empty or cut document.xml), and the errors of a
    # damaged zip that zipfile does not wrap in BadZipFile.
    unreadable = (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, *ZIP_ERRORS)
    try:
        document = Document(str(path))
    except unreadable as error:
        reason = "a damaged zip archive" if isinstance(error, ZIP_ERRORS) else type(error).__name__
        raise PipelineError("E106", file=str(path), reason=reason) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.append(block.text)
    text, _ = normalise_line_ends("\n".join(lines))
    return text


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
    path: Path, directory: SpeakerDirectory, warnings: WarningLog
) -> tuple[Transcript, dict[str, object]]:
    text = docx_text(path)
    if not text.strip():
        raise PipelineError("E103", file=str(path))
    transcript = parse_labelled_text(text, directory, file=str(path), tab_labels=True)
    return transcript, {"encoding": "docx", "bom": False, "line_ends": "paragraphs"}


READERS: Mapping[str, Callable[[Path, SpeakerDirectory, WarningLog], tuple[Transcript, dict]]] = {
    ".txt": _read_plain,
    ".vtt": _read_plain,
    ".srt": _read_plain,
    ".docx": _read_docx,
}


def _read_textgrids(
    paths: Sequence[Path], directory: SpeakerDirectory, warnings: WarningLog
) -> tuple[Transcript, list[dict[str, object]]]:
    """An interview's TextGrid file(s): every tier of every file interleaved by time."""
    for path in paths:
        with path.open("rb") as handle:
            if handle.read(12) == b"ooBinaryFile":
                raise PipelineError("E111", file=str(path), reason="it is Praat's binary format")
    decoded = [_decode(path, warnings) for path in paths]
    texts = [(str(path), text.text) for path, text in zip(paths, decoded, strict=True)]
    return parse_textgrids(texts, directory), [_facts(text) for text in decoded]


def _read_files(
    paths: Sequence[Path], directory: SpeakerDirectory, warnings: WarningLog
) -> tuple[Transcript, list[dict[str, object]]]:
    """Any transcript file(s): TextGrids interleave by time, other files follow in order."""
    if all(path.suffix.lower() == TEXTGRID for path in paths):
        return _read_textgrids(paths, directory, warnings)
    read = [READERS[path.suffix.lower()](path, directory, warnings) for path in paths]
    transcripts, facts = [t for t, _ in read], [f for _, f in read]
    return (transcripts[0] if len(read) == 1 else concatenate(transcripts)), facts


def split_names(value: str) -> list[str]:
    """Names in a participants.csv cell, ';'-separated."""
    return [name.strip() for name in value.split(";") if name.strip()]


def read_transcript(
    path: Path | Sequence[Path],
    *,
    respondents: list[str],
    interviewers: list[str],
    extra_labels: Mapping[str, list[str]] | None = None,
    warnings: WarningLog | None = None,
) -> tuple[Transcript, dict[str, object]]:
    """Parse one interview's transcript file(s) of any supported format.

    path (Path | Sequence[Path]): the transcript, or its files in the order listed (one
        TextGrid per speaker, or the parts of one interview).
    respondents (list[str]): the participants' names, to recognise them as speaker labels.
    interviewers (list[str]): the interviewers' names.
    extra_labels (Mapping[str, list[str]]): speaker labels declared in config.yaml, by kind.
    RETURNS (tuple[Transcript, dict]): the transcript and facts about the file's encoding;
        for several files, {'parts': [...]}, each part's facts with the offset where its
        text begins in the transcript's source text.
    """
    paths = [path] if isinstance(path, Path) else list(path)
    file = "; ".join(str(one) for one in paths)
    directory = build_directory(
        respondents=respondents, interviewers=interviewers, extra_labels=extra_labels
    )
    log = warnings if warnings is not None else WarningLog()
    transcript, facts = _read_files(paths, directory, log)
    check_conservation(transcript, file=file)
    if not any(turn.kind == RESPONDENT for turn in transcript.turns):
        raise PipelineError("E109", file=file)
    if transcript.cues_without_speaker:
        log.add("W102", file=file, count=transcript.cues_without_speaker)
    if len(paths) == 1:
        return transcript, facts[0]
    parts = [{"start": start, **fact} for start, fact in zip(transcript.starts, facts, strict=True)]
    return transcript, {"parts": parts}


def transcript_document(
    transcript: Transcript,
    *,
    interview_id: str,
    file: str,
    file_format: str,
    sha256: str,
    source: Mapping[str, object],
    attributes: Mapping[str, str],
    language: Decision,
) -> dict[str, object]:
    """The canonical JSON document of one interview."""
    turns = [turn.to_dict(index) for index, turn in enumerate(transcript.turns)]
    respondent_words = sum(t["words"] for t in turns if t["kind"] == RESPONDENT)
    return {
        "format": FORMAT_VERSION,
        "interview_id": interview_id,
        "source": {"file": file, "format": file_format, "sha256": sha256, **source},
        "attributes": {k: v for k, v in attributes.items() if k not in NAME_COLUMNS},
        "header": {"text": transcript.header_text, "spans": [list(s) for s in transcript.header]},
        **language.to_dict(),
        "syntax": [list(span) for span in transcript.syntax],
        "counts": {
            "turns": len(turns),
            "respondent_turns": sum(1 for t in turns if t["kind"] == RESPONDENT),
            "respondent_words": respondent_words,
            "words": sum(t["words"] for t in turns),
        },
        "turns": turns,
    }


def participant_row(participants_path: str, interview_id: str) -> dict[str, str]:
    """One interview's row of participants.csv (checked when the workflow was parsed).

    Names reach the job this way rather than through `params:`, which Snakemake stores in
    .snakemake/metadata and shows in its report.
    """
    with open(participants_path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["interview_id"].strip() == interview_id:
                return {key.strip(): (value or "").strip() for key, value in row.items()}
    raise KeyError(f"{interview_id} is not in {participants_path}")


def _source_fields(
    paths: Sequence[Path], listed: Sequence[str], source: Mapping[str, object]
) -> dict[str, object]:
    """The document's 'source': format and SHA-256 of the file(s), and each part's facts.

    For several files, the digest is of their bytes one after the other, in listed order,
    and each part names its file (as listed) and digest beside its offset and encoding.
    """
    contents = [path.read_bytes() for path in paths]
    formats = dict.fromkeys(path.suffix.lower().lstrip(".") for path in paths)
    fields: dict[str, object] = {
        "format": "+".join(formats),
        "sha256": hashlib.sha256(b"".join(contents)).hexdigest(),
        **source,
    }
    if "parts" in source:
        fields["parts"] = [
            {"file": name, "sha256": hashlib.sha256(data).hexdigest(), **dict(part)}
            for name, data, part in zip(listed, contents, source["parts"], strict=True)
        ]
    return fields


def ingest_interview(
    *,
    transcript_path: str | Sequence[str],
    participants_path: str,
    output_path: str,
    interview_id: str,
    extra_labels: Mapping[str, list[str]] | None = None,
    study_language: str = "en",
    languages: Sequence[str] = (),
    min_confidence: float = 0.8,
) -> dict[str, object]:
    """Read one interview's transcript file(s), decide its language, write its canonical JSON
    document.

    transcript_path (str | Sequence[str]): the raw transcript, or its files in listed order.
    participants_path (str): participants.csv, for the interview's attributes and names.
    output_path (str): where the JSON document goes (in the private folder).
    interview_id (str): the interview's id.
    extra_labels (Mapping[str, list[str]]): speaker labels declared in config.yaml.
    study_language (str): config study.language, the fallback.
    languages (Sequence[str]): the candidates language detection chooses from; with fewer
        than two, an interview without a `language` cell is in the study language.
    min_confidence (float): a detection less sure than this falls back to study_language.
    RETURNS (dict): the document written.
    """
    single = isinstance(transcript_path, str)
    paths = [Path(transcript_path)] if single else [Path(one) for one in transcript_path]
    row = participant_row(participants_path, interview_id)
    warnings = WarningLog()
    transcript, source = read_transcript(
        paths[0] if single else paths,
        respondents=split_names(row.get("participant", "")),
        interviewers=split_names(row.get("interviewer", "")),
        extra_labels=extra_labels,
        warnings=warnings,
    )
    language = decide_language(
        row.get("language", ""),
        "\n".join(turn.text for turn in transcript.turns),
        candidates=languages,
        study_language=study_language,
        min_confidence=min_confidence,
        file=", ".join(str(one) for one in paths),
        warnings=warnings,
    )
    warnings.emit()
    listed = listed_files(row["file"]) if row.get("file") else [path.name for path in paths]
    fields = _source_fields(paths, listed, source)
    document = transcript_document(
        transcript,
        interview_id=interview_id,
        file=row.get("file", paths[0].name),
        file_format=str(fields.pop("format")),
        sha256=str(fields.pop("sha256")),
        source=fields,
        attributes=row,
        language=language,
    )
    LOGGER.info("language: %s", json.dumps(language.to_dict(), sort_keys=True))
    write_json_atomic(document, Path(output_path), private=True)
    return document


def write_text_atomic(text: str, path: Path, *, private: bool = False) -> None:
    """Write a file via a temporary file, so that no partial file is ever left.

    private (bool): the file holds real text: readable by its owner only (0600).
    """
    write_bytes_atomic(text.encode("utf-8"), path, private=private)


def write_bytes_atomic(data: bytes, path: Path, *, private: bool = False) -> None:
    """Write bytes via a temporary file in the same folder, so that no partial file is ever
    left, not even the temporary one when writing fails.

    private (bool): the file holds real text: readable by its owner only (0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    try:
        temporary.write_bytes(data)
        if private:
            temporary.chmod(0o600)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_json_atomic(document: Mapping[str, object], path: Path, *, private: bool = False) -> None:
    """Write JSON deterministically (sorted keys), atomically; owner-only if private."""
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_text_atomic(text, path, private=private)
