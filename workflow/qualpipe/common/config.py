"""config.yaml checked before any job: its shape, its schema, the values it declares, and the
settings that name the study's data (checked against participants.csv).

Validators collect every problem and raise once, one line per problem. This module is imported
when the Snakefile is parsed: it stays light (pathlib, PyYAML, jsonschema; no pandas, no spaCy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from qualpipe.common.study import Interview
from qualpipe.errors import PipelineError, raise_all, schema_problem


def config_errors(
    config: Mapping[str, object], schema: Mapping[str, object], *, file: str, schema_path: str
) -> list[PipelineError]:
    """Check config.yaml against its JSON schema; one error per problem, with its key path."""
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
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    raise_all(config_errors(config, schema, file=file, schema_path=schema_path))


def config_values(config: Mapping[str, object], key: str) -> list[str]:
    """Declared roles (keys), waves or sites as strings, in config order."""
    values = config[key]  # required by the schema: roles a mapping, waves and sites lists
    if not isinstance(values, Mapping | list):
        raise TypeError(f"config '{key}' is a {type(values).__name__}: was it validated?")
    return [str(value) for value in values]  # a mapping's keys, a list's items


def check_private_dir(private_dir: str, *, file: str) -> None:
    """Refuse a private folder inside results/, which is shared and published."""
    private = Path(private_dir).resolve()
    results = Path("results").resolve()
    if private == results or results in private.parents:
        raise PipelineError("E203", file=file, value=private_dir)


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


def settings_errors(
    config: Mapping[str, object],
    interviews: Mapping[str, Interview],
    *,
    file: str,
    participants: str,
) -> list[PipelineError]:
    """The settings that name the study's data, checked against participants.csv:
    comparisons, merge.development and anonymise.site_labels (issue 13: a copied config
    must not run with the demo's groups, ids and sites).

    config (Mapping): config.yaml with the schema's defaults filled in.
    interviews (Mapping[str, Interview]): from load_participants.
    file (str): config.yaml's name; participants (str): the sheet's path, for messages.
    RETURNS (list[PipelineError]): one error per problem; empty when the settings fit.
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
    return errors


def check_settings(
    config: Mapping[str, object],
    interviews: Mapping[str, Interview],
    *,
    file: str,
    participants: str,
) -> None:
    """Raise one line per problem if the settings do not fit participants.csv, before any job
    (`settings_errors`)."""
    raise_all(settings_errors(config, interviews, file=file, participants=participants))
