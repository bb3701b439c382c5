"""Properties of a REFI-QDA project a coder returns (.qdpx) as qualpipe.merge.projects reads it,
issue 14.

Our own export (qualpipe.qdpx.export), coded by the coder on any segments with any codes, reads back
segment for segment: the selections' codes, and 'nothing applies' on the rest of each coded
interview. A project whose XML was changed (attributes removed or set to other values,
positions out of range, unknown GUIDs, elements deleted or repeated, its sources' texts
changed) or whose zip was damaged is read or refused with a catalogued error; what it reads
is on the study's segments and codes only.

No zip bombs and no DTDs: their limits are qualpipe.merge.projects's own tests' part.
"""

from __future__ import annotations

import copy
import io
import uuid
import zipfile
from dataclasses import dataclass

from grids import CODEBOOK, CODES
from hostile import (
    HOSTILE_CHARACTERS,
    budget,
    byte_edits,
    edit_bytes,
    edit_text,
    folder,
    outcome,
    prose,
    text_edits,
    xml_safe,
)
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from qualpipe.common.records import Segment
from qualpipe.common.refi import PIPELINE_USER, XML_NAMESPACE, code_guid, user_guid
from qualpipe.merge.decisions import Imported
from qualpipe.merge.projects import ProjectTarget, read_project
from qualpipe.qdpx.project import project_xml, qdpx_bytes
from qualpipe.qdpx.selections import Selection
from qualpipe.qdpx.sources import Source, build_cases, source_guid
from qualpipe.segment.units import fingerprint

Q = f"{{{XML_NAMESPACE}}}"
CODER = str(uuid.UUID(int=1)).upper()  # the coder's user GUID, as a QDA program makes one
SENTENCE = prose(exclude="\x00", max_size=30).map(xml_safe).map(str.strip).filter(bool)
VALUES = dict.fromkeys(("role", "group", "site", "wave", "mode"), "")


