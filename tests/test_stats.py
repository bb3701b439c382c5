"""Comparison statistics: hand-computed cases, published values, scipy/statsmodels references."""

import math

import numpy as np
import pytest
from qualpipe.stats import (
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
from scipy.stats import MonteCarloMethod, chi2_contingency, hypergeom
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
    assert chi2_monte_carlo(np.array(table)) == (0.0, 1.0)


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
        chi2_monte_carlo(np.array(table))
