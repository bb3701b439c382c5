"""Who is speaking: speaker labels resolved to interviewer, respondent or other.

A label is a generic role label ('I', 'Respondent 2'), a label declared in config.yaml, or a
person's name from participants.csv: full name, first name, last name or a part of a
hyphenated name, compared case-insensitively with diacritics folded ('Åsa' = 'Asa').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

INTERVIEWER = "interviewer"
RESPONDENT = "respondent"
OTHER = "other"
KINDS = (INTERVIEWER, RESPONDENT, OTHER)

DEFAULT_LABELS: Mapping[str, tuple[str, ...]] = {
    INTERVIEWER: ("I", "Int", "Interviewer", "Q", "Moderator"),
    RESPONDENT: ("R", "Resp", "Respondent", "A", "IP", "Interviewee", "Participant"),
    OTHER: (),
}
_NUMBER_SUFFIX = re.compile(r"[\s_-]*\d+$")
AMBIGUOUS = "ambiguous"


@lru_cache(maxsize=1 << 18)  # a study's distinct words and forms (issue 16)
def fold(text: str) -> str:
    """Fold a label for comparison: case, diacritics, spacing and trailing punctuation."""
    if text.isascii():  # nothing to decompose or replace: the same result, sooner
        return " ".join(text.lower().split()).strip(" .")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.replace("’", "'").replace("ø", "o").replace("Ø", "O")
    return " ".join(stripped.casefold().split()).strip(" .")


def name_variants(name: str) -> set[str]:
    """Folded forms under which a person's name may appear as a label.

    name (str): a full name, e.g. 'Anna-Karin Lindqvist'.
    RETURNS (set[str]): the full name, each word, each hyphenated part, and first + last word.
    """
    words = [word.strip(",.") for word in fold(name).split()]
    words = [word for word in words if word]
    variants = {" ".join(words)}
    for word in words:
        variants.add(word)
        variants.update(part for part in word.split("-") if len(part) > 1)
        variants.add(word.replace("-", " "))
    if len(words) > 2:
        variants.add(f"{words[0]} {words[-1]}")
    return {variant for variant in variants if variant}


@dataclass
class SpeakerDirectory:
    """Maps folded labels to the kind of speaker they name."""

    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, kind: str) -> None:
        """Register a folded label; one that names two kinds of speaker becomes ambiguous."""
        known = self.kinds.get(label)
        self.kinds[label] = kind if known in (None, kind) else AMBIGUOUS

    def kind_of(self, label: str) -> str | None:
        """The kind a label names, 'ambiguous', or None when it names nobody."""
        folded = fold(label)
        kind = self.kinds.get(folded)
        if kind is None:
            kind = self.kinds.get(_NUMBER_SUFFIX.sub("", folded))
        return kind


def build_directory(
    *,
    respondents: Iterable[str],
    interviewers: Iterable[str],
    extra_labels: Mapping[str, Iterable[str]] | None = None,
) -> SpeakerDirectory:
    """Build the label directory for one interview.

    respondents (Iterable[str]): the participants' real names.
    interviewers (Iterable[str]): the interviewers' real names.
    extra_labels (Mapping[str, Iterable[str]]): labels declared in config.yaml, by kind.
    RETURNS (SpeakerDirectory): generic labels win over names; full names over name parts.
    """
    directory = SpeakerDirectory()
    people = [(name, RESPONDENT) for name in respondents] + [
        (name, INTERVIEWER) for name in interviewers
    ]
    for name, kind in people:
        for variant in sorted(name_variants(name)):
            directory.add(variant, kind)
    for name, kind in people:
        directory.kinds[fold(name)] = kind
    for kind in KINDS:
        labels = list(DEFAULT_LABELS[kind]) + list((extra_labels or {}).get(kind, ()))
        for label in labels:
            directory.kinds[fold(label)] = kind
    return directory
