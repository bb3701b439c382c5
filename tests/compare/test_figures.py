"""Figures: rows, ticks and labels from the tables, the basis note, byte-identical atomic files."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from qualpipe.codebook import Code, Codebook, Node
from qualpipe.compare.figures.cooccurrence import cooccurrence_figure
from qualpipe.compare.figures.prevalence import heatmap_figure, prevalence_figure
from qualpipe.compare.figures.rates import rates_figure
from qualpipe.compare.figures.save import save_figure
from qualpipe.compare.figures.style import DOUBLE_COLUMN, SINGLE_COLUMN
from qualpipe.compare.figures.table1 import table1_figure
from qualpipe.compare.figures.wave_change import wave_change_figure

NOTE = "Keyword suggestions, not coders' codes."


def _code(code_id: str, category: str) -> Code:
    return Code(code_id, code_id.title(), "d", "roles", "Roles", category, category.title())


CODEBOOK = Codebook(
    themes=[Node("roles", "Roles", "")],
    categories=[
        Node("conditions", "Conditions", "", "roles"),
        Node("mi_use", "Using MI", "", "roles"),
    ],
    codes=[
        _code("workload", "conditions"),
        _code("quotas", "conditions"),
        _code("mi_useful", "mi_use"),
        _code("mi_decline", "mi_use"),
    ],
)
# Interviews with the code: officials (of 10), managers (of 5), coordinators (of 2).
WITH = {"workload": (9, 2, 1), "quotas": (7, 1, 0), "mi_useful": (6, 3, 1), "mi_decline": (2, 0, 0)}
GROUPS = {"officials": 10, "managers": 5, "coordinators": 2}
RATE_PER_INTERVIEW = 0.25  # pooled segments per 1,000 words: a quarter per interview with it
# Panel: share in 2013, share in 2014, McNemar q; median rates in 2013 and 2014, Wilcoxon q.
PANEL = {
    "workload": (0.50, 0.60, "0.8"),
    "quotas": (0.40, 0.40, "1"),
    "mi_useful": (0.70, 0.20, "0.01"),
    "mi_decline": (0.10, 0.50, "0.04"),
}
PANEL_RATES = {
    "workload": ("1.0; 1.1", "0.9"),
    "quotas": ("0.8; 0.8", "1"),
    "mi_useful": ("1.5; 1.4", "0.7"),
    "mi_decline": ("0.5; 2.0", "0.0002"),
}
TABLE1 = [
    {"wave": "2013", "role": "official", "role_label": "Officials", "interviews": "24"},
    {"wave": "2013", "role": "unit_manager", "role_label": "Unit managers", "interviews": "20"},
    {"wave": "2014", "role": "official", "role_label": "Officials", "interviews": "16"},
]


def _prevalence_rows() -> list[dict[str, str]]:
    """Rows as read from prevalence.csv: text, shares as proportions."""
    rows = []
    for code, counts in WITH.items():
        for (group, n), k in zip(GROUPS.items(), counts, strict=True):
            share = k / n
            rows.append(
                {
                    "basis": "pre-codes",
                    "level": "code",
                    "id": code,
                    "variable": "group",
                    "value": group,
                    "interviews": str(n),
                    "interviews_with": str(k),
                    "share": f"{share:.4f}",
                    "share_low": f"{max(0, share - 0.2):.4f}",
                    "share_high": f"{min(1, share + 0.2):.4f}",
                    "per_1000_words": f"{RATE_PER_INTERVIEW * k:.4f}",
                }
            )
    return rows


def _panel_rows() -> list[dict[str, str]]:
    return [
        {"level": "code", "id": code, "persons": "10", "share_first": str(first)}
        | {"share_second": str(second), "q": q, "first": "2013", "second": "2014"}
        for code, (first, second, q) in PANEL.items()
    ]


def _panel_rate_rows() -> list[dict[str, str]]:
    return [
        {"level": "code", "id": code, "median_rates": medians, "q": q, "test": "wilcoxon"}
        for code, (medians, q) in PANEL_RATES.items()
    ]


def _cooccurrence_rows() -> list[dict[str, str]]:
    ids = CODEBOOK.ids
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i:]]
    return [
        {"scope": "segment", "group": "all", "code_a": a, "code_b": b}
        | {"jaccard": "1" if a == b else f"{0.1 * (ids.index(a) + ids.index(b)):.2f}"}
        for a, b in pairs
    ]


# Rates: officials' and managers' median rates, Hodges-Lehmann shift with interval, q.
RATES = {
    "workload": ("2.1; 0.8", 1.2, 0.7, 1.6, "0.001"),
    "quotas": ("1.2; 1.1", 0.1, -0.3, 0.5, "0.6"),
    "mi_useful": ("0.9; 1.5", -0.6, -1.0, -0.2, "0.02"),
    "mi_decline": ("0.3; 0.1", 0.2, -0.1, 0.4, "0.3"),
}


def _rate_rows(comparison: str = "officials_vs_managers") -> list[dict[str, str]]:
    return [
        {"comparison": comparison, "level": "code", "id": code, "values": "officials; managers"}
        | {"interviews": "10; 5", "median_rates": medians, "estimate": str(estimate)}
        | {"estimate_low": str(low), "estimate_high": str(high), "q": q}
        for code, (medians, estimate, low, high, q) in RATES.items()
    ]


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]


def _ticks(labels: list) -> list[str]:
    return [label.get_text() for label in labels]


def test_figures_prevalence_has_one_row_per_code_in_codebook_order() -> None:
    figure = prevalence_figure(_prevalence_rows(), CODEBOOK)
    ax = figure.axes[0]
    assert _ticks(ax.get_yticklabels()) == ["Workload", "Quotas", "Mi_Useful", "Mi_Decline"]
    assert list(ax.get_yticks()) == [1, 2, 4, 5]


def test_figures_prevalence_shows_category_headings() -> None:
    ax = prevalence_figure(_prevalence_rows(), CODEBOOK).axes[0]
    headings = [t for t in ax.texts if t.get_fontweight() == "bold"]
    assert [(t.get_text(), t.get_position()[1]) for t in headings] == [
        ("Conditions", 0),
        ("Using MI", 3),
    ]


def test_figures_prevalence_has_one_series_per_value_with_its_n() -> None:
    figure = prevalence_figure(
        _prevalence_rows(), CODEBOOK, values=("officials", "managers", "coordinators")
    )
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Officials (n = 10)", "Managers (n = 5)", "Coordinators (n = 2)"]
    assert len(figure.axes[0].containers) == 3


def test_figures_prevalence_plots_shares_in_percent() -> None:
    ax = prevalence_figure(_prevalence_rows(), CODEBOOK).axes[0]
    officials = ax.containers[0].lines[0]
    assert list(officials.get_xdata()) == pytest.approx([90, 70, 60, 20])
    assert ax.get_xlim() == (-4, 104)


def test_figures_prevalence_is_double_column_wide() -> None:
    figure = prevalence_figure(_prevalence_rows(), CODEBOOK)
    assert figure.get_figwidth() == pytest.approx(DOUBLE_COLUMN)
    assert round(DOUBLE_COLUMN * 25.4) == 175


def test_figures_prevalence_rejects_a_value_not_in_the_table() -> None:
    with pytest.raises(ValueError, match=r"group=\['clerks'\]"):
        prevalence_figure(_prevalence_rows(), CODEBOOK, values=("officials", "clerks"))


def test_figures_prevalence_rejects_shares_given_in_percent() -> None:
    rows = [row | {"share": "90"} for row in _prevalence_rows()]
    with pytest.raises(ValueError, match="proportions"):
        prevalence_figure(rows, CODEBOOK)


def test_figures_prevalence_rejects_rows_of_several_subsets() -> None:
    rows = _prevalence_rows()
    with pytest.raises(ValueError, match="more than once"):
        prevalence_figure([*rows, rows[0] | {"share": "0.5"}], CODEBOOK)


def test_figures_heatmap_annotates_every_cell_with_its_count() -> None:
    ax = heatmap_figure(_prevalence_rows(), CODEBOOK, values=["officials", "managers"]).axes[0]
    cells = [t.get_text() for t in ax.texts if t.get_fontweight() != "bold"]
    assert cells == ["9/10", "2/5", "7/10", "1/5", "6/10", "3/5", "2/10", "0/5"]
    assert len(_ticks(ax.get_yticklabels())) == 4


def test_figures_heatmap_defaults_to_every_value_in_table_order() -> None:
    ax = heatmap_figure(_prevalence_rows(), CODEBOOK).axes[0]
    columns = _ticks(ax.get_xticklabels())
    assert columns == ["Officials\n(n = 10)", "Managers\n(n = 5)", "Coordinators\n(n = 2)"]


def test_figures_heatmap_has_a_colour_bar_in_percent() -> None:
    figure = heatmap_figure(_prevalence_rows(), CODEBOOK)
    assert [ax.get_ylabel() for ax in figure.axes[1:]] == ["Interviews with the code (%)"]


def test_figures_wave_change_shows_codes_under_their_categories() -> None:
    ax = wave_change_figure(_panel_rows(), _panel_rate_rows(), CODEBOOK).axes[0]
    assert _ticks(ax.get_yticklabels()) == ["Workload", "Quotas", "Mi_Useful", "Mi_Decline"]
    assert [t.get_text() for t in ax.texts] == ["Conditions", "Using MI"]


def test_figures_wave_change_names_the_waves_in_the_legend() -> None:
    figure = wave_change_figure(_panel_rows(), _panel_rate_rows(), CODEBOOK, title="Persons")
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend[:2] == ["2013", "2014"]
    assert figure.legends[0].get_title().get_text() == "Persons"


def test_figures_wave_change_rejects_rows_without_codebook_codes() -> None:
    rows = [row | {"id": "retired"} for row in _panel_rows()]
    with pytest.raises(ValueError, match="no code of the codebook"):
        wave_change_figure(rows, _panel_rate_rows(), CODEBOOK)


def test_figures_rates_plots_each_groups_median_per_code() -> None:
    medians = rates_figure(_rate_rows(), CODEBOOK).axes[0]
    points = {
        line.get_label(): line.get_xdata()
        for line in medians.get_lines()
        if not line.get_label().startswith("_")
    }
    assert list(points) == ["Officials (n = 10)", "Managers (n = 5)"]
    assert list(points["Officials (n = 10)"]) == [2.1, 1.2, 0.9, 0.3]
    assert list(points["Managers (n = 5)"]) == [0.8, 1.1, 1.5, 0.1]
    assert _ticks(medians.get_yticklabels()) == ["Workload", "Quotas", "Mi_Useful", "Mi_Decline"]


def test_figures_rates_fills_only_differences_with_small_q() -> None:
    shifts = rates_figure(_rate_rows(), CODEBOOK).axes[1]
    markers = [line for line in shifts.get_lines() if line.get_marker() == "o"]
    assert [float(line.get_xdata()[0]) for line in markers] == [1.2, 0.1, -0.6, 0.2]
    filled = [to_rgba(line.get_markerfacecolor()) != to_rgba("white") for line in markers]
    assert filled == [True, False, True, False]
    intervals = [
        list(line.get_xdata()) for line in shifts.get_lines() if line.get_marker() == "None"
    ]
    assert [0.7, 1.6] in intervals and [-1.0, -0.2] in intervals
    assert "officials \u2212 managers" in shifts.get_xlabel()


def test_figures_rates_rejects_rows_of_several_comparisons() -> None:
    with pytest.raises(ValueError, match="several comparisons"):
        rates_figure(_rate_rows() + _rate_rows("other"), CODEBOOK)
    assert rates_figure(_rate_rows() + _rate_rows("other"), CODEBOOK, comparison="other")


def test_figures_cooccurrence_is_a_lower_triangle() -> None:
    ax = cooccurrence_figure(_cooccurrence_rows(), CODEBOOK).axes[0]
    rows, columns = _ticks(ax.get_yticklabels()), _ticks(ax.get_xticklabels())
    assert rows[:-1] == columns[1:] and len(rows) == 3
    assert sorted({*rows, *columns}) == sorted(code.label for code in CODEBOOK.codes)
    cells = ax.collections[0].get_array()
    assert int(np.ma.count(cells)) == 6  # 4 codes: 6 pairs, no diagonal


def test_figures_cooccurrence_of_a_one_code_codebook_says_why_it_is_empty() -> None:
    one = Codebook(CODEBOOK.themes, CODEBOOK.categories[:1], CODEBOOK.codes[:1])
    figure = cooccurrence_figure([], one)
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert texts == ["Co-occurrence needs two codes or more; the codebook has one."]


def test_figures_cooccurrence_rejects_a_group_not_in_the_table() -> None:
    with pytest.raises(ValueError, match="group='clerks'"):
        cooccurrence_figure(_cooccurrence_rows(), CODEBOOK, group="clerks")


def test_figures_table1_counts_roles_by_wave_with_totals() -> None:
    figure = table1_figure(TABLE1)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == [
        *("Role", "2013", "2014", "Total"),
        *("Officials", "24", "16", "40"),
        *("Unit managers", "20", "0", "20"),
        *("Total", "44", "16", "60"),
    ]
    assert figure.get_figwidth() == pytest.approx(SINGLE_COLUMN)


def test_figures_table1_notes_modes_and_words_when_given() -> None:
    rows = [row | {"in_person": "1", "phone": "0", "respondent_words": "1000"} for row in TABLE1]
    texts = [t.get_text() for t in table1_figure(rows).axes[0].texts]
    assert texts[-1] == "Interview mode: in person 3.\nRespondent words: 3,000."


@pytest.mark.parametrize(
    "make",
    [
        lambda note: prevalence_figure(_prevalence_rows(), CODEBOOK, basis_note=note),
        lambda note: heatmap_figure(_prevalence_rows(), CODEBOOK, basis_note=note),
        lambda note: wave_change_figure(
            _panel_rows(), _panel_rate_rows(), CODEBOOK, basis_note=note
        ),
        lambda note: cooccurrence_figure(_cooccurrence_rows(), CODEBOOK, basis_note=note),
        lambda note: rates_figure(_rate_rows(), CODEBOOK, basis_note=note),
    ],
    ids=["prevalence", "heatmap", "wave_change", "cooccurrence", "rates"],
)
def test_figures_carry_the_basis_note_only_when_given(make) -> None:
    assert NOTE in [t.get_text() for t in make(NOTE).texts]
    assert not [t.get_text() for t in make("").texts if t.get_text()]


@pytest.mark.parametrize("file_format", ["png", "svg", "pdf"])
def test_figures_save_is_byte_identical_on_rerun(tmp_path: Path, file_format: str) -> None:
    paths = []
    for run in ("first", "second"):
        figure = heatmap_figure(_prevalence_rows(), CODEBOOK, basis_note=NOTE)
        paths += save_figure(figure, tmp_path / run / "heatmap", formats=(file_format,))
    assert paths[0].name == f"heatmap.{file_format}"
    assert paths[0].read_bytes() == paths[1].read_bytes()


FRESH_PROCESS = """
import hashlib, json, sys
from pathlib import Path
from test_figures import CODEBOOK, NOTE, _prevalence_rows
from qualpipe.compare.figures.prevalence import heatmap_figure
from qualpipe.compare.figures.save import save_figure
figure = heatmap_figure(_prevalence_rows(), CODEBOOK, basis_note=NOTE)
paths = save_figure(figure, Path(sys.argv[1]))
digests = {p.suffix: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
print(json.dumps({"digests": digests, "pyplot": "matplotlib.pyplot" in sys.modules}))
"""


@pytest.fixture(scope="module")
def fresh_process(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Save the heatmap in a new interpreter with another hash seed, as a re-run would."""
    stem = tmp_path_factory.mktemp("fresh") / "heatmap"
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, str(stem)],
        env={
            "PYTHONPATH": os.pathsep.join(
                str(path)
                for path in (ROOT / "workflow", ROOT / "tests" / "compare", ROOT / "tests")
            ),
            "PYTHONHASHSEED": "123",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_figures_save_is_byte_identical_in_a_fresh_process(
    tmp_path: Path, fresh_process: dict
) -> None:
    figure = heatmap_figure(_prevalence_rows(), CODEBOOK, basis_note=NOTE)
    paths = save_figure(figure, tmp_path / "heatmap")
    digests = {p.suffix: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    assert digests == fresh_process["digests"]


def test_figures_never_import_pyplot(fresh_process: dict) -> None:
    assert fresh_process["pyplot"] is False


def test_figures_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    paths = save_figure(table1_figure(TABLE1), tmp_path / "out" / "table1")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "table1.pdf",
        "table1.png",
        "table1.svg",
    ]
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]


