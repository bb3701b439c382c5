"""The statistical tests of the comparison tables, by the id their 'test' column holds, and the
name a reader reads for each (tables, figures and the report name a test the same way)."""

from __future__ import annotations

TEST_NAMES = {
    "fisher": "Fisher's exact test",
    "chi2_mc": "chi-square test with a Monte Carlo p-value",
    "mcnemar": "McNemar's exact test",
    "mann_whitney": "Mann-Whitney U test",
    "kruskal_wallis": "Kruskal-Wallis test",
    "wilcoxon": "Wilcoxon signed-rank test",
}


def test_name(test: str) -> str:
    """A test's name for a reader, from its id in a table ('wilcoxon'); an id this list does
    not know is shown as words ('my_test' -> 'my test')."""
    return TEST_NAMES.get(test, test.replace("_", " "))
