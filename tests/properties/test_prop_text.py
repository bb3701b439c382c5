"""Properties of speaker-labelled transcripts (.txt and .docx), issue 14.

A well-formed transcript, whatever its names, timestamps, blank lines, encoding, BOM, line
ends and Unicode, parses into exactly the turns it was written with. Any other input either
parses with every non-blank character in exactly one place (header, a turn's label and
timestamp, or its text) or is refused with a catalogued error.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hostile import (
    HOSTILE_CHARACTERS,
    assert_accounted,
    budget,
    byte_edits,
    edit_bytes,
    edit_text,
    encoded,
    folder,
    mutated,
    outcome,
    raw_bytes,
    text_edits,
    with_line_ends,
    xml_safe,
)
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.common.textio import normalise_line_ends
from qualpipe.ingest.read import read_transcript
from qualpipe.ingest.transcript import Transcript
from speech import Cast, Spoken, interviews, stamp, stamp_seconds, text_line

BLANKS = ("", " ", "\t", "\u00a0", "\u3000 ")
PEOPLE = Cast(("Anna Berg",), ("Maria Ek",))


@st.composite
def label_line(draw: st.DrawFn, turn: Spoken, *, separators: str = ":") -> tuple[str, float | None]:
    """A turn's first line: indentation, label, timestamp before or after the label or after
    the separator, spaces around the separator. RETURNS (line, the time it gives)."""
    lead, gap = draw(st.sampled_from(("", " ", "\t", "  "))), draw(st.sampled_from(("", " ")))
    separator = draw(st.sampled_from(separators))
    before = after_label = after = ""
    time = None
    if turn.seconds is not None:
        style = draw(st.integers(0, 2))
        written, time = stamp(turn.seconds, style=style), stamp_seconds(turn.seconds, style=style)
        where = draw(st.integers(0, 2))
        before, after_label, after = [
            f"{written} " if where == 0 else "",
            f" {written}" if where == 1 else "",
            f"{written} " if where == 2 else "",
        ]
    line = f"{lead}{before}{turn.label}{after_label}{gap}{separator} {after}{turn.lines[0]}"
    return line, time


@st.composite
def labelled_lines(
    draw: st.DrawFn, turns: list[Spoken], *, separators: str = ":"
) -> tuple[list[str], list[float | None]]:
    """The lines of a transcript: a header, then each turn's lines, blank lines between."""
    lines = draw(st.lists(text_line(exclude=":\t"), max_size=3))
    times = []
    for turn in turns:
        lines += draw(st.lists(st.sampled_from(BLANKS), max_size=2))
        first, time = draw(label_line(turn, separators=separators))
        lines += [first, *turn.lines[1:]]
        times.append(time)
    return lines, times


def header_text(lines: list[str], turns: list[Spoken]) -> str:
    """The header a parser gives: the non-blank lines before the first turn, stripped."""
    first = next(n for n, line in enumerate(lines) if turns[0].label in line and ":" in line)
    return "\n".join(line.strip() for line in lines[:first] if line.strip())


def _read(path: Path, cast: Cast) -> Transcript:
    transcript, _ = read_transcript(
        path, respondents=list(cast.respondents), interviewers=list(cast.interviewers)
    )
    return transcript


def assert_turns(transcript: Transcript, turns: list[Spoken], times: list[float | None]) -> None:
    found = [(t.speaker, t.kind, t.text, t.time) for t in transcript.turns]
    expected = [(t.label, t.kind, t.text, time) for t, time in zip(turns, times, strict=True)]
    assert found == expected
    assert_accounted(transcript)


@st.composite
def txt_files(draw: st.DrawFn) -> tuple[Cast, list[Spoken], list[str], list[float | None], bytes]:
    cast, turns = draw(interviews())
    lines, times = draw(labelled_lines(turns))
    text = draw(with_line_ends(lines))
    data, _ = draw(encoded(text, exact=True))
    return cast, turns, lines, times, data


@budget(1.5)
@given(txt_files())
def test_prop_txt_parses_into_the_turns_it_was_written_with(generated: tuple) -> None:
    cast, turns, lines, times, data = generated
    with folder() as root:
        (root / "i01.txt").write_bytes(data)
        transcript = _read(root / "i01.txt", cast)
    assert_turns(transcript, turns, times)
    assert transcript.header_text == header_text(lines, turns)


@st.composite
def hostile_txt(draw: st.DrawFn) -> tuple[Cast, bytes]:
    """A well-formed transcript after random edits, in a random encoding; or random bytes."""
    cast, turns = draw(interviews(continuation=""))
    lines, _ = draw(labelled_lines(turns))
    text = draw(mutated(draw(with_line_ends(lines))))
    data, _ = draw(encoded(text, exact=False))
    if draw(st.integers(0, 9)) == 0:
        data = draw(raw_bytes(data))
    return cast, data


@budget(2)
@given(hostile_txt())
@example((PEOPLE, b"I: Hello\r\nR: \xc3\xa5 \xe2\x80\x8f"))
def test_prop_txt_any_input_is_accounted_for_or_refused(generated: tuple[Cast, bytes]) -> None:
    cast, data = generated
    with folder() as root:
        (root / "i01.txt").write_bytes(data)
        result = outcome(lambda: _read(root / "i01.txt", cast))
    if isinstance(result, Transcript):
        assert_accounted(result)


