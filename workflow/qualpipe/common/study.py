"""The study's data contract: config.yaml and data/participants.csv, checked before any job.

Validators collect every problem and raise once, one line per problem, so that a researcher
fixes a broken participants sheet in one pass. This module is imported when the Snakefile is
parsed: it stays light (csv, pathlib, jsonschema; no pandas, no spaCy).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from qualpipe.common.io import yaml_line as _yaml_line
from qualpipe.common.language import spacy_knows
from qualpipe.common.participants import _IGNORED_FILES, REQUIRED_COLUMNS, listed_files, read_table
from qualpipe.common.records import MODES
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


def config_errors(
    config: Mapping[str, object], schema: Mapping[str, object], *, file: str, schema_path: str
) -> list[PipelineError]:
    """Check config.yaml against its JSON schema; one error per problem, with its key path."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    errors = []
    for error in sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.path))):
        where = ".".join(str(part) for part in error.path) or "(top level)"
        problem = f"key '{where}': {schema_problem(error)}"
        errors.append(PipelineError("E011", file=file, problem=problem, schema=schema_path))
    return errors


def check_config_file(path: str | Path) -> None:
    """E019 when config.yaml is empty, not YAML or not a mapping of sections.

    Runs before Snakemake's `configfile:` loads the file, whose own error for these is no
    catalogued line. A missing file is left to Snakemake (a --configfile may stand for it).
    """
    import yaml

    file = Path(path)
    if not file.is_file():
        return
    try:
        data = yaml.safe_load(file.read_bytes())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PipelineError("E019", file=str(file), problem=f"not valid YAML{where}") from error
    problem = _config_shape(data)
    if problem:
        raise PipelineError("E019", file=str(file), problem=problem)


def _config_shape(data: object) -> str:
    if data is None:
        return "the file is empty (or holds only comments)"
    if isinstance(data, dict):
        return ""
    kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
    return f"it holds {kind}, not a mapping of sections"


def check_config(config: Mapping[str, object], *, schema_path: str, file: str) -> None:
    """Raise one line per problem if config.yaml breaks its schema.

    config (Mapping): the loaded config.yaml.
    schema_path (str): workflow/schemas/config.schema.yaml.
    file (str): the config file's name, for messages.
    """
    import yaml

    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    raise_all(config_errors(config, schema, file=file, schema_path=schema_path))


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
    found = sorted(
        p for p in raw_dir.rglob("*") if p.is_file() and not _IGNORED_FILES.match(p.name)
    )
    for number, path in enumerate(found, start=1):
        relative = path.relative_to(raw_dir).as_posix()
        if relative not in listed:
            value = shown_file(relative)
            errors.append(
                PipelineError("E006", file=file, raw_dir=raw_dir, value=value, number=number)
            )
    return errors


def config_values(config: Mapping[str, object], key: str) -> list[str]:
    """Declared roles (keys), waves or sites as strings, in config order."""
    values = config.get(key, [])
    return [str(value) for value in values]  # type: ignore[union-attr]  # keys of a mapping


