"""Reading transcript bytes as text: encodings, byte-order marks and line ends.

Transcription services and word processors deliver UTF-8 (with or without BOM), UTF-16 and
Windows-1252. We decode strictly, in that order of evidence, so that Swedish letters never turn
into mojibake; a file that fits none of them stops the run.

A file may mix encodings: a UTF-8 paragraph pasted into, or appended to, a Windows-1252
export (issue 14). Read whole as Windows-1252, its 'Mäkinen' became 'MÃ¤kinen', which no
anonymisation layer recognises. So a file that is not UTF-8 throughout is decoded line by
line: UTF-8 where the line is valid UTF-8 (Windows-1252 text with letters beyond ASCII almost
never is), Windows-1252 elsewhere; and text that another tool once mis-decoded ('MÃ¤kinen'
inside a UTF-8 file, or UTF-8 pasted in the middle of a Windows-1252 line) is repaired with
ftfy. The lines read either way are reported, never changed silently.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ftfy
import ftfy.bad_codecs  # registers the codec 'sloppy-windows-1252'

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
# The legacy encoding of lines that are not UTF-8; its five undefined bytes are kept as C1
# controls ('sloppy') until the repair has had its chance, then refused (E105).
LEGACY = "cp1252"
_SLOPPY = "sloppy-windows-1252"
_C1 = re.compile("[\x80-\x9f]")
# A UTF-8 continuation byte (0x80-0xBF) read as Windows-1252 or Latin-1: '¤', '€', a C1 control.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122"
)
# A UTF-8 lead byte read so ('Ã', 'â'), then a continuation byte: only lines holding one are
# given to the repair.
_MOJIBAKE_PAIR = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
# 'Ã' then a continuation byte: a letter of Latin-1 ('Ã¥' for 'å', 'Ã…' for 'Å'); 'Â' then one
# of 0xA0-0xBF: a sign ('Â¤' for '¤'), one step of text encoded twice ('ÃƒÂ¤'), never a
# control. ftfy leaves 'HÃ¥kan' and 'Ã…sa' as they are ('Ã¥' alone might be meant); in
# Swedish names they never are, and the pairs do not occur in real text.
_LATIN1_PAIR = re.compile(f"\u00c3[{_CONTINUATION}]|\u00c2[\u00a0-\u00bf]")
# The steps of ftfy's repair we accept: UTF-8 that was read as Windows-1252 or Latin-1, once
# or more. Its guesses between other single-byte encodings (MacRoman, code page 437 ...) are
# left alone: a Swedish or French line must never be changed on such a guess.
_REPAIR_STEPS = frozenset(
    {
        ("encode", "latin-1"),
        ("encode", "sloppy-windows-1252"),
        ("encode", "windows-1252"),
        ("decode", "utf-8"),
        ("decode", "windows-1252"),
        ("transcode", "restore_byte_a0"),
        ("apply", "decode_inconsistent_utf8"),
    }
)
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    replace_lossy_sequences=False,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
)


@dataclass(frozen=True)
class DecodedText:
    """A transcript's text with its line ends normalised to '\\n'.

    text (str): the decoded text; character offsets everywhere refer to it.
    encoding (str): the encoding it was decoded from.
    bom (bool): whether the file started with a byte-order mark.
    line_ends (str): 'unix', 'windows', 'mac', 'mixed' or 'none'.
    other_encoding (str): in a file that mixes encodings, the encoding of the fewer lines.
    other_lines (tuple[int, ...]): the lines (from 1) decoded as other_encoding.
    repaired_lines (tuple[int, ...]): the lines where mis-decoded text was repaired.
    """

    text: str
    encoding: str
    bom: bool
    line_ends: str
    other_encoding: str = ""
    other_lines: tuple[int, ...] = ()
    repaired_lines: tuple[int, ...] = ()


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


@dataclass(frozen=True)
class DecodedLine:
    """One line as decoded: its text with its line end, and how."""

    text: str
    encoding: str  # 'ascii', 'utf-8' or LEGACY
    undefined: int = -1  # the file offset of its first byte Windows-1252 leaves undefined


def _decode_line(data: bytes, *, start: int) -> DecodedLine:
    if data.isascii():
        return DecodedLine(data.decode("ascii"), "ascii")
    try:
        return DecodedLine(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedLine(data.decode(LEGACY), LEGACY)
    except UnicodeDecodeError as error:  # kept as a C1 control: the repair may explain it
        return DecodedLine(data.decode(_SLOPPY), LEGACY, undefined=start + error.start)


def decode_lines(data: bytes, *, start: int = 0) -> list[DecodedLine]:
    """Decode each line of a file that is not UTF-8 throughout on its own.

    data (bytes): the file's content after any byte-order mark.
    start (int): the offset of data in the file, for the offset of an undecodable byte.
    RETURNS (list[DecodedLine]): the lines with their line ends, in order.
    """
    lines, offset = [], start
    for raw in data.splitlines(keepends=True):
        lines.append(_decode_line(raw, start=offset))
        offset += len(raw)
    return lines


def decode_bytes(data: bytes, *, file: str) -> DecodedText:
    """Decode a transcript file's bytes.

    data (bytes): the file's content.
    file (str): the file name, for error messages.
    RETURNS (DecodedText): the text with '\\n' line ends, mis-decoded text repaired.
    """
    if not data.strip():
        raise PipelineError("E103", file=file)
    bom_encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if bom_encoding is not None and bom_encoding != "utf-8":
        bom_length = next(len(bom) for bom, enc in _BOMS if enc == bom_encoding)
        text = _decode_strict(data[bom_length:], bom_encoding, file=file)
        return _finish(text, encoding=bom_encoding, bom=True, file=file)
    utf16 = _looks_like_utf16(data) if bom_encoding is None else None
    if utf16 is not None:
        return _finish(_decode_strict(data, utf16, file=file), encoding=utf16, bom=False, file=file)
    reason = _binary_reason(data)
    if reason is not None:
        raise PipelineError("E104", file=file, reason=reason)
    start = len(codecs.BOM_UTF8) if bom_encoding else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError:
        return _finish_lines(decode_lines(data[start:], start=start), bom=bool(start), file=file)
    return _finish(text, encoding="utf-8", bom=bool(start), file=file)


def _finish_lines(lines: list[DecodedLine], *, bom: bool, file: str) -> DecodedText:
    """A file decoded line by line: named after the encoding of most of its letters."""
    counts = {enc: sum(1 for line in lines if line.encoding == enc) for enc in ("utf-8", LEGACY)}
    encoding = "utf-8" if counts["utf-8"] > counts[LEGACY] else LEGACY
    other = LEGACY if encoding == "utf-8" else "utf-8"
    other_lines = tuple(n for n, line in enumerate(lines, 1) if line.encoding == other)
    text = "".join(line.text for line in lines)
    decoded = _finish(text, encoding=encoding, bom=bom, file=file)
    _check_undefined(decoded.text, lines, file=file)
    if not other_lines:
        return decoded
    return dataclasses.replace(decoded, other_encoding=other, other_lines=other_lines)


def _check_undefined(text: str, lines: list[DecodedLine], *, file: str) -> None:
    """Stop on a byte Windows-1252 leaves undefined that the repair did not explain."""
    for line, decoded in zip(lines, text.split("\n"), strict=False):
        if line.undefined >= 0 and _C1.search(decoded):
            raise PipelineError("E105", file=file, offset=line.undefined, byte=_byte(line))


def _byte(line: DecodedLine) -> str:
    return next(char for char in line.text if _C1.fullmatch(char)).encode("latin-1").hex()


def _finish(text: str, *, encoding: str, bom: bool, file: str) -> DecodedText:
    if not text.strip():
        raise PipelineError("E103", file=file)
    if "\x00" in text:
        raise PipelineError("E104", file=file, reason="it contains NUL characters")
    normalised, line_ends = normalise_line_ends(text)
    _check_controls(normalised, file=file)
    repaired, numbers = repair_mojibake(normalised)
    return DecodedText(
        text=repaired,
        encoding=encoding,
        bom=bom,
        line_ends=line_ends,
        repaired_lines=numbers,
    )


# C0 controls XML 1.0 cannot hold (all but tab, LF, CR): the sheets (openpyxl) and the .qdpx
# export (lxml) raised on one, far from the transcript that held it (issue 14).
_XML_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _check_controls(text: str, *, file: str) -> None:
    found = _XML_CONTROLS.search(text)
    if found:
        code = ord(found.group())
        line = text.count("\n", 0, found.start()) + 1
        raise PipelineError(
            "E131", file=file, line=line, character=f"U+{code:04X}", caret=chr(code + 64)
        )


def repair_mojibake(text: str) -> tuple[str, tuple[int, ...]]:
    """Repair UTF-8 that was decoded as Windows-1252 or Latin-1 ('MÃ¤kinen'), line by line.

    text (str): text with '\\n' line ends.
    RETURNS (tuple[str, tuple[int, ...]]): the text, and the lines (from 1) that changed.
    """
    lines = text.split("\n")
    changed = []
    for index, line in enumerate(lines):
        if _MOJIBAKE_PAIR.search(line):
            fixed = _repair_line(line)
            if fixed != line:
                lines[index] = fixed
                changed.append(index + 1)
    return "\n".join(lines), tuple(changed)


def _repair_line(line: str) -> str:
    explained = ftfy.fix_encoding_and_explain(line, _REPAIR)
    fixed, steps = explained.text, explained.explanation or []  # a list, never None here
    if not set(steps) <= _REPAIR_STEPS or _new_controls(line, fixed):
        fixed = line
    for _ in range(3):  # text encoded twice needs two rounds, three times three
        again = _LATIN1_PAIR.sub(_pair_as_utf8, fixed)
        if again == fixed:
            break
        fixed = again
    return fixed


def _pair_as_utf8(match: re.Match[str]) -> str:
    pair = match.group(0)  # two characters
    lead, continuation = pair[0], pair[1]
    byte = continuation.encode("latin-1" if continuation <= "\u00ff" else LEGACY)
    return (lead.encode("latin-1") + byte).decode("utf-8")


def _new_controls(before: str, after: str) -> bool:
    """Whether a repair brought in a control character (a line end, a NUL) not there before."""
    controls = {char for char in after if unicodedata.category(char) == "Cc"}
    return bool(controls - set(before))


# Lines listed in a warning; the rest are counted.
LINES_LISTED = 10


def line_list(numbers: Sequence[int]) -> str:
    """Line numbers for a message: '3, 7, 12', or the first ten and how many more."""
    shown = ", ".join(str(number) for number in numbers[:LINES_LISTED])
    rest = len(numbers) - LINES_LISTED
    return f"{shown} and {rest} more" if rest > 0 else shown


def mojibake_marks(text: str) -> list[str]:
    """Find the traces of UTF-8 that was once decoded as Windows-1252 and saved again."""
    return [mark for mark in _MOJIBAKE_MARKS if mark in text]


def misdecoded_forms(text: str) -> set[str]:
    """The forms text takes when its encoding is mistaken: its UTF-8 bytes read as Windows-1252
    or Latin-1 ('MÃ¤kinen'), twice ('MÃƒÂ¤kinen'), and its Windows-1252 bytes read as UTF-8
    with the invalid bytes replaced ('M\\ufffdkinen'), as a tool (or a reader with
    errors='replace') writes them; for the text and its upper-case form.

    text (str): a name or other identifier.
    RETURNS (set[str]): the forms other than text itself; none for ASCII text.
    """
    if text.isascii():
        return set()
    forms: set[str] = set()
    for variant in dict.fromkeys((text, text.upper())):
        forms.update(_misread(variant))
    forms.discard(text)
    return forms


def _misread(text: str) -> Iterable[str]:
    for legacy in (_SLOPPY, "latin-1"):
        once = text.encode("utf-8").decode(legacy)
        yield once
        yield once.encode("utf-8").decode(legacy)
    yield text.encode("utf-8").decode(LEGACY, errors="replace")
    with contextlib.suppress(UnicodeEncodeError):  # a letter Windows-1252 lacks ('ł')
        yield text.encode(LEGACY).decode("utf-8", errors="replace")
