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
    add_title,
    category_lines,
    category_rules,
    cell_ink,
    cell_mesh,
    figure_height,
    label_column,
    new_figure,
    number,
    rate_axis,
    row_edges,
    share_axis,
    top_legend,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, MARKERS, ROW_HEIGHT, STYLE


def prevalence_figure(
    prevalence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] = ("officials", "managers"),
    title: str = "",
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Two panels by value: share of interviews with each code (Wilson 95% interval), and
    coded segments per 1,000 respondent words over the value's interviews pooled.

    Presence saturates in long interviews (nearly every one mentions nearly every code); the
    rate beside it still shows how much each group speaks of the code (issue 17).
    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv.
    codebook (Codebook): gives the codes' order, labels and categories.
    variable (str): the attribute compared, e.g. 'group' or 'wave'.
    values (Sequence[str]): its values to show, one colour and marker each.
    title (str): which interviews (wave, n), above the figure; '' for none.
    basis_note (str): shown under the figure; '' for consensus codes.
    value_labels (Mapping[str, str] | None): legend names of the values.
    RETURNS (Figure): double-column width, one row per code under its category heading.
    """
    found = _prevalence(prevalence_rows, variable=variable, values=values)
    lines = category_lines(codebook)
    per_row = 0.12 + 0.05 * len(values)
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, figure_height(lines, per_row=per_row, margin=1.1))
        shares, rates = figure.subplots(1, 2, sharey=True, width_ratios=(1.0, 0.8))
        for index, value in enumerate(values):
            label = _legend_label(value, found, value_labels)
            _intervals(shares, lines, found, value=value, index=index, of=len(values), label=label)
            _rates(rates, lines, found, value=value, index=index, of=len(values))
        label_column(shares, lines)
        share_axis(shares, "Interviews with the code (%),\nwith 95% Wilson interval")
        rate_axis(rates, "Segments with the code per 1,000\nrespondent words, interviews pooled")
        for ax in (shares, rates):
            category_rules(ax, lines)
        top_legend(figure, shares.get_legend_handles_labels()[0], title=title)
        add_basis_note(figure, basis_note)
    return figure


def heatmap_figure(
    prevalence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] | None = None,
    title: str = "",
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Heatmap of codes by value: share of interviews with the code as colour, each cell
    annotated with its count k/n, so that 2/4 is not read as firmly as 12/24 (issue 17).

    prevalence_rows (Sequence[TableRow]): rows of prevalence.csv.
    codebook (Codebook): gives the codes' order, labels and categories.
    variable (str): the attribute compared, e.g. 'group'.
    values (Sequence[str] | None): the columns, in order; None for all in table order.
    title (str): which interviews (wave, n), above the figure; '' for none.
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
        _annotate(ax, mesh, shares, _count_matrix(lines, found, values))
        column = label_column(ax, lines)
        labels = [_legend_label(value, found, value_labels, sep="\n") for value in values]
        ax.set_xticks(np.arange(len(values)) + 0.5, labels)
        ax.tick_params(axis="x", length=0, labeltop=True, labelbottom=False)
        add_colorbar(figure, ax, mesh, "Interviews with the code (%)")
        add_title(figure, title)
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
    y = np.array([y for y, _ in rows]) + _nudge(index, of)
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
    # A share of 0 or 100% sits on the axis' edge: drawn whole, never cut (issue 17).
    for artist in ax.containers[-1].get_children():
        artist.set_clip_on(False)


def _nudge(index: int, of: int) -> float:
    """Offset of the index-th value within a row (in rows), so that markers do not touch."""
    return (index - (of - 1) / 2) * min(0.3, 0.8 / of)


def _rates(
    ax: Axes,
    lines: Sequence[Line],
    found: Mapping[tuple[str, str], TableRow],
    *,
    value: str,
    index: int,
    of: int,
) -> None:
    """One value's pooled rate per code: segments with the code per 1,000 words."""
    rows = [(line.y, found[(value, line.code)]) for line in lines if (value, line.code) in found]
    ax.plot(
        [number(row["per_1000_words"]) for _, row in rows],
        np.array([y for y, _ in rows]) + _nudge(index, of),
        MARKERS[index % len(MARKERS)],
        color=PALETTE[index % len(PALETTE)],
        markeredgecolor="white",
        markersize=4.2,
        clip_on=False,
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


def _count_matrix(
    lines: Sequence[Line], found: Mapping[tuple[str, str], TableRow], values: Sequence[str]
) -> list[list[str]]:
    """Each cell's 'k/n': interviews with the code of the value's interviews."""
    counts = [["" for _ in values] for _ in lines]
    for line in lines:
        for column, value in enumerate(values):
            row = found.get((value, line.code))
            if row is not None:
                k, n = (int(number(row[key])) for key in ("interviews_with", "interviews"))
                counts[int(line.y)][column] = f"{k}/{n}"
    return counts


def _annotate(
    ax: Axes, mesh: QuadMesh, shares: np.ndarray, counts: Sequence[Sequence[str]]
) -> None:
    """Counts k/n in the cells, dark on light cells and white on dark ones."""
    colours = mesh.to_rgba(shares)
    for (row, column), share in np.ndenumerate(shares):
        if not math.isnan(share):
            ink = cell_ink(colours[row, column])
            ax.text(column + 0.5, row, counts[row][column], ha="center", va="center", color=ink)
