"""Detection: the layers of one study over a batch of parsed transcripts, loading the NER
pipeline of each language once per batch; the detections hold real text (private).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.candidates import (
    _gazetteer_candidates,
    _hyphen_joined,
    _kept_words,
    _lexicon_candidates,
    _pattern_candidates,
    _script_candidates,
    _with_institution,
    name_pairs,
    review_candidates,
    select,
)
from qualpipe.anonymise.context import Context, document_context
from qualpipe.anonymise.lexicon import Lexicon, build_lexicon, strip_diacritics
from qualpipe.anonymise.ner import Entities, _ner_candidates, _places, _without_known_people
from qualpipe.anonymise.people import study_people
from qualpipe.anonymise.settings import DetectSettings, detect_settings, read_terms
from qualpipe.anonymise.spans import INTERJECTIONS, Candidate, Detection, _fields
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.io import write_text_atomic
from qualpipe.common.language import document_language
from qualpipe.common.nlp import Pipeline, entity_spans, fit_max_length, load_pipeline, no_pipeline
from qualpipe.common.speakers import fold

LOGGER = logging.getLogger("qualpipe")
# Categories of names, which a hyphen may continue ('Lundin-Hedlund').
_NAMED = frozenset({"PERSON", "PARTICIPANT", "INTERVIEWER", "ORG", "PLACE"})


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
    settings: DetectSettings
    language: str
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
        self,
        text: str,
        ner: Entities | None,
        prefer: Sequence[str],
        context: Context | None = None,
    ) -> list[Candidate]:
        """The identifiers of one text, layer by layer, overlaps resolved; ner: what NER
        found in it (None without NER)."""
        context = context or Context(languages=vocabulary.term_languages(self.language))
        common = self.pipeline.vocabulary
        found = _lexicon_candidates(text, self.lexicon, prefer, self.ordinary, common)
        found += _pattern_candidates(text, self.settings)
        if ner is not None:
            entities = _ner_candidates(ner, self.settings, self.names.first, common, context)
            found += _without_known_people(entities, found, text, common)
        found += _gazetteer_candidates(text, found, self.names, common, context, _places(ner))
        found += _script_candidates(text)
        keep = self.kept_spans(text, context)
        found = [_hyphen_joined(text, c) if c.category in _NAMED else c for c in found]
        kept = [_with_institution(text, c) for c in select(_kept_words(text, found, keep))]
        review = _kept_words(text, review_candidates(text, kept, common, context), keep)
        return select(kept + name_pairs(text, review) + review)  # review: strict mode only


def make_detector(
    *,
    participants_path: str,
    anonymisation_path: str,
    model: str,
    language: str,
    settings: DetectSettings,
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


def _prefer(document: Mapping, people: Mapping[str, tuple[str, str]]) -> list[str]:
    """Entity keys of this interview's own people, preferred when a first name is shared."""
    attributes = document["attributes"]
    person = attributes.get("person_id", "")
    return [key for key in people if key.endswith(f":{person}")] if person else []


def detect_document(
    document: Mapping, detector: Detector, found_by_ner: Iterable[Entities | None]
) -> list[Detection]:
    """Every identifier in one parsed transcript.

    document (Mapping): the ingest stage's JSON document.
    detector (Detector): the study's layers.
    found_by_ner (Iterable): what NER found in each field's text, in `_fields` order (None
        without NER).
    RETURNS (list[Detection]): by field, then position.
    """
    people = {e.key: (e.category, e.name) for es in detector.lexicon.forms.values() for e in es}
    prefer = _prefer(document, people)
    context = document_context(document, detector.language)
    # The layers depend on the text, its entities and the interview only: a speaker label
    # or a repeated question is looked at once per interview.
    layers: dict[tuple[str, Entities | None], list[Candidate]] = {}
    detections = []
    for (where, turn, text), ner in zip(_fields(document), found_by_ner, strict=True):
        if (text, ner) not in layers:
            layers[(text, ner)] = detector.candidates(text, ner, prefer, context)
        for c in layers[(text, ner)]:
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
    settings: Mapping[str, Any],
    find_dates: bool,
    batch_size: int,
    models: Mapping[str, str] | None = None,
) -> int:
    """Run the detection layers over a batch of parsed transcripts (one load per model).

    documents (Sequence[str]): the batch's ingest JSON files; each names its language.
    output_path (str): JSON lines of detections, private; first the pipeline of each
        language the batch holds, with the interviews it served.
    model, language, models: the study language's pipeline and the others' (make_detector).
    settings (Mapping[str, Any]): the keys of config.yaml's anonymise section that detection
        uses, validated (detect_settings); find_dates: anonymise.dates is not 'keep'.
    batch_size (int): texts per batch in nlp.pipe (config nlp.batch_size).
    RETURNS (int): the number of detections written.
    """
    detector = make_detector(
        participants_path=participants_path,
        anonymisation_path=anonymisation_path,
        model=model,
        language=language,
        settings=detect_settings(settings, find_dates=find_dates),
        models=models,
    )
    views: dict[str, Detector] = {}  # one per language: its cached properties stay cached
    known: dict[str, dict[str, Entities]] = {}  # per language: text -> what NER found in it
    served: dict[str, list[str]] = {}
    lines, count = [], 0
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        code = document_language(document, language)
        own = views.setdefault(code, views.get(code) or detector.for_language(code))
        served.setdefault(code, []).append(document["interview_id"])
        found_by_ner = _ner_entities(document, own, batch_size, known.setdefault(code, {}))
        for detection in detect_document(document, own, found_by_ner):
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


def _ner_entities(
    document: Mapping, detector: Detector, batch_size: int, known: dict[str, Entities]
) -> list[Entities | None]:
    """NER over a transcript's header and turn texts with the pipeline of the detector's
    language (none for another language's text); speaker labels are left to the lexicon.

    known (dict[str, Entities]): what NER found in the texts of the batch so far, in this
        language; a text seen before (a question the interviewers repeat) is not run again,
        and the new ones are added.
    """
    fields = _fields(document)
    found: list[Entities | None] = [None] * len(fields)
    nlp = detector.pipeline.nlp
    if nlp is None:
        return found
    wanted = [i for i, (field, _, _) in enumerate(fields) if field != "speaker"]
    new = list(dict.fromkeys(fields[i][2] for i in wanted if fields[i][2] not in known))
    fit_max_length(nlp, new)
    for text, doc in zip(new, nlp.pipe(new, batch_size=batch_size), strict=True):
        known[text] = Entities(text, entity_spans(doc))
    for index in wanted:
        found[index] = known[fields[index][2]]
    return found
