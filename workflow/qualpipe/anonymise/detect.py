"""Anonymise stage: identifiers found in layers, replaced by consistent pseudonyms.

Three steps, each a Snakemake job: `detect_batch` runs the layers (study lexicon, patterns,
name gazetteer, spaCy NER, review) over a batch of parsed transcripts, loading the NER
pipeline once per batch; `build_key` gives every real entity one pseudonym for the whole
study; `replace_all` writes the anonymised transcripts and a summary without real text.
Detections, key and review list hold real text and stay in the private folder.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from qualpipe.anonymise import gazetteer, patterns
from qualpipe.anonymise.lexicon import (
    INTERVIEWER,
    PARTICIPANT,
    Lexicon,
    build_lexicon,
    strip_diacritics,
)
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.io import write_json_atomic, write_rows, write_text_atomic
from qualpipe.common.language import document_language
from qualpipe.common.nlp import (
    Pipeline,
    fit_max_length,
    load_pipeline,
    no_pipeline,
    stop_words,
    with_aliased_labels,
)
from qualpipe.common.participants import participant_rows, split_names
from qualpipe.common.records import render_with_offsets
from qualpipe.common.speakers import fold
from qualpipe.errors import WarningLog

LOGGER = logging.getLogger("qualpipe")
LAYERS = ("lexicon", "pattern", "ner", "gazetteer", "script", "capitals", "review", "propagated")
# Layers that decide on their own; the others yield to the language (vocabulary.py).
STRONG_LAYERS = ("lexicon", "pattern")
NER_CATEGORIES = {
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "ORG",
    "NORP": "GROUP",
}
# Categories of names, which a hyphen may continue ('Lundin-Hedlund').
_NAMED = frozenset({"PERSON", "PARTICIPANT", "INTERVIEWER", "ORG", "PLACE"})
# Categories replaced by one fixed bracket: telling two phone numbers apart helps no reader.
FIXED = {"PHONE", "EMAIL", "URL", "ID NUMBER", "POSTCODE"}
NUMBERED = ("PERSON", "PLACE", "ORG", "GROUP", "ADDRESS", "OTHER")
# spaCy's small English pipeline tags hesitations and the agency as PERSON or ORG.
INTERJECTIONS = frozenset(
    [
        "hmm",
        "hm",
        "mm",
        "mhm",
        "um",
        "umm",
        "uh",
        "er",
        "erm",
        "eh",
        "ah",
        "oh",
        "okay",
        "ok",
        "yeah",
        "yes",
        "no",
        "right",
        "well",
        "so",
        "sorry",
        "thanks",
        "please",
        "hello",
        "hi",
        "bye",
    ]
)
_CAPITALISED = re.compile(r"(?<![\w'’])[^\W\d_][\w'’-]+")


@dataclass(frozen=True)
class Detection:
    """One identifier found in one field of one interview (real text: private).

    field (str): 'header', 'speaker' or 'text'; turn is -1 for the header.
    start, end (int): offsets into that field's text, end exclusive.
    entity (str): the key that decides the pseudonym; '' for dates.
    """

    interview_id: str
    field: str
    turn: int
    start: int
    end: int
    text: str
    category: str
    layer: str
    entity: str


@dataclass(frozen=True)
class Settings:
    """The anonymise section of config.yaml, as the stage functions need it."""

    ner_labels: tuple[str, ...] = ("PERSON", "GPE", "LOC", "ORG", "FAC")
    dates: str = "month"
    strict: bool = False
    locales: tuple[str, ...] = gazetteer.DEFAULT_LOCALES
    never_redact: tuple[str, ...] = ()
    surrogates: bool = False


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    category: str
    layer: str
    entity: str

    @property
    def priority(self) -> tuple[int, int]:
        # Longer spans first ('Anna Hellström' over a participant's surname 'Hellström'),
        # then the more reliable layer.
        return (self.start - self.end, LAYERS.index(self.layer))


def read_terms(path: str) -> tuple[list[dict[str, str]], list[str]]:
    """The 'redact' and 'never_redact' lists of data/anonymisation.yaml (may be absent)."""
    import yaml

    file = Path(path)
    if not file.is_file():
        return [], []
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return list(data.get("redact") or []), [str(term) for term in data.get("never_redact") or []]


def row_people(row: Mapping[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(entity key, real name) of a row's participants and of its interviewers.

    A lone participant is keyed by person_id when there is one, so that one person
    interviewed in two waves is one entity; otherwise people are keyed by their folded name.
    """
    respondents = split_names(row["participant"])
    person = (row.get("person_id") or "").strip()
    single = person if person and len(respondents) == 1 else ""
    participants = [(f"participant:{single or fold(name)}", name) for name in respondents]
    interviewers = [(f"interviewer:{fold(n)}", n) for n in split_names(row["interviewer"])]
    return participants, interviewers


