"""How the leak audit reads each kind of output file as text (READERS, by suffix).

A reader returns every text of the file in which a name could be: a workbook's cells, sheet
names and properties, a REFI-QDA project's texts and attribute values (not its GUIDs), an
HTML page's embedded text files, an SVG figure's labels, a spaCy DocBin's texts.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol
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
        return "\n".join(_member_text(archive, name) for name in names)


# A member this large is remembered, with its text, until the next one: the coders' sheets
# share their largest member byte for byte, which is then parsed once (issue 16).
REMEMBERED_BYTES = 1 << 20
_last: dict[tuple[int, int], tuple[bytes, str]] = {}


def _member_text(archive: zipfile.ZipFile, name: str) -> str:
    """The text of one member; that of the member read before it if their bytes are equal
    (same CRC and size, then the same SHA-256 of the content)."""
    info = archive.getinfo(name)
    key = (info.CRC, info.file_size)
    if key in _last and _digest(archive, name) == _last[key][0]:
        return _last[key][1]
    with archive.open(name) as member:
        hashing = _Hashing(member)
        text = _xml_text(hashing)
    if info.file_size >= REMEMBERED_BYTES:
        _last.clear()
        _last[key] = (hashing.digest.digest(), text)
    return text


def _digest(archive: zipfile.ZipFile, name: str) -> bytes:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while data := member.read(REMEMBERED_BYTES):
            digest.update(data)
    return digest.digest()


class _Hashing:
    """A member as the XML parser reads it, hashed on the way."""

    def __init__(self, member: IO[bytes]) -> None:
        self.member, self.digest = member, hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        data = self.member.read(size)
        self.digest.update(data)
        return data


# Elements after whose end nothing inside them is read again: cleared, so that a sheet of
# hundreds of MB (2,000 interviews) is read in the memory of its text, not of its tree.
_DONE = ("si", "is", "row")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _xml_text(source: _Readable) -> str:
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
    """The text of every Doc in a spaCy DocBin (the segmentation stage's token store), as
    `Doc.text` has it: each token's text and its space, from the bin's arrays (making the
    Docs took 1 s of the demo's audit)."""
    from spacy.attrs import ORTH
    from spacy.strings import StringStore
    from spacy.tokens import DocBin

    docbin = DocBin().from_disk(path)
    strings = StringStore(docbin.strings)
    column = docbin.attrs.index(ORTH)
    texts = []
    for tokens, spaces, flags in zip(docbin.tokens, docbin.spaces, docbin.flags, strict=True):
        words = [strings[orth] for orth in tokens[:, column].tolist()]
        after = [True] * len(words) if flags.get("has_unknown_spaces") else spaces[:, 0].tolist()
        texts.append(
            "".join(w + " " if space else w for w, space in zip(words, after, strict=True))
        )
    return "\n".join(texts)


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
