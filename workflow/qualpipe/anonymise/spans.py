"""What the anonymise layers find: a Candidate in one text, a Detection in one field of one
interview; the layers and categories, and the forms that make one text one entity.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualpipe.common.speakers import fold

LAYERS = ("lexicon", "pattern", "ner", "gazetteer", "script", "capitals", "review", "propagated")
# Layers that decide on their own; the others yield to the language (vocabulary.py).
STRONG_LAYERS = ("lexicon", "pattern")
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
_PUNCTUATION = "\"'“”‘’.,;:!?()[]-–—*/"
_NAME_BEFORE = re.compile(r"([A-ZÅÄÖÆØÉÜ][\w'’-]+) $")


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


def _entity_key(category: str, text: str) -> str:
    return f"{category.lower()}:{_form(text)}"


POSSESSIVE = re.compile(r"['’]s$")


def _without_possessive(text: str) -> str:
    return POSSESSIVE.sub("", text)


def _form(text: str) -> str:
    """A detection's text as one entity: folded, without a possessive 's."""
    return fold(_without_possessive(text.strip()))


def _fields(document: Mapping) -> list[tuple[str, int, str]]:
    """(field, turn, text) of everything in a parsed transcript that may hold identifiers."""
    fields = [("header", -1, document["header"]["text"])]
    for turn in document["turns"]:
        fields.append(("speaker", turn["index"], turn["speaker"]))
        fields.append(("text", turn["index"], turn["text"]))
    return fields


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
