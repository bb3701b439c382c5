"""Loading and fitting the spaCy pipelines."""

import spacy
from qualpipe.common.nlp import fit_max_length


def test_nlp_fit_max_length_lets_the_longest_text_through() -> None:
    nlp = spacy.blank("en")
    text = "We had targets. " * 70_000  # 1,120,000 characters: spaCy's E088 by default
    fit_max_length(nlp, ["Short.", text])
    assert nlp.max_length == len(text) + 1
    assert nlp(text).text == text


def test_nlp_fit_max_length_never_lowers_the_limit() -> None:
    nlp = spacy.blank("en")
    fit_max_length(nlp, ["Short."])
    assert nlp.max_length == 1_000_000
