import json
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from qualpipe.common.refi import CODEBOOK_SCHEMA, PROJECT_SCHEMA, code_guid, guid, user_guid
from qualpipe.qdpx.codebook import described_code_id
from qualpipe.qdpx.export import export_coder_project, export_qdpx
from qualpipe.qdpx.markup import check_valid
from qualpipe.qdpx.selections import check_positions, selection_guid
from qualpipe.qdpx.sources import source_guid

SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
CODEBOOK = """\
themes:
  - id: work
    label: Work
    description: How the work is organised.
    categories:
      - id: load
        label: Load
        codes:
          - id: workload
            label: Workload
            description: Too many cases for one official.
            keywords: [caseload]
          - id: performance_measures
            label: Performance measures
            description: Targets that steer the work.
            keywords: [target]
  - id: clients
    label: Clients
    categories:
      - id: meeting
        label: Meeting clients
        codes:
          - id: client_orientation
            label: Client orientation
            description: Meeting clients as people.
            keywords: [client]
"""
OFFICIAL = "Insurance official 1, office 3"
# (interview, person, wave, interviewer's turn, respondent's turn); 'å', 'é' and an emoji
# come before the coded segment, so that code points and UTF-8 bytes differ.
INTERVIEWS = [
    ("a1", "P1", "2013", "Välkommen, café 😀?", "Jå. The caseload is too high. The target too."),
    ("a2", "P1", "2014", "And now?", "The caseload is lower."),
    ("b1", "", "2014", "Clients?", "Every client is a person."),
]
SEGMENT_HEADER = (
    "segment_id,interview_id,turn,segment,start,end,speaker,role,group,site,wave,words,"
    "fingerprint,question,text\n"
)
SEGMENTS = {  # segment id -> (interview, text)
    "a1-t0001-s01": ("a1", "The caseload is too high."),
    "a1-t0001-s02": ("a1", "The target too."),
    "a2-t0001-s01": ("a2", "The caseload is lower."),
    "b1-t0001-s01": ("b1", "Every client is a person."),
}
SUGGESTIONS = (
    "segment_id,interview_id,code,category,theme,matches,terms,negated,sources\n"
    "a1-t0001-s01,a1,workload,load,work,1,caseload,false,keyword\n"
    "a1-t0001-s01,a1,performance_measures,load,work,1,target,true,keyword\n"
    "a1-t0001-s02,a1,performance_measures,load,work,1,target,false,keyword\n"
    "b1-t0001-s01,b1,client_orientation,meeting,clients,1,client,false,keyword\n"
)
FINAL = (
    "segment_id,interview_id,code,category,theme,coders,adjudicated,basis\n"
    "a1-t0001-s01,a1,workload,load,work,anna;ben,false,agreement\n"
    "a2-t0001-s01,a2,workload,load,work,anna,true,adjudication\n"
)
GROUPS = {"official": "officials"}


def _transcript(question: str, answer: str) -> str:
    return f"Interviewer 1: {question}\n\n{OFFICIAL}: {answer}\n"


def _document(interview: str, person: str, wave: str, question: str, answer: str) -> dict:
    attributes = {"interview_id": interview, "role": "official", "site": "office 3"}
    attributes |= {"wave": wave, "mode": "in_person"} | ({"person_id": person} if person else {})
    turns = [
        {"index": 0, "kind": "interviewer", "speaker": "Interviewer 1", "text": question},
        {"index": 1, "kind": "respondent", "speaker": OFFICIAL, "text": answer},
    ]
    return {"attributes": attributes, "interview_id": interview, "turns": turns}


def _segments(texts: dict[str, str]) -> str:
    rows = []
    for segment_id, (interview, text) in SEGMENTS.items():
        start = texts[interview].index(text)
        rows.append(
            f'{segment_id},{interview},1,1,{start},{start + len(text)},"{OFFICIAL}",official,'
            f"officials,office 3,2013,4,0123456789ab,,{text}\n"
        )
    return SEGMENT_HEADER + "".join(rows)


def _study(tmp_path: Path, *, final: bool = True, name: str = "Study") -> dict:
    folder = tmp_path / "results" / "anonymised"
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for interview, person, wave, question, answer in INTERVIEWS:
        texts[interview] = _transcript(question, answer)
        document = _document(interview, person, wave, question, answer)
        (folder / f"{interview}.json").write_text(json.dumps(document), encoding="utf-8")
        (folder / f"{interview}.txt").write_text(texts[interview], encoding="utf-8")
    files = {"seg.csv": _segments(texts), "sug.csv": SUGGESTIONS, "final.csv": FINAL}
    files["codebook.yaml"] = CODEBOOK
    for file_name, text in files.items():
        (tmp_path / file_name).write_text(text, encoding="utf-8")
    return {
        "documents": [str(folder / f"{i[0]}.json") for i in INTERVIEWS],
        "texts": [str(folder / f"{i[0]}.txt") for i in INTERVIEWS],
        "segments_path": str(tmp_path / "seg.csv"),
        "suggestions_path": str(tmp_path / "sug.csv"),
        "final_path": str(tmp_path / "final.csv") if final else "",
        "codebook_path": str(tmp_path / "codebook.yaml"),
        "schema_path": SCHEMA,
        "groups": GROUPS,
        "name": name,
        "qdpx_path": str(tmp_path / "qdpx" / "study.qdpx"),
        "qdc_path": str(tmp_path / "qdpx" / "study.qdc"),
    }


