"""The line above each figure that says which interviews it shows: wave and n (issue 17)."""

from __future__ import annotations

from collections.abc import Sequence

from qualpipe.compare.figures.layout import TableRow, number
from qualpipe.compare.plan import Comparison


def comparison_title(
    comparison: Comparison, prevalence_rows: Sequence[TableRow], rows: Sequence[TableRow]
) -> str:
    """'Wave 2013: 44 interviews', or for a panel 'Wave 2013 vs 2014: the 21 persons
    interviewed in both'.

    comparison (Comparison): the figure's comparison, its 'where' naming the subset.
    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv (the interviews per value).
    rows (Sequence[TableRow]): the comparison's rows of the figure's own table (panel.csv's
        give the persons).
    RETURNS (str): one line.
    """
    if comparison.panel:
        persons = max((int(number(row["persons"])) for row in rows), default=0)
        first, second = comparison.values[:2]
        variable = comparison.variable.replace("_", " ")
        return (
            f"{variable[:1].upper()}{variable[1:]} {first} vs {second}: "
            f"the {persons} persons interviewed in both"
        )
    sizes = {
        str(row["value"]): int(number(row["interviews"]))
        for row in prevalence_rows
        if row["comparison"] == comparison.id and row["value"] in comparison.values
    }
    subset = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in comparison.where)
    subset = f"{subset[:1].upper()}{subset[1:]}" if subset else "All interviews"
    return f"{subset}: {sum(sizes.values())} interviews"


def study_title(prevalence_rows: Sequence[TableRow], table1_rows: Sequence[TableRow]) -> str:
    """'All waves (2013, 2014): 78 interviews': the whole study, for co-occurrence.

    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv (variable 'all' gives n).
    table1_rows (Sequence[TableRow]): rows of table1_material.csv (the waves).
    RETURNS (str): one line.
    """
    n = next((int(number(r["interviews"])) for r in prevalence_rows if r["variable"] == "all"), 0)
    waves = sorted({str(row.get("wave", "")) for row in table1_rows} - {""})
    if len(waves) > 1:
        return f"All waves ({', '.join(waves)}): {n} interviews"
    return f"Wave {waves[0]}: {n} interviews" if waves else f"All interviews: {n}"
