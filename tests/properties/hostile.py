"""Shared pieces of the property-based tests (issue 14): budgets, hostile text, and the
invariant every parser promises, that each character of its input is accounted for.

A parser may refuse an input, but only with a catalogued error (PipelineError); E108 is the
parsers' own "a character would be lost" check, so it counts as a failure here, not as a
refusal.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from conftest import is_utf8
from hypothesis import settings
from hypothesis import strategies as st
from qualpipe.errors import PipelineError
from qualpipe.ingest.transcript import Span, Transcript

T = TypeVar("T")
# Errors that mean "qualpipe has a bug", never a user's mistake.
BUG_CODES = frozenset({"E108", "E310"})


def budget(share: float, *, least: int = 5) -> settings:
    """Settings giving a test `share` of the profile's max_examples (slow inputs get less)."""
    return settings(max_examples=max(least, round(settings.default.max_examples * share)))


def outcome(run: Callable[[], T]) -> T | PipelineError:
    """The parser's result, or the catalogued error it raised; any other exception (and a
    PipelineError that reports a bug) fails the test with its traceback."""
    try:
        return run()
    except PipelineError as error:
        codes = {error.code, *(e.code for e in getattr(error, "errors", []))}
        assert not codes & BUG_CODES, f"the parser reports a bug: {error}"
        assert "\n" not in str(error) or hasattr(error, "errors"), "a message is one line"
        return error


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh temporary folder per example (pytest's tmp_path is per test, not per example)."""
    with tempfile.TemporaryDirectory(prefix="qualpipe-prop-") as name:
        yield Path(name)


# Characters that break naive text handling: combining marks, right-to-left text and marks,
# emoji with joiners and variation selectors, no-break and zero-width spaces, Unicode line
# and paragraph separators, NEL, BOM, replacement character, C0 controls (tab, vertical tab,
# form feed, file separators) and the NUL byte.
HOSTILE_CHARACTERS = (
    "\u0301\u0308\u20dd"  # combining acute, diaeresis, enclosing circle
    "\u05d0\u05e9\u0627\u0644\u200f\u200e\u202e\u2066\u2069"  # Hebrew, Arabic, RTL/LTR marks
    "\U0001f642\U0001f469\u200d\U0001f4bb\ufe0f"  # emoji, ZWJ sequence, variation selector
    "\u00a0\u200b\u2028\u2029\u0085\ufeff\ufffd\u3000"
    "\t\x0b\x0c\x1c\x1d\x1e\x1f\x01\x07\x00"
    "ÅåÄäÖöØøÆæÉéÜüßİıǅﬁ’'\"<>[]:;,.-=+@#&"
)


@functools.cache
def words(*, letters: str = "", min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    """A word of Unicode letters (and optionally some listed characters)."""
    alphabet = st.characters(categories=("Lu", "Ll", "Lo"), include_characters=letters)
    return st.text(alphabet, min_size=min_size, max_size=max_size)


@functools.cache
def prose(*, exclude: str = "", max_size: int = 60) -> st.SearchStrategy[str]:
    """A line of realistic-but-hostile text: letters, digits, punctuation, spaces, symbols,
    emoji, marks, and the HOSTILE_CHARACTERS (minus `exclude`); never a line end.

    Strategies are cached: building one (its alphabet's intervals) costs more than drawing."""
    kept = "".join(c for c in HOSTILE_CHARACTERS if c not in exclude + "\n\r")
    alphabet = st.one_of(
        st.characters(
            categories=("L", "M", "N", "P", "S", "Zs"),
            exclude_characters=exclude + "\n\r\x85\u2028\u2029",
        ),
        st.sampled_from(kept) if kept else st.nothing(),
        st.just(" "),
    )
    return st.text(alphabet, max_size=max_size)


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (docx, xlsx and .qde are XML)."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r"
        or (" " <= c <= "\ud7ff")
        or ("\ue000" <= c <= "\ufffd")
        or c >= "\U00010000"
    )


LINE_ENDS = ("\n", "\r\n", "\r")


@st.composite
def with_line_ends(draw: st.DrawFn, lines: list[str]) -> str:
    """Lines joined by LF, CRLF and CR, one style or a mix, with or without a final one."""
    style = draw(st.sampled_from(("lf", "crlf", "cr", "mixed")))
    ends = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": list(LINE_ENDS)}[style]
    text = ""
    for line in lines:
        end = draw(st.sampled_from(ends))
        if end == "\n" and not line and text.endswith("\r"):
            end = "\r\n"  # CR then LF would read as one line end: the blank line would vanish
        text += line + end
    return text if draw(st.booleans()) else text.rstrip("\r\n")


# Encodings transcription services and word processors save; UTF-16 without a BOM only where
# the text is mostly ASCII, as decoding can tell it only by its zero bytes.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252")


@st.composite
def encoded(draw: st.DrawFn, text: str, *, exact: bool) -> tuple[bytes, str]:
    """Text as a transcript file's bytes, in a drawn encoding.

    exact (bool): only encodings that decode back unambiguously: UTF-8 with or without BOM,
        UTF-16 with BOM, and Windows-1252 where its bytes are not also valid UTF-8 (then the
        file is UTF-8, as qualpipe decides); else also UTF-16 without BOM, and lone
        surrogates written as bytes.
    RETURNS (tuple[bytes, str]): the bytes and the encoding used.
    """
    encoding = draw(st.sampled_from(ENCODINGS))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding, data = "utf-8", text.encode("utf-8", "surrogatepass")
    if exact and encoding == "cp1252" and is_utf8(data):
        encoding, data = "utf-8", text.encode("utf-8")
    if encoding in ("utf-16-le", "utf-16-be") and (exact or draw(st.booleans())):
        bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
        data = bom + data
    return data, encoding


Edit = tuple[str, int, str]  # what, where (modulo the length), the piece or length


@functools.cache
def text_edits(
    pieces: st.SearchStrategy[str] | None = None, *, most: int = 4
) -> st.SearchStrategy[list[Edit]]:
    """A few random edits of a text (see edit_text): small, so that a failure reads well."""
    if pieces is None:
        pieces = st.one_of(prose(max_size=4), st.sampled_from(list(HOSTILE_CHARACTERS)))
    edit = st.tuples(
        st.sampled_from(("insert", "delete", "replace", "line")), st.integers(0, 10**6), pieces
    )
    return st.lists(edit, min_size=1, max_size=most)


def edit_text(text: str, edits: list[Edit]) -> str:
    """Text with the edits applied: a piece inserted or put in place of a character, a few
    characters deleted, or a line repeated elsewhere."""
    for what, where, piece in edits:
        at = where % (len(text) + 1)
        if what == "insert":
            text = text[:at] + piece + text[at:]
        elif what == "delete":
            text = text[:at] + text[at + 1 + len(piece) :]
        elif what == "replace":
            text = text[:at] + piece + text[at + 1 :]
        else:
            lines = text.split("\n")
            lines.insert(where % (len(lines) + 1), lines[at % len(lines)])
            text = "\n".join(lines)
    return text


@st.composite
def mutated(draw: st.DrawFn, text: str, *, pieces: st.SearchStrategy[str] | None = None) -> str:
    """Text with a few random edits."""
    return edit_text(text, draw(text_edits(pieces)))


ByteEdit = tuple[str, int, bytes]


@functools.cache
def byte_edits() -> st.SearchStrategy[list[ByteEdit]]:
    """A few random edits of bytes (see edit_bytes)."""
    edit = st.tuples(
        st.sampled_from(("flip", "cut", "insert", "truncate")),
        st.integers(0, 10**6),
        st.binary(min_size=1, max_size=16),
    )
    return st.lists(edit, min_size=1, max_size=3)


def edit_bytes(data: bytes, edits: list[ByteEdit]) -> bytes:
    """Bytes with a byte flipped, some cut out, some inserted, or the rest cut off."""
    for what, where, piece in edits:
        at = where % (len(data) + 1)
        if what == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (piece[0] or 1)]) + data[at + 1 :]
        elif what == "cut":
            data = data[:at] + data[at + 4 * len(piece) :]
        elif what == "insert":
            data = data[:at] + piece + data[at:]
        elif what == "truncate":
            data = data[:at]
    return data


