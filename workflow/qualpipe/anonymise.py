"""Anonymise stage: identifiers found in layers, replaced by consistent pseudonyms.

Three steps, each a Snakemake job: `detect_batch` runs the layers (study lexicon, patterns,
name gazetteer, spaCy NER, review) over a batch of parsed transcripts, loading the NER
pipeline once per batch; `build_key` gives every real entity one pseudonym for the whole
study; `replace_all` writes the anonymised transcripts and a summary without real text.
Detections, key and review list hold real text and stay in the private folder.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from qualpipe import gazetteer, patterns
from qualpipe.ingest import split_names, write_json_atomic, write_text_atomic
from qualpipe.language import document_language
from qualpipe.lexicon import INTERVIEWER, PARTICIPANT, Lexicon, build_lexicon
from qualpipe.nlp import Pipeline, load_pipeline, no_pipeline, stop_words, with_aliased_labels
from qualpipe.speakers import fold

LOGGER = logging.getLogger("qualpipe")
LAYERS = ("lexicon", "pattern", "ner", "gazetteer", "review", "propagated")
NER_CATEGORIES = {
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "ORG",
    "NORP": "GROUP",
}
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
    ]
)
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖÆØÉÜ][\w'’-]+")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:\"“”\]])\s*$")


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


def read_participants(participants_path: str) -> list[dict[str, str]]:
    """The rows of participants.csv (checked when the workflow was parsed)."""
    with open(participants_path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


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
    for row in read_participants(participants_path):
        respondents, interviewers = row_people(row)
        for key, name in respondents:
            people.setdefault(key, (PARTICIPANT, name))
        for key, name in interviewers:
            people.setdefault(key, (INTERVIEWER, name))
    return people


def _never(text: str, never_redact: frozenset[str]) -> bool:
    """Whether data/anonymisation.yaml keeps this text, in any case and possessive form."""
    return fold(re.sub(r"['’]s$", "", text.strip())) in never_redact


def _entity_key(category: str, text: str) -> str:
    cleaned = re.sub(r"(['’]s)$", "", text.strip())
    return f"{category.lower()}:{fold(cleaned)}"


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
    if before and fold(before.group(1)) not in parts and not ordinary(before.group(1)):
        start = before.start(1)
    if after and fold(after.group(1)) not in parts and not ordinary(after.group(1)):
        end = after.end(1)
    if (start, end) == (candidate.start, candidate.end):
        return candidate
    return Candidate(start, end, "PERSON", "lexicon", _entity_key("PERSON", text[start:end]))


def _pattern_candidates(text: str, settings: Settings) -> list[Candidate]:
    return [
        Candidate(m.start, m.end, m.category, "pattern", "" if m.category == "DATE" else m.category)
        for m in patterns.find_patterns(text, dates=settings.dates != "keep")
    ]


def _spurious(
    text: str,
    words: Sequence[str],
    never_redact: frozenset[str],
    first_names: frozenset[str],
    vocabulary: frozenset[str],
) -> bool:
    """Entities the small English model gets wrong in speech: 'Hmm', 'I.', 'Lunch'.

    text (str): the entity's text, trimmed of the punctuation glued to it ('--The Court').
    """
    if not any(len(w) > 1 and any(c.isalnum() for c in w) for w in words):
        return True
    if all(w in INTERJECTIONS for w in words if w):
        return True
    if words[0] == "i" or "\n" in text or _never(text, never_redact) or text[:1].islower():
        return True
    # One ordinary word ('Lunch', 'Pros', 'TRANSCRIPT') is no name, unless a first name.
    ordinary = gazetteer.is_ordinary(words[0], vocabulary)
    return len(words) == 1 and ordinary and words[0] not in first_names


def _ner_candidates(
    doc: object,
    settings: Settings,
    never_redact: frozenset[str],
    first_names: frozenset[str],
    vocabulary: frozenset[str] = frozenset(),
) -> list[Candidate]:
    found = []
    for ent in doc.ents:  # type: ignore[attr-defined]
        if ent.label_ not in settings.ner_labels:
            continue
        start, end = _trim(ent.text, ent.start_char, ent.end_char)
        text = ent.text[start - ent.start_char : end - ent.start_char]
        words = [w.strip(_PUNCTUATION) for w in fold(text).split()]
        if not text or _spurious(text, words, never_redact, first_names, vocabulary):
            continue
        category = NER_CATEGORIES[ent.label_]
        if len(words) == 1 and words[0] in first_names:
            category = "PERSON"  # 'Lotta' tagged GPE: Nordic first names fool the model
        found.append(Candidate(start, end, category, "ner", _entity_key(category, text)))
    return found


_PUNCTUATION = "\"'“”‘’.,;:!?()[]-–—*/"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity's span without the dashes and quotes around it ('--But', '"the Act"')."""
    lead = len(text) - len(text.lstrip(_PUNCTUATION + " "))
    trail = len(text) - len(text.rstrip(_PUNCTUATION.replace(".", "") + " "))
    return start + lead, max(start + lead, end - trail)


