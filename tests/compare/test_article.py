"""The comparison tables and quotes a reader sees: labels not ids, tests in words, categories
as headings, estimates and intervals in their own columns, notes once (issue 17)."""

import io
import re

import pytest
from docx import Document
from qualpipe.common.labels import value_labels
from qualpipe.compare.article import comparison_tables
from qualpipe.compare.labels import comparison_title
from qualpipe.compare.plan import Comparison
from qualpipe.compare.presence import comparison_rows, panel_rows
from qualpipe.compare.quotes import quote_rows, quotes_latex, quotes_markdown
from qualpipe.compare.rates import rate_rows
from qualpipe.compare.render import tables_latex, tables_markdown
from qualpipe.compare.table import Footnotes, fixed, interval, p_value
from qualpipe.compare.word import tables_docx
from test_compare import CODEBOOK, _study

ROLES = {
    "official": {"label": "Official", "plural": "Insurance officials", "group": "officials"},
    "unit_manager": {"label": "Unit manager", "plural": "Unit managers", "group": "managers"},
}
LABELS = value_labels(ROLES)
PAIR = Comparison("officials_vs_managers", "group", ("officials", "managers"), (("wave", "2013"),))
SITES = Comparison("sites_2013", "site", where=(("wave", "2013"),))
PANEL = Comparison("waves_panel", "wave", ("2013", "2014"), panel="person_id")
IDS = ("officials_vs_managers", "sites_2013", "waves_panel", "mann_whitney", "kruskal_wallis")
IDS += ("chi2_mc", "fisher", "wilcoxon", "workload", "lean")


def _tables() -> list:
    study = _study()
    planned = [PAIR, SITES, PANEL]
    compared = [
        r for c in planned[:2] for r in comparison_rows(study, CODEBOOK, c, resamples=100, seed=1)
    ]
    return comparison_tables(
        compared=compared,
        panel=panel_rows(study, CODEBOOK, PANEL),
        rates=[r for c in planned for r in rate_rows(study, CODEBOOK, c)],
        planned=planned,
        codebook=CODEBOOK,
        labels=LABELS,
    )


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_article_groups_are_named_by_their_roles_plural() -> None:
    roles = {**ROLES, "rc": {"label": "Regional coordinator", "group": "managers"}}
    assert value_labels(roles)["group"] == {
        "officials": "Insurance officials",
        "managers": "Unit managers and Regional coordinator",
    }


@pytest.mark.parametrize(
    ("comparison", "title"),
    [
        (PAIR, "Insurance officials and Unit managers, wave 2013"),
        (Comparison("x", "site", where=(("group", "officials"),)), "Insurance officials by site"),
        (PANEL, "Waves 2013 and 2014, the same persons"),
        (Comparison("x", "mode", ("a", "b"), label="Phone or video"), "Phone or video"),
    ],
)
def test_article_comparison_titles_come_from_config(comparison: Comparison, title: str) -> None:
    assert comparison_title(comparison, LABELS) == title


@pytest.mark.parametrize("render", [tables_markdown, tables_latex])
def test_article_tables_show_no_config_or_test_id(render) -> None:
    text = render(_tables(), "consensus")
    assert [i for i in IDS if re.search(rf"\b{i}\b", text)] == []


def test_article_docx_opens_with_the_groups_as_column_names() -> None:
    document = Document(io.BytesIO(tables_docx(_tables(), "consensus")))
    header = [c.text for c in document.tables[0].rows[1].cells]
    assert header[:3] == ["Code", "Insurance officials", "Unit managers"]
    assert header[3:] == ["Difference (pp)", "95% CI", "Odds ratio", "95% CI", "p", "q", "Note"]
    assert document.tables[0].rows[0].cells[1].text == "Interviews with the code"


def test_article_docx_shows_no_id_and_is_byte_identical() -> None:
    data = tables_docx(_tables(), "consensus")
    assert [i for i in IDS if re.search(rf"\b{i}\b", _docx_text(data))] == []
    assert tables_docx(_tables(), "consensus") == data


def test_article_categories_head_their_codes() -> None:
    table = _tables()[0]
    assert [s.heading[0] for s in table.sections] == ["Conditions"]
    assert [r[0] for r in table.sections[0].rows] == ["Workload", "Lean"]


def test_article_rate_table_gives_each_median_its_column() -> None:
    markdown = tables_markdown(_tables(), "consensus")
    header = (
        "| Code | Insurance officials | Unit managers | HL difference | 95% CI | p | q | Note |"
    )
    assert header in markdown
    assert "| Workload | 100.00 | 0.00 | +100.00 |" in markdown


def test_article_tests_and_terms_are_defined_under_the_table() -> None:
    markdown = tables_markdown(_tables(), "consensus")
    for words in ("Fisher's exact test", "Mann-Whitney U test", "McNemar's exact test"):
        assert words in markdown
    for term in ("q: the p-value adjusted", "HL difference: the Hodges-Lehmann", "Odds ratio: "):
        assert term in markdown


def test_article_a_repeated_note_is_one_footnote() -> None:
    table = _tables()[0]
    marks = [r[-1] for s in table.sections for r in [s.heading, *s.rows]]
    zero = "A count of zero: the odds ratio and its interval add 0.5 to every cell"
    assert sum(n.startswith(zero) for n in table.notes) == 1
    assert len(table.notes) == len(set(table.notes)) and "a" in marks


def test_article_footnotes_letter_each_note_once() -> None:
    footnotes = Footnotes()
    assert footnotes.marks(["x", "y"]) == "a, b"
    assert footnotes.marks(["y", "z"]) == "b, c" and footnotes.notes == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(p_value("0.0357"), "0.036"), (p_value("7.4e-05"), "<0.001"), (p_value(""), "")],
)
def test_article_p_values_at_three_decimals(text: str, expected: str) -> None:
    assert text == expected


def test_article_numbers_never_show_a_signed_zero() -> None:
    assert (fixed("-0.004", 0, sign=True), fixed("0.0", 2, sign=True)) == ("0", "0.00")
    assert interval("-0.004", "0.43", digits=0, scale=100) == "0 to 43"


def test_article_latex_keeps_minus_signs_and_rules_in_math_and_booktabs() -> None:
    latex = tables_latex(_tables(), "consensus")
    assert r"\toprule" in latex and r"\cmidrule(lr){2-3}" in latex
    assert "$-$" in latex and r"\textbf{Conditions}" in latex


def test_article_quotes_by_code_then_group_with_labels() -> None:
    rows = quote_rows(_study(), CODEBOOK, per_group=1)
    markdown = quotes_markdown(rows, "consensus", codebook=CODEBOOK, groups=LABELS["group"])
    assert (
        "## Conditions\n\n### Workload\n\n**Insurance officials**\n\n- “Text of o1.” (Speaker o1)"
        in markdown
    )
    latex = quotes_latex(rows, "consensus", codebook=CODEBOOK, groups=LABELS["group"])
    assert r"\textit{Unit managers}" in latex and "managers}" not in latex.replace(
        "Unit managers}", ""
    )
