"""Known entities replaced wherever they are written: every form a layer found, and the parts
of a name found whole, also where no layer found them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.pseudonyms import SURROGATE
from qualpipe.anonymise.spans import NUMBERED, Detection, _fields, _without_possessive
from qualpipe.anonymise.wordsearch import WordSearch, word_search
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.speakers import fold

# A one-word form that is an ordinary word, or this frequent ('said', Swedish 'per'), is a
# word too often to be replaced wherever it is written: in lower case never, capitalised not
# opening a sentence.
PROPAGATE_ZIPF = 5.5
FREQUENT = "|frequent"
# A possessive 's, or an apostrophe alone (Jones'), after a form.
_APOSTROPHE = re.compile(r"['’]s?$")


def _frequent(form: str, common: frozenset[str], languages: Sequence[str]) -> bool:
    """A word of the language ('Sorry', 'summer', 'said'), not a surname ('Johnson')."""
    return gazetteer.is_ordinary(fold(form), common) or (
        vocabulary.zipf(form, languages) >= PROPAGATE_ZIPF
    )


def propagation_pattern(
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    common: frozenset[str],
    languages: Sequence[str],
    names: Collection[str] = frozenset(),
) -> tuple[WordSearch | None, dict[str, str]]:
    """Every form under which a numbered entity was found, to replace it everywhere.

    An organisation found once ('Kvarnby Mekaniska') is replaced in every transcript that
    mentions it, also where no layer found it. One-word forms keep their capital, so that
    'Pia' is replaced but no ordinary word is; a one-word form that is also a word of the
    language ('Hope') only where it does not open a sentence, and never in lower case.
    common (frozenset[str]): the language's ordinary words (stop words, lemma index).
    names (Collection[str]): the gazetteer's folded names, propagated even opening a sentence.
    RETURNS (tuple): the pattern's search (None when there is nothing to propagate) and
        form -> 'CATEGORY|entity key', with '|frequent' for a form that is also a word.
    """
    forms: dict[str, str] = {}
    for d in found:
        category = key.get(d.entity, ("", ""))[0]
        form = _APOSTROPHE.sub("", d.text.strip())
        numbered = category in NUMBERED or category == SURROGATE
        word = " " not in form and _frequent(form, common, languages)
        initial_word = word and fold(form) not in names  # 'Sorry' but not 'Pia', 'Johnson'
        if numbered and len(form) > 2 and not (word and form.islower()):
            key_form = form if " " not in form else form.lower()
            forms.setdefault(key_form, d.entity + FREQUENT * initial_word)
    forms = {
        form: f"{key[entity.removesuffix(FREQUENT)][0]}|{entity}" for form, entity in forms.items()
    }
    if not forms:
        return None, forms
    return forms_search(forms), forms


def forms_search(forms: Collection[str]) -> WordSearch:
    """Where the forms are written: one-word forms as written, longer ones in any case and
    spacing; with "'s" or "'" after them. The search is shared by all transcripts."""
    alternatives = [_form_pattern(form) for form in sorted(forms, key=lambda f: (-len(f), f))]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:['’]s?)?(?!\w)")
    folded = {form for form in forms if " " in form}
    return word_search(pattern, (folded, set(forms) - folded, set()), word_char=r"\w")


def _form_pattern(form: str) -> str:
    """A one-word form as written; a longer one in any case and spacing."""
    if " " not in form:
        return re.escape(form)
    return "(?i:" + r"\s+".join(re.escape(word) for word in form.split()) + ")"


def _free_matches(
    document: Mapping, found: Sequence[Detection], pattern: WordSearch
) -> Iterator[tuple[str, int, str, re.Match[str]]]:
    """(field, turn, text, match) of each match in a transcript that no detection covers
    (a suspect the review layer only listed may still be replaced)."""
    taken: dict[tuple[str, int], list[Detection]] = {}
    for d in found:
        if d.layer != "review":
            taken.setdefault((d.field, d.turn), []).append(d)
    for where, turn, text in _fields(document):
        spans = taken.get((where, turn), [])
        for match in pattern.finditer(text):
            if not any(d.start < match.end() and match.start() < d.end for d in spans):
                yield where, turn, text, match


def _propagated(
    document: Mapping, where: str, turn: int, match: re.Match[str], category: str, entity: str
) -> Detection:
    return Detection(
        document["interview_id"],
        where,
        turn,
        match.start(),
        match.end(),
        match.group(0),
        category,
        "propagated",
        entity,
    )


def propagate(
    document: Mapping,
    found: Sequence[Detection],
    pattern: WordSearch | None,
    forms: Mapping[str, str],
) -> list[Detection]:
    """New detections where a known entity's form appears but no layer found it."""
    if pattern is None:
        return []
    added = []
    for where, turn, text, match in _free_matches(document, found, pattern):
        form = _APOSTROPHE.sub("", match.group(0))
        known = forms.get(form) or forms.get(" ".join(form.lower().split()))
        if not known:
            continue
        category, entity = known.split("|", 1)
        # 'Pia' is replaced wherever it is written; 'Hope', also a word, only where a name
        # stands: not opening a sentence.
        if entity.endswith(FREQUENT) and vocabulary.sentence_initial(text, match.start()):
            continue
        entity = entity.removesuffix(FREQUENT)
        added.append(_propagated(document, where, turn, match, category, entity))
    return added


def name_parts(
    document: Mapping,
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    common: frozenset[str],
) -> list[Detection]:
    """A part of a name found whole in the same interview, where it stands alone: 'Will'
    after 'Will Parker', 'Halcyon' after 'Halcyon Assurance' (the first word of a firm's
    name). Capitalised, and not opening a sentence as a word of the language ('Will you').

    common (frozenset[str]): the language's stop words, which are never parts.
    """
    parts: dict[str, str] = {}
    for d in found:
        words = [w for w in _without_possessive(d.text).split() if w[:1].isupper()]
        category = key.get(d.entity, ("", ""))[0]
        if len(words) < 2 or category not in ("PERSON", "ORG", SURROGATE):
            continue
        for word in words if category != "ORG" else words[:1]:
            if len(word) > 2 and fold(word) not in common:
                parts.setdefault(word, d.entity)
    if not parts:
        return []
    body = "|".join(re.escape(w) for w in sorted(parts, key=lambda w: (-len(w), w)))
    pattern = re.compile(rf"(?<!\w)(?:{body})(?:['’]s)?(?!\w)")
    search = word_search(pattern, (set(), set(parts), set()), word_char=r"\w")
    added = []
    for where, turn, text, match in _free_matches(document, found, search):
        word = _without_possessive(match.group(0))
        # 'Will you' opens an English sentence; 'Will var' a Swedish one with the name.
        if vocabulary.sentence_initial(text, match.start()) and fold(word) in common:
            continue
        entity = parts[word]
        category = key[entity][0] if key[entity][0] != SURROGATE else "PERSON"
        added.append(_propagated(document, where, turn, match, category, entity))
    return added
