"""Publication figures from the comparison tables: one style, byte-identical files.

Every figure is drawn on its own `matplotlib.figure.Figure` with the Agg canvas (never
pyplot, whose global state leaks between figures) inside `rc_context(STYLE)`: Okabe-Ito
colours, DejaVu Sans (shipped with matplotlib, so present everywhere), 7-8 pt text at journal
column widths (85 mm single, 175 mm double). The input rows are the compare stage's tidy CSV
tables as read by `qualpipe.segment.read_rows` (strings; '' for a missing number) or dicts
with numbers.
`save_figure` writes PNG (300 dpi), SVG and PDF without dates or version stamps, so that a
re-run gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory, offset_copy

from qualpipe.codebook import Codebook
from qualpipe.common.io import write_bytes_atomic
from qualpipe.common.records import MODES
from qualpipe.common.style import OKABE_ITO, PALETTE

Row = Mapping[str, object]

SINGLE_COLUMN = 85 / 25.4  # inches
DOUBLE_COLUMN = 175 / 25.4
MARKERS = ("o", "s", "D", "^", "v", "P")
COLORMAP = "cividis"
GREY = "#BBBBBB"
INK = "#222222"
FORMATS = ("png", "svg", "pdf")
STYLE: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 7,
    "axes.labelsize": 7,
    "axes.titlesize": 8,
    "figure.titlesize": 8,
    "figure.labelsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=PALETTE),
    "grid.color": "#E0E0E0",
    "grid.linewidth": 0.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.pad": 2.0,
    "ytick.major.pad": 2.0,
    "lines.linewidth": 0.8,
    "lines.markersize": 4.0,
    "lines.markeredgewidth": 0.5,
    "legend.frameon": False,
    "legend.handlelength": 1.6,
    "legend.columnspacing": 1.5,
    "image.cmap": COLORMAP,
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
    "savefig.dpi": 300,
    "savefig.facecolor": "white",
    # Text as TrueType in PDF stays editable for the journal's typesetters; SVG text as
    # paths looks the same without the font installed.
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    # Fixed salt: SVG element ids are otherwise random, and the file changes on every run.
    "svg.hashsalt": "qualpipe",
}
# File properties are ours: no date (byte-identical files) and no library's name (#13).
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "png": {"dpi": 300, "metadata": {"Software": "qualpipe"}},
    "svg": {"metadata": {"Date": None, "Creator": "qualpipe"}},
    "pdf": {
        "metadata": {
            "CreationDate": None,
            "ModDate": None,
            "Creator": "qualpipe",
            "Producer": "qualpipe",
        }
    },
}
FIRST_WAVE = {
    "markersize": 6.0,
    "markerfacecolor": "none",
    "markeredgecolor": OKABE_ITO["orange"],
    "markeredgewidth": 1.2,
}
ROW_HEIGHT = 0.15  # inches per label row: 7 pt text with air


@dataclass(frozen=True)
class Line:
    """One row of a label column: a category heading (code '') or a code.

    y (float): its position on the y axis. text (str): what is shown. code (str): code id.
    """

    y: float
    text: str
    code: str = ""


def prevalence_figure(
    prevalence_rows: Sequence[Row],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] = ("officials", "managers"),
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Dot plot: share of interviews with each code, with Wilson 95% intervals, by value.

    prevalence_rows (Sequence[Row]): rows of prevalence.csv.
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
        figure = _figure(DOUBLE_COLUMN, _height(lines, per_row=0.1 + 0.03 * len(values)))
        ax = figure.add_subplot()
        for index, value in enumerate(values):
            label = _legend_label(value, found, value_labels)
            _intervals(ax, lines, found, value=value, index=index, of=len(values), label=label)
        _label_column(ax, lines)
        _share_axis(ax, "Interviews with the code (%), with 95% Wilson interval")
        _category_rules(ax, lines)
        figure.legend(loc="outside upper center", ncols=len(values))
        _basis(figure, basis_note)
    return figure


def heatmap_figure(
    prevalence_rows: Sequence[Row],
    codebook: Codebook,
    *,
    variable: str = "group",
    values: Sequence[str] | None = None,
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Heatmap of codes by value: share of interviews with the code, cells annotated in %.

    prevalence_rows (Sequence[Row]): rows of prevalence.csv.
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
        figure = _figure(DOUBLE_COLUMN, _height(lines, per_row=ROW_HEIGHT) + 0.3)
        ax = figure.add_subplot()
        mesh = _mesh(ax, shares, x=np.arange(len(values) + 1), y=_edges(lines), vmax=100)
        _annotate(ax, mesh, shares)
        column = _label_column(ax, lines)
        labels = [_legend_label(value, found, value_labels, sep="\n") for value in values]
        ax.set_xticks(np.arange(len(values)) + 0.5, labels)
        ax.tick_params(axis="x", length=0, labeltop=True, labelbottom=False)
        _colorbar(figure, ax, mesh, "Interviews with the code (%)")
        _basis(figure, basis_note)
        # Cells 0.6 inch wide: at double-column width two columns would be stretched to 2 inches.
        figure.set_figwidth(min(DOUBLE_COLUMN, column / 72 + 0.6 * len(values) + 1.0))
    return figure


def wave_change_figure(
    panel_rows: Sequence[Row],
    codebook: Codebook,
    *,
    comparison: str | None = None,
    basis_note: str = "",
    alpha: float = 0.05,
) -> Figure:
    """Dumbbells: share of panel persons with each code in the first and second wave.

    panel_rows (Sequence[Row]): rows of panel.csv.
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
        figure = _figure(DOUBLE_COLUMN, ROW_HEIGHT * len(order) + 1.0)
        ax = figure.add_subplot()
        marked = [_dumbbell(ax, y, found[code], alpha=alpha) for y, code in enumerate(order)]
        labels = [
            codebook.code(code).label + (" *" if mark else "")
            for code, mark in zip(order, marked, strict=True)
        ]
        ax.set_yticks(range(len(order)), labels)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        persons = int(_number(first["persons"]))
        _share_axis(ax, f"Persons interviewed in both waves with the code (%), n = {persons}")
        handles = _wave_handles(first, alpha=alpha)
        figure.legend(handles=handles, loc="outside upper center", ncols=len(handles))
        _basis(figure, basis_note)
    return figure


