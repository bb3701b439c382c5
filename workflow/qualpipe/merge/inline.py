"""Inline strings of a returned workbook read without openpyxl's rich-text objects (issue 16).

The coding sheets we write hold every text cell as an inline string, `<is><t>text</t></is>`;
read-only openpyxl builds a rich-text object for each (~40% of reading the demo's 303,000
cells) only to join its parts. While `plain_inline_strings` is open, a cell of that plain
shape is read as its text directly; any other shape (formatted runs, phonetic text,
attributes) goes through openpyxl as before. Both give the same value
(tests/merge/test_inline.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TEXT_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"


@contextmanager
def plain_inline_strings() -> Iterator[None]:
    """While open, openpyxl's sheet reader reads a plain inline string without rich text."""
    from openpyxl.worksheet import _reader

    rich = _reader.Text
    _reader.Text = _plain_text(rich)
    try:
        yield
    finally:
        _reader.Text = rich


class _Content:
    """What the sheet reader uses of a rich-text object: its text."""

    __slots__ = ("content",)

    def __init__(self, content: str) -> None:
        self.content = content


def _plain_text(rich: Any) -> Any:
    """A stand-in for openpyxl's Text class with a fast `from_tree` for the plain shape."""

    class PlainText:
        @staticmethod
        def from_tree(node: Any) -> Any:
            """Like `Text.from_tree(node)`: the last <t> child's text ('' for none), as
            openpyxl keeps the last of repeated elements; any other shape, openpyxl's way."""
            if node.attrib or any(child.tag != TEXT_TAG for child in node):
                return rich.from_tree(node)
            return _Content(node[-1].text or "" if len(node) else "")

    return PlainText
