"""Rank tests of per-interview rates between groups, each matching scipy.stats.

The rank tests compare per-interview rates (Mann–Whitney, Hodges–Lehmann, Kruskal–Wallis,
Wilcoxon signed-rank) as scipy.stats does with method='auto', replicating its choice between
exact and normal p-values; the chi-square tail is `chi2_sf`, from the incomplete gamma
function. An empty sample gives NaN, samples whose values are all equal give p = 1, and a NaN
or infinite value (e.g. a rate of an interview without respondent words) is a ValueError.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qualpipe.compare.stats.distributions import check_level, chi2_sf, critical_value, normal_sf

# Rank tests of per-interview rates between groups, each matching scipy.stats with its default
# method='auto'. scipy's choice of method is part of the result, so it is replicated exactly:
# mannwhitneyu is exact when the smaller sample has at most 8 values and no value is tied;
# wilcoxon is exact up to 50 pairs without ties or zero differences, and with ties or zeros
# enumerates all 2^n sign flips (a permutation test) up to 13 pairs, where 2^13 = 8192 fits
# into its default 9999 resamples. Everywhere else both use the normal approximation.
MANN_WHITNEY_EXACT_MAX = 8
WILCOXON_EXACT_MAX = 50
WILCOXON_PERMUTATION_MAX = 13


def _sample(values: Sequence[float]) -> np.ndarray:
    """The values as a flat float array, after checking they are finite numbers."""
    sample = np.asarray(values, dtype=float)
    if sample.ndim != 1 or not np.all(np.isfinite(sample)):
        raise ValueError(f"a sample must be a flat sequence of finite numbers, got {values}")
    return sample


def _average_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks 1..n of the values, tied values sharing their average rank, and the tie sizes.

    RETURNS (tuple[np.ndarray, np.ndarray]): ranks in input order (whole or half-whole, so
        exact in floating point), and the number of values in each group of equal values.
    """
    _, inverse, sizes = np.unique(values, return_inverse=True, return_counts=True)
    last = np.cumsum(sizes)
    return (last - (sizes - 1) / 2)[inverse], sizes.astype(float)


def _rank_sum_counts(m: int, n: int, *, upto: int) -> list[int]:
    """Arrangements of m x-values among n y-values with U = 0, 1, …, upto (U = #x above y).

    The counts are the coefficients of the Gaussian binomial [m + n choose m] in q, built up
    as [n + i choose i] = [n + i − 1 choose i − 1] · (1 − q^(n + i)) / (1 − q^i), truncated at
    q^upto; whole numbers throughout, so the exact p-value has no rounding error of its own.
    """
    counts = [1] + [0] * upto
    for i in range(1, m + 1):
        for degree in range(upto, n + i - 1, -1):
            counts[degree] -= counts[degree - n - i]
        for degree in range(i, upto + 1):
            counts[degree] += counts[degree - i]
    return counts


def _mann_whitney_exact(u: float, m: int, n: int) -> float:
    """Two-sided exact p of U from its null distribution (no ties): 2 P(U <= min(u, mn − u))."""
    tail = sum(_rank_sum_counts(min(m, n), max(m, n), upto=int(min(u, m * n - u))))
    return min(1.0, 2 * tail / math.comb(m + n, m))


def _mann_whitney_normal(u: float, m: int, n: int, ties: np.ndarray) -> float:
    """Two-sided normal-approximation p of U, with tie and continuity corrections (as scipy)."""
    total = m + n
    tied = float(np.sum(ties**3 - ties)) / (total * (total - 1))
    variance = m * n / 12 * ((total + 1) - tied)
    if variance <= 0:  # every value equal: U sits at its mean
        return 1.0
    z = (max(u, m * n - u) - m * n / 2 - 0.5) / math.sqrt(variance)
    return min(1.0, 2 * normal_sf(z))


