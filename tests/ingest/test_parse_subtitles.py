import pytest
from qualpipe.common.speakers import build_directory
from qualpipe.errors import PipelineError
from qualpipe.ingest.parse_subtitles import parse_subtitles
from qualpipe.ingest.transcript import unaccounted_characters

DIRECTORY = build_directory(respondents=["Karin Lund"], interviewers=["Maria Ek"])
VTT = """WEBVTT

NOTE exported from the meeting

1
00:00:01.000 --> 00:00:04.000 align:start
<v Maria Ek>Hello and welcome.</v>

2
00:00:04.500 --> 00:00:08.000
<v.loud Karin Lund>Thanks. I, um, I work with</v>

00:00:08.000 --> 00:00:10.000
<v Karin Lund>sickness <i>benefits</i>.</v>

00:00:10.000 --> 00:00:12.000
and then some more

00:01:12.000 --> 00:01:13.000
<v Maria Ek>Okay.</v>
<v Karin Lund>[crosstalk] yes</v>
"""
SRT = """1
00:00:00,500 --> 00:00:04,000
Interviewer: Welcome.

2
00:00:04,200 --> 00:00:09,800
[Karin] Sure. We are eighteen.

3
00:00:09,800 --> 00:00:14,000
[inaudible] in two teams.
"""


def test_parse_subtitles_vtt_merges_cues_of_one_speaker() -> None:
    turns = parse_subtitles(VTT, DIRECTORY, file="t.vtt").turns
    assert [(t.speaker, t.kind) for t in turns] == [
        ("Maria Ek", "interviewer"),
        ("Karin Lund", "respondent"),
        ("Maria Ek", "interviewer"),
        ("Karin Lund", "respondent"),
    ]
    assert turns[1].text == "Thanks. I, um, I work with sickness benefits. and then some more"
    assert (turns[1].time, turns[1].time_end) == (4.5, 12.0)


def test_parse_subtitles_vtt_counts_cues_without_speaker() -> None:
    assert parse_subtitles(VTT, DIRECTORY, file="t.vtt").cues_without_speaker == 1


def test_parse_subtitles_vtt_header_and_syntax() -> None:
    transcript = parse_subtitles(VTT, DIRECTORY, file="t.vtt")
    assert transcript.header_text == "exported from the meeting"
    assert unaccounted_characters(transcript) == []


def test_parse_subtitles_srt_prefixes() -> None:
    turns = parse_subtitles(SRT, DIRECTORY, file="t.srt").turns
    assert [(t.speaker, t.text) for t in turns] == [
        ("Interviewer", "Welcome."),
        ("Karin", "Sure. We are eighteen. [inaudible] in two teams."),
    ]
    assert unaccounted_characters(parse_subtitles(SRT, DIRECTORY, file="t.srt")) == []


def test_parse_subtitles_unknown_voice_is_an_error() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bosse>Hi</v>\n"
    with pytest.raises(PipelineError, match=r"\[E102\] t.vtt: line 4: ") as error:
        parse_subtitles(text, DIRECTORY, file="t.vtt")
    assert "Bosse" not in str(error.value)


def test_parse_subtitles_block_without_timing_is_an_error() -> None:
    text = "WEBVTT\n\n1\nno timing here\n<v Maria Ek>Hi</v>\n"
    with pytest.raises(PipelineError, match=r"\[E107\] t.vtt: line 3: "):
        parse_subtitles(text, DIRECTORY, file="t.vtt")


def test_parse_subtitles_unreadable_timing_is_an_error() -> None:
    text = "1\n00:00:01 --> later\nI: Hi\n"
    with pytest.raises(PipelineError, match=r"\[E107\] t.srt: line 2: an unreadable timing"):
        parse_subtitles(text, DIRECTORY, file="t.srt")


def test_parse_subtitles_without_speakers_is_an_error() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n"
    with pytest.raises(PipelineError, match=r"\[E101\] t.vtt"):
        parse_subtitles(text, DIRECTORY, file="t.vtt")
