import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, Tiers, long_textgrid, short_textgrid
from qualpipe.common.study import load_participants
from qualpipe.errors import PipelineError
from qualpipe.ingest.interview import ingest_interview
from qualpipe.ingest.parse_textgrid import interval_pieces, quoted_strings
from qualpipe.ingest.read import read_transcript
from qualpipe.ingest.transcript import unaccounted_characters

REPO = ROOT
# The shared corpora beside the repository (../shared), beside the folder of a worktree, or
# where QUALPIPE_CORPORA says (as for the benchmarks).
SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()),
    REPO.parent / "shared",
)
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", SHARED / "corpora"))
PRIMOCK = CORPORA / "primock57" / "transcripts"
PEOPLE = {"respondents": ["Åsa Lindqvist"], "interviewers": ["Maria Ek"]}
DOCTOR_PATIENT = {
    "respondents": ["Åsa Lindqvist"],
    "interviewers": ["Maria Ek"],
    "extra_labels": {"interviewer": ["Doctor"], "respondent": ["Patient"]},
}

# Two speakers, as Praat writes them: empty intervals fill the gaps of each tier.
DIALOGUE: Tiers = [
    (
        "I",
        [
            (0, 1.5, "Hello, how are you?"),
            (1.5, 4, ""),
            (4, 5, 'And the ""night"" shift?'),
            (5, 5.5, "  "),
            (5.5, 7, "Tell me more."),
            (7, 10, ""),
        ],
    ),
    (
        "Åsa",
        [
            (0, 2, ""),
            (2, 3.5, "<UNSURE>Oh</UNSURE> fine, <UNIN/> thanks."),
            (3.5, 8, ""),
            (8, 10, "Nätterna är långa."),
        ],
    ),
]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _turns(transcript) -> list[tuple[str, str, str, float, float]]:
    return [(t.speaker, t.kind, t.text, t.time, t.time_end) for t in transcript.turns]


EXPECTED = [
    ("I", "interviewer", "Hello, how are you?", 0, 1.5),
    ("Åsa", "respondent", "Oh fine, thanks.", 2, 3.5),
    ("I", "interviewer", 'And the "night" shift? Tell me more.', 4, 7),
    ("Åsa", "respondent", "Nätterna är långa.", 8, 10),
]


@pytest.mark.parametrize(
    ("writer", "encoding", "bom"),
    [
        (long_textgrid, "utf-8", ""),
        (short_textgrid, "utf-8", ""),
        (long_textgrid, "utf-8", "\ufeff"),
        (short_textgrid, "utf-16-be", "\ufeff"),  # as Praat saves non-ASCII text
        (long_textgrid, "utf-16-le", "\ufeff"),
    ],
)
def test_textgrid_long_and_short_utf8_and_utf16(
    tmp_path: Path, writer, encoding: str, bom: str
) -> None:
    path = _write(tmp_path / "a.TextGrid", bom + writer(DIALOGUE), encoding)
    transcript, source = read_transcript(path, **PEOPLE)
    assert _turns(transcript) == EXPECTED
    assert unaccounted_characters(transcript) == []
    assert (source["encoding"], source["bom"]) == (encoding, bool(bom))


@pytest.mark.parametrize("writer", [long_textgrid, short_textgrid])
def test_textgrid_times_in_exponent_notation(tmp_path: Path, writer) -> None:
    text = writer([("R", [(0, 0.5, ""), (0.5, 2, "Hi.")])]).replace("0.5", "1e-05")
    transcript, _ = read_transcript(_write(tmp_path / "a.TextGrid", text), **PEOPLE)
    assert _turns(transcript) == [("R", "respondent", "Hi.", 1e-05, 2)]


def test_textgrid_tags_are_markup_and_words_inside_unsure_stay_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.TextGrid", long_textgrid(DIALOGUE))
    transcript, _ = read_transcript(path, **PEOPLE)
    answer = transcript.turns[1]
    tags = [transcript.source[a:b] for a, b in answer.markup]
    assert tags == ["<UNSURE>", "</UNSURE>", "<UNIN/>"]
    assert [transcript.source[a:b] for a, b in answer.spans] == ["Oh", "fine,", "thanks."]
    # an empty or blank interval is no turn, and a tier name is syntax, not text
    assert all(turn.text.strip() for turn in transcript.turns)
    name = transcript.source.index('"Åsa"') + 1
    assert any(a <= name < b for a, b in transcript.syntax)


def test_textgrid_tag_joining_follows_whitespace_and_self_closing_tags() -> None:
    text = '"un<UNSURE>clear</UNSURE> and<UNIN/>then ""quoted"""'
    spans, markup, words = interval_pieces(text, quoted_strings(text)[0])
    assert words == 'unclear and then "quoted"'
    assert len(spans) == 4 and len(markup) == 3


