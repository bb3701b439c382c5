import json
import time
from pathlib import Path

import pytest
from conftest import INTEGRATION, long_textgrid
from docx import Document
from qualpipe.common.runner import logged_warnings, run_stage
from qualpipe.errors import PipelineError, PipelineErrors, WarningLog
from qualpipe.ingest.interview import ingest_batch, ingest_interview
from qualpipe.ingest.read import docx_text, read_transcript
from qualpipe.ingest.transcript import (
    Transcript,
    Turn,
    check_conservation,
    unaccounted_characters,
)

FIXTURES = sorted((INTEGRATION / "data" / "raw").iterdir())
PEOPLE = {
    "respondents": ["Åsa Lindqvist", "Jussi Mäkinen", "Leila Haddad-Berg"],
    "interviewers": ["Maria Ek"],
    "extra_labels": {"other": ["Unknown"]},
}


@pytest.mark.parametrize("path", FIXTURES, ids=[path.name for path in FIXTURES])
def test_ingest_conserves_every_character_of_every_fixture(path: Path) -> None:
    transcript, _ = read_transcript(path, **PEOPLE)
    assert unaccounted_characters(transcript) == []
    assert any(turn.kind == "respondent" for turn in transcript.turns)


def test_ingest_reads_windows_1252_with_windows_line_ends() -> None:
    transcript, source = read_transcript(INTEGRATION / "data/raw/t01_official_north.txt", **PEOPLE)
    assert (source["encoding"], source["line_ends"]) == ("cp1252", "windows")
    assert [t.speaker for t in transcript.turns if t.speaker == "Åsa"] == ["Åsa"]


def test_ingest_docx_reads_paragraphs_and_table_rows_in_order() -> None:
    transcript, _ = read_transcript(INTEGRATION / "data/raw/t02_manager_south.docx", **PEOPLE)
    assert [t.speaker for t in transcript.turns] == [
        "Interviewer",
        "Jussi",
        "I",
        "R",
        "Jussi Mäkinen",
    ]
    assert transcript.turns[1].text.endswith("\nThe statistics go to the region every Friday.")


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_ingest_docx_text_joins_paragraphs(tmp_path: Path) -> None:
    path = _docx(tmp_path / "a.docx", ["Title", "I: Hello", "R: Hi"])
    assert docx_text(path) == "Title\nI: Hello\nR: Hi"


def test_ingest_broken_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(PipelineError, match=r"\[E106\] .*\(\.docx\): not a readable Word"):
        read_transcript(path, **PEOPLE)


def test_ingest_empty_docx_is_an_error(tmp_path: Path) -> None:
    path = _docx(tmp_path / "empty.docx", ["", "  "])
    with pytest.raises(PipelineError, match=r"\[E103\] .*\(\.docx\): the file is empty"):
        read_transcript(path, **PEOPLE)


