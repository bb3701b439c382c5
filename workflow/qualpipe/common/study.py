"""The study's data checked before any job: data/participants.csv against config.yaml and the
transcripts on disk, and data/anonymisation.yaml against participants.csv; the private folder.

Validators collect every problem and raise once, one line per problem, so that a researcher
fixes a broken participants sheet in one pass. This module is imported when the Snakefile is
parsed: it stays light (csv, pathlib, PyYAML, jsonschema; no pandas, no spaCy).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import yaml
from jsonschema import Draft202012Validator

from qualpipe.common.io import yaml_line
from qualpipe.common.language import spacy_knows
from qualpipe.common.participants import (
    IGNORED_FILES,
    REQUIRED_COLUMNS,
    listed_files,
    participant_rows,
    read_table,
    split_names,
)
from qualpipe.common.records import MODES
from qualpipe.common.speakers import fold, name_variants
from qualpipe.errors import (
    PipelineError,
    WarningLog,
    raise_all,
    schema_problem,
    shown,
    shown_file,
    shown_suffix,
)

SUFFIXES = (".txt", ".docx", ".vtt", ".srt", ".TextGrid")
TEXTGRID = ".textgrid"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Interview:
    """One row of participants.csv.

    interview_id (str): the id used in every file name.
    paths (tuple[str, ...]): the transcript file(s), relative to the study folder, in the
        order the row lists them (several: one TextGrid per speaker, or parts in order).
    row (dict[str, str]): every column of the row, names included.
    """

    interview_id: str
    paths: tuple[str, ...]
    row: dict[str, str]

    @property
    def digest(self) -> str:
        """A hash of the row: changes when the row does, and reveals no name."""
        text = json.dumps(self.row, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _allowed(values: Sequence[str]) -> str:
    return ", ".join(values)


def _field_errors(
    row: Mapping[str, str], *, line: int, file: str, allowed: Mapping[str, Sequence[str]]
) -> list[PipelineError]:
    """Problems with one row's values, column by column."""
    errors = []

    def bad(column: str, problem: str, allowed_values: str) -> None:
        errors.append(
            PipelineError(
                "E001",
                file=file,
                row=line,
                column=column,
                problem=problem,
                value=shown(row.get(column, "")),
                allowed=allowed_values,
            )
        )

    if not _ID.match(row["interview_id"]):
        bad("interview_id", "not a valid id", "letters, digits, '_' and '-'")
    for column in ("role", "site", "wave"):
        if row[column] not in allowed[column]:
            bad(column, f"unknown {column}", _allowed(allowed[column]))
    if row["mode"] not in MODES:
        bad("mode", "unknown mode", _allowed(MODES))
    try:
        date.fromisoformat(row["date"])
    except ValueError:
        bad("date", "not a date", "YYYY-MM-DD, e.g. 2013-05-14")
    if not row["interviewer"].strip(" ;"):
        bad("interviewer", "empty", "one or more names separated by ';'")
    language = row.get("language", "")
    if language and not spacy_knows(language.lower()):
        errors.append(PipelineError("E030", file=file, row=line, value=shown(language)))
    return errors


def _one_file_errors(value: str, *, line: int, file: str, raw_dir: Path) -> list[PipelineError]:
    """Problems with one transcript path of a row."""
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", value):
        return [PipelineError("E005", file=file, row=line, raw_dir=raw_dir)]
    if _links_outside(raw_dir, pure):
        return [PipelineError("E017", file=file, row=line, raw_dir=raw_dir)]
    if pure.suffix.lower() not in {suffix.lower() for suffix in SUFFIXES}:
        return [
            PipelineError(
                "E010",
                file=file,
                row=line,
                suffix=shown_suffix(pure.suffix) or "(none)",
                allowed=_allowed(SUFFIXES),
            )
        ]
    try:
        exists = (raw_dir / pure).is_file()
    except OSError:  # a name too long for the file system (issue 14)
        exists = False
    if not exists:
        return [PipelineError("E004", file=file, row=line, raw_dir=raw_dir)]
    return []


def _links_outside(raw_dir: Path, relative: PurePosixPath) -> bool:
    """Whether the path, or a folder on its way, is a symbolic link out of raw_dir.

    Only the links' targets are read (Path.resolve), never the file they point to. raw_dir
    may itself be a link (to a shared drive): it is resolved first.
    """
    root = raw_dir.resolve()
    try:
        target = (raw_dir / relative).resolve()
    except (OSError, ValueError):  # a NUL, a name too long: no link (issue 14; E004 follows)
        return False
    return target != root and root not in target.parents


def _file_errors(
    row: Mapping[str, str], *, line: int, file: str, raw_dir: Path
) -> list[PipelineError]:
    """Problems with one row's transcript path(s)."""
    files = listed_files(row["file"])
    if not files:
        return [PipelineError("E005", file=file, row=line, raw_dir=raw_dir)]
    errors = [
        error
        for value in files
        for error in _one_file_errors(value, line=line, file=file, raw_dir=raw_dir)
    ]
    textgrids = [value.lower().endswith(TEXTGRID) for value in files]
    if not errors and any(textgrids) and not all(textgrids):
        errors.append(PipelineError("E013", file=file, row=line))
    return errors


