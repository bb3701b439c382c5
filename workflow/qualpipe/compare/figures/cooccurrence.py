"""The co-occurrence figure: the Jaccard index of every pair of codes over coded segments,
codes ordered by hierarchical clustering so that codes voiced together sit together.

Over interviews the index saturates (long interviews hold nearly every code: 0.6-1.0 for
every pair in the demo, issue 17); over segments it ranges from 0 to about 0.2 and tells which
codes are voiced in the same breath.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from qualpipe.codebook import Codebook
from qualpipe.common.style import PALETTE
from qualpipe.compare.figures.layout import (
    TableRow,
    add_basis_note,
    add_colorbar,
    add_title,
    cell_ink,
    cell_mesh,
    new_figure,
    number,
    text_width,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, SINGLE_COLUMN, STYLE

# Light for 0, so that the many pairs never coded together recede (cividis starts dark).
COOCCURRENCE_COLORMAP = "Blues"
CELL = 0.145  # inches per code, both ways
NUMBER_SIZE = 5.0  # pt: two digits fit a cell


def cooccurrence_figure(
    cooccurrence_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    scope: str = "segment",
    group: str = "all",
    title: str = "",
    basis_note: str = "",
) -> Figure:
    """Jaccard index of every pair of codes as a lower triangle, in clustering order, with
    the index (in %) in every cell where the two codes meet at all.

    cooccurrence_rows (Sequence[TableRow]): rows of cooccurrence.csv.
    codebook (Codebook): gives the codes, their labels and categories.
    scope (str): 'segment' or 'interview': the unit in which two codes meet.
    group (str): 'all' or one group.
    title (str): which interviews (waves, n), above the figure; '' for none.
    basis_note (str): shown under the figure; '' for consensus codes.
    RETURNS (Figure): double-column width; a marker by each label gives the code's category.
    """
    if len(codebook.codes) < 2:
        return _message_figure("Co-occurrence needs two codes or more; the codebook has one.")
    found = _jaccard(cooccurrence_rows, scope=scope, group=group)
    similarity = jaccard_matrix(found, codebook.ids)
    order = [codebook.ids[k] for k in cluster_order(similarity)]
    shown = 100 * _reorder(similarity, [codebook.ids.index(code) for code in order])
    lower = np.where(np.tri(len(order), k=-1, dtype=bool), shown, np.nan)[1:, :-1]
    top = max(5.0, 5 * math.ceil(np.nanmax(lower, initial=0) / 5))
    with matplotlib.rc_context(STYLE):
        figure = new_figure(DOUBLE_COLUMN, CELL * len(order) + 0.6)
        ax = figure.add_subplot()
        edges_x, edges_y = np.arange(len(order)), np.arange(len(order)) + 0.5
        mesh = cell_mesh(
            ax, lower, x=edges_x - 0.5, y=edges_y, vmax=top, colormap=COOCCURRENCE_COLORMAP
        )
        _numbers(ax, lower, mesh.to_rgba(lower))
        labels = [codebook.code(code).label for code in order]
        ax.set_yticks(np.arange(1, len(order)), labels[1:])
        ax.set_xticks(np.arange(len(order) - 1), labels[:-1])
        ax.tick_params(length=0)
        ax.tick_params(axis="x", labelrotation=90)
        ax.set_ylim(len(order) - 0.5, 0.5)
        _category_marks(ax, codebook, order)
        unit = "segments" if scope == "segment" else "interviews"
        bar = add_colorbar(
            figure, ax, mesh, f"Jaccard index (%): {unit} with both codes\nof those with either"
        )
        bar.locator = MaxNLocator(nbins=5, integer=True)
        # The empty upper triangle holds the key to the categories.
        ax.legend(handles=_category_handles(codebook), loc="upper right", title="Category")
        add_title(figure, title)
        add_basis_note(figure, basis_note)
        below = text_width(figure, labels) / 72
        figure.set_figheight(CELL * len(order) + 0.6 + below)
    return figure


def jaccard_matrix(found: Mapping[tuple[str, str], float], codes: Sequence[str]) -> np.ndarray:
    """The symmetric matrix of the index, codes in the given order; 1 on the diagonal, NaN
    where neither code of a pair occurs.

    found (Mapping[tuple[str, str], float]): the index by (code_a, code_b), either order.
    codes (Sequence[str]): the code ids, rows and columns in this order.
    RETURNS (np.ndarray): len(codes) x len(codes).
    """
    matrix = np.eye(len(codes))
    for i, a in enumerate(codes):
        for j, b in enumerate(codes[:i]):
            matrix[i, j] = matrix[j, i] = found.get((a, b), found.get((b, a), math.nan))
    return matrix


def cluster_order(similarity: np.ndarray) -> list[int]:
    """Rows in the leaf order of average-linkage clustering on 1 - similarity.

    Deterministic: scipy breaks ties by input order, and the input is in codebook order. A
    pair that never occurs (NaN) counts as never together.
    similarity (np.ndarray): symmetric, 1 on the diagonal.
    RETURNS (list[int]): the row indices in display order.
    """
    distance = 1 - np.nan_to_num(similarity, nan=0.0)
    np.fill_diagonal(distance, 0.0)
    return [int(k) for k in leaves_list(linkage(squareform(distance), method="average"))]


def _reorder(matrix: np.ndarray, order: Sequence[int]) -> np.ndarray:
    return matrix[np.ix_(order, order)]


def _numbers(ax: Axes, matrix: np.ndarray, colours: np.ndarray) -> None:
    """The index (in %) in each cell where it rounds to 1 or more; the others stay empty."""
    for (row, column), value in np.ndenumerate(matrix):
        if not math.isnan(value) and value >= 0.5:
            ax.text(
                column,
                row + 1,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=NUMBER_SIZE,
                color=cell_ink(colours[row, column]),
            )


def _category_colours(codebook: Codebook) -> dict[str, str]:
    return {c.id: PALETTE[k % len(PALETTE)] for k, c in enumerate(codebook.categories)}


def _category_marks(ax: Axes, codebook: Codebook, order: Sequence[str]) -> None:
    """A square in the category's colour beside each row label and under each column."""
    colours = _category_colours(codebook)
    for y, code in enumerate(order[1:], start=1):
        ax.plot(-0.9, y, "s", color=colours[codebook.code(code).category], clip_on=False)
    for x, code in enumerate(order[:-1]):
        ax.plot(x, len(order) - 0.1, "s", color=colours[codebook.code(code).category],
                clip_on=False)  # fmt: skip
    ax.tick_params(axis="y", pad=9)
    ax.tick_params(axis="x", pad=9)


def _category_handles(codebook: Codebook) -> list[Line2D]:
    colours = _category_colours(codebook)
    return [
        Line2D([], [], marker="s", linestyle="", color=colours[c.id], label=c.label)
        for c in codebook.categories
    ]


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
