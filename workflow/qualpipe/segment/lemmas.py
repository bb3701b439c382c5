"""The rule lemmatizer's lemmas, found once per word form, part of speech and morphology
(issue 16).

spaCy's Lemmatizer (and the English one, which only adds `is_base_form`) gives a token a
lemma that follows from its text, its coarse part of speech and its morphology alone, in both
its modes ('rule' reads the three, 'lookup' the text): its own cache is keyed the same way.
Yet it visits every token as a Token object and sets its lemma as a string, which took a
tenth of the segmentation job. This component reads the three values of every token as one
array, asks the lemmatizer itself only for a combination it has not seen, and writes the
lemmas back as one array. A token that already has a lemma (from the attribute ruler) keeps
it, as the lemmatizer does unless `overwrite` is set. Any other lemmatizer class or mode is
kept as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from qualpipe.segment.pipes import replace_pipe

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

FACTORY = "qualpipe_lemma_memo"
LEMMATIZER = "lemmatizer"
MODES = ("rule", "lookup")


class LemmaMemo:
    """A pipeline component that gives every token the lemma the lemmatizer would give it."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}
        # The lemmatizer checks its tables on its first doc: let it, on an empty one.
        lemmatizer(_empty(lemmatizer))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    def predict(self, doc: Doc) -> list[int]:
        """Each token's lemma id: its own, or the lemmatizer's for its form, POS and morph."""
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        array = doc.to_array([ORTH, POS, MORPH, LEMMA]).reshape((len(doc), 4))
        rows = cast("list[list[int]]", array.tolist())
        keep = not self.lemmatizer.overwrite
        return [
            lemma if keep and lemma else self._lemma(doc, i, (orth, pos, morph))
            for i, (orth, pos, morph, lemma) in enumerate(rows)
        ]

    def set_annotations(self, doc: Doc, lemmas: list[int]) -> None:
        import numpy
        from spacy.attrs import LEMMA

        values: Any = numpy.asarray(lemmas, dtype=numpy.uint64).reshape((-1, 1))
        doc.from_array([LEMMA], values)

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        lemma = self.lemmas.get(key)
        if lemma is None:
            text = self.lemmatizer.lemmatize(doc[i])[0]
            lemma = self.lemmas[key] = doc.vocab.strings.add(text)
        return lemma


def _empty(lemmatizer: Lemmatizer) -> Doc:
    from spacy.tokens import Doc

    return Doc(lemmatizer.vocab, words=[])


def lemmatizer_memo(lemmatizer: object) -> LemmaMemo | None:
    """The memo of a spaCy Lemmatizer (or EnglishLemmatizer) in rule or lookup mode; None for
    any other component, whose lemmas may depend on more than the three values."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer):
        return None
    lemmatizer = cast("Lemmatizer", lemmatizer)
    if lemmatizer.mode not in MODES:
        return None
    return LemmaMemo(lemmatizer)


def use_lemma_memo(nlp: Language) -> bool:
    """Put the memo in the place of the pipeline's enabled lemmatizer, where it applies.

    RETURNS (bool): whether the memo now does the lemmatizer's work.
    """
    return replace_pipe(nlp, LEMMATIZER, FACTORY, lemmatizer_memo)