def test_ingest_transcript_without_respondent_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "only_i.txt"
    path.write_text("I: Hello?\nI: Is anyone there?\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"\[E109\] .*\(\.txt\): has speaker turns but none"):
        read_transcript(path, **PEOPLE)


def test_ingest_writes_document_without_names_in_attributes(study: Path) -> None:
    output = study / "private" / "t04.json"
    document = ingest_interview(
        transcript_path=str(study / "data/raw/t04_manager_north.srt"),
        participants_path=str(study / "data/participants.csv"),
        output_path=str(output),
        interview_id="t04",
    )
    assert json.loads(output.read_text(encoding="utf-8")) == document
    assert document["attributes"] == {
        "interview_id": "t04",
        "file": "t04_manager_north.srt",
        "role": "unit_manager",
        "site": "north",
        "wave": "2014",
        "date": "2014-09-02",
        "mode": "in_person",
        "person_id": "P3",
    }
    # Respondent: 15 + 10 + 17 words in two turns (three cues); interviewer: 8 + 8.
    assert document["counts"] == {
        "turns": 4,
        "respondent_turns": 2,
        "respondent_words": 42,
        "words": 58,
    }


def test_ingest_batch_writes_each_interview_as_ingest_interview_does(study: Path) -> None:
    raw = study / "data/raw"
    interviews = {
        "t03": [str(raw / "t03_official_north.vtt")],
        "t04": [str(raw / "t04_manager_north.srt")],
    }
    ingest_batch(
        interviews=interviews,
        participants_path=str(study / "data/participants.csv"),
        output_dir=str(study / "batch"),
    )
    assert sorted(p.name for p in (study / "batch").iterdir()) == ["t03.json", "t04.json"]
    assert (study / "batch").stat().st_mode & 0o077 == 0  # owner-only: the text holds names
    for interview, files in interviews.items():
        single = ingest_interview(
            transcript_path=files,
            participants_path=str(study / "data/participants.csv"),
            output_path=str(study / f"{interview}.json"),
            interview_id=interview,
        )
        written = (study / "batch" / f"{interview}.json").read_text(encoding="utf-8")
        assert json.loads(written) == single


def test_ingest_batch_names_every_bad_transcript_of_the_batch(study: Path) -> None:
    raw = study / "data/raw"
    for name in ("t03_official_north.vtt", "t04_manager_north.srt"):
        (raw / name).write_bytes(b"PK\x03\x04 not a transcript")
    with pytest.raises(PipelineErrors) as raised:
        ingest_batch(
            interviews={
                "t03": [str(raw / "t03_official_north.vtt")],
                "t04": [str(raw / "t04_manager_north.srt")],
            },
            participants_path=str(study / "data/participants.csv"),
            output_dir=str(study / "batch"),
        )
    assert [str(e)[:28] for e in raised.value.errors] == [
        "[E104] interview t03's trans",
        "[E104] interview t04's trans",
    ]


def test_ingest_batch_w101_is_one_line_for_its_non_utf8_transcripts(
    study: Path, capsys: pytest.CaptureFixture[str], root_logging: None
) -> None:
    """Issue 16: 77 W101 lines on the console in a 2,000-interview study."""
    raw = study / "data/raw"
    for name in ("t03_official_north.vtt", "t04_manager_north.srt"):
        text = (raw / name).read_text(encoding="utf-8").replace("Welcome.", "Välkommen.")
        (raw / name).write_bytes(text.encode("cp1252"))  # t01 is in cp1252 already
    log = study / "logs/ingest_batch/b1.log"
    run_stage(
        ingest_batch,
        log_path=str(log),
        interviews={
            "t01": [str(raw / "t01_official_north.txt")],
            "t03": [str(raw / "t03_official_north.vtt")],
            "t04": [str(raw / "t04_manager_north.srt")],
        },
        participants_path=str(study / "data/participants.csv"),
        output_dir=str(study / "batch"),
        extra_labels=PEOPLE["extra_labels"],
    )
    assert capsys.readouterr().err == ""
    summary = logged_warnings(study / "logs", since=time.time() - 60)
    assert summary[0] == (
        f"[W101] 3 times in {log}, each in its job's log; the first: interview t01's "
        "transcript (.txt): decoded as cp1252 (not UTF-8); save transcripts as UTF-8 to avoid "
        "surprises in other tools."
    )
    logged = log.read_text(encoding="utf-8")
    assert [f"[W101] interview {i}'s" in logged for i in ("t01", "t03", "t04")] == [True] * 3
    assert not [name for name in ("Åsa", "Lindqvist", "Leila") if name in "".join(summary)]


def test_ingest_output_is_byte_identical_on_rerun(study: Path) -> None:
    outputs = []
    for name in ("a.json", "b.json"):
        ingest_interview(
            transcript_path=str(study / "data/raw/t03_official_north.vtt"),
            participants_path=str(study / "data/participants.csv"),
            output_path=str(study / name),
            interview_id="t03",
        )
        outputs.append((study / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_ingest_conservation_check_names_the_first_lost_character() -> None:
    source = "I: Hello\nR: Hi there\n"
    transcript = Transcript(source=source)
    turn = Turn(speaker="I", kind="interviewer", line=1, spans=[(3, 8)], markup=[(0, 2)])
    transcript.turns.append(turn)
    with pytest.raises(PipelineError, match=r"\[E108\] t.txt: 9 non-blank .* line 2; ") as error:
        check_conservation(transcript, file="t.txt")
    assert "Hi there" not in str(error.value)  # transcript text may hold names


def test_ingest_warns_once_about_a_non_utf8_file() -> None:
    log = WarningLog()
    read_transcript(
        INTEGRATION / "data/raw/t01_official_north.txt", **PEOPLE, warnings=log, interview_id="t01"
    )
    assert log.emit() == [
        "[W101] interview t01's transcript (.txt): decoded as cp1252 (not UTF-8); "
        "save transcripts as UTF-8 to avoid surprises in other tools."
    ]


def test_ingest_warns_about_mojibake_and_cues_without_speaker(tmp_path: Path) -> None:
    path = tmp_path / "m.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Maria Ek>HÃ¤r?</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Åsa Lindqvist>Yes</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\nand more\n",
        encoding="utf-8",
    )
    log = WarningLog()
    transcript, _ = read_transcript(path, **PEOPLE, warnings=log)
    assert [line[:6] for line in log.emit()] == ["[W102]", "[W106]"]  # repaired, said where
    assert transcript.turns[0].text == "Här?"


def test_ingest_warns_about_mojibake_left_after_the_repair(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("I: Hej.\nR: Ω â€œ\n", encoding="utf-8")  # ftfy will not guess here
    log = WarningLog()
    read_transcript(path, **PEOPLE, warnings=log)
    assert [line[:6] for line in log.emit()] == ["[W103]"]


def test_ingest_document_is_owner_only(study: Path) -> None:
    ingest_interview(
        transcript_path=str(study / "data/raw/t04_manager_north.srt"),
        participants_path=str(study / "data/participants.csv"),
        output_path=str(study / "private" / "t04.json"),
        interview_id="t04",
    )
    assert (study / "private" / "t04.json").stat().st_mode & 0o777 == 0o600


def test_ingest_interview_in_two_text_files_keeps_both_in_order(tmp_path: Path) -> None:
    first = tmp_path / "part1.txt"
    first.write_text("Part one\n\nI: Shall we start?\nR: Yes.\n", encoding="utf-8")
    second = tmp_path / "part2.txt"
    second.write_text("Part two\n\nI: Welcome back.\nR: Thanks.\n", encoding="cp1252")
    transcript, source = read_transcript([first, second], **PEOPLE)
    assert [(t.speaker, t.text, t.part, t.line) for t in transcript.turns] == [
        ("I", "Shall we start?", 0, 3),
        ("R", "Yes.", 0, 4),
        ("I", "Welcome back.", 1, 3),
        ("R", "Thanks.", 1, 4),
    ]
    assert transcript.header_text == "Part one\nPart two"
    assert [part["start"] for part in source["parts"]] == [0, len(first.read_text()) + 1]
    assert unaccounted_characters(transcript) == []


# Each format that decodes bytes: the respondent's UTF-8 line in a Windows-1252 file, and the
# number of the one line with letters beyond ASCII in it.
MIXED = {
    ".txt": ("I: Hej Åsa.\n", "R: Mäkinen här.\n", 2),
    ".vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v I>Hej Åsa.</v>\n\n",
        "00:00:02.000 --> 00:00:03.000\n<v R>Mäkinen här.</v>\n",
        7,
    ),
    ".srt": (
        "1\n00:00:01,000 --> 00:00:02,000\nI: Hej Åsa.\n\n",
        "2\n00:00:02,000 --> 00:00:03,000\nR: Mäkinen här.\n",
        7,
    ),
}


@pytest.mark.parametrize("suffix", sorted(MIXED))
def test_ingest_reads_a_utf8_line_in_a_windows_1252_file_in_every_format(
    tmp_path: Path, suffix: str
) -> None:
    legacy, utf8, line = MIXED[suffix]
    path = tmp_path / f"m{suffix}"
    path.write_bytes(legacy.encode("cp1252") + utf8.encode())
    log = WarningLog()
    transcript, source = read_transcript(path, **PEOPLE, warnings=log)
    assert [t.text for t in transcript.turns] == ["Hej Åsa.", "Mäkinen här."]
    assert source["encoding"] == "cp1252"
    label = f"the transcript ({path.suffix})"
    assert f"[W105] {label}: mixes encodings: line(s) {line} decoded as utf-8" in log.emit()[1]


def test_ingest_reads_a_utf8_tier_in_a_windows_1252_textgrid(tmp_path: Path) -> None:
    tiers = [("I", [(0, 1, "Hej Åsa."), (1, 2, "")]), ("R", [(0, 1, ""), (1, 2, "#")])]
    legacy = long_textgrid(tiers).encode("cp1252")
    path = tmp_path / "m.TextGrid"
    path.write_bytes(legacy.replace(b'"#"', '"Mäkinen här."'.encode()))
    transcript, _ = read_transcript(path, **PEOPLE)
    assert [t.text for t in transcript.turns] == ["Hej Åsa.", "Mäkinen här."]


def test_ingest_repairs_mojibake_in_a_docx(tmp_path: Path) -> None:
    path = _docx(tmp_path / "m.docx", ["I: Hej.", "R: Jag heter JosÃ© och MÃ¤kinen."])
    log = WarningLog()
    transcript, _ = read_transcript(path, **PEOPLE, warnings=log)
    assert transcript.turns[1].text == "Jag heter José och Mäkinen."
    assert log.emit() == [
        "[W106] the transcript (.docx): line(s) 2 held text decoded with the wrong encoding "
        "once before (such "
        "as 'Ã¤' for 'ä'), now repaired; check those lines, and repair the file if a letter "
        "is still wrong."
    ]


# Limits (issue 14): zip bombs, and transcripts or turns far longer than an interview's.


def _probes() -> object:
    import sys

    sys.path.insert(0, str(INTEGRATION.parents[1] / "benchmarks"))
    import probes

    return probes


def test_ingest_docx_bomb_is_refused_in_seconds_before_unzipping(tmp_path: Path) -> None:
    path = _probes().docx_bomb(tmp_path / "bomb.docx", expanded_mb=401, level=1)
    assert path.stat().st_size < 4 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(PipelineError, match=r"\[E014\] .*\(\.docx\): expands to 401.\d MB"):
        read_transcript(path, **PEOPLE)
    assert time.monotonic() - started < 2


def test_ingest_docx_limit_comes_from_config(tmp_path: Path) -> None:
    path = INTEGRATION / "data/raw/t02_manager_south.docx"  # 0.8 MB unzipped
    with pytest.raises(PipelineError, match=r"\[E014\] .*\(\.docx\): expands to 0.8 MB .*0.5 MB"):
        read_transcript(path, **PEOPLE, limits={"zip_expanded_mb": 0.5})
    transcript, _ = read_transcript(path, **PEOPLE, limits={"zip_expanded_mb": 1})
    assert len(transcript.turns) == 5


def test_ingest_transcript_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("I: Hello?\nR: " + "word " * 300 + "\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"\[E120\] .*\(\.txt\): .*1,514 characters.*\(1,000\)"):
        read_transcript(path, **PEOPLE, limits={"transcript_chars": 1000})


def test_ingest_file_too_large_for_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(5 * 1000 * 4 + 4)  # sparse: no byte of it is ever read
    with pytest.raises(PipelineError, match=r"\[E120\] .*\(\.txt\): .* at least 5,001 characters"):
        read_transcript(path, **PEOPLE, limits={"transcript_chars": 5000})


def test_ingest_turn_over_the_limit_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("I: Hello?\nR: Fine.\nI: And?\nR: " + "x" * 120 + "\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"\[E121\] .*\(\.txt\): line 4: the turn .* 120 char"):
        read_transcript(path, **PEOPLE, limits={"turn_chars": 100})


def test_ingest_header_over_the_turn_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Title\n" + "y" * 150 + "\nI: Hello?\nR: Fine.\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"\[E121\] .*\(\.txt\): line 1: the header "):
        read_transcript(path, **PEOPLE, limits={"turn_chars": 100})


def test_ingest_turn_of_a_million_characters_is_refused_by_default(tmp_path: Path) -> None:
    path = _probes().long_turn(tmp_path / "t.txt", chars=1_000_001)
    with pytest.raises(PipelineError, match=r"\[E121\] .*line 2: .*1,000,001 .*\(200,000\)"):
        read_transcript(path, **PEOPLE)


def test_ingest_docx_with_a_10_mb_text_node_is_a_catalogued_error(tmp_path: Path) -> None:
    path = _probes().docx_huge_text(tmp_path / "node.docx")
    with pytest.raises(PipelineError, match=r"\[E122\] .*\(\.docx\): .* 10,000,000 char"):
        read_transcript(path, **PEOPLE)


def test_ingest_docx_with_damaged_xml_is_e106(tmp_path: Path) -> None:
    path = _probes().write_docx(tmp_path / "bad.docx", ["R: <unclosed"])
    with pytest.raises(PipelineError, match=r"\[E106\] .*\(\.docx\): .*damaged XML"):
        read_transcript(path, **PEOPLE)


def test_ingest_limits_default_to_the_schema() -> None:
    import yaml
    from qualpipe.ingest.read import input_limits

    schema = yaml.safe_load(
        (INTEGRATION.parents[1] / "workflow/schemas/config.schema.yaml").read_text()
    )
    defaults = {k: v["default"] for k, v in schema["properties"]["limits"]["properties"].items()}
    assert input_limits(defaults) == input_limits({}) == input_limits()


def test_ingest_interview_without_a_config_takes_the_schemas_defaults(tmp_path: Path) -> None:
    """Tests and benchmarks call ingest_interview without a config: the study language and the
    detection's confidence then come from the schema, never from a copy in the code."""
    import inspect

    from qualpipe.common.schema import config_defaults

    parameters = inspect.signature(ingest_interview).parameters
    assert parameters["study_language"].default is None
    assert parameters["min_confidence"].default is None
    assert config_defaults("study")["language"] == "en"
    assert config_defaults("study")["language_confidence"] == 0.8


def test_ingest_docx_over_the_character_limit_is_refused_before_python_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    path = _probes().write_docx(tmp_path / "long.docx", ["I: Hello?", "R: " + "word " * 300])
    monkeypatch.setattr(docx, "Document", None)  # python-docx never gets to build its tree
    with pytest.raises(PipelineError, match=r"\[E120\] .*\(\.docx\): .* more than 1,000 char"):
        read_transcript(path, **PEOPLE, limits={"transcript_chars": 1000})
