"""The study's findings in words, computed from the comparison and agreement tables.

The report's first screen states one finding per comparison of config compare.comparisons:
which codes are voiced at different rates (q < 0.05 in results/tables/rate_comparisons.csv),
in which direction, with the groups' medians. Nothing here is written by hand: a study with
other data gets other sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualpipe.common.io import restore_cell
from qualpipe.common.labels import joined
from qualpipe.common.methods import test_name

ALPHA = 0.05
# How many codes a finding names in each direction; the tables list them all.
NAMED = 3

Row = Mapping[str, str]


@dataclass(frozen=True)
class Effect:
    """One code that differs: its label, each value's median rate and the q-value."""

    label: str
    medians: tuple[float, ...]
    q: float


@dataclass(frozen=True)
class Finding:
    """One comparison in words: a title, its material and the codes that differ."""

    comparison: str
    title: str
    material: str
    test: str
    codes: int
    values: tuple[str, ...]
    effects: tuple[Effect, ...]
    smallest_q: float | None


def _parts(text: str) -> list[str]:
    """The parts of a cell that lists one item per compared value ('24; 20')."""
    return [restore_cell(part.strip()) for part in text.split(";") if part.strip()]


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _effect(row: Row) -> Effect:
    medians = tuple(float(value) for value in _parts(row["median_rates"]))
    return Effect(label=restore_cell(row["label"]), medians=medians, q=float(row["q"]))


def _material(row: Row) -> str:
    """'24 and 20 interviews' or '21 persons', from the interviews column."""
    parts = _parts(row["interviews"])
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]} interviews"


def comparison_title(
    values: Sequence[str], *, where: Mapping[str, str], labels: Mapping[str, str]
) -> str:
    """A comparison in words: its values by their labels, then what it is restricted to.

    values (Sequence[str]): the compared values of config compare.comparisons.
    where (Mapping[str, str]): the comparison's restriction (attribute -> value).
    labels (Mapping[str, str]): group id -> label (sites and waves are their own labels).
    RETURNS (str): e.g. 'Insurance officials vs Unit managers (wave 2013)'.
    """
    named = [labels.get(value, value) for value in values]
    title = " vs ".join(named) if len(named) == 2 else joined(named)
    scope = [
        f"wave {value}" if key == "wave" else labels.get(value, value)
        for key, value in sorted(where.items())
    ]
    title = title[:1].upper() + title[1:]
    return f"{title} ({', '.join(scope)})" if scope else title


def finding(rows: Sequence[Row], *, comparison: str, title: str) -> Finding | None:
    """The codes of one comparison that differ at q < 0.05, strongest first.

    rows (Sequence[Row]): rate_comparisons.csv, all comparisons.
    RETURNS (Finding | None): None when the table has no row of this comparison.
    """
    codes = [r for r in rows if r["comparison"] == comparison and r["level"] == "code"]
    tested = [r for r in codes if r["q"].strip()]
    if not codes:
        return None
    differing = sorted((r for r in tested if float(r["q"]) < ALPHA), key=lambda r: float(r["q"]))
    return Finding(
        comparison=comparison,
        title=title,
        material=_material(codes[0]),
        test=test_name(codes[0]["test"]),
        codes=len(codes),
        values=tuple(_parts(codes[0]["values"])),
        effects=tuple(_effect(r) for r in differing),
        smallest_q=min((float(r["q"]) for r in tested), default=None),
    )


def higher_in(effect: Effect) -> int | None:
    """Index of the value with the highest median rate; None when medians tie."""
    top = max(effect.medians, default=0.0)
    winners = [i for i, median in enumerate(effect.medians) if median == top]
    return winners[0] if len(winners) == 1 else None


def by_direction(found: Finding) -> dict[int | None, list[Effect]]:
    """The differing codes grouped by the value that voices them most, strongest first."""
    groups: dict[int | None, list[Effect]] = {}
    for effect in found.effects:
        groups.setdefault(higher_in(effect), []).append(effect)
    return groups


@dataclass(frozen=True)
class Agreement:
    """Overall agreement of the coders and the codes they agreed on least."""

    kappa: float | None
    low: float | None
    high: float | None
    units: int
    interview_kappa: float | None
    weakest: tuple[tuple[str, float], ...]


def agreement(rows: Sequence[Row], *, labels: Mapping[str, str]) -> Agreement | None:
    """Cohen's kappa over all codes at segment and interview level, and the weakest codes.

    rows (Sequence[Row]): results/tables/agreement.csv.
    labels (Mapping[str, str]): code id -> label.
    RETURNS (Agreement | None): None when the table has no overall segment row.
    """
    overall = {r["level"]: r for r in rows if r["code"] == "overall"}
    segment = overall.get("segment")
    if segment is None:
        return None
    coded = [r for r in rows if r["level"] == "segment" and r["code"] != "overall" and r["kappa"]]
    weakest = sorted(coded, key=lambda r: float(r["kappa"]))[:NAMED]
    units = [int(r["units"]) for r in coded]
    return Agreement(
        kappa=_number(segment["kappa"]),
        low=_number(segment["kappa_low"]),
        high=_number(segment["kappa_high"]),
        units=max(units, default=0),
        interview_kappa=_number(overall["interview"]["kappa"]) if "interview" in overall else None,
        weakest=tuple((labels.get(r["code"], r["code"]), float(r["kappa"])) for r in weakest),
    )


def code_labels(rows: Sequence[Row]) -> dict[str, str]:
    """Code id -> label, from any table with id and label columns."""
    return {r["id"]: restore_cell(r["label"]) for r in rows if r.get("level") == "code"}
