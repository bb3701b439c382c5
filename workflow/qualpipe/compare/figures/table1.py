"""Table 1 as a figure: interviews by role and wave with totals, as a booktabs table."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from qualpipe.common.records import MODES
from qualpipe.compare.figures.layout import TableRow, new_figure, number
from qualpipe.compare.figures.style import INK, ROW_HEIGHT, SINGLE_COLUMN, STYLE


def table1_figure(table1_rows: Sequence[TableRow]) -> Figure:
    """Table 1, the material: interviews by role and wave with totals, as a booktabs table.

    table1_rows (Sequence[TableRow]): rows of table1_material.csv (wave, role, role_label,
        interviews; in_person, phone, video and respondent_words for the note, if present).
    RETURNS (Figure): single-column width.
    """
    if not table1_rows:
        raise ValueError("table 1 has no rows: no interview was counted")
    header, body, total = _material(table1_rows)
    note = _material_note(table1_rows)
    with matplotlib.rc_context(STYLE):
        height = ROW_HEIGHT * 1.3 * (len(body) + 2) + 0.2 + 0.15 * len(note)
        figure = new_figure(SINGLE_COLUMN, height, layout=None)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, SINGLE_COLUMN)
        ax.set_ylim(height, 0)
        _booktabs(ax, header, body, total, width=SINGLE_COLUMN)
        if note:
            ax.text(0.05, height - 0.08, "\n".join(note), va="bottom", ha="left")
    return figure


def _material(rows: Sequence[TableRow]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, one row per role (first-appearance order) and the totals row, as text."""
    waves = list(dict.fromkeys(str(row["wave"]) for row in rows))
    roles = dict.fromkeys(str(row["role"]) for row in rows)
    labels = {str(row["role"]): str(row.get("role_label") or row["role"]) for row in rows}
    counts = {(str(row["wave"]), str(row["role"])): int(number(row["interviews"])) for row in rows}
    body = []
    for role in roles:
        cells = [counts.get((wave, role), 0) for wave in waves]
        body.append([labels[role], *map(str, cells), str(sum(cells))])
    totals = [sum(counts.get((wave, role), 0) for role in roles) for wave in waves]
    return ["Role", *waves, "Total"], body, ["Total", *map(str, totals), str(sum(totals))]


def _material_note(rows: Sequence[TableRow]) -> list[str]:
    """Interview modes and respondent words, when the table has them: one line each."""
    parts = []
    counts = {mode: sum(int(number(r[mode])) for r in rows) for mode in MODES if mode in rows[0]}
    if any(counts.values()):
        modes = ", ".join(f"{mode.replace('_', ' ')} {n}" for mode, n in counts.items() if n)
        parts.append(f"Interview mode: {modes}.")
    if "respondent_words" in rows[0]:
        words = sum(int(number(row["respondent_words"])) for row in rows)
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
