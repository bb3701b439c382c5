"""A DocBin that collects each doc's strings from arrays (issue 16).

spaCy's `DocBin.add` visits every token as a Token object to add nine of its strings (text,
tag, lemma, norm, morphology, dependency, entity type, KB id and entity id) to the strings the
DocBin stores; after the attribute table, that loop was the largest item of the segmentation
job outside the model. The same strings follow from the token attribute ids, read as one
array per doc: each id is looked up once per DocBin. Everything else is spaCy's `add`, and a
doc with span groups, or a DocBin that stores user data, takes spaCy's own path. The bytes
written are the same (tests/segment/test_attributes.py compares them on real text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import DocBin

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The attributes whose strings DocBin.add stores, as Token gives them (text is ORTH's string).
STRING_ATTRS = ("ORTH", "TAG", "LEMMA", "NORM", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")


class ArrayDocBin(DocBin):
    """DocBin whose `add` reads each doc's strings from arrays; to_bytes is spaCy's."""

    def __init__(self, attrs: list[str]) -> None:
        super().__init__(attrs=attrs)
        self.seen: set[int] = set()
        self.seen_morphs: set[int] = set()

    def add(self, doc: Doc) -> None:
        """Add a doc's annotations as DocBin.add does."""
        import numpy
        from spacy.attrs import MORPH, SPACY

        if self.store_user_data or doc.spans:
            super().add(doc)
            return
        names: list[int | str] = [*self.attrs, SPACY, MORPH, *STRING_ATTRS]
        count = len(self.attrs)
        array = doc.to_array(names).reshape((len(doc), len(names)))
        self.tokens.append(numpy.ascontiguousarray(array[:, :count]))
        self.spaces.append(numpy.asarray(array[:, count : count + 1], dtype=bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        self._add_strings(doc, array[:, count + 1], self.seen_morphs, morph=True)
        self._add_strings(doc, array[:, count + 2 :], self.seen, morph=False)
        self.cats.append(doc.cats)
        self.span_groups.append(doc.spans.to_bytes())

    def _add_strings(self, doc: Doc, ids: Any, seen: set[int], *, morph: bool) -> None:
        strings = doc.vocab.strings
        empty = doc.vocab.morphology.EMPTY_MORPH
        for key in set(ids.ravel().tolist()) - seen:
            text = strings[key]
            # str(token.morph) is '' for the empty analysis '_'
            self.strings.add("" if morph and text == empty else text)
            seen.add(key)