def _gazetteer_candidates(
    text: str,
    others: Sequence[Candidate],
    names: gazetteer.Names,
    vocabulary: frozenset[str],
    never_redact: frozenset[str],
) -> list[Candidate]:
    words = gazetteer.name_words(text, names=names, vocabulary=vocabulary)
    people = [c for c in others if c.category in ("PERSON", PARTICIPANT, INTERVIEWER)]
    edges = {c.start for c in people} | {c.end for c in people}
    accepted = [
        w for w in gazetteer.accept(words, neighbours=edges) if not _never(w.text, never_redact)
    ]
    people = [
        Candidate(start, end, "PERSON", "gazetteer", _entity_key("PERSON", text[start:end]))
        for start, end in gazetteer.merge_adjacent(accepted, text)
    ]
    places = [
        Candidate(start, end, "PLACE", "gazetteer", _entity_key("PLACE", text[start:end]))
        for start, end in gazetteer.place_names(text, names=names)
        if not _never(text[start:end], never_redact)
    ]
    return people + places


def review_candidates(
    text: str, kept: Sequence[Candidate], vocabulary: frozenset[str], never_redact: frozenset[str]
) -> list[Candidate]:
    """Capitalised words that no layer took, that are not sentence-initial and no ordinary word."""
    if not vocabulary:
        return []
    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        covered = any(c.start < match.end() and match.start() < c.end for c in kept)
        initial = bool(_SENTENCE_END.search(text[: match.start()]))
        if covered or initial or fold(word) in vocabulary or _never(word, never_redact):
            continue
        found.append(
            Candidate(match.start(), match.end(), "OTHER", "review", _entity_key("OTHER", word))
        )
    return found


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
    language: str
    models: Mapping[str, str]
    pipelines: dict[str, Pipeline]

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

    def ordinary(self, word: str) -> bool:
        """An ordinary word of the language that is no first name ('Then', 'Plus')."""
        folded = fold(word)
        return folded not in self.names.first and (
            gazetteer.is_ordinary(folded, self.pipeline.vocabulary) or folded in INTERJECTIONS
        )

    def candidates(self, text: str, doc: object | None, prefer: Sequence[str]) -> list[Candidate]:
        """The identifiers of one text, layer by layer, overlaps resolved."""
        found = _lexicon_candidates(
            text, self.lexicon, prefer, self.ordinary, self.pipeline.vocabulary
        )
        found += _pattern_candidates(text, self.settings)
        if doc is not None:
            ner = _ner_candidates(
                doc, self.settings, self.never_redact, self.names.first, self.pipeline.vocabulary
            )
            found += _without_known_people(ner, found)
        found += _gazetteer_candidates(
            text, found, self.names, self.pipeline.vocabulary, self.never_redact
        )
        kept = [_with_institution(text, c) for c in select(found)]
        review = review_candidates(text, kept, self.pipeline.vocabulary, self.never_redact)
        return select(kept + review)  # review hits are replaced only in strict mode