@dataclass(frozen=True)
class Coded:
    """Interviews, their segments (respondent turns), and the coder's codes by segment."""

    transcripts: dict[str, str]
    segments: dict[str, Segment]
    codes: dict[str, tuple[str, ...]]  # the segments the coder coded

    def study(self) -> ProjectTarget:
        return ProjectTarget(CODEBOOK, self.segments, self.transcripts, 0.5)

    def expected(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """Every segment of each interview the coder coded: its codes, or nothing applies."""
        coded = {self.segments[s].interview_id for s in self.codes}
        return [
            (s.segment_id, self.codes.get(s.segment_id, ()), s.segment_id not in self.codes)
            for s in self.segments.values()
            if s.interview_id in coded
        ]


@st.composite
def coded(draw: st.DrawFn) -> Coded:
    """One or two interviews of questions and answers; the coder codes some answers."""
    transcripts, segments, codes = {}, {}, {}
    for interview in draw(st.sampled_from((["i1"], ["i1", "i2"], ["w1_off_n01"]))):
        text = draw(st.sampled_from(("", "Interview, 2014\n\n")))
        for turn in range(1, 2 * draw(st.integers(1, 3)) + 1, 2):
            text += f"I: {draw(SENTENCE)}\nR: "
            answer = draw(SENTENCE)
            segment_id = f"{interview}-t{turn + 1:04d}-s01"
            start = len(text)
            segments[segment_id] = Segment(segment_id, interview, fingerprint(answer), answer,
                                           start, start + len(answer))  # fmt: skip
            text += answer + draw(st.sampled_from(("\n", "\n\n")))
            chosen = draw(st.sets(st.sampled_from(CODES), max_size=2))
            if chosen:
                codes[segment_id] = tuple(c for c in CODES if c in chosen)
        transcripts[interview] = text
    return Coded(transcripts, segments, codes)


def project(generated: Coded) -> tuple[etree._Element, dict[str, bytes]]:
    """Our export with the pipeline's pre-codes, then the coder's codings added as a QDA
    program saves them: a PlainTextSelection per coded segment, one Coding per code."""
    sources = [Source(i, t, i, "R", VALUES) for i, t in generated.transcripts.items()]
    suggested = [
        Selection(PIPELINE_USER, s.segment_id, s.interview_id, s.start, s.end, (CODES[0],), "")
        for s in generated.segments.values()
    ]
    data = project_xml(name="study", codebook=CODEBOOK, sources=sources,
                       cases=build_cases(sources), selections=suggested)  # fmt: skip
    root = etree.fromstring(data)
    users = root.find(f"{Q}Users")
    etree.SubElement(users, f"{Q}User", guid=CODER, name="ana")
    for number, (segment_id, codes) in enumerate(generated.codes.items()):
        segment = generated.segments[segment_id]
        source = root.find(f"{Q}Sources/{Q}TextSource[@guid='{source_guid(segment.interview_id)}']")
        selection = etree.Element(f"{Q}PlainTextSelection", guid=str(uuid.UUID(int=100 + number)),
                                  startPosition=str(segment.start),
                                  endPosition=str(segment.end), creatingUser=CODER)  # fmt: skip
        for n, code in enumerate(codes):
            coding = etree.SubElement(selection, f"{Q}Coding", creatingUser=CODER,
                                      guid=str(uuid.UUID(int=1000 + 10 * number + n)))  # fmt: skip
            etree.SubElement(coding, f"{Q}CodeRef", targetGUID=code_guid(code))
        values = source.find(f"{Q}VariableValue")
        if values is None:
            source.append(selection)
        else:
            values.addprevious(selection)
    files = {
        f"sources/{source_guid(i)}.txt": t.encode("utf-8") for i, t in generated.transcripts.items()
    }
    return root, files


def zipped(root: etree._Element, files: dict[str, bytes]) -> bytes:
    """The project as the coder's QDA program exports it (our zip writer, sources added)."""
    buffer = io.BytesIO(qdpx_bytes(etree.tostring(root, encoding="utf-8"), []))
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def read(data: bytes, generated: Coded) -> Imported:
    with folder() as root:
        (root / "ana.qdpx").write_bytes(data)
        return read_project(str(root / "ana.qdpx"), generated.study())


@budget(1)
@given(coded())
def test_prop_qdpx_coded_project_reads_back_segment_for_segment(generated: Coded) -> None:
    imported = read(zipped(*project(generated)), generated)
    assert [(r.segment_id, r.codes, r.nothing) for r in imported.rows] == generated.expected()
    assert imported.review == [] and imported.warnings == []


# --- Projects changed in their XML ------------------------------------------------------

ATTRIBUTE_VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e3", "0x10", "١٢", "+5", " 7 ", "NaN", "Taguette 1.4"]),
    st.sampled_from([code_guid(c) for c in CODES] + [user_guid(PIPELINE_USER), CODER]),
    st.uuids().map(str),
    st.sampled_from(["internal://x.txt", "relative://../../etc/passwd", "file:///etc/passwd",
                     "internal://", "internal://../project.qde", "http://example.org/a"]),
    prose(max_size=12).map(xml_safe),
)  # fmt: skip


@st.composite
def changed_xml(draw: st.DrawFn, root: etree._Element) -> etree._Element:
    """A few elements with an attribute removed or set to another value (positions, GUIDs,
    paths, text), deleted, repeated, or with their text changed."""
    root = copy.deepcopy(root)
    for _ in range(draw(st.integers(1, 3))):
        elements = list(root.iter(etree.Element))
        element = draw(st.sampled_from(elements))
        what = draw(st.sampled_from(("remove", "set", "set", "delete", "repeat", "text")))
        if what == "remove" and element.attrib:
            del element.attrib[draw(st.sampled_from(sorted(element.attrib)))]
        elif what == "set":
            names = [*sorted(element.attrib), "startPosition", "endPosition", "plainTextPath"]
            element.set(draw(st.sampled_from(names)), draw(ATTRIBUTE_VALUES))
        elif what == "delete" and element is not root:
            element.getparent().remove(element)
        elif what == "repeat" and element is not root:
            element.addnext(copy.deepcopy(element))
        elif what == "text":
            element.text = xml_safe(draw(prose(max_size=20)))
    return root