def study_people(participants_path: str) -> dict[str, tuple[str, str]]:
    """Every participant and interviewer as entity key -> (category, real name)."""
    people: dict[str, tuple[str, str]] = {}
    for row in participant_rows(participants_path):
        respondents, interviewers = row_people(row)
        for key, name in respondents:
            people.setdefault(key, (PARTICIPANT, name))
        for key, name in interviewers:
            people.setdefault(key, (INTERVIEWER, name))
    return people


def _entity_key(category: str, text: str) -> str:
    return f"{category.lower()}:{_form(text)}"


_NAME_BEFORE = re.compile(r"([A-ZÅÄÖÆØÉÜ][\w'’-]+) $")
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


def _pattern_candidates(text: str, settings: Settings) -> list[Candidate]:
    return [
        Candidate(m.start, m.end, m.category, "pattern", "" if m.category == "DATE" else m.category)
        for m in patterns.find_patterns(text, dates=settings.dates != "keep")
    ]


# An English word this frequent (Zipf), ten times rarer in the interview's own language, is
# an English loanword there ('Slack' 3.7 vs French 2.5), not a name on NER's word alone.
FOREIGN_ZIPF = 3.5


@dataclass(frozen=True)
class Context:
    """What the layers know of the interview a text belongs to.

    languages (tuple[str, ...]): the interview's language and English, whose terms are kept.
    lowercase (Counter[str]): words the interview writes in lower case mid-sentence.
    """

    languages: tuple[str, ...] = ("en",)
    lowercase: Counter[str] = field(default_factory=Counter)

    def foreign_word(self, word: str) -> bool:
        """A frequent English word in another language's interview ('Slack', 'Data')."""
        english = vocabulary.zipf(word, ("en",))
        own = vocabulary.zipf(word, self.languages[:1])
        return self.languages[0] != "en" and english >= FOREIGN_ZIPF and own < english - 1.0

    def language_word(self, word: str, common: frozenset[str]) -> bool:
        """A word of the language or a term ('data', 'Kubernetes', 'API'), not a private name."""
        return (
            not any(c.isalpha() for c in word)
            or word in INTERJECTIONS
            or gazetteer.is_ordinary(fold(word), common)
            or vocabulary.is_contraction(word)
            or vocabulary.is_term(word, self.languages)
            or self.lowercase[word] > 0
        )


def document_context(document: Mapping, default_language: str) -> Context:
    """The languages and the lower-case words of one parsed transcript."""
    language = document.get("language") or default_language
    texts = [turn["text"] for turn in document["turns"]]
    lower, _ = vocabulary.word_cases(texts)
    return Context(languages=vocabulary.term_languages(language), lowercase=lower)


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
    doc: object,
    settings: Settings,
    first_names: frozenset[str],
    common: frozenset[str],
    context: Context,
) -> list[Candidate]:
    found = []
    for ent in doc.ents:  # type: ignore[attr-defined]
        if ent.label_ not in settings.ner_labels:
            continue
        start, end = _trim(ent.text, ent.start_char, ent.end_char)
        text = ent.text[start - ent.start_char : end - ent.start_char]
        words = [w.strip(_PUNCTUATION) for w in text.lower().split()]
        category = NER_CATEGORIES[ent.label_]
        before = doc.text[max(0, start - 40) : start]  # type: ignore[attr-defined]
        after = doc.text[end : end + 40]  # type: ignore[attr-defined]
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


