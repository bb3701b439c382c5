"""The codebook written out for coders: codebook.md, codebook.xlsx, and the rows of the
'Codebook' sheet of every coding sheet."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from qualpipe.codebook import Code, Codebook, load_codebook
from qualpipe.common.io import write_bytes_atomic
from qualpipe.common.workbook import fill_table, new_workbook, xlsx_bytes

if TYPE_CHECKING:
    from xlsxwriter import Workbook

LOGGER = logging.getLogger("qualpipe")

CODEBOOK_SHEET_COLUMNS = ("theme", "category", "code", "label", "description", "examples")
CODEBOOK_COLUMNS = (
    *CODEBOOK_SHEET_COLUMNS,
    *("keywords", "patterns", "regex", "exclude", "opposes"),
)


def codebook_row(code: Code) -> list[str]:
    """One code as a row of CODEBOOK_COLUMNS."""
    patterns = [json.dumps(pattern, ensure_ascii=False) for pattern in code.patterns]
    return [
        code.theme_label,
        code.category_label,
        code.id,
        code.label,
        code.description,
        "\n".join(f"• {example}" for example in code.examples),
        "; ".join(code.keywords),
        "\n".join(patterns),
        "\n".join(code.regex),
        "; ".join(code.exclude),
        code.opposes,
    ]


def codebook_markdown(codebook: Codebook) -> str:
    """The codebook for coders: headings per theme and category, each code in full."""
    lines = [
        "# Codebook",
        "",
        f"{len(codebook.codes)} codes. Enter the code ids in the sheets.",
        "",
    ]
    for theme in codebook.themes:
        lines += [f"## {theme.label} (`{theme.id}`)", "", *_paragraph(theme.description)]
        for category in (c for c in codebook.categories if c.parent == theme.id):
            lines += [f"### {category.label} (`{category.id}`)", ""]
            lines += _paragraph(category.description)
            for code in (c for c in codebook.codes if c.category == category.id):
                lines += code_markdown(code)
    return "\n".join(lines).rstrip("\n") + "\n"


def _paragraph(text: str) -> list[str]:
    return [text.strip(), ""] if text.strip() else []


def code_markdown(code: Code) -> list[str]:
    """One code's section of codebook.md."""
    lines = [f"#### {code.label} (`{code.id}`)", "", code.description, ""]
    if code.keywords:
        lines += ["Keywords: " + ", ".join(f"`{k}`" for k in code.keywords), ""]
    if code.opposes:
        lines += [f"Opposes: `{code.opposes}`", ""]
    if code.examples:
        lines += ["Examples:", ""] + [f"> {example}\n" for example in code.examples]
    return lines


def codebook_workbook(codebook: Codebook) -> Workbook:
    """codebook.xlsx: one row per code with everything that defines it."""
    workbook = new_workbook()
    sheet = workbook.add_worksheet("Codebook")
    rows = [codebook_row(code) for code in codebook.codes]
    fill_table(workbook, sheet, CODEBOOK_COLUMNS, rows)
    sheet.freeze_panes(1, 3)  # the header and theme, category, code stay in view
    return workbook


def write_codebook(
    *, codebook_path: str, schema_path: str, markdown_path: str, xlsx_path: str
) -> None:
    """Write the codebook for coders as Markdown and as a workbook.

    codebook_path, schema_path (str): data/codebook.yaml and its schema.
    markdown_path, xlsx_path (str): results/codebook/codebook.md and .xlsx.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    write_bytes_atomic(codebook_markdown(codebook).encode("utf-8"), Path(markdown_path))
    write_bytes_atomic(xlsx_bytes(codebook_workbook(codebook)), Path(xlsx_path))
    LOGGER.info("codebook: %d codes written for coders", len(codebook.codes))
