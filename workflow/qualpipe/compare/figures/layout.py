"""What the figures share: the label column of categories and codes, the share axis, the
colour mesh and its bar, the basis note under the figure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, SupportsFloat

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import QuadMesh
from matplotlib.colorbar import Colorbar
from matplotlib.colors import Colormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import blended_transform_factory, offset_copy

from qualpipe.codebook import Codebook
from qualpipe.compare.figures.style import COLORMAP, GREY, INK

# A row of a compare table by column name: text as read_rows gives it, or numbers.
TableRow = Mapping[str, object]


@dataclass(frozen=True)
class Line:
    """One row of a label column: a category heading (code '') or a code.

    y (float): its position on the y axis. text (str): what is shown. code (str): code id.
    """

    y: float
    text: str
    code: str = ""


def category_lines(codebook: Codebook, *, skip: set[str] | None = None) -> list[Line]:
    """The label column: each category's heading, then its codes, in codebook order.

    codebook (Codebook): the codes and categories.
    skip (set[str] | None): code ids to leave out (a category left empty is left out too).
    RETURNS (list[Line]): one per row, y = 0, 1, 2 ... from the top.
    """
    lines: list[Line] = []
    for category in codebook.categories:
        codes = [
            code
            for code in codebook.codes
            if code.category == category.id and code.id not in (skip or set())
        ]
        if codes:
            lines.append(Line(len(lines), category.label))
            lines += [Line(len(lines) + k, code.label, code.id) for k, code in enumerate(codes)]
    return lines


def number(value: object) -> float:
    """A cell as a float: text as read_rows gives it or a number; NaN when missing ('' or None)."""
    if value is None or value == "":
        return math.nan
    if not isinstance(value, str | SupportsFloat):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def new_figure(
    width: float, height: float, *, layout: Literal["constrained"] | None = "constrained"
) -> Figure:
    """A figure on the Agg canvas (never pyplot), width and height in inches."""
    figure = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def figure_height(lines: Sequence[Line], *, per_row: float, margin: float = 0.9) -> float:
    """Rows plus room (inches) for the legend, the x axis and the note."""
    return per_row * len(lines) + margin


def share_axis(ax: Axes, label: str) -> None:
    """An x axis of shares in percent, 0 to 100, with a grid and the given label."""
    ax.set_xlim(-4, 104)  # room for a whole marker at 0 or 100
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.grid(True)
    ax.set_xlabel(label)
    ax.spines["left"].set_visible(False)


def rate_axis(ax: Axes, label: str) -> None:
    """A right-hand panel's x axis of rates from 0, room for whole markers at both ends."""
    top = 1.07 * max(ax.dataLim.x1, 0.1)
    ax.set_xlim(-0.04 * top, top)
    ax.xaxis.grid(True)
    ax.set_xlabel(label)
    ax.tick_params(axis="y", length=0, labelleft=False)
    ax.spines["left"].set_visible(False)


def cell_ink(rgba: Sequence[float] | np.ndarray) -> str:
    """Text colour on a cell: dark on light cells, white on dark ones."""
    red, green, blue = rgba[:3]
    return INK if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"


def text_width(figure: Figure, texts: Sequence[str], *, weight: str = "normal") -> float:
    """Width in points of the widest text at the y tick label size."""
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        raise TypeError("text is measured on the Agg canvas: draw on new_figure()")
    renderer = canvas.get_renderer()
    font = FontProperties(size=matplotlib.rcParams["ytick.labelsize"], weight=weight)
    widths = [renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts]
    return max(widths, default=0.0) * 72 / figure.dpi


def label_column(ax: Axes, lines: Sequence[Line], *, indent: float = 7.0) -> float:
    """Codes as y tick labels, indented under bold category headings, all left-aligned.

    RETURNS (float): the column's width in points.
    """
    figure = _root_figure(ax)
    codes = [line for line in lines if line.code]
    headings = [line for line in lines if not line.code]
    code_width = text_width(figure, [line.text for line in codes], weight="normal")
    column = max(code_width + indent, text_width(figure, [h.text for h in headings], weight="bold"))
    ax.set_yticks([line.y for line in codes], [line.text for line in codes], ha="left")
    ax.tick_params(axis="y", length=0, pad=column - indent + 4)
    ax.set_ylim(len(lines) - 0.5, -0.5)
    where = offset_copy(
        blended_transform_factory(ax.transAxes, ax.transData),
        fig=figure,
        x=-column - 4,
        units="points",
    )
    for line in headings:
        ax.text(0, line.y, line.text, transform=where, ha="left", va="center", weight="bold")
    return column + 4


def _root_figure(ax: Axes) -> Figure:
    """The figure the axes are drawn on (ours have no subfigures)."""
    figure = ax.get_figure(root=True)
    if figure is None:
        raise ValueError("the axes belong to no figure")
    return figure


def category_rules(ax: Axes, lines: Sequence[Line]) -> None:
    """A hairline above every category heading but the first."""
    for line in lines[1:]:
        if not line.code:
            ax.axhline(line.y - 0.5, color=GREY, linewidth=0.5, zorder=0)


def add_title(figure: Figure, text: str) -> None:
    """Which interviews the figure shows (wave, n), top left in bold; nothing when ''.

    For a figure without a legend on top: a suptitle and an 'outside' legend overlap.
    """
    if text:
        figure.suptitle(text, x=0.01, ha="left", weight="bold")


def top_legend(figure: Figure, handles: Sequence[Artist], *, title: str = "") -> None:
    """The legend above the axes in one row, headed by which interviews the figure shows
    (wave, n) in bold; constrained layout makes room for both."""
    figure.legend(
        handles=list(handles),
        loc="outside upper center",
        ncols=len(handles),
        title=title or None,
        alignment="left",
        title_fontproperties={"weight": "bold", "size": matplotlib.rcParams["axes.titlesize"]},
    )


def add_basis_note(figure: Figure, note: str) -> None:
    """The basis note under the figure, in italics; nothing when the note is ''."""
    if note:
        figure.supxlabel(note, x=0.01, ha="left", style="italic", fontsize=7)


def row_edges(lines: Sequence[Line]) -> np.ndarray:
    """Cell edges for pcolormesh along y: one row per line, centred on its y."""
    return np.arange(len(lines) + 1) - 0.5


def _colormap(name: str) -> Colormap:
    return matplotlib.colormaps[name].with_extremes(bad="none")


def cell_mesh(
    ax: Axes,
    matrix: np.ndarray,
    *,
    x: np.ndarray,
    y: np.ndarray,
    vmax: float,
    colormap: str = COLORMAP,
) -> QuadMesh:
    """Cells as vector quadrilaterals with white gaps; missing values stay blank."""
    mesh = ax.pcolormesh(
        x,
        y,
        np.ma.masked_invalid(matrix),
        cmap=_colormap(colormap),
        vmin=0,
        vmax=vmax,
        edgecolors="white",
        linewidth=0.6,
    )
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    return mesh


def add_colorbar(figure: Figure, ax: Axes, mesh: QuadMesh, label: str) -> Colorbar:
    """A slim colour bar right of the axes, with its label."""
    bar = figure.colorbar(mesh, ax=ax, location="right", shrink=0.5, aspect=25, pad=0.02)
    bar.set_label(label)
    bar.outline.set_linewidth(0.4)
    bar.ax.tick_params(width=0.4, length=2)
    return bar