@st.composite
def positions(draw: st.DrawFn, root: etree._Element) -> etree._Element:
    """The coder's selections at other positions: out of the text, reversed, empty, huge."""
    root = copy.deepcopy(root)
    for selection in root.iter(f"{Q}PlainTextSelection"):
        if draw(st.booleans()):
            start = draw(st.integers(-5, 400) | st.just(2**63))
            selection.set("startPosition", str(start))
            selection.set("endPosition", str(start + draw(st.integers(-3, 400))))
    return root


@budget(2)
@given(coded(), st.data())
def test_prop_qdpx_changed_project_is_read_or_refused(
    generated: Coded, data: st.DataObject
) -> None:
    root, files = project(generated)
    root = data.draw(st.one_of(changed_xml(root), positions(root)))
    result = outcome(lambda: read(zipped(root, files), generated))
    if isinstance(result, Imported):
        assert_on_the_study(result, generated)


def assert_on_the_study(imported: Imported, generated: Coded) -> None:
    """Rows only on the study's segments with its codes; review entries with its codes."""
    for row in imported.rows:
        assert generated.segments[row.segment_id].fingerprint == row.fingerprint
        assert set(row.codes) <= set(CODES) and row.nothing == (not row.codes)
    for row, problem in imported.review:
        assert set(row.codes) <= set(CODES) and problem


@st.composite
def changed_sources(draw: st.DrawFn, generated: Coded) -> dict[str, bytes]:
    """The sources' texts edited, in another encoding, cut, or missing."""
    _, files = project(generated)
    name = draw(st.sampled_from(sorted(files)))
    text = files[name].decode("utf-8")
    what = draw(st.sampled_from(("edit", "bytes", "encoding", "missing", "crlf")))
    if what == "edit":
        pieces = st.one_of(prose(max_size=4), st.sampled_from(list(HOSTILE_CHARACTERS)))
        files[name] = edit_text(text, draw(text_edits(pieces))).encode("utf-8", "surrogatepass")
    elif what == "bytes":
        files[name] = edit_bytes(files[name], draw(byte_edits()))
    elif what == "encoding":
        files[name] = text.encode(
            draw(st.sampled_from(("utf-16", "cp1252", "utf-8-sig"))), "replace"
        )
    elif what == "crlf":
        files[name] = text.replace("\n", "\r\n").encode("utf-8")
    else:
        del files[name]
    return files


@budget(1)
@given(coded(), st.data())
def test_prop_qdpx_changed_source_texts_are_read_or_refused(
    generated: Coded, data: st.DataObject
) -> None:
    root, _ = project(generated)
    files = data.draw(changed_sources(generated))
    result = outcome(lambda: read(zipped(root, files), generated))
    if isinstance(result, Imported):
        assert_on_the_study(result, generated)


# --- Damaged zips ------------------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn, generated: Coded) -> bytes:
    """The .qdpx with bytes flipped, cut or inserted (in its headers or its compressed data),
    members renamed or left out, a second project, or members stored uncompressed."""
    root, files = project(generated)
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    what = draw(st.sampled_from(("bytes", "members", "stored")))
    members = {"project.qde": qde, **files}
    if what == "members":
        for name in draw(st.sets(st.sampled_from(sorted(members)), max_size=2)):
            new = draw(st.sampled_from(("", "other.qde", "sub/project.qde", "PROJECT.QDE", "x")))
            content = members.pop(name)
            if new:
                members[new] = content
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if what == "stored" else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = buffer.getvalue()
    return draw(st.just(data) | st.builds(edit_bytes, st.just(data), byte_edits()))


@budget(1.5)
@given(coded(), st.data())
def test_prop_qdpx_damaged_zip_is_read_or_refused(generated: Coded, data: st.DataObject) -> None:
    result = outcome(lambda: read(data.draw(damaged(generated)), generated))
    if isinstance(result, Imported):
        assert_on_the_study(result, generated)