def _without_known_people(ner: list[Candidate], lexicon: list[Candidate]) -> list[Candidate]:
    """NER person spans around a participant's or interviewer's name ('Justice Kennedy')
    yield to the name, so that one person keeps one pseudonym."""
    people = [c for c in lexicon if c.category in (PARTICIPANT, INTERVIEWER)]
    return [
        c
        for c in ner
        if c.category != "PERSON" or not any(c.start <= p.start and p.end <= c.end for p in people)
    ]


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
    detections = []
    for (field, turn, text), doc in zip(_fields(document), docs, strict=True):
        for c in detector.candidates(text, doc, prefer):
            detections.append(
                Detection(
                    document["interview_id"],
                    field,
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
    served: dict[str, list[str]] = {}
    lines, count = [], 0
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        own = detector.for_language(document_language(document, language))
        served.setdefault(own.language, []).append(document["interview_id"])
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
    for index, doc in zip(
        wanted, nlp.pipe((fields[i][2] for i in wanted), batch_size=batch_size), strict=True
    ):
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
    for row in read_participants(participants_path):
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


def propagation_pattern(
    found: Sequence[Detection], key: Mapping[str, tuple[str, str]], common: frozenset[str]
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every form under which a numbered entity was found, to replace it everywhere.

    An organisation found once ('Kvarnby Mekaniska') is replaced in every transcript that
    mentions it, also where no layer found it. One-word forms keep their capital, so that
    'Pia' is replaced but no ordinary word is; common words are never propagated.
    RETURNS (tuple): the pattern (None when there is nothing to propagate) and
        form -> 'CATEGORY|entity key'.
    """
    forms: dict[str, str] = {}
    for d in found:
        category = key.get(d.entity, ("", ""))[0]
        form = re.sub(r"['’]s$", "", d.text.strip())
        numbered = category in NUMBERED or category == SURROGATE
        if numbered and len(form) > 2 and fold(form) not in common:
            forms.setdefault(form if " " not in form else form.lower(), d.entity)
    forms = {form: f"{key[entity][0]}|{entity}" for form, entity in forms.items()}
    if not forms:
        return None, forms
    alternatives = [_form_pattern(form) for form in sorted(forms, key=lambda f: (-len(f), f))]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:['’]s)?(?!\w)")
    return pattern, forms


def _form_pattern(form: str) -> str:
    """A one-word form as written; a longer one in any case and spacing."""
    if " " not in form:
        return re.escape(form)
    return "(?i:" + r"\s+".join(re.escape(word) for word in form.split()) + ")"


def propagate(
    document: Mapping,
    found: Sequence[Detection],
    pattern: re.Pattern[str] | None,
    forms: Mapping[str, str],
) -> list[Detection]:
    """New detections where a known entity's form appears but no layer found it."""
    if pattern is None:
        return []
    taken: dict[tuple[str, int], list[Detection]] = {}
    for d in found:
        if d.layer != "review":  # a suspect the review layer only listed may still be replaced
            taken.setdefault((d.field, d.turn), []).append(d)
    added = []
    for field, turn, text in _fields(document):
        for match in pattern.finditer(text):
            spans = taken.get((field, turn), [])
            if any(d.start < match.end() and match.start() < d.end for d in spans):
                continue
            form = re.sub(r"['’]s$", "", match.group(0))
            known = forms.get(form) or forms.get(" ".join(form.lower().split()))
            if known:
                category, entity = known.split("|", 1)
                added.append(
                    Detection(
                        document["interview_id"],
                        field,
                        turn,
                        match.start(),
                        match.end(),
                        match.group(0),
                        category,
                        "propagated",
                        entity,
                    )
                )
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


def render_with_offsets(document: Mapping) -> tuple[str, list[int]]:
    """The rendered transcript and where each turn's text starts in it.

    RETURNS (tuple[str, list[int]]): the text of results/anonymised/<interview>.txt, and for
        each turn (in order) the character offset of its text, after 'Label: '.
    """
    parts = [document["header"]] if document["header"] else []
    position = len(document["header"]) + 2 if document["header"] else 0
    starts = []
    for turn in document["turns"]:
        prefix = f"{turn['speaker']}: "
        starts.append(position + len(prefix))
        parts.append(prefix + turn["text"])
        position += len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n", starts


def _own_labels(
    participants_path: str, participants: Mapping[str, str], interviewers: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """interview id -> {'respondent': label, 'interviewer': label} where one person each."""
    own: dict[str, dict[str, str]] = {}
    for row in read_participants(participants_path):
        labels = {}
        respondents, row_interviewers = row_people(row)
        if len(respondents) == 1:
            labels["respondent"] = participants[respondents[0][0]]
        if len(row_interviewers) == 1:
            labels["interviewer"] = interviewers[row_interviewers[0][0]]
        own[row["interview_id"].strip()] = labels
    return own


def _write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, private: bool = False
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text_atomic(buffer.getvalue(), path, private=private)


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
) -> list[Detection]:
    """Give every entity its pseudonym and write the anonymised transcripts.

    documents (Sequence[str]): all parsed transcripts, in participants.csv order.
    detections (Sequence[str]): the detection batches.
    output_dir (str): results/anonymised; gets <interview>.json and <interview>.txt.
    summary_path (str): identifiers replaced by interview, category and layer (no text).
    private_dir (str): where the key, the review list and the anonymisation log go.
    RETURNS (list[Detection]): every detection, those propagated to more mentions included.
    """
    options = settings_from(settings)
    found, pipelines = read_detections(detections)
    found = link_partial_names(found)
    replaced = [d for d in found if d.layer != "review" or options.strict]
    participants, interviewers = participant_labels(
        participants_path, roles=roles, site_labels=site_labels
    )
    key = assign_pseudonyms(replaced, participants=participants, interviewers=interviewers)
    if options.surrogates:
        use_surrogates(key, found)
    own = _own_labels(participants_path, participants, interviewers)
    pattern, forms = propagation_pattern(replaced, key, stop_words(language))
    by_interview: dict[str, list[Detection]] = {}
    for d in found:
        by_interview.setdefault(d.interview_id, []).append(d)
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        interview_id = document["interview_id"]
        added = propagate(document, by_interview.get(interview_id, []), pattern, forms)
        by_interview.setdefault(interview_id, []).extend(added)
        found.extend(added)
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
    _write_csv(path, ("interview_id", "category", "layer", "action", "count"), rows)


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
    _write_csv(
        private_dir / "key.csv",
        ("entity", "category", "pseudonym", "mentions", "forms"),
        [(e, c, p, mentions[e], " | ".join(sorted(texts.get(e, ())))) for e, (c, p) in key.items()],
        private=True,
    )
    _write_csv(
        private_dir / "review.csv",
        ("interview_id", "field", "turn", "start", "end", "text"),
        [
            (d.interview_id, d.field, d.turn, d.start, d.end, d.text)
            for d in found
            if d.layer == "review"
        ],
        private=True,
    )
    log = {"pipelines": pipelines, "entities": len(key), "detections": len(found)}
    log_text = json.dumps(log, indent=1, sort_keys=True) + "\n"
    write_text_atomic(log_text, private_dir / "log.json", private=True)
