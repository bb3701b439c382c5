"""Segmentation: respondent turns of the anonymised transcripts split into meaning units.

One spaCy pass per batch, with only the components segmentation and pre-coding need
(sentence boundaries and lemmas: no parser, no NER). The pass also stores each turn's tokens
(lemmas, tags) in a DocBin, which the pre-coding stage reads instead of running spaCy again.

A segment's id is its place in its own transcript ('w1_off_e01-t0005-s02': turn 5, second
unit), so editing one transcript changes no other transcript's ids; its fingerprint (a hash
of its text) tells the merge stage when a coded segment's text has changed since.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualpipe.common.io import read_rows, write_bytes_atomic, write_rows
from qualpipe.common.language import read_languages
from qualpipe.common.nlp import fit_max_length
from qualpipe.common.records import render_with_offsets
from qualpipe.common.schema import config_defaults
from qualpipe.common.vocabulary import is_filler_only
from qualpipe.errors import PipelineError
from qualpipe.segment.attributes import use_attribute_table
from qualpipe.segment.lemmas import use_lemma_memo

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LOGGER = logging.getLogger("qualpipe")
SEGMENTER_EXCLUDE = ("parser", "ner")
# A unit longer than max_words is split after the last of these before the limit.
CLAUSE_BREAK = re.compile(r"[;:,–—]\s+|\s+-\s+")
PARAGRAPH = re.compile(r"[^\n]+")
BRACKETED = re.compile(r"\[[^\[\]\n]{1,60}\]")
DOCBIN_ATTRS = ("ORTH", "LEMMA", "POS", "TAG", "MORPH")


@dataclass(frozen=True)
class MeaningUnit:
    """One meaning unit of a respondent turn: a row of segments.csv (FIELDS, its columns).

    A segment as segmentation makes it; qualpipe.common.records.Segment is what merging needs
    of one.

    id (str): '<interview>-t<turn>-s<n>'. start, end (int): offsets into the anonymised
    transcript results/anonymised/<interview>.txt, end exclusive. question (str): the
    interviewer's last turn before this one. fingerprint (str): sha256 of text, 12 hex digits.
    """

    segment_id: str
    interview_id: str
    turn: int
    segment: int
    start: int
    end: int
    speaker: str
    role: str
    group: str
    site: str
    wave: str
    words: int
    fingerprint: str
    question: str
    text: str


FIELDS = tuple(MeaningUnit.__dataclass_fields__)
TURN_FIELDS = ("interview_id", "turn", "offset")


@dataclass(frozen=True)
class Limits:
    """unit: sentence | paragraph | turn; min_words and max_words bound a unit's length."""

    unit: str
    min_words: int
    max_words: int


def segment_limits(limits: Mapping[str, object] | None = None) -> Limits:
    """The limits of config's `segment` section (the schema's defaults for missing keys)."""
    values = {**config_defaults("segment"), **(limits or {})}
    return Limits(
        unit=str(values["unit"]),
        min_words=int(values["min_words"]),  # type: ignore[call-overload]
        max_words=int(values["max_words"]),  # type: ignore[call-overload]
    )


def load_segmenter(model: str, *, language: str) -> tuple[Language, dict[str, object]]:
    """The configured pipeline with sentence boundaries and lemmas only, or a blank fallback.

    model (str): the language's pipeline package; '' when none is configured for it.
    RETURNS (tuple): the spaCy Language object and what it is (for the log).
    """
    import importlib.util

    import spacy

    if model and importlib.util.find_spec(model) is not None:
        nlp = spacy.load(model, exclude=list(SEGMENTER_EXCLUDE))
        if nlp.lang == language:
            if "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            use_attribute_table(nlp)
            use_lemma_memo(nlp)
            info = {"model": model, "version": nlp.meta["version"], "pipes": nlp.pipe_names}
            return nlp, info
    LOGGER.warning(
        "No spaCy pipeline %s for language '%s': sentences come from punctuation rules "
        "and keywords match word forms only (no lemmas).",
        f"'{model}'" if model else "configured",
        language,
    )
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp, {"model": f"blank:{language}", "pipes": nlp.pipe_names}


