"""The other detection layers over one text (study lexicon, patterns, name gazetteer, script,
review, runs of capitals) and how their overlapping candidates are resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

from qualpipe.anonymise import gazetteer, patterns
from qualpipe.anonymise.context import Context
from qualpipe.anonymise.lexicon import INTERVIEWER, PARTICIPANT, Lexicon
from qualpipe.anonymise.settings import DetectSettings
from qualpipe.anonymise.spans import (
    _CAPITALISED,
    _NAME_BEFORE,
    STRONG_LAYERS,
    Candidate,
    _entity_key,
)
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.speakers import fold

_NAME_AFTER = re.compile(r" ([A-ZÅÄÖÆØÉÜ][\w'’-]+)")


def _lexicon_candidates(
    text: str,
    lexicon: Lexicon,
    prefer: Sequence[str],
    ordinary: Callable[[str], bool],
    vocabulary: frozenset[str] = frozenset(),
) -> list[Candidate]:
    found = []
    for hit in lexicon.find(text, prefer=prefer):
        written = text[hit.start : hit.end]
        lowercase_word = written[:1].islower() and " " not in written
        if lowercase_word and gazetteer.is_ordinary(fold(written), vocabulary):
            continue  # 'mark' the word, not participant Mark
        candidate = Candidate(hit.start, hit.end, hit.entity.category, "lexicon", hit.entity.key)
        found.append(_someone_else(text, candidate, hit.entity.name, ordinary))
    return found


def _someone_else(
    text: str, candidate: Candidate, name: str, ordinary: Callable[[str], bool]
) -> Candidate:
    """'Azra Yılmaz' is not participant 'Leyla Yılmaz': a name part next to a capitalised
    word that is no part of the person's name names someone else with that part."""
    if (
        candidate.category not in (PARTICIPANT, INTERVIEWER)
        or " " in text[candidate.start : candidate.end]
    ):
        return candidate
    parts = {fold(part) for part in re.split(r"[\s-]+", name)}
    before = _NAME_BEFORE.search(text, 0, candidate.start)
    after = _NAME_AFTER.match(text, candidate.end)
    start, end = candidate.start, candidate.end
    if before and fold(before.group(1)) not in parts and not _no_name(before.group(1), ordinary):
        start = before.start(1)
    if after and fold(after.group(1)) not in parts and not _no_name(after.group(1), ordinary):
        end = after.end(1)
    if (start, end) == (candidate.start, candidate.end):
        return candidate
    return Candidate(start, end, "PERSON", "lexicon", _entity_key("PERSON", text[start:end]))


def _no_name(word: str, ordinary: Callable[[str], bool]) -> bool:
    return ordinary(word) or vocabulary.is_contraction(word)


def _pattern_candidates(text: str, settings: DetectSettings) -> list[Candidate]:
    return [
        Candidate(m.start, m.end, m.category, "pattern", "" if m.category == "DATE" else m.category)
        for m in patterns.find_patterns(text, dates=settings.find_dates)
    ]


def _gazetteer_candidates(
    text: str,
    others: Sequence[Candidate],
    names: gazetteer.Names,
    common: frozenset[str],
    context: Context,
    places: Collection[tuple[int, int]] = (),
) -> list[Candidate]:
    words = [
        w
        for w in gazetteer.name_words(text, names=names, vocabulary=common)
        if w.capitalised or not _lowercase_word(w.text, context)
    ]
    people = [c for c in others if c.category in ("PERSON", PARTICIPANT, INTERVIEWER)]
    edges = {c.start for c in people} | {c.end for c in people}
    accepted = gazetteer.accept(words, neighbours=edges)
    found = [
        Candidate(start, end, "PERSON", "gazetteer", _entity_key("PERSON", text[start:end]))
        for start, end in (
            _with_first_word(text, span, common, names.first)
            for span in gazetteer.merge_adjacent(accepted, text)
        )
    ]
    found += [
        Candidate(start, end, "PLACE", "gazetteer", _entity_key("PLACE", text[start:end]))
        for start, end in gazetteer.place_names(
            text, names=names, common=common, lowercase=context.lowercase, confirmed=places
        )
    ]
    found += [
        Candidate(m.start(), m.end(), "PLACE", "gazetteer", _entity_key("PLACE", m.group(0)))
        for m in _CAPITALISED.finditer(text)
        if vocabulary.toponym(m.group(0), context.languages[0])
        and not vocabulary.sentence_initial(text, m.start())
    ]
    return found


def _with_first_word(
    text: str, span: tuple[int, int], common: frozenset[str], first: frozenset[str]
) -> tuple[int, int]:
    """A name with the capitalised word before it that the gazetteer does not know ('Will' in
    'med Will Parker'), unless that word opens the sentence as an ordinary word ('Then')."""
    before = _NAME_BEFORE.search(text, 0, span[0])
    if before is None:
        return span
    word = before.group(1)
    initial = vocabulary.sentence_initial(text, before.start(1))
    if vocabulary.is_contraction(word) or fold(word) in common:
        return span
    if initial and (fold(word) not in first or gazetteer.is_ordinary(fold(word), common)):
        return span  # 'And Parker', 'Then Parker'; but 'Åsa Parker' opening a sentence
    return before.start(1), span[1]


