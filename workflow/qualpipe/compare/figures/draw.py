"""The article's figures from the comparison tables (rule compare_figures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import read_rows
from qualpipe.common.labels import value_labels
from qualpipe.compare.figures.cooccurrence import cooccurrence_figure
from qualpipe.compare.figures.layout import TableRow
from qualpipe.compare.figures.prevalence import heatmap_figure, prevalence_figure
from qualpipe.compare.figures.rates import rates_figure
from qualpipe.compare.figures.save import save_figure
from qualpipe.compare.figures.table1 import table1_figure
from qualpipe.compare.figures.titles import comparison_title, study_title
from qualpipe.compare.figures.wave_change import wave_change_figure
from qualpipe.compare.plan import Comparison, ComparisonConfig, figure_plan
from qualpipe.compare.study import BASIS_NOTE, CONSENSUS, PRECODES


def draw_figures(
    *,
    prevalence_path: str,
    panel_path: str,
    rates_path: str,
    cooccurrence_path: str,
    table1_path: str,
    codebook_path: str,
    schema_path: str,
    comparisons: Sequence[ComparisonConfig],
    formats: Sequence[str],
    folder: str,
    roles: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """The article's figures from the comparison tables, each in every format.

    Which comparison each figure shows: `figure_plan`. roles (Mapping): config roles, whose
    labels name the groups and roles in legends and columns as the tables name them.
    RETURNS (list[str]): the files written.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    prevalence = read_rows(prevalence_path)
    basis = prevalence[0]["basis"] if prevalence else CONSENSUS
    note = "" if basis == CONSENSUS else BASIS_NOTE[PRECODES]
    # The table each figure is drawn from; prevalence and heatmap share prevalence.csv.
    tables = {"rates": rates_path, "wave_change": panel_path}
    tables |= {"cooccurrence": cooccurrence_path, "table1": table1_path}
    labels = value_labels(roles or {})
    drawn = {}
    for name, comparison in figure_plan(comparisons).items():
        rows = read_rows(tables[name]) if name in tables else prevalence
        if comparison is None:
            title = study_title(prevalence, read_rows(table1_path))
            drawn[name] = _study_figure(name, rows, codebook, title=title, note=note)
        else:
            mine = [r for r in rows if r["comparison"] == comparison.id]
            title = comparison_title(comparison, prevalence, mine)
            if name == "wave_change":  # presence and rates of the panel, side by side
                rates = [r for r in read_rows(rates_path) if r["comparison"] == comparison.id]
                drawn[name] = wave_change_figure(
                    mine, rates, codebook, title=title, basis_note=note
                )
            else:
                names = labels.get(comparison.variable, {})
                drawn[name] = _comparison_figure(
                    name, mine, comparison, codebook, title=title, note=note, names=names
                )
    written = []
    for name, figure in drawn.items():
        written += [str(p) for p in save_figure(figure, Path(folder) / name, formats=formats)]
    return written


def _comparison_figure(
    name: str,
    rows: Sequence[TableRow],
    comparison: Comparison,
    codebook: Codebook,
    *,
    title: str,
    note: str,
    names: Mapping[str, str],
) -> Figure:
    """A figure of one comparison's rows: prevalence, rates or heatmap; names (Mapping): the
    comparison's values as a reader reads them."""
    if name == "prevalence":
        return prevalence_figure(
            rows, codebook, variable=comparison.variable, values=comparison.values,
            title=title, basis_note=note, value_labels=names,
        )  # fmt: skip
    if name == "rates":
        return rates_figure(rows, codebook, title=title, basis_note=note, value_labels=names)
    return heatmap_figure(
        rows, codebook, variable=comparison.variable, title=title, basis_note=note,
        value_labels=names,
    )  # fmt: skip


def _study_figure(
    name: str, rows: Sequence[TableRow], codebook: Codebook, *, title: str, note: str
) -> Figure:
    """A figure of the whole study: co-occurrence or Table 1."""
    if name == "cooccurrence":
        return cooccurrence_figure(rows, codebook, title=title, basis_note=note)
    return table1_figure(rows)