def rates_figure(
    rate_rows: Sequence[Row],
    codebook: Codebook,
    *,
    comparison: str | None = None,
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
    alpha: float = 0.05,
) -> Figure:
    """Two panels: each group's median rate of a code, and the difference with its interval.

    The two groups' medians sit just above and below their code's line, so that equal
    medians (often 0 for a rare code) stay visible.

    Rates are coded segments per 1,000 respondent words, per interview: the measure that
    still separates groups when nearly every interview mentions a code.
    rate_rows (Sequence[Row]): rows of rate_comparisons.csv (one two-value comparison).
    codebook (Codebook): gives the codes' order, labels and categories.
    comparison (str | None): which comparison, if the rows hold several.
    basis_note (str): shown under the figure; '' for consensus codes.
    value_labels (Mapping[str, str] | None): legend names of the two values.
    alpha (float): differences with q below it are drawn filled.
    RETURNS (Figure): double-column width, one row per code under its category heading.
    """
    found = _rates(rate_rows, comparison=comparison)
    lines = category_lines(codebook, skip={code for code in codebook.ids if code not in found})
    first = next(iter(found.values()))
    values = str(first["values"]).split("; ")
    sizes = str(first["interviews"]).split("; ")
    with matplotlib.rc_context(STYLE):
        figure = _figure(DOUBLE_COLUMN, _height(lines, per_row=0.13, margin=1.0))
        medians, shifts = figure.subplots(1, 2, sharey=True, width_ratios=(1.0, 1.0))
        for index, value in enumerate(values):
            name = (value_labels or {}).get(value) or value.replace("_", " ")
            x = [_split(found[line.code]["median_rates"])[index] for line in lines if line.code]
            medians.plot(
                x,
                [line.y + (index - 0.5) * 0.24 for line in lines if line.code],
                MARKERS[index],
                color=PALETTE[index],
                markeredgecolor="white",
                markersize=4.2,
                label=f"{name[:1].upper()}{name[1:]} (n = {sizes[index]})",
            )
        _label_column(medians, lines)
        medians.xaxis.grid(True)
        medians.set_xlim(left=0)
        medians.set_xlabel("Median coded segments\nper 1,000 respondent words")
        medians.spines["left"].set_visible(False)
        for line in lines:
            if line.code:
                _shift(shifts, line.y, found[line.code], alpha=alpha)
        shifts.axvline(0, color=INK, linewidth=0.6, zorder=0)
        shifts.xaxis.grid(True)
        shifts.tick_params(axis="y", length=0, labelleft=False)
        shifts.spines["left"].set_visible(False)
        labels = [(value_labels or {}).get(v) or v.replace("_", " ") for v in values]
        shifts.set_xlabel(
            f"Difference, {labels[0]} \u2212 {labels[1]}\n(Hodges-Lehmann estimate, 95% CI)"
        )
        for ax in (medians, shifts):
            _category_rules(ax, lines)
        handles = medians.get_legend_handles_labels()[0]
        handles += _shift_handles(alpha)
        figure.legend(handles=handles, loc="outside upper center", ncols=len(handles))
        _basis(figure, basis_note)
    return figure


