"""The study's own words kept: detections the study's vocabulary, the corpus's use (lower case,
an article before, a term noun after) or its consistency say are no identifier are dropped;
name parts that are study words are warned about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.lexicon import INTERVIEWER, PARTICIPANT, strip_diacritics
from qualpipe.anonymise.people import row_people
from qualpipe.anonymise.spans import (
    _CAPITALISED,
    _PUNCTUATION,
    STRONG_LAYERS,
    Detection,
    _fields,
    _form,
)
from qualpipe.anonymise.wordsearch import WordSearch, word_search
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.participants import participant_rows
from qualpipe.common.speakers import fold
from qualpipe.errors import WarningLog

# Corpus evidence: a word written in lower case mid-sentence at least this often, and no
# less often than capitalised there, is a word of the study's language ('data scientist').
CORPUS_LOWERCASE = 2


def _words(text: str) -> list[str]:
    return [w.strip(_PUNCTUATION) for w in text.lower().split() if w.strip(_PUNCTUATION)]


def protect(
    found: Sequence[Detection],
    *,
    protected: Iterable[str],
    documents: Sequence[Mapping],
    common: frozenset[str] = frozenset(),
    names: Collection[str] = frozenset(),
) -> list[Detection]:
    """The detections without the study's own words and the words the corpus writes in
    lower case; participants, terms of anonymisation.yaml and patterns are always kept.

    protected (Iterable[str]): the study's vocabulary: a detection inside one of these
        phrases ('Kvarnholm' in 'Team Kvarnholm'), or made of their words, is dropped.
    documents (Sequence[Mapping]): every parsed transcript, for the corpus evidence.
    common (frozenset[str]): the language's ordinary words, which need the corpus's consent.
    names (Collection[str]): the gazetteer's folded first and last names, never things.
    """
    phrases = {fold(term) for term in protected}
    words = {w for term in phrases for w in _words(term)}
    lower, upper = vocabulary.word_cases(t["text"] for d in documents for t in d["turns"])
    words |= {w for w, n in lower.items() if n >= CORPUS_LOWERCASE and n >= upper[w]}
    spans = _phrase_spans(documents, phrases)
    phrases |= _terms_by_use(documents)
    kept = [d for d in found if not _protected(d, phrases, frozenset(words), spans)]
    return _without_articles(_consistent(kept, upper, common), documents, names)


# Words a name rarely follows: 'the Implanon', 'my Ventolin'. A one-word form that only NER
# took for a name and that the study writes after one of these at least every other time is
# a thing, not a person, a town or a firm ('at Halcyon', 'before Halcyon' take none); no
# name of the gazetteer ever is ('il y a Zoë').
ARTICLE_BEFORE = re.compile(r"\b(?:the|my|your|his|her|their|our|this)\s+$", re.IGNORECASE)
ARTICLE_MENTIONS = 3


def _without_articles(
    found: Sequence[Detection], documents: Sequence[Mapping], names: Collection[str]
) -> list[Detection]:
    layers: dict[str, set[str]] = {}
    for d in found:
        layers.setdefault(_form(d.text), set()).add(d.layer)
    candidates = {
        form
        for form, used in layers.items()
        if used <= {"ner", "propagated", "review"}
        and "ner" in used
        and " " not in form
        and form not in names
    }
    if not candidates:
        return list(found)
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for document in documents:
        for turn in document["turns"]:
            text = turn["text"]
            for match in _CAPITALISED.finditer(text):
                form = _form(match.group(0))
                if form in candidates:
                    mentions[form] += 1
                    articles[form] += bool(ARTICLE_BEFORE.search(text, 0, match.start()))
    things = {
        f for f in candidates if mentions[f] >= ARTICLE_MENTIONS and articles[f] * 2 >= mentions[f]
    }
    return [d for d in found if _form(d.text) not in things]


_BEFORE_TERM_NOUN = re.compile(
    r"(?<![\w'’-])([A-Z][\w-]+)(?=" + vocabulary.TERM_NOUNS.pattern + ")", re.IGNORECASE
)


def _terms_by_use(documents: Sequence[Mapping]) -> set[str]:
    """Words the study uses as products, drugs or methods somewhere ('Jupyter notebooks'):
    a term wherever else it is written ('in Jupyter'), also where NER took it for a name."""
    return {
        fold(match.group(1))
        for document in documents
        for turn in document["turns"]
        for match in _BEFORE_TERM_NOUN.finditer(turn["text"])
        if match.group(1)[:1].isupper()
    }


# A word of the language that the layers took for a name in fewer than one in this many of
# its capitalised mentions is the study's word: 'Justice' taken once for a town ('in
# Justice --') among two hundred 'Justice Kagan'.
CONSISTENT = 4


def _consistent(
    found: Sequence[Detection], upper: Mapping[str, int], common: frozenset[str]
) -> list[Detection]:
    counts = Counter(_form(d.text) for d in found if _weak_word(d, common))
    rare = {
        form
        for form, count in counts.items()
        if upper.get(form, 0) >= CONSISTENT and count * CONSISTENT < upper[form]
    }
    return [d for d in found if not (_weak_word(d, common) and _form(d.text) in rare)]


def _weak_word(d: Detection, common: frozenset[str]) -> bool:
    """A one-word detection of a weaker layer that is also an ordinary word."""
    return (
        d.layer not in STRONG_LAYERS
        and d.category not in (PARTICIPANT, INTERVIEWER, "DATE")
        and " " not in d.text.strip()
        and gazetteer.is_ordinary(_form(d.text), common)
    )


def _phrase_spans(
    documents: Sequence[Mapping], phrases: Iterable[str]
) -> dict[tuple[str, str, int], list[tuple[int, int]]]:
    """Where the study's phrases of two or more words occur, by interview, field and turn."""
    longer = sorted((p for p in phrases if " " in p), key=lambda p: (-len(p), p))
    if not longer:
        return {}
    search = phrase_search(longer)
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    for document in documents:
        for where, turn, text in _fields(document):
            found = [(m.start(), m.end()) for m in search.finditer(strip_diacritics(text))]
            if found:
                spans[(document["interview_id"], where, turn)] = found
    return spans


