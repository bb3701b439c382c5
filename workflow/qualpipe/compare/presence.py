"""Interview-level presence of codes: prevalence with Wilson intervals, the tests between the
values of a comparison, the panel's paired test; q-values within each level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from qualpipe.codebook import Codebook
from qualpipe.common.io import cell
from qualpipe.compare.plan import Comparison
from qualpipe.compare.stats.counts import (
    benjamini_hochberg,
    chi2_monte_carlo,
    difference_interval,
    fisher_exact,
    mcnemar_exact,
    odds_ratio,
    small_counts,
    wilson_interval,
)
from qualpipe.compare.study import Study, interviews_by_value, levels, panel_pairs

# A cell of a comparison table before it is written: text, a count, a p-value, or None for a
# q-value still to be filled in (`with_q`).
Cell = str | int | float | None
PREVALENCE_FIELDS = (
    "basis",
    "level",
    "id",
    "label",
    "theme",
    "category",
    "variable",
    "value",
    "interviews",
    "interviews_with",
    "share",
    "share_low",
    "share_high",
    "segments",
    "words",
    "per_1000_words",
    "comparison",
)
COMPARISON_FIELDS = (
    "basis",
    "comparison",
    "level",
    "id",
    "label",
    "value_a",
    "value_b",
    "a_with",
    "a_n",
    "b_with",
    "b_n",
    "share_a",
    "share_b",
    "difference",
    "difference_low",
    "difference_high",
    "odds_ratio",
    "or_low",
    "or_high",
    "p",
    "q",
    "test",
    "note",
)
PANEL_FIELDS = (
    "basis",
    "comparison",
    "level",
    "id",
    "label",
    "persons",
    "with_first",
    "with_second",
    "both",
    "only_first",
    "only_second",
    "share_first",
    "share_second",
    "p",
    "q",
    "first",
    "second",
)


def prevalence_rows(
    study: Study, codebook: Codebook, planned: Sequence[Comparison]
) -> list[list[Cell]]:
    """Interviews mentioning (with Wilson intervals), segments and segments per 1,000 words.

    One block for all interviews (variable 'all'), then one per comparison, on the
    comparison's interviews (its 'where') split by its variable.
    """
    splits = [("", "all", {"all": list(study.interviews)})]
    splits += [(c.id, c.variable, interviews_by_value(study, c)) for c in planned]
    rows: list[list[Cell]] = []
    for comparison, variable, groups in splits:
        for level, node_id, label, theme, category, codes in levels(codebook):
            for value, members in groups.items():
                words = sum(study.words.get(i, 0) for i in members)
                hits = sum(study.hits(i, codes) for i in members)
                k = sum(1 for i in members if study.present(i) & codes)
                low, high = wilson_interval(k, len(members))
                share = k / len(members) if members else math.nan
                per_1000 = 1000 * hits / words if words else math.nan
                rows.append(
                    [study.basis, level, node_id, label, theme, category, variable, value,
                     len(members), k, cell(share), cell(low), cell(high), hits, words,
                     cell(per_1000), comparison]
                )  # fmt: skip
    return rows


def _p(value: float) -> str:
    """A p- or q-value: four decimals, or two significant digits below 0.0001."""
    if math.isnan(value):
        return ""
    return f"{value:.1e}" if value < 1e-4 else f"{value:.4f}"


def comparison_rows(
    study: Study, codebook: Codebook, comparison: Comparison, *, resamples: int, seed: int
) -> list[list[Cell]]:
    """Interview-level presence compared between the comparison's values, q by level."""
    groups = interviews_by_value(study, comparison)
    values = list(groups)
    rows = []
    for level, node_id, label, _, _, codes in levels(codebook):
        counts = [(sum(1 for i in m if study.present(i) & codes), len(m)) for m in groups.values()]
        found: dict[str, Cell]
        head: dict[str, Cell] = {"basis": study.basis, "comparison": comparison.id, "level": level}
        head |= {"id": node_id, "label": label}
        if len(groups) == 2:
            (k1, n1), (k2, n2) = counts
            diff, d_low, d_high = difference_interval(k1, n1, k2, n2)
            ratio, r_low, r_high, corrected = odds_ratio(k1, n1 - k1, k2, n2 - k2)
            notes = [
                small_counts([[k1, n1 - k1], [k2, n2 - k2]]),
                "odds ratio with 0.5 added to every cell" if corrected else "",
            ]
            found = {"value_a": values[0], "value_b": values[1], "a_with": k1, "a_n": n1}
            found |= {"b_with": k2, "b_n": n2}
            found |= {"share_a": cell(k1 / n1 if n1 else math.nan)}
            found |= {"share_b": cell(k2 / n2 if n2 else math.nan), "difference": cell(diff)}
            found |= {"difference_low": cell(d_low), "difference_high": cell(d_high)}
            found |= {"odds_ratio": cell(ratio), "or_low": cell(r_low), "or_high": cell(r_high)}
            found |= {"p": fisher_exact(k1, n1 - k1, k2, n2 - k2), "test": "fisher"}
            found |= {"note": "; ".join(filter(None, notes))}
        else:
            table = [[k, n - k] for k, n in counts]
            _, p = chi2_monte_carlo(_array(table), resamples=resamples, seed=seed)
            found = {"value_a": "; ".join(values), "p": p, "test": "chi2_mc"}
            found |= {"a_with": "; ".join(str(k) for k, _ in counts)}
            found |= {"a_n": "; ".join(str(n) for _, n in counts)}
            found |= {"note": small_counts(table)}
        rows.append(_fields(COMPARISON_FIELDS, head | found))
    return with_q(rows, p_index=COMPARISON_FIELDS.index("p"), level_index=2)


