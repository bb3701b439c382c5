"""The rate figure: each group's median rate of a code, and the difference with its interval."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from qualpipe.codebook import Codebook
from qualpipe.common.style import PALETTE
from qualpipe.compare.figures.layout import (
    TableRow,
    add_basis_note,
    category_lines,
    category_rules,
    figure_height,
    label_column,
    new_figure,
    number,
    top_legend,
)
from qualpipe.compare.figures.style import DOUBLE_COLUMN, GREY, INK, MARKERS, STYLE


def rates_figure(
    rate_rows: Sequence[TableRow],
    codebook: Codebook,
    *,
    comparison: str | None = None,
    title: str = "",
    basis_note: str = "",
    value_labels: Mapping[str, str] | None = None,
    alpha: float = 0.05,
) -> Figure:
    """Two panels: each group's median rate of a code, and the difference with its interval.

    The two groups' medians sit just above and below their code's line, so that equal
    medians (often 0 for a rare code) stay visible.

    Rates are coded segments per 1,000 respondent words, per interview: the measure that
    still separates groups when nearly every interview mentions a code.
    rate_rows (Sequence[TableRow]): rows of rate_comparisons.csv (one two-value comparison).
    codebook (Codebook): gives the codes' order, labels and categories.
    comparison (str | None): which comparison, if the rows hold several.
    title (str): which interviews (wave, n), above the figure; '' for none.
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
        figure = new_figure(DOUBLE_COLUMN, figure_height(lines, per_row=0.13, margin=1.0))
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
        label_column(medians, lines)
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
            category_rules(ax, lines)
        handles = medians.get_legend_handles_labels()[0]
        handles += _shift_handles(alpha)
        top_legend(figure, handles, title=title)
        add_basis_note(figure, basis_note)
    return figure


def _rates(rows: Sequence[TableRow], *, comparison: str | None) -> dict[str, TableRow]:
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
    return [number(part) for part in str(value).split("; ")]


def _shift(ax: Axes, y: float, row: TableRow, *, alpha: float) -> None:
    """One code's difference with its interval; filled when q < alpha, open otherwise."""
    estimate, low, high = (
        number(row[key]) for key in ("estimate", "estimate_low", "estimate_high")
    )
    marked = number(row["q"]) < alpha
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