def test_figures_save_keeps_the_old_file_when_rendering_fails(tmp_path: Path) -> None:
    old = tmp_path / "table1.png"
    old.write_bytes(b"old")
    figure = table1_figure(TABLE1)
    figure.axes[0].text(0, 0, "$\\unknowncommand$")  # mathtext fails while rendering
    with pytest.raises(ValueError):
        save_figure(figure, tmp_path / "table1", formats=("png",))
    assert [p.name for p in tmp_path.iterdir()] == ["table1.png"]
    assert old.read_bytes() == b"old"


def test_figures_save_rejects_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'tiff'"):
        save_figure(table1_figure(TABLE1), tmp_path / "table1", formats=("png", "tiff"))
    assert list(tmp_path.iterdir()) == []


def test_figures_embed_dejavu_sans_in_the_pdf(tmp_path: Path) -> None:
    (path,) = save_figure(table1_figure(TABLE1), tmp_path / "table1", formats=("pdf",))
    assert b"DejaVuSans" in path.read_bytes()


def test_figures_png_is_300_dpi_at_column_width(tmp_path: Path) -> None:
    (path,) = save_figure(table1_figure(TABLE1), tmp_path / "table1", formats=("png",))
    width = int.from_bytes(path.read_bytes()[16:20], "big")  # IHDR width
    assert width == int(SINGLE_COLUMN * 300)