def _fields(fields: Sequence[str], values: Mapping[str, Cell]) -> list[Cell]:
    """A row in the order of `fields`; a field without a value is '' (q: filled in later)."""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValueError(f"not a field of the table: {unknown}")
    return [values.get(name, None if name == "q" else "") for name in fields]


def _array(table: Sequence[Sequence[int]]) -> npt.NDArray[np.int_]:
    return np.array(table, dtype=int)


def number(value: Cell) -> float:
    """A filled cell as a float: text such as '0.1234', a count or a p-value."""
    if value is None:
        raise TypeError("a q-value cell was read before it was filled in")
    return float(value)


def with_q(rows: list[list[Cell]], *, p_index: int, level_index: int) -> list[list[Cell]]:
    """Benjamini–Hochberg q-values within each level (themes, categories, codes) of a table."""
    for level in ("theme", "category", "code"):
        mine = [r for r in rows if r[level_index] == level]
        qs = benjamini_hochberg(
            [number(r[p_index]) if r[p_index] != "" else math.nan for r in mine]
        )
        for row, q in zip(mine, qs, strict=True):
            row[p_index + 1] = _p(q)
            row[p_index] = _p(number(row[p_index])) if row[p_index] != "" else ""
    return rows


def panel_rows(study: Study, codebook: Codebook, comparison: Comparison) -> list[list[Cell]]:
    """The same persons in two waves: McNemar's exact test on their paired interviews."""
    first, second = comparison.values[:2]
    pairs = panel_pairs(study, comparison)
    rows: list[list[Cell]] = []
    for level, node_id, label, _, _, codes in levels(codebook):
        had = [
            (bool(study.present(a) & codes), bool(study.present(b) & codes))
            for a, b in sorted(pairs)
        ]
        both = sum(1 for x, y in had if x and y)
        only_first = sum(1 for x, y in had if x and not y)
        only_second = sum(1 for x, y in had if y and not x)
        n = len(had)
        rows.append(
            [
                study.basis,
                comparison.id,
                level,
                node_id,
                label,
                n,
                both + only_first,
                both + only_second,
                both,
                only_first,
                only_second,
                cell((both + only_first) / n if n else math.nan),
                cell((both + only_second) / n if n else math.nan),
                mcnemar_exact(only_first, only_second) if n else "",
                None,
                first,
                second,
            ]
        )
    return with_q(rows, p_index=PANEL_FIELDS.index("p"), level_index=2)
