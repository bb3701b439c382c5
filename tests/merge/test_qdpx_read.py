"""A coder returns a REFI-QDA project instead of a sheet: codes, users, sources, positions.

The projects are built by hand, following what each QDA program writes. No openly licensed
project exported by one of them was found: the one public project.qde seen (MAXQDA 24, in
github.com/bedingjd/paper_themes) carries no licence, so only its conventions are followed
here (origin 'MAXQDA 24 (Release ...)', parent codes with isCodable="true", sources as
plainTextPath="internal://<GUID>.txt", no PlainTextContent).
"""

from __future__ import annotations

import csv
import json
import logging
import time
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from qdpx.test_qdpx import CODEBOOK as EXPORT_CODEBOOK
from qdpx.test_qdpx import GROUPS, OFFICIAL, SEGMENT_HEADER
from qualpipe.codebook import load_codebook
from qualpipe.common.records import Segment, sheet_columns
from qualpipe.common.refi import code_guid, user_guid
from qualpipe.errors import PipelineError
from qualpipe.merge.consensus import consensus
from qualpipe.merge.decisions import Imported
from qualpipe.merge.projects import ProjectTarget, reached, read_project
from qualpipe.merge.qde import position_map
from qualpipe.merge.returned import import_sheets, read_segments
from qualpipe.qdpx.export import export_qdpx
from qualpipe.qdpx.selections import coding_guid, selection_guid
from qualpipe.segment.units import fingerprint

Q = "urn:QDA-XML:project:1.0"
CODEBOOK = ROOT / "tests" / "integration" / "data" / "codebook.yaml"
CODEBOOK_SCHEMA = ROOT / "workflow" / "schemas" / "codebook.schema.yaml"
# 'å' and an emoji in the interviewer's turn: code points and UTF-8 bytes differ after them.
TRANSCRIPTS = {
    "i1": (
        "I: How is the workload på kontoret? 🙂\n"
        "R: We had production quotas on the whiteboard. Nobody followed it up, though.\n"
        "I: And now?\n"
        "R: Mm, yes, I think so, more or less.\n"
    ),
    "i2": "I: Tell me about targets.\nR: The targets were too many and time was short.\n",
}
SEGMENT_TEXTS = [
    ("i1-t0002-s01", "i1", "We had production quotas on the whiteboard."),
    ("i1-t0002-s02", "i1", "Nobody followed it up, though."),
    ("i1-t0004-s01", "i1", "Mm, yes, I think so, more or less."),
    ("i2-t0002-s01", "i2", "The targets were too many and time was short."),
]
OFFSETS = {sid: TRANSCRIPTS[i].index(t) for sid, i, t in SEGMENT_TEXTS}
SEGMENTS = {
    sid: Segment(sid, i, fingerprint(t), t, OFFSETS[sid], OFFSETS[sid] + len(t))
    for sid, i, t in SEGMENT_TEXTS
}
S01, S02, T4, I2 = SEGMENTS
ANA, BEN = str(uuid.UUID(int=1)).upper(), str(uuid.UUID(int=2)).upper()
WORKLOAD, MEASURES = code_guid("workload"), code_guid("performance_measures")
FIRST = "We had production quotas on the whiteboard."
CLEAN = [(S01, ("workload", "performance_measures"), False), (S02, (), True), (T4, (), True)]
Selection = tuple[int, int, str, str]  # start, end, code GUID, user GUID ('' for none)


def _target() -> ProjectTarget:
    codebook = load_codebook(str(CODEBOOK), schema_path=str(CODEBOOK_SCHEMA))
    return ProjectTarget(codebook, SEGMENTS, TRANSCRIPTS, 0.5)


def _at(text: str, code: str, user: str = ANA, interview: str = "i1") -> Selection:
    """A coding by user of the text in our transcript, in code points."""
    start = TRANSCRIPTS[interview].index(text)
    return (start, start + len(text), code, user)


def _el(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{Q}}}{tag}", attributes)


def _source(name: str, selections: list[Selection], *, text: str = "", path: str = "") -> dict:
    """A text source: its text inline (PlainTextContent) or in a file (plainTextPath)."""
    return {"name": name, "selections": selections, "text": text, "path": path}


def _project(
    sources: list[dict],
    codes: list[tuple[str, str, str]],
    *,
    origin: str = "NVivo 14",
    users: dict[str, str] | None = None,
) -> etree._Element:
    """A .qde. codes: (GUID, name, description); a name starting with '/' is a code that is
    not codable, and the codes after it are its children."""
    root = etree.Element(f"{{{Q}}}Project", name="returned", origin=origin, nsmap={None: Q})
    listed = _el(root, "Users")
    for name, guid in (users or {"ana": ANA}).items():
        _el(listed, "User", guid=guid, name=name)
    parent = _el(_el(root, "CodeBook"), "Codes")
    for guid, name, description in codes:
        if name.startswith("/"):
            parent = _el(parent, "Code", guid=guid, name=name[1:], isCodable="false")
            continue
        _el(
            _el(parent, "Code", guid=guid, name=name, isCodable="true"), "Description"
        ).text = description
    listed = _el(root, "Sources")
    for source in sources:
        _text_source(listed, source)
    return root


def _text_source(parent: etree._Element, source: dict) -> None:
    guid = str(uuid.uuid5(uuid.NAMESPACE_URL, source["name"])).upper()
    node = _el(parent, "TextSource", guid=guid, name=source["name"])
    if source["path"]:
        node.set("plainTextPath", source["path"])
    else:
        _el(node, "PlainTextContent").text = source["text"]
    for n, (start, end, code, user) in enumerate(source["selections"]):
        selection = _el(node, "PlainTextSelection", guid=str(uuid.UUID(int=n + 100)).upper(),
                        startPosition=str(start), endPosition=str(end))  # fmt: skip
        coding = _el(selection, "Coding", guid=str(uuid.UUID(int=n + 900)).upper())
        if user:
            coding.set("creatingUser", user)
        _el(coding, "CodeRef", targetGUID=code)