def load_participants(
    path: str | Path,
    *,
    raw_dir: str | Path,
    roles: Sequence[str],
    waves: Sequence[str],
    sites: Sequence[str],
) -> dict[str, Interview]:
    """Read and check participants.csv against config and the transcripts on disk.

    path (str | Path): data/participants.csv.
    raw_dir (str | Path): the transcripts' folder.
    roles, waves, sites (Sequence[str]): the values config.yaml declares.
    RETURNS (dict[str, Interview]): the interviews by id, in the file's order.
    """
    path, raw_dir = Path(path), Path(raw_dir)
    header, rows = read_table(path)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise PipelineError("E002", file=path, columns=", ".join(missing))
    if not rows:
        raise PipelineError("E009", file=path)
    allowed = {"role": list(roles), "wave": list(waves), "site": list(sites)}
    errors: list[PipelineError] = []
    interviews: dict[str, Interview] = {}
    first_lines: dict[str, int] = {}
    file_lines: dict[str, int] = {}
    for line, row in rows:
        errors.extend(_field_errors(row, line=line, file=str(path), allowed=allowed))
        errors.extend(_file_errors(row, line=line, file=str(path), raw_dir=raw_dir))
        errors.extend(_duplicate_errors(row, line, first_lines, file_lines, file=str(path)))
        paths = tuple(
            str(PurePosixPath(raw_dir.as_posix()) / value) for value in listed_files(row["file"])
        )
        interviews.setdefault(row["interview_id"], Interview(row["interview_id"], paths, row))
    errors.extend(_unlisted_errors(raw_dir, set(file_lines), file=str(path)))
    raise_all(errors)
    warnings = WarningLog()
    for line, row in rows:
        if not row["participant"].strip(" ;"):
            warnings.add("W201", file=str(path), row=line, value=row["interview_id"])
    warnings.emit()
    return interviews


def _duplicate_errors(
    row: Mapping[str, str],
    line: int,
    first_lines: dict[str, int],
    file_lines: dict[str, int],
    *,
    file: str,
) -> list[PipelineError]:
    errors = []
    interview_id = row["interview_id"]
    if interview_id in first_lines:
        errors.append(
            PipelineError(
                "E003", file=file, row=line, value=interview_id, first_row=first_lines[interview_id]
            )
        )
    first_lines.setdefault(interview_id, line)
    for listed in listed_files(row["file"]):
        if listed in file_lines:
            first_row = file_lines[listed]
            errors.append(PipelineError("E008", file=file, row=line, first_row=first_row))
        file_lines.setdefault(listed, line)
    return errors


def _unlisted_errors(raw_dir: Path, listed: set[str], *, file: str) -> list[PipelineError]:
    """Transcripts in the raw folder that participants.csv does not list."""
    if not raw_dir.is_dir():
        return []
    errors = []
    found = sorted(p for p in raw_dir.rglob("*") if p.is_file() and not IGNORED_FILES.match(p.name))
    for number, path in enumerate(found, start=1):
        relative = path.relative_to(raw_dir).as_posix()
        if relative not in listed:
            value = shown_file(relative)
            errors.append(
                PipelineError("E006", file=file, raw_dir=raw_dir, value=value, number=number)
            )
    return errors


def make_private_dir(path: str | Path) -> None:
    """Create the folder for real names, readable by its owner only (also if it exists)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)


def _people_names(participants_path: str | Path) -> dict[str, str]:
    """Folded names and name parts of every participant and interviewer -> where they are."""
    names: dict[str, str] = {}
    for row in participant_rows(participants_path):
        for column in ("participant", "interviewer"):
            for name in split_names(row.get(column, "")):
                where = f"{column} of interview {row['interview_id']}"
                for variant in name_variants(name) | {fold(name)}:
                    names.setdefault(variant, where)
    return names


def anonymisation_errors(
    path: str, *, schema_path: str, participants_path: str
) -> list[PipelineError]:
    """The problems of data/anonymisation.yaml: its schema, its terms, never-redact conflicts.

    path (str): data/anonymisation.yaml; a missing file is fine (nothing extra to redact).
    schema_path (str): workflow/schemas/anonymisation.schema.yaml.
    participants_path (str): participants.csv, whose names never_redact must not list.
    RETURNS (list[PipelineError]): the schema's errors if any (the terms are read only from a
        file that passes it), else one error per bad term or conflict; empty when it is fine.
    """
    file = Path(path)
    if not file.is_file():
        return []
    text = file.read_text(encoding="utf-8")
    data, root = yaml.safe_load(text) or {}, yaml.compose(text)
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    errors = [
        PipelineError(
            "E205",
            file=path,
            line=yaml_line(root, list(e.path)),
            problem=schema_problem(e),
            schema=schema_path,
        )
        for e in Draft202012Validator(schema).iter_errors(data)
    ]
    if errors:
        return errors
    for index, entry in enumerate(data.get("redact") or []):
        term = entry["term"].strip()
        if sum(char.isalnum() for char in term) < 2:
            problem = "empty" if not term else "a single character"
            line = yaml_line(root, ["redact", index, "term"])
            errors.append(PipelineError("E201", file=path, line=line, value=term, problem=problem))
    names = _people_names(participants_path)
    for index, word in enumerate(data.get("never_redact") or []):
        where = names.get(fold(word))
        if where:
            line = yaml_line(root, ["never_redact", index])
            errors.append(PipelineError("E202", file=path, line=line, where=where))
    return errors


def check_anonymisation_file(path: str, *, schema_path: str, participants_path: str) -> None:
    """Raise one line per problem of data/anonymisation.yaml (`anonymisation_errors`)."""
    raise_all(
        anonymisation_errors(path, schema_path=schema_path, participants_path=participants_path)
    )
