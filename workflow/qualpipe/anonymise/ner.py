"""The NER layer: spaCy's entities, trimmed of the punctuation and fillers around them, without
those speech and the language's own words fool the model into.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.context import Context
from qualpipe.anonymise.lexicon import INTERVIEWER, PARTICIPANT
from qualpipe.anonymise.settings import DetectSettings
from qualpipe.anonymise.spans import _PUNCTUATION, INTERJECTIONS, Candidate, _entity_key
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.speakers import fold

NER_CATEGORIES = {
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "ORG",
    "NORP": "GROUP",
}


@dataclass(frozen=True)
class Entities:
    """What NER found in one text.

    text (str): the text.
    spans (tuple): (start, end, label) of each entity in text order, character offsets, the
        label in the OntoNotes scheme (common.nlp.entity_spans). Equal texts have equal
        entities: the layers' work on one is reused for the other (detect.py).
    """

    text: str
    spans: tuple[tuple[int, int, str], ...]


def _spurious(
    text: str,
    words: Sequence[str],
    category: str,
    *,
    before: str,
    after: str = "",
    first_names: frozenset[str],
    common: frozenset[str],
    context: Context,
) -> bool:
    """Entities NER gets wrong in speech ('Hmm', 'I.', "I'm", 'Lunch') and the language's own
    words and terms ('Data Scientist', 'Kubernetes', 'Motivational Interviewing').

    text (str): the entity's text, trimmed of the punctuation glued to it ('--The Court').
    words (Sequence[str]): its words, lower-cased and trimmed.
    before, after (str): the text before and after the entity, for its context.
    """
    if not any(len(w) > 1 and any(c.isalnum() for c in w) for w in words):
        return True
    if all(w in INTERJECTIONS or vocabulary.is_contraction(w) for w in words if w):
        return True
    if words[0] == "i" or "\n" in text or text[:1].islower():
        return True
    if all(vocabulary.is_technical(t) for t in text.split()):
        return True  # 'PyTorch', 'GitHub', 'BERT', 'F1 score': not even 'BERT' the name
    if any(fold(w) in first_names for w in words):
        return False  # 'Will', 'Rose Consulting': a first name is evidence of a name
    if len(words) == 1 and vocabulary.TERM_AFTER.match(after):
        return True  # 'Jupyter notebooks', 'Gini coefficient', 'Ventolin inhaler'
    if category == "PERSON":
        # NER makes a person of any capitalised word ('Lunch', 'Federal'), and the French
        # model of an English one ('Slack'); first names that are words ('Hope') were taken.
        return all(
            gazetteer.is_ordinary(fold(w), common) or w in INTERJECTIONS or context.foreign_word(w)
            for w in words
        )
    if vocabulary.EMPLOYER_BEFORE.search(before) or vocabulary.is_firm_name(text):
        return False  # 'at Amazon', 'chez Altiqa', 'Halcyon Assurance': an employer
    return all(
        context.language_word(w, common) or vocabulary.is_technical(t)
        for w, t in zip(words, text.split(), strict=False)
        if w
    )


def _ner_candidates(
    ner: Entities,
    settings: DetectSettings,
    first_names: frozenset[str],
    common: frozenset[str],
    context: Context,
) -> list[Candidate]:
    found = []
    for ent_start, ent_end, label in ner.spans:
        if label not in settings.ner_labels:
            continue
        ent_text = ner.text[ent_start:ent_end]
        start, end = _trim(ent_text, ent_start, ent_end)
        text = ent_text[start - ent_start : end - ent_start]
        words = [w.strip(_PUNCTUATION) for w in text.lower().split()]
        category = NER_CATEGORIES[label]
        before = ner.text[max(0, start - 40) : start]
        after = ner.text[end : end + 40]
        if not text or _spurious(
            text,
            words,
            category,
            before=before,
            after=after,
            first_names=first_names,
            common=common,
            context=context,
        ):
            continue
        if len(words) == 1 and fold(words[0]) in first_names:
            category = "PERSON"  # 'Lotta' tagged GPE: Nordic first names fool the model
        found.append(Candidate(start, end, category, "ner", _entity_key(category, text)))
    return found


_TOKEN = re.compile(r"\S+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity's span without the dashes, quotes and fillers around it ('--But',
    '"the Act"', 'Company Y. Um').

    text (str): the entity's text; start, end (int): its offsets in the document.
    """
    lead = len(text) - len(text.lstrip(_PUNCTUATION + " "))
    trail = len(text) - len(text.rstrip(_PUNCTUATION.replace(".", "") + " "))
    start, end = start + lead, max(start + lead, end - trail)
    tokens = list(_TOKEN.finditer(text, lead, max(lead, len(text) - trail)))
    kept = list(tokens)
    while kept and _filler(kept[-1].group()):
        kept.pop()
    while kept and _filler(kept[0].group()):
        kept.pop(0)
    if not kept:
        return start, start
    if len(kept) == len(tokens):
        return start, end
    piece = text[kept[0].start() : kept[-1].end()]
    return _trim(piece, start + kept[0].start() - lead, start + kept[-1].end() - lead)


def _filler(token: str) -> bool:
    return token.strip(_PUNCTUATION).lower() in INTERJECTIONS


def _places(ner: Entities | None) -> set[tuple[int, int]]:
    """The spans NER calls places, which confirm a town that is also a word ('Paris')."""
    spans = ner.spans if ner is not None else ()
    return {(start, end) for start, end, label in spans if label in ("GPE", "LOC")}


def _without_known_people(
    ner: list[Candidate], lexicon: list[Candidate], text: str, common: frozenset[str]
) -> list[Candidate]:
    """NER person spans around a participant's or interviewer's name with nothing but titles
    and ordinary words beside it ('Justice Kennedy') yield to the name, so that one person
    keeps one pseudonym; beside other names ('Carl-Henrik Lundin-Hedlund') they are someone
    else's name and stay whole."""
    people = [c for c in lexicon if c.category in (PARTICIPANT, INTERVIEWER)]
    kept = []
    for c in ner:
        inside = [p for p in people if c.start <= p.start and p.end <= c.end]
        if c.category == "PERSON" and inside:
            rest = text[c.start : inside[0].start] + " " + text[inside[-1].end : c.end]
            words = [w for w in re.split(r"[\s-]+", rest) if w.strip(_PUNCTUATION)]
            if all(gazetteer.is_ordinary(fold(w.strip(_PUNCTUATION)), common) for w in words):
                continue
        kept.append(c)
    return kept