def cooccurrence_figure(
    cooccurrence_rows: Sequence[Row],
    codebook: Codebook,
    *,
    scope: str = "interview",
    group: str = "all",
    basis_note: str = "",
    vmax: float | None = None,
) -> Figure:
    """Jaccard index of every pair of codes as a lower-triangle heatmap in category blocks.

    cooccurrence_rows (Sequence[Row]): rows of cooccurrence.csv.
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
        figure = _figure(DOUBLE_COLUMN, _height(rows, per_row=0.14, margin=0.6))
        ax = figure.add_subplot()
        mesh = _mesh(ax, matrix, x=_column_edges(columns), y=_edges(rows), vmax=top)
        _label_column(ax, rows)
        labels = [codebook.code(code).label for code in columns]
        ax.set_xticks([x + 0.5 for x in columns.values()], labels)
        ax.tick_params(axis="x", length=0, labelrotation=90)
        # The rotated labels hang below the cells: make the figure taller by their length.
        below = _text_width(figure, labels) / 72
        figure.set_figheight(_height(rows, per_row=0.14, margin=0.6) + below)
        unit = "interviews" if scope == "interview" else "segments"
        _colorbar(figure, ax, mesh, f"Jaccard index ({unit} with both / with either)")
        _basis(figure, basis_note)
    return figure


def _message_figure(text: str) -> Figure:
    """A figure that says why there is nothing to draw (a starter codebook of one code)."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(SINGLE_COLUMN, 0.6, layout=None)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True)
    return figure


def table1_figure(table1_rows: Sequence[Row]) -> Figure:
    """Table 1, the material: interviews by role and wave with totals, as a booktabs table.

    table1_rows (Sequence[Row]): rows of table1_material.csv (wave, role, role_label,
        interviews; in_person, phone, video and respondent_words for the note, if present).
    RETURNS (Figure): single-column width.
    """
    if not table1_rows:
        raise ValueError("table 1 has no rows: no interview was counted")
    header, body, total = _material(table1_rows)
    note = _material_note(table1_rows)
    with matplotlib.rc_context(STYLE):
        height = ROW_HEIGHT * 1.3 * (len(body) + 2) + 0.2 + 0.15 * len(note)
        figure = _figure(SINGLE_COLUMN, height, layout=None)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, SINGLE_COLUMN)
        ax.set_ylim(height, 0)
        _booktabs(ax, header, body, total, width=SINGLE_COLUMN)
        if note:
            ax.text(0.05, height - 0.08, "\n".join(note), va="bottom", ha="left")
    return figure