def make_private_dir(path: str | Path) -> None:
    """Create the folder for real names, readable by its owner only (also if it exists)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)


def check_private_dir(private_dir: str, *, file: str) -> None:
    """Refuse a private folder inside results/, which is shared and published."""
    private = Path(private_dir).resolve()
    results = Path("results").resolve()
    if private == results or results in private.parents:
        raise PipelineError("E203", file=file, value=private_dir)


def _people_names(participants_path: str | Path) -> dict[str, str]:
    """Folded names and name parts of every participant and interviewer -> where they are."""
    from qualpipe.common.speakers import fold, name_variants

    names: dict[str, str] = {}
    _, rows = read_table(Path(participants_path))
    for _, row in rows:
        for column in ("participant", "interviewer"):
            for name in filter(None, (n.strip() for n in row.get(column, "").split(";"))):
                where = f"{column} of interview {row['interview_id']}"
                for variant in name_variants(name) | {fold(name)}:
                    names.setdefault(variant, where)
    return names


def check_anonymisation_file(path: str, *, schema_path: str, participants_path: str) -> None:
    """Check data/anonymisation.yaml: its schema, its terms, and never-redact conflicts.

    path (str): data/anonymisation.yaml; a missing file is fine (nothing extra to redact).
    schema_path (str): workflow/schemas/anonymisation.schema.yaml.
    participants_path (str): participants.csv, whose names never_redact must not list.
    """
    import yaml
    from jsonschema import Draft202012Validator

    from qualpipe.common.speakers import fold

    file = Path(path)
    if not file.is_file():
        return
    text = file.read_text(encoding="utf-8")
    data, root = yaml.safe_load(text) or {}, yaml.compose(text)
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    errors = [
        PipelineError(
            "E205",
            file=path,
            line=_yaml_line(root, list(e.path)),
            problem=schema_problem(e),
            schema=schema_path,
        )
        for e in Draft202012Validator(schema).iter_errors(data)
    ]
    raise_all(errors)
    for index, entry in enumerate(data.get("redact") or []):
        term = entry["term"].strip()
        if sum(char.isalnum() for char in term) < 2:
            problem = "empty" if not term else "a single character"
            line = _yaml_line(root, ["redact", index, "term"])
            errors.append(PipelineError("E201", file=path, line=line, value=term, problem=problem))
    names = _people_names(participants_path)
    for index, word in enumerate(data.get("never_redact") or []):
        where = names.get(fold(word))
        if where:
            line = _yaml_line(root, ["never_redact", index])
            errors.append(PipelineError("E202", file=path, line=line, where=where))
    raise_all(errors)


# Columns that never reach the interviews' attributes (names; the raw file's path).
_NOT_ATTRIBUTES = ("participant", "interviewer", "file")


def interview_attributes(
    interviews: Mapping[str, Interview], config: Mapping[str, object]
) -> dict[str, dict[str, str]]:
    """The attributes comparisons see: participants.csv's columns without names, the role's
    group, and the site as anonymise.site_labels names it ('' when unlabelled)."""
    roles: Mapping[str, Mapping[str, str]] = config["roles"]  # type: ignore[assignment]
    labels: Mapping[str, str] = config["anonymise"]["site_labels"]  # type: ignore[index]
    found = {}
    for interview_id, interview in interviews.items():
        attributes = {k: v for k, v in interview.row.items() if k not in _NOT_ATTRIBUTES}
        attributes["group"] = roles.get(attributes["role"], {}).get("group", "")
        attributes["site"] = labels.get(attributes["site"], "")
        found[interview_id] = attributes
    return found


def _values_with_interviews(attributes: Sequence[Mapping[str, str]], variable: str) -> str:
    values = sorted({a.get(variable, "") for a in attributes} - {""}, key=_natural_key)
    return ", ".join(values) or "none"


def _natural_key(text: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def comparison_errors(
    comparison: Mapping[str, object],
    attributes: Mapping[str, Mapping[str, str]],
    *,
    file: str,
    participants: str,
) -> list[PipelineError]:
    """Problems of one compare.comparisons entry: unknown attributes, values without
    interviews (in the whole study or among those its 'where' keeps), a panel without pairs."""
    name, variable = str(comparison["id"]), str(comparison["variable"])
    known = set().union(*(a.keys() for a in attributes.values())) | {"group"}
    where: Mapping[str, str] = comparison.get("where", {})  # type: ignore[assignment]
    for key in (variable, *where):
        if key not in known:
            return [
                PipelineError(
                    "E024", file=file, comparison=name, variable=key, participants=participants
                )
            ]
    errors = []
    chosen = list(attributes.values())
    for key, value in where.items():
        kept = [a for a in chosen if a.get(key) == value]
        if not kept:
            allowed = _values_with_interviews(chosen, key)
            errors.append(_no_interviews(file, name, key, value, allowed, scope=""))
        chosen = kept
    if errors:
        return errors
    scope = "".join(f" with {key} '{value}'" for key, value in where.items())
    scope = f" of those{scope}" if scope else ""
    allowed = _values_with_interviews(chosen, variable)
    if variable == "site":
        allowed += " (sites are compared by their labels in anonymise.site_labels)"
    for value in comparison.get("values", []):  # type: ignore[attr-defined]
        if not any(a.get(variable) == value for a in chosen):
            errors.append(_no_interviews(file, name, variable, value, allowed, scope=scope))
    if comparison.get("panel") and not errors:
        errors.extend(_panel_errors(comparison, chosen, file=file, participants=participants))
    return errors


def _no_interviews(
    file: str, comparison: str, variable: str, value: str, allowed: str, *, scope: str
) -> PipelineError:
    return PipelineError(
        "E023",
        file=file,
        comparison=comparison,
        scope=scope,
        variable=variable,
        value=value,
        allowed=allowed,
    )


def _panel_errors(
    comparison: Mapping[str, object],
    chosen: Sequence[Mapping[str, str]],
    *,
    file: str,
    participants: str,
) -> list[PipelineError]:
    """A panel needs its person column, two values, and one person interviewed in both."""
    panel, variable = str(comparison["panel"]), str(comparison["variable"])
    values = [str(v) for v in comparison.get("values", [])]  # type: ignore[attr-defined]
    problem = ""
    if not any(panel in a for a in chosen):
        problem = f"is no column of {participants}"
    elif len(values) != 2:
        problem = f"needs exactly two values (found {len(values)})"
    else:
        persons = [{a.get(panel) for a in chosen if a.get(variable) == v} - {""} for v in values]
        if not persons[0] & persons[1]:
            problem = f"links no person interviewed in both '{values[0]}' and '{values[1]}'"
    if not problem:
        return []
    name = str(comparison["id"])
    return [PipelineError("E025", file=file, comparison=name, panel=panel, problem=problem)]


def check_settings(
    config: Mapping[str, object],
    interviews: Mapping[str, Interview],
    *,
    file: str,
    participants: str,
) -> None:
    """Check the settings that name the study's data against participants.csv, before any job:
    comparisons, merge.development and anonymise.site_labels (issue 13: a copied config
    must not run with the demo's groups, ids and sites).

    config (Mapping): config.yaml with the schema's defaults filled in.
    interviews (Mapping[str, Interview]): from load_participants.
    file (str): config.yaml's name; participants (str): the sheet's path, for messages.
    """
    errors: list[PipelineError] = []
    for value in config["merge"]["development"]:  # type: ignore[index]
        if value not in interviews:
            errors.append(PipelineError("E026", file=file, value=value, participants=participants))
    sites = list(dict.fromkeys(i.row["site"] for i in interviews.values()))
    for site in config["anonymise"]["site_labels"]:  # type: ignore[index]
        if site not in sites:
            allowed = ", ".join(sites)
            errors.append(
                PipelineError(
                    "E027", file=file, value=site, participants=participants, allowed=allowed
                )
            )
    attributes = interview_attributes(interviews, config)
    for comparison in config["compare"]["comparisons"]:  # type: ignore[index]
        errors.extend(
            comparison_errors(comparison, attributes, file=file, participants=participants)
        )
    raise_all(errors)
