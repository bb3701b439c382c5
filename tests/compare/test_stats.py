"""Comparison statistics: hand-computed cases, published values, scipy/statsmodels references."""

import math

import numpy as np
import pytest
from qualpipe.compare.stats.counts import (
    benjamini_hochberg,
    chi2_monte_carlo,
    difference_interval,
    expected_counts,
    fisher_exact,
    mcnemar_exact,
    odds_ratio,
    random_tables,
    small_counts,
    wilson_interval,
)
from qualpipe.compare.stats.distributions import chi2_sf
from qualpipe.compare.stats.ranks import (
    hodges_lehmann,
    kruskal_wallis,
    mann_whitney,
    wilcoxon_signed_rank,
)
from scipy.stats import (
    MonteCarloMethod,
    chi2,
    chi2_contingency,
    hypergeom,
    kruskal,
    mannwhitneyu,
    wilcoxon,
)
from scipy.stats import fisher_exact as scipy_fisher_exact
from statsmodels.stats.contingency_tables import Table2x2, mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

N = math.nan
# z of a 95% interval, and its square, to 16 digits.
Z, Z2 = 1.959963984540054, 3.841458820694124
HALF_WIDTH_5_OF_10 = Z * math.sqrt(2.5 + Z2 / 4) / (10 + Z2)
# 2×2 tables (a, b, c, d): zeros, ties, tiny, all in one cell, empty margins, large counts.
TABLES_2X2 = [
    (3, 1, 1, 3),
    (8, 2, 1, 5),
    (0, 0, 0, 0),
    (7, 0, 0, 0),
    (0, 0, 3, 4),
    (0, 5, 5, 0),
    (1, 0, 0, 1),
    (2, 3, 3, 2),
    (1, 2, 3, 0),
    (0, 1, 9, 30),
    (10, 20, 30, 40),
    (50, 50, 50, 50),
    (120, 80, 95, 105),
    (1000, 1500, 1200, 1300),
    (3000, 2000, 2050, 2950),
]
NO_ZEROS = [t for t in TABLES_2X2 if 0 not in t]
WITH_ZEROS = [t for t in TABLES_2X2 if 0 in t]
TABLES_RXC = [
    [[3, 1, 4], [1, 5, 2]],
    [[12, 5], [7, 9]],
    [[30, 10, 5], [10, 30, 8], [5, 6, 20]],
    [[220, 180, 200], [200, 205, 190]],
    [[1, 0], [0, 1]],
]


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        # k = 0: upper = z² / (n + z²).
        (0, 10, (0.0, Z2 / (10 + Z2))),
        # k = n: lower = n / (n + z²).
        (10, 10, (10 / (10 + Z2), 1.0)),
        # k = n/2: centre 1/2, half-width z √(n/4 + z²/4) / (n + z²).
        (5, 10, (0.5 - HALF_WIDTH_5_OF_10, 0.5 + HALF_WIDTH_5_OF_10)),
    ],
)
def test_stats_wilson_interval_hand_computed(k: int, n: int, expected: tuple[float, float]) -> None:
    assert wilson_interval(k, n) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "level"),
    [(0, 1, 0.95), (1, 1, 0.95), (0, 10, 0.9), (3, 7, 0.95), (500, 1000, 0.99), (1, 100000, 0.95)],
)
def test_stats_wilson_interval_matches_statsmodels(k: int, n: int, level: float) -> None:
    expected = proportion_confint(k, n, alpha=1 - level, method="wilson")
    assert wilson_interval(k, n, level=level) == pytest.approx(expected, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("n", [1, 3, 10, 37, 1000])
def test_stats_wilson_interval_ends_exactly_at_0_and_1(n: int) -> None:
    # Computed as centre ∓ half-width, these bounds can miss 0 and 1 by a rounding error.
    assert (wilson_interval(0, n)[0], wilson_interval(n, n)[1]) == (0.0, 1.0)


def test_stats_wilson_interval_is_nan_without_trials() -> None:
    assert all(math.isnan(bound) for bound in wilson_interval(0, 0))


@pytest.mark.parametrize(
    ("k", "n", "level"), [(-1, 5, 0.95), (6, 5, 0.95), (1.5, 5, 0.95), (1, 5, 1.0), (1, 5, 0.0)]
)
def test_stats_wilson_interval_rejects_invalid_input(k: float, n: int, level: float) -> None:
    with pytest.raises(ValueError):
        wilson_interval(k, n, level=level)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # Fisher's tea-tasting: tables 3-1, 4-0 and their mirrors 1-3, 0-4: (16 + 1 + 16 + 1) / 70.
        ((3, 1, 1, 3), 34 / 70),
        # All-or-nothing 3 × 3: only the two extreme tables, each 1 / C(6, 3) = 1 / 20.
        ((3, 0, 0, 3), 2 / 20),
        # One success in each row: both tables have probability 1/2, a tie, p = 1.
        ((1, 0, 0, 1), 1.0),
        # scipy's documented example.
        ((8, 2, 1, 5), 0.034965034965034975),
    ],
)
def test_stats_fisher_exact_hand_computed(table: tuple[int, ...], expected: float) -> None:
    assert fisher_exact(*table) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("table", TABLES_2X2)
