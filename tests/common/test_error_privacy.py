"""No message quotes a name (issue 14): a participant's name planted in every field that can
reach a message, through the public functions, never appears in it; and every placeholder of
the catalogue has been reviewed for what it can carry."""

import csv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.common.config import check_config
from qualpipe.common.records import Segment, sheet_columns
from qualpipe.common.study import check_anonymisation_file, load_participants
from qualpipe.errors import REVIEWED, SAFE_FIELDS, Errors, PipelineError, WarningLog, Warnings
from qualpipe.errors.messages import _placeholders as placeholders
from qualpipe.ingest.interview import ingest_interview
from qualpipe.merge.consensus import read_adjudication
from qualpipe.merge.returned import import_coder
from qualpipe.scaffold.design import design_errors
from qualpipe.segment.units import fingerprint

NAME = "Annika Sjöberg"
FILE = "Annika_Sjoberg"
PARTS = ("Annika", "Anika", "Sjöberg", "Sjoberg")
HEADER = "interview_id,file,participant,role,site,wave,date,mode,interviewer\n"
GOOD = f"a1,a1.txt,{NAME},official,north,2013,2013-05-14,in_person,Maria Ek\n"
CATALOGUE = [
    (code, field)
    for kind in (Errors, Warnings)
    for code, template in vars(kind).items()
    if code[0] in "EW" and code[1:].isdigit()
    for field in sorted(placeholders(template))
]


def _clean(message: str) -> None:
    found = [part for part in PARTS if part.lower() in message.lower()]
    assert not found, f"{found} in: {message}"


