"""Inter-coder agreement: percent agreement, Cohen's kappa, Krippendorff's alpha, bootstrap CIs.

Pure functions on a `units × coders` float matrix for one code: 1.0 the coder applied the code
to the unit, 0.0 the coder coded the unit and did not apply it (including 'nothing applies'),
NaN the coder did not code the unit. Units are segments or interviews; alpha and percent
agreement also take general nominal data (any category values, NaN for missing).

Each statistic is a function of per-unit terms summed over units (its sufficient statistics).
The point estimate sums them over the rows; the bootstrap sums them over resampled rows, which
is what makes 1000 resamples of a 23,000-unit matrix take milliseconds (see `bootstrap_ci`).
All counts are whole numbers held exactly in float64, so any summation order gives the same
sums, and the fast and the general bootstrap paths agree to the last bit for two coders.

Degenerate cases are NaN, never an error: nothing pairable (every statistic), both coders
constant on the same value (kappa: pe == 1), a single category in all pairable values (alpha:
De == 0). Percent agreement stays defined there: all agree on a constant gives 1.0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np

Statistic = Callable[[np.ndarray], float]
Combine = Callable[[np.ndarray], np.ndarray]


def _as_matrix(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"expected a units × coders matrix, got shape {matrix.shape}")
    return matrix


def _category_counts(matrix: np.ndarray) -> np.ndarray:
    """units × categories: how many coders gave each unit each category (sorted values)."""
    coded = ~np.isnan(matrix)
    _, category = np.unique(matrix[coded], return_inverse=True)
    size = int(category.max(initial=-1)) + 1
    cell = np.nonzero(coded)[0] * size + category
    counts = np.bincount(cell, minlength=matrix.shape[0] * size)
    return counts.reshape(matrix.shape[0], size).astype(float)


def pairable_units(matrix: np.ndarray) -> np.ndarray:
    """Which units have at least two values, so that some pair of coders can be compared.

    matrix (np.ndarray): units × coders, NaN where a coder did not code the unit.
    RETURNS (np.ndarray): bool per unit.
    """
    return (~np.isnan(_as_matrix(matrix))).sum(axis=1) >= 2


def _agreement_terms(matrix: np.ndarray) -> np.ndarray:
    """Per unit: agreeing coder pairs, coder pairs."""
    counts = _category_counts(matrix)
    values = counts.sum(axis=1)
    agreeing = (counts * (counts - 1)).sum(axis=1) / 2
    return np.column_stack([agreeing, values * (values - 1) / 2])


def _agreement_from(sums: np.ndarray) -> np.ndarray:
    agreeing, pairs = sums[..., 0], sums[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pairs > 0, agreeing / pairs, np.nan)


def percent_agreement(matrix: np.ndarray) -> float:
    """Share of agreeing coder pairs among all pairs of values coded for the same unit.

    Each unit with at least two values contributes all its coder pairs, so for two coders this
    is the share of units both coded on which they agree.

    matrix (np.ndarray): units × coders, category values, NaN where a coder did not code.
    RETURNS (float): agreement in [0, 1]; NaN when no unit is pairable.
    """
    return float(_agreement_from(_agreement_terms(_as_matrix(matrix)).sum(axis=0)))


def _kappa_terms(matrix: np.ndarray) -> np.ndarray:
    """Per unit: both coded, agree, first coder's category (one-hot), second coder's."""
    if matrix.shape[1] != 2:
        raise ValueError(f"Cohen's kappa needs exactly 2 coders, got {matrix.shape[1]}")
    both = ~np.isnan(matrix).any(axis=1)
    categories = np.unique(matrix[~np.isnan(matrix)])
    first = (matrix[:, [0]] == categories) & both[:, None]
    second = (matrix[:, [1]] == categories) & both[:, None]
    agree = both & (matrix[:, 0] == matrix[:, 1])
    return np.column_stack([both, agree, first, second]).astype(float)


def _kappa_from(sums: np.ndarray) -> np.ndarray:
    # κ = (po − pe) / (1 − pe) multiplied through by n², so that pe == 1 is an exact test.
    size = (sums.shape[-1] - 2) // 2
    units, agree = sums[..., 0], sums[..., 1]
    chance = (sums[..., 2 : 2 + size] * sums[..., 2 + size :]).sum(axis=-1)
    expected = units * units - chance
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, (units * agree - chance) / expected, np.nan)


def cohen_kappa(matrix: np.ndarray) -> float:
    """Cohen's kappa of two coders on the units both coded: κ = (po − pe) / (1 − pe).

    When both coders gave every unit the same single value, pe == 1 and kappa is 0/0: it is
    NaN here, as in scikit-learn and statsmodels (which return NaN with a RuntimeWarning).

    matrix (np.ndarray): units × 2, category values, NaN where a coder did not code.
    RETURNS (float): kappa; NaN when no unit was coded by both or when pe == 1.
    """
    return float(_kappa_from(_kappa_terms(_as_matrix(matrix)).sum(axis=0)))


def _alpha_terms(matrix: np.ndarray) -> np.ndarray:
    """Per pairable unit: values m_u, coincidences within categories, values by category."""
    counts = _category_counts(matrix)
    counts[counts.sum(axis=1) < 2] = 0.0
    values = counts.sum(axis=1)
    within = (counts * (counts - 1)).sum(axis=1)
    coincident = np.divide(within, values - 1, out=np.zeros_like(within), where=values >= 2)
    return np.column_stack([values, coincident, counts])


def _alpha_from(sums: np.ndarray) -> np.ndarray:
    # α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, with Σ_{c≠k} o_ck = n − Σ_c o_cc.
    total, coincident = sums[..., 0], sums[..., 1]
    expected = total * total - (sums[..., 2:] ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (total - 1) * (total - coincident) / expected, np.nan)


def krippendorff_alpha(matrix: np.ndarray, *, level: str = "nominal") -> float:
    """Krippendorff's alpha from the coincidence matrix (Krippendorff 2011, 'Computing
    Krippendorff's alpha-reliability'), any number of coders, missing values allowed.

    Units with fewer than two values are not pairable and are dropped. When all pairable
    values fall in one category the expected disagreement De is 0 and alpha is 0/0: NaN here
    (the `krippendorff` package raises an error instead).

    matrix (np.ndarray): units × coders, category values, NaN where a coder did not code.
    level (str): level of measurement; only 'nominal' is implemented.
    RETURNS (float): alpha; NaN when nothing is pairable or De == 0.
    """
    if level != "nominal":
        raise ValueError(f"only level='nominal' is implemented, got {level!r}")
    return float(_alpha_from(_alpha_terms(_as_matrix(matrix)).sum(axis=0)))


# Statistics the bootstrap computes from summed per-unit terms instead of calling them.
FAST_PATHS: dict[Statistic, tuple[Callable[[np.ndarray], np.ndarray], Combine]] = {
    percent_agreement: (_agreement_terms, _agreement_from),
    cohen_kappa: (_kappa_terms, _kappa_from),
    krippendorff_alpha: (_alpha_terms, _alpha_from),
}


def resample_patterns(
    matrix: np.ndarray, *, resamples: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap resamples of the units, as counts of each distinct row.

    Drawing n units with replacement and counting how often each distinct row (pattern) was
    drawn gives a multinomial(n, pattern shares) draw; sampling that directly is the same
    bootstrap, at a cost of resamples × patterns instead of resamples × units.

    matrix (np.ndarray): units × coders, NaN where a coder did not code.
    resamples (int): number of bootstrap resamples.
    seed (int): seed of `np.random.default_rng`.
    RETURNS (tuple[np.ndarray, np.ndarray]): patterns × coders distinct rows (sorted), and
        resamples × patterns counts, each row summing to the number of units.
    """
    first, counts = _distinct_rows(matrix)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(matrix.shape[0], counts / matrix.shape[0], size=resamples)
    return matrix[first], draws


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of one row of each distinct row (lexicographic order, NaN last), and its count."""
    # np.unique(axis=0) sorts rows as void bytes: about 20x slower than lexsort on 23,000 rows.
    order = np.lexsort(matrix.T[::-1])
    ordered = matrix[order]
    missing = np.isnan(ordered)
    differ = (ordered[1:] != ordered[:-1]) & ~(missing[1:] & missing[:-1])
    starts = np.flatnonzero(np.r_[True, differ.any(axis=1)])
    return order[starts], np.diff(np.r_[starts, matrix.shape[0]])


def _percentile_interval(values: np.ndarray, *, level: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size * 2 < values.size:
        return (np.nan, np.nan)
    low, high = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2])
    return (float(low), float(high))


def bootstrap_ci(
    statistic: Statistic,
    matrix: np.ndarray,
    *,
    resamples: int,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval, resampling units (rows) with replacement.

    The statistics of this module (keys of FAST_PATHS) are computed for all resamples at once
    from their per-unit terms; any other statistic is called on each resampled matrix, whose
    rows come grouped by pattern, so it must not depend on row order. Both paths use the same
    draws (`resample_patterns`), so they give the same interval for the same seed.

    statistic (Callable[[np.ndarray], float]): statistic of a units × coders matrix.
    matrix (np.ndarray): units × coders, NaN where a coder did not code.
    resamples (int): number of bootstrap resamples.
    seed (int): seed of `np.random.default_rng`; same seed, same interval.
    level (float): confidence level, between 0 and 1.
    RETURNS (tuple[float, float]): (low, high) over the resamples where the statistic is
        finite; (nan, nan) when fewer than half of them are, or the matrix is empty.
    """
    matrix = _as_matrix(matrix)
    if resamples < 1 or not 0 < level < 1:
        raise ValueError(f"need resamples >= 1 and 0 < level < 1, got {resamples}, {level}")
    if matrix.size == 0:
        return (np.nan, np.nan)
    patterns, draws = resample_patterns(matrix, resamples=resamples, seed=seed)
    if statistic in FAST_PATHS:
        terms, combine = FAST_PATHS[statistic]
        values = combine(draws @ terms(patterns))
    else:
        values = np.array([statistic(np.repeat(patterns, draw, axis=0)) for draw in draws])
    return _percentile_interval(values, level=level)


