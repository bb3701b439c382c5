"""Plain inline strings read without openpyxl's rich text (issue 16) give the same values."""

import contextlib
import json
import os
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest
from conftest import ROOT
from openpyxl.cell.text import Text
from openpyxl.worksheet import _reader
from qualpipe.merge import cells
from qualpipe.merge.inline import plain_inline_strings

SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", SHARED / "corpora"))
OYEZ = CORPORA / "scotus-oyez" / "transcripts" / "2013.11-965-t01.json"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DEMO_SHEET = ROOT / "data" / "coding" / "coder_a" / "coder_a_coding_sheet.xlsx"


def _oyez_texts() -> list[str]:
    sections = json.loads(OYEZ.read_text(encoding="utf-8"))["transcript"]["sections"]
    return [b["text"] for s in sections for turn in s["turns"] for b in turn["text_blocks"]]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SHAPES = [
    '<is xmlns="{ns}"><t>{a}</t></is>',
    '<is xmlns="{ns}"><t xml:space="preserve"> {a} </t></is>',
    '<is xmlns="{ns}"/>',
    '<is xmlns="{ns}"><t/></is>',
    '<is xmlns="{ns}"><t>{a}</t><t>{b}</t></is>',
    '<is xmlns="{ns}"><r><rPr><b/></rPr><t>{a}</t></r><r><t>{b}</t></r></is>',
    '<is xmlns="{ns}"><t>{a}</t><rPh sb="0" eb="1"><t>{b}</t></rPh></is>',
    '<is xmlns="{ns}" xmlns:x="urn:other"><x:t>{a}</x:t></is>',
    '<is xmlns="{ns}"><t>{a}</t><extra>{b}</extra></is>',
]


@pytest.mark.parametrize("shape", SHAPES)
def test_inline_plain_reading_equals_openpyxl_on_every_shape(shape: str) -> None:
    texts = _oyez_texts()
    assert len(texts) > 100
    for a, b in zip(texts[:60], texts[60:120], strict=True):
        xml = shape.format(ns=MAIN, a=_escaped(a), b=_escaped(b))
        expected = Text.from_tree(fromstring(xml)).content
        with plain_inline_strings():
            got = _reader.Text.from_tree(fromstring(xml)).content
        assert got == expected
    assert _reader.Text is Text  # put back


def test_inline_demo_returned_sheet_reads_the_same_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = cells.read_cells(str(DEMO_SHEET), sheet="Coding", code="E506")
    assert sum(len(row) for _, row in fast[1]) > 100_000
    monkeypatch.setattr(cells, "plain_inline_strings", contextlib.nullcontext)
    assert cells.read_cells(str(DEMO_SHEET), sheet="Coding", code="E506") == fast