def fingerprint(text: str) -> str:
    """12 hex digits of the text's sha256: equal texts, equal fingerprints."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def word_count(text: str) -> int:
    return len(text.split())


def respondent_turns(document: Mapping, *, min_words: int = 0) -> Iterator[tuple[Mapping, str]]:
    """Each respondent turn with the interviewer's last turn before it (its question).

    min_words (int): a turn shorter than this that holds only hesitations and
        acknowledgements ('Um, yeah.') is no meaning unit and is left out.
    """
    question = ""
    for turn in document["turns"]:
        if turn["kind"] == "interviewer":
            question = turn["text"]
        elif turn["kind"] == "respondent" and turn["text"].strip():
            filler = word_count(turn["text"]) < min_words and is_filler_only(turn["text"])
            if not filler:
                yield turn, question


def sentence_spans(doc: object) -> list[tuple[int, int]]:
    """Character spans of the doc's sentences, without surrounding whitespace.

    A boundary inside brackets is dropped: the sentence recogniser often starts a sentence
    at the capitalised word of a pseudonym or a transcription mark ('[PLACE 2]', '[laughs]').
    """
    text = doc.text  # type: ignore[attr-defined]
    inside = _bracketed(text)
    spans: list[tuple[int, int]] = []
    for sentence in doc.sents:  # type: ignore[attr-defined]
        start, end = _strip(text, sentence.start_char, sentence.end_char)
        if start == end:
            continue
        if spans and (start in inside or not _closed(text[spans[-1][0] : start])):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _bracketed(text: str) -> set[int]:
    """Offsets strictly inside a short bracketed stretch of one line."""
    return {
        offset
        for match in BRACKETED.finditer(text)
        for offset in range(match.start() + 1, match.end())
    }


def _closed(text: str) -> bool:
    """Whether every '[' in the text is closed again (no boundary in an open bracket)."""
    return text.count("[") <= text.count("]")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines of a turn that hold text."""
    return [
        _strip(text, match.start(), match.end())
        for match in PARAGRAPH.finditer(text)
        if match.group().strip()
    ]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def merge_short(
    text: str, spans: Sequence[tuple[int, int]], min_words: int
) -> list[tuple[int, int]]:
    """Join each unit shorter than min_words to the next unit (the last one to the previous)."""
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for start, end in spans:
        if pending is not None:
            start = pending[0]
            pending = None
        if word_count(text[start:end]) < min_words:
            pending = (start, end)
        else:
            merged.append((start, end))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending)
    return merged


def split_long(text: str, span: tuple[int, int], max_words: int) -> list[tuple[int, int]]:
    """Split a unit longer than max_words at clause breaks (else at the word limit)."""
    start, end = span
    pieces = []
    while word_count(text[start:end]) > max_words:
        limit = _word_end(text, start, max_words)
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, start, limit)]
        cut = breaks[-1] if breaks and word_count(text[start : breaks[-1]]) >= 2 else limit
        pieces.append(_strip(text, start, cut))
        start = _strip(text, cut, end)[0]
    pieces.append((start, end))
    return pieces


def _word_end(text: str, start: int, words: int) -> int:
    """Offset just after the words-th word from start."""
    matches = list(re.finditer(r"\S+", text[start:]))[:words]
    return start + matches[-1].end()


def unit_spans(text: str, doc: object | None, limits: Limits) -> list[tuple[int, int]]:
    """The meaning units of one turn's text, as character spans in order."""
    if limits.unit == "turn":
        return [_strip(text, 0, len(text))]
    spans = sentence_spans(doc) if limits.unit == "sentence" else paragraph_spans(text)
    spans = merge_short(text, spans, limits.min_words)
    return [piece for span in spans for piece in split_long(text, span, limits.max_words)]


def segment_document(
    document: Mapping, docs: Mapping[int, object], *, limits: Limits, groups: Mapping[str, str]
) -> list[MeaningUnit]:
    """All segments of one anonymised transcript, in order.

    docs (Mapping[int, Doc]): the processed text of each respondent turn, by turn index.
    groups (Mapping[str, str]): role -> comparison group, from config roles.
    """
    _, starts = render_with_offsets(document)
    attributes = document["attributes"]
    segments = []
    for turn, question in respondent_turns(document, min_words=limits.min_words):
        offset = starts[turn["index"]]
        spans = unit_spans(turn["text"], docs.get(turn["index"]), limits)
        for number, (start, end) in enumerate(spans, start=1):
            text = turn["text"][start:end]
            segments.append(
                MeaningUnit(
                    segment_id=f"{document['interview_id']}-t{turn['index']:04d}-s{number:02d}",
                    interview_id=document["interview_id"],
                    turn=turn["index"],
                    segment=number,
                    start=offset + start,
                    end=offset + end,
                    speaker=turn["speaker"],
                    role=attributes.get("role", ""),
                    group=groups.get(attributes.get("role", ""), ""),
                    site=attributes.get("site", ""),
                    wave=attributes.get("wave", ""),
                    words=word_count(text),
                    fingerprint=fingerprint(text),
                    question=question,
                    text=text,
                )
            )
    check_conservation(document, segments, min_words=limits.min_words)
    return segments


def check_conservation(
    document: Mapping, segments: Sequence[MeaningUnit], *, min_words: int = 0
) -> None:
    """Every non-blank character of every respondent turn is in exactly one segment, but for
    the turns of hesitations alone (`respondent_turns`), which stay in the transcript."""
    by_turn: dict[int, list[str]] = {}
    for segment in segments:
        by_turn.setdefault(segment.turn, []).append(segment.text)
    for turn, _ in respondent_turns(document, min_words=min_words):
        joined = "".join("".join(by_turn.get(turn["index"], [])).split())
        if joined != "".join(turn["text"].split()):
            raise PipelineError(
                "E310",
                file=f"results/anonymised/{document['interview_id']}.json",
                turn=turn["index"],
            )


