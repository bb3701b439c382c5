"""The wave-change figure: for the persons interviewed in both waves, each code's presence
and rate in the first and the second wave, each marked by the test the tables give it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from qualpipe.codebook import Codebook
from qualpipe.common.methods import test_name
from qualpipe.common.style import OKABE_ITO
from qualpipe.compare.figures.layout import (
    Line,
    TableRow,
    add_basis_note,
    category_lines,
    category_rules,
    figure_height,
    label_column,
    new_figure,
    number,
    rate_axis,
    share_axis,
    top_legend,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, GREY, INK, STYLE


class _Ring(TypedDict):
    """How the first wave's marker is drawn: an open ring."""

    markersize: float
    markerfacecolor: str
    markeredgecolor: str
    markeredgewidth: float


FIRST_WAVE: _Ring = {
    "markersize": 5.0,
    "markerfacecolor": "none",
    "markeredgecolor": OKABE_ITO["orange"],
    "markeredgewidth": 1.1,
}
# panel.csv has no test column: McNemar's exact test is the panel's presence test.
PRESENCE_TEST, RATE_TEST = "mcnemar", "wilcoxon"


def wave_change_figure(
    panel_rows: Sequence[TableRow],
    rate_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    comparison: str | None = None,
    title: str = "",
    basis_note: str = "",
    alpha: float = 0.05,
) -> Figure:
    """Two panels of dumbbells, first wave to second: the share of panel persons with each
    code (marked by McNemar's test) and their median rate (marked by the rate test, Wilcoxon).

    A change the tables find in the rates only (a code voiced more often by persons who all
    mention it) is marked in its own panel (issue 17).
    panel_rows (Sequence[TableRow]): rows of panel.csv.
    rate_rows (Sequence[TableRow]): rows of rate_comparisons.csv of the same comparison.
    codebook (Codebook): gives the codes' order, labels and categories.
    comparison (str | None): which panel comparison, if the tables hold several.
    title (str): which persons (waves, n), above the figure; '' for none.
    basis_note (str): shown under the figure; '' for consensus codes.
    alpha (float): changes with q below it are marked.
    RETURNS (Figure): double-column width, one row per code under its category heading.
    """
    presence = _by_code(panel_rows, codebook, comparison=comparison, table="panel")
    rates = _by_code(rate_rows, codebook, comparison=comparison, table="rate")
    lines = category_lines(codebook, skip=set(codebook.ids) - (set(presence) & set(rates)))
    first = next(iter(presence.values()))
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, figure_height(lines, per_row=0.14, margin=1.3))
        shares, medians = figure.subplots(1, 2, sharey=True, width_ratios=(1.0, 1.0))
        _dumbbells(shares, lines, presence, _shares, alpha=alpha)
        _dumbbells(medians, lines, rates, _medians, alpha=alpha)
        label_column(shares, lines)
        marked = _marked(presence, PRESENCE_TEST, alpha)
        share_axis(shares, f"Persons with the code (%)\n\n{marked}")
        rate_axis(
            medians,
            "Median segments with the code\nper 1,000 respondent words\n"
            + _marked(rates, RATE_TEST, alpha),
        )
        for ax in (shares, medians):
            category_rules(ax, lines)
        handles = _wave_handles(first, alpha=alpha)
        top_legend(figure, handles, title=title)
        add_basis_note(figure, basis_note)
    return figure


def _by_code(
    rows: Sequence[TableRow], codebook: Codebook, *, comparison: str | None, table: str
) -> dict[str, TableRow]:
    """Code rows of a table by code id, in codebook order."""
    found = {
        str(row["id"]): row
        for row in rows
        if row["level"] == "code" and comparison in (None, row.get("comparison"))
    }
    chosen = {code: found[code] for code in codebook.ids if code in found}
    if not chosen:
        raise ValueError(f"{table} rows hold no code of the codebook (comparison {comparison})")
    return chosen


def _shares(row: TableRow) -> tuple[float, float]:
    return 100 * number(row["share_first"]), 100 * number(row["share_second"])


def _medians(row: TableRow) -> tuple[float, float]:
    first, second = (number(part) for part in str(row["median_rates"]).split("; "))
    return first, second


def _dumbbells(
    ax: Axes,
    lines: Sequence[Line],
    found: dict[str, TableRow],
    values: Callable[[TableRow], tuple[float, float]],
    *,
    alpha: float,
) -> None:
    """Each code's two values joined by a line, dark and thick when q < alpha."""
    for line in lines:
        if not line.code:
            continue
        first, second = values(found[line.code])
        marked = number(found[line.code]["q"]) < alpha
        ax.plot([first, second], [line.y, line.y], color=INK if marked else GREY,
                linewidth=1.6 if marked else 0.9, zorder=1, clip_on=False)  # fmt: skip
        # The first wave as a ring on top, so that an unchanged value shows both markers.
        ax.plot(second, line.y, "s", color=OKABE_ITO["blue"], markersize=3.4, zorder=2,
                clip_on=False)  # fmt: skip
        ax.plot(first, line.y, "o", zorder=3, clip_on=False, **FIRST_WAVE)


def _marked(found: dict[str, TableRow], default: str, alpha: float) -> str:
    """What a dark line means in a panel: the test(s) of its rows, by name."""
    tests = dict.fromkeys(str(row.get("test") or default) for row in found.values())
    names = " or ".join(test_name(test) for test in tests)
    return f"dark: q < {alpha:g}, {names}"


def _wave_handles(row: TableRow, *, alpha: float) -> list[Line2D]:
    return [
        Line2D([], [], marker="o", linestyle="", label=f"{row['first']}", **FIRST_WAVE),
        Line2D([], [], marker="s", linestyle="", color=OKABE_ITO["blue"], markersize=3.4,
               label=f"{row['second']}"),
        Line2D([], [], color=INK, linewidth=1.6, label=f"Change with q < {alpha:g}"),
        Line2D([], [], color=GREY, linewidth=0.9, label=f"q \u2265 {alpha:g}"),
    ]  # fmt: skip
