"""ArrayDocBin writes the bytes spaCy's DocBin writes (issue 16). On real text:
tests/segment/test_attributes.py."""

import spacy
from qualpipe.segment.docbin import ArrayDocBin
from qualpipe.segment.units import DOCBIN_ATTRS
from spacy.tokens import Doc, DocBin, Span

NLP = spacy.blank("en")


def _docs() -> list[Doc]:
    first = Doc(NLP.vocab, words=["Data", "flows", "."], tags=["NNS", "VBZ", "."])
    first[0].lemma_ = "datum"
    first[0].set_morph("Number=Plur")
    first[2].set_morph("_")  # the empty analysis: '' among the strings
    first.ents = [Span(first, 0, 1, label="ORG", kb_id="Q1", span_id="d")]
    second = Doc(NLP.vocab, words=["Nobody", "knew"], spaces=[True, False])
    second[1].norm_ = "know"
    return [first, second, Doc(NLP.vocab, words=[])]


def _bytes(kind: type[DocBin], docs: list[Doc]) -> bytes:
    docbin = kind(attrs=list(DOCBIN_ATTRS))
    for doc in docs:
        docbin.add(doc)
    return docbin.to_bytes()


def test_docbin_bytes_equal_spacys() -> None:
    docs = _docs()
    assert _bytes(ArrayDocBin, docs) == _bytes(DocBin, docs)
    assert {"Q1", "d", "ORG", "know", "datum", "Number=Plur", ""} <= DocBin().from_bytes(
        _bytes(ArrayDocBin, docs)
    ).strings


def test_docbin_a_doc_with_span_groups_takes_spacys_path() -> None:
    docs = _docs()
    docs[1].spans["quotes"] = [Span(docs[1], 0, 1, label="QUOTE")]
    assert _bytes(ArrayDocBin, docs) == _bytes(DocBin, docs)
