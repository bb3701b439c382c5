"""The wave-change figure: each code's share of panel persons in the first and second wave."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypedDict

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from qualpipe.codebook import Codebook
from qualpipe.common.style import OKABE_ITO
from qualpipe.compare.figures.layout import (
    TableRow,
    add_basis_note,
    new_figure,
    number,
    share_axis,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, GREY, INK, ROW_HEIGHT, STYLE


class _Ring(TypedDict):
    """How the first wave's marker is drawn: an open ring."""

    markersize: float
    markerfacecolor: str
    markeredgecolor: str
    markeredgewidth: float


FIRST_WAVE: _Ring = {
    "markersize": 6.0,
    "markerfacecolor": "none",
    "markeredgecolor": OKABE_ITO["orange"],
    "markeredgewidth": 1.2,
}


def wave_change_figure(
    panel_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    comparison: str | None = None,
    basis_note: str = "",
    alpha: float = 0.05,
) -> Figure:
    """Dumbbells: share of panel persons with each code in the first and second wave.

    panel_rows (Sequence[TableRow]): rows of panel.csv.
    codebook (Codebook): gives the codes and their labels.
    comparison (str | None): which panel comparison, if panel.csv holds several.
    basis_note (str): shown under the figure; '' for consensus codes.
    alpha (float): codes with q below it are marked.
    RETURNS (Figure): double-column width, codes ordered by change (largest fall on top).
    """
    found = _panel(panel_rows, codebook, comparison=comparison)
    order = sorted(found, key=lambda code: (_change(found[code]), codebook.ids.index(code)))
    first = found[order[0]]
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, ROW_HEIGHT * len(order) + 1.0)
        ax = figure.add_subplot()
        marked = [_dumbbell(ax, y, found[code], alpha=alpha) for y, code in enumerate(order)]
        labels = [
            codebook.code(code).label + (" *" if mark else "")
            for code, mark in zip(order, marked, strict=True)
        ]
        ax.set_yticks(range(len(order)), labels)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        persons = int(number(first["persons"]))
        share_axis(ax, f"Persons interviewed in both waves with the code (%), n = {persons}")
        handles = _wave_handles(first, alpha=alpha)
        figure.legend(handles=handles, loc="outside upper center", ncols=len(handles))
        add_basis_note(figure, basis_note)
    return figure


def _panel(
    rows: Sequence[TableRow], codebook: Codebook, *, comparison: str | None
) -> dict[str, TableRow]:
    """Code rows of panel.csv by code id, in codebook order."""
    found = {
        str(row["id"]): row
        for row in rows
        if row["level"] == "code" and comparison in (None, row.get("comparison"))
    }
    chosen = {code: found[code] for code in codebook.ids if code in found}
    if not chosen:
        raise ValueError(f"panel rows hold no code of the codebook (comparison {comparison})")
    return chosen


def _change(row: TableRow) -> float:
    change = number(row["share_second"]) - number(row["share_first"])
    return 0.0 if math.isnan(change) else change


def _dumbbell(ax: Axes, y: int, row: TableRow, *, alpha: float) -> bool:
    """One code's two shares joined by a line, dark when the change is marked (q < alpha).

    RETURNS (bool): whether it was marked.
    """
    first, second = 100 * number(row["share_first"]), 100 * number(row["share_second"])
    marked = number(row["q"]) < alpha
    ax.plot(
        [first, second],
        [y, y],
        color=INK if marked else GREY,
        linewidth=1.4 if marked else 1.0,
        zorder=1,
    )
    # The first wave as a ring on top, so that an unchanged share shows both markers.
    ax.plot(second, y, "s", color=OKABE_ITO["blue"], markersize=3.8, zorder=2)
    ax.plot(first, y, "o", zorder=3, **FIRST_WAVE)
    return marked


def _wave_handles(row: TableRow, *, alpha: float) -> list[Line2D]:
    return [
        Line2D([], [], marker="o", linestyle="", label=f"{row['first']}", **FIRST_WAVE),
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            color=OKABE_ITO["blue"],
            markersize=3.8,
            label=f"{row['second']}",
        ),
        Line2D(
            [],
            [],
            color=INK,
            linewidth=1.4,
            label=f"* Change with q < {alpha:g} (McNemar exact test)",
        ),
    ]