def _export(tmp_path: Path, **options: object) -> tuple[dict, etree._Element]:
    arguments = _study(tmp_path, **options)
    export_qdpx(**arguments)
    with zipfile.ZipFile(arguments["qdpx_path"]) as archive:
        return arguments, etree.fromstring(archive.read("project.qde"))


def test_qdpx_zip_holds_project_and_flat_sources_exactly(tmp_path: Path) -> None:
    arguments, _ = _export(tmp_path)
    with zipfile.ZipFile(arguments["qdpx_path"]) as archive:
        names = archive.namelist()
        source = archive.read(f"sources/{source_guid('a1')}.txt")
    expected = sorted(f"sources/{source_guid(i[0])}.txt" for i in INTERVIEWS)
    assert names == ["project.qde", *expected]
    assert source == Path(arguments["texts"][0]).read_bytes()


def test_qdpx_project_and_codebook_validate_against_the_refi_schemas(tmp_path: Path) -> None:
    arguments, project = _export(tmp_path)
    codebook = etree.parse(arguments["qdc_path"])
    assert etree.XMLSchema(etree.parse(str(PROJECT_SCHEMA))).validate(project)
    assert etree.XMLSchema(etree.parse(str(CODEBOOK_SCHEMA))).validate(codebook)
    assert (project.get("name"), project.get("origin")) == ("Study", "qualpipe")
    assert codebook.getroot().tag == "{urn:QDA-XML:codebook:1.0}CodeBook"


def test_qdpx_selections_are_the_segments_in_code_points(tmp_path: Path) -> None:
    arguments, project = _export(tmp_path)
    texts = {
        source_guid(Path(p).stem): Path(p).read_text(encoding="utf-8") for p in arguments["texts"]
    }
    selections = project.findall(".//q:PlainTextSelection", NS)
    for selection in selections:
        text = texts[selection.getparent().get("guid")]
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] == SEGMENTS[selection.get("name")][1]
    first = texts[source_guid("a1")]
    assert len(first.encode("utf-8")) > len(first)  # bytes would have cut elsewhere
    assert len(selections) == 5  # 3 by pipeline, 2 by consensus


def test_qdpx_guids_are_stable_across_runs_and_studies(tmp_path: Path) -> None:
    _, one = _export(tmp_path / "one", name="One")
    _, two = _export(tmp_path / "two", name="Two")
    guids = [code.get("guid") for code in one.iter("{*}Code")]
    assert guids == [code.get("guid") for code in two.iter("{*}Code")]
    assert code_guid("workload") in guids
    assert len(set(guids)) == len(guids) == 7
    # Pinned: a coder's project from any earlier export must still match.
    assert code_guid("workload") == "E703843A-79DA-5142-8C5D-1C07DC16A8B7"


def test_qdpx_codebook_nests_themes_categories_codes(tmp_path: Path) -> None:
    arguments, project = _export(tmp_path)
    path = "q:CodeBook/q:Codes/q:Code[@name='Work']/q:Code[@name='Load']/q:Code"
    codes = project.findall(path, NS)
    assert [c.get("name") for c in codes] == ["Workload", "Performance measures"]
    assert [c.get("isCodable") for c in codes] == ["true", "true"]
    assert project.find("q:CodeBook/q:Codes/q:Code", NS).get("isCodable") == "false"
    assert described_code_id(codes[0].findtext("q:Description", namespaces=NS)) == "workload"
    qdc = etree.parse(arguments["qdc_path"])
    assert qdc.find(path.replace("q:", "c:").removeprefix("c:CodeBook/"), NS) is not None


def test_qdpx_case_joins_a_persons_differing_values(tmp_path: Path) -> None:
    _, project = _export(tmp_path)
    case = project.find(f"q:Cases/q:Case[@guid='{guid('case', 'P1')}']", NS)
    values = {
        v.find("q:VariableRef", NS).get("targetGUID"): v.findtext("q:TextValue", namespaces=NS)
        for v in case.findall("q:VariableValue", NS)
    }
    assert case.get("name") == OFFICIAL
    assert values[guid("variable", "wave")] == "2013; 2014"
    assert values[guid("variable", "group")] == "officials"
    refs = [r.get("targetGUID") for r in case.findall("q:SourceRef", NS)]
    assert refs == [source_guid("a1"), source_guid("a2")]


def test_qdpx_interview_without_person_is_its_own_case(tmp_path: Path) -> None:
    _, project = _export(tmp_path)
    case = project.find(f"q:Cases/q:Case[@guid='{guid('case', 'b1')}']", NS)
    assert [r.get("targetGUID") for r in case.findall("q:SourceRef", NS)] == [source_guid("b1")]