def test_stats_fisher_exact_matches_scipy(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    expected = scipy_fisher_exact([[a, b], [c, d]]).pvalue
    assert fisher_exact(*table) == pytest.approx(expected, rel=1e-9, abs=0)


def test_stats_fisher_exact_counts_ties_on_both_sides() -> None:
    # Symmetric margins: the mirror table x = 1 ties the observed x = 4 exactly, as do 0 and 5;
    # P = (1 + 25 + 25 + 1) / C(10, 5) = 52 / 252.
    assert fisher_exact(4, 1, 1, 4) == pytest.approx(52 / 252, rel=1e-15)


@pytest.mark.parametrize("table", TABLES_RXC)
def test_stats_chi2_statistic_matches_scipy(table: list[list[int]]) -> None:
    statistic, _ = chi2_monte_carlo(np.array(table), resamples=10)
    expected = chi2_contingency(table, correction=False)[0]
    assert statistic == pytest.approx(expected, rel=1e-12)


def test_stats_chi2_ignores_empty_rows_and_columns() -> None:
    table = np.array([[3, 0, 1, 4], [0, 0, 0, 0], [1, 0, 5, 2]])
    padded = chi2_monte_carlo(table, resamples=999, seed=3)
    assert padded == chi2_monte_carlo(table[[0, 2]][:, [0, 2, 3]], resamples=999, seed=3)


@pytest.mark.parametrize("table", [[[0, 0], [0, 0]], [[5, 0], [7, 0]], [[3, 4, 5]], [[6]]])
def test_stats_chi2_degenerate_table_shows_no_association(table: list[list[int]]) -> None:
    assert chi2_monte_carlo(np.array(table), resamples=1000) == (0.0, 1.0)


def test_stats_chi2_p_approaches_asymptotic_with_large_counts() -> None:
    table = np.array([[220, 180, 200], [200, 205, 190]])
    _, p = chi2_monte_carlo(table, resamples=50000)
    # Monte Carlo sd √(p(1 − p)/50000) ≈ 0.002, plus the chi-square approximation's own error.
    assert p == pytest.approx(chi2_contingency(table, correction=False)[1], abs=0.01)


def test_stats_chi2_p_matches_exact_permutation_p_of_2x2() -> None:
    # For 2×2 the statistic grows with |a − E[a]|, so the permutation p is a hypergeometric tail.
    a, row, column, total = 7, 10, 9, 24
    support = np.arange(0, 10)
    extreme = np.abs(support - row * column / total) >= abs(a - row * column / total) - 1e-9
    exact = hypergeom.pmf(support[extreme], total, row, column).sum()
    _, p = chi2_monte_carlo(np.array([[7, 3], [2, 12]]), resamples=20000)
    assert p == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / 20000))


def test_stats_chi2_p_matches_scipy_monte_carlo_on_small_table() -> None:
    table = np.array([[3, 1, 4], [1, 5, 2]])
    method = MonteCarloMethod(n_resamples=20000, rng=np.random.default_rng(1))
    expected = chi2_contingency(table, correction=False, method=method).pvalue
    _, p = chi2_monte_carlo(table, resamples=20000)
    # Two independent estimates: sd of their difference √(2 p(1 − p)/20000) ≈ 0.0042.
    assert p == pytest.approx(expected, abs=4 * math.sqrt(2 * expected * (1 - expected) / 20000))