def _qdpx(folder: Path, root: etree._Element, files: dict[str, bytes] | None = None,
          *, qde: str = "project.qde", name: str = "ana.qdpx") -> str:  # fmt: skip
    """The project zipped as a coder returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / name, "w") as archive:
        archive.writestr(qde, etree.tostring(root, xml_declaration=True, encoding="utf-8"))
        for member, data in (files or {}).items():
            archive.writestr(member, data)
    return str(folder / name)


def _ours(*ids: str) -> list[tuple[str, str, str]]:
    """Codebook codes as our export writes them: stable GUID, label, '[id: ...]' description."""
    codebook = load_codebook(str(CODEBOOK), schema_path=str(CODEBOOK_SCHEMA))
    return [(code_guid(c.id), c.label, f"[id: {c.id}] {c.description}")
            for c in codebook.codes if c.id in ids]  # fmt: skip


def _read(path: str) -> Imported:
    return read_project(path, _target())


def _decided(path: str) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(r.segment_id, r.codes, r.nothing) for r in _read(path).rows]


def _inline(*selections: Selection, interview: str = "i1") -> list[dict]:
    return [_source(interview, list(selections), text=TRANSCRIPTS[interview])]


def _clean_sources(user: str = ANA) -> list[dict]:
    """ana coded i1's first sentence twice; only pipeline and consensus coded i2."""
    i1 = [_at("We had production quotas", MEASURES, user), _at(FIRST, WORKLOAD, user)]
    i2 = [_at("The targets", WORKLOAD, user_guid("pipeline"), "i2"),
          _at("time was short", WORKLOAD, user_guid("consensus"), "i2")]  # fmt: skip
    return [
        _source("i1", i1, path="internal://I1.txt"),
        _source("i2", i2, path="internal://I2.txt"),
    ]


def _clean(folder: Path, *, user: str = ANA, name: str = "ana.qdpx") -> str:
    """The project as our export writes it (sources in sources/), coded by one coder."""
    files = {f"sources/{i.upper()}.txt": t.encode() for i, t in TRANSCRIPTS.items()}
    root = _project(_clean_sources(user), _ours("workload", "performance_measures"))
    return _qdpx(folder, root, files, name=name)


def test_qdpx_read_clean_project_codes_its_interview_and_ignores_our_users(
    tmp_path: Path,
) -> None:
    # i2 holds only the export's own codings (pipeline, consensus): not coded, no rows.
    assert _decided(_clean(tmp_path)) == CLEAN


def test_qdpx_read_codings_without_a_user_are_the_coders(tmp_path: Path) -> None:
    assert _decided(_clean(tmp_path, user="")) == CLEAN


def test_qdpx_read_coding_on_a_whole_source_codes_every_segment(tmp_path: Path) -> None:
    root = _project(_inline(interview="i2"), _ours("workload"))
    coding = _el(root.find(f".//{{{Q}}}TextSource"), "Coding", guid=str(uuid.UUID(int=7)))
    _el(coding, "CodeRef", targetGUID=WORKLOAD)
    assert _decided(_qdpx(tmp_path, root)) == [(I2, ("workload",), False)]


def test_qdpx_read_codings_on_a_picture_are_for_review(tmp_path: Path) -> None:
    root = _project([], _ours("workload"))
    picture = _el(root.find(f"{{{Q}}}Sources"), "PictureSource", guid=str(uuid.UUID(int=8)))
    picture.set("name", "office.jpg")
    _el(_el(picture, "Coding", guid=str(uuid.UUID(int=9))), "CodeRef", targetGUID=WORKLOAD)
    imported = _read(_qdpx(tmp_path, root))
    assert imported.rows == []
    assert [(r.codes, p) for r, p in imported.review] == [
        (
            ("workload",),
            "source 'office.jpg' is a PictureSource: only codings on text sources are read",
        )
    ]


def test_qdpx_read_atlas_ti_renamed_project_and_new_guids(tmp_path: Path) -> None:
    # ATLAS.ti renames the .qde in the zip and gives codes and users new GUIDs on every export:
    # codes are found by label (any case and spacing), id, or the '[id: ...]' of their
    # description; the pipeline user by its name.
    new = [str(uuid.uuid4()).upper() for _ in range(4)]
    codes = [(new[0], "  performance   MEASURES ", ""), (new[1], "workload", ""),
             (new[2], "Using MI well", "[id: mi_techniques] Open questions.")]  # fmt: skip
    sources = _inline(_at(FIRST, new[0]), _at(FIRST, new[1]), _at("Nobody", new[2]))
    sources += _inline(_at("The targets", new[1], new[3], "i2"), interview="i2")
    root = _project(sources, codes, origin="ATLAS.ti Windows 23.2.1",
                    users={"ana": ANA, "pipeline": new[3]})  # fmt: skip
    path = _qdpx(tmp_path, root, qde="Study Project 2024-05-01.qde")
    assert _decided(path) == [CLEAN[0], ("i1-t0002-s02", ("mi_techniques",), False), CLEAN[2]]


def test_qdpx_read_windows_line_ends_count_the_carriage_return(tmp_path: Path) -> None:
    # Three '\r' come before 'less.': read as code points of our text, the selection would
    # slip onto the next line and reach no segment.
    crlf = TRANSCRIPTS["i1"].replace("\n", "\r\n")
    start = crlf.index("less.")
    sources = [_source("i1", [(start, start + 5, WORKLOAD, ANA)], path="internal://I1.txt")]
    path = _qdpx(tmp_path, _project(sources, _ours("workload")), {"sources/I1.txt": crlf.encode()})
    imported = _read(path)
    assert [(r.segment_id, r.codes) for r in imported.rows][2] == (T4, ("workload",))
    assert imported.review == [] and imported.warnings == []