def phrase_search(phrases: Sequence[str]) -> WordSearch:
    """Where the phrases are written, in any case and spacing, longest first."""
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return word_search(pattern, (set(phrases), set(), set()), word_char=r"\w")


def _protected(
    d: Detection,
    phrases: set[str],
    words: frozenset[str],
    spans: Mapping[tuple[str, str, int], list[tuple[int, int]]],
) -> bool:
    if d.layer in STRONG_LAYERS or d.category in (PARTICIPANT, INTERVIEWER, "DATE"):
        return False
    if _form(d.text) in phrases:
        return True
    inside = spans.get((d.interview_id, d.field, d.turn), [])
    if any(start <= d.start and d.end <= end for start, end in inside):
        return True
    if d.category == "PERSON":
        return False  # a person's name is not a word of the study because one part is
    return all(w in words for w in _words(d.text))


def warn_collisions(participants_path: str, protected: Mapping[str, str]) -> None:
    """One warning per study word that is also a participant's or interviewer's name part
    (never quoting the name: the interview and the kind of word say where to look)."""
    words = {w: where for term, where in protected.items() for w in _words(fold(term))}
    warnings = WarningLog()
    for row in participant_rows(participants_path):
        respondents, interviewers = row_people(row)
        for person, people in (("participant", respondents), ("interviewer", interviewers)):
            for _, name in people:
                for part in _words(fold(name.replace("-", " "))):
                    if part in words and len(part) > 1:
                        warnings.add(
                            "W202",
                            file=words[part],
                            what="a word of the study's vocabulary",
                            person=person,
                            interview=row["interview_id"].strip(),
                        )
    warnings.emit()
