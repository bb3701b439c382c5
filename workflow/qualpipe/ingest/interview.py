"""Ingest stage: an interview's transcript file(s) become one canonical JSON document of turns.

The document holds the turns (speaker label, kind, text, offsets, times), the header, and the
interview's attributes from participants.csv without the people's names. It still holds real
names in the text, so it is written to the private folder; only the anonymise stage reads it.
The files are read by qualpipe.ingest.read; this module builds and writes the document.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualpipe.common.io import write_json_atomic
from qualpipe.common.language import Decision, decide_language
from qualpipe.common.participants import (
    listed_files,
    participant_row,
    participant_rows,
    split_names,
)
from qualpipe.common.schema import config_defaults
from qualpipe.common.speakers import RESPONDENT
from qualpipe.errors import PipelineError, PipelineErrors, WarningLog, raise_all
from qualpipe.ingest.read import read_transcript, transcript_labels
from qualpipe.ingest.transcript import Transcript

LOGGER = logging.getLogger("qualpipe")
FORMAT_VERSION = "qualpipe.transcript.v1"
NAME_COLUMNS = ("participant", "interviewer")


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
    respondent_turns = [turn for turn in transcript.turns if turn.kind == RESPONDENT]
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
            "respondent_turns": len(respondent_turns),
            "respondent_words": sum(turn.words for turn in respondent_turns),
            "words": sum(turn.words for turn in transcript.turns),
        },
        "turns": turns,
    }


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
    parts = source.get("parts")
    if isinstance(parts, list):  # several files (read_transcript's facts)
        fields["parts"] = [
            {"file": name, "sha256": hashlib.sha256(data).hexdigest(), **dict(part)}
            for name, data, part in zip(listed, contents, parts, strict=True)
        ]
    return fields


def ingest_interview(
    *,
    transcript_path: str | Sequence[str],
    participants_path: str,
    output_path: str,
    interview_id: str,
    extra_labels: Mapping[str, list[str]] | None = None,
    study_language: str | None = None,
    languages: Sequence[str] = (),
    min_confidence: float | None = None,
    limits: Mapping[str, object] | None = None,
    row: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Read one interview's transcript file(s), decide its language, write its canonical JSON
    document.

    transcript_path (str | Sequence[str]): the raw transcript, or its files in listed order.
    participants_path (str): participants.csv, for the interview's attributes and names.
    output_path (str): where the JSON document goes (in the private folder).
    interview_id (str): the interview's id.
    extra_labels (Mapping[str, list[str]]): speaker labels declared in config.yaml.
    study_language (str): config study.language, the fallback (None: the schema's default).
    languages (Sequence[str]): the candidates language detection chooses from; with fewer
        than two, an interview without a `language` cell is in the study language.
    min_confidence (float): a detection less sure than this falls back to study_language
        (config study.language_confidence; None: the schema's default).
    limits (Mapping[str, object]): config's `limits` section.
    row (Mapping[str, str]): the interview's participants.csv row, when the caller has read
        the file already (ingest_batch); None reads it.
    RETURNS (dict): the document written.
    """
    names = [transcript_path] if isinstance(transcript_path, str) else list(transcript_path)
    paths = [Path(name) for name in names]
    if row is None:
        row = participant_row(participants_path, interview_id)
    warnings = WarningLog()
    transcript, source = read_transcript(
        paths,
        respondents=split_names(row.get("participant", "")),
        interviewers=split_names(row.get("interviewer", "")),
        extra_labels=extra_labels,
        warnings=warnings,
        limits=limits,
        interview_id=interview_id,
    )
    study = config_defaults("study")
    if study_language is None:
        study_language = str(study["language"])
    if min_confidence is None:
        min_confidence = float(study["language_confidence"])  # type: ignore[arg-type]
    language = decide_language(
        row.get("language", ""),
        "\n".join(turn.text for turn in transcript.turns),
        candidates=languages,
        study_language=study_language,
        min_confidence=min_confidence,
        file="; ".join(transcript_labels(paths, interview_id)),
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


def ingest_batch(
    *,
    interviews: Mapping[str, Sequence[str]],
    participants_path: str,
    output_dir: str,
    **settings: Any,
) -> None:
    """Ingest one batch of interviews (config batches) into one folder, one document each.

    Every interview is read, so that each bad transcript is named in the same run (their
    errors are raised together at the end; Snakemake then removes the whole folder).
    interviews (Mapping[str, Sequence[str]]): interview id -> its transcript file(s).
    participants_path (str): participants.csv, read once for the whole batch.
    output_dir (str): the batch's folder in the private folder; gets <interview>.json.
    settings: as ingest_interview's (extra_labels, study_language, languages,
        min_confidence, limits).
    """
    rows = {row["interview_id"]: row for row in participant_rows(participants_path)}
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    errors: list[PipelineError] = []
    for interview_id, names in interviews.items():
        try:
            ingest_interview(
                transcript_path=names,
                participants_path=participants_path,
                output_path=str(folder / f"{interview_id}.json"),
                interview_id=interview_id,
                row=rows[interview_id],
                **settings,
            )
        except PipelineErrors as found:
            errors.extend(found.errors)
        except PipelineError as error:
            errors.append(error)
    raise_all(errors)