def test_textgrid_two_files_interleave_by_time(tmp_path: Path) -> None:
    doctor = [("Speaker", [(0, 2, "Good morning."), (2, 5, ""), (5, 6, "Since when?")])]
    patient = [("Speaker", [(0, 2.5, ""), (2.5, 4, "Morning. I have a cough."), (4, 7, "")])]
    paths = [
        _write(tmp_path / "c01_doctor.TextGrid", long_textgrid(doctor)),
        _write(tmp_path / "c01_patient.TextGrid", short_textgrid(patient), "utf-16"),
    ]
    transcript, source = read_transcript(paths, **DOCTOR_PATIENT)
    assert _turns(transcript) == [
        ("doctor", "interviewer", "Good morning.", 0, 2),
        ("patient", "respondent", "Morning. I have a cough.", 2.5, 4),
        ("doctor", "interviewer", "Since when?", 5, 6),
    ]
    assert [turn.part for turn in transcript.turns] == [0, 1, 0]
    starts = [part["start"] for part in source["parts"]]
    assert [part["encoding"] for part in source["parts"]] == ["utf-8", "utf-16-le"]
    assert transcript.source[starts[1] :].startswith('File type = "ooTextFile"')
    assert unaccounted_characters(transcript) == []
    # every turn's line and offsets point into its own file
    patient_text = paths[1].read_bytes().decode("utf-16").replace("\r\n", "\n")
    start, end = transcript.turns[1].spans[0]
    assert patient_text[start - starts[1] : end - starts[1]] == "Morning. I have a cough."
    assert patient_text.split("\n")[transcript.turns[1].line - 1] == '"Morning. I have a cough."'


def test_textgrid_document_of_two_files_names_each_part(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _write(raw / "c_doctor.TextGrid", long_textgrid([("Doctor", [(0, 1, "Hello.")])]))
    _write(raw / "c_patient.TextGrid", long_textgrid([("Patient", [(0.5, 2, "Hi.")])]))
    sheet = tmp_path / "participants.csv"
    sheet.write_text(
        "interview_id,file,participant,role,site,wave,date,mode,interviewer\n"
        "c,c_doctor.TextGrid;c_patient.TextGrid,Ann Berg,official,north,2013,2013-05-14,"
        "video,Bo Lind\n",
        encoding="utf-8",
    )
    interviews = load_participants(
        sheet, raw_dir=raw, roles=["official"], waves=["2013"], sites=["north"]
    )
    output = tmp_path / "private" / "c.json"
    ingest_interview(
        transcript_path=list(interviews["c"].paths),
        participants_path=str(sheet),
        output_path=str(output),
        interview_id="c",
        extra_labels={"interviewer": ["Doctor"], "respondent": ["Patient"]},
    )
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["source"]["file"] == "c_doctor.TextGrid;c_patient.TextGrid"
    assert document["source"]["format"] == "textgrid"
    assert [part["file"] for part in document["source"]["parts"]] == [
        "c_doctor.TextGrid",
        "c_patient.TextGrid",
    ]
    assert [(t["speaker"], t["part"], t["time"]) for t in document["turns"]] == [
        ("Doctor", 0, 0.0),
        ("Patient", 1, 0.5),
    ]
    assert "Ann" not in json.dumps(document["attributes"])


def test_textgrid_file_name_names_the_speaker_of_a_generic_tier(tmp_path: Path) -> None:
    path = _write(tmp_path / "x_patient.TextGrid", long_textgrid([("Speaker", [(0, 1, "Hi.")])]))
    transcript, _ = read_transcript(path, **DOCTOR_PATIENT)
    assert _turns(transcript) == [("patient", "respondent", "Hi.", 0, 1)]
    other = _write(tmp_path / "x_nurse.TextGrid", long_textgrid([("Speaker", [(0, 1, "Hi.")])]))
    message = r"\[E113\] .*line 11: the tier named on this line names no speaker, nor does the"
    with pytest.raises(PipelineError, match=message + r" file name's last word \(the name is not"):
        read_transcript(other, **DOCTOR_PATIENT)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "just some words\n",
            r"\[E111\] the transcript \(\.TextGrid\): not a readable Praat TextGrid",
        ),
        (
            'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0 \nxmax = 1 \n'
            "tiers? <absent> \n",
            r"\[E112\] the transcript \(\.TextGrid\): the TextGrid has no tiers",
        ),
        (
            long_textgrid([("Nurse", [(0, 1, "Hi.")]), ("R", [(0, 1, "Hello.")])]),
            r"\[E113\] the transcript \(\.TextGrid\): line 11: the tier named on this line names "
            r"no speaker \(",
        ),
        (
            long_textgrid([("R", [(0, 2, "One."), (1, 3, "Two.")])]),
            r"\[E114\] the transcript \(\.TextGrid\): tier 1: Two intervals in the same tier "
            r"overlap",
        ),
        (
            long_textgrid([("R", [(0, 2, ""), (2, 3, "  ")])]),
            r"\[E116\] the transcript \(\.TextGrid\): every interval of the TextGrid is empty",
        ),
        (
            long_textgrid([("Maria", [(0, 1, "Hi.")]), ("R", [(1, 2, "Hello.")])]),
            r"\[E110\] the transcript \(\.TextGrid\): line 11: the speaker label on this line "
            r"fits both",
        ),
        (
            long_textgrid([("R", [(0, 1, "Hi.")])])[:-40],
            r"\[E111\] the transcript \(\.TextGrid\): not a readable Praat TextGrid",
        ),
    ],
    ids=["not-textgrid", "no-tiers", "unknown-tier", "overlap", "all-empty", "ambiguous", "cut"],
)
def test_textgrid_broken_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "a.TextGrid", text)
    people = {"respondents": ["Maria Lind"], "interviewers": ["Maria Ek"]}
    with pytest.raises(PipelineError, match=message) as caught:
        read_transcript(path, **people)
    assert "\n" not in str(caught.value)


