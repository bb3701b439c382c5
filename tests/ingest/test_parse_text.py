import pytest
from qualpipe.common.speakers import build_directory
from qualpipe.errors import PipelineError
from qualpipe.ingest.parse_text import looks_like_label, parse_labelled_text
from qualpipe.ingest.transcript import unaccounted_characters

DIRECTORY = build_directory(respondents=["Karin Lund"], interviewers=["Maria Ek"])
TRANSCRIPT = """Interview 12, insurance official
Date: 14 May 2013
Interviewer: Maria Ek

[00:00:04] I: Could you start by telling
me about your work?
R: Yes. Well, eleven years now.

   A second paragraph of the same answer.
Karin: The manager said: do it.
I [00:12:31]: Right.
"""


def _parse(text: str):
    return parse_labelled_text(text, DIRECTORY, file="t.txt")


def test_parse_text_header_holds_lines_before_the_first_turn() -> None:
    transcript = _parse(TRANSCRIPT)
    assert transcript.header_text == (
        "Interview 12, insurance official\nDate: 14 May 2013\nInterviewer: Maria Ek"
    )


def test_parse_text_turns_have_speakers_kinds_and_times() -> None:
    turns = _parse(TRANSCRIPT).turns
    assert [(t.speaker, t.kind, t.time) for t in turns] == [
        ("I", "interviewer", 4.0),
        ("R", "respondent", None),
        ("Karin", "respondent", None),
        ("I", "interviewer", 751.0),
    ]


def test_parse_text_continuation_lines_join_the_turn() -> None:
    turns = _parse(TRANSCRIPT).turns
    assert turns[0].text == "Could you start by telling\nme about your work?"
    assert turns[1].text == "Yes. Well, eleven years now.\nA second paragraph of the same answer."


def test_parse_text_colon_inside_a_turn_is_text() -> None:
    assert _parse(TRANSCRIPT).turns[2].text == "The manager said: do it."


def test_parse_text_offsets_point_into_the_source() -> None:
    transcript = _parse(TRANSCRIPT)
    for turn in transcript.turns:
        assert [TRANSCRIPT[s:e] for s, e in turn.spans] == turn.text.split("\n")
    assert TRANSCRIPT[transcript.turns[3].start : transcript.turns[3].end] == "I [00:12:31]: Right."


def test_parse_text_accounts_for_every_character() -> None:
    assert unaccounted_characters(_parse(TRANSCRIPT)) == []


def test_parse_text_without_header() -> None:
    transcript = _parse("I: Hello.\nR: Hi.\n")
    assert transcript.header == []
    assert [t.text for t in transcript.turns] == ["Hello.", "Hi."]


def test_parse_text_no_labels_is_an_error() -> None:
    with pytest.raises(PipelineError, match=r"\[E101\] t.txt: no speaker labels found"):
        _parse("Just some text\nwith no labels at all.\n")


def test_parse_text_unknown_label_is_an_error_with_its_line() -> None:
    with pytest.raises(PipelineError, match=r"\[E102\] t.txt: line 3: the speaker label") as error:
        _parse("I: Hello.\nR: Hi.\nBosse Lund: Who are you?\n")
    assert "Bosse" not in str(error.value)  # a label may be a misspelt real name


def test_parse_text_ambiguous_label_is_an_error() -> None:
    directory = build_directory(respondents=["Anna Berg"], interviewers=["Anna Ek"])
    with pytest.raises(PipelineError, match=r"\[E110\] t.txt: line 2: .*fits both") as error:
        parse_labelled_text("I: Hello.\nAnna: Hi.\n", directory, file="t.txt")
    assert "Anna" not in str(error.value)


def test_parse_text_tab_labels_only_when_asked() -> None:
    text = "I\tHello.\nR\tHi.\n"
    assert len(parse_labelled_text(text, DIRECTORY, file="t", tab_labels=True).turns) == 2
    with pytest.raises(PipelineError, match="E101"):
        parse_labelled_text(text, DIRECTORY, file="t")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Bosse Lund", True),
        ("Interviewer 2", True),
        ("John G. Roberts, Jr.", True),
        ("And he said", False),
        ("well", False),
        ("Well, I think", False),
    ],
)
def test_parse_text_label_like(label: str, expected: bool) -> None:
    assert looks_like_label(label) is expected


def test_parse_text_label_with_comma_and_initials() -> None:
    directory = build_directory(respondents=["Paul Clement"], interviewers=["John G. Roberts, Jr."])
    text = "John G. Roberts, Jr.: Mr. Clement?\nPaul Clement: Thank you.\nRoberts: Go on.\n"
    turns = parse_labelled_text(text, directory, file="t.txt").turns
    assert [(t.speaker, t.kind) for t in turns] == [
        ("John G. Roberts, Jr.", "interviewer"),
        ("Paul Clement", "respondent"),
        ("Roberts", "interviewer"),
    ]


def test_parse_text_long_unknown_label_is_an_error_not_text() -> None:
    with pytest.raises(PipelineError, match=r"\[E102\] t.txt: line 2: ") as error:
        _parse("I: Hello.\nRuth Bader Ginsburg: A question.\n")
    assert error.value.fields["value"] == "Ruth Bader Ginsburg"
