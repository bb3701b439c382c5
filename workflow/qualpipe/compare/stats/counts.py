"""Statistics of the cross-group comparison: proportions, 2×2 and r×c tests, FDR, small counts.

Pure functions on counts (math and numpy only), each matching a reference implementation:
Wilson and Newcombe intervals as statsmodels computes them, Fisher's exact test as scipy does
(including its tolerance for ties), Woolf's odds-ratio interval and the exact McNemar test as
statsmodels' `Table2x2` and `mcnemar`, Benjamini–Hochberg as statsmodels' 'fdr_bh'. The tests
check each against its reference.

Exact p-values (Fisher, McNemar) are sums of whole numbers divided once: Python's int division
is correctly rounded, so they carry no rounding error of their own, and ties between tables of
equal probability are exact. The chi-square p-value is Monte Carlo with fixed margins, as R's
`chisq.test(simulate.p.value = TRUE)`, so it stays valid when expected counts are small.

Degenerate input is NaN or a conventional value, never an error: no observations in a
proportion (NaN), a 2×2 table with an empty row or column (Fisher p = 1, as scipy), an r×c
table with fewer than two non-empty rows or columns (chi-square 0, p = 1). Invalid input
(negative or fractional counts, a level outside (0, 1)) is a bug in the caller: ValueError.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from qualpipe.compare.stats.distributions import check_level, critical_value

# scipy.stats.fisher_exact counts a table as at least as extreme as the observed one when its
# probability is at most the observed one times 1 + 1e-14, so that ties survive rounding.
FISHER_RELATIVE_TOLERANCE = 10**14  # 1 / 1e-14, kept whole for exact comparison
# A resampled chi-square counts as at least as large as the observed one within this
# relative (and, below 1, absolute) tolerance: equal tables summed in another order.
CHI2_TOLERANCE = 1e-12


def _whole(*counts: int) -> list[int]:
    """The counts as Python ints (exact arithmetic), after checking they are whole and >= 0."""
    if any(count < 0 or count != int(count) for count in counts):
        raise ValueError(f"counts must be whole numbers >= 0, got {counts}")
    return [int(count) for count in counts]


def wilson_interval(k: int, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion k / n (Wilson 1927), clipped to [0, 1].

    k (int): successes, e.g. interviews of a group in which a code was applied.
    n (int): trials, e.g. interviews of the group.
    level (float): confidence level, between 0 and 1.
    RETURNS (tuple[float, float]): (low, high); (nan, nan) when n is 0.
    """
    k, n = _whole(k, n)
    check_level(level)
    if k > n:
        raise ValueError(f"need k <= n, got k={k}, n={n}")
    if n == 0:
        return (math.nan, math.nan)
    z = critical_value(level)
    share, z2 = k / n, z * z
    shrink = 1 + z2 / n
    center = (share + z2 / (2 * n)) / shrink
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / shrink
    # The bounds at k = 0 and k = n are exactly 0 and 1; computed, they miss by a rounding error.
    low = 0.0 if k == 0 else max(0.0, center - half)
    return (low, 1.0 if k == n else min(1.0, center + half))


