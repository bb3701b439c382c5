"""Rates compared: coded segments per 1,000 respondent words, per interview, between the
values of a comparison (rank tests, q-values within each level).
"""

from __future__ import annotations

import math
import statistics

from qualpipe.codebook import Codebook
from qualpipe.common.io import cell
from qualpipe.compare.plan import Comparison
from qualpipe.compare.presence import Cell, with_q
from qualpipe.compare.stats.ranks import (
    hodges_lehmann,
    kruskal_wallis,
    mann_whitney,
    wilcoxon_signed_rank,
)
from qualpipe.compare.study import Study, interviews_by_value, levels, panel_pairs

RATE_FIELDS = (
    "basis", "comparison", "level", "id", "label", "values", "interviews", "median_rates",
    "estimate", "estimate_low", "estimate_high", "statistic", "p", "q", "test", "note",
)  # fmt: skip
# Hodges-Lehmann's interval is unbounded (-inf, inf) when no order statistic reaches the
# level; a spreadsheet shows 'inf' as #NAME?, so the cells stay empty and the note says why.
UNBOUNDED = "no 95% interval: too few interviews for any difference to reach the level"


def interview_rates(study: Study, codes: set[str]) -> dict[str, float]:
    """Segments coded with any of `codes` per 1,000 respondent words, per interview."""
    words = study.words
    return {i: 1000 * study.hits(i, codes) / words[i] for i in study.interviews if words.get(i)}


def rate_rows(study: Study, codebook: Codebook, comparison: Comparison) -> list[list[Cell]]:
    """Rates compared: Mann-Whitney with the Hodges-Lehmann shift (two values), Kruskal-Wallis
    (more), Wilcoxon signed-rank on each person's two interviews (panel)."""
    groups = interviews_by_value(study, comparison)
    pairs = panel_pairs(study, comparison) if comparison.panel else []
    rows: list[list[Cell]] = []
    for level, node_id, label, _, _, codes in levels(codebook):
        rates = interview_rates(study, codes)
        samples = [[rates[i] for i in members if i in rates] for members in groups.values()]
        medians = "; ".join(cell(statistics.median(x)) if x else "" for x in samples)
        estimate = low = high = math.nan
        note = ""
        if comparison.panel:
            paired = [(rates[a], rates[b]) for a, b in pairs if a in rates and b in rates]
            statistic, p = wilcoxon_signed_rank([a for a, _ in paired], [b for _, b in paired])
            differences = [b - a for a, b in paired]
            estimate = statistics.median(differences) if differences else math.nan
            medians = "; ".join(
                cell(statistics.median(x)) if x else "" for x in zip(*paired, strict=True)
            )
            test, counts = "wilcoxon", f"{len(paired)} persons"
        elif len(samples) == 2:
            statistic, p = mann_whitney(samples[0], samples[1])
            estimate, low, high = hodges_lehmann(samples[0], samples[1])
            test, counts = "mann_whitney", "; ".join(str(len(x)) for x in samples)
            if math.isinf(low) or math.isinf(high):
                low, high, note = math.nan, math.nan, UNBOUNDED
        else:
            statistic, p = kruskal_wallis(samples)
            test, counts = "kruskal_wallis", "; ".join(str(len(x)) for x in samples)
        rows.append(
            [study.basis, comparison.id, level, node_id, label, "; ".join(groups), counts, medians,
             cell(estimate), cell(low), cell(high), cell(statistic), p, None, test, note]
        )  # fmt: skip
    return with_q(rows, p_index=RATE_FIELDS.index("p"), level_index=2)