# A lower-case name word the interview writes in lower case this often, and that is a
# frequent word of its language, is that word: Swedish 'per dag', not Per.
LOWERCASE_EVIDENCE = 3
LOWERCASE_ZIPF = 3.0


def _lowercase_word(word: str, context: Context) -> bool:
    return (
        context.lowercase[word] >= LOWERCASE_EVIDENCE
        and vocabulary.zipf(word, context.languages[:1]) >= LOWERCASE_ZIPF
    )


def _script_candidates(text: str) -> list[Candidate]:
    """Words in another script than the text's own, or mixing scripts ('Дмитрий' in an
    English answer, a Latin name with a Cyrillic 'а'): names, as a rule, in interviews."""
    return [
        Candidate(start, end, "PERSON", "script", _entity_key("PERSON", text[start:end]))
        for start, end in vocabulary.foreign_script_words(text)
    ]


def review_candidates(
    text: str,
    kept: Sequence[Candidate],
    common: frozenset[str],
    context: Context,
) -> list[Candidate]:
    """Capitalised words no layer took that may still name someone: not sentence-initial,
    no contraction, no ordinary word or term of the language, never written in lower case."""
    if not common:
        return []
    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group(0).rstrip("'’")
        if not word[:1].isupper():  # most words: no need to look at the kept spans
            continue
        if (
            any(c.start < match.end() and match.start() < c.end for c in kept)
            or vocabulary.sentence_initial(text, match.start())
            or context.language_word(word.lower(), common)
            or context.lowercase[word.lower().removesuffix("'s").removesuffix("’s")] > 0
            or _term_compound(word, context)
        ):
            continue
        end = match.start() + len(word)
        found.append(Candidate(match.start(), end, "OTHER", "review", _entity_key("OTHER", word)))
    return found


def _term_compound(word: str, context: Context) -> bool:
    """A technical word ('PHQ-9', 'HbA1c') or a compound that ends in a word of the language
    ('INR-mottagningen', 'AUDIT-formuläret'): a term, no name."""
    parts = word.split("-")
    if any(vocabulary.is_technical(part) for part in parts):
        return True
    return (
        len(parts) > 1 and parts[-1].islower() and vocabulary.is_term(parts[-1], context.languages)
    )


def name_pairs(text: str, review: Sequence[Candidate]) -> list[Candidate]:
    """Two or more capitalised words in a row that no layer knows and no language uses
    ('Azra Begić' mid-sentence): a person's name, replaced, not only listed."""
    runs: list[list[Candidate]] = []
    for candidate in review:
        if runs and text[runs[-1][-1].end : candidate.start] == " ":
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    return [
        Candidate(
            run[0].start,
            run[-1].end,
            "PERSON",
            "capitals",
            _entity_key("PERSON", text[run[0].start : run[-1].end]),
        )
        for run in runs
        if len(run) > 1
    ]


def _with_institution(text: str, candidate: Candidate) -> Candidate:
    """An organisation or place name with the institution noun that follows it."""
    if candidate.category not in ("ORG", "PLACE"):
        return candidate
    end = patterns.institution_end(text, candidate.end)
    if end == candidate.end:
        return candidate
    return Candidate(candidate.start, end, "ORG", candidate.layer, candidate.entity)


def select(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: earlier layers first, then longer spans."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.priority):
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _kept_words(
    text: str, candidates: Sequence[Candidate], keep: Sequence[tuple[int, int]]
) -> list[Candidate]:
    """Candidates of the weaker layers that touch a placeholder or a never_redact term
    ('Company Y. Um' holds 'Company Y') are dropped; the stronger layers still decide."""
    return [
        c
        for c in candidates
        if c.layer in STRONG_LAYERS or not any(s < c.end and c.start < e for s, e in keep)
    ]


def _hyphen_joined(text: str, candidate: Candidate) -> Candidate:
    """A name with the capitalised parts hyphenated to it ('Lundin-[Hedlund]',
    '[Jan-Åke Granlund]-Häggström'): a hyphenated name is one name."""
    start, end = candidate.start, candidate.end
    while (tail := _HYPHEN_TAIL.match(text, end)) is not None:
        end = tail.end()
    while (head := _HYPHEN_HEAD.search(text, 0, start)) is not None:
        start = head.start()
    if (start, end) == (candidate.start, candidate.end):
        return candidate
    return Candidate(start, end, candidate.category, candidate.layer, candidate.entity)


_HYPHEN_TAIL = re.compile(r"-[A-ZÅÄÖÆØÉÜ][\w'’]+")
_HYPHEN_HEAD = re.compile(r"(?<![\w-])[A-ZÅÄÖÆØÉÜ][\w'’]+-$")