def save_figure(figure: Figure, stem: Path, *, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write a figure in each format, byte-identical on every run, each file atomically.

    figure (Figure): from one of the figure functions.
    stem (Path): path without suffix; '.png', '.svg', '.pdf' are appended.
    formats (Sequence[str]): any of 'png' (300 dpi), 'svg', 'pdf'.
    RETURNS (list[Path]): the files written, in the order of `formats`.
    """
    unknown = [name for name in formats if name not in SAVE_OPTIONS]
    if unknown:
        raise ValueError(f"unknown figure format(s) {unknown}; use any of {list(FORMATS)}")
    stem = Path(stem)
    paths = [stem.with_name(f"{stem.name}.{name}") for name in formats]
    with matplotlib.rc_context(STYLE):
        for name, path in zip(formats, paths, strict=True):
            write_bytes_atomic(_render(figure, name), path)
    return paths


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


def _number(value: object) -> float:
    return math.nan if value is None or value == "" else float(value)  # type: ignore[arg-type]


def _values(rows: Sequence[Row], variable: str) -> list[str]:
    return list(dict.fromkeys(str(row["value"]) for row in rows if row["variable"] == variable))


def _prevalence(
    rows: Sequence[Row], *, variable: str, values: Sequence[str]
) -> dict[tuple[str, str], Row]:
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
    if any(_number(row["share"]) > 1 for row in found.values()):
        raise ValueError("prevalence shares must be proportions between 0 and 1")
    return found


def _legend_label(
    value: str,
    found: Mapping[tuple[str, str], Row],
    names: Mapping[str, str] | None,
    *,
    sep: str = " ",
) -> str:
    name = (names or {}).get(value) or value.replace("_", " ")
    if sep == "\n":
        name = textwrap.fill(name, width=12)
    sizes = {int(_number(row["interviews"])) for (v, _), row in found.items() if v == value}
    n = f"{sep}(n = {sizes.pop()})" if len(sizes) == 1 else ""
    return name[:1].upper() + name[1:] + n


def _figure(width: float, height: float, *, layout: str | None = "constrained") -> Figure:
    figure = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def _height(lines: Sequence[Line], *, per_row: float, margin: float = 0.9) -> float:
    """Rows plus room (inches) for the legend, the x axis and the note."""
    return per_row * len(lines) + margin


def _intervals(
    ax: Axes,
    lines: Sequence[Line],
    found: Mapping[tuple[str, str], Row],
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
        np.array([100 * _number(row[key]) for _, row in rows])
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


def _share_axis(ax: Axes, label: str) -> None:
    ax.set_xlim(-2.5, 102.5)  # room for a marker at 0 or 100
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.grid(True)
    ax.set_xlabel(label)
    ax.spines["left"].set_visible(False)


def _text_width(figure: Figure, texts: Sequence[str], *, weight: str = "normal") -> float:
    """Width in points of the widest text at the y tick label size."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(size=matplotlib.rcParams["ytick.labelsize"], weight=weight)
    widths = [renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts]
    return max(widths, default=0.0) * 72 / figure.dpi


def _label_column(ax: Axes, lines: Sequence[Line], *, indent: float = 7.0) -> float:
    """Codes as y tick labels, indented under bold category headings, all left-aligned.

    RETURNS (float): the column's width in points.
    """
    codes = [line for line in lines if line.code]
    headings = [line for line in lines if not line.code]
    code_width = _text_width(ax.figure, [line.text for line in codes], weight="normal")
    column = max(
        code_width + indent, _text_width(ax.figure, [h.text for h in headings], weight="bold")
    )
    ax.set_yticks([line.y for line in codes], [line.text for line in codes], ha="left")
    ax.tick_params(axis="y", length=0, pad=column - indent + 4)
    ax.set_ylim(len(lines) - 0.5, -0.5)
    where = offset_copy(
        blended_transform_factory(ax.transAxes, ax.transData),
        fig=ax.figure,
        x=-column - 4,
        units="points",
    )
    for line in headings:
        ax.text(0, line.y, line.text, transform=where, ha="left", va="center", weight="bold")
    return column + 4


def _category_rules(ax: Axes, lines: Sequence[Line]) -> None:
    """A hairline above every category heading but the first."""
    for line in lines[1:]:
        if not line.code:
            ax.axhline(line.y - 0.5, color=GREY, linewidth=0.5, zorder=0)


def _basis(figure: Figure, note: str) -> None:
    if note:
        figure.supxlabel(note, x=0.01, ha="left", style="italic", fontsize=7)


def _share_matrix(
    lines: Sequence[Line], found: Mapping[tuple[str, str], Row], values: Sequence[str]
) -> np.ndarray:
    shares = np.full((len(lines), len(values)), np.nan)
    for line in lines:
        for column, value in enumerate(values):
            if (value, line.code) in found:
                shares[int(line.y), column] = 100 * _number(found[(value, line.code)]["share"])
    return shares


def _edges(lines: Sequence[Line]) -> np.ndarray:
    return np.arange(len(lines) + 1) - 0.5


def _colormap() -> Colormap:
    return matplotlib.colormaps[COLORMAP].with_extremes(bad="none")


def _mesh(ax: Axes, matrix: np.ndarray, *, x: np.ndarray, y: np.ndarray, vmax: float) -> object:
    """Cells as vector quadrilaterals with white gaps; missing values stay blank."""
    mesh = ax.pcolormesh(
        x,
        y,
        np.ma.masked_invalid(matrix),
        cmap=_colormap(),
        vmin=0,
        vmax=vmax,
        edgecolors="white",
        linewidth=0.6,
    )
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    return mesh


def _annotate(ax: Axes, mesh: object, shares: np.ndarray) -> None:
    """Percentages in the cells, dark on light cells and white on dark ones."""
    colours = mesh.to_rgba(shares)  # type: ignore[attr-defined]
    for (row, column), share in np.ndenumerate(shares):
        if math.isnan(share):
            continue
        red, green, blue, _ = colours[row, column]
        ink = INK if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"
        ax.text(column + 0.5, row, f"{share:.0f}", ha="center", va="center", color=ink)


def _colorbar(figure: Figure, ax: Axes, mesh: object, label: str) -> None:
    bar = figure.colorbar(mesh, ax=ax, location="right", shrink=0.5, aspect=25, pad=0.02)
    bar.set_label(label)
    bar.outline.set_linewidth(0.4)
    bar.ax.tick_params(width=0.4, length=2)


def _panel(rows: Sequence[Row], codebook: Codebook, *, comparison: str | None) -> dict[str, Row]:
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


def _change(row: Row) -> float:
    change = _number(row["share_second"]) - _number(row["share_first"])
    return 0.0 if math.isnan(change) else change


def _dumbbell(ax: Axes, y: int, row: Row, *, alpha: float) -> bool:
    """One code's two shares joined by a line, dark when the change is marked (q < alpha).

    RETURNS (bool): whether it was marked.
    """
    first, second = 100 * _number(row["share_first"]), 100 * _number(row["share_second"])
    marked = _number(row["q"]) < alpha
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


def _wave_handles(row: Row, *, alpha: float) -> list[Line2D]:
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


def _rates(rows: Sequence[Row], *, comparison: str | None) -> dict[str, Row]:
    """Code rows of rate_comparisons.csv by code id, for one two-value comparison."""
    chosen = [
        row
        for row in rows
        if row["level"] == "code" and comparison in (None, row.get("comparison"))
    ]
    if not chosen:
        raise ValueError(f"rate rows hold no code (comparison {comparison})")
    if len({str(row["comparison"]) for row in chosen}) > 1:
        raise ValueError("rate rows hold several comparisons; name one")
    if len(str(chosen[0]["values"]).split("; ")) != 2:
        raise ValueError("the rate figure shows a comparison of two values")
    return {str(row["id"]): row for row in chosen}


def _split(value: object) -> list[float]:
    return [_number(part) for part in str(value).split("; ")]


def _shift(ax: Axes, y: float, row: Row, *, alpha: float) -> None:
    """One code's difference with its interval; filled when q < alpha, open otherwise."""
    estimate, low, high = (
        _number(row[key]) for key in ("estimate", "estimate_low", "estimate_high")
    )
    marked = _number(row["q"]) < alpha
    ax.plot([low, high], [y, y], color=INK if marked else GREY, linewidth=0.9, zorder=1)
    ax.plot(
        estimate,
        y,
        "o",
        color=INK,
        markerfacecolor=INK if marked else "white",
        markersize=3.8,
        zorder=2,
    )


def _shift_handles(alpha: float) -> list[Line2D]:
    return [
        Line2D([], [], marker="o", linestyle="", color=INK, markersize=3.8,
               label=f"Difference, q < {alpha:g}"),
        Line2D([], [], marker="o", linestyle="", color=INK, markerfacecolor="white",
               markersize=3.8, label=f"q \u2265 {alpha:g} (Mann-Whitney, Benjamini-Hochberg)"),
    ]  # fmt: skip


def _jaccard(rows: Sequence[Row], *, scope: str, group: str) -> dict[tuple[str, str], float]:
    found = {
        (str(row["code_a"]), str(row["code_b"])): _number(row["jaccard"])
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


def _material(rows: Sequence[Row]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, one row per role (first-appearance order) and the totals row, as text."""
    waves = list(dict.fromkeys(str(row["wave"]) for row in rows))
    roles = dict.fromkeys(str(row["role"]) for row in rows)
    labels = {str(row["role"]): str(row.get("role_label") or row["role"]) for row in rows}
    counts = {(str(row["wave"]), str(row["role"])): int(_number(row["interviews"])) for row in rows}
    body = []
    for role in roles:
        cells = [counts.get((wave, role), 0) for wave in waves]
        body.append([labels[role], *map(str, cells), str(sum(cells))])
    totals = [sum(counts.get((wave, role), 0) for role in roles) for wave in waves]
    return ["Role", *waves, "Total"], body, ["Total", *map(str, totals), str(sum(totals))]


def _material_note(rows: Sequence[Row]) -> list[str]:
    """Interview modes and respondent words, when the table has them: one line each."""
    parts = []
    counts = {mode: sum(int(_number(r[mode])) for r in rows) for mode in MODES if mode in rows[0]}
    if any(counts.values()):
        modes = ", ".join(f"{mode.replace('_', ' ')} {n}" for mode, n in counts.items() if n)
        parts.append(f"Interview mode: {modes}.")
    if "respondent_words" in rows[0]:
        words = sum(int(_number(row["respondent_words"])) for row in rows)
        parts.append(f"Respondent words: {words:,}.")
    return parts


def _booktabs(
    ax: Axes, header: list[str], body: list[list[str]], total: list[str], *, width: float
) -> None:
    """Rows of text between a top rule, a rule under the header, one above the totals and a
    bottom rule; the first column left-aligned, numbers right-aligned."""
    step, left, right = ROW_HEIGHT * 1.3, 0.05, width - 0.05
    number_columns = len(header) - 1
    xs = [left] + [right - (number_columns - 1 - k) * 0.55 for k in range(number_columns)]
    y = 0.1
    ax.hlines(y, left, right, color=INK, linewidth=0.8)
    for index, cells in enumerate([header, *body, total]):
        if index in (1, len(body) + 1):
            ax.hlines(y, left, right, color=INK, linewidth=0.4)
        for column, (x, text) in enumerate(zip(xs, cells, strict=True)):
            ax.text(x, y + step / 2, text, ha="left" if column == 0 else "right", va="center")
        y += step
    ax.hlines(y, left, right, color=INK, linewidth=0.8)


def _render(figure: Figure, file_format: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=file_format, **SAVE_OPTIONS[file_format])
    return LIBRARY_COMMENT.sub(b"", buffer.getvalue())


# The SVG backend's own comment ('Created with matplotlib (https://matplotlib.org/)').
LIBRARY_COMMENT = re.compile(rb"<!-- Created with matplotlib[^>]*-->\n?")
