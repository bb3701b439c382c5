"""Reading transcript bytes as text: encodings, byte-order marks and line ends.

Transcription services and word processors deliver UTF-8 (with or without BOM), UTF-16 and
Windows-1252. We decode strictly, in that order of evidence, so that Swedish letters never turn
into mojibake; a file that fits none of them stops the run.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from qualpipe.errors import PipelineError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (tab, line feed, form feed and carriage return do).
_BINARY_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
# UTF-8 read as Windows-1252 and saved again: 'Ã¥' for 'å', 'Ã¤' for 'ä', 'Ã¶' for 'ö' ...
_MOJIBAKE_MARKS = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "Ã©", "â€™", "â€œ", "â€“")


@dataclass(frozen=True)
class DecodedText:
    """A transcript's text with its line ends normalised to '\\n'.

    text (str): the decoded text; character offsets everywhere refer to it.
    encoding (str): the encoding it was decoded from.
    bom (bool): whether the file started with a byte-order mark.
    line_ends (str): 'unix', 'windows', 'mac', 'mixed' or 'none'.
    """

    text: str
    encoding: str
    bom: bool
    line_ends: str


def normalise_line_ends(text: str) -> tuple[str, str]:
    """Turn Windows and old-Mac line ends into '\\n'.

    RETURNS (tuple[str, str]): the text and the line-end style found.
    """
    windows = text.count("\r\n")
    mac = text.count("\r") - windows
    unix = text.count("\n") - windows
    styles = [name for name, count in (("windows", windows), ("mac", mac), ("unix", unix)) if count]
    style = styles[0] if len(styles) == 1 else ("mixed" if styles else "none")
    return text.replace("\r\n", "\n").replace("\r", "\n"), style


def _looks_like_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from where the zero bytes of ASCII letters fall."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _binary_reason(data: bytes) -> str | None:
    """Say why bytes that are neither UTF-16 nor UTF-32 cannot be a transcript, if they cannot."""
    sample = data[:8000]
    if sample.startswith(b"PK\x03\x04"):
        return "it is a zip archive"
    if sample.startswith(b"%PDF"):
        return "it is a PDF"
    control = sum(1 for byte in sample if byte in _BINARY_BYTES)
    if control and (0 in sample or control > 0.01 * len(sample)):
        return f"{control} control byte(s) in the first {len(sample)} bytes"
    return None


def _decode_strict(data: bytes, encoding: str, *, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PipelineError(
            "E105", file=file, offset=error.start, byte=data[error.start : error.start + 1].hex()
        ) from error


def decode_bytes(data: bytes, *, file: str) -> DecodedText:
    """Decode a transcript file's bytes.

    data (bytes): the file's content.
    file (str): the file name, for error messages.
    RETURNS (DecodedText): the text with '\\n' line ends.
    """
    if not data.strip():
        raise PipelineError("E103", file=file)
    bom_encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if bom_encoding is not None:
        bom_length = next(len(bom) for bom, enc in _BOMS if enc == bom_encoding)
        text = _decode_strict(data[bom_length:], bom_encoding, file=file)
        return _finish(text, encoding=bom_encoding, bom=True, file=file)
    utf16 = _looks_like_utf16(data)
    if utf16 is not None:
        return _finish(_decode_strict(data, utf16, file=file), encoding=utf16, bom=False, file=file)
    reason = _binary_reason(data)
    if reason is not None:
        raise PipelineError("E104", file=file, reason=reason)
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = _decode_strict(data, "cp1252", file=file)
        encoding = "cp1252"
    return _finish(text, encoding=encoding, bom=False, file=file)


def _finish(text: str, *, encoding: str, bom: bool, file: str) -> DecodedText:
    if not text.strip():
        raise PipelineError("E103", file=file)
    if "\x00" in text:
        raise PipelineError("E104", file=file, reason="it contains NUL characters")
    normalised, line_ends = normalise_line_ends(text)
    return DecodedText(text=normalised, encoding=encoding, bom=bom, line_ends=line_ends)


def mojibake_marks(text: str) -> list[str]:
    """Find the traces of UTF-8 that was once decoded as Windows-1252 and saved again."""
    return [mark for mark in _MOJIBAKE_MARKS if mark in text]