def _statistics(coders: int) -> dict[str, Statistic | None]:
    kappa = cohen_kappa if coders == 2 else None
    return {"agreement": percent_agreement, "kappa": kappa, "alpha": krippendorff_alpha}


def agreement_row(
    matrix: np.ndarray, *, code: str, level_name: str, resamples: int, seed: int
) -> dict:
    """Agreement statistics of one code with their bootstrap intervals.

    matrix (np.ndarray): units × coders, 1.0 applied, 0.0 not applied, NaN not coded.
    code (str): the code's name, or 'overall'.
    level_name (str): 'segment' or 'interview', copied into the row.
    resamples (int): bootstrap resamples per interval.
    seed (int): bootstrap seed, the same for every statistic, so they share their resamples.
    RETURNS (dict): level, code, units (pairable), coders, agreement, kappa (NaN unless
        exactly 2 coders), alpha, <statistic>_low/_high, positives (of those units, the ones
        any coder applied the code to).
    """
    matrix = _as_matrix(matrix)
    statistics = _statistics(matrix.shape[1])
    row: dict = {"level": level_name, "code": code, "units": int(pairable_units(matrix).sum())}
    row["coders"] = matrix.shape[1]
    row |= {name: f(matrix) if f else np.nan for name, f in statistics.items()}
    for name, f in statistics.items():
        interval = bootstrap_ci(f, matrix, resamples=resamples, seed=seed) if f else None
        row[f"{name}_low"], row[f"{name}_high"] = interval or (np.nan, np.nan)
    # Among the units counted, not all coded ones: a unit one coder alone coded is no unit of
    # agreement (76 'positives' of 75 interviews read as a bug, issue 17).
    row["positives"] = int(np.any(matrix[pairable_units(matrix)] == 1, axis=1).sum())
    return row


