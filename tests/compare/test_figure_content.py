"""What the figures say (issue 17): co-occurrence over segments in clustering order, rates
beside presence, each panel test marked, counts for small groups, wave and n on every figure."""

import math
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from qualpipe.compare.cooccurrence import COOCCURRENCE_FIELDS, cooccurrence_rows
from qualpipe.compare.figures.cooccurrence import cooccurrence_figure
from qualpipe.compare.figures.prevalence import heatmap_figure, prevalence_figure
from qualpipe.compare.figures.rates import rates_figure
from qualpipe.compare.figures.save import save_figure
from qualpipe.compare.figures.style import INK
from qualpipe.compare.figures.titles import comparison_title, study_title
from qualpipe.compare.figures.wave_change import wave_change_figure
from qualpipe.compare.plan import Comparison
from qualpipe.compare.study import Study
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform
from test_figures import (
    CODEBOOK,
    RATE_PER_INTERVIEW,
    _panel_rate_rows,
    _panel_rows,
    _prevalence_rows,
    _rate_rows,
)

# The codes of nine segments: workload goes with mi_decline, quotas with mi_useful.
SEGMENTS = [
    {"workload", "mi_decline"},
    {"workload", "mi_decline"},
    {"workload"},
    {"quotas", "mi_useful"},
    {"quotas", "mi_useful"},
    {"quotas"},
    {"mi_useful"},
    {"mi_decline"},
    {"workload", "quotas"},
]


def _reference_jaccard(a: str, b: str) -> float:
    """|segments with both| / |segments with either|, straight from SEGMENTS."""
    with_a = {k for k, codes in enumerate(SEGMENTS) if a in codes}
    with_b = {k for k, codes in enumerate(SEGMENTS) if b in codes}
    return len(with_a & with_b) / len(with_a | with_b)


def _segment_rows() -> list[dict[str, str]]:
    """cooccurrence.csv's rows as the compare stage computes them for SEGMENTS."""
    study = Study(
        interviews={"i1": {"group": "officials"}},
        segments={f"s{k}": {"interview_id": "i1"} for k in range(len(SEGMENTS))},
        codes={f"s{k}": codes for k, codes in enumerate(SEGMENTS)},
        basis="consensus",
    )
    rows = cooccurrence_rows(study, CODEBOOK)
    return [dict(zip(COOCCURRENCE_FIELDS, map(str, row), strict=True)) for row in rows]


def _order(figure: Figure) -> list[str]:
    """The codes in display order: the columns, then the last row."""
    ax = figure.axes[0]
    by_label = {code.label: code.id for code in CODEBOOK.codes}
    labels = [t.get_text() for t in ax.get_xticklabels()] + [ax.get_yticklabels()[-1].get_text()]
    return [by_label[label] for label in labels]


def test_figure_cooccurrence_order_is_scipys_average_linkage_leaves_order() -> None:
    ids = CODEBOOK.ids
    distance = np.zeros((len(ids), len(ids)))
    for (i, a), (j, b) in combinations(enumerate(ids), 2):
        distance[i, j] = distance[j, i] = 1 - _reference_jaccard(a, b)
    leaves = leaves_list(linkage(squareform(distance), method="average"))
    order = _order(cooccurrence_figure(_segment_rows(), CODEBOOK))
    assert order == [ids[k] for k in leaves]
    assert abs(order.index("workload") - order.index("mi_decline")) == 1


def test_figure_cooccurrence_cells_are_the_jaccard_index_over_segments_in_percent() -> None:
    figure = cooccurrence_figure(_segment_rows(), CODEBOOK)
    order = _order(figure)
    cells = figure.axes[0].collections[0].get_array()
    for row, column in combinations(range(len(order)), 2):
        expected = 100 * _reference_jaccard(order[column], order[row])
        assert cells[column - 1, row] == pytest.approx(expected, abs=0.01)


def test_figure_cooccurrence_writes_the_index_in_cells_and_scales_to_its_range() -> None:
    figure = cooccurrence_figure(_segment_rows(), CODEBOOK)
    numbers = sorted(int(t.get_text()) for t in figure.axes[0].texts)
    reference = [round(100 * _reference_jaccard(a, b)) for a, b in combinations(CODEBOOK.ids, 2)]
    assert numbers == sorted(value for value in reference if value >= 1)
    largest = max(100 * _reference_jaccard(a, b) for a, b in combinations(CODEBOOK.ids, 2))
    assert largest < 50  # the scale ends at the range there is, rounded up to 5s, not at 100
    assert figure.axes[0].collections[0].norm.vmax == 5 * math.ceil(largest / 5)


def test_figure_prevalence_shows_pooled_rates_beside_presence() -> None:
    figure = prevalence_figure(_prevalence_rows(), CODEBOOK)
    rates = figure.axes[1]
    officials = rates.get_lines()[0]
    assert list(officials.get_xdata()) == pytest.approx(
        [RATE_PER_INTERVIEW * k for k in (9, 7, 6, 2)]
    )
    assert "per 1,000" in rates.get_xlabel()


