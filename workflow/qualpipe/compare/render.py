"""The comparison tables rendered from their rows: Markdown to read, LaTeX (booktabs) to paste.

The tidy CSV tables are the source of truth; these renderings are derived from the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qualpipe.compare.study import BASIS_NOTE
from qualpipe.compare.table import Table, letter


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


def _note_lines(table: Table, basis: str) -> tuple[str, list[tuple[str, str]]]:
    """The note under a table: the basis and every term in one paragraph; the footnotes by
    letter."""
    terms = " ".join([BASIS_NOTE[basis], *table.terms])
    return terms, [(letter(n), text) for n, text in enumerate(table.notes)]


def table_markdown(table: Table, number: int, basis: str) -> str:
    """One table: its title as a heading, category rows in bold, then its note."""
    width = len(table.columns)
    rows: list[Sequence[object]] = []
    for section in table.sections:
        heading = [f"**{section.heading[0]}**", *section.heading[1:]]
        rows.append(heading + [""] * (width - len(heading)))
        rows += section.rows
    terms, footnotes = _note_lines(table, basis)
    lines = markdown_table(table.columns, rows).splitlines()
    lines[1] = "| --- | " + " | ".join("---:" for _ in table.columns[1:]) + " |"
    parts = [f"## Table {number}. {table.title}", "", *lines, "", f"*Note.* {terms}"]
    parts += ["", *(f"{mark}. {text}" for mark, text in footnotes)] if footnotes else []
    return "\n".join([*parts, ""])


def tables_markdown(tables: Sequence[Table], basis: str) -> str:
    """Every comparison table in one Markdown file, numbered."""
    parts = ["# Comparison tables", "", BASIS_NOTE[basis], ""]
    parts += [table_markdown(table, n, basis) for n, table in enumerate(tables, start=1)]
    return "\n".join(parts)


def _latex_value(text: object) -> str:
    """A number cell: minus signs and '<' in math mode, where text mode would misprint them."""
    escaped = latex_escape(text).replace("–", "--")
    return re.sub(r"-(?=\d)", "$-$", escaped).replace("<", "$<$")


def _latex_row(cells: Sequence[object], *, first: str) -> str:
    return " & ".join([first, *(_latex_value(c) for c in cells)]) + r" \\"


def _latex_head(table: Table) -> list[str]:
    """The header: a spanner over the group columns, ruled below, then the column names."""
    head = []
    if table.spanner:
        text, start, end = table.spanner
        span = rf"\multicolumn{{{end - start}}}{{c}}{{{latex_escape(text)}}}"
        cells = [""] * start + [span] + [""] * (len(table.columns) - end)
        head += [" & ".join(cells) + r" \\", rf"\cmidrule(lr){{{start + 1}-{end}}}"]
    return [*head, " & ".join(latex_escape(c) for c in table.columns) + r" \\"]


def _latex_body(table: Table) -> list[str]:
    """Each category in bold with its values, its codes indented under it."""
    body: list[str] = []
    for section in table.sections:
        values = [*section.heading[1:], *[""] * (len(table.columns) - len(section.heading))]
        body += [r"\addlinespace"] if body else []
        body.append(_latex_row(values, first=rf"\textbf{{{latex_escape(section.heading[0])}}}"))
        body += [_latex_row(r[1:], first=rf"\quad {latex_escape(r[0])}") for r in section.rows]
    return body


def table_latex(table: Table, basis: str) -> str:
    """One booktabs table, its note and footnotes under it (needs only booktabs)."""
    terms, footnotes = _note_lines(table, basis)
    notes = [rf"\textit{{Note.}} {latex_escape(terms)}"]
    notes += [rf"\\\textsuperscript{{{mark}}}{latex_escape(text)}" for mark, text in footnotes]
    return "\n".join(
        [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{latex_escape(table.title)}}}",
            rf"\label{{tab:{table.key}}}",
            r"\small",
            rf"\begin{{tabular}}{{l{'r' * (len(table.columns) - 1)}}}",
            r"\toprule",
            *_latex_head(table),
            r"\midrule",
            *_latex_body(table),
            r"\bottomrule",
            r"\end{tabular}",
            "",
            r"\smallskip",
            r"\begin{minipage}{\linewidth}\footnotesize",
            *notes,
            r"\end{minipage}",
            r"\end{table}",
            "",
        ]
    )


def tables_latex(tables: Sequence[Table], basis: str) -> str:
    """Every comparison table as a booktabs table in one LaTeX file."""
    parts = [f"% {BASIS_NOTE[basis]}", "% Needs \\usepackage{booktabs}.", ""]
    return "\n".join(parts + [table_latex(table, basis) for table in tables])