def _message(call, *args, **kwargs) -> str:
    with pytest.raises(PipelineError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(("code", "field"), CATALOGUE, ids=[f"{c}-{f}" for c, f in CATALOGUE])
def test_privacy_every_placeholder_is_reviewed(code: str, field: str) -> None:
    # A new message's {value}-style field must say here why it can carry no name.
    assert field in SAFE_FIELDS or (code, field) in REVIEWED, f"review {code} {{{field}}}"


def test_privacy_reviews_only_placeholders_that_exist() -> None:
    assert set(REVIEWED) - set(CATALOGUE) == set()


def _participants(tmp_path: Path, row: str, files: tuple[str, ...] = ("a1.txt",)) -> str:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name in files:
        (raw / name).write_text("I: Hi\nR: Hello\n", encoding="utf-8")
    sheet = tmp_path / "participants.csv"
    sheet.write_text(HEADER + row, encoding="utf-8")
    return _message(
        load_participants,
        sheet,
        raw_dir=raw,
        roles=["official"],
        waves=["2013"],
        sites=["north"],
    )


@pytest.mark.parametrize(
    ("row", "files", "code"),
    [(GOOD.replace(",official,", f",{NAME},"), ("a1.txt",), "E001"),
     (GOOD.replace(",north,", f",{NAME},"), ("a1.txt",), "E001"),
     (GOOD.replace("2013-05-14", NAME), ("a1.txt",), "E001"),
     (GOOD.replace(",in_person,", f",{NAME},"), ("a1.txt",), "E001"),
     (GOOD.replace("a1.txt", f"{FILE}.txt"), ("a1.txt",), "E004"),
     (GOOD.replace("a1.txt", f"/home/{FILE}.txt"), ("a1.txt",), "E005"),
     (GOOD, ("a1.txt", f"{FILE}.docx"), "E006"),
     (GOOD + GOOD.replace("a1,", "a2,").replace("a1.txt", "a2.txt;a1.txt"), ("a1.txt", "a2.txt"),
      "E008"),
     (GOOD.replace("a1.txt", "Annika.Sjoberg"), ("a1.txt",), "E010"),
     (GOOD.replace("a1.txt", f"{FILE}.TextGrid;a1.txt"), ("a1.txt", f"{FILE}.TextGrid"), "E013")],
)  # fmt: skip
def test_privacy_participants_errors_never_quote_a_cell(
    tmp_path: Path, row: str, files: tuple[str, ...], code: str
) -> None:
    message = _participants(tmp_path, row, files)
    assert f"[{code}]" in message
    _clean(message)


def test_privacy_language_cell_is_not_quoted(tmp_path: Path) -> None:
    sheet = tmp_path / "participants.csv"
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a1.txt").write_text("I: Hi\nR: Hello\n", encoding="utf-8")
    sheet.write_text(HEADER.replace("\n", ",language\n") + GOOD.replace("\n", f",{NAME}\n"))
    message = _message(
        load_participants, sheet, raw_dir=tmp_path / "raw", roles=["official"], waves=["2013"],
        sites=["north"],
    )  # fmt: skip
    assert "[E030]" in message
    _clean(message)


def test_privacy_scaffold_role_is_not_quoted() -> None:
    row = {"role": NAME, "site": "north", "wave": "2013"}
    errors = design_errors([(2, row)], file="participants.csv")
    assert [e.code for e in errors] == ["E021"]
    _clean(str(errors[0]))


@pytest.mark.parametrize(
    "change",
    [lambda c: c["ingest"].update(speaker_labels={"other": NAME}),
     lambda c: c.update({NAME: 1}),
     lambda c: c["study"].update(language=NAME)],
)  # fmt: skip
def test_privacy_config_errors_never_quote_the_value(change) -> None:
    import yaml

    config = yaml.safe_load((ROOT / "tests" / "integration" / "config.yaml").read_text("utf-8"))
    change(config)
    schema = str(ROOT / "workflow" / "schemas" / "config.schema.yaml")
    message = _message(check_config, config, schema_path=schema, file="config.yaml")
    assert "[E011]" in message
    _clean(message)


@pytest.mark.parametrize(
    ("text", "code"),
    [(f"redact:\n  - {NAME}\n", "E205"),
     (f"redact:\n  - term: x\n    {NAME}: person\n", "E205"),
     ("never_redact:\n  - Sjöberg\n", "E202")],
)  # fmt: skip
def test_privacy_anonymisation_file_errors_never_quote_a_term(
    tmp_path: Path, text: str, code: str
) -> None:
    (tmp_path / "participants.csv").write_text(HEADER + GOOD, encoding="utf-8")
    (tmp_path / "anonymisation.yaml").write_text(text, encoding="utf-8")
    message = _message(
        check_anonymisation_file,
        str(tmp_path / "anonymisation.yaml"),
        schema_path=str(ROOT / "workflow" / "schemas" / "anonymisation.schema.yaml"),
        participants_path=str(tmp_path / "participants.csv"),
    )
    assert f"[{code}]" in message
    _clean(message)


def _ingest(tmp_path: Path, name: str, content: bytes) -> tuple[str, list[str]]:
    """Ingest one transcript filed under the participant's name: its error and warnings."""
    (tmp_path / name).write_bytes(content)
    row = f"a1,{name},{NAME},official,north,2013,2013-05-14,in_person,Maria Ek\n"
    (tmp_path / "participants.csv").write_text(HEADER + row, encoding="utf-8")
    warnings = WarningLog()
    try:
        ingest_interview(
            transcript_path=str(tmp_path / name),
            participants_path=str(tmp_path / "participants.csv"),
            output_path=str(tmp_path / "a1.json"),
            interview_id="a1",
            extra_labels={"other": []},
        )
    except PipelineError as error:
        return str(error), warnings.emit()
    return "", warnings.emit()


TEXTGRID = (
    'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 1\ntiers? <exists>\n'
    'size = 1\nitem []:\n    item [1]:\n        class = "IntervalTier"\n        name = "Anika"\n'
    "        xmin = 0\n        xmax = 1\n        intervals: size = 1\n        intervals [1]:\n"
    '            xmin = 0\n            xmax = 1\n            text = "Hello."\n'
)


@pytest.mark.parametrize(
    ("suffix", "content", "code"),
    [(".txt", "I: Hello.\nAnika Sjöberg: Hi.\n".encode(), "E102"),
     (".txt", b"I: Hello.\nI: Again.\n", "E109"),
     (".txt", b"", "E103"),
     (".txt", b"%PDF-1.4 \x00\x01\x02", "E104"),
     (".docx", b"PK\x03\x04 not a zip", "E106"),
     (".vtt", f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {NAME[1:]}>Hi</v>\n".encode(), "E102"),
     ("_x.TextGrid", TEXTGRID.encode(), "E113")],
)  # fmt: skip
def test_privacy_transcript_errors_name_the_interview_not_the_file(
    tmp_path: Path, suffix: str, content: bytes, code: str
) -> None:
    # Snakemake prints the rule's input paths itself; our one-line summary must not.
    message, _ = _ingest(tmp_path, f"{FILE}{suffix}", content)
    assert message.startswith(f"[{code}] interview a1's transcript (.{suffix.split('.')[-1]})")
    _clean(message)


def test_privacy_transcript_warnings_name_the_interview_not_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = "I: Hej.\nR: Hon heter Åsa, HÃ¤r.\n".encode("cp1252", errors="replace")
    with caplog.at_level("WARNING", logger="qualpipe"):
        message, _ = _ingest(tmp_path, f"{FILE}.txt", content)
    assert message == "" and "[W101] interview a1's transcript (.txt)" in caplog.text
    _clean(caplog.text)


TEXTS = {"i1-t0001-s01": "We had quotas.", "i1-t0001-s02": "Mm, yes."}
SEGMENTS = {k: Segment(k, "i1", fingerprint(v), v) for k, v in TEXTS.items()}


def _returned(tmp_path: Path, changes: list[dict[str, str]]) -> str:
    path = tmp_path / "ana.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=sheet_columns(2))
        writer.writeheader()
        for (segment_id, text), change in zip(TEXTS.items(), changes, strict=True):
            writer.writerow({"segment_id": segment_id, "text": text,
                             "fingerprint": fingerprint(text), **change})  # fmt: skip
    return str(path)


@pytest.mark.parametrize(
    ("changes", "codes"),
    [([{"code_1": NAME}, {}], ["E501"]),
     ([{"nothing_applies": NAME}, {}], ["E507"]),
     ([{"code_1": "Sjoberg", "nothing_applies": "x"}, {}], ["E501", "E508"]),
     ([{"segment_id": NAME}, {"segment_id": NAME}], ["E502"])],
)  # fmt: skip
def test_privacy_returned_sheet_cells_are_not_quoted(
    tmp_path: Path, changes: list[dict[str, str]], codes: list[str]
) -> None:
    message = _message(import_coder, [_returned(tmp_path, changes)], SEGMENTS, ["workload"])
    assert [line[1:5] for line in message.splitlines()] == codes
    _clean(message)


@pytest.mark.parametrize(
    "line", [f"{NAME},workload,apply,", f"s1,{NAME},apply,", f"s1,workload,{NAME},"]
)
def test_privacy_adjudication_cells_are_not_quoted(tmp_path: Path, line: str) -> None:
    path = tmp_path / "adjudication.csv"
    path.write_text(f"segment_id,code,decision,note\n{line}\n", encoding="utf-8")
    message = _message(read_adjudication, str(path), segments={"s1": "i1"}, codes=["workload"])
    assert "[E504]" in message
    _clean(message)


def test_privacy_qda_project_file_names_are_not_quoted(tmp_path: Path) -> None:
    from qualpipe.merge.qde import open_project

    with zipfile.ZipFile(tmp_path / "ana.qdpx", "w") as archive:
        for member in (f"{FILE}.qde", "Sjoberg_2.qde"):
            archive.writestr(member, "<Project/>")
    message = _message(open_project, str(tmp_path / "ana.qdpx"))
    assert "[E509]" in message
    _clean(message)


def test_privacy_qda_project_attribute_values_are_not_quoted(tmp_path: Path) -> None:
    from qualpipe.merge.qde import open_project

    (tmp_path / "ana.qde").write_text(
        '<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x" '
        f'origin="y"><Users><User guid="{NAME}" name="a"/></Users></Project>\n',
        encoding="utf-8",
    )
    message = _message(open_project, str(tmp_path / "ana.qde"))
    assert "[E510]" in message and "'User'" in message
    _clean(message)