def test_figure_prevalence_never_clips_a_marker_at_100_percent() -> None:
    rows = [row | {"share": "1.0000", "share_high": "1.0000"} for row in _prevalence_rows()]
    figure = prevalence_figure(rows, CODEBOOK)
    markers = [line for ax in figure.axes for line in ax.get_lines() if line.get_marker() != "None"]
    assert markers and not any(line.get_clip_on() for line in markers)


def _dark(ax) -> list[bool]:
    """Per code, whether the line joining its two waves is dark (category rules left out)."""
    joins = [
        line
        for line in ax.get_lines()
        if line.get_marker() == "None" and line.get_transform() == ax.transData
    ]
    return [to_rgba(line.get_color()) == to_rgba(INK) for line in joins]


def test_figure_wave_change_marks_each_panel_by_its_own_test() -> None:
    shares, medians = wave_change_figure(_panel_rows(), _panel_rate_rows(), CODEBOOK).axes[:2]
    assert _dark(shares) == [False, False, True, True]  # McNemar q 0.8, 1, 0.01, 0.04
    assert _dark(medians) == [False, False, False, True]  # Wilcoxon q 0.0002 for mi_decline
    assert "McNemar's exact test" in shares.get_xlabel()
    assert "Wilcoxon signed-rank test" in medians.get_xlabel()


def test_figure_wave_change_plots_each_waves_median_rate() -> None:
    medians = wave_change_figure(_panel_rows(), _panel_rate_rows(), CODEBOOK).axes[1]
    rings = [line for line in medians.get_lines() if line.get_marker() == "o"]
    squares = [line for line in medians.get_lines() if line.get_marker() == "s"]
    assert [float(line.get_xdata()[0]) for line in rings] == [1.0, 0.8, 1.5, 0.5]
    assert [float(line.get_xdata()[0]) for line in squares] == [1.1, 0.8, 1.4, 2.0]


COMPARISON = Comparison("pair", "group", ("officials", "managers"), (("wave", "2013"),))
PANEL = Comparison("waves", "wave", ("2013", "2014"), panel="person_id")


def test_figure_titles_state_the_wave_and_n() -> None:
    prevalence = [row | {"comparison": "pair"} for row in _prevalence_rows()]
    assert comparison_title(COMPARISON, prevalence, []) == "Wave 2013: 15 interviews"
    panel = comparison_title(PANEL, [], _panel_rows())
    assert panel == "Wave 2013 vs 2014: the 10 persons interviewed in both"
    table1 = [{"wave": "2013"}, {"wave": "2014"}]
    everyone = [{"variable": "all", "interviews": "78"}]
    assert study_title(everyone, table1) == "All waves (2013, 2014): 78 interviews"


@pytest.mark.parametrize(
    "make",
    [
        lambda: prevalence_figure(_prevalence_rows(), CODEBOOK, title="Wave 2013: 15 interviews"),
        lambda: rates_figure(_rate_rows(), CODEBOOK, title="Wave 2013: 15 interviews"),
        lambda: wave_change_figure(
            _panel_rows(), _panel_rate_rows(), CODEBOOK, title="Wave 2013: 15 interviews"
        ),
    ],
    ids=["prevalence", "rates", "wave_change"],
)
def test_figure_title_heads_the_legend(make) -> None:
    assert make().legends[0].get_title().get_text() == "Wave 2013: 15 interviews"


@pytest.mark.parametrize(
    "make",
    [
        lambda: heatmap_figure(_prevalence_rows(), CODEBOOK, title="Wave 2013: 17 interviews"),
        lambda: cooccurrence_figure(_segment_rows(), CODEBOOK, title="Wave 2013: 17 interviews"),
    ],
    ids=["heatmap", "cooccurrence"],
)
def test_figure_title_stands_above_a_figure_without_legend_on_top(make) -> None:
    figure = make()
    assert figure.get_suptitle() == "Wave 2013: 17 interviews"


@pytest.mark.parametrize(
    "make",
    [
        lambda: cooccurrence_figure(_segment_rows(), CODEBOOK, title="All waves"),
        lambda: wave_change_figure(_panel_rows(), _panel_rate_rows(), CODEBOOK, title="Panel"),
        lambda: prevalence_figure(_prevalence_rows(), CODEBOOK, title="Wave 2013"),
    ],
    ids=["cooccurrence", "wave_change", "prevalence"],
)
@pytest.mark.parametrize("file_format", ["png", "svg", "pdf"])
def test_figure_files_are_byte_identical_on_rerun(tmp_path: Path, make, file_format: str) -> None:
    first = save_figure(make(), tmp_path / "a" / "figure", formats=(file_format,))[0]
    second = save_figure(make(), tmp_path / "b" / "figure", formats=(file_format,))[0]
    assert first.read_bytes() == second.read_bytes()
