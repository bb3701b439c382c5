"""The comparison tables as a Word document a journal's template takes: real Word tables (no
images, no tabs), rules above and below the header and at the bottom only (the booktabs look
journals ask for), the caption above, the note and footnotes below; landscape pages for the
wide tables. The file is byte-identical for the same tables (fixed zip dates and properties).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_TcPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Inches, Pt
from docx.table import Table as WordTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from qualpipe.common.io import CORE_PROPERTIES, fixed_zip_dates
from qualpipe.compare.study import BASIS_NOTE
from qualpipe.compare.table import Table, letter

SIZE = Pt(9)
# The code column is wide enough for most code labels on one or two lines; the numbers share
# the rest of the landscape page.
CODE_WIDTH = Inches(2.6)


def tables_docx(tables: Sequence[Table], basis: str) -> bytes:
    """Every comparison table, numbered, in one .docx file.

    RETURNS (bytes): the document.
    """
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for number, table in enumerate(tables, start=1):
        title = document.add_paragraph()
        title.add_run(f"Table {number}").bold = True
        title.add_run(f". {table.title}").italic = True
        _add_table(document, table)
        _add_notes(document, table, basis)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_dates(buffer.getvalue(), core=CORE_PROPERTIES)


def _add_table(document: WordDocument, table: Table) -> WordTable:
    heads = 2 if table.spanner else 1
    rows = sum(1 + len(s.rows) for s in table.sections)
    grid = document.add_table(rows=heads + rows, cols=len(table.columns))
    _set_widths(grid, usable=(document.sections[0].page_width or Inches(11)) - Inches(2))
    _rule(grid._tbl.tblPr, "tblBorders", top=8, bottom=8)
    if table.spanner:
        text, start, end = table.spanner
        span = grid.cell(0, start).merge(grid.cell(0, end - 1))
        _write(span, text, center=True)
        _rule(_cell_properties(span), "tcBorders", bottom=4)
    for column, name in enumerate(table.columns):
        _write(grid.cell(heads - 1, column), name, right=column > 0)
        _rule(_cell_properties(grid.cell(heads - 1, column)), "tcBorders", bottom=4)
    for header in grid.rows[:heads]:
        _repeat_as_header(header)
    body = iter(grid.rows[heads:])
    for section in table.sections:
        _write_row(next(body), section.heading, bold=True)
        for row in section.rows:
            _write_row(next(body), row, indent=True)
    return grid


def _set_widths(grid: WordTable, *, usable: int) -> None:
    """The code column CODE_WIDTH wide, the others equal; before any merge (Word reads the
    grid's and the cells' widths)."""
    other = Emu((usable - CODE_WIDTH) // max(1, len(grid.columns) - 1))
    for n, column in enumerate(grid.columns):
        column.width = CODE_WIDTH if n == 0 else other
        for cell in column.cells:
            cell.width = column.width


def _write_row(
    row: _Row, values: Sequence[str], *, bold: bool = False, indent: bool = False
) -> None:
    for column, value in enumerate(values):
        paragraph = _write(row.cells[column], value, right=column > 0, bold=bold and column == 0)
        if indent and column == 0:
            paragraph.paragraph_format.left_indent = Pt(9)


def _write(
    cell: _Cell, text: str, *, right: bool = False, center: bool = False, bold: bool = False
) -> Paragraph:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size, run.bold = SIZE, bold or None
    if right or center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def _add_notes(document: WordDocument, table: Table, basis: str) -> None:
    note = document.add_paragraph()
    note.add_run("Note. ").italic = True
    note.add_run(" ".join([BASIS_NOTE[basis], *table.terms]))
    for n, text in enumerate(table.notes):
        footnote = document.add_paragraph()
        footnote.add_run(letter(n)).font.superscript = True
        footnote.add_run(f" {text}")
    for paragraph in document.paragraphs[-1 - len(table.notes) :]:
        for run in paragraph.runs:
            run.font.size = SIZE


def _cell_properties(cell: _Cell) -> CT_TcPr:
    return cell._tc.get_or_add_tcPr()


# What must follow the borders in a table's and a cell's properties (the schema's order: Word
# refuses a file with them out of order).
AFTER_BORDERS = {
    "tblBorders": ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
    "tcBorders": ("shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
}


def _rule(properties: BaseOxmlElement, tag: str, **sizes: int) -> None:
    """Single rules of these widths (eighths of a point) on these sides, none elsewhere."""
    borders = OxmlElement(f"w:{tag}")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single" if side in sizes else "nil")
        if side in sizes:
            border.set(qn("w:sz"), str(sizes[side]))
            border.set(qn("w:color"), "000000")
        borders.append(border)
    following = [e for e in properties if e.tag in {qn(f"w:{t}") for t in AFTER_BORDERS[tag]}]
    if following:
        following[0].addprevious(borders)
    else:
        properties.append(borders)


def _repeat_as_header(row: _Row) -> None:
    """The header rows repeat on every page a long table runs over."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)