def test_stats_chi2_p_is_deterministic_for_a_seed() -> None:
    table = np.array([[3, 1, 4], [1, 5, 2]])
    first = chi2_monte_carlo(table, resamples=2000, seed=7)
    assert first == chi2_monte_carlo(table, resamples=2000, seed=7)
    assert first[1] != chi2_monte_carlo(table, resamples=2000, seed=8)[1]


def test_stats_chi2_p_counts_ties_summed_in_another_order() -> None:
    # Swapping the equal-total rows gives the same statistic, summed in another order: without a
    # tolerance, 1.6292735042735043 and its rounding twin split the tied tables differently.
    table = np.array([[0, 1], [5, 7], [7, 5]])
    first = chi2_monte_carlo(table, resamples=500, seed=1)
    assert first == pytest.approx(chi2_monte_carlo(table[[0, 2, 1]], resamples=500, seed=1))


def test_stats_chi2_p_counts_the_observed_table() -> None:
    # The most extreme table with these margins: p is at least 1 / (resamples + 1), never 0.
    _, p = chi2_monte_carlo(np.array([[40, 0], [0, 40]]), resamples=99)
    assert p == 1 / 100


def test_stats_random_tables_keep_margins_and_expected_counts() -> None:
    rows, columns = np.array([4, 9, 7]), np.array([5, 3, 12])
    tables = random_tables(rows, columns, resamples=20000, seed=0)
    assert (tables.sum(axis=2) == rows).all() and (tables.sum(axis=1) == columns).all()
    expected = np.outer(rows, columns) / rows.sum()
    assert tables.mean(axis=0) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    "p",
    [
        [0.01, 0.04, 0.03, 0.2, 0.04, 1.0, 0.5],
        [0.5],
        [0.0, 0.0, 1.0],
        [0.001, 0.002, 0.003, 0.004, 0.9, 0.95],
        list(np.random.default_rng(0).uniform(size=40) ** 3),
    ],
)
def test_stats_benjamini_hochberg_matches_statsmodels(p: list[float]) -> None:
    expected = multipletests(p, method="fdr_bh")[1]
    assert benjamini_hochberg(p) == expected.tolist()


def test_stats_benjamini_hochberg_leaves_nan_out() -> None:
    q = benjamini_hochberg([0.01, N, 0.04, N, 0.03])
    assert q[1::2] == pytest.approx([N, N], nan_ok=True)
    assert q[0::2] == benjamini_hochberg([0.01, 0.04, 0.03])


@pytest.mark.parametrize("p", [[], [N, N]])
def test_stats_benjamini_hochberg_without_tests(p: list[float]) -> None:
    assert benjamini_hochberg(p) == pytest.approx(p, nan_ok=True)


@pytest.mark.parametrize("p", [[0.5, 1.2], [-0.1]])
def test_stats_benjamini_hochberg_rejects_non_p_values(p: list[float]) -> None:
    with pytest.raises(ValueError):
        benjamini_hochberg(p)


@pytest.mark.parametrize(
    ("counts", "published"),
    [
        # Newcombe (1998), Stat Med 17:873, Table II, method 10, cases (a), (b), (d)-(h).
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((0, 10, 0, 10), (-0.2775, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0)),
        ((10, 10, 0, 10), (0.6075, 1.0)),
    ],
)
def test_stats_difference_interval_matches_newcombe(
    counts: tuple[int, ...], published: tuple[float, float]
) -> None:
    k1, n1, k2, n2 = counts
    difference, low, high = difference_interval(*counts)
    assert difference == pytest.approx(k1 / n1 - k2 / n2, rel=1e-15)
    assert (low, high) == pytest.approx(published, abs=5e-5)


@pytest.mark.parametrize(
    "counts",
    [
        (0, 1, 1, 1),
        (1, 1, 0, 1),
        (3, 7, 2, 7),
        (0, 10, 10, 10),
        (412, 1000, 388, 1000),
        (1, 9999, 0, 3),
    ],
)
@pytest.mark.parametrize("level", [0.9, 0.95])
def test_stats_difference_interval_matches_statsmodels(
    counts: tuple[int, ...], level: float
) -> None:
    expected = confint_proportions_2indep(*counts, method="newcomb", alpha=1 - level)
    assert difference_interval(*counts, level=level)[1:] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("counts", [(0, 0, 3, 5), (3, 5, 0, 0)])
def test_stats_difference_interval_is_nan_without_trials(counts: tuple[int, ...]) -> None:
    assert all(math.isnan(value) for value in difference_interval(*counts))


