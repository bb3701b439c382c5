"""The comparison tables in the words of the article, built from the tidy rows of
comparisons.csv, panel.csv and rate_comparisons.csv: groups by their labels, tests by their
names, categories as headings, each estimate and its interval in their own columns, notes as
footnotes and every term defined under the table (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from qualpipe.codebook import Codebook
from qualpipe.common.methods import test_name
from qualpipe.compare.labels import comparison_title, label_of
from qualpipe.compare.plan import Comparison
from qualpipe.compare.presence import COMPARISON_FIELDS, PANEL_FIELDS, Cell
from qualpipe.compare.rates import RATE_FIELDS, UNBOUNDED
from qualpipe.compare.table import (
    Footnotes,
    Section,
    Table,
    fixed,
    interval,
    p_value,
    points,
    ratio,
    ratio_interval,
    share,
)

Row = dict[str, Cell]
Labels = Mapping[str, Mapping[str, str]]

# The notes of the tidy tables, as one footnote each (the row's own detail stays in the CSV).
NOTES = {
    "no observations": "No interviews to compare.",
    "fewer than two non-empty rows or columns": (
        "Every interview compared has the code, or none has: nothing to test (p = 1)."
    ),
    "expected count below 5": (
        "Small expected counts (below 5 in more than a fifth of the cells, or below 1): the "
        "p-value is exact or simulated and stays valid, but the test has little power."
    ),
    "odds ratio with 0.5 added to every cell": (
        "A count of zero: the odds ratio and its interval add 0.5 to every cell (Haldane-Anscombe)."
    ),
    UNBOUNDED: "Too few interviews for any difference to reach 95% confidence: no interval.",
}
Q_TERM = (
    "q: the p-value adjusted for the false discovery rate (Benjamini-Hochberg) over the codes "
    "of the table, and separately over its categories."
)
CATEGORY_TERM = "Category rows (in bold) count a category when any of its codes is coded."


def note_text(note: str) -> str:
    """A tidy table's note as its footnote."""
    return next((text for start, text in NOTES.items() if note.startswith(start)), note)


def _titled(what: str, comparison: Comparison, labels: Labels) -> str:
    """'Interviews with each code: Insurance officials and Unit managers, wave 2013', or
    '... by group, wave 2013'."""
    title = comparison_title(comparison, labels)
    return (
        f"{what} {title[0].lower()}{title[1:]}" if title.startswith("By ") else f"{what}: {title}"
    )


def _rows(rows: Sequence[Sequence[Cell]], fields: Sequence[str], comparison: str) -> list[Row]:
    mine = (dict(zip(fields, r, strict=True)) for r in rows)
    return [r for r in mine if r["comparison"] == comparison]


def _sections(
    rows: list[Row], codebook: Codebook, cells: Callable[[Row], list[str]]
) -> list[Section]:
    """Each category's row, then its codes' rows, in codebook order."""
    found = {(r["level"], r["id"]): r for r in rows}
    sections = []
    for category in codebook.categories:
        own = found.get(("category", category.id))
        codes = [found.get(("code", c.id)) for c in codebook.codes if c.category == category.id]
        heading = [category.label, *cells(own)] if own else [category.label]
        section = Section(heading, [[str(r["label"]), *cells(r)] for r in codes if r])
        sections.append(section)
    return sections


def _with_notes(table: Table, footnotes: Footnotes) -> Table:
    """The Note column only where some row has a note."""
    table.notes = footnotes.notes
    if not table.notes:
        for section in table.sections:
            section.heading = section.heading[:-1] if len(section.heading) > 1 else section.heading
            section.rows = [row[:-1] for row in section.rows]
        table.columns = table.columns[:-1]
    return table


def presence_table(
    rows: Sequence[Sequence[Cell]], comparison: Comparison, codebook: Codebook, labels: Labels
) -> Table:
    """Interviews with each code by group: shares, and the test between the groups."""
    mine = _rows(rows, COMPARISON_FIELDS, comparison.id)
    values = str(mine[0]["value_a"]).split("; ") if mine else []
    if mine and mine[0]["test"] == "fisher":
        values.append(str(mine[0]["value_b"]))
    names = [label_of(labels, comparison.variable, v) for v in values]
    footnotes = Footnotes()
    two = len(values) == 2

    def cells(r: Row) -> list[str]:
        notes = [note_text(n) for n in str(r["note"]).split("; ") if n]
        if two:
            shares = [share(r["a_with"], r["a_n"]), share(r["b_with"], r["b_n"])]
            tested = [
                points(r["difference"]),
                interval(r["difference_low"], r["difference_high"], digits=0, scale=100),
                ratio(r["odds_ratio"]),
                ratio_interval(r["or_low"], r["or_high"]),
            ]
        else:
            counts = zip(str(r["a_with"]).split("; "), str(r["a_n"]).split("; "), strict=True)
            shares, tested = [share(k, n) for k, n in counts], []
        return [*shares, *tested, p_value(r["p"]), p_value(r["q"]), footnotes.marks(notes)]

    columns = ["Code", *names]
    if two:
        columns += ["Difference (pp)", "95% CI", "Odds ratio", "95% CI"]
    table = Table(
        title=_titled("Interviews with each code", comparison, labels),
        columns=[*columns, "p", "q", "Note"],
        sections=_sections(mine, codebook, cells),
        spanner=("Interviews with the code", 1, 1 + len(names)),
        terms=_presence_terms(names, mine),
    )
    return _with_notes(table, footnotes)


