"""The study lexicon: the identifiers the research team knows about in advance.

Participants and interviewers from participants.csv, and the terms of data/anonymisation.yaml,
each with the variants under which speech and transcribers write them: first name alone,
surname alone, hyphenated parts, possessives ('Åsa's', Swedish 'Åsas'), any letter case, and
diacritics folded ('Asa' for 'Åsa').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from qualpipe.common.speakers import fold

PARTICIPANT = "PARTICIPANT"
INTERVIEWER = "INTERVIEWER"
# anonymisation.yaml categories and the bracket each becomes.
TERM_CATEGORIES: Mapping[str, str] = {
    "person": "PERSON",
    "place": "PLACE",
    "organisation": "ORG",
    "address": "ADDRESS",
    "other": "OTHER",
}
_POSSESSIVE = r"(?:['’]s|s)?"


@dataclass(frozen=True)
class Entity:
    """A real-world identifier: one person, place or organisation.

    key (str): stable identity, e.g. 'participant:P001' or 'term:aspeby'.
    category (str): PARTICIPANT, INTERVIEWER, PERSON, PLACE, ORG, ADDRESS, ...
    name (str): its canonical real form (private).
    """

    key: str
    category: str
    name: str


@dataclass(frozen=True)
class Hit:
    """An entity found in a text."""

    start: int
    end: int
    entity: Entity


def _base_letter(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


class _BaseLetters(dict):
    """str.translate table that works out each letter's base letter once."""

    def __missing__(self, code: int) -> str:
        self[code] = _base_letter(chr(code))
        return self[code]


_BASE_LETTERS = _BaseLetters()


def strip_diacritics(text: str) -> str:
    """'Åsa Mäkinen' as 'Asa Makinen': one character for one, so offsets stay valid."""
    return text if text.isascii() else text.translate(_BASE_LETTERS)


def surface_variants(name: str, *, parts: bool) -> set[str]:
    """The written forms of a name: as given, without diacritics, and its parts if asked."""
    words = [word.strip(",.") for word in name.split()]
    forms = {" ".join(words)}
    if parts:
        for word in words:
            forms.add(word)
            forms.update(piece for piece in word.split("-") if len(piece) > 1)
        if len(words) > 2:
            forms.add(f"{words[0]} {words[-1]}")
    forms |= {strip_diacritics(form) for form in forms}
    return {form for form in forms if len(form) > 1}


@dataclass
class Lexicon:
    """Maps the written forms of known identifiers to their entities."""

    forms: dict[str, list[Entity]] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    def add(self, entity: Entity, forms: Iterable[str]) -> None:
        for form in forms:
            entities = self.forms.setdefault(fold(form), [])
            if entity not in entities:
                entities.append(entity)
        self._pattern = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            alternatives = sorted(
                {form for folded in self.forms for form in (folded,)}, key=lambda f: (-len(f), f)
            )
            body = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in alternatives)
            self._pattern = re.compile(rf"(?<!\w)({body}){_POSSESSIVE}(?!\w)", re.IGNORECASE)
        return self._pattern

    def find(self, text: str, *, prefer: Sequence[str] = ()) -> list[Hit]:
        """Known identifiers in a text, longest form first.

        text (str): a turn's text.
        prefer (Sequence[str]): entity keys to choose when a form names several entities
            (this interview's participant and interviewer).
        RETURNS (list[Hit]): in text order.
        """
        if not self.forms:
            return []
        hits = []
        folded_text = strip_diacritics(text)
        for match in self.pattern.finditer(folded_text):
            entities = self.forms[fold(match.group(1))]
            chosen = next((e for e in entities if e.key in prefer), entities[0])
            hits.append(Hit(match.start(), match.end(), chosen))
        return hits


def build_lexicon(
    *,
    people: Mapping[str, tuple[str, str]],
    terms: Sequence[Mapping[str, str]],
) -> Lexicon:
    """The lexicon of one study.

    people (Mapping[str, tuple[str, str]]): entity key to (category, real name), for every
        participant and interviewer.
    terms (Sequence[Mapping[str, str]]): anonymisation.yaml 'redact' entries (term, category).
    RETURNS (Lexicon): full names, name parts and terms with their variants.
    """
    lexicon = Lexicon()
    for key, (category, name) in sorted(people.items()):
        lexicon.add(Entity(key, category, name), surface_variants(name, parts=True))
    for term in terms:
        category = TERM_CATEGORIES[term.get("category", "other")]
        entity = Entity(f"term:{fold(term['term'])}", category, term["term"])
        lexicon.add(entity, surface_variants(term["term"], parts=False))
    return lexicon
