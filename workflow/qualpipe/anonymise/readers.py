"""How the leak audit reads each kind of output file as text (READERS, by suffix).

A reader returns every text of the file in which a name could be: a workbook's cells, sheet
names and properties, a REFI-QDA project's texts and attribute values (not its GUIDs), an
HTML page's embedded text files, an SVG figure's labels, a spaCy DocBin's texts.
"""

from __future__ import annotations

import base64
import functools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

# A GUID, or a REFI-QDA source path made of one ('internal://<GUID>.txt'): written by the
# export, never a name.
GENERATED = re.compile(
    r"(internal://)?\{?[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\}?(\.\w+)?", re.IGNORECASE
)
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".md", ".json", ".tex", ".html", ".svg", ".log", ".rst")


def read_text(path: Path) -> str:
    """A text file's content; undecodable bytes cannot hide a name, so they are replaced."""
    return path.read_text(encoding="utf-8", errors="replace")


def xlsx_text(path: Path) -> str:
    """The text of a workbook: every cell, sheet name and document property, one per line.

    The runs of a rich-text string are joined first, so that a name split across runs
    ('Lind' + 'qvist') is found whole.
    """
    with zipfile.ZipFile(path) as archive:
        names = sorted(name for name in archive.namelist() if name.endswith(".xml"))
        texts = []
        for name in names:
            with archive.open(name) as member:
                texts.append(_xml_text(member))
        return "\n".join(texts)


# Elements after whose end nothing inside them is read again: cleared, so that a sheet of
# hundreds of MB (2,000 interviews) is read in the memory of its text, not of its tree.
_DONE = ("si", "is", "row")


def _xml_text(source: IO[bytes]) -> str:
    """Every text of one XML member, read as a stream (elements in the order they end)."""
    texts = []
    for _, element in ElementTree.iterparse(source, events=("end",)):
        name = _local(element.tag)
        if name in ("si", "is"):  # a shared or an inline string, perhaps in rich-text runs
            texts.append("".join(t.text or "" for t in element.iter() if _local(t.tag) == "t"))
        elif name == "sheet":  # workbook.xml names the sheets in an attribute
            texts.append(element.get("name", ""))
        elif name != "t" and element.text and element.text.strip():
            texts.append(element.text)  # a string's runs were read with its 'si' or 'is'
        if name in _DONE:
            element.clear()
    return "\n".join(texts)


def docbin_text(path: Path) -> str:
    """The text of every Doc in a spaCy DocBin (the segmentation stage's token store)."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("xx").vocab
    return "\n".join(doc.text for doc in DocBin().from_disk(path).get_docs(vocab))


@functools.cache
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def qda_xml_text(data: bytes) -> str:
    """The text of a QDA-XML document (project.qde, .qdc): every text and attribute value.

    Names sit in attributes there (a case's, a code's, a source's). GUIDs are left out: a
    name of hex letters ('Ebba') would otherwise be found in some of thousands of GUIDs.
    """
    texts: list[str] = []
    for element in ElementTree.fromstring(data).iter():
        texts.extend(v for v in element.attrib.values() if not GENERATED.fullmatch(v))
        if element.text and element.text.strip():
            texts.append(element.text)
    return "\n".join(texts)


def qdc_text(path: Path) -> str:
    """The text of a REFI-QDA codebook (.qdc)."""
    return qda_xml_text(path.read_bytes())


def qdpx_text(path: Path) -> str:
    """The text of a REFI-QDA project (.qdpx, a zip): project.qde and every source file."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            qda_xml_text(archive.read(name))
            if name.endswith(".qde")
            else archive.read(name).decode("utf-8", errors="replace")
            for name in sorted(archive.namelist())
        )


# A <script> element without an id: library code (the Snakemake report inlines React and
# Vega), whose minified names ('ek', 'Ek') are not data. Scripts with an id hold the data.
LIBRARY_SCRIPT = re.compile(r"<script(?![^>]*\bid=)[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
DATA_URI = re.compile(r"data:([\w.+/-]+)(?:;[\w.=-]+)*;base64,([A-Za-z0-9+/=]+)")


def html_text(path: Path) -> str:
    """An HTML page without its library scripts, plus the text files it embeds as data URIs.

    The Snakemake report embeds every result as a base64 data URI, where a name would not
    be found as written: text ones (CSV, Markdown, SVG, ...) are decoded and searched too.
    """
    page = LIBRARY_SCRIPT.sub(" ", read_text(path))
    embedded = [
        base64.b64decode(data).decode("utf-8", errors="replace")
        for kind, data in DATA_URI.findall(page)
        if kind.startswith("text/") or kind.endswith(("+xml", "/json", "/xml"))
    ]
    return "\n".join([DATA_URI.sub(" ", page), *embedded])


def svg_text(path: Path) -> str:
    """An SVG figure's text: matplotlib draws letters as paths and keeps each label in an
    XML comment, which is put on a line of its own (a label, like a table cell)."""
    return read_text(path).replace("<!--", "\n")


# How each audited file type is read as text; add a reader here for a new output format.
READERS: dict[str, Callable[[Path], str]] = {
    **{suffix: read_text for suffix in TEXT_SUFFIXES},
    ".html": html_text,
    ".svg": svg_text,
    ".xlsx": xlsx_text,
    ".spacy": docbin_text,
    ".qdpx": qdpx_text,
    ".qdc": qdc_text,
}