def _presence_terms(names: Sequence[str], rows: list[Row]) -> list[str]:
    terms = [
        "Interviews with the code: k/n (%), k of the group's n interviews, a code being present "
        "in an interview when it was coded in any of its segments.",
        CATEGORY_TERM,
    ]
    if len(names) == 2:
        terms += [
            f"Difference (pp): the share in {names[0]} minus the share in {names[1]}, in "
            "percentage points, with Newcombe's 95% confidence interval (CI).",
            f"Odds ratio: the odds of the code in {names[0]} over its odds in {names[1]}, with "
            "Woolf's 95% CI.",
        ]
    tests = sorted({test_name(str(r["test"])) for r in rows})
    terms += [f"p: {' and '.join(tests)} (two-sided).", Q_TERM]
    return terms


def panel_table(
    rows: Sequence[Sequence[Cell]], comparison: Comparison, codebook: Codebook, labels: Labels
) -> Table:
    """The same persons in two waves: with the code in each, in one only, McNemar's test."""
    mine = _rows(rows, PANEL_FIELDS, comparison.id)
    first, second = (label_of(labels, comparison.variable, v) for v in comparison.values[:2])

    def cells(r: Row) -> list[str]:
        persons = r["persons"]
        return [
            share(r["with_first"], persons),
            share(r["with_second"], persons),
            str(r["only_first"]),
            str(r["only_second"]),
            p_value(r["p"]),
            p_value(r["q"]),
        ]

    persons = mine[0]["persons"] if mine else 0
    return Table(
        title=_titled("Interviews with each code", comparison, labels),
        columns=["Code", first, second, f"Only {first}", f"Only {second}", "p", "q"],
        sections=_sections(mine, codebook, cells),
        spanner=("Persons with the code", 1, 5),
        terms=[
            f"The {persons} persons interviewed in both {first} and {second}. {first}, {second}: "
            "k/n (%), persons whose interview of that wave has the code. Only: persons with "
            "the code in that wave but not the other (the discordant pairs).",
            CATEGORY_TERM,
            "p: McNemar's exact test on the discordant pairs (two-sided).",
            Q_TERM,
        ],
    )


def rate_table(
    rows: Sequence[Sequence[Cell]], comparison: Comparison, codebook: Codebook, labels: Labels
) -> Table:
    """How often each code is voiced: median rates by group, the shift, the rank test."""
    mine = _rows(rows, RATE_FIELDS, comparison.id)
    values = str(mine[0]["values"]).split("; ") if mine else list(comparison.values)
    names = [label_of(labels, comparison.variable, v) for v in values]
    footnotes = Footnotes()
    estimate = (
        ["Median change"]
        if comparison.panel
        else ["HL difference", "95% CI"]
        if len(names) == 2
        else []
    )

    def cells(r: Row) -> list[str]:
        medians = [fixed(m) for m in str(r["median_rates"]).split("; ")]
        shift = [fixed(r["estimate"], sign=True)]
        if not comparison.panel:
            shift.append(interval(r["estimate_low"], r["estimate_high"]))
        notes = [note_text(str(r["note"]))] if r["note"] else []
        tail = [p_value(r["p"]), p_value(r["q"]), footnotes.marks(notes)]
        return [*medians, *(shift if estimate else []), *tail]

    table = Table(
        title=_titled("Coded segments per 1,000 respondent words", comparison, labels),
        columns=["Code", *names, *estimate, "p", "q", "Note"],
        sections=_sections(mine, codebook, cells),
        spanner=("Median rate", 1, 1 + len(names)),
        terms=_rate_terms(names, mine, panel=bool(comparison.panel)),
    )
    return _with_notes(table, footnotes)


def _rate_terms(names: Sequence[str], rows: list[Row], *, panel: bool) -> list[str]:
    terms = [
        f"{', '.join(names)}: the median rate over the interviews, a rate being the segments "
        "coded with the code per 1,000 words the respondent said in an interview.",
        CATEGORY_TERM,
    ]
    if panel:
        terms.append(
            f"Median change: the median of each person's rate in {names[1]} minus their rate "
            f"in {names[0]}; the medians are over the persons interviewed in both."
        )
    elif len(names) == 2:
        terms.append(
            f"HL difference: the Hodges-Lehmann estimate of the shift from {names[1]} to "
            f"{names[0]} (the median of all differences between an interview of {names[0]} and "
            "one of the other), with its distribution-free 95% confidence interval (CI)."
        )
    tests = sorted({test_name(str(r["test"])) for r in rows})
    return [*terms, f"p: {' and '.join(tests)} (two-sided).", Q_TERM]


def comparison_tables(
    *,
    compared: Sequence[Sequence[Cell]],
    panel: Sequence[Sequence[Cell]],
    rates: Sequence[Sequence[Cell]],
    planned: Sequence[Comparison],
    codebook: Codebook,
    labels: Labels,
) -> list[Table]:
    """Every comparison's presence table (or the panel's), then every rate table, numbered."""
    tables = [
        panel_table(panel, c, codebook, labels)
        if c.panel
        else presence_table(compared, c, codebook, labels)
        for c in planned
    ]
    tables += [rate_table(rates, c, codebook, labels) for c in planned]
    for number, table in enumerate(tables, start=1):
        table.key = f"comparison-{number}"
    return tables
