"""The co-occurrence figure: the Jaccard index of every pair of codes, in category blocks."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from qualpipe.codebook import Codebook
from qualpipe.compare.figures.layout import (
    Line,
    TableRow,
    add_basis_note,
    add_colorbar,
    category_lines,
    cell_mesh,
    figure_height,
    label_column,
    new_figure,
    number,
    row_edges,
    text_width,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, SINGLE_COLUMN, STYLE


def cooccurrence_figure(
    cooccurrence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    scope: str = "interview",
    group: str = "all",
    basis_note: str = "",
    vmax: float | None = None,
) -> Figure:
    """Jaccard index of every pair of codes as a lower-triangle heatmap in category blocks.

    cooccurrence_rows (Sequence[TableRow]): rows of cooccurrence.csv.
    codebook (Codebook): gives the codes' order, labels and categories.
    scope (str): 'interview' or 'segment': the unit in which two codes meet.
    group (str): 'all' or one group.
    basis_note (str): shown under the figure; '' for consensus codes.
    vmax (float | None): top of the colour scale; None rounds the largest index up to 0.1.
    RETURNS (Figure): double-column width; blank cells: neither code occurs.
    """
    if len(codebook.codes) < 2:
        return _message_figure("Co-occurrence needs two codes or more; the codebook has one.")
    found = _jaccard(cooccurrence_rows, scope=scope, group=group)
    rows = category_lines(codebook, skip={codebook.ids[0]})
    columns = _column_positions(codebook, skip={codebook.ids[-1]})
    matrix = _pair_matrix(rows, columns, found, order=codebook.ids)
    top = vmax if vmax is not None else max(0.1, math.ceil(np.nanmax(matrix, initial=0) * 10) / 10)
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, figure_height(rows, per_row=0.14, margin=0.6))
        ax = figure.add_subplot()
        mesh = cell_mesh(ax, matrix, x=_column_edges(columns), y=row_edges(rows), vmax=top)
        label_column(ax, rows)
        labels = [codebook.code(code).label for code in columns]
        ax.set_xticks([x + 0.5 for x in columns.values()], labels)
        ax.tick_params(axis="x", length=0, labelrotation=90)
        # The rotated labels hang below the cells: make the figure taller by their length.
        below = text_width(figure, labels) / 72
        figure.set_figheight(figure_height(rows, per_row=0.14, margin=0.6) + below)
        unit = "interviews" if scope == "interview" else "segments"
        add_colorbar(figure, ax, mesh, f"Jaccard index ({unit} with both / with either)")
        add_basis_note(figure, basis_note)
    return figure


def _message_figure(text: str) -> Figure:
    """A figure that says why there is nothing to draw (a starter codebook of one code)."""
    with matplotlib.rc_context(STYLE):
        figure = new_figure(SINGLE_COLUMN, 0.6, layout=None)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True)
    return figure


def _jaccard(rows: Sequence[TableRow], *, scope: str, group: str) -> dict[tuple[str, str], float]:
    found = {
        (str(row["code_a"]), str(row["code_b"])): number(row["jaccard"])
        for row in rows
        if row["scope"] == scope and row["group"] == group
    }
    if not found:
        raise ValueError(f"co-occurrence rows lack scope={scope!r}, group={group!r}")
    return found


def _column_positions(codebook: Codebook, *, skip: set[str]) -> dict[str, float]:
    """x of each code's cell: codes side by side, a narrow gap between categories."""
    positions: dict[str, float] = {}
    x, previous = 0.0, ""
    for code in codebook.codes:
        if code.id in skip:
            continue
        if previous and code.category != previous:
            x += 0.5
        positions[code.id] = x
        x, previous = x + 1, code.category
    return positions


def _column_edges(columns: Mapping[str, float]) -> np.ndarray:
    """Cell edges for pcolormesh: every code cell and every gap is a column of its own."""
    starts = sorted(columns.values())
    edges = [starts[0]]
    for start in starts:
        if start > edges[-1]:
            edges.append(start)
        edges.append(start + 1)
    return np.array(edges)


def _pair_matrix(
    rows: Sequence[Line],
    columns: Mapping[str, float],
    found: Mapping[tuple[str, str], float],
    *,
    order: Sequence[str],
) -> np.ndarray:
    """Jaccard by (row line, column cell), lower triangle only; gaps and the rest are NaN."""
    edges = _column_edges(columns)
    cell = {x: int(np.searchsorted(edges, x)) for x in columns.values()}
    matrix = np.full((len(rows), len(edges) - 1), np.nan)
    rank = {code: index for index, code in enumerate(order)}
    for line in rows:
        for code, x in columns.items():
            if line.code and rank[code] < rank[line.code]:
                value = found.get((code, line.code), found.get((line.code, code), np.nan))
                matrix[int(line.y), cell[x]] = value
    return matrix