@pytest.mark.parametrize("table", NO_ZEROS)
def test_stats_odds_ratio_matches_statsmodels(table: tuple[int, int, int, int]) -> None:
    reference = Table2x2(np.array(table).reshape(2, 2), shift_zeros=False)
    ratio, low, high, corrected = odds_ratio(*table)
    assert ratio == pytest.approx(reference.oddsratio, rel=1e-12)
    assert (low, high) == pytest.approx(reference.oddsratio_confint(), rel=1e-9)
    assert not corrected


@pytest.mark.parametrize("table", WITH_ZEROS)
def test_stats_odds_ratio_adds_half_to_every_cell_with_a_zero(
    table: tuple[int, int, int, int],
) -> None:
    reference = Table2x2(np.array(table).reshape(2, 2) + 0.5, shift_zeros=False)
    ratio, low, high, corrected = odds_ratio(*table, level=0.9)
    assert ratio == pytest.approx(reference.oddsratio, rel=1e-12)
    assert (low, high) == pytest.approx(reference.oddsratio_confint(alpha=0.1), rel=1e-9)
    assert corrected


def test_stats_odds_ratio_interval_is_symmetric_on_log_scale() -> None:
    # [[10, 10], [10, 10]]: ratio 1, se √(4/10), bounds exp(± 1.96 · 0.632).
    ratio, low, high, _ = odds_ratio(10, 10, 10, 10)
    assert (ratio, low * high) == pytest.approx((1.0, 1.0), rel=1e-15)
    assert high == pytest.approx(math.exp(Z * math.sqrt(0.4)), rel=1e-12)


@pytest.mark.parametrize(
    ("b", "c", "expected"), [(0, 5, 2 / 32), (5, 0, 2 / 32), (1, 3, 10 / 16), (0, 0, 1.0)]
)
def test_stats_mcnemar_exact_hand_computed(b: int, c: int, expected: float) -> None:
    # (1, 3): 2 · (C(4, 0) + C(4, 1)) / 2⁴ = 10/16.
    assert mcnemar_exact(b, c) == expected


@pytest.mark.parametrize(
    ("b", "c"), [(0, 0), (0, 1), (5, 5), (6, 5), (3, 10), (40, 60), (1000, 1100), (0, 200)]
)
def test_stats_mcnemar_exact_matches_statsmodels(b: int, c: int) -> None:
    expected = mcnemar([[7, b], [c, 4]], exact=True).pvalue
    assert mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-9, abs=0)


@pytest.mark.parametrize(
    ("table", "note"),
    [
        ([[10, 10], [10, 10]], ""),
        ([[1, 2], [3, 4]], "expected count below 5 in 4 of 4 cells"),
        # Expected [[0.1, 9.9], [0.9, 89.1]].
        ([[1, 9], [0, 90]], "expected count below 5 in 2 of 4 cells, below 1 in 2"),
        # Cochran: 1 of 9 cells (11%, expected 21 · 21 / 241 = 1.8) below 5 is acceptable.
        ([[1, 10, 10], [10, 50, 50], [10, 50, 50]], ""),
        ([[0, 0], [0, 0]], "no observations"),
        ([[5, 0], [7, 0]], "fewer than two non-empty rows or columns"),
        ([[20, 0, 20], [0, 0, 0], [20, 0, 20]], ""),
    ],
)
def test_stats_small_counts_applies_cochrans_rule(table: list[list[int]], note: str) -> None:
    assert small_counts(np.array(table)) == note


def test_stats_expected_counts_are_margin_products() -> None:
    expected = expected_counts(np.array([[3, 1, 4], [1, 5, 2]]))
    assert expected.tolist() == [[2.0, 3.0, 3.0], [2.0, 3.0, 3.0]]


@pytest.mark.parametrize("table", [[[1, -1], [2, 3]], [[1.5, 1], [2, 3]], [1, 2, 3]])
def test_stats_tables_reject_negative_fractional_or_flat_counts(table: list) -> None:
    with pytest.raises(ValueError, match="whole counts"):
        chi2_monte_carlo(np.array(table), resamples=1000)


# Rank tests. References: scipy.stats with method='auto' as the pipeline calls them (two-sided).
def _continuous(size: int, seed: int, *, shift: float = 0.0) -> list[float]:
    """Normal values: no ties, so small samples take scipy's exact paths."""
    return np.random.default_rng(seed).normal(shift, 1.0, size).tolist()