def test_qdpx_read_taguette_counts_utf8_bytes(tmp_path: Path) -> None:
    # 'å' (2 bytes) and '🙂' (4 bytes) come before the selection: bytes run 4 ahead, and read
    # as code points 'though.' would slip onto the next line.
    text = TRANSCRIPTS["i1"]
    start = len(text[: text.index("though.")].encode("utf-8"))
    sources = [_source("i1", [(start, start + 7, WORKLOAD, ANA)], text=text)]
    imported = _read(_qdpx(tmp_path, _project(sources, _ours("workload"), origin="Taguette 1.4.1")))
    assert [(r.segment_id, r.codes) for r in imported.rows][1] == (S02, ("workload",))
    assert imported.review == []


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("aå🙂b", "characters", [0, 1, 2, 3, 4]),
     ("aå🙂b", "bytes", [0, 1, 1, 2, 2, 2, 2, 3, 4]),
     ("a\r\nb", "characters", [0, 1, 1, 2, 3])],
)  # fmt: skip
def test_qdpx_read_position_map(text: str, unit: str, expected: list[int]) -> None:
    assert list(position_map(text, unit=unit)) == expected


def test_qdpx_read_qualcoder_style_with_categories_and_file_names(tmp_path: Path) -> None:
    # QualCoder: sources named after the imported file, their text in sources/<GUID>.txt,
    # categories as codes that are not codable, its own user name, codes by their label.
    new = [str(uuid.uuid4()).upper() for _ in range(3)]
    codes = [(new[0], "/Conditions of the role", ""), (new[1], "Workload", ""),
             (new[2], "Performance measures", "")]  # fmt: skip
    sources = [_source("i2.txt", [_at("too many", new[1], interview="i2")],
                       path=f"internal://{new[0]}.txt")]  # fmt: skip
    root = _project(sources, codes, origin="QualCoder 3.5", users={"default": ANA})
    path = _qdpx(tmp_path, root, {f"sources/{new[0]}.txt": TRANSCRIPTS["i2"].encode()})
    assert _decided(path) == [("i2-t0002-s01", ("workload",), False)]


def test_qdpx_read_bare_qde_with_sources_folder_maxqda_style(tmp_path: Path) -> None:
    # MAXQDA 24 names sources freely and keeps their text in sources/<GUID>.txt: the source
    # is found by its text.
    guid = "C5E4C960-5296-4FDE-8C63-DEABA4E17F92"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / f"{guid}.txt").write_text(TRANSCRIPTS["i2"], encoding="utf-8")
    coded = [_at("The targets were", MEASURES, interview="i2")]
    sources = [_source("Interview two", coded, path=f"internal://{guid}.txt")]
    root = _project(sources, _ours("performance_measures"), origin="MAXQDA 24 (Release 24.7.0)")
    (tmp_path / "ana.qde").write_bytes(etree.tostring(root, encoding="utf-8"))
    assert _decided(str(tmp_path / "ana.qde")) == [(I2, ("performance_measures",), False)]


def test_qdpx_read_changed_text_keeps_moves_or_lists_selections(tmp_path: Path) -> None:
    # The coder's copy has words the anonymised transcript no longer has: 'How is' is still in
    # place (and on the interviewer's turn), 'Nobody' moves 7 back, 'Mm, no' is gone.
    old = TRANSCRIPTS["i1"].replace("R: We", "R: Right. We").replace("Mm, yes", "Mm, no")
    spans = [(old.index(t), old.index(t) + len(t)) for t in ("How is", "Nobody", "Mm, no")]
    sources = [_source("i1", [(*span, WORKLOAD, ANA) for span in spans], text=old)]
    imported = _read(_qdpx(tmp_path, _project(sources, _ours("workload"))))
    assert [r.codes for r in imported.rows] == [(), ("workload",), ()]
    review = [(row.line, row.text, problem) for row, problem in imported.review]
    assert review[0][:2] == (3, "How is")
    gone = f"interview i1, {spans[2][0]}-{spans[2][1]}: the selected text is not in the transcript"
    assert review[1][:2] == (spans[2][0], "Mm, no") and review[1][2].startswith(gone)
    [(code, fields)] = imported.warnings
    assert (code, fields["position"]) == ("W504", TRANSCRIPTS["i1"].index("We had"))


def test_qdpx_read_selection_on_the_interviewers_question_is_for_review(tmp_path: Path) -> None:
    sources = _inline(_at("How is the workload", WORKLOAD))
    imported = _read(_qdpx(tmp_path, _project(sources, _ours("workload"))))
    assert [r.nothing for r in imported.rows] == [True, True, True]
    [(row, problem)] = imported.review
    assert (row.interview, row.codes) == ("i1", ("workload",))
    assert (
        problem == "interview i1, 3-22: the selection reaches no segment (an interviewer's turn?)"
    )


def test_qdpx_read_source_matching_no_interview_is_for_review(tmp_path: Path) -> None:
    sources = [_source("field notes", [(0, 5, WORKLOAD, ANA)], text="Notes from the office.")]
    imported = _read(_qdpx(tmp_path, _project(sources, _ours("workload"))))
    assert imported.rows == []
    assert [(r.text, r.codes) for r, _ in imported.review] == [("Notes", ("workload",))]
    assert [code for code, _ in imported.warnings] == ["W503"]


@pytest.mark.parametrize(
    ("overlap", "expected"),
    [(0.5, ["i1-t0002-s01"]), (0.9, []), (0.2, ["i1-t0002-s01", "i1-t0002-s02"])],
)
def test_qdpx_read_overlap_of_segment_or_selection(overlap: float, expected: list[str]) -> None:
    # 'on the whiteboard. Nobody' covers 18 of s01's 43 characters and 6 of s02's 30; of the
    # selection's 25, 72% lie in s01 and 24% in s02.
    start, end, _, _ = _at("on the whiteboard. Nobody", WORKLOAD)
    segments = [s for s in SEGMENTS.values() if s.interview_id == "i1"]
    assert [s.segment_id for s in reached(start, end, segments, overlap)] == expected