@st.composite
def raw_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Bytes with a few random edits."""
    return edit_bytes(data, draw(byte_edits()))


def nonblank(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def _pieces(source: str, spans: list[Span]) -> str:
    return "".join(source[start:end] for start, end in spans)


def assert_accounted(
    transcript: Transcript, *, unescape: Callable[[str], str] = lambda text: text
) -> None:
    """Every non-blank character of the source lies in exactly one span (header, syntax, a
    turn's markup or text), and each turn's text holds exactly its spans' characters.

    unescape (Callable): how a span's characters appear in the turn's text ('""' -> '"' in a
        TextGrid).
    """
    source = transcript.source
    spans = [*transcript.header, *transcript.syntax]
    for turn in transcript.turns:
        spans += [*turn.spans, *turn.markup]
        assert all(0 <= a <= b <= len(source) for a, b in turn.spans + turn.markup)
        held = nonblank("".join(unescape(source[a:b]) for a, b in turn.spans))
        assert nonblank(turn.text) == held, f"turn {turn.line}: text differs from its spans"
    ordered = sorted(spans)
    for (_, end), (start, other_end) in itertools.pairwise(ordered):
        shared = source[start : min(end, other_end)]
        assert not shared.strip(), "two spans share a character"
    assert nonblank(_pieces(source, spans)) == nonblank(source), "a character is in no span"
