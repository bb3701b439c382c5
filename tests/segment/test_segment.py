"""Segmentation: meaning units, stable ids, offsets into the anonymised transcript, conservation."""

import csv
import json
from pathlib import Path

import pytest
import spacy
from qualpipe.anonymise.render import render_text
from qualpipe.errors import PipelineError
from qualpipe.segment.units import (
    Limits,
    check_conservation,
    collect_segments,
    merge_short,
    paragraph_spans,
    segment_batch,
    segment_document,
    segment_limits,
    sentence_spans,
    split_long,
)
from spacy.tokens import Doc

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
ANSWER = (
    "Yes. We had production quotas on the whiteboard every week. Nobody followed it up, though."
)
SPEAKER = "Insurance official 1, office 1"
DOCUMENT = {
    "interview_id": "w1_off_n01",
    "header": "Interview 1\nDate: May 2013",
    "attributes": {"role": "official", "site": "office 1", "wave": "2013"},
    "turns": [
        {"index": 0, "kind": "interviewer", "speaker": "Interviewer 1", "text": "How was it?"},
        {"index": 1, "kind": "respondent", "speaker": SPEAKER, "text": ANSWER},
        {"index": 2, "kind": "other", "speaker": "Unknown", "text": "Sorry."},
        {"index": 3, "kind": "respondent", "speaker": SPEAKER, "text": "Not really."},
    ],
}  # fmt: skip


SHORT = segment_limits({"min_words": 3})


def _segments(limits: Limits = SHORT) -> list:
    docs = {t["index"]: NLP(t["text"]) for t in DOCUMENT["turns"] if t["kind"] == "respondent"}
    return segment_document(DOCUMENT, docs, limits=limits, groups={"official": "officials"})


def test_segment_sentences_short_ones_join_the_next() -> None:
    texts = [s.text for s in _segments()]
    assert texts == [
        "Yes. We had production quotas on the whiteboard every week.",
        "Nobody followed it up, though.",
        "Not really.",
    ]


def test_segment_a_short_turn_of_fillers_is_no_unit_a_short_answer_is() -> None:
    from qualpipe.segment.units import segment_document

    document = {**DOCUMENT, "turns": [*DOCUMENT["turns"][:3]]}
    document["turns"].append(
        {"index": 3, "kind": "respondent", "speaker": SPEAKER, "text": "Um, yeah."}
    )
    document["turns"].append(
        {"index": 4, "kind": "respondent", "speaker": SPEAKER, "text": "Six months."}
    )
    docs = {t["index"]: NLP(t["text"]) for t in document["turns"] if t["kind"] == "respondent"}
    texts = [s.text for s in segment_document(document, docs, limits=SHORT, groups={})]
    assert texts[-1] == "Six months." and "Um, yeah." not in texts


def test_segment_ids_are_interview_turn_and_position() -> None:
    ids = [s.segment_id for s in _segments()]
    assert ids == ["w1_off_n01-t0001-s01", "w1_off_n01-t0001-s02", "w1_off_n01-t0003-s01"]


def test_segment_offsets_point_into_the_anonymised_transcript() -> None:
    text = render_text(DOCUMENT)
    assert all(text[s.start : s.end] == s.text for s in _segments())


def test_segment_carries_question_attribution_group_and_fingerprint() -> None:
    first, _, last = _segments()
    assert (first.question, first.speaker, first.group) == (
        "How was it?",
        "Insurance official 1, office 1",
        "officials",
    )
    assert last.question == "How was it?"  # 'other' speakers do not replace the question
    assert first.fingerprint != last.fingerprint and len(first.fingerprint) == 12


def test_segment_turn_unit_keeps_the_whole_turn() -> None:
    texts = [s.text for s in _segments(segment_limits({"unit": "turn"}))]
    assert texts == [ANSWER, "Not really."]


def test_segment_paragraph_spans_are_the_lines_of_a_turn() -> None:
    text = "First line here.\n\n  Second line.\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["First line here.", "Second line."]


def test_segment_merge_short_joins_a_short_last_unit_to_the_previous() -> None:
    text = "One two three four. Five."
    assert merge_short(text, [(0, 19), (20, 25)], 3) == [(0, 25)]


def test_segment_split_long_prefers_the_last_clause_break() -> None:
    text = "one two three, four five six seven eight nine"
    pieces = [text[a:b] for a, b in split_long(text, (0, len(text)), 5)]
    assert pieces == ["one two three,", "four five six seven eight", "nine"]


def test_segment_no_sentence_starts_inside_a_pseudonym() -> None:
    words = ["I", "studied", "in", "[", "PLACE", "28", "]", ".", "Then", "I", "left", "."]
    starts = [True, False, False, False, True, False, False, False, True, False, False, False]
    doc = Doc(NLP.vocab, words=words, sent_starts=starts)
    assert [doc.text[a:b] for a, b in sentence_spans(doc)] == [
        "I studied in [ PLACE 28 ] .",
        "Then I left .",
    ]


def test_segment_conservation_failure_is_reported() -> None:
    segments = _segments()[1:]
    with pytest.raises(PipelineError, match=r"E310.*w1_off_n01\.json: turn 1"):
        check_conservation(DOCUMENT, segments)


def test_segment_batch_writes_segments_and_docs_and_collects_in_order(tmp_path: Path) -> None:
    other = {**DOCUMENT, "interview_id": "a0"}
    paths = []
    for document in (DOCUMENT, other):
        paths.append(tmp_path / f"{document['interview_id']}.json")
        paths[-1].write_text(json.dumps(document), encoding="utf-8")
    count = segment_batch(
        documents=[str(p) for p in paths],
        segments_path=str(tmp_path / "b1.csv"),
        docs_path=str(tmp_path / "b1.spacy"),
        turns_path=str(tmp_path / "b1.turns.csv"),
        model="no_such_pipeline",  # the blank fallback: punctuation rules, no lemmas
        language="en",
        limits={"unit": "sentence", "min_words": 3, "max_words": 80},
        groups={},
        batch_size=8,
    )
    assert count == 6 and (tmp_path / "b1.spacy").stat().st_size > 0
    collect_segments(
        batches=[str(tmp_path / "b1.csv")],
        order=["a0", "w1_off_n01"],
        output=str(tmp_path / "all.csv"),
    )
    rows = list(csv.DictReader((tmp_path / "all.csv").open(encoding="utf-8")))
    assert [r["interview_id"] for r in rows] == ["a0"] * 3 + ["w1_off_n01"] * 3


def test_segment_a_turn_longer_than_spacys_default_max_length_goes_through() -> None:
    from qualpipe.segment.units import pipe_by_language

    text = "We had targets. " * 70_000  # 1,120,000 characters: spaCy's E088 by default
    (doc,) = pipe_by_language([(text, None)], ["en"], {}, batch_size=1)
    assert doc.text == text
