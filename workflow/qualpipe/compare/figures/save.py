"""Figures saved as PNG, SVG and PDF: byte-identical on every run, each file atomically."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

import matplotlib
from matplotlib.figure import Figure

from qualpipe.common.io import write_bytes_atomic
from qualpipe.compare.figures.style import STYLE


class _SaveOptions(TypedDict, total=False):
    """Keyword arguments of `Figure.savefig` for one format."""

    dpi: int
    metadata: dict[str, str | None]


FORMATS = ("png", "svg", "pdf")
# File properties are ours: no date (byte-identical files) and no library's name (#13).
SAVE_OPTIONS: dict[str, _SaveOptions] = {
    "png": {"dpi": 300, "metadata": {"Software": "qualpipe"}},
    "svg": {"metadata": {"Date": None, "Creator": "qualpipe"}},
    "pdf": {
        "metadata": {
            "CreationDate": None,
            "ModDate": None,
            "Creator": "qualpipe",
            "Producer": "qualpipe",
        }
    },
}


def save_figure(figure: Figure, stem: Path, *, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write a figure in each format, byte-identical on every run, each file atomically.

    figure (Figure): from one of the figure functions.
    stem (Path): path without suffix; '.png', '.svg', '.pdf' are appended.
    formats (Sequence[str]): any of 'png' (300 dpi), 'svg', 'pdf'.
    RETURNS (list[Path]): the files written, in the order of `formats`.
    """
    unknown = [name for name in formats if name not in SAVE_OPTIONS]
    if unknown:
        raise ValueError(f"unknown figure format(s) {unknown}; use any of {list(FORMATS)}")
    stem = Path(stem)
    paths = [stem.with_name(f"{stem.name}.{name}") for name in formats]
    with matplotlib.rc_context(STYLE):
        for name, path in zip(formats, paths, strict=True):
            write_bytes_atomic(_render(figure, name), path)
    return paths


def _render(figure: Figure, file_format: str) -> bytes:
    """The figure's file in one format, without the library's comment."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=file_format, **SAVE_OPTIONS[file_format])
    return LIBRARY_COMMENT.sub(b"", buffer.getvalue())


# The SVG backend's own comment ('Created with matplotlib (https://matplotlib.org/)').
LIBRARY_COMMENT = re.compile(rb"<!-- Created with matplotlib[^>]*-->\n?")