def segment_batch(
    *,
    documents: Sequence[str],
    segments_path: str,
    docs_path: str,
    turns_path: str,
    model: str,
    language: str,
    limits: Mapping[str, object],
    groups: Mapping[str, str],
    batch_size: int,
    models: Mapping[str, str] | None = None,
    languages_path: str = "",
) -> int:
    """Segment a batch of anonymised transcripts in one spaCy pass per language; store tokens
    for pre-coding.

    documents (Sequence[str]): results/anonymised/<interview>.json files.
    segments_path (str): the batch's segments (CSV). docs_path (str): its respondent turns'
        tokens, one Doc per turn (a spaCy DocBin). turns_path (str): which turn each Doc is
        and where its text starts in the anonymised transcript (CSV, in DocBin order; kept
        apart because a DocBin's per-Doc user data is slow to read back).
    model, language (str): the study language's pipeline package and code.
    models (Mapping[str, str]): language -> pipeline package for every language with one
        (default: {language: model}); other languages get a blank pipeline.
    languages_path (str): results/tables/anonymisation_layers.csv, each interview's language
        ('' = every interview in the study language).
    RETURNS (int): the number of segments written.
    """
    from qualpipe.segment.docbin import ArrayDocBin

    options = segment_limits(limits)
    loaded = [json.loads(Path(path).read_text(encoding="utf-8")) for path in documents]
    items = [item for d in loaded for item in _turn_items(d)]
    own = read_languages(languages_path) if languages_path else {}
    languages = [own.get(interview_id, language) for _, (interview_id, _, _) in items]
    chosen = dict(models) if models is not None else {language: model}
    docbin = ArrayDocBin(attrs=list(DOCBIN_ATTRS))
    by_interview: dict[str, dict[int, object]] = {}
    docs = pipe_by_language(items, languages, chosen, batch_size=batch_size)
    for doc, (_, (interview_id, turn, _)) in zip(docs, items, strict=True):
        docbin.add(doc)
        by_interview.setdefault(interview_id, {})[turn] = doc
    segments = [
        segment
        for d in loaded
        for segment in segment_document(
            d, by_interview.get(d["interview_id"], {}), limits=options, groups=groups
        )
    ]
    write_segments(segments, Path(segments_path))
    write_bytes_atomic(docbin.to_bytes(), Path(docs_path))
    write_rows(Path(turns_path), TURN_FIELDS, [key for _, key in items])
    LOGGER.info("%d segments from %d transcripts", len(segments), len(loaded))
    return len(segments)


def pipe_by_language(
    items: Sequence[tuple[str, object]],
    languages: Sequence[str],
    models: Mapping[str, str],
    *,
    batch_size: int,
) -> list[Doc]:
    """Each item's text through the pipeline of its language, one pass per language.

    items (Sequence[tuple[str, object]]): (text, context) pairs; languages: each item's.
    models (Mapping[str, str]): language -> pipeline package; others get a blank pipeline.
    RETURNS (list[Doc]): one doc per item, in the items' order.
    """
    docs: dict[int, Doc] = {}
    for code in sorted(set(languages)):
        nlp, info = load_segmenter(models.get(code, ""), language=code)
        LOGGER.info("segmenter: %s", json.dumps(info, sort_keys=True))
        positions = [i for i, item_language in enumerate(languages) if item_language == code]
        texts = [items[i][0] for i in positions]
        fit_max_length(nlp, texts)
        for position, doc in zip(positions, nlp.pipe(texts, batch_size=batch_size), strict=True):
            docs[position] = doc
    return [docs[position] for position in range(len(items))]


def _turn_items(document: Mapping) -> list[tuple[str, tuple[str, int, int]]]:
    """(text, (interview, turn, offset in the anonymised transcript)) per respondent turn."""
    _, starts = render_with_offsets(document)
    return [
        (turn["text"], (document["interview_id"], turn["index"], starts[turn["index"]]))
        for turn, _ in respondent_turns(document)
    ]


def write_segments(segments: Sequence[MeaningUnit], path: Path) -> None:
    """The segments table: one row per segment, columns in FIELDS order."""
    # getattr, not dataclasses.asdict: asdict deep-copies every field of every segment.
    write_rows(path, FIELDS, ([getattr(segment, name) for name in FIELDS] for segment in segments))


def collect_segments(*, batches: Sequence[str], order: Sequence[str], output: str) -> int:
    """All batches' segments in one table, interviews in participants.csv order.

    RETURNS (int): the number of segments.
    """
    rows: dict[str, list[list[str]]] = {}
    for path in batches:
        for row in read_rows(path):
            rows.setdefault(row["interview_id"], []).append([row[name] for name in FIELDS])
    write_rows(Path(output), FIELDS, (row for i in order for row in rows.get(i, [])))
    return sum(len(r) for r in rows.values())