def _hypergeometric_weights(*, row: int, column: int, total: int) -> tuple[int, list[int]]:
    """Tables with the margins of a 2×2 table, by their first cell x.

    RETURNS (tuple[int, list[int]]): the smallest possible x, and for each x from there the
        number of ways C(row, x) · C(total − row, column − x) to fill the table: the
        hypergeometric probabilities times C(total, column), as whole numbers.
    """
    other = total - row
    first, last = max(0, column - other), min(row, column)
    weights = [math.comb(row, first) * math.comb(other, column - first)]
    for x in range(first, last):
        # The ratio of consecutive weights; the division is exact, as both weights are whole.
        numerator, denominator = (row - x) * (column - x), (x + 1) * (other - column + x + 1)
        weights.append(weights[-1] * numerator // denominator)
    return first, weights


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test of the 2×2 table [[a, b], [c, d]].

    The p-value sums the probabilities of all tables with the observed margins that are at
    most as probable as the observed table, as scipy.stats.fisher_exact does: a table within a
    relative 1e-14 of the observed probability counts as a tie and is included.

    a (int): first row, first column.
    b (int): first row, second column.
    c (int): second row, first column.
    d (int): second row, second column.
    RETURNS (float): p in (0, 1]; 1.0 when a row or column is empty.
    """
    a, b, c, d = _whole(a, b, c, d)
    first, weights = _hypergeometric_weights(row=a + b, column=a + c, total=a + b + c + d)
    limit = weights[a - first] * (FISHER_RELATIVE_TOLERANCE + 1)
    extreme = sum(w for w in weights if w * FISHER_RELATIVE_TOLERANCE <= limit)
    return min(1.0, extreme / sum(weights))


def mcnemar_exact(b: int, c: int) -> float:
    """Exact two-sided McNemar p-value: binomial test of b against b + c discordant pairs.

    b (int): pairs positive in the first condition only (e.g. coded by coder 1, not coder 2).
    c (int): pairs positive in the second condition only.
    RETURNS (float): min(1, 2 P(X <= min(b, c))), X ~ Binomial(b + c, 1/2); 1.0 when b + c = 0.
    """
    b, c = _whole(b, c)
    pairs = b + c
    tail = sum(math.comb(pairs, x) for x in range(min(b, c) + 1))
    return min(1.0, 2 * tail / 2**pairs)


def difference_interval(
    k1: int, n1: int, k2: int, n2: int, *, level: float = 0.95
) -> tuple[float, float, float]:
    """Difference of two independent proportions with Newcombe's hybrid score interval.

    Newcombe (1998), 'Interval estimation for the difference between independent proportions',
    method 10: the Wilson interval of each proportion, combined in quadrature.

    k1 (int): successes in the first group.
    n1 (int): trials in the first group.
    k2 (int): successes in the second group.
    n2 (int): trials in the second group.
    level (float): confidence level, between 0 and 1.
    RETURNS (tuple[float, float, float]): (p1 − p2, low, high); all NaN when n1 or n2 is 0.
    """
    low1, high1 = wilson_interval(k1, n1, level=level)
    low2, high2 = wilson_interval(k2, n2, level=level)
    if n1 == 0 or n2 == 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = k1 / n1, k2 / n2
    low = p1 - p2 - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return (p1 - p2, low, high)


def odds_ratio(
    a: int, b: int, c: int, d: int, *, level: float = 0.95
) -> tuple[float, float, float, bool]:
    """Odds ratio ad / bc of the 2×2 table [[a, b], [c, d]] with Woolf's (logit) interval.

    With a zero cell the ratio or its standard error is infinite; the Haldane–Anscombe
    correction then adds 0.5 to every cell (statsmodels' Table2x2 by default replaces only the
    zero cells by 0.5, which gives a different ratio).

    a (int): first row, first column.
    b (int): first row, second column.
    c (int): second row, first column.
    d (int): second row, second column.
    level (float): confidence level, between 0 and 1.
    RETURNS (tuple[float, float, float, bool]): (ratio, low, high, corrected), corrected True
        when 0.5 was added to every cell.
    """
    a, b, c, d = _whole(a, b, c, d)
    check_level(level)
    corrected = 0 in (a, b, c, d)
    cells = [count + 0.5 if corrected else float(count) for count in (a, b, c, d)]
    ratio = cells[0] * cells[3] / (cells[1] * cells[2])
    spread = critical_value(level) * math.sqrt(sum(1 / cell for cell in cells))
    return (ratio, ratio * math.exp(-spread), ratio * math.exp(spread), corrected)


def benjamini_hochberg(p: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg q-values (step-up FDR-adjusted p-values), in input order.

    NaN p-values (tests not run) stay NaN and do not count among the tests.

    p (Sequence[float]): p-values in [0, 1] or NaN.
    RETURNS (list[float]): q = min over j >= rank of p_(j) m / j, capped at 1.
    """
    values = np.asarray(p, dtype=float).reshape(-1)
    if np.any((values < 0) | (values > 1)):
        raise ValueError(f"p-values must lie in [0, 1], got {values.tolist()}")
    tested = np.flatnonzero(~np.isnan(values))
    order = tested[np.argsort(values[tested], kind="stable")]
    scaled = values[order] / (np.arange(1, order.size + 1) / order.size)
    q = np.full(values.shape, np.nan)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q.tolist()


def _as_table(table: npt.ArrayLike) -> np.ndarray:
    table = np.asarray(table)
    if table.ndim != 2 or np.any(table < 0) or np.any(table != np.round(table)):
        raise ValueError(f"expected a 2-D table of whole counts >= 0, got {table.tolist()}")
    return table.astype(np.int64)


def _nonempty(table: np.ndarray) -> np.ndarray:
    """The table without its empty rows and columns, which add nothing to the chi-square."""
    return table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]


