"""A table as an article prints it, whatever the format: a title, columns, sections headed by
a category, notes given once as lettered footnotes, and the terms defined under it.

`compare.article` builds them from the tidy rows; `compare.render` writes them as Markdown and
LaTeX, `compare.docx` as a Word document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qualpipe.compare.presence import Cell


@dataclass
class Section:
    """A category's rows: its own row first (its label and values), then its codes."""

    heading: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Table:
    """One table of the article.

    title (str): its caption. columns (list[str]): the header; the first column names the
        codes. spanner (tuple[str, int, int] | None): a header over columns [start, end).
    sections (list[Section]): by category. notes (list[str]): footnote a, b, ... in order;
        rows carry the letters in their last column. terms (list[str]): definitions.
    key (str): a short id for LaTeX labels ('presence-1').
    """

    title: str
    columns: list[str]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    spanner: tuple[str, int, int] | None = None
    key: str = ""


class Footnotes:
    """Notes that would repeat row after row, each given a letter once."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def marks(self, texts: list[str]) -> str:
        """The letters of these notes ('a, c'), lettering the new ones."""
        letters: list[int] = []
        for text in texts:
            if text not in self.notes:
                self.notes.append(text)
            letters.append(self.notes.index(text))
        return ", ".join(letter(n) for n in sorted(set(letters)))


def letter(index: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    return letter(index // 26 - 1) + chr(97 + index % 26) if index >= 26 else chr(97 + index)


def is_missing(value: Cell) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def p_value(value: Cell) -> str:
    """A p- or q-value as articles print it: three decimals, '<0.001' below."""
    if is_missing(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return "<0.001" if number < 0.001 else f"{number:.3f}"


def fixed(value: Cell, digits: int = 2, *, sign: bool = False) -> str:
    """A number at `digits` decimals ('' when missing), with '+' when `sign`."""
    if is_missing(value):
        return ""
    text = f"{float(value):{'+' if sign else ''}.{digits}f}"  # type: ignore[arg-type]
    return _unsigned_zero(text)


def _unsigned_zero(text: str) -> str:
    """'0', '0.00' for a value that rounds to zero, never '-0' or '+0.00'."""
    return text.lstrip("+-") if text.strip("+-0.") == "" else text


def points(value: Cell) -> str:
    """A difference of two shares in percentage points, signed ('+20', '-5')."""
    return "" if is_missing(value) else fixed(float(value) * 100, 0, sign=True)  # type: ignore[arg-type]


def ratio(value: Cell) -> str:
    """An odds ratio at about three significant digits: 0.07, 9.86, 13.4, 916."""
    if is_missing(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.{2 if number < 10 else 1 if number < 100 else 0}f}"


def interval(low: Cell, high: Cell, *, digits: int = 2, scale: float = 1.0) -> str:
    """A 95% interval as 'low to high' ('' when either end is missing)."""
    if is_missing(low) or is_missing(high):
        return ""
    ends = (fixed(float(end) * scale, digits) for end in (low, high))  # type: ignore[arg-type]
    return " to ".join(ends)


def ratio_interval(low: Cell, high: Cell) -> str:
    """An odds ratio's interval, each end as `ratio` writes it."""
    return "" if is_missing(low) or is_missing(high) else f"{ratio(low)} to {ratio(high)}"


def share(k: Cell, n: Cell) -> str:
    """'k/n (p%)', or '–' for an empty group."""
    if is_missing(n) or int(float(n)) == 0:  # type: ignore[arg-type]
        return "–"
    k_, n_ = int(float(k)), int(float(n))  # type: ignore[arg-type]
    return f"{k_}/{n_} ({100 * k_ / n_:.0f}%)"
