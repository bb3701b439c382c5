"""The prevalence figures: a dot plot of two or a few values, a heatmap of many."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure

from qualpipe.codebook import Codebook
from qualpipe.common.style import PALETTE
from qualpipe.compare.figures.layout import (
    Line,
    TableRow,
    add_basis_note,
    add_colorbar,
    category_lines,
    category_rules,
    cell_mesh,
    figure_height,
    label_column,
    new_figure,
    number,
    row_edges,
    share_axis,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, INK, MARKERS, ROW_HEIGHT, STYLE


def prevalence_figure(
    prevalence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] = ("officials", "managers"),
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Dot plot: share of interviews with each code, with Wilson 95% intervals, by value.

    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv.
    codebook (Codebook): gives the codes' order, labels and categories.
    variable (str): the attribute compared, e.g. 'group' or 'wave'.
    values (Sequence[str]): its values to show, one colour and marker each.
    basis_note (str): shown under the figure; '' for consensus codes.
    value_labels (Mapping[str, str] | None): legend names of the values.
    RETURNS (Figure): double-column width, one row per code under its category heading.
    """
    found = _prevalence(prevalence_rows, variable=variable, values=values)
    lines = category_lines(codebook)
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, figure_height(lines, per_row=0.1 + 0.03 * len(values)))
        ax = figure.add_subplot()
        for index, value in enumerate(values):
            label = _legend_label(value, found, value_labels)
            _intervals(ax, lines, found, value=value, index=index, of=len(values), label=label)
        label_column(ax, lines)
        share_axis(ax, "Interviews with the code (%), with 95% Wilson interval")
        category_rules(ax, lines)
        figure.legend(loc="outside upper center", ncols=len(values))
        add_basis_note(figure, basis_note)
    return figure


def heatmap_figure(
    prevalence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] | None = None,
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Heatmap of codes by value: share of interviews with the code, cells annotated in %.

    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv.
    codebook (Codebook): gives the codes' order, labels and categories.
    variable (str): the attribute compared, e.g. 'group'.
    values (Sequence[str] | None): the columns, in order; None for all in table order.
    basis_note (str): shown under the figure; '' for consensus codes.
    value_labels (Mapping[str, str] | None): column names of the values.
    RETURNS (Figure): as wide as its columns need, at most double-column width.
    """
    values = list(values) if values is not None else _values(prevalence_rows, variable)
    found = _prevalence(prevalence_rows, variable=variable, values=values)
    lines = category_lines(codebook)
    shares = _share_matrix(lines, found, values)
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, figure_height(lines, per_row=ROW_HEIGHT) + 0.3)
        ax = figure.add_subplot()
        mesh = cell_mesh(ax, shares, x=np.arange(len(values) + 1), y=row_edges(lines), vmax=100)
        _annotate(ax, mesh, shares)
        column = label_column(ax, lines)
        labels = [_legend_label(value, found, value_labels, sep="\n") for value in values]
        ax.set_xticks(np.arange(len(values)) + 0.5, labels)
        ax.tick_params(axis="x", length=0, labeltop=True, labelbottom=False)
        add_colorbar(figure, ax, mesh, "Interviews with the code (%)")
        add_basis_note(figure, basis_note)
        # Cells 0.6 inch wide: at double-column width two columns would be stretched to 2 inches.
        figure.set_figwidth(min(DOUBLE_COLUMN, column / 72 + 0.6 * len(values) + 1.0))
    return figure


def _values(rows: Sequence[TableRow], variable: str) -> list[str]:
    return list(dict.fromkeys(str(row["value"]) for row in rows if row["variable"] == variable))


def _prevalence(
    rows: Sequence[TableRow], *, variable: str, values: Sequence[str]
) -> dict[tuple[str, str], TableRow]:
    """Code rows of prevalence.csv by (value, code id); checks values and shares."""
    chosen = [row for row in rows if row["level"] == "code" and row["variable"] == variable]
    found = {(str(row["value"]), str(row["id"])): row for row in chosen}
    if len(found) < len(chosen):
        raise ValueError(
            f"prevalence rows hold a {variable} value and code more than once (several "
            "subsets of interviews?); pass the rows of one comparison"
        )
    present = sorted({value for value, _ in found})
    missing = [value for value in values if value not in present]
    if missing or not values:
        raise ValueError(f"prevalence rows lack {variable}={missing}; present: {present}")
    if any(number(row["share"]) > 1 for row in found.values()):
        raise ValueError("prevalence shares must be proportions between 0 and 1")
    return found


def _legend_label(
    value: str,
    found: Mapping[tuple[str, str], TableRow],
    names: Mapping[str, str] | None,
    *,
    sep: str = " ",
) -> str:
    name = (names or {}).get(value) or value.replace("_", " ")
    if sep == "\n":
        name = textwrap.fill(name, width=12)
    sizes = {int(number(row["interviews"])) for (v, _), row in found.items() if v == value}
    n = f"{sep}(n = {sizes.pop()})" if len(sizes) == 1 else ""
    return name[:1].upper() + name[1:] + n


def _intervals(
    ax: Axes,
    lines: Sequence[Line],
    found: Mapping[tuple[str, str], TableRow],
    *,
    value: str,
    index: int,
    of: int,
    label: str,
) -> None:
    """One value's points and intervals, nudged within each row so values do not overlap."""
    rows = [(line.y, found[(value, line.code)]) for line in lines if (value, line.code) in found]
    offset = (index - (of - 1) / 2) * min(0.22, 0.7 / of)
    y = np.array([y for y, _ in rows]) + offset
    share, low, high = (
        np.array([100 * number(row[key]) for _, row in rows])
        for key in ("share", "share_low", "share_high")
    )
    ax.errorbar(
        share,
        y,
        xerr=np.abs(np.vstack([share - low, high - share])),
        fmt=MARKERS[index % len(MARKERS)],
        color=PALETTE[index % len(PALETTE)],
        markeredgecolor="white",
        markersize=4.2,
        elinewidth=0.9,
        capsize=0,
        label=label,
    )


def _share_matrix(
    lines: Sequence[Line], found: Mapping[tuple[str, str], TableRow], values: Sequence[str]
) -> np.ndarray:
    shares = np.full((len(lines), len(values)), np.nan)
    for line in lines:
        for column, value in enumerate(values):
            if (value, line.code) in found:
                shares[int(line.y), column] = 100 * number(found[(value, line.code)]["share"])
    return shares


def _annotate(ax: Axes, mesh: QuadMesh, shares: np.ndarray) -> None:
    """Percentages in the cells, dark on light cells and white on dark ones."""
    colours = mesh.to_rgba(shares)
    for (row, column), share in np.ndenumerate(shares):
        if math.isnan(share):
            continue
        red, green, blue, _ = colours[row, column]
        ink = INK if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"
        ax.text(column + 0.5, row, f"{share:.0f}", ha="center", va="center", color=ink)
