"""What a new study's participants.csv says about its design: the roles, waves and sites it
holds, who was interviewed in which wave, and the comparisons that design allows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from qualpipe.common.participants import REQUIRED_COLUMNS, read_table
from qualpipe.common.study import load_participants
from qualpipe.errors import PipelineError, raise_all, shown

_ROLE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PANEL_COLUMN = "person_id"


@dataclass(frozen=True)
class Design:
    """What participants.csv says about the study's design.

    roles, sites (list[str]): as written in the sheet, in order of first appearance.
    waves (list[str]): in time order (by each wave's earliest interview date).
    roles_by_wave (dict[str, list[str]]): the roles interviewed in each wave.
    persons_by_wave (dict[str, set[str]]): the person_id values of each wave (empty without
        a person_id column).
    """

    roles: list[str]
    waves: list[str]
    sites: list[str]
    roles_by_wave: dict[str, list[str]]
    persons_by_wave: dict[str, set[str]]


def _first_seen(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def read_design(participants: Path, *, transcripts: Path) -> Design:
    """Read participants.csv and check it against the data contract and the transcripts.

    participants (Path): the sheet, one row per interview.
    transcripts (Path): the folder the sheet's 'file' column is relative to.
    RETURNS (Design): the roles, waves and sites found, and who was interviewed when.
    """
    header, rows = read_table(participants)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise PipelineError("E002", file=participants, columns=", ".join(missing))
    raise_all(design_errors(rows, file=str(participants)))
    roles = _first_seen([row["role"] for _, row in rows])
    sites = _first_seen([row["site"] for _, row in rows])
    waves = _first_seen([row["wave"] for _, row in rows])
    load_participants(participants, raw_dir=transcripts, roles=roles, waves=waves, sites=sites)
    first_date = {w: min(r["date"] for _, r in rows if r["wave"] == w) for w in waves}
    waves = sorted(waves, key=lambda w: (first_date[w], _natural(w)))
    return Design(
        roles=roles,
        waves=waves,
        sites=sites,
        roles_by_wave={
            w: _first_seen([r["role"] for _, r in rows if r["wave"] == w]) for w in waves
        },
        persons_by_wave={
            w: {r.get(PANEL_COLUMN, "") for _, r in rows if r["wave"] == w} - {""} for w in waves
        },
    )


def design_errors(
    rows: Sequence[tuple[int, Mapping[str, str]]], *, file: str
) -> list[PipelineError]:
    """Values that cannot become config.yaml's roles, waves and sites."""
    errors = [
        PipelineError("E021", file=file, row=line, value=shown(row["role"]))
        for line, row in rows
        if not _ROLE_KEY.match(row["role"])
    ]
    for line, row in rows:
        for column in ("site", "wave"):
            if not row[column]:
                errors.append(
                    PipelineError(
                        "E001", file=file, row=line, column=column, problem="empty",
                        value="''", allowed=f"any name for the {column}",
                    )
                )  # fmt: skip
    return errors


def _natural(text: str) -> tuple[object, ...]:
    """'wave 10' after 'wave 9'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def slug(text: str) -> str:
    """Lower-case letters, digits and '_' ('Spring 2020' -> 'spring_2020')."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


def comparisons(design: Design) -> list[dict[str, object]]:
    """The comparisons the design allows, in the form of compare.comparisons.

    Groups (one per role) within the first wave that interviewed two roles or more; the waves,
    paired by person_id when persons were interviewed in two waves (a panel), else unpaired.
    """
    planned: list[dict[str, object]] = []
    wave = next((w for w in design.waves if len(design.roles_by_wave[w]) >= 2), None)
    if wave is not None:
        groups = [role for role in design.roles if role in design.roles_by_wave[wave]]
        comparison: dict[str, object] = {"id": "groups", "variable": "group", "values": groups}
        if len(design.waves) > 1:
            comparison = {**comparison, "id": f"groups_{slug(wave)}", "where": {"wave": wave}}
        planned.append(comparison)
    pair = panel_waves(design)
    if pair is not None:
        first, second = pair
        planned.append(
            {
                "id": f"wave_{slug(first)}_vs_{slug(second)}",
                "variable": "wave",
                "values": [first, second],
                "panel": PANEL_COLUMN,
            }
        )
    elif len(design.waves) > 1:
        planned.append({"id": "waves", "variable": "wave", "values": list(design.waves)})
    return planned


def panel_waves(design: Design) -> tuple[str, str] | None:
    """The two waves sharing the most persons (the earlier pair on a tie), or None."""
    shared = {
        (a, b): len(design.persons_by_wave[a] & design.persons_by_wave[b])
        for a, b in combinations(design.waves, 2)
    }
    best = max(shared.values(), default=0)
    return next((pair for pair, count in shared.items() if count == best), None) if best else None
