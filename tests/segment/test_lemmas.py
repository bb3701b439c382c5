"""The lemma memo: the lemmatizer's own lemma for each form, part of speech and morphology,
found once (issue 16). On real text: tests/segment/test_attributes.py."""

import pytest
import spacy
from qualpipe.segment.lemmas import LEMMATIZER, lemmatizer_memo, use_lemma_memo
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc

WORDS = ["Cats", "were", "running", "cats", "ran", "Data"]
POS = ["NOUN", "AUX", "VERB", "NOUN", "VERB", "NOUN"]


def _with_lemmatizer(mode: str, *, overwrite: bool = False) -> Language:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe(LEMMATIZER, config={"mode": mode, "overwrite": overwrite})
    lookups = Lookups()
    if mode == "rule":
        lookups.add_table("lemma_rules", {"noun": [["s", ""]], "verb": [["ing", ""]]})
        lookups.add_table("lemma_index", {"noun": ["cat"], "verb": ["run"]})
        lookups.add_table("lemma_exc", {"verb": {"ran": ["run"], "were": ["be"]}})
    else:
        lookups.add_table("lemma_lookup", {"Cats": "cat", "ran": "run"})
    lemmatizer.initialize(lookups=lookups)
    return nlp


def _doc(nlp: Language) -> Doc:
    doc = Doc(nlp.vocab, words=WORDS, pos=POS)
    doc[5].lemma_ = "datum"  # as the attribute ruler sets some lemmas
    return doc


@pytest.mark.parametrize("mode", ["rule", "lookup"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_lemmas_memo_gives_the_lemmatizers_lemmas(mode: str, overwrite: bool) -> None:
    nlp = _with_lemmatizer(mode, overwrite=overwrite)
    expected = [t.lemma_ for t in nlp.get_pipe(LEMMATIZER)(_doc(nlp))]
    memo = lemmatizer_memo(nlp.get_pipe(LEMMATIZER))
    assert memo is not None
    assert [t.lemma_ for t in memo(_doc(nlp))] == expected
    assert [t.lemma_ for t in memo(_doc(nlp))] == expected
    assert (expected[5] == "datum") is not overwrite


def test_lemmas_memo_takes_the_lemmatizers_place() -> None:
    nlp = _with_lemmatizer("lookup")
    assert use_lemma_memo(nlp)
    assert nlp.pipe_names == ["qualpipe_lemma_memo"]
    assert [t.lemma_ for t in nlp("Cats ran far")] == ["cat", "run", "far"]


def test_lemmas_another_lemmatizer_is_kept() -> None:
    nlp = spacy.blank("fr")
    nlp.add_pipe(LEMMATIZER, config={"mode": "lookup"})
    assert lemmatizer_memo(nlp.get_pipe(LEMMATIZER)) is None
    assert use_lemma_memo(nlp) is False
    assert nlp.pipe_names == [LEMMATIZER]