@pytest.mark.parametrize(
    ("final", "users"), [(True, ["pipeline", "consensus"]), (False, ["pipeline"])]
)
def test_qdpx_consensus_user_only_with_final_codes(
    tmp_path: Path, final: bool, users: list[str]
) -> None:
    _, project = _export(tmp_path, final=final)
    assert [u.get("name") for u in project.findall("q:Users/q:User", NS)] == users
    creators = {s.get("creatingUser") for s in project.iter("{*}PlainTextSelection")}
    assert creators == {user_guid(user) for user in users}


def test_qdpx_consensus_selection_codes_and_guid(tmp_path: Path) -> None:
    _, project = _export(tmp_path)
    key = selection_guid("consensus", "a2-t0001-s01")
    selection = project.find(f".//q:PlainTextSelection[@guid='{key}']", NS)
    refs = [c.find("q:CodeRef", NS).get("targetGUID") for c in selection.findall("q:Coding", NS)]
    assert refs == [code_guid("workload")]
    assert selection.findtext("q:Description", namespaces=NS) == "workload: adjudication (anna)"


def test_qdpx_pipeline_selection_codes_every_suggestion_and_names_negation(tmp_path: Path) -> None:
    _, project = _export(tmp_path)
    key = selection_guid("pipeline", "a1-t0001-s01")
    selection = project.find(f".//q:PlainTextSelection[@guid='{key}']", NS)
    refs = [c.find("q:CodeRef", NS).get("targetGUID") for c in selection.findall("q:Coding", NS)]
    assert refs == [code_guid("workload"), code_guid("performance_measures")]
    assert selection.findtext("q:Description", namespaces=NS).splitlines() == [
        "workload (keyword): caseload",
        "performance_measures (keyword): target (negated)",
    ]


def _coder_project(tmp_path: Path, *, prefill: bool) -> tuple[Path, etree._Element]:
    arguments = _study(tmp_path)
    for key in ("final_path", "qdc_path"):
        del arguments[key]
    path = tmp_path / "sheets" / "anna" / "anna_project.qdpx"
    arguments |= {"coder": "anna", "prefill": prefill, "qdpx_path": str(path)}
    export_coder_project(**arguments)
    with zipfile.ZipFile(path) as archive:
        project = archive.read("project.qde")
    check_valid(project, schema_path=PROJECT_SCHEMA, what="project.qde")
    return path, etree.fromstring(project)


def test_qdpx_coder_project_without_prefill_holds_no_coding(tmp_path: Path) -> None:
    path, project = _coder_project(tmp_path, prefill=False)
    assert project.find("q:Users", NS) is None
    assert list(project.iter("{*}PlainTextSelection")) == []
    assert len(project.findall("q:Sources/q:TextSource", NS)) == len(INTERVIEWS)
    assert project.get("name") == "Study (anna)"
    assert "data/coding/anna/" in project.findtext("q:Description", namespaces=NS)
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
    assert names == sorted(
        ["project.qde", *(f"sources/{source_guid(i[0])}.txt" for i in INTERVIEWS)]
    )


def test_qdpx_coder_project_with_prefill_shows_the_suggestions_as_pipeline(
    tmp_path: Path,
) -> None:
    _, project = _coder_project(tmp_path, prefill=True)
    assert [u.get("name") for u in project.findall("q:Users/q:User", NS)] == ["pipeline"]
    creators = {s.get("creatingUser") for s in project.iter("{*}PlainTextSelection")}
    assert creators == {user_guid("pipeline")}
    names = sorted(s.get("name") for s in project.iter("{*}PlainTextSelection"))
    assert names == sorted({row.split(",")[0] for row in SUGGESTIONS.splitlines()[1:]})


def test_qdpx_export_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    arguments = _study(tmp_path)
    export_qdpx(**arguments)
    first = [Path(arguments[key]).read_bytes() for key in ("qdpx_path", "qdc_path")]
    export_qdpx(**arguments)
    assert [Path(arguments[key]).read_bytes() for key in ("qdpx_path", "qdc_path")] == first


def test_qdpx_zip_entries_have_fixed_dates(tmp_path: Path) -> None:
    arguments, _ = _export(tmp_path)
    with zipfile.ZipFile(arguments["qdpx_path"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_qdpx_check_valid_names_the_schema_line() -> None:
    broken = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n<Code guid="x"/></Codes></CodeBook>'
    )
    with pytest.raises(
        ValueError, match=r"study.qdc: line 3: .*'guid'.*against Codebook-mrt2019.xsd"
    ):
        check_valid(broken, schema_path=CODEBOOK_SCHEMA, what="study.qdc")


def test_qdpx_check_positions_rejects_a_selection_off_its_segment(tmp_path: Path) -> None:
    from qualpipe.qdpx.selections import Selection
    from qualpipe.qdpx.sources import Source

    source = Source("a1", "Hej då. Bra.", "P1", OFFICIAL, {})
    # 9 is where 'Bra.' starts in UTF-8 bytes; in code points it starts at 8.
    selection = Selection("pipeline", "a1-t0001-s02", "a1", 9, 13, ("workload",), "")
    with pytest.raises(ValueError, match="a1-t0001-s02"):
        check_positions([selection], {"a1": source}, {"a1-t0001-s02": {"text": "Bra."}})