def _rates(size: int, seed: int, *, shift: float = 0.0) -> list[float]:
    """Rates per 1,000 words as the comparison has them: a third zero, rounded to 0.1 (ties)."""
    rng = np.random.default_rng(seed)
    rates = np.round(rng.gamma(2.0, 2.0, size) + shift, 1)
    return (rates * (rng.random(size) > 1 / 3)).tolist()


def _paired(values: list[float], seed: int, *, unchanged: int = 0) -> list[float]:
    """Second measurements of the same interviews; the first `unchanged` give zero differences."""
    noise = np.round(np.random.default_rng(seed).normal(0.3, 1.0, len(values)), 1)
    noise[:unchanged] = 0.0
    return (np.asarray(values) + noise).tolist()


TWO_SAMPLES = {
    "1-1": (_continuous(1, 1), _continuous(1, 2)),
    "3-5": (_continuous(3, 3), _continuous(5, 4)),
    "8-8-exact": (_continuous(8, 5), _continuous(8, 6, shift=1.0)),
    "8-60-exact": (_continuous(8, 7, shift=0.8), _continuous(60, 8)),
    "7-3-extreme": (_continuous(7, 9, shift=5.0), _continuous(3, 10)),
    "9-9-normal": (_continuous(9, 11), _continuous(9, 12, shift=1.0)),
    "5-7-ties": (_rates(5, 13), _rates(7, 14)),
    "40-45-ties": (_rates(40, 15), _rates(45, 16, shift=1.0)),
    "200-150-ties": (_rates(200, 17), _rates(150, 18, shift=0.5)),
    "30-30-shifted": (_continuous(30, 19), _continuous(30, 20, shift=1.5)),
}
PAIRS = {
    "1": ([2.0], [1.5]),
    "5-exact": (_continuous(5, 21), _continuous(5, 22)),
    # scipy enumerates 2^n sign flips with ties or zeros: 3 s at 13 pairs, so 8 (0.1 s) here
    # and the limit of 13 in test_stats_wilcoxon_enumerates_sign_flips_up_to_13_pairs.
    "8-zeros": (_rates(8, 23), _paired(_rates(8, 23), 24, unchanged=3)),
    "7-ties": (_rates(7, 25), _paired(_rates(7, 25), 26)),
    "14-zero-normal": (_rates(14, 27), _paired(_rates(14, 27), 28)),
    # Differences −1, 1, −2, −3, 3 four times: ties without zeros, past 13 pairs.
    "20-ties-normal": (list(range(20)), [v + (1, -1, 2, 3, -3)[v % 5] for v in range(20)]),
    "50-exact": (_continuous(50, 29), _continuous(50, 30, shift=0.3)),
    "51-normal": (_continuous(51, 31), _continuous(51, 32, shift=0.3)),
    "30-zeros": (_rates(30, 33), _paired(_rates(30, 33), 34, unchanged=8)),
    "200-ties": (_rates(200, 35), _paired(_rates(200, 35), 36)),
    "20-shifted": (_continuous(20, 37), _continuous(20, 38, shift=2.0)),
}
GROUPS = {
    "2-tiny": [_continuous(1, 41), _continuous(2, 42)],
    "3-small": [_continuous(4, 43), _continuous(5, 44), _continuous(6, 45, shift=1.0)],
    "4-ties": [_rates(12, 46), _rates(9, 47), _rates(15, 48, shift=1.0), _rates(3, 49)],
    "6-large": [_rates(80, 50 + i, shift=0.2 * i) for i in range(6)],
    "2-zeros-mostly": [[0.0, 0.0, 0.0, 1.2], [0.0, 0.0, 3.4, 2.2, 0.0]],
}


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        # x entirely below y: U = 0, and 2 of the C(6, 3) = 20 arrangements are as extreme.
        ([1, 2, 3], [4, 5, 6], (0.0, 2 / 20)),
        ([4, 5, 6], [1, 2, 3], (9.0, 2 / 20)),
        # U = 1 of 2: both tails hold 2 of the 3 arrangements, p capped at 1.
        ([1, 3], [2], (1.0, 1.0)),
        # 8 and 9: still exact, 2 / C(17, 8).
        (list(range(8)), list(range(8, 17)), (0.0, 2 / 24310)),
    ],
)
def test_stats_mann_whitney_hand_computed(
    x: list[float], y: list[float], expected: tuple[float, float]
) -> None:
    assert mann_whitney(x, y) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        # 9 and 9: past scipy's exact limit (exact would be 2 / C(18, 9) ≈ 4.1e-5).
        (list(range(9)), list(range(9, 18))),
        # One tie within x: the normal approximation even for 3 and 3.
        ([1, 1, 2], [4, 5, 6]),
    ],
)
def test_stats_mann_whitney_uses_normal_approximation_as_scipy(
    x: list[float], y: list[float]
) -> None:
    # |U − mn/2| − 1/2 over the tie-corrected sd √(mn/12 · (N + 1 − Σ(t³ − t)/(N(N − 1)))).
    m, n, total = len(x), len(y), len(x) + len(y)
    tied = 6 / (total * (total - 1)) if len(set(x)) < m else 0.0
    z = (m * n / 2 - 0.5) / math.sqrt(m * n / 12 * (total + 1 - tied))
    assert mann_whitney(x, y) == pytest.approx((0.0, math.erfc(z / math.sqrt(2))), rel=1e-12)


