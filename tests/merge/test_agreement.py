"""Agreement: hand-computed cases, reference implementations, degenerate cases, bootstrap."""

from itertools import combinations

import krippendorff
import numpy as np
import pytest
from conftest import ROOT
from qualpipe.merge.agreement import (
    agreement_rows,
    bootstrap_ci,
    cohen_kappa,
    krippendorff_alpha,
    pairable_units,
    percent_agreement,
)
from statsmodels.stats.inter_rater import cohens_kappa

N = np.nan
# Two coders, ten segments: 4 × (1, 1), 1 × (1, 0), 2 × (0, 1), 3 × (0, 0).
TABLE = np.array([[1, 1]] * 4 + [[1, 0]] + [[0, 1]] * 2 + [[0, 0]] * 3, dtype=float)
# Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', nominal example:
# 4 observers (rows) × 12 units, missing values, published alpha = 0.743.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
).T
STATISTICS = [percent_agreement, cohen_kappa, krippendorff_alpha]


def ratings(seed: int, *, units: int, coders: int, categories: int, missing: float) -> np.ndarray:
    """Coders who copy a unit's true category 70% of the time, with values missing at random."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(categories, size=(units, 1))
    guess = rng.integers(categories, size=(units, coders))
    matrix = np.where(rng.random((units, coders)) < 0.7, truth, guess).astype(float)
    matrix[rng.random((units, coders)) < missing] = np.nan
    return matrix


def direct_percent_agreement(matrix: np.ndarray) -> float:
    """Every pair of coders on every unit, one by one."""
    pairs = [
        (row[i], row[j])
        for row in matrix
        for i, j in combinations(range(len(row)), 2)
        if not (np.isnan(row[i]) or np.isnan(row[j]))
    ]
    return sum(a == b for a, b in pairs) / len(pairs)


@pytest.mark.parametrize(
    ("statistic", "expected"),
    [
        # po = (4 + 3) / 10 = 0.7
        (percent_agreement, 0.7),
        # pe = P(A=1)P(B=1) + P(A=0)P(B=0) = 0.5 × 0.6 + 0.5 × 0.4 = 0.5; κ = 0.2 / 0.5 = 0.4
        (cohen_kappa, 0.4),
        # n = 20 values, n_1 = 5 + 6 = 11, n_0 = 9; 3 disagreeing units give o_01 + o_10 = 6;
        # α = 1 − (n − 1)(o_01 + o_10) / (2 n_0 n_1) = 1 − 19 × 6 / 198 = 14/33
        (krippendorff_alpha, 14 / 33),
    ],
)
def test_agreement_hand_computed_two_by_two_table(statistic, expected: float) -> None:
    assert statistic(TABLE) == pytest.approx(expected, abs=1e-12)


def test_agreement_alpha_reproduces_krippendorff_2011_example() -> None:
    alpha = krippendorff_alpha(KRIPPENDORFF_2011)
    reference = krippendorff.alpha(
        reliability_data=KRIPPENDORFF_2011.T, level_of_measurement="nominal"
    )
    assert alpha == pytest.approx(0.743, abs=1e-3)
    assert alpha == pytest.approx(reference, abs=1e-9)


@pytest.mark.parametrize("coders", [2, 3, 5])
@pytest.mark.parametrize("missing", [0.0, 0.1, 0.3])
def test_agreement_alpha_matches_krippendorff_package(coders: int, missing: float) -> None:
    matrix = ratings(coders, units=300, coders=coders, categories=3, missing=missing)
    reference = krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="nominal")
    assert krippendorff_alpha(matrix) == pytest.approx(reference, abs=1e-9)


@pytest.mark.parametrize("categories", [2, 4])
@pytest.mark.parametrize("missing", [0.0, 0.3])
def test_agreement_kappa_matches_statsmodels(categories: int, missing: float) -> None:
    matrix = ratings(categories, units=300, coders=2, categories=categories, missing=missing)
    both = matrix[~np.isnan(matrix).any(axis=1)].astype(int)
    table = np.zeros((categories, categories))
    np.add.at(table, (both[:, 0], both[:, 1]), 1)
    assert cohen_kappa(matrix) == pytest.approx(cohens_kappa(table).kappa, abs=1e-9)


@pytest.mark.parametrize("coders", [2, 3, 5])
def test_agreement_percent_agreement_counts_every_coder_pair(coders: int) -> None:
    matrix = ratings(coders, units=200, coders=coders, categories=3, missing=0.3)
    expected = direct_percent_agreement(matrix)
    assert percent_agreement(matrix) == pytest.approx(expected, abs=1e-12)


def test_agreement_constant_codes_agree_fully_but_kappa_and_alpha_are_nan() -> None:
    matrix = np.array([[1.0, 1.0]] * 5 + [[1.0, N]])
    assert percent_agreement(matrix) == 1.0
    assert np.isnan(cohen_kappa(matrix))
    assert np.isnan(krippendorff_alpha(matrix))


@pytest.mark.parametrize("statistic", STATISTICS)
@pytest.mark.parametrize("matrix", [np.array([[1.0, N], [N, 0.0]]), np.empty((0, 2))])
def test_agreement_nothing_pairable_is_nan(statistic, matrix: np.ndarray) -> None:
    assert not pairable_units(matrix).any()
    assert np.isnan(statistic(matrix))


@pytest.mark.parametrize("coders", [1, 3])
def test_agreement_kappa_rejects_other_than_two_coders(coders: int) -> None:
    with pytest.raises(ValueError, match="exactly 2 coders"):
        cohen_kappa(np.ones((4, coders)))


def test_agreement_alpha_rejects_other_levels() -> None:
    with pytest.raises(ValueError, match="nominal"):
        krippendorff_alpha(TABLE, level="interval")


@pytest.mark.parametrize("statistic", STATISTICS)
def test_agreement_bootstrap_is_deterministic_for_a_seed(statistic) -> None:
    matrix = ratings(0, units=200, coders=2, categories=2, missing=0.1)
    first = bootstrap_ci(statistic, matrix, resamples=200, seed=7)
    assert bootstrap_ci(statistic, matrix, resamples=200, seed=7) == first
    assert bootstrap_ci(statistic, matrix, resamples=200, seed=8) != first


@pytest.mark.parametrize("statistic", STATISTICS)
def test_agreement_bootstrap_interval_contains_the_estimate(statistic) -> None:
    matrix = ratings(1, units=200, coders=2, categories=2, missing=0.1)
    low, high = bootstrap_ci(statistic, matrix, resamples=1000)
    assert low < statistic(matrix) < high
    assert high - low < 0.5


@pytest.mark.parametrize("statistic", STATISTICS)
def test_agreement_bootstrap_fast_path_equals_general_path(statistic) -> None:
    matrix = ratings(2, units=200, coders=2, categories=2, missing=0.2)
    fast = bootstrap_ci(statistic, matrix, resamples=300, seed=3)
    general = bootstrap_ci(lambda m: statistic(m), matrix, resamples=300, seed=3)
    assert fast == general


@pytest.mark.parametrize("statistic", [percent_agreement, krippendorff_alpha])
def test_agreement_bootstrap_fast_path_handles_many_coders(statistic) -> None:
    matrix = ratings(3, units=100, coders=4, categories=3, missing=0.3)
    fast = bootstrap_ci(statistic, matrix, resamples=200, seed=3)
    general = bootstrap_ci(lambda m: statistic(m), matrix, resamples=200, seed=3)
    assert fast == pytest.approx(general, abs=1e-12)


@pytest.mark.parametrize(("draws", "finite"), [(1, True), (2, False)])
def test_agreement_bootstrap_needs_half_the_resamples_finite(draws: int, finite: bool) -> None:
    matrix = np.array([[5.0, 5.0]] + [[0.0, 0.0]] * 199)

    def statistic(m: np.ndarray) -> float:
        # The odd unit is drawn at least once in ~63% of resamples, twice in ~26%.
        return 1.0 if (m[:, 0] == 5).sum() >= draws else np.nan

    low, high = bootstrap_ci(statistic, matrix, resamples=400)
    assert np.isfinite([low, high]).all() == finite


def test_agreement_rows_one_per_code_then_overall() -> None:
    matrices = {"delay": TABLE, "quota": np.array([[1.0, 1.0], [0.0, N], [0.0, 0.0]])}
    rows = agreement_rows(matrices, resamples=50, seed=0, level_name="segment")
    assert [row["code"] for row in rows] == ["delay", "quota", "overall"]
    assert [row["units"] for row in rows] == [10, 2, 12]
    assert [row["positives"] for row in rows] == [7, 1, 8]
    assert rows[1]["kappa"] == 1.0 and rows[0]["level"] == "segment"


def test_agreement_rows_overall_pools_units_of_all_codes() -> None:
    matrices = {"a": ratings(4, units=60, coders=2, categories=2, missing=0.1), "b": TABLE}
    overall = agreement_rows(matrices, resamples=50, seed=0, level_name="interview")[-1]
    pooled = np.vstack(list(matrices.values()))
    assert overall["agreement"] == percent_agreement(pooled)
    assert overall["alpha"] == krippendorff_alpha(pooled)


def test_agreement_rows_without_two_coders_have_no_kappa() -> None:
    matrix = ratings(5, units=50, coders=3, categories=2, missing=0.1)
    row = agreement_rows({"delay": matrix}, resamples=50, seed=0, level_name="segment")[0]
    assert np.isnan([row["kappa"], row["kappa_low"], row["kappa_high"]]).all()
    assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"]


def test_agreement_rows_reject_codes_with_different_coders() -> None:
    with pytest.raises(ValueError, match="same coders"):
        agreement_rows({"a": TABLE, "b": np.ones((3, 3))}, resamples=10, seed=0, level_name="x")


def test_agreement_rows_without_codes_are_empty() -> None:
    assert agreement_rows({}, resamples=10, seed=0, level_name="segment") == []


def _demo_matrices() -> dict[str, np.ndarray]:
    """The demo's two coders, read from their committed sheets, as presence matrices."""
    from qualpipe.codebook import load_codebook
    from qualpipe.merge.agreement_table import presence_matrices
    from qualpipe.merge.sheet_rows import parse_rows, read_sheet

    root = ROOT
    codes = load_codebook(
        str(root / "data/codebook.yaml"),
        schema_path=str(root / "workflow/schemas/codebook.schema.yaml"),
    ).ids
    decisions = []
    for coder, name in (
        ("coder_a", "coder_a_coding_sheet.xlsx"),
        ("coder_b", "coder_b_coding_sheet.csv"),
    ):
        path = str(root / "data/coding" / coder / name)
        for row in parse_rows(path, read_sheet(path), codes):
            status = "nothing_applies" if row.nothing else ("coded" if row.codes else "not_coded")
            interview = row.segment_id.split("-t")[0]
            decisions.append(
                {"coder": coder, "segment_id": row.segment_id, "interview_id": interview,
                 "status": status, "codes": ";".join(row.codes)}
            )  # fmt: skip
    return presence_matrices(decisions, codes, ["coder_a", "coder_b"], level="segment")