def mann_whitney(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Mann–Whitney U test of two independent samples, as scipy.stats.mannwhitneyu.

    Two-sided, method 'auto' of scipy 1.17: the exact null distribution when the smaller
    sample has at most 8 values and no value occurs twice (in either sample), else the normal
    approximation with tie correction and continuity correction. A single tied pair, even
    within one sample, switches a small sample to the approximation, as in scipy.

    x (Sequence[float]): first sample, e.g. one group's per-interview rates.
    y (Sequence[float]): second sample.
    RETURNS (tuple[float, float]): (U, p), U = #{x_i > y_j} + #{x_i = y_j} / 2, the statistic
        of x; (nan, nan) when a sample is empty; p = 1.0 when all values are equal.
    """
    xs, ys = _sample(x), _sample(y)
    if xs.size == 0 or ys.size == 0:
        return (math.nan, math.nan)
    ranks, ties = _average_ranks(np.concatenate([xs, ys]))
    u = float(ranks[: xs.size].sum()) - xs.size * (xs.size + 1) / 2
    if min(xs.size, ys.size) <= MANN_WHITNEY_EXACT_MAX and ties.max() == 1:
        return (u, _mann_whitney_exact(u, xs.size, ys.size))
    return (u, _mann_whitney_normal(u, xs.size, ys.size, ties))


def hodges_lehmann(
    x: Sequence[float], y: Sequence[float], *, level: float = 0.95
) -> tuple[float, float, float]:
    """Hodges–Lehmann shift of x against y with its distribution-free confidence interval.

    The estimate is the median of the m·n differences x_i − y_j. The interval is the one the
    Mann–Whitney test inverts (Lehmann 1963; Hollander & Wolfe, Nonparametric Statistical
    Methods, chapter 4): [D_(k), D_(mn + 1 − k)] of the sorted differences D, covering the
    shift with probability 1 − 2 P(U <= k − 1). k is the largest rank with P(U <= k − 1) <=
    (1 − level) / 2 under the normal approximation of U's null distribution with continuity
    correction and without tie correction: k = floor(mn/2 + 1/2 − z √(mn(m + n + 1)/12)), i.e.
    mn/2 − z √(…) rounded to the nearest whole number. At 95%, for samples of 4 to 20, k is the
    exact one in 126 of 153 size pairs and one rank wider (conservative) in the others; without
    the 1/2 it would be exact in 40. Ties (many zero rates) make the interval conservative,
    and it can shrink to a single value.

    x (Sequence[float]): first sample.
    y (Sequence[float]): second sample.
    level (float): confidence level, between 0 and 1.
    RETURNS (tuple[float, float, float]): (estimate, low, high); (estimate, -inf, inf) when
        the samples are too small for any order statistic to reach the level (e.g. 3 and 3
        at 95%); all NaN when a sample is empty.
    """
    xs, ys = _sample(x), _sample(y)
    check_level(level)
    if xs.size == 0 or ys.size == 0:
        return (math.nan, math.nan, math.nan)
    differences = np.sort(np.subtract.outer(xs, ys), axis=None)
    estimate, pairs = float(np.median(differences)), differences.size
    spread = critical_value(level) * math.sqrt(pairs * (xs.size + ys.size + 1) / 12)
    k = math.floor(pairs / 2 + 0.5 - spread)
    if k < 1:
        return (estimate, -math.inf, math.inf)
    return (estimate, float(differences[k - 1]), float(differences[pairs - k]))


def kruskal_wallis(samples: Sequence[Sequence[float]]) -> tuple[float, float]:
    """Kruskal–Wallis H test of k independent samples, as scipy.stats.kruskal.

    H = 12 / (N(N + 1)) Σ n_i (mean rank_i − (N + 1)/2)², divided by the tie correction
    1 − Σ(t³ − t)/(N³ − N); p from the chi-square distribution with k − 1 degrees of freedom.
    The centred form loses no digits to cancellation when H is small (scipy subtracts
    3(N + 1) from a sum of that size).

    samples (Sequence[Sequence[float]]): two or more samples, e.g. per-interview rates by group.
    RETURNS (tuple[float, float]): (H, p); (nan, nan) when a sample is empty; (0.0, 1.0)
        when all values are equal (scipy: nan, nan).
    """
    groups = [_sample(sample) for sample in samples]
    if len(groups) < 2:
        raise ValueError(f"need at least two samples to compare, got {len(groups)}")
    if any(group.size == 0 for group in groups):
        return (math.nan, math.nan)
    ranks, ties = _average_ranks(np.concatenate(groups))
    total = ranks.size
    tie_factor = 1 - float(np.sum(ties**3 - ties)) / (total**3 - total)
    if tie_factor == 0:  # a single tie group: every value equal, no differences in rank
        return (0.0, 1.0)
    by_group = np.split(ranks, np.cumsum([group.size for group in groups])[:-1])
    spread = sum(part.size * (part.mean() - (total + 1) / 2) ** 2 for part in by_group)
    h = 12 / (total * (total + 1)) * spread / tie_factor
    return (h, chi2_sf(h, len(groups) - 1))


def _sign_flip_p(ranks: np.ndarray, positive: float) -> float:
    """Two-sided p of the positive rank sum over all 2^n equally likely sign assignments.

    Doubled average ranks are whole, so the distribution is counted exactly: without ties it
    is Wilcoxon's exact null distribution, with ties the permutation distribution scipy
    enumerates. p = 2 min(P(T <= t), P(T >= t)), capped at 1.
    """
    weights = [int(2 * rank) for rank in ranks]
    counts = [1] + [0] * sum(weights)
    reach = 0
    for weight in weights:
        reach += weight
        for total in range(reach, weight - 1, -1):
            counts[total] += counts[total - weight]
    observed = int(2 * positive)
    tail = min(sum(counts[: observed + 1]), sum(counts[observed:]))
    return min(1.0, 2 * tail / 2 ** len(weights))


def _wilcoxon_normal(ranks: np.ndarray, ties: np.ndarray, positive: float) -> float:
    """Two-sided normal-approximation p of the positive rank sum, with tie correction.

    No continuity correction: scipy.stats.wilcoxon's default is correction=False.
    """
    n = ranks.size
    variance = (n * (n + 1) * (2 * n + 1) - float(np.sum(ties**3 - ties)) / 2) / 24
    z = (positive - n * (n + 1) / 4) / math.sqrt(variance)
    return min(1.0, 2 * normal_sf(abs(z)))


def wilcoxon_signed_rank(first: Sequence[float], second: Sequence[float]) -> tuple[float, float]:
    """Wilcoxon signed-rank test of paired samples, as scipy.stats.wilcoxon.

    Two-sided, on the differences first − second, zero differences dropped ('wilcox'), method
    'auto' of scipy 1.17: for n pairs (zeros included in n), the exact null distribution when
    n <= 50 and there are neither ties among |differences| nor zeros; all 2^n sign flips when
    n <= 13 with ties or zeros; otherwise the normal approximation with tie correction and no
    continuity correction.

    first (Sequence[float]): first value of each pair, e.g. a code's rate by coder 1.
    second (Sequence[float]): second value of each pair, same length.
    RETURNS (tuple[float, float]): (W, p), W = min(rank sum of positive differences, rank sum
        of negative ones); (nan, nan) without pairs; (0.0, 1.0) when every difference is zero
        (scipy: p = nan above 13 pairs).
    """
    firsts, seconds = _sample(first), _sample(second)
    if firsts.size != seconds.size:
        raise ValueError(f"need pairs: {firsts.size} first values but {seconds.size} second")
    differences = firsts - seconds
    nonzero = differences[differences != 0]
    if nonzero.size == 0:
        return (math.nan, math.nan) if differences.size == 0 else (0.0, 1.0)
    ranks, ties = _average_ranks(np.abs(nonzero))
    positive = float(ranks[nonzero > 0].sum())
    statistic = min(positive, float(ranks[nonzero < 0].sum()))
    clean = ties.max() == 1 and nonzero.size == differences.size
    if differences.size <= WILCOXON_PERMUTATION_MAX or (
        clean and differences.size <= WILCOXON_EXACT_MAX
    ):
        return (statistic, _sign_flip_p(ranks, positive))
    return (statistic, _wilcoxon_normal(ranks, ties, positive))