@pytest.mark.parametrize(("x", "y"), TWO_SAMPLES.values(), ids=TWO_SAMPLES.keys())
def test_stats_mann_whitney_matches_scipy(x: list[float], y: list[float]) -> None:
    expected = mannwhitneyu(x, y, alternative="two-sided", method="auto")
    u, p = mann_whitney(x, y)
    assert u == expected.statistic
    assert p == pytest.approx(expected.pvalue, rel=1e-9, abs=0)


def test_stats_mann_whitney_equal_values_show_no_difference() -> None:
    # Zero variance: U sits at its mean mn/2 and p is 1 (scipy: z = −inf, p clipped to 1).
    assert mann_whitney([2.5, 2.5, 2.5], [2.5, 2.5]) == (3.0, 1.0)


@pytest.mark.parametrize(("x", "y"), [([], [1.0, 2.0]), ([1.0], [])])
def test_stats_mann_whitney_is_nan_without_values(x: list[float], y: list[float]) -> None:
    assert all(math.isnan(value) for value in mann_whitney(x, y))


@pytest.mark.parametrize("x", [[1.0, N], [1.0, math.inf], [[1.0, 2.0]]])
def test_stats_rank_tests_reject_missing_infinite_or_nested_values(x: list) -> None:
    with pytest.raises(ValueError, match="finite numbers"):
        mann_whitney(x, [1.0, 2.0])


@pytest.mark.parametrize(("x", "y"), TWO_SAMPLES.values(), ids=TWO_SAMPLES.keys())
def test_stats_hodges_lehmann_estimate_is_median_difference(x: list[float], y: list[float]) -> None:
    estimate, low, high = hodges_lehmann(x, y)
    assert estimate == np.median(np.subtract.outer(x, y))
    assert low <= estimate <= high


@pytest.mark.parametrize(
    ("m", "n", "k"),
    [
        # k = floor(mn/2 + 1/2 − 1.96 √(mn(m + n + 1)/12)): floor(50.5 − 25.93) = 24 for 10 and
        # 10, floor(40.5 − 22.06) = 18 for 8 and 10 (without the 1/2: 17, too wide).
        (10, 10, 24),
        (8, 10, 18),
    ],
)
def test_stats_hodges_lehmann_interval_is_order_statistics(m: int, n: int, k: int) -> None:
    x, y = _continuous(m, 61, shift=0.7), _continuous(n, 62)
    differences = np.sort(np.subtract.outer(x, y), axis=None)
    assert hodges_lehmann(x, y)[1:] == (differences[k - 1], differences[m * n - k])


@pytest.mark.parametrize(
    ("at_k_minus_1", "at_k"),
    [
        # 10 and 10, k = 24: seven x below all ten y, two above, one above 3 (or 4): U = 23 (24).
        ([-1] * 7 + [2.5, 99, 99], [-1] * 7 + [3.5, 99, 99]),
        # 8 and 10, k = 18: six x below all, one above all, one above 7 (or 8): U = 17 (18).
        ([-1] * 6 + [6.5, 99], [-1] * 6 + [7.5, 99]),
    ],
)
def test_stats_hodges_lehmann_rank_agrees_with_exact_null(
    at_k_minus_1: list[float], at_k: list[float]
) -> None:
    # k is also the exact choice, the largest with 2 P(U <= k − 1) <= 5%.
    y = list(range(10))
    assert mannwhitneyu(at_k_minus_1, y, method="exact").pvalue <= 0.05
    assert mannwhitneyu(at_k, y, method="exact").pvalue > 0.05


