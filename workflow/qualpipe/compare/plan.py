"""Which comparisons the study asks for, and which figure shows which: read from config.

Light on purpose: common.smk calls `figure_plan` while Snakemake parses the workflow, so this
module imports no numerical, tabular or plotting library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Required, TypedDict


class ComparisonConfig(TypedDict, total=False):
    """One item of config compare.comparisons, as the schema allows it."""

    id: Required[str]
    variable: Required[str]
    values: Sequence[str]
    where: Mapping[str, str]
    panel: str
    label: str


@dataclass(frozen=True)
class Comparison:
    """One comparison from config: which interviews, split by which attribute."""

    id: str
    variable: str
    values: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    panel: str = ""
    # How tables title it; '' derives a title from the rest (compare.labels).
    label: str = ""


def comparisons_from(config: Sequence[ComparisonConfig]) -> list[Comparison]:
    """The comparisons of config compare.comparisons, in config order."""
    return [
        Comparison(
            id=str(c["id"]),
            variable=str(c["variable"]),
            values=tuple(str(v) for v in c.get("values", ())),
            where=tuple(sorted((str(k), str(v)) for k, v in dict(c.get("where", {})).items())),
            panel=str(c.get("panel", "")),
            label=str(c.get("label", "")),
        )
        for c in config
    ]


FIGURES = ("prevalence", "rates", "heatmap", "wave_change", "cooccurrence", "table1")


def figure_plan(comparisons: Sequence[ComparisonConfig]) -> dict[str, Comparison | None]:
    """Which figure shows which comparison: the first two-value comparison gives the
    prevalence dot plot and the rate figure, the first of more values the heatmap, the first
    panel the wave change; co-occurrence and Table 1 are always drawn.

    RETURNS (dict[str, Comparison | None]): figure name -> its comparison, in FIGURES order.
    """
    planned = comparisons_from(comparisons)
    pair = next((c for c in planned if not c.panel and len(c.values) == 2), None)
    several = next((c for c in planned if not c.panel and len(c.values) != 2), None)
    panel = next((c for c in planned if c.panel), None)
    chosen = {"prevalence": pair, "rates": pair, "heatmap": several, "wave_change": panel}
    plan = {name: chosen.get(name) for name in FIGURES}
    return {name: c for name, c in plan.items() if c is not None or name not in chosen}