def test_textgrid_point_tier_with_marks_is_an_error(tmp_path: Path) -> None:
    text = (
        long_textgrid([("R", [(0, 1, "Hi.")])])
        .replace(
            "item []: \n",
            'item []: \n    item [0]:\n        class = "TextTier" \n        name = "events" \n'
            "        xmin = 0 \n        xmax = 1 \n        points: size = 1 \n"
            '        points [1]:\n            number = 0.5 \n            mark = "door" \n',
        )
        .replace("size = 1 \nitem", "size = 2 \nitem")
    )
    path = _write(tmp_path / "a.TextGrid", text)
    with pytest.raises(
        PipelineError, match=r"\[E115\] .*line 11: the tier named on this line is a point"
    ):
        read_transcript(path, **PEOPLE)


def test_textgrid_in_praats_binary_format_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.TextGrid"
    path.write_bytes(b"ooBinaryFile\x08TextGrid\x00\x00\x00\x00\x00\x00\x00\x00")
    with pytest.raises(
        PipelineError, match=r"\[E111\] the transcript \(\.TextGrid\): .*Praat's binary format"
    ):
        read_transcript(path, **PEOPLE)


def test_textgrid_unreadable_utf16_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.TextGrid"
    path.write_bytes(b"\xff\xfe" + long_textgrid(DIALOGUE).encode("utf-16-le")[:-3])
    with pytest.raises(
        PipelineError, match=r"\[E105\] the transcript \(\.TextGrid\): cannot be decoded"
    ):
        read_transcript(path, **PEOPLE)


_TAG = re.compile(r"<[^>]*>")
CONSULTATIONS = sorted({path.name.rsplit("_", 1)[0] for path in PRIMOCK.glob("*.TextGrid")})


def _label_words(path: Path) -> Counter[str]:
    """Every word of a TextGrid's intervals, as praatio reads it, tags removed."""
    from praatio import textgrid

    grid = textgrid.openTextgrid(str(path), includeEmptyIntervals=False)
    words: Counter[str] = Counter()
    for name in grid.tierNames:
        for entry in grid.getTier(name).entries:
            label = entry.label.replace('""', '"')
            text = re.sub(r"<[^>]*/>", " ", label)
            words.update(_TAG.sub("", text).split())
    return words


def test_textgrid_primock57_every_consultation_keeps_every_word() -> None:
    """The 57 PriMock57 consultations (CC BY 4.0, Papadopoulos Korfiatis et al., ACL 2022),
    two files each: every word of the 114 files reaches a turn of the right speaker."""
    assert len(CONSULTATIONS) == 57
    tags = 0
    for consultation in CONSULTATIONS:
        paths = [PRIMOCK / f"{consultation}_{who}.TextGrid" for who in ("doctor", "patient")]
        transcript, source = read_transcript(paths, **DOCTOR_PATIENT)
        assert unaccounted_characters(transcript) == []
        assert len(source["parts"]) == 2
        for part, (path, kind) in enumerate(zip(paths, ("interviewer", "respondent"), strict=True)):
            turns = [turn for turn in transcript.turns if turn.part == part]
            assert {turn.kind for turn in turns} == {kind}, path.name
            words = Counter(word for turn in turns for word in turn.text.split())
            assert words == _label_words(path), path.name
            assert not any("<" in turn.text for turn in turns)
        tags += sum(len(turn.markup) for turn in transcript.turns)
        times = [turn.time for turn in transcript.turns]
        assert times == sorted(times)
    assert tags > 4000  # <UNSURE>, </UNSURE>, <UNIN/>, <INAUDIBLE_SPEECH/> are markup
