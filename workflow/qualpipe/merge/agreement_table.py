"""Merge: the agreement table (rule merge_agreement): decisions.csv as a units × coders
presence matrix per code, agreement per code and overall at segment and interview level with
bootstrap CIs (merge.agreement), and the table as the article reports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from qualpipe.codebook import load_codebook
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
    codes = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False).ids
    decisions = read_rows(decisions_path)
    rows = []
    for level in ("segment", "interview"):
        matrices = presence_matrices(decisions, codes, coders, level=level)
        rows += agreement_rows(matrices, resamples=resamples, seed=seed, level_name=level)
    write_rows(
        Path(table_path), AGREEMENT_FIELDS, [[cell(r[k]) for k in AGREEMENT_FIELDS] for r in rows]
    )
    write_text_atomic(agreement_markdown(rows), Path(markdown_path))
    return len(rows)


AGREEMENT_HEADER = (
    "| code | units | positives | % agreement | Cohen's κ [95% CI] | Krippendorff's α [95% CI] |"
)
AGREEMENT_RULE = "| --- | ---: | ---: | ---: | ---: | ---: |"


def agreement_markdown(rows: Sequence[Mapping[str, object]]) -> str:
    """Agreement as the article reports it: one table per level, CIs in brackets."""
    lines = []
    for level in ("segment", "interview"):
        lines += [f"## Agreement at {level} level", "", AGREEMENT_HEADER, AGREEMENT_RULE]
        for row in (r for r in rows if r["level"] == level):
            lines.append(
                f"| {row['code']} | {row['units']} | {row['positives']} | {_pct(row['agreement'])} "
                f"| {_ci(row, 'kappa')} | {_ci(row, 'alpha')} |"
            )
        lines.append("")
    return "\n".join(lines)


def _pct(value: object) -> str:
    return "–" if value != value else f"{100 * float(value):.1f}"  # type: ignore[arg-type]


def _ci(row: Mapping[str, object], name: str) -> str:
    value, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
    if value != value:
        return "–"
    interval = "" if low != low else f" [{float(low):.2f}, {float(high):.2f}]"  # type: ignore[arg-type]
    return f"{float(value):.2f}{interval}"  # type: ignore[arg-type]
