"""The interviews as text sources, and one case per participant with their variables."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualpipe.common.refi import guid

# The participant attributes exported as Text variables, in this order.
VARIABLES = ("role", "group", "site", "wave", "mode")
VARIABLE_DESCRIPTIONS = {
    "role": "The participant's role (config roles).",
    "group": "The comparison group of the role (config roles.<role>.group).",
    "site": "The office or unit, as numbered in the anonymised transcripts.",
    "wave": "The data-collection wave.",
    "mode": "How the interview was held.",
}
JOIN = "; "  # joins a person's differing values (wave 2013 and 2014) and a case's names


@dataclass(frozen=True)
class Source:
    """One interview as a text source.

    interview (str): its id. text (str): the anonymised transcript, exactly as stored.
    person (str): the participant's id (the interview id when there is none).
    attribution (str): how the anonymised transcript names the respondent.
    values (dict[str, str]): its VARIABLES values ('' when unknown).
    """

    interview: str
    text: str
    person: str
    attribution: str
    values: dict[str, str]


@dataclass(frozen=True)
class Case:
    """One participant: person id, name, joined variable values and their interviews."""

    person: str
    name: str
    values: dict[str, str]
    interviews: tuple[str, ...]


def source_guid(interview: str) -> str:
    """The GUID of an interview's text source; also names its file in sources/."""
    return guid("source", interview)


def variable_values(attributes: Mapping[str, str], *, groups: Mapping[str, str]) -> dict[str, str]:
    """An interview's VARIABLES values; group comes from its role (config roles.<role>.group).

    attributes (Mapping[str, str]): the anonymised document's attributes.
    groups (Mapping[str, str]): role -> group.
    RETURNS (dict[str, str]): variable -> value ('' when unknown).
    """
    values = {name: str(attributes.get(name, "")) for name in VARIABLES}
    values["group"] = groups.get(values["role"], "")
    return values


def attribution(document: Mapping) -> str:
    """How the anonymised transcript names its respondent(s), joined; '' if no one answers."""
    labels = (t["speaker"] for t in document["turns"] if t["kind"] == "respondent")
    return JOIN.join(dict.fromkeys(labels))


def read_source(document_path: str, text_path: str, *, groups: Mapping[str, str]) -> Source:
    """One interview from its anonymised document (.json) and transcript (.txt)."""
    document = json.loads(Path(document_path).read_text(encoding="utf-8"))
    attributes = document.get("attributes", {})
    interview = document["interview_id"]
    return Source(
        interview=interview,
        # Decoded as stored: a CR LF stays two code points, as the segment offsets count it.
        text=Path(text_path).read_bytes().decode("utf-8"),
        person=attributes.get("person_id") or interview,
        attribution=attribution(document),
        values=variable_values(attributes, groups=groups),
    )


def build_cases(sources: Sequence[Source]) -> list[Case]:
    """One case per participant, in order of first interview; differing values joined.

    RETURNS (list[Case]): e.g. wave '2013; 2014' for a person interviewed in both waves.
    """
    by_person: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_person[source.person].append(source)
    return [
        Case(
            person=person,
            name=_joined(s.attribution for s in held) or person,
            values={name: _joined(s.values[name] for s in held) for name in VARIABLES},
            interviews=tuple(s.interview for s in held),
        )
        for person, held in by_person.items()
    ]


def _joined(values: Iterable[str]) -> str:
    return JOIN.join(dict.fromkeys(v for v in values if v))


def load_sources(
    documents: Sequence[str], texts: Sequence[str], *, groups: Mapping[str, str]
) -> list[Source]:
    """Every interview, in the order of `documents`; each .txt is found by its file stem."""
    by_stem = {Path(path).stem: path for path in texts}
    return [read_source(path, by_stem[Path(path).stem], groups=groups) for path in documents]