def expected_counts(table: npt.ArrayLike) -> np.ndarray:
    """Expected counts under independence, row total × column total / total.

    table (npt.ArrayLike): rows × columns of whole counts, no empty row or column.
    RETURNS (np.ndarray): float array of the table's shape.
    """
    table = _as_table(table)
    return np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()


def _pearson(tables: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Pearson's statistic of each table along the last two axes."""
    return ((tables - expected) ** 2 / expected).sum(axis=(-2, -1))


def random_tables(
    rows: np.ndarray, columns: np.ndarray, *, resamples: int, seed: int
) -> np.ndarray:
    """Random tables with the given margins, uniform over arrangements of the units.

    Equivalent to shuffling the column labels of the units against their row labels (the
    multivariate hypergeometric distribution), drawn cell by cell from univariate
    hypergeometric distributions, each call vectorised over the resamples.

    rows (np.ndarray): row totals.
    columns (np.ndarray): column totals, same sum as the row totals.
    resamples (int): number of tables.
    seed (int): seed of `np.random.default_rng`; same seed, same tables.
    RETURNS (np.ndarray): resamples × rows × columns, int64.
    """
    rng = np.random.default_rng(seed)
    left = np.tile(np.asarray(rows, dtype=np.int64), (resamples, 1))
    tables = np.zeros((resamples, left.shape[1], len(columns)), dtype=np.int64)
    for j, column in enumerate(columns[:-1]):
        need = np.full(resamples, column, dtype=np.int64)
        for i in range(left.shape[1] - 1):
            rest = left[:, i + 1 :].sum(axis=1)
            tables[:, i, j] = rng.hypergeometric(left[:, i], rest, need)
            need -= tables[:, i, j]
        tables[:, -1, j] = need
        left -= tables[:, :, j]
    tables[:, :, -1] = left
    return tables


def chi2_monte_carlo(table: npt.ArrayLike, *, resamples: int, seed: int = 0) -> tuple[float, float]:
    """Pearson's chi-square statistic with a Monte Carlo p-value for fixed margins.

    As R's chisq.test(simulate.p.value = TRUE): p = (1 + #{resampled statistic >= observed})
    / (resamples + 1), so p is never below 1 / (resamples + 1). Empty rows and columns are
    dropped first; a table left with fewer than two rows or columns shows no association.

    table (npt.ArrayLike): rows × columns of whole counts, e.g. groups × (coded, not coded).
    resamples (int): number of random tables.
    seed (int): seed of `np.random.default_rng`; same seed, same p-value.
    RETURNS (tuple[float, float]): (statistic, p); (0.0, 1.0) for a degenerate table.
    """
    if resamples < 1:
        raise ValueError(f"need resamples >= 1, got {resamples}")
    table = _nonempty(_as_table(table))
    if min(table.shape) < 2:
        return (0.0, 1.0)
    rows, columns = table.sum(axis=1), table.sum(axis=0)
    expected = np.outer(rows, columns) / table.sum()
    observed = float(_pearson(table, expected))
    tables = random_tables(rows, columns, resamples=resamples, seed=seed)
    statistics = _pearson(tables, expected)
    at_least = int(np.sum(statistics >= observed - CHI2_TOLERANCE * max(1.0, observed)))
    return (observed, (1 + at_least) / (resamples + 1))


def small_counts(table: npt.ArrayLike) -> str:
    """A note when a chi-square or normal approximation rests on small counts, else ''.

    Cochran's rule, applied to the table without empty rows and columns: the approximation is
    questionable when more than 20% of the expected counts are below 5 or any is below 1.
    Fisher's and McNemar's exact tests need no such note.

    table (npt.ArrayLike): rows × columns of whole counts.
    RETURNS (str): '', 'no observations', 'fewer than two non-empty rows or columns', or e.g.
        'expected count below 5 in 2 of 4 cells, below 1 in 1'.
    """
    table = _nonempty(_as_table(table))
    if table.size == 0:
        return "no observations"
    if min(table.shape) < 2:
        return "fewer than two non-empty rows or columns"
    expected = expected_counts(table)
    below_5, below_1 = int(np.sum(expected < 5)), int(np.sum(expected < 1))
    if below_1 == 0 and below_5 * 5 <= table.size:
        return ""
    note = f"expected count below 5 in {below_5} of {table.size} cells"
    return f"{note}, below 1 in {below_1}" if below_1 else note