@pytest.mark.parametrize(("m", "level"), [(3, 0.95), (2, 0.9), (1, 0.5)])
def test_stats_hodges_lehmann_interval_is_unbounded_for_tiny_samples(m: int, level: float) -> None:
    # 3 and 3: even [min, max] of the 9 differences covers only 1 − 2/20 = 90% < 95%.
    estimate, low, high = hodges_lehmann(range(m), range(10, 10 + m), level=level)
    assert (estimate, low, high) == (-10.0, -math.inf, math.inf)


def test_stats_hodges_lehmann_wider_at_higher_level() -> None:
    x, y = _rates(25, 63, shift=1.0), _rates(30, 64)
    _, low_90, high_90 = hodges_lehmann(x, y, level=0.9)
    _, low_99, high_99 = hodges_lehmann(x, y, level=0.99)
    assert low_99 <= low_90 and high_90 <= high_99 and low_99 < high_99


def test_stats_hodges_lehmann_is_nan_without_values() -> None:
    assert all(math.isnan(value) for value in hodges_lehmann([], [1.0, 2.0]))


@pytest.mark.parametrize("level", [0.0, 1.0, 95])
def test_stats_hodges_lehmann_rejects_invalid_level(level: float) -> None:
    with pytest.raises(ValueError, match="level"):
        hodges_lehmann([1.0, 2.0], [3.0], level=level)


@pytest.mark.parametrize("df", range(1, 31))
def test_stats_chi2_sf_matches_scipy(df: int) -> None:
    # Both branches (series below x/2 = df/2 + 1, continued fraction above) and far tails.
    x = [1e-8, 1e-3, 0.1, 0.5, 1, 2, 3.5, 5, 8, 12, 17, 23, 30, 40, 55, 75, 100, 150, 250, 400]
    assert [chi2_sf(value, df) for value in x] == pytest.approx(chi2.sf(x, df), rel=1e-10, abs=0)


@pytest.mark.parametrize("df", [0.5, 1.5, 2.5, 7.5, 60, 200])
def test_stats_chi2_sf_matches_scipy_for_other_df(df: float) -> None:
    x = [df / 10, df / 2, df - 1, df, df + 2, 2 * df, 5 * df + 10]
    assert [chi2_sf(value, df) for value in x] == pytest.approx(chi2.sf(x, df), rel=1e-10, abs=0)


@pytest.mark.parametrize("x", [0.01, 0.7, 3.841458820694124, 10, 50, 120])
def test_stats_chi2_sf_matches_closed_forms(x: float) -> None:
    # df = 1: erfc(√(x/2)); df = 2: e^(−x/2); df = 4: e^(−x/2) (1 + x/2).
    closed = [math.erfc(math.sqrt(x / 2)), math.exp(-x / 2), math.exp(-x / 2) * (1 + x / 2)]
    assert [chi2_sf(x, df) for df in (1, 2, 4)] == pytest.approx(closed, rel=1e-12)


@pytest.mark.parametrize(("x", "expected"), [(0.0, 1.0), (-3.0, 1.0), (math.inf, 0.0)])
def test_stats_chi2_sf_at_the_ends(x: float, expected: float) -> None:
    assert chi2_sf(x, 3) == expected


@pytest.mark.parametrize(("x", "df"), [(N, 2), (1.0, 0), (1.0, -1)])
def test_stats_chi2_sf_rejects_invalid_input(x: float, df: float) -> None:
    with pytest.raises(ValueError, match="df > 0"):
        chi2_sf(x, df)


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        # Mean ranks 2 and 5 around 3.5: H = 12/42 · (3 · 1.5² + 3 · 1.5²) = 27/7, df 1.
        ([[1, 2, 3], [4, 5, 6]], (27 / 7, math.erfc(math.sqrt(27 / 14)))),
        # scipy's documented example.
        ([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]], (0.2727272727272734, 0.6015081344405895)),
        # Three groups, df 2: p = e^(−H/2). Mean ranks 1.5, 3.5, 5.5: H = 12/42 · 16 = 32/7.
        ([[1, 2], [3, 4], [5, 6]], (32 / 7, math.exp(-16 / 7))),
    ],
)
def test_stats_kruskal_wallis_hand_computed(
    samples: list[list[float]], expected: tuple[float, float]
) -> None:
    assert kruskal_wallis(samples) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("samples", GROUPS.values(), ids=GROUPS.keys())
