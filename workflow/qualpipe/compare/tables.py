"""Cross-group comparison: prevalence by group and wave, tests, co-occurrence, exemplar quotes.

The unit of comparison is the interview: a code is present in an interview when it was coded
in any of its segments. With coders, the codes are the consensus codes and only coded
interviews count; without coders, the codes are the keyword suggestions that are not negated,
and every output says so (`basis`). Tidy CSV tables are the source of truth; the Markdown,
LaTeX and Word renderings are derived from the same rows. This module writes them all (rule
compare_tables).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualpipe.codebook import load_codebook
from qualpipe.common.io import write_bytes_atomic, write_rows, write_text_atomic
from qualpipe.common.labels import value_labels
from qualpipe.compare.article import comparison_tables
from qualpipe.compare.cooccurrence import COOCCURRENCE_FIELDS, cooccurrence_rows
from qualpipe.compare.plan import ComparisonConfig, comparisons_from
from qualpipe.compare.presence import (
    COMPARISON_FIELDS,
    PANEL_FIELDS,
    PREVALENCE_FIELDS,
    comparison_rows,
    panel_rows,
    prevalence_rows,
)
from qualpipe.compare.quotes import QUOTE_FIELDS, quote_rows, quotes_latex, quotes_markdown
from qualpipe.compare.rates import RATE_FIELDS, rate_rows
from qualpipe.compare.render import tables_latex, tables_markdown
from qualpipe.compare.study import load_study
from qualpipe.compare.word import tables_docx

LOGGER = logging.getLogger("qualpipe")


def compare(
    *,
    segments_path: str,
    documents: Sequence[str],
    final_path: str,
    consensus_path: str,
    suggestions_path: str,
    codebook_path: str,
    schema_path: str,
    comparisons: Sequence[ComparisonConfig],
    roles: Mapping[str, Mapping[str, str]],
    quotes: int,
    resamples: int,
    seed: int,
    outputs: Mapping[str, str],
) -> str:
    """Every comparison table, its Markdown, LaTeX and Word renderings, and the exemplar
    quotes.

    final_path, consensus_path (str): the merge stage's outputs, or '' when no coder has
        returned a sheet (the pre-codes are compared then, and every output says so).
    roles (Mapping[str, Mapping[str, str]]): config roles, whose labels name the groups.
    RETURNS (str): the basis of the comparison, 'consensus' or 'pre-codes'.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    study = load_study(
        segments_path=segments_path,
        documents=documents,
        final_path=final_path,
        consensus_path=consensus_path,
        suggestions_path=suggestions_path,
    )
    labels = value_labels(roles)
    planned = comparisons_from(comparisons)
    prevalence = prevalence_rows(study, codebook, planned)
    compared = [
        r
        for c in planned
        if not c.panel
        for r in comparison_rows(study, codebook, c, resamples=resamples, seed=seed)
    ]
    panel = [r for c in planned if c.panel for r in panel_rows(study, codebook, c)]
    rates = [r for c in planned for r in rate_rows(study, codebook, c)]
    quoted = quote_rows(study, codebook, per_group=quotes)
    write_rows(Path(outputs["prevalence"]), PREVALENCE_FIELDS, prevalence)
    write_rows(Path(outputs["comparisons"]), COMPARISON_FIELDS, compared)
    write_rows(Path(outputs["panel"]), PANEL_FIELDS, panel)
    write_rows(Path(outputs["rates"]), RATE_FIELDS, rates)
    write_rows(
        Path(outputs["cooccurrence"]), COOCCURRENCE_FIELDS, cooccurrence_rows(study, codebook)
    )
    write_rows(Path(outputs["quotes"]), QUOTE_FIELDS, quoted)
    for key, render in (("quotes_md", quotes_markdown), ("quotes_tex", quotes_latex)):
        text = render(quoted, study.basis, codebook=codebook, groups=labels["group"])
        write_text_atomic(text, Path(outputs[key]))
    tables = comparison_tables(
        compared=compared, panel=panel, rates=rates, planned=planned, codebook=codebook,
        labels=labels,
    )  # fmt: skip
    write_text_atomic(tables_markdown(tables, study.basis), Path(outputs["tables_md"]))
    write_text_atomic(tables_latex(tables, study.basis), Path(outputs["tables_tex"]))
    write_bytes_atomic(tables_docx(tables, study.basis), Path(outputs["tables_docx"]))
    LOGGER.info("compared %d interviews on %s", len(study.interviews), study.basis)
    return study.basis