def agreement_rows(
    matrices: Mapping[str, np.ndarray], *, resamples: int, seed: int, level_name: str
) -> list[dict]:
    """One agreement row per code, in mapping order, then an 'overall' row.

    The overall row pools all codes: the matrices are stacked vertically, so its units are
    (unit, code) pairs and it weights each code by its number of units. This is the usual
    overall figure for binary presence/absence coding (NVivo's and MAXQDA's), and it is
    dominated by agreement on absence when codes are rare: read it beside the per-code rows.
    Every code uses the same seed, so adding a code changes no other code's interval.

    matrices (Mapping[str, np.ndarray]): code → units × coders matrix, same coders for all.
    resamples (int): bootstrap resamples per interval.
    seed (int): bootstrap seed.
    level_name (str): 'segment' or 'interview', copied into every row.
    RETURNS (list[dict]): rows as `agreement_row` returns them; [] when there are no codes.
    """
    if not matrices:
        return []
    coders = {_as_matrix(matrix).shape[1] for matrix in matrices.values()}
    if len(coders) != 1:
        raise ValueError(f"every code's matrix needs the same coders, got {sorted(coders)}")
    row = partial(agreement_row, level_name=level_name, resamples=resamples, seed=seed)
    rows = [row(m, code=code) for code, m in matrices.items()]
    pooled = np.vstack([_as_matrix(matrix) for matrix in matrices.values()])
    return [*rows, row(pooled, code="overall")]