@pytest.mark.integration  # the demo study's whole returned sheets: 23,000 rows, about 13 s
def test_agreement_on_the_demo_coders_matches_the_references() -> None:
    import krippendorff
    from statsmodels.stats.inter_rater import cohens_kappa

    matrices = _demo_matrices()
    assert len(matrices) == 29
    for code, matrix in matrices.items():
        both = matrix[~np.isnan(matrix).any(axis=1)]
        table = np.array(
            [[np.sum((both[:, 0] == a) & (both[:, 1] == b)) for b in (0, 1)] for a in (0, 1)]
        )
        assert cohen_kappa(matrix) == pytest.approx(cohens_kappa(table).kappa, abs=1e-9), code
        reference = krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="nominal")
        assert krippendorff_alpha(matrix) == pytest.approx(reference, abs=1e-9), code


def test_agreement_positives_count_only_the_units_agreement_counts() -> None:
    # The third unit was coded by one coder only: no unit of agreement, so not a positive
    # either (76 'positives' of 75 interviews read as a bug, issue 17).
    matrix = np.array([[1.0, 1.0], [0.0, 0.0], [1.0, N]])
    row = agreement_rows({"lean": matrix}, resamples=20, seed=0, level_name="interview")[0]
    assert (row["units"], row["positives"]) == (2, 1)


def test_agreement_markdown_names_codes_by_label_under_their_categories() -> None:
    from qualpipe.codebook import Code, Codebook, Node
    from qualpipe.merge.agreement_table import agreement_markdown

    place = ("roles", "Roles", "conditions", "Conditions")
    codebook = Codebook(
        themes=[Node("roles", "Roles", "")],
        categories=[Node("conditions", "Conditions", "", parent="roles")],
        codes=[Code("lean_work", "Lean work", "d", *place)],
    )
    rows = agreement_rows({"lean_work": TABLE}, resamples=20, seed=0, level_name="segment")
    markdown = agreement_markdown(rows, codebook, resamples=20)
    assert "| **Conditions** |" in markdown and "| Lean work | 10 | 7 | 70.0 |" in markdown
    assert "lean_work" not in markdown and "Coded by any coder: of those" in markdown
