"""Read a generated transcript back as the text the gold offsets refer to.

The text is the decoded file with line ends normalised to '\\n'; for .docx, the paragraphs
joined by '\\n' (docs/demo-study.md). Tests and the statistics use this, so that the gold is
checked against the files as written, not against the generator's memory.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import docx
import docx.document
import docx.table


def decode(data: bytes) -> str:
    """Decode transcript bytes: BOM first, then UTF-8, then Windows-1252; line ends to '\\n'."""
    if data.startswith(codecs.BOM_UTF16_LE):
        text = data[len(codecs.BOM_UTF16_LE) :].decode("utf-16-le")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_text(path: Path) -> str:
    """The text of a .txt, .vtt or .docx transcript that gold offsets index into.

    path (Path): the transcript file.
    RETURNS (str): the text.
    """
    if path.suffix == ".docx":
        return "\n".join(_docx_lines(docx.Document(str(path))))
    return decode(path.read_bytes())


def _docx_lines(document: docx.document.Document) -> list[str]:
    """Paragraphs as lines; a table row as its cells joined by a tab."""
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return lines


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
