"""Cross-group comparison: prevalence, tests, panel, co-occurrence, quotes, renderings."""

import pytest
from qualpipe.codebook import Code, Codebook, Node
from qualpipe.compare.cooccurrence import cooccurrence_rows
from qualpipe.compare.plan import Comparison, figure_plan
from qualpipe.compare.presence import _fields, _p, comparison_rows, panel_rows, prevalence_rows
from qualpipe.compare.quotes import quote_rows
from qualpipe.compare.rates import interview_rates, rate_rows
from qualpipe.compare.render import latex_escape, markdown_table
from qualpipe.compare.study import Study

PLACE = ("roles", "Roles", "conditions", "Conditions")
CODEBOOK = Codebook(
    themes=[Node("roles", "Roles", "")],
    categories=[Node("conditions", "Conditions", "", parent="roles")],
    codes=[Code("workload", "Workload", "d", *PLACE), Code("lean", "Lean", "d", *PLACE)],
)


def _study() -> Study:
    """Four officials (two of them again in 2014) and two managers, one segment each."""
    people = [
        ("o1", "officials", "2013", "P1", {"workload"}),
        ("o2", "officials", "2013", "P2", {"workload", "lean"}),
        ("o3", "officials", "2013", "P3", set()),
        ("o4", "officials", "2013", "P4", {"workload"}),
        ("m1", "managers", "2013", "P5", {"lean"}),
        ("m2", "managers", "2013", "P6", set()),
        ("o1b", "officials", "2014", "P1", set()),
        ("o2b", "officials", "2014", "P2", {"workload"}),
    ]
    interviews = {
        i: {"group": g, "wave": w, "person_id": p, "site": "abcc"[n // 2]}
        for n, (i, g, w, p, _) in enumerate(people)
    }
    segments = {
        f"{i}-t0001-s01": {
            "interview_id": i,
            "words": "10",
            "speaker": f"Speaker {i}",
            "text": f"Text of {i}.",
        }
        for i, *_ in people
    }
    codes = {f"{i}-t0001-s01": c for i, *_, c in people}
    return Study(interviews, segments, codes, "consensus")


def _row(rows: list, level_id: tuple, **where: str) -> list:
    return next(
        r
        for r in rows
        if (r[1], r[2]) == level_id
        and all(r[6 if k == "variable" else 7] == v for k, v in where.items())
    )


def test_compare_prevalence_counts_interviews_with_wilson_intervals() -> None:
    rows = prevalence_rows(_study(), CODEBOOK, [Comparison("by_group", "group")])
    officials = _row(rows, ("code", "workload"), variable="group", value="officials")
    assert officials[8:11] == [6, 4, "0.6667"]  # 6 officials' interviews (both waves), 4 with it
    low, high = float(officials[11]), float(officials[12])
    assert low < 0.6667 < high
    assert officials[13:16] == [4, 60, "66.6667"]  # segments, words, per 1,000 words


def test_compare_theme_present_when_any_of_its_codes_is() -> None:
    rows = prevalence_rows(_study(), CODEBOOK, [])
    assert _row(rows, ("theme", "roles"), variable="all", value="all")[9] == 5


def test_compare_two_groups_get_fisher_difference_and_odds_ratio() -> None:
    comparison = Comparison(
        "officials_vs_managers", "group", ("officials", "managers"), (("wave", "2013"),)
    )
    row = next(
        r
        for r in comparison_rows(_study(), CODEBOOK, comparison, resamples=100, seed=1)
        if r[3] == "workload"
    )
    assert row[5:11] == ["officials", "managers", 3, 4, 0, 2]
    assert row[21] == "fisher" and float(row[19]) == pytest.approx(
        0.4, abs=1e-9
    )  # 2x2 [[3,1],[0,2]]
    assert "0.5 added" in row[22]  # a zero cell: Haldane-Anscombe correction, said so


def test_compare_more_groups_get_a_monte_carlo_chi_square() -> None:
    comparison = Comparison("sites", "site")
    rows = comparison_rows(_study(), CODEBOOK, comparison, resamples=200, seed=1)
    workload = next(r for r in rows if r[3] == "workload")
    assert workload[5] == "a; b; c" and workload[7:9] == ["2; 1; 1", "2; 2; 4"]
    assert workload[21] == "chi2_mc" and 0 < float(workload[19]) <= 1
    assert "expected count below 5" in workload[22]


def test_compare_panel_pairs_each_persons_two_interviews() -> None:
    comparison = Comparison("waves", "wave", ("2013", "2014"), panel="person_id")
    row = next(r for r in panel_rows(_study(), CODEBOOK, comparison) if r[3] == "workload")
    assert row[5:11] == [2, 2, 1, 1, 1, 0]  # persons, first, second, both, only first, only second
    assert float(row[13]) == 1.0  # McNemar exact on 1 vs 0 discordant pairs


def test_compare_cooccurrence_counts_and_jaccard() -> None:
    rows = cooccurrence_rows(_study(), CODEBOOK)
    pair = next(r for r in rows if r[1:5] == ["interview", "all", "workload", "lean"])
    assert pair[5:] == [1, 4, 2, "0.2000"]


def test_compare_quotes_are_attributed_and_capped_per_group() -> None:
    rows = quote_rows(_study(), CODEBOOK, per_group=1)
    workload = [(r[3], r[6]) for r in rows if r[1] == "workload"]
    assert workload == [("officials", "Speaker o1")]


def test_compare_renderings_escape_what_would_break_them() -> None:
    assert latex_escape("5% of [ORG 1] & co_op") == r"5\% of [ORG 1] \& co\_op"
    assert markdown_table(["a"], [["x|y"]]).splitlines()[-1] == "| x\\|y |"


def test_compare_figure_plan_follows_the_comparisons() -> None:
    pair = {"id": "a", "variable": "group", "values": ["x", "y"]}
    several = {"id": "b", "variable": "site"}
    panel = {"id": "c", "variable": "wave", "values": ["1", "2"], "panel": "person_id"}
    assert list(figure_plan([pair, several, panel])) == [
        "prevalence", "rates", "heatmap", "wave_change", "cooccurrence", "table1"
    ]  # fmt: skip
    assert list(figure_plan([])) == ["cooccurrence", "table1"]
    assert figure_plan([several, pair])["prevalence"].id == "a"
    assert figure_plan([several, pair])["rates"].id == "a"


def test_compare_prevalence_of_a_comparison_uses_only_its_interviews() -> None:
    comparison = Comparison(
        "officials_vs_managers", "group", ("officials", "managers"), (("wave", "2013"),)
    )
    rows = prevalence_rows(_study(), CODEBOOK, [comparison])
    officials = next(
        r for r in rows if r[16] == comparison.id and r[2] == "workload" and r[7] == "officials"
    )
    assert officials[8:10] == [4, 3]  # the four 2013 officials, three with workload


def test_compare_rates_are_segments_per_thousand_words() -> None:
    rates = interview_rates(_study(), {"workload"})
    assert rates["o1"] == 100.0 and rates["o3"] == 0.0  # one 10-word segment each


def test_compare_rate_tests_by_kind_of_comparison() -> None:
    pair = Comparison("officials_vs_managers", "group", ("officials", "managers"))
    panel = Comparison("waves", "wave", ("2013", "2014"), panel="person_id")
    by_pair = next(r for r in rate_rows(_study(), CODEBOOK, pair) if r[3] == "workload")
    by_panel = next(r for r in rate_rows(_study(), CODEBOOK, panel) if r[3] == "workload")
    assert (by_pair[6], by_pair[7], by_pair[14]) == ("6; 2", "100.0000; 0.0000", "mann_whitney")
    assert (by_panel[6], by_panel[14]) == ("2 persons", "wilcoxon")


def test_compare_small_p_values_keep_their_size() -> None:
    assert (_p(0.0300), _p(0.000012345), _p(float("nan"))) == ("0.0300", "1.2e-05", "")


def test_compare_quotes_prefer_segments_the_coders_agreed_on() -> None:
    study = _study()
    study.settled = {("o4-t0001-s01", "workload")}  # o1 would come first by id
    rows = quote_rows(study, CODEBOOK, per_group=1)
    assert [r[5] for r in rows if r[1:4:2] == ["workload", "officials"]] == ["o4-t0001-s01"]


def test_compare_rows_are_laid_out_by_field_name() -> None:
    assert _fields(("basis", "p", "q", "note"), {"basis": "consensus", "p": 0.5}) == [
        "consensus", 0.5, None, ""
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not a field of the table: \\['pvalue'\\]"):
        _fields(("p", "q"), {"pvalue": 0.5})


def test_compare_study_hits_and_words_equal_a_count_over_segments() -> None:
    """The per-interview sums derived once (issue 16) equal a plain count over segments."""
    study = _study()
    study.segments["o1-t0002-s01"] = {"interview_id": "o1", "words": "7"}
    study.codes["o1-t0002-s01"] = {"lean"}
    study.segments["o3-t0002-s01"] = {"interview_id": "o3", "words": "5"}  # not coded
    for codes in ({"workload"}, {"lean"}, {"workload", "lean"}, set()):
        for interview in study.interviews:
            mine = [s for s in study.codes if study.segments[s]["interview_id"] == interview]
            assert study.hits(interview, codes) == sum(1 for s in mine if study.codes[s] & codes)
            assert study.words.get(interview, 0) == sum(
                int(study.segments[s]["words"]) for s in mine
            )
    assert interview_rates(study, {"lean"})["o1"] == 1000 * 1 / 17