_PUNCTUATION = "\"'“”‘’.,;:!?()[]-–—*/"
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
        covered = any(c.start < match.end() and match.start() < c.end for c in kept)
        if (
            covered
            or not word[:1].isupper()
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


@dataclass
class Detector:
    """The detection layers of one study, loaded once per batch.

    pipelines (dict[str, Pipeline]): the NER pipelines loaded so far, by language; a
        language's pipeline is loaded when an interview in it first needs it.
    models (Mapping[str, str]): language -> configured pipeline package.
    language (str): the language this detector's layers work in (the study's, or an
        interview's: see `for_language`); `pipeline` is that language's pipeline.
    """

    lexicon: Lexicon
    names: gazetteer.Names
    never_redact: frozenset[str]
    settings: Settings
    language: str = "en"
    models: Mapping[str, str] = field(default_factory=dict)
    pipelines: dict[str, Pipeline] = field(default_factory=dict)

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline of the detector's language (NER, ordinary words)."""
        return self.pipeline_for(self.language)

    def pipeline_for(self, language: str) -> Pipeline:
        """The trained pipeline of a language, or a Pipeline without nlp saying why none."""
        if language not in self.pipelines:
            model = self.models.get(language)
            loaded = load_pipeline(model, language=language) if model else no_pipeline(language)
            self.pipelines[language] = loaded
        return self.pipelines[language]

    def for_language(self, language: str) -> Detector:
        """The same layers for an interview in another language: its own NER pipeline and
        ordinary words (the loaded pipelines are shared)."""
        return replace(self, language=language)

    @cached_property
    def never_pattern(self) -> re.Pattern[str] | None:
        """The never_redact terms, found wherever they are written (any case, diacritics)."""
        if not self.never_redact:
            return None
        body = "|".join(
            r"\s+".join(re.escape(w) for w in term.split())
            for term in sorted(self.never_redact, key=lambda t: (-len(t), t))
        )
        return re.compile(rf"(?<!\w)(?:{body})(?:['’]s)?(?!\w)", re.IGNORECASE)

    def ordinary(self, word: str) -> bool:
        """An ordinary word of the language that is no first name ('Then', 'Plus')."""
        folded = fold(word)
        return folded not in self.names.first and (
            gazetteer.is_ordinary(folded, self.pipeline.vocabulary) or folded in INTERJECTIONS
        )

    def kept_spans(self, text: str, context: Context) -> list[tuple[int, int]]:
        """Placeholders and never_redact terms in a text: no weaker layer may take them."""
        spans = vocabulary.placeholders(text, languages=context.languages, names=self.names.first)
        if self.never_pattern is not None:
            folded = strip_diacritics(text)
            spans += [(m.start(), m.end()) for m in self.never_pattern.finditer(folded)]
        return spans

    def candidates(
        self, text: str, doc: object | None, prefer: Sequence[str], context: Context | None = None
    ) -> list[Candidate]:
        """The identifiers of one text, layer by layer, overlaps resolved."""
        context = context or Context(languages=vocabulary.term_languages(self.language))
        common = self.pipeline.vocabulary
        found = _lexicon_candidates(text, self.lexicon, prefer, self.ordinary, common)
        found += _pattern_candidates(text, self.settings)
        if doc is not None:
            ner = _ner_candidates(doc, self.settings, self.names.first, common, context)
            found += _without_known_people(ner, found, text, common)
        found += _gazetteer_candidates(text, found, self.names, common, context, _places(doc))
        found += _script_candidates(text)
        keep = self.kept_spans(text, context)
        found = [_hyphen_joined(text, c) if c.category in _NAMED else c for c in found]
        kept = [_with_institution(text, c) for c in select(_kept_words(text, found, keep))]
        review = _kept_words(text, review_candidates(text, kept, common, context), keep)
        return select(kept + name_pairs(text, review) + review)  # review: strict mode only


def _places(doc: object | None) -> set[tuple[int, int]]:
    """The spans NER calls places, which confirm a town that is also a word ('Paris')."""
    ents = doc.ents if doc is not None else ()  # type: ignore[attr-defined]
    return {(e.start_char, e.end_char) for e in ents if e.label_ in ("GPE", "LOC")}


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


def make_detector(
    *,
    participants_path: str,
    anonymisation_path: str,
    model: str,
    language: str,
    settings: Settings,
    models: Mapping[str, str] | None = None,
) -> Detector:
    """Load everything the layers need: lexicon, gazetteer, the study language's pipeline.

    model (str): the pipeline package of the study language, used when models is None.
    language (str): the study language.
    models (Mapping[str, str]): language -> pipeline package, for every language that has
        one (config nlp.model and nlp.models); the others' pipelines load when needed.
    """
    terms, never = read_terms(anonymisation_path)
    never_redact = frozenset(fold(term) for term in (*never, *settings.never_redact))
    detector = Detector(
        lexicon=build_lexicon(people=study_people(participants_path), terms=terms),
        names=gazetteer.load_names(tuple(settings.locales)).without(never_redact),
        never_redact=never_redact,
        settings=settings,
        language=language,
        models=dict(models) if models is not None else {language: model},
        pipelines={},
    )
    detector.pipeline_for(language)  # loaded now, so that a missing model is said at once
    return detector


def _fields(document: Mapping) -> list[tuple[str, int, str]]:
    """(field, turn, text) of everything in a parsed transcript that may hold identifiers."""
    fields = [("header", -1, document["header"]["text"])]
    for turn in document["turns"]:
        fields.append(("speaker", turn["index"], turn["speaker"]))
        fields.append(("text", turn["index"], turn["text"]))
    return fields


def _prefer(document: Mapping, people: Mapping[str, tuple[str, str]]) -> list[str]:
    """Entity keys of this interview's own people, preferred when a first name is shared."""
    attributes = document["attributes"]
    person = attributes.get("person_id", "")
    return [key for key in people if key.endswith(f":{person}")] if person else []


def detect_document(
    document: Mapping, detector: Detector, docs: Iterable[object | None]
) -> list[Detection]:
    """Every identifier in one parsed transcript.

    document (Mapping): the ingest stage's JSON document.
    detector (Detector): the study's layers.
    docs (Iterable): the NER Doc of each field's text, in `_fields` order (None without NER).
    RETURNS (list[Detection]): by field, then position.
    """
    people = {e.key: (e.category, e.name) for es in detector.lexicon.forms.values() for e in es}
    prefer = _prefer(document, people)
    context = document_context(document, detector.language)
    detections = []
    for (where, turn, text), doc in zip(_fields(document), docs, strict=True):
        for c in detector.candidates(text, doc, prefer, context):
            detections.append(
                Detection(
                    document["interview_id"],
                    where,
                    turn,
                    c.start,
                    c.end,
                    text[c.start : c.end],
                    c.category,
                    c.layer,
                    c.entity,
                )
            )
    return detections


def detect_batch(
    *,
    documents: Sequence[str],
    output_path: str,
    participants_path: str,
    anonymisation_path: str,
    model: str,
    language: str,
    settings: Mapping[str, object],
    batch_size: int = 64,
    models: Mapping[str, str] | None = None,
) -> int:
    """Run the detection layers over a batch of parsed transcripts (one load per model).

    documents (Sequence[str]): the batch's ingest JSON files; each names its language.
    output_path (str): JSON lines of detections, private; first the pipeline of each
        language the batch holds, with the interviews it served.
    model, language, models: the study language's pipeline and the others' (make_detector).
    RETURNS (int): the number of detections written.
    """
    detector = make_detector(
        participants_path=participants_path,
        anonymisation_path=anonymisation_path,
        model=model,
        language=language,
        settings=settings_from(settings),
        models=models,
    )
    views: dict[str, Detector] = {}  # one per language: its cached properties stay cached
    served: dict[str, list[str]] = {}
    lines, count = [], 0
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        code = document_language(document, language)
        own = views.setdefault(code, views.get(code) or detector.for_language(code))
        served.setdefault(code, []).append(document["interview_id"])
        for detection in detect_document(document, own, _ner_docs(document, own, batch_size)):
            lines.append(json.dumps(asdict(detection), ensure_ascii=False, sort_keys=True))
            count += 1
    records = [
        {"pipeline": {**detector.pipeline_for(code).info, "language": code, "interviews": ids}}
        for code, ids in sorted(served.items())
    ]
    lines = [json.dumps(record, sort_keys=True) for record in records] + lines
    write_text_atomic("\n".join(lines) + "\n", Path(output_path), private=True)
    LOGGER.info("%d detections in %d interviews", count, len(documents))
    return count


def _ner_docs(document: Mapping, detector: Detector, batch_size: int) -> list[object | None]:
    """NER over a transcript's header and turn texts with the pipeline of the detector's
    language (none for another language's text); speaker labels are left to the lexicon."""
    fields = _fields(document)
    docs: list[object | None] = [None] * len(fields)
    nlp = detector.pipeline.nlp
    if nlp is None:
        return docs
    wanted = [i for i, (field, _, _) in enumerate(fields) if field != "speaker"]
    texts = [fields[i][2] for i in wanted]
    fit_max_length(nlp, texts)
    for index, doc in zip(wanted, nlp.pipe(texts, batch_size=batch_size), strict=True):
        docs[index] = with_aliased_labels(doc)
    return docs


def settings_from(values: Mapping[str, object]) -> Settings:
    """Settings from the anonymise section of config.yaml."""
    return Settings(
        ner_labels=tuple(values.get("ner_labels", Settings.ner_labels)),  # type: ignore[arg-type]
        dates=str(values.get("dates", Settings.dates)),
        strict=bool(values.get("strict", Settings.strict)),
        locales=tuple(values.get("gazetteer_locales", Settings.locales)),  # type: ignore[arg-type]
        never_redact=tuple(values.get("never_redact", ())),  # type: ignore[arg-type]
        surrogates=bool(values.get("surrogates", Settings.surrogates)),
    )


def read_detections(paths: Sequence[str]) -> tuple[list[Detection], list[dict]]:
    """Detections of all batches, in batch order, and each batch's pipeline information."""
    detections, pipelines = [], []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "pipeline" in record:
                pipelines.append(record["pipeline"])
            else:
                detections.append(Detection(**record))
    return detections, pipelines


def participant_labels(
    participants_path: str,
    *,
    roles: Mapping[str, Mapping[str, str]],
    site_labels: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Attribution labels: participant entity key -> 'Insurance official 4, office 2'.

    Numbers count persons within a role in the order of participants.csv, so one person
    interviewed twice keeps one label. RETURNS (tuple): participants' and interviewers' labels.
    """
    people, interviewers = {}, {}
    counters: Counter[str] = Counter()
    for row in participant_rows(participants_path):
        role = roles[row["role"]]
        respondents, row_interviewers = row_people(row)
        for key, _ in respondents:
            if key in people:
                continue
            counters[row["role"]] += 1
            template = role.get("attribution", "{label} {number}")
            site = site_labels.get(row["site"], "")
            label = template.format(label=role["label"], number=counters[row["role"]], site=site)
            people[key] = label.rstrip(", ").replace(", ,", ",")
        for key, _ in row_interviewers:
            interviewers.setdefault(key, "")
    numbered = len(interviewers) > 1
    for number, key in enumerate(interviewers, start=1):
        interviewers[key] = f"Interviewer {number}" if numbered else "Interviewer"
    return people, interviewers


def link_partial_names(detections: Sequence[Detection]) -> list[Detection]:
    """'Anna' to 'Anna Hellström' when one person of that interview has that name part."""
    full: dict[str, dict[str, set[str]]] = {}
    for d in detections:
        words = d.entity.split(":", 1)[-1].split()
        if d.category == "PERSON" and len(words) > 1:
            for word in words:
                full.setdefault(d.interview_id, {}).setdefault(word, set()).add(d.entity)
    linked = []
    for d in detections:
        words = d.entity.split(":", 1)[-1].split()
        owners = full.get(d.interview_id, {}).get(words[0], set()) if len(words) == 1 else set()
        if d.category == "PERSON" and len(owners) == 1:
            d = Detection(**{**asdict(d), "entity": next(iter(owners))})
        linked.append(d)
    return linked


def assign_pseudonyms(
    detections: Sequence[Detection],
    *,
    participants: Mapping[str, str],
    interviewers: Mapping[str, str],
) -> dict[str, tuple[str, str]]:
    """entity key -> (category, pseudonym), numbered by first appearance in the study."""
    key: dict[str, tuple[str, str]] = {}
    counters: Counter[str] = Counter()
    for d in detections:
        if not d.entity or d.entity in key:
            continue
        if d.category == PARTICIPANT:
            key[d.entity] = (d.category, participants.get(d.entity, "Participant"))
        elif d.category == INTERVIEWER:
            key[d.entity] = (d.category, interviewers.get(d.entity, "Interviewer"))
        elif d.category in FIXED:
            key[d.entity] = (d.category, d.category)
        else:
            counters[d.category] += 1
            key[d.entity] = (d.category, f"{d.category} {counters[d.category]}")
    return key


SURROGATE = "PERSON (surrogate)"
SURROGATE_SEED = 2013


def use_surrogates(
    key: dict[str, tuple[str, str]], found: Sequence[Detection], *, seed: int = SURROGATE_SEED
) -> None:
    """Give numbered persons realistic invented names instead of [PERSON n] (seeded).

    No surrogate shares a word with any real name or form the study holds, and no two
    persons share a surrogate.
    """
    from faker import Faker

    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    taken = {word for d in found for word in fold(d.text).split()}
    taken |= {word for _, name in key.values() for word in fold(name).split()}
    for entity, (category, _) in key.items():
        if category != "PERSON":
            continue
        name = f"{fake.first_name()} {fake.last_name()}"
        while any(word in taken for word in fold(name).split()):
            name = f"{fake.first_name()} {fake.last_name()}"
        taken |= set(fold(name).split())
        key[entity] = (SURROGATE, name)


# A one-word form that is an ordinary word, or this frequent ('said', Swedish 'per'), is a
# word too often to be replaced wherever it is written: in lower case never, capitalised not
# opening a sentence.
PROPAGATE_ZIPF = 5.5
FREQUENT = "|frequent"


def _frequent(form: str, common: frozenset[str], languages: Sequence[str]) -> bool:
    """A word of the language ('Sorry', 'summer', 'said'), not a surname ('Johnson')."""
    return gazetteer.is_ordinary(fold(form), common) or (
        vocabulary.zipf(form, languages) >= PROPAGATE_ZIPF
    )


def propagation_pattern(
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    common: frozenset[str],
    languages: Sequence[str] = ("en",),
    names: Collection[str] = frozenset(),
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every form under which a numbered entity was found, to replace it everywhere.

    An organisation found once ('Kvarnby Mekaniska') is replaced in every transcript that
    mentions it, also where no layer found it. One-word forms keep their capital, so that
    'Pia' is replaced but no ordinary word is; a one-word form that is also a word of the
    language ('Hope') only where it does not open a sentence, and never in lower case.
    common (frozenset[str]): the language's ordinary words (stop words, lemma index).
    names (Collection[str]): the gazetteer's folded names, propagated even opening a sentence.
    RETURNS (tuple): the pattern (None when there is nothing to propagate) and
        form -> 'CATEGORY|entity key', with '|frequent' for a form that is also a word.
    """
    forms: dict[str, str] = {}
    for d in found:
        category = key.get(d.entity, ("", ""))[0]
        form = re.sub(r"['’]s?$", "", d.text.strip())
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
    alternatives = [_form_pattern(form) for form in sorted(forms, key=lambda f: (-len(f), f))]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:['’]s?)?(?!\w)")
    return pattern, forms


def _form_pattern(form: str) -> str:
    """A one-word form as written; a longer one in any case and spacing."""
    if " " not in form:
        return re.escape(form)
    return "(?i:" + r"\s+".join(re.escape(word) for word in form.split()) + ")"


def _free_matches(
    document: Mapping, found: Sequence[Detection], pattern: re.Pattern[str]
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
    pattern: re.Pattern[str] | None,
    forms: Mapping[str, str],
) -> list[Detection]:
    """New detections where a known entity's form appears but no layer found it."""
    if pattern is None:
        return []
    added = []
    for where, turn, text, match in _free_matches(document, found, pattern):
        form = re.sub(r"['’]s?$", "", match.group(0))
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
    added = []
    for where, turn, text, match in _free_matches(document, found, pattern):
        word = _without_possessive(match.group(0))
        # 'Will you' opens an English sentence; 'Will var' a Swedish one with the name.
        if vocabulary.sentence_initial(text, match.start()) and fold(word) in common:
            continue
        entity = parts[word]
        category = key[entity][0] if key[entity][0] != SURROGATE else "PERSON"
        added.append(_propagated(document, where, turn, match, category, entity))
    return added


def replacement(d: Detection, key: Mapping[str, tuple[str, str]], *, dates: str) -> str:
    """What replaces one detection in running text."""
    if d.category == "DATE":
        return patterns.generalise_date(d.text, policy=dates)
    category, pseudonym = key[d.entity]
    possessive = re.search(r"['’]s$", d.text)
    shown = pseudonym if category == SURROGATE else f"[{pseudonym}]"
    return shown + (possessive.group(0) if possessive else "")


def replace_spans(text: str, found: Sequence[Detection], key: Mapping, *, dates: str) -> str:
    """A text with its detections replaced, right to left so offsets stay valid."""
    for d in sorted(found, key=lambda d: d.start, reverse=True):
        text = text[: d.start] + replacement(d, key, dates=dates) + text[d.end :]
    return text


def _speaker_label(
    turn: Mapping, found: Sequence[Detection], own: Mapping[str, str], key: Mapping, *, dates: str
) -> str:
    """A turn's label: the interview's one participant or interviewer by kind, else the
    pseudonym of the person the label names ('Interviewer 3' in a panel of several)."""
    if turn["kind"] in own:
        return own[turn["kind"]]
    named = [d for d in found if d.entity]
    if not named:
        return replace_spans(turn["speaker"], found, key, dates=dates)
    # 'Anthony M. Kennedy' is one person even where the layers found the parts apart.
    longest = max(named, key=lambda d: (d.end - d.start, -d.start))
    return key[longest.entity][1]


def anonymise_document(
    document: Mapping,
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    *,
    own: Mapping[str, str],
    settings: Settings,
    site_label: str,
) -> dict:
    """The anonymised transcript: pseudonymised labels, texts and attributes, no offsets."""
    replaced = [d for d in found if d.layer != "review" or settings.strict]
    by_field: dict[tuple[str, int], list[Detection]] = {}
    for d in replaced:
        by_field.setdefault((d.field, d.turn), []).append(d)
    turns = []
    for turn in document["turns"]:
        text = replace_spans(
            turn["text"], by_field.get(("text", turn["index"]), []), key, dates=settings.dates
        )
        label = _speaker_label(
            turn, by_field.get(("speaker", turn["index"]), []), own, key, dates=settings.dates
        )
        turns.append(
            {
                "index": turn["index"],
                "speaker": label,
                "kind": turn["kind"],
                "text": text,
                "words": len(text.split()),
            }
        )
    attributes = dict(document["attributes"])
    attributes.pop("file", None)
    attributes["site"] = site_label
    if "date" in attributes:
        attributes["date"] = patterns.generalise_date(attributes["date"], policy=settings.dates)
    header = replace_spans(
        document["header"]["text"], by_field.get(("header", -1), []), key, dates=settings.dates
    )
    return {
        "format": "qualpipe.anonymised.v1",
        "interview_id": document["interview_id"],
        "attributes": attributes,
        "header": header,
        "turns": turns,
    }


def render_text(document: Mapping) -> str:
    """An anonymised transcript as a person reads it: header, then 'Label: text' paragraphs."""
    return render_with_offsets(document)[0]


def _own_labels(
    participants_path: str, participants: Mapping[str, str], interviewers: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """interview id -> {'respondent': label, 'interviewer': label} where one person each."""
    own: dict[str, dict[str, str]] = {}
    for row in participant_rows(participants_path):
        labels = {}
        respondents, row_interviewers = row_people(row)
        if len(respondents) == 1:
            labels["respondent"] = participants[respondents[0][0]]
        if len(row_interviewers) == 1:
            labels["interviewer"] = interviewers[row_interviewers[0][0]]
        own[row["interview_id"].strip()] = labels
    return own


def replace_all(
    *,
    documents: Sequence[str],
    detections: Sequence[str],
    participants_path: str,
    output_dir: str,
    summary_path: str,
    private_dir: str,
    roles: Mapping[str, Mapping[str, str]],
    site_labels: Mapping[str, str],
    settings: Mapping[str, object],
    language: str = "en",
    protected: Mapping[str, str] | None = None,
    model: str = "",
) -> list[Detection]:
    """Give every entity its pseudonym and write the anonymised transcripts.

    documents (Sequence[str]): all parsed transcripts, in participants.csv order.
    detections (Sequence[str]): the detection batches.
    output_dir (str): results/anonymised; gets <interview>.json and <interview>.txt.
    summary_path (str): identifiers replaced by interview, category and layer (no text).
    private_dir (str): where the key, the review list and the anonymisation log go.
    protected (Mapping[str, str]): the study's own vocabulary (codebook, roles, config
        terms) and where each is written; no weaker layer may take it for an identifier.
    model (str): the spaCy pipeline whose ordinary words are not propagated as names.
    RETURNS (list[Detection]): every detection, those propagated to more mentions included.
    """
    options = settings_from(settings)
    loaded = [json.loads(Path(path).read_text(encoding="utf-8")) for path in documents]
    found, pipelines = read_detections(detections)
    protected = protected or {}
    warn_collisions(participants_path, protected)
    common = load_pipeline(model, language=language).vocabulary if model else stop_words(language)
    names = gazetteer.load_names(tuple(options.locales))
    found = protect(
        found,
        protected=protected,
        documents=loaded,
        common=common,
        names=names.first | names.last,
    )
    found = link_partial_names(unify_categories(found))
    replaced = [d for d in found if d.layer != "review" or options.strict]
    participants, interviewers = participant_labels(
        participants_path, roles=roles, site_labels=site_labels
    )
    key = assign_pseudonyms(replaced, participants=participants, interviewers=interviewers)
    if options.surrogates:
        use_surrogates(key, found)
    own = _own_labels(participants_path, participants, interviewers)
    pattern, forms = propagation_pattern(
        replaced, key, common, vocabulary.term_languages(language), names.first | names.last
    )
    _write_review(found, loaded, Path(private_dir) / "review.csv", language=language)
    by_interview: dict[str, list[Detection]] = {}
    for d in found:
        by_interview.setdefault(d.interview_id, []).append(d)
    for document in loaded:
        interview_id = document["interview_id"]
        added = propagate(document, by_interview.get(interview_id, []), pattern, forms)
        by_interview.setdefault(interview_id, []).extend(added)
        parts = name_parts(document, by_interview[interview_id], key, stop_words(language))
        by_interview[interview_id].extend(parts)
        found.extend(added + parts)
        site = site_labels.get(document["attributes"]["site"], "")
        anonymised = anonymise_document(
            document,
            by_interview.get(interview_id, []),
            key,
            own=own[interview_id],
            settings=options,
            site_label=site,
        )
        write_json_atomic(anonymised, Path(output_dir) / f"{interview_id}.json")
        (Path(output_dir) / f"{interview_id}.txt").write_text(
            render_text(anonymised), encoding="utf-8"
        )
    _write_summary(found, options, Path(summary_path))
    _write_private_outputs(found, key, pipelines, Path(private_dir))
    return found


def _write_summary(found: Sequence[Detection], settings: Settings, path: Path) -> None:
    counts = Counter(
        (
            d.interview_id,
            d.category,
            d.layer,
            "replaced" if d.layer != "review" or settings.strict else "listed for review",
        )
        for d in found
    )
    rows = [(*k, n) for k, n in sorted(counts.items())]
    write_rows(path, ("interview_id", "category", "layer", "action", "count"), rows)


def _write_private_outputs(
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    pipelines: Sequence[dict],
    private_dir: Path,
) -> None:
    """The pseudonym key, the review list and the log: real text, owner-only files."""
    mentions = Counter(d.entity for d in found if d.entity)
    texts: dict[str, set[str]] = {}
    for d in found:
        texts.setdefault(d.entity, set()).add(d.text)
    write_rows(
        private_dir / "key.csv",
        ("entity", "category", "pseudonym", "mentions", "forms"),
        [(e, c, p, mentions[e], " | ".join(sorted(texts.get(e, ())))) for e, (c, p) in key.items()],
        private=True,
    )
    log = {"pipelines": pipelines, "entities": len(key), "detections": len(found)}
    log_text = json.dumps(log, indent=1, sort_keys=True) + "\n"
    write_text_atomic(log_text, private_dir / "log.json", private=True)


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
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in longer)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    for document in documents:
        for where, turn, text in _fields(document):
            found = [(m.start(), m.end()) for m in pattern.finditer(strip_diacritics(text))]
            if found:
                spans[(document["interview_id"], where, turn)] = found
    return spans


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


def _risk(text: str, language: str) -> float:
    """How likely a word the review layer listed is a name: rarer words first."""
    return round(3.0 - min(vocabulary.zipf(text, vocabulary.term_languages(language)), 3.0), 2)


def _write_review(
    found: Sequence[Detection], documents: Sequence[Mapping], path: Path, *, language: str
) -> None:
    """The review list: one row per word no layer recognised, the likeliest names first,
    with its mentions, interviews and the first place it occurs in (real text: private)."""
    texts = {
        (d["interview_id"], where, turn): text
        for d in documents
        for where, turn, text in _fields(d)
    }
    rows: dict[str, list[Detection]] = {}
    for d in found:
        if d.layer == "review":
            rows.setdefault(_form(d.text), []).append(d)
    table = []
    for mentions in rows.values():
        first = mentions[0]
        text = texts.get((first.interview_id, first.field, first.turn), "")
        context = " ".join(text[max(0, first.start - 60) : first.end + 60].split())
        interviews = len({d.interview_id for d in mentions})
        table.append(
            (_risk(first.text, language), first.text, len(mentions), interviews, first, context)
        )
    table.sort(key=lambda r: (-r[0], -r[2], r[1]))
    write_rows(
        path,
        (
            "risk",
            "text",
            "mentions",
            "interviews",
            "interview_id",
            "field",
            "turn",
            "start",
            "end",
            "context",
        ),
        [
            (risk, text, n, i, d.interview_id, d.field, d.turn, d.start, d.end, context)
            for risk, text, n, i, d, context in table
        ],
        private=True,
    )


def unify_categories(found: Sequence[Detection]) -> list[Detection]:
    """One entity, one category: a name NER calls a place here and an organisation there
    ('Kvarnby') takes the category most of its detections give it, and one pseudonym."""
    votes: dict[str, Counter[str]] = {}
    for d in found:
        if d.category in NUMBERED[:4] and d.layer not in (*STRONG_LAYERS, "review"):
            votes.setdefault(_form(d.text), Counter())[d.category] += 1
    chosen = {
        form: max(counts.items(), key=lambda kv: (kv[1], -NUMBERED.index(kv[0])))[0]
        for form, counts in votes.items()
    }
    unified = []
    for d in found:
        category = chosen.get(_form(d.text), d.category)
        if d.category in NUMBERED[:4] and d.layer not in STRONG_LAYERS and category != d.category:
            d = Detection(
                **{**asdict(d), "category": category, "entity": _entity_key(category, d.text)}
            )
        unified.append(d)
    return unified


def _without_possessive(text: str) -> str:
    return re.sub(r"['’]s$", "", text)


def _form(text: str) -> str:
    """A detection's text as one entity: folded, without a possessive 's."""
    return fold(_without_possessive(text.strip()))