# Bad input: each case carries its catalogued code and names the file.


def test_qdpx_read_not_a_zip_is_e509(tmp_path: Path) -> None:
    (tmp_path / "ana.qdpx").write_text("coded in Word")
    with pytest.raises(PipelineError, match=r"\[E509\] .*ana\.qdpx: not a REFI-QDA.*not a zip"):
        _read(str(tmp_path / "ana.qdpx"))


@pytest.mark.parametrize(
    ("members", "problem"),
    [(["sources/x.txt", "old/project.qde"], "no .qde project file at its root"),
     (["a.qde", "b.qde"], r"2 \.qde project files at its root \(a\.qde, b\.qde\)")],
)  # fmt: skip
def test_qdpx_read_zip_needs_exactly_one_qde_e509(
    tmp_path: Path, members: list[str], problem: str
) -> None:
    with zipfile.ZipFile(tmp_path / "ana.qdpx", "w") as archive:
        for member in members:
            archive.writestr(member, "<Project/>")
    with pytest.raises(PipelineError, match=rf"\[E509\] .*ana\.qdpx: .*{problem}"):
        _read(str(tmp_path / "ana.qdpx"))


def test_qdpx_read_schema_failure_names_the_line_e510(tmp_path: Path) -> None:
    root = _project(_inline(_at(FIRST, WORKLOAD)), _ours("workload"))
    del root.find(f".//{{{Q}}}Code").attrib["isCodable"]
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "<Code " in s)
    (tmp_path / "ana.qde").write_text(text, encoding="utf-8")
    expected = rf"\[E510\] .*ana\.qde: line {line}: .*Code': The attribute 'isCodable' is required"
    with pytest.raises(PipelineError, match=expected):
        _read(str(tmp_path / "ana.qde"))


def test_qdpx_read_broken_xml_is_e510(tmp_path: Path) -> None:
    (tmp_path / "ana.qde").write_text('<?xml version="1.0"?>\n<Project name="x">\n<Users>\n')
    with pytest.raises(PipelineError, match=r"\[E510\] .*ana\.qde: line 4: the project does"):
        _read(str(tmp_path / "ana.qde"))


def test_qdpx_read_unknown_code_suggests_the_closest_id_e511(tmp_path: Path) -> None:
    guid = str(uuid.uuid4()).upper()
    path = _qdpx(tmp_path, _project(_inline(_at("Nobody", guid)), [(guid, "Work loads", "")]))
    expected = (
        rf"\[E511\] .*ana\.qdpx: .*'W…' \(10 characters\) \(GUID {guid}\).*did you mean 'workload'"
    )
    with pytest.raises(PipelineError, match=expected):
        _read(path)


def test_qdpx_read_coding_on_a_category_e512(tmp_path: Path) -> None:
    guid = code_guid("conditions")
    path = _qdpx(tmp_path, _project(_inline(_at("Nobody", guid)), [(guid, "Conditions", "")]))
    expected = (
        r"\[E512\] .*ana\.qdpx: 1 coding\(s\) use 'Conditions', a category of the codebook, "
        r"which is not codable; code those selections with one of its codes \(workload, "
        r"performance_measures\)"
    )
    with pytest.raises(PipelineError, match=expected):
        _read(path)


def test_qdpx_read_codings_by_two_coders_e513(tmp_path: Path) -> None:
    sources = _inline(_at(FIRST, WORKLOAD, ANA), _at("Nobody", WORKLOAD, BEN))
    root = _project(sources, _ours("workload"), users={"ana": ANA, "ben": BEN})
    expected = r"\[E513\] .*ana\.qdpx: holds codings by several users \(ana, ben\)"
    with pytest.raises(PipelineError, match=expected):
        _read(_qdpx(tmp_path, root))


def test_qdpx_read_selection_past_the_end_e514(tmp_path: Path) -> None:
    length = len(TRANSCRIPTS["i2"])
    sources = _inline((40, length + 5, WORKLOAD, ANA), interview="i2")
    path = _qdpx(tmp_path, _project(sources, _ours("workload")))
    expected = (
        rf"\[E514\] .*ana\.qdpx: source 'i2' \(interview i2\): the selection 40-{length + 5} "
        rf"does not fit in the text \({length} characters\)"
    )
    with pytest.raises(PipelineError, match=expected):
        _read(path)


def test_qdpx_read_source_text_missing_from_the_zip_e515(tmp_path: Path) -> None:
    path = _qdpx(tmp_path, _project(_clean_sources(), _ours("workload", "performance_measures")))
    expected = (
        r"\[E515\] .*ana\.qdpx: source 'i…' \(2 characters\): .*'i….txt' \(17 characters\) is "
        r"not in the project"
    )
    with pytest.raises(PipelineError, match=expected):
        _read(path)


# The key case: a study where one coder returned a sheet and the other a QDA project.


