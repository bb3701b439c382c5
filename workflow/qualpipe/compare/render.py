"""The comparison tables rendered from their rows: Markdown to read, LaTeX (booktabs) to paste.

The tidy CSV tables are the source of truth; these renderings are derived from the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qualpipe.compare.plan import Comparison
from qualpipe.compare.presence import Cell, number
from qualpipe.compare.study import BASIS_NOTE


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells escaped."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: object) -> str:
    """Text with LaTeX's special characters escaped, safe in a table cell or a caption."""
    return "".join(LATEX_SPECIAL.get(char, char) for char in str(text))


def latex_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str, label: str, spec: str
) -> str:
    """A booktabs table, ready to paste (needs \\usepackage{booktabs})."""
    body = [" & ".join(latex_escape(v) for v in row) + r" \\" for row in rows]
    return "\n".join(
        [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{latex_escape(caption)}}}",
            rf"\label{{{label}}}",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(latex_escape(h) for h in header) + r" \\",
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabular}",
            r"\end{table}",
            "",
        ]
    )


def _pct(k: Cell, n: Cell) -> str:
    return f"{k}/{n} ({100 * int(number(k)) / int(number(n)):.0f}%)" if int(number(n)) else "–"


def prevalence_markdown(
    rows: Sequence[Sequence[Cell]], *, comparison: str
) -> tuple[list[str], list[list[Cell]]]:
    """Codes (grouped by category) × the values of a comparison: interviews with it, k/N (%)."""
    mine = [r for r in rows if r[16] == comparison and r[1] in ("category", "code")]
    values = list(dict.fromkeys(str(r[7]) for r in mine))
    cells: dict[tuple[str, str], str] = {(str(r[2]), str(r[7])): _pct(r[9], r[8]) for r in mine}
    table: list[list[Cell]] = []
    seen = set()
    for r in mine:
        if r[2] in seen:
            continue
        seen.add(r[2])
        name = f"**{r[3]}**" if r[1] == "category" else r[3]
        table.append([name, *[cells.get((str(r[2]), v), "–") for v in values]])
    return ["Code", *values], table


def comparison_table(
    rows: Sequence[Sequence[Cell]], comparison: str
) -> tuple[list[str], list[list[Cell]]]:
    """A comparison's codes and categories: shares, difference [CI], OR [CI], p, q."""
    header = ["Code", "A", "B", "Difference [95% CI]", "Odds ratio [95% CI]", "p", "q", "Note"]
    table: list[list[Cell]] = []
    for r in rows:
        if r[1] != comparison or r[2] not in ("category", "code"):
            continue
        diff = (
            f"{number(r[13]):+.2f} [{number(r[14]):+.2f}, {number(r[15]):+.2f}]"
            if r[13] != ""
            else ""
        )
        ratio = (
            f"{number(r[16]):.2f} [{number(r[17]):.2f}, {number(r[18]):.2f}]" if r[16] != "" else ""
        )
        a = _pct(r[7], r[8]) if r[21] == "fisher" else r[7]
        b = _pct(r[9], r[10]) if r[21] == "fisher" else r[8]
        table.append([r[4], a, b, diff, ratio, r[19], r[20], r[22]])
    return header, table


def rate_table(
    rows: Sequence[Sequence[Cell]], comparison: str
) -> tuple[list[str], list[list[Cell]]]:
    """A comparison's rates: median segments per 1,000 words by value, shift, test, p, q."""
    header = ["Code", "Median per 1,000 words", "Shift [95% CI]", "Test", "p", "q"]
    table: list[list[Cell]] = []
    for r in rows:
        if r[1] != comparison or r[2] not in ("category", "code"):
            continue
        shift = f"{number(r[8]):+.2f}" if r[8] != "" else ""
        if shift and r[9] != "":
            shift += f" [{number(r[9]):+.2f}, {number(r[10]):+.2f}]"
        elif shift and r[15]:
            shift += " (no 95% interval)"
        table.append([r[4], r[7], shift, r[14], r[12], r[13]])
    return header, table


def tables_markdown(
    prevalence: Sequence[Sequence[Cell]],
    compared: Sequence[Sequence[Cell]],
    planned: Sequence[Comparison],
    basis: str,
    rates: Sequence[Sequence[Cell]] = (),
) -> str:
    """Every comparison's prevalence, test and rate tables in one Markdown file."""
    parts = ["# Comparison tables", "", BASIS_NOTE[basis], ""]
    for comparison in planned:
        header, rows = prevalence_markdown(prevalence, comparison=comparison.id)
        title = f"## Interviews with each code: {comparison.id}, by {comparison.variable}"
        parts += [title, "", markdown_table(header, rows)]
    for comparison in (c for c in planned if not c.panel):
        header, rows = comparison_table(compared, comparison.id)
        parts += [f"## {comparison.id}", "", markdown_table(header, rows)]
    for comparison in planned:
        header, rows = rate_table(rates, comparison.id)
        split = ", ".join(comparison.values) or comparison.variable
        title = f"## {comparison.id}: segments per 1,000 respondent words ({split})"
        parts += [title, "", markdown_table(header, rows)]
    return "\n".join(parts)


def tables_latex(
    prevalence: Sequence[Sequence[Cell]],
    compared: Sequence[Sequence[Cell]],
    planned: Sequence[Comparison],
    basis: str,
) -> str:
    """Every comparison's prevalence and test tables as booktabs tables in one LaTeX file."""
    parts = [f"% {BASIS_NOTE[basis]}", "% Needs \\usepackage{booktabs}.", ""]
    for comparison in planned:
        header, rows = prevalence_markdown(prevalence, comparison=comparison.id)
        rows = [[str(r[0]).strip("*"), *r[1:]] for r in rows]
        caption = f"Interviews with each code ({comparison.id}). {BASIS_NOTE[basis]}"
        spec = "l" + "r" * (len(header) - 1)
        label = f"tab:prevalence-{comparison.id}"
        parts.append(latex_table(header, rows, caption=caption, label=label, spec=spec))
    for comparison in (c for c in planned if not c.panel):
        header, rows = comparison_table(compared, comparison.id)
        parts.append(
            latex_table(
                header,
                rows,
                caption=f"{comparison.id}. {BASIS_NOTE[basis]}",
                label=f"tab:{comparison.id}",
                spec="lrrrrrrl",
            )
        )
    return "\n".join(parts)