@given(st.text(alphabet=st.sampled_from(HOSTILE_CHARACTERS + "IR: \n"), max_size=80))
@budget(1)
def test_prop_txt_hostile_characters_alone(text: str) -> None:
    with folder() as root:
        (root / "i01.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        result = outcome(lambda: _read(root / "i01.txt", Cast(("Åsa Lind",), ("Per Ek",))))
    if isinstance(result, Transcript):
        assert_accounted(result)
        assert result.source == normalise_line_ends(text.removeprefix("\ufeff"))[0]


# Word documents -----------------------------------------------------------------------------


def docx_bytes(paragraphs: list[str], rows: list[tuple[str, str]]) -> bytes:
    """A Word document: paragraphs, then a two-column table of (label, text) rows."""
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if rows:
        table = document.add_table(rows=len(rows), cols=2)
        for row, (label, text) in zip(table.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = label, text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def docx_files(draw: st.DrawFn) -> tuple[Cast, list[Spoken], list[float | None], bytes]:
    """Turns as paragraphs ('Label: text' or 'Label<TAB>text') or as the rows of a table."""
    cast, turns = draw(interviews(max_turns=5))
    if draw(st.booleans()):
        lines, times = draw(labelled_lines(turns, separators=":\t"))
        return cast, turns, times, docx_bytes(lines, [])
    header = draw(st.lists(text_line(exclude=":\t"), max_size=2))
    rows, times = [], []
    for turn in turns:
        label, time = turn.label, None
        if turn.seconds is not None and draw(st.booleans()):
            style = draw(st.integers(0, 2))
            label = f"{stamp(turn.seconds, style=style)} {turn.label}"
            time = stamp_seconds(turn.seconds, style=style)
        rows.append((label, "\n".join(turn.lines)))
        times.append(time)
    flat = [Spoken(t.label, t.kind, (" ".join(t.lines),), t.seconds) for t in turns]
    return cast, flat, times, docx_bytes(header, rows)


@budget(0.75)
@given(docx_files())
def test_prop_docx_parses_into_the_turns_it_was_written_with(generated: tuple) -> None:
    cast, turns, times, data = generated
    with folder() as root:
        (root / "i01.docx").write_bytes(data)
        transcript = _read(root / "i01.docx", cast)
    assert_turns(transcript, turns, times)


def _rezip(data: bytes, name: str, change: bytes | None) -> bytes:
    """The zip with one member replaced (None: removed)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info.filename))
            elif change is not None:
                archive.writestr(info, change)
    return target.getvalue()


DocxEdit = tuple[str, object]


@st.composite
def hostile_docx(draw: st.DrawFn) -> tuple[Cast, list[str], DocxEdit]:
    """A generated document's paragraphs after text edits, and an edit of its XML, of its
    zip members or of its bytes (applied by make_docx)."""
    cast, turns = draw(interviews(continuation="", max_turns=4))
    lines, _ = draw(labelled_lines(turns, separators=":\t"))
    lines = [xml_safe(line) for line in draw(mutated("\n".join(lines))).split("\n")]
    edit = draw(st.sampled_from(("none", "xml", "member", "bytes")))
    if edit == "xml":
        pieces = st.sampled_from(("<", ">", "&", "</w:p>", "<w:p>", '"', "\x00", "é", "<!--"))
        return cast, lines, ("xml", draw(text_edits(pieces)))
    if edit == "member":
        name = draw(st.sampled_from(("word/document.xml", "[Content_Types].xml", "_rels/.rels")))
        return cast, lines, ("member", (name, draw(st.none() | st.binary(max_size=64))))
    if edit == "bytes":
        return cast, lines, ("bytes", draw(byte_edits()))
    return cast, lines, ("none", None)


def make_docx(lines: list[str], edit: DocxEdit) -> bytes:
    data = docx_bytes(lines, [])
    what, change = edit
    if what == "xml":
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
        changed = edit_text(xml, change).encode("utf-8", "surrogatepass")  # type: ignore[arg-type]
        return _rezip(data, "word/document.xml", changed)
    if what == "member":
        name, content = change  # type: ignore[misc]
        return _rezip(data, name, content)
    if what == "bytes":
        return edit_bytes(data, change)  # type: ignore[arg-type]
    return data


@budget(1)
@given(hostile_docx())
# A document.xml that is empty or not XML: lxml's XMLSyntaxError escaped (now E106).
@example((PEOPLE, ["R: hi"], ("member", ("word/document.xml", b""))))
@example((PEOPLE, ["R: hi"], ("xml", [("insert", 40, "<")])))
# A damaged zip: OSError (an offset before the start) and zlib.error escaped (now E106).
@example((PEOPLE, ["R: hi"], ("bytes", [("cut", 0, b"\x00")])))
@example((PEOPLE, ["R: hi"], ("bytes", [("flip", 2000, b"\x07"), ("flip", 2100, b"\x07")])))
def test_prop_docx_any_input_is_accounted_for_or_refused(generated: tuple) -> None:
    cast, lines, edit = generated
    with folder() as root:
        (root / "i01.docx").write_bytes(make_docx(lines, edit))
        result = outcome(lambda: _read(root / "i01.docx", cast))
    if isinstance(result, Transcript):
        assert_accounted(result)