def test_stats_kruskal_wallis_matches_scipy(samples: list[list[float]]) -> None:
    expected = kruskal(*samples)
    # Loose on H only where scipy's 12/(N(N + 1)) Σ R²/n − 3(N + 1) loses digits (H near 0).
    assert kruskal_wallis(samples) == pytest.approx(tuple(expected), rel=1e-9, abs=1e-12)


def test_stats_kruskal_wallis_equal_values_show_no_difference() -> None:
    # H is 0/0 here; scipy returns NaN, we the conventional "no difference".
    assert kruskal_wallis([[0.0, 0.0], [0.0], [0.0, 0.0, 0.0]]) == (0.0, 1.0)


def test_stats_kruskal_wallis_is_nan_with_an_empty_sample() -> None:
    assert all(math.isnan(value) for value in kruskal_wallis([[1.0, 2.0], [], [3.0]]))


@pytest.mark.parametrize("samples", [[], [[1.0, 2.0, 3.0]]])
def test_stats_kruskal_wallis_needs_two_samples(samples: list[list[float]]) -> None:
    with pytest.raises(ValueError, match="at least two samples"):
        kruskal_wallis(samples)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # All 5 differences positive: W = 0; 1 of 2⁵ sign patterns in each tail, p = 2/32.
        ([2, 3, 4, 5, 6], [1, 1, 1, 1, 1], (0.0, 2 / 32)),
        # Differences 1, 1, 2 (ranks 1.5, 1.5, 3): all positive is 1 of 8 patterns, p = 2/8.
        ([2, 2, 3], [1, 1, 1], (0.0, 2 / 8)),
        # A zero difference is dropped: 2, 3, 4 positive (ranks 1, 2, 3), p = 2/8.
        ([1, 2, 3, 4], [1, 0, 0, 0], (0.0, 2 / 8)),
        # Differences +1, −2, +3: W+ = 4, W− = 2; P(W+ >= 4) = P(W+ <= 2) = 3/8, p = 6/8.
        ([1, 0, 3], [0, 2, 0], (2.0, 6 / 8)),
    ],
)
def test_stats_wilcoxon_hand_computed(
    first: list[float], second: list[float], expected: tuple[float, float]
) -> None:
    assert wilcoxon_signed_rank(first, second) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(("first", "second"), PAIRS.values(), ids=PAIRS.keys())
def test_stats_wilcoxon_matches_scipy(first: list[float], second: list[float]) -> None:
    expected = wilcoxon(first, second, zero_method="wilcox", alternative="two-sided", method="auto")
    statistic, p = wilcoxon_signed_rank(first, second)
    assert statistic == expected.statistic
    assert p == pytest.approx(expected.pvalue, rel=1e-9, abs=0)


@pytest.mark.parametrize(
    ("differences", "expected"),
    [
        # 13 pairs, one zero: every sign flip is enumerated; 1 of 2¹² patterns per tail.
        (list(range(13)), 2 / 2**12),
        # 14 pairs, one zero: normal approximation, W+ = 91 against mean 45.5 and variance
        # 13 · 14 · 27 / 24 = 204.75, no continuity correction.
        (list(range(14)), math.erfc(45.5 / math.sqrt(204.75) / math.sqrt(2))),
    ],
)
def test_stats_wilcoxon_enumerates_sign_flips_up_to_13_pairs(
    differences: list[float], expected: float
) -> None:
    _, p = wilcoxon_signed_rank(differences, [0.0] * len(differences))
    assert p == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("n", [5, 30])
def test_stats_wilcoxon_identical_pairs_show_no_difference(n: int) -> None:
    # No informative pair; scipy gives p = 1 up to 13 pairs (all sign flips tie), NaN above.
    values = _rates(n, 65)
    assert wilcoxon_signed_rank(values, values) == (0.0, 1.0)


def test_stats_wilcoxon_is_nan_without_pairs() -> None:
    assert all(math.isnan(value) for value in wilcoxon_signed_rank([], []))


def test_stats_wilcoxon_rejects_unpaired_samples() -> None:
    with pytest.raises(ValueError, match="need pairs"):
        wilcoxon_signed_rank([1.0, 2.0, 3.0], [1.0, 2.0])
