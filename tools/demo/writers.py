"""Write a laid-out transcript as .txt, .docx or .vtt bytes, reproducibly.

Word files carry timestamps twice (the core properties and each zip entry); both are fixed
to the interview date so that the same study always gives the same bytes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile

import docx
import docx.document
from docx.shared import Pt

from tools.demo.layout import Layout

ZIP_TIME = (2013, 1, 1, 0, 0, 0)


def encode_text(text: str, *, encoding: str, newline: str) -> bytes:
    """Encode a transcript's text with its line ends.

    text (str): text with '\\n' line ends.
    encoding (str): 'utf-8', 'utf-8-sig', 'cp1252' or 'utf-16' (little-endian with BOM).
    newline (str): '\\n' or '\\r\\n'.
    RETURNS (bytes): the file's content.
    """
    text = text.replace("\n", newline)
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and attributes, entries in their original order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _add_table(document: docx.document.Document, rows: list[str]) -> None:
    """A two-column table: speaker label (bold) and the turn's text."""
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, line in zip(table.rows, rows, strict=True):
        label, text = line.split("\t", 1)
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(text)


def docx_bytes(layout: Layout, *, date: dt.date, title: str) -> bytes:
    """A Word document with one paragraph per line, speaker labels in bold.

    layout (Layout): the laid-out transcript.
    date (dt.date): the interview date, used for the document's timestamps.
    title (str): the document title property.
    RETURNS (bytes): the .docx file's content.
    """
    document = docx.Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    for line, bold in zip(layout.lines, layout.bold, strict=False):
        paragraph = document.add_paragraph()
        if bold:
            paragraph.add_run(line[:bold]).bold = True
        if line[bold:]:
            paragraph.add_run(line[bold:])
    moment = dt.datetime(date.year, date.month, date.day, 17, 0, 0)
    properties = document.core_properties
    properties.author = "transcription"
    properties.last_modified_by = "transcription"
    properties.title = title
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
