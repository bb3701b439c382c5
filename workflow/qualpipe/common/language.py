"""The language of each interview: participants.csv's `language` column, else detected.

Decided once, at ingest, and stored in the canonical transcript, so that every later stage
(NER, sentences, lemmas) runs the interview's own language. Detection compares a fixed set of
candidate languages (config `study.languages`, `study.language` and the languages of
`nlp.models`) with lingua over the interview's turns: deterministic, and fast because the
candidates are few. This module is imported when the workflow is parsed: no spaCy here.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from qualpipe.common.io import read_rows
from qualpipe.errors import PipelineError, WarningLog, raise_all

LOGGER = logging.getLogger("qualpipe")
_CODE = re.compile(r"^[a-z]{2}$")
PARTICIPANTS = "participants.csv"
DETECTED = "detected"
STUDY = "study.language"


@dataclass(frozen=True)
class Decision:
    """An interview's language and how it was decided.

    code (str): ISO 639-1 code. decided_by (str): 'participants.csv', 'detected', or
    'study.language' (one candidate only, or a detection below the confidence threshold).
    confidence (float | None): lingua's confidence in its best candidate, when detected.
    """

    code: str
    decided_by: str
    confidence: float | None = None

    def to_dict(self) -> dict[str, object]:
        """The document's fields: 'language' (the code every stage reads) and
        'language_decision' (how it was decided)."""
        decision = {"decided_by": self.decided_by, "confidence": self.confidence}
        return {"language": self.code, "language_decision": decision}


def spacy_knows(code: str) -> bool:
    """Whether spaCy has a language class for an ISO 639-1 code (without importing spaCy)."""
    if not _CODE.match(code):
        return False
    spec = importlib.util.find_spec("spacy")
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        return False
    return (Path(next(iter(locations))) / "lang" / code).is_dir()


def lingua_knows(code: str) -> bool:
    """Whether lingua can detect the language of an ISO 639-1 code."""
    from lingua import IsoCode639_1

    return bool(_CODE.match(code)) and hasattr(IsoCode639_1, code.upper())


def candidate_languages(
    languages: Iterable[str], *, study_language: str, models: Mapping[str, str]
) -> list[str]:
    """The languages detection chooses from: configured ones, the study's, those with a model.

    RETURNS (list[str]): ISO 639-1 codes, sorted (the order never changes a result).
    """
    return sorted({*languages, study_language, *models})


def check_languages(
    languages: Sequence[str], *, file: str, key: str = "study.languages"
) -> list[PipelineError]:
    """One E031 per configured candidate language that lingua cannot detect or spaCy lacks."""
    errors = []
    for code in languages:
        if not (lingua_knows(code) and spacy_knows(code)):
            errors.append(PipelineError("E031", file=file, key=key, value=code))
    return errors


def check_nlp_config(config: Mapping[str, Mapping[str, object]], *, file: str) -> None:
    """Before any job: every candidate language is detectable, every named pipeline installed.

    config (Mapping): config.yaml with the schema's defaults filled in.
    file (str): the config file's name, for messages.
    """
    study, nlp = config["study"], config["nlp"]
    # Mappings and lists of strings: config.yaml was validated against the schema.
    models = cast("Mapping[str, str]", nlp.get("models", {}))
    errors = check_languages(list(cast("Sequence[str]", study.get("languages", ()))), file=file)
    errors += check_languages(list(models), file=file, key="nlp.models")
    named = [("nlp.model", str(nlp["model"]))]
    named += [(f"nlp.models.{code}", model) for code, model in models.items()]
    for key, model in named:
        if not installed(model):
            errors.append(PipelineError("E032", file=file, key=key, model=model))
    for code, model in models.items():
        found = package_language(model)
        if found and found != code:
            key = f"nlp.models.{code}"
            errors.append(
                PipelineError("E033", file=file, key=key, model=model, found=found, language=code)
            )
    raise_all(errors)


def installed(model: str) -> bool:
    """Whether a spaCy pipeline package is installed (found, not imported)."""
    return model.isidentifier() and importlib.util.find_spec(model) is not None


def package_language(model: str) -> str:
    """The language an installed pipeline package is for, from its meta.json ('' if unknown)."""
    import json

    spec = importlib.util.find_spec(model) if model.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        return ""
    meta = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
    if not meta.is_file():
        return ""
    return str(json.loads(meta.read_text(encoding="utf-8")).get("lang", ""))


def study_models(config: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """language -> spaCy pipeline package: nlp.models, and nlp.model for its own language.

    nlp.model serves study.language; a copied config whose nlp.model is of another language
    (the English default in a Swedish study) serves that language's interviews instead.
    """
    model = str(config["nlp"]["model"])
    language = package_language(model) or str(config["study"]["language"])
    models = {language: model}
    models.update(cast("Mapping[str, str]", config["nlp"].get("models", {})))
    return dict(sorted(models.items()))


def detect(text: str, candidates: Sequence[str]) -> tuple[str, float]:
    """The most likely of the candidate languages and lingua's confidence in it (0-1).

    RETURNS (tuple[str, float]): ISO 639-1 code and confidence, rounded to 4 decimals;
        ('', 0.0) when the text holds no word lingua can judge.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in candidates]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value == 0:
        return "", 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(best.value, 4)


def decide_language(
    column: str,
    text: str,
    *,
    candidates: Sequence[str],
    study_language: str,
    min_confidence: float,
    file: str,
    warnings: WarningLog,
) -> Decision:
    """An interview's language: the participants.csv value, else detection, else the study's.

    column (str): the row's `language` cell ('' when absent or empty; checked before the run).
    text (str): the interview's turns. candidates (Sequence[str]): what detection chooses from.
    min_confidence (float): below it, W104 and the study language.
    file (str): the transcript, for the warning.
    RETURNS (Decision): the language and how it was decided.
    """
    if column:
        return Decision(column.lower(), PARTICIPANTS)
    if len(candidates) < 2:
        return Decision(study_language, STUDY)
    code, confidence = detect(text, candidates)
    if confidence < min_confidence:
        warnings.add(
            "W104",
            file=file,
            language=code or "none",
            confidence=f"{confidence:.2f}",
            threshold=f"{min_confidence:.2f}",
            study_language=study_language,
        )
        return Decision(study_language, STUDY, confidence)
    return Decision(code, DETECTED, confidence)


def document_language(document: Mapping[str, object], study_language: str) -> str:
    """The language an ingest document was decided to be (the study's for older documents)."""
    return str(document.get("language") or study_language)


def read_languages(path: str | Path) -> dict[str, str]:
    """interview id -> language, from results/tables/anonymisation_layers.csv."""
    return {row["interview_id"]: row["language"] for row in read_rows(path)}