def _write_study(root: Path) -> dict[str, object]:
    """segments.csv and the anonymised transcripts, as the merge stage reads them."""
    (root / "anonymised").mkdir(parents=True)
    for interview, text in TRANSCRIPTS.items():
        (root / "anonymised" / f"{interview}.txt").write_text(text, encoding="utf-8")
    with (root / "segments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["segment_id", "interview_id", "start", "end", "fingerprint", "text"])
        for s in SEGMENTS.values():
            writer.writerow([s.segment_id, s.interview_id, s.start, s.end, s.fingerprint, s.text])
    paths = [str(root / "anonymised" / f"{i}.txt") for i in TRANSCRIPTS]
    return {"segments_path": str(root / "segments.csv"), "transcript_paths": paths}


def _sheet(
    folder: Path, decisions: dict[str, list[str]], segments: Iterable[Segment] | None = None
) -> None:
    """A returned sheet: every exported row (segments; SEGMENTS if None), codes or x filled in,
    the rest left blank."""
    folder.mkdir(parents=True)
    with (folder / "sheet.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=sheet_columns(2))
        writer.writeheader()
        for s in SEGMENTS.values() if segments is None else segments:
            codes = decisions.get(s.segment_id, [])
            marks = {f"code_{n}": code for n, code in enumerate(codes, 1) if code != "x"}
            nothing = "x" if codes == ["x"] else ""
            base = {"segment_id": s.segment_id, "text": s.text, "fingerprint": s.fingerprint}
            writer.writerow({**base, "nothing_applies": nothing, **marks})


def _merge(
    folder: Path, study: dict[str, object], coders: Sequence[str] = ("ana", "ben")
) -> list[tuple[str, ...]]:
    """decisions.csv of a merge of the coders' returned files: coder, segment, status, codes.

    study: segments_path, transcript_paths and, unless the integration codebook, codebook_path.
    """
    import_sheets(coding_dir=str(folder / "coding"), coders=list(coders),
                  schema_path=str(CODEBOOK_SCHEMA), decisions_path=str(folder / "d.csv"),
                  review_path=str(folder / "r.csv"), overlap=0.5,
                  **{"codebook_path": str(CODEBOOK), **study})  # fmt: skip
    with (folder / "d.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["coder"], r["segment_id"], r["status"], r["codes"]) for r in rows]


def test_qdpx_read_mixed_study_gives_the_decisions_of_two_sheets(tmp_path: Path) -> None:
    # ben's project (the clean one) holds the decisions of his sheet: i2 is not coded.
    study = _write_study(tmp_path)
    ana = {S01: ["workload"], S02: ["x"], T4: ["mi_techniques"]}
    ben = {S01: ["workload", "performance_measures"], S02: ["x"], T4: ["x"]}
    _sheet(tmp_path / "sheets" / "coding" / "ana", ana)
    _sheet(tmp_path / "sheets" / "coding" / "ben", ben)
    _sheet(tmp_path / "mixed" / "coding" / "ana", ana)
    _clean(tmp_path / "mixed" / "coding" / "ben", name="ben.qdpx")
    two_sheets = _merge(tmp_path / "sheets", study)
    assert _merge(tmp_path / "mixed", study) == two_sheets
    assert ("ben", "i2-t0002-s01", "not_coded", "") in two_sheets


def test_qdpx_read_unmatched_source_is_listed_and_warned_in_the_merge(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    study = _write_study(tmp_path)
    sources = [_source("notes", [(0, 6, WORKLOAD, ANA)], text="Office notes.")]
    _qdpx(tmp_path / "coding" / "ana", _project(sources, _ours("workload")))
    (tmp_path / "coding" / "ben").mkdir()
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        _merge(tmp_path, study)
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        review = list(csv.DictReader(handle))
    assert [(r["coder"], r["source"], r["segment_id"], r["codes"], r["text"]) for r in review] == [
        ("ana", "ana.qdpx", "", "workload", "Office")
    ]
    assert f"[W503] {tmp_path}/coding/ana/ana.qdpx: source 'n…' (5 characters)" in caplog.text
    assert "[W502]" in caplog.text


# Round trip (issue 8): our own export, coded by a coder in a QDA program, returned, merged.

QN = {"q": Q}
SPEAKERS = (("interviewer", "Interviewer 1"), ("respondent", OFFICIAL))
# interview -> (person, wave, turns); the interviewer's and the respondent's turns alternate.
# 'ä', 'é', an emoji and 'å' come before the segments; the fourth turn sits six line ends down,
# where positions that count '\r' run six ahead of code points.
ROUND = {
    "r1": ("P1", "2013", ["Välkommen, café 😀?", "Jå. The caseload is too high. The target too.",
                          "And clients?", "Clients wait long."]),
    "r2": ("P2", "2014", ["Och nu, é?", "The caseload is lower.", "Clients?",
                          "Every client is a person. We meet on Fridays."]),
    "r3": ("", "2014", ["Clients?", "Clients come first."]),
}  # fmt: skip
ROUND_SEGMENTS = {
    "r1-t0001-s01": "The caseload is too high.",
    "r1-t0001-s02": "The target too.",
    "r1-t0003-s01": "Clients wait long.",
    "r2-t0001-s01": "The caseload is lower.",
    "r2-t0003-s01": "Every client is a person.",
    "r2-t0003-s02": "We meet on Fridays.",
    "r3-t0001-s01": "Clients come first.",
}
ROUND_FILES = {
    "suggestions.csv": (
        "segment_id,interview_id,code,category,theme,matches,terms,negated,sources\n"
        "r1-t0001-s01,r1,workload,load,work,1,caseload,false,keyword\n"
        "r1-t0001-s01,r1,performance_measures,load,work,1,target,false,keyword\n"
        "r1-t0003-s01,r1,client_orientation,meeting,clients,1,client,false,keyword\n"
        "r3-t0001-s01,r3,client_orientation,meeting,clients,1,client,false,keyword\n"
    ),
    "codes_final.csv": (
        "segment_id,interview_id,code,category,theme,coders,adjudicated,basis\n"
        "r1-t0001-s01,r1,workload,load,work,ana;ben,false,agreement\n"
        "r3-t0001-s01,r3,client_orientation,meeting,clients,ben,false,single coder\n"
    ),
    "codebook.yaml": EXPORT_CODEBOOK,
}
Coding = tuple[str, str, tuple[str, ...]]  # interview, the text selected, its codes
ANA_CODINGS: list[Coding] = [
    ("r1", "The caseload is too high.", ("workload",)),  # exactly a segment
    ("r1", "The caseload is too high. The target too.", ("performance_measures",)),  # two
    ("r1", "And clients?", ("client_orientation",)),  # the interviewer's question
    ("r1", "Clients wait long.", ("client_orientation",)),
    ("r2", "The caseload is lower.", ("workload", "performance_measures")),
    # A phrase inside a segment: six places further on (the '\r' counted) it reaches the next.
    ("r2", "person.", ("client_orientation",)),
]
ANA_DECISIONS = [
    ("ana", "r1-t0001-s01", "coded", "workload;performance_measures"),
    ("ana", "r1-t0001-s02", "coded", "performance_measures"),
    ("ana", "r1-t0003-s01", "coded", "client_orientation"),
    ("ana", "r2-t0001-s01", "coded", "workload;performance_measures"),
    ("ana", "r2-t0003-s01", "coded", "client_orientation"),
    ("ana", "r2-t0003-s02", "nothing_applies", ""),  # in an interview she coded, left uncoded
    ("ana", "r3-t0001-s01", "not_coded", ""),  # holds only the pipeline's and consensus codings
]
# Sheets of the mixed study: each coder codes every segment of the interviews they coded.
ANA_SHEET = {"r1-t0001-s01": ["workload", "performance_measures"], "r1-t0001-s02": ["x"],
             "r1-t0003-s01": ["x"], "r3-t0001-s01": ["client_orientation"]}  # fmt: skip
BEN_SHEET = {"r1-t0001-s01": ["workload"], "r1-t0001-s02": ["x"],
             "r1-t0003-s01": ["client_orientation"], "r2-t0001-s01": ["workload"],
             "r2-t0003-s01": ["x"], "r2-t0003-s02": ["performance_measures"]}  # fmt: skip


def _round_transcript(turns: Sequence[str]) -> str:
    return "\n\n".join(f"{SPEAKERS[n % 2][1]}: {text}" for n, text in enumerate(turns)) + "\n"


def _round_document(interview: str, person: str, wave: str, turns: Sequence[str]) -> dict:
    attributes = {"interview_id": interview, "role": "official", "site": "office 3", "wave": wave}
    attributes |= {"person_id": person} if person else {}
    listed = [{"index": n, "kind": SPEAKERS[n % 2][0], "speaker": SPEAKERS[n % 2][1], "text": text}
              for n, text in enumerate(turns)]  # fmt: skip
    return {"attributes": attributes, "interview_id": interview, "turns": listed}


def _round_segments(path: Path, texts: dict[str, str]) -> None:
    """segments.csv as the segment stage writes it: code-point offsets into the transcripts."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SEGMENT_HEADER.strip().split(","))
        writer.writeheader()
        for segment_id, text in ROUND_SEGMENTS.items():
            interview, turn, segment = segment_id.split("-")
            _, wave, turns = ROUND[interview]
            start = texts[interview].index(text)
            writer.writerow({"segment_id": segment_id, "interview_id": interview,
                "turn": int(turn[1:]), "segment": int(segment[1:]), "start": start,
                "end": start + len(text), "speaker": OFFICIAL, "role": "official",
                "group": "officials", "site": "office 3", "wave": wave,
                "words": len(text.split()), "fingerprint": fingerprint(text),
                "question": turns[int(turn[1:]) - 1], "text": text})  # fmt: skip


def _export_round(root: Path) -> dict[str, object]:
    """The ROUND study exported by export_qdpx, with pre-codes and consensus codes; RETURNS
    its arguments."""
    folder = root / "results" / "anonymised"
    folder.mkdir(parents=True)
    texts = {interview: _round_transcript(turns) for interview, (_, _, turns) in ROUND.items()}
    for interview, (person, wave, turns) in ROUND.items():
        document = _round_document(interview, person, wave, turns)
        (folder / f"{interview}.json").write_text(json.dumps(document), encoding="utf-8")
        (folder / f"{interview}.txt").write_text(texts[interview], encoding="utf-8")
    _round_segments(root / "segments.csv", texts)
    for name, text in ROUND_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    arguments = {
        "documents": [str(folder / f"{i}.json") for i in ROUND],
        "texts": [str(folder / f"{i}.txt") for i in ROUND],
        "segments_path": str(root / "segments.csv"),
        "suggestions_path": str(root / "suggestions.csv"),
        "final_path": str(root / "codes_final.csv"),
        "codebook_path": str(root / "codebook.yaml"),
        "schema_path": str(CODEBOOK_SCHEMA),
        "groups": GROUPS,
        "name": "Round trip",
        "qdpx_path": str(root / "results" / "qdpx" / "study.qdpx"),
        "qdc_path": str(root / "results" / "qdpx" / "study.qdc"),
    }
    export_qdpx(**arguments)
    return arguments


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One export for all round-trip tests: they only read it."""
    return _export_round(tmp_path_factory.mktemp("export"))


def _inputs(exported: dict[str, object]) -> dict[str, object]:
    """What the merge reads of the exported study."""
    return {"segments_path": exported["segments_path"], "transcript_paths": exported["texts"],
            "codebook_path": exported["codebook_path"]}  # fmt: skip


def _new() -> str:
    return str(uuid.uuid4()).upper()


def _open_export(path: object) -> tuple[etree._Element, dict[str, bytes]]:
    """The exported project.qde's root and the zip's other members (sources/<GUID>.txt)."""
    with zipfile.ZipFile(str(path)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return etree.fromstring(files.pop("project.qde")), files


def _text_of(source: etree._Element, files: dict[str, bytes]) -> str:
    return files[source.get("plainTextPath").replace("internal://", "sources/")].decode("utf-8")


def _code_as(
    root: etree._Element, files: dict[str, bytes], name: str, codings: Sequence[Coding]
) -> None:
    """The coder at work in a QDA program: a new user, and per coding a selection of the text's
    first occurrence in its interview, with one Coding per code."""
    user = _new()
    _el(root.find("q:Users", QN), "User", guid=user, name=name)
    for interview, text, codes in codings:
        source = root.find(f"q:Sources/q:TextSource[@name='{interview}']", QN)
        start = _text_of(source, files).index(text)
        selection = etree.Element(f"{{{Q}}}PlainTextSelection", guid=_new(),
                                  startPosition=str(start), endPosition=str(start + len(text)),
                                  creatingUser=user)  # fmt: skip
        for code in codes:
            _el(_el(selection, "Coding", guid=_new(), creatingUser=user), "CodeRef",
                targetGUID=code_guid(code))  # fmt: skip
        source.insert(_after_selections(source), selection)


def _after_selections(source: etree._Element) -> int:
    """Where a new selection goes: the schema puts a source's own codings and values after."""
    kept = {f"{{{Q}}}{tag}" for tag in ("Description", "PlainTextContent", "PlainTextSelection")}
    return next((n for n, child in enumerate(source) if child.tag not in kept), len(source))


def _uncode(root: etree._Element, segment: str, code: str) -> None:
    """The coder deletes one of the pipeline's pre-codes."""
    key, coding = selection_guid("pipeline", segment), coding_guid("pipeline", segment, code)
    selection = root.find(f".//q:PlainTextSelection[@guid='{key}']", QN)
    selection.remove(selection.find(f"q:Coding[@guid='{coding}']", QN))


def _new_source_guids(root: etree._Element, files: dict[str, bytes]) -> dict[str, bytes]:
    """ATLAS.ti gives every source a new GUID, and so a new file in sources/."""
    renamed = {}
    for source in root.iterfind("q:Sources/q:TextSource", QN):
        old, new = source.get("guid"), _new()
        renamed[f"sources/{new}.txt"] = files[f"sources/{old}.txt"]
        source.set("guid", new)
        source.set("plainTextPath", f"internal://{new}.txt")
        for reference in root.iterfind(f".//q:SourceRef[@targetGUID='{old}']", QN):
            reference.set("targetGUID", new)
    return renamed


def _crlf(root: etree._Element, files: dict[str, bytes]) -> dict[str, bytes]:
    """A Windows tool saves the sources with CR LF line ends; its positions count the '\\r'."""
    for source in root.iterfind("q:Sources/q:TextSource", QN):
        text = _text_of(source, files)
        for selection in source.iterfind("q:PlainTextSelection", QN):
            for key in ("startPosition", "endPosition"):
                position = int(selection.get(key))
                selection.set(key, str(position + text.count("\n", 0, position)))
    return {member: data.replace(b"\n", b"\r\n") for member, data in files.items()}


def _save(
    root: etree._Element, files: dict[str, bytes], folder: Path, *, tool: str, name: str
) -> str:
    """The coded project as the tool zips it: 'refi' as exported; 'atlas.ti' with the .qde
    renamed and new source GUIDs; 'windows' with CR LF line ends."""
    if tool == "atlas.ti":
        return _qdpx(folder, root, _new_source_guids(root, files), qde="Ana project.qde", name=name)
    return _qdpx(folder, root, _crlf(root, files) if tool == "windows" else files, name=name)


def _review(folder: Path) -> list[tuple[str, ...]]:
    with (folder / "r.csv").open(encoding="utf-8") as handle:
        return [tuple(row.values()) for row in csv.DictReader(handle)]


@pytest.mark.parametrize("tool", ["refi", "atlas.ti", "windows"])
def test_qdpx_read_round_trip_gives_exactly_the_coders_codings(
    tmp_path: Path, exported: dict[str, object], tool: str
) -> None:
    root, files = _open_export(exported["qdpx_path"])
    _code_as(root, files, "Ana", ANA_CODINGS)
    _uncode(root, "r1-t0001-s01", "performance_measures")
    _save(root, files, tmp_path / "coding" / "ana", tool=tool, name="ana.qdpx")
    assert _merge(tmp_path, _inputs(exported), coders=["ana"]) == ANA_DECISIONS
    start = _round_transcript(ROUND["r1"][2]).index("And clients?")
    problem = f"interview r1, {start}-{start + 12}: the selection reaches no segment"
    problem += " (an interviewer's turn?)"
    where = ("ana", "ana.qdpx", str(start), "", "r1")
    assert _review(tmp_path) == [(*where, problem, "client_orientation", "And clients?")]


def test_qdpx_read_our_export_returned_unchanged_codes_nothing(
    tmp_path: Path, exported: dict[str, object]
) -> None:
    root, _ = _open_export(exported["qdpx_path"])
    users = {coding.get("creatingUser") for coding in root.iter(f"{{{Q}}}Coding")}
    assert users == {user_guid("pipeline"), user_guid("consensus")}
    (tmp_path / "coding" / "ana").mkdir(parents=True)
    (tmp_path / "coding" / "ana" / "ana.qdpx").write_bytes(Path(exported["qdpx_path"]).read_bytes())
    decisions = _merge(tmp_path, _inputs(exported), coders=["ana"])
    assert decisions == [("ana", segment, "not_coded", "") for segment in ROUND_SEGMENTS]
    assert _review(tmp_path) == []


def _consensus(folder: Path, exported: dict[str, object]) -> bytes:
    """codes_final.csv of the consensus stage on folder/d.csv, disagreements by union."""
    outputs = {n: str(folder / f"{n}.csv") for n in ("final", "consensus", "disagreements_csv")}
    consensus(decisions_path=str(folder / "d.csv"), adjudication_path=str(folder / "none.csv"),
              codebook_path=exported["codebook_path"], schema_path=str(CODEBOOK_SCHEMA),
              segments_path=exported["segments_path"], rule="union", coders=["ana", "ben"],
              outputs={**outputs, "disagreements": str(folder / "disagreements.xlsx")})  # fmt: skip
    return Path(outputs["final"]).read_bytes()


def test_qdpx_read_mixed_study_gives_the_decisions_and_final_codes_of_two_sheets(
    tmp_path: Path, exported: dict[str, object]
) -> None:
    segments = read_segments(exported["segments_path"]).values()
    for study in ("sheets", "mixed"):
        _sheet(tmp_path / study / "coding" / "ana", ANA_SHEET, segments)
    _sheet(tmp_path / "sheets" / "coding" / "ben", BEN_SHEET, segments)
    root, files = _open_export(exported["qdpx_path"])
    ben = [
        (s.split("-")[0], ROUND_SEGMENTS[s], tuple(c)) for s, c in BEN_SHEET.items() if c != ["x"]
    ]
    _code_as(root, files, "Ben", ben)
    _save(root, files, tmp_path / "mixed" / "coding" / "ben", tool="refi", name="ben.qdpx")
    sheets, mixed = (_merge(tmp_path / study, _inputs(exported)) for study in ("sheets", "mixed"))
    assert mixed == sheets
    assert ("ben", "r2-t0003-s01", "nothing_applies", "") in sheets
    final = _consensus(tmp_path / "sheets", exported)
    assert _consensus(tmp_path / "mixed", exported) == final
    rows = csv.DictReader(final.decode("utf-8").splitlines())
    assert [(r["segment_id"], r["code"], r["coders"], r["basis"]) for r in rows] == [
        ("r1-t0001-s01", "workload", "ana;ben", "agreement"),
        ("r1-t0001-s01", "performance_measures", "ana", "union"),
        ("r1-t0003-s01", "client_orientation", "ben", "union"),
        ("r2-t0001-s01", "workload", "ben", "single coder"),
        ("r2-t0003-s02", "performance_measures", "ben", "single coder"),
        ("r3-t0001-s01", "client_orientation", "ana", "single coder"),
    ]


# Issue 14: what the property-based tests (tests/properties/test_prop_qdpx.py) found.
def _damaged(path: str, member: str, how: str) -> str:
    """The project deflated again, then one member damaged in its data or its directory
    entry: reading it raised zlib.error, RuntimeError, NotImplementedError (or OSError)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    data = bytearray(Path(path).read_bytes())
    entry = data.index(b"PK\x01\x02")
    while not data[entry + 46 :].startswith(member.encode()):
        entry = data.index(b"PK\x01\x02", entry + 1)
    if how == "data":
        local = int.from_bytes(data[entry + 42 : entry + 46], "little")
        start = local + 30 + len(member)
        data[start : start + 8] = b"\xff" * 8  # no valid deflate block
    elif how == "encrypted":
        data[entry + 8] |= 1
    else:  # a compression method no zip reader knows
        data[entry + 10] = 99
    Path(path).write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["data", "encrypted", "method"])
@pytest.mark.parametrize("member", ["project.qde", "sources/I1.txt"])
def test_qdpx_read_damaged_member_is_e509(tmp_path: Path, member: str, how: str) -> None:
    path = _damaged(_clean(tmp_path), member, how)
    with pytest.raises(
        PipelineError, match=r"\[E509\] .*ana\.qdpx: not a REFI-QDA project: a damaged"
    ):
        _read(path)


def test_qdpx_read_directory_past_its_place_is_e509(tmp_path: Path) -> None:
    """The end record says the directory starts 8 bytes later than it does: the first member's
    offset turns negative, and seeking there raised OSError."""
    path = _clean(tmp_path)
    data = bytearray(Path(path).read_bytes())
    end = data.rindex(b"PK\x05\x06") + 16
    data[end : end + 4] = (int.from_bytes(data[end : end + 4], "little") + 8).to_bytes(4, "little")
    Path(path).write_bytes(bytes(data))
    with pytest.raises(PipelineError, match=r"\[E509\] .*a damaged zip \(\[Errno 22\]"):
        _read(path)


# Hostile projects (issue 14): zip bombs and DTDs are catalogued errors, never tracebacks.


def _probes() -> object:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import probes

    return probes


def test_qdpx_read_bomb_is_refused_in_seconds_before_unzipping(tmp_path: Path) -> None:
    path = _probes().qdpx_bomb(tmp_path / "ana.qdpx", source_mb=600, level=1)
    started = time.monotonic()
    with pytest.raises(PipelineError, match=r"\[E014\] .*ana\.qdpx: expands to 600.\d MB"):
        _read(str(path))
    assert time.monotonic() - started < 2


def test_qdpx_read_source_larger_than_its_header_says_is_e509(tmp_path: Path) -> None:
    import struct

    path = _probes().qdpx_bomb(tmp_path / "ana.qdpx", source_mb=20, level=1)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the source's entry, after project.qde's
    data[entry + 24 : entry + 28] = struct.pack("<I", 1000)  # declares 1000 bytes
    path.write_bytes(bytes(data))
    with pytest.raises(PipelineError, match=r"\[E509\] .*ana\.qdpx: .*damaged zip.*CRC"):
        _read(str(path))


def test_qdpx_read_external_dtd_is_e516(tmp_path: Path) -> None:
    path = _probes().qdpx_external_dtd(tmp_path / "ana.qdpx")
    expected = r"\[E516\] .*ana\.qdpx: line 2: .*external DTD \('http://example.com/refi.dtd'\)"
    with pytest.raises(PipelineError, match=expected):
        _read(str(path))


def test_qdpx_read_entity_declarations_are_e516(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE Project [<!ENTITY ext SYSTEM "file:///etc/hostname">]>\n'
    (tmp_path / "ana.qde").write_bytes(
        _probes().project_xml(source="", doctype=doctype, text="&ext; hello")
    )
    with pytest.raises(PipelineError, match=r"\[E516\] .*ana\.qde: line 2: .*entities"):
        _read(str(tmp_path / "ana.qde"))
