"""Merge: the agreement table (rule merge_agreement): decisions.csv as a units × coders
presence matrix per code, agreement per code and overall at segment and interview level with
bootstrap CIs (merge.agreement), and the table as the article reports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import cell, read_rows, write_rows, write_text_atomic
from qualpipe.merge.agreement import agreement_rows
from qualpipe.merge.decisions import NOT_CODED


def presence_matrices(
    decisions: Sequence[Mapping[str, str]],
    codes: Sequence[str],
    coders: Sequence[str],
    *,
    level: str,
) -> dict[str, np.ndarray]:
    """Per code, a units × coders matrix: 1 applied, 0 coded without it, NaN not coded.

    level (str): 'segment' (units are segments) or 'interview' (a code is present in an
        interview when the coder applied it to any segment of it; a coder who coded no
        segment of the interview is missing there).
    RETURNS (dict[str, numpy.ndarray]): by code, units in first-seen order; units no coder
        coded are left out.
    """
    column = {coder: n for n, coder in enumerate(coders)}
    units: dict[str, dict[int, set[str]]] = {}
    for row in decisions:
        if row["status"] == NOT_CODED or row["coder"] not in column:
            continue
        unit = row["segment_id"] if level == "segment" else row["interview_id"]
        found = units.setdefault(unit, {}).setdefault(column[row["coder"]], set())
        found.update(filter(None, row["codes"].split(";")))
    matrices = {}
    for code in codes:
        matrix = np.full((len(units), len(coders)), np.nan)
        for i, by_coder in enumerate(units.values()):
            for j, found in by_coder.items():
                matrix[i, j] = 1.0 if code in found else 0.0
        matrices[code] = matrix
    return matrices


AGREEMENT_FIELDS = (
    "level", "code", "units", "coders", "positives", "agreement", "agreement_low",
    "agreement_high", "kappa", "kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high",
)  # fmt: skip


def agreement(
    *,
    decisions_path: str,
    codebook_path: str,
    schema_path: str,
    coders: Sequence[str],
    resamples: int,
    seed: int,
    table_path: str,
    markdown_path: str,
) -> int:
    """Agreement per code and overall, at segment and interview level, with bootstrap CIs.

    RETURNS (int): the number of rows written.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    codes = codebook.ids
    decisions = read_rows(decisions_path)
    rows = []
    for level in ("segment", "interview"):
        matrices = presence_matrices(decisions, codes, coders, level=level)
        rows += agreement_rows(matrices, resamples=resamples, seed=seed, level_name=level)
    write_rows(
        Path(table_path), AGREEMENT_FIELDS, [[cell(r[k]) for k in AGREEMENT_FIELDS] for r in rows]
    )
    markdown = agreement_markdown(rows, codebook, resamples=resamples)
    write_text_atomic(markdown, Path(markdown_path))
    return len(rows)


AGREEMENT_HEADER = (
    "| Code | Units | Coded by any coder | Agreement (%) | Cohen's κ | 95% CI "
    "| Krippendorff's α | 95% CI |"
)
AGREEMENT_RULE = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
UNITS = {"segment": "segments", "interview": "interviews"}


def agreement_markdown(
    rows: Sequence[Mapping[str, object]], codebook: Codebook, *, resamples: int
) -> str:
    """Agreement as the article reports it: one table per level, codes by their labels under
    their categories, each statistic and its interval in their own columns, terms defined."""
    lines = []
    for number, level in enumerate(("segment", "interview"), start=1):
        mine = {str(r["code"]): r for r in rows if r["level"] == level}
        lines += [f"## Table {number}. Agreement between coders by {level}", ""]
        lines += [AGREEMENT_HEADER, AGREEMENT_RULE]
        for category in codebook.categories:
            lines.append(f"| **{category.label}** |" + " |" * 7)
            codes = [c for c in codebook.codes if c.category == category.id and c.id in mine]
            lines += [_agreement_line(c.label, mine[c.id]) for c in codes]
        if "overall" in mine:
            lines.append(_agreement_line("**All codes, pooled**", mine["overall"]))
        lines += ["", _agreement_note(UNITS[level], resamples=resamples), ""]
    return "\n".join(lines)


def _agreement_line(label: str, row: Mapping[str, object]) -> str:
    cells = [label, f"{row['units']:,}", f"{row['positives']:,}", _pct(row["agreement"])]
    cells += [*_ci(row, "kappa"), *_ci(row, "alpha")]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _agreement_note(units: str, *, resamples: int) -> str:
    return (
        f"*Note.* Units: the {units} that at least two coders coded. Coded by any coder: of "
        "those, the ones a coder applied the code to. Agreement: the share of units on which "
        "the coders agree (both apply the code or neither does). Cohen's κ (two coders) and "
        "Krippendorff's α (nominal) correct that share for agreement by chance; 95% CI: "
        f"percentile bootstrap interval over units ({resamples:,} resamples). –: undefined, "
        "when no coder varies (the code applied to every unit or to none). All codes, "
        "pooled: every code's units together; rare codes make it mostly agreement on absence."
    )


def _pct(value: object) -> str:
    return "–" if value != value else f"{100 * float(value):.1f}"  # type: ignore[arg-type]


def _ci(row: Mapping[str, object], name: str) -> tuple[str, str]:
    """A statistic and its interval ('low to high'), '–' where undefined."""
    value, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
    if value != value:
        return "–", "–"
    interval = "–" if low != low else f"{float(low):.2f} to {float(high):.2f}"  # type: ignore[arg-type]
    return f"{float(value):.2f}", interval  # type: ignore[arg-type]
