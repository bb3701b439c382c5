"""The pattern layer of anonymisation: identifiers with a recognisable form.

E-mail addresses, URLs, Swedish personal identity and coordination numbers (check digit
validated), phone numbers (the `phonenumbers` library, Swedish, Nordic, UK and US regions),
postal codes, street addresses and exact dates. Identity numbers are decided before phone
numbers, since some mobile numbers pass the check digit.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PHONE_REGIONS = ("SE", "FI", "NO", "DK", "GB", "US")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|januari|februari|mars|maj|juni|juli|augusti|oktober"
)
_SIX_DIGITS = re.compile(r"(?:\d\D{0,3}){6}")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_IDENTITY = re.compile(r"(?<![\d-])(?:(?:19|20)?\d{6}[-+ ]?\d{4})(?![\d-])")
_POSTCODE = re.compile(r"\b(?:SE-?\s?)?\d{3} ?\d{2}(?=\s+[A-ZÅÄÖ][a-zåäö]+)")
_STREET_SV = re.compile(
    r"\b(?:(?:Östra|Västra|Norra|Södra|Stora|Lilla|Gamla|Nya)\s+)?"
    r"(?:[A-ZÅÄÖ][a-zåäöé]+(?:gatan|vägen|gränd|torget|stigen|allén|backen|leden|plan|gata|väg)"
    r"|(?:Gatan|Vägen|Torget|Allén|Backen|Gränd))\s+\d{1,4}(?:\s?[A-Za-z]\b)?"
)
_STREET_EN = re.compile(
    r"\b\d{1,4}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|Road|Avenue|Lane|Drive|Way|Close|Place)\b"
)
# Exact dates, with or without the year: '14 May 2013', 'the 22nd of October', 'April 16th',
# '2013-05-14', '14/5/2013'. A month alone ('in May') is not an exact date.
_DATE = re.compile(
    rf"\b(?:(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:,?\s+(?:19|20)\d{{2}})?"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d{{2}})?"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/(?:19|20)?\d{2})\b",
    re.IGNORECASE,
)
# Dates as they are spoken and transcribed: 'thirty first October nineteen ninety',
# 'the seventeenth of November', 'October, seventh' (a date of birth asked for at the start
# of a consultation).
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|thirtieth"
)
_SPOKEN_YEAR = (
    r"(?:,?\s+(?:in\s+)?(?:nineteen|two\s+thousand(?:\s+and)?|twenty)(?:[\s-]+(?:uh|um|"
    r"and|oh|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|"
    r"six|seven|eight|nine)\b){1,4})?"
)
_SPOKEN_DATE = re.compile(
    rf"\b(?:the\s+)?(?:{_ORDINAL_WORDS})(?:\s+of)?,?\s+(?:{MONTHS})\b{_SPOKEN_YEAR}",
    re.IGNORECASE,
)
# The month first ('October, seventh'): capitalised, so that 'you may, first' is no date.
_SPOKEN_DATE_MONTH_FIRST = re.compile(
    rf"\b(?:{MONTHS.title()})\b,?\s+(?:the\s+)?(?i:{_ORDINAL_WORDS})\b"
    rf"(?!\s+(?:time|one|thing|day|week|year|half|place|part|of\s+all)\b){_SPOKEN_YEAR}"
)
# A date of birth spoken as numbers: 'twenty-one twelve and nineteen uh eighty-six'.
_DAY_WORDS = (
    r"(?:(?:twenty|thirty)[- ]?(?:one|two|three|four|five|six|seven|eight|nine)|twenty|thirty|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_MONTH_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_SPOKEN_NUMERIC_DATE = re.compile(
    rf"\b{_DAY_WORDS}[\s,]+(?:oh\s+)?{_MONTH_NUMBER_WORDS}[\s,]+(?:(?:and|uh|um)\s+)*"
    r"(?:nineteen|two\s+thousand)(?:[\s,-]+(?:and|uh|um|oh|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|one|two|three|four|five|six|seven|eight|nine)\b)+",
    re.IGNORECASE,
)
# A street named without its number ('Clerkenwell Road'), and a UK postcode spoken digit by
# digit ('NW three six PQ').
_STREET_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+\s){1,2}(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Terrace|"
    r"Gardens|Grove|Mews|Boulevard)\b"
)
_DIGIT_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)"
_SPOKEN_POSTCODE = re.compile(rf"\b[A-Z]{{1,2}}(?:\s+{_DIGIT_WORDS}){{1,2}}\s+[A-Z]{{2}}\b")
# What every match of some patterns holds: a digit (_DATE's written dates, identity and
# phone numbers, postal codes, numbered streets); a month's name (the spoken dates, read
# with their own case rule); a spoken year's first words; a street's last word.
_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(MONTHS, re.IGNORECASE)
_CENTURY = re.compile(r"nineteen|two\s+thousand", re.IGNORECASE)
_STREET_WORDS = (
    "Street", "Road", "Avenue", "Lane", "Drive", "Close", "Crescent", "Terrace", "Gardens",
    "Grove", "Mews", "Boulevard",
)  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MONTH = re.compile(rf"\b({MONTHS})\b", re.IGNORECASE)
_MONTH_NAMES = tuple(calendar.month_name[1:])  # English, whatever the locale


@dataclass(frozen=True)
class PatternMatch:
    """An identifier found in a text: its span, the text, and its category."""

    start: int
    end: int
    text: str
    category: str


def luhn_valid(digits: str) -> bool:
    """The Luhn check used by Swedish personal identity numbers (on the last 10 digits)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_identity_number(text: str) -> bool:
    """A Swedish personal identity or coordination number with a valid date and check digit."""
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (10, 12):
        return False
    short = digits[-10:]
    month, day = int(short[2:4]), int(short[4:6])
    day = day - 60 if day > 60 else day  # coordination numbers add 60 to the day
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn_valid(short)


def _regex_matches(pattern: re.Pattern[str], text: str, category: str) -> list[PatternMatch]:
    return [PatternMatch(m.start(), m.end(), m.group(0), category) for m in pattern.finditer(text)]


def identity_numbers(text: str) -> list[PatternMatch]:
    """Swedish personal identity and coordination numbers in a text."""
    return [m for m in _regex_matches(_IDENTITY, text, "ID NUMBER") if is_identity_number(m.text)]


def phone_numbers(text: str, *, regions: Sequence[str] = PHONE_REGIONS) -> list[PatternMatch]:
    """Phone numbers valid in any of the regions, found by the `phonenumbers` library."""
    import phonenumbers

    if not _SIX_DIGITS.search(text):
        return []  # most turns hold no number long enough to be a phone number
    found: dict[tuple[int, int], PatternMatch] = {}
    for region in regions:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            found.setdefault(
                (match.start, match.end),
                PatternMatch(match.start, match.end, match.raw_string, "PHONE"),
            )
    # A number written with its country code ('+44 7700 900123') is a phone number even in a
    # range no operator has (yet), such as those kept for fiction: possible is enough.
    for match in phonenumbers.PhoneNumberMatcher(
        text, None, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        if match.raw_string.startswith(("+", "00")):
            found.setdefault(
                (match.start, match.end),
                PatternMatch(match.start, match.end, match.raw_string, "PHONE"),
            )
    return sorted(found.values(), key=lambda m: (m.start, -m.end))


def find_patterns(text: str, *, dates: bool = True) -> list[PatternMatch]:
    """Every pattern identifier in a text, overlaps resolved (identity numbers first).

    text (str): one turn's text.
    dates (bool): whether exact dates are looked for.
    RETURNS (list[PatternMatch]): non-overlapping matches in text order.
    """
    # Each pattern runs only on a text that holds what every match of it holds (a digit, an
    # '@', a month's name, ...): most turns hold none, and the matches stay the same.
    digits = _DIGIT.search(text) is not None
    ordered: list[PatternMatch] = []
    if digits:
        ordered += identity_numbers(text)
    if "@" in text:
        ordered += _regex_matches(_EMAIL, text, "EMAIL")
    if "http" in text or "www." in text:
        ordered += _regex_matches(_URL, text, "URL")
    if dates:
        ordered += _date_matches(text, digits=digits)
    if digits:
        ordered += phone_numbers(text)
        ordered += _regex_matches(_STREET_SV, text, "ADDRESS")
        ordered += _regex_matches(_STREET_EN, text, "ADDRESS")
    if any(word in text for word in _STREET_WORDS):
        ordered += _regex_matches(_STREET_NAME, text, "ADDRESS")
    if digits:
        ordered += _regex_matches(_POSTCODE, text, "POSTCODE")
    ordered += _regex_matches(_SPOKEN_POSTCODE, text, "POSTCODE")
    return resolve_overlaps(ordered)


def _date_matches(text: str, *, digits: bool) -> list[PatternMatch]:
    """The date patterns' matches, in find_patterns' order (digits: the text holds one)."""
    found = _regex_matches(_DATE, text, "DATE") if digits else []
    if _MONTH_WORD.search(text):
        found += _regex_matches(_SPOKEN_DATE, text, "DATE")
        found += _regex_matches(_SPOKEN_DATE_MONTH_FIRST, text, "DATE")
    if _CENTURY.search(text):
        found += _regex_matches(_SPOKEN_NUMERIC_DATE, text, "DATE")
    return found


def resolve_overlaps(matches: Iterable[PatternMatch]) -> list[PatternMatch]:
    """Keep the earlier-listed match where two overlap; return them in text order."""
    kept: list[PatternMatch] = []
    for match in matches:
        if all(match.end <= other.start or match.start >= other.end for other in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def generalise_date(text: str, *, policy: str) -> str:
    """A date as the study's policy wants it: 'keep', 'month' ('May 2013'), 'year', 'redact'.

    text (str): an exact date as written.
    policy (str): one of keep, month, year, redact.
    RETURNS (str): the replacement text.
    """
    if policy == "keep":
        return text
    year = _YEAR.search(text)
    month = _month_of(text)
    if policy == "year":
        return year.group(0) if year else "[DATE]"
    if policy == "month" and month:
        return f"{month} {year.group(0)}" if year else month
    return "[DATE]"


def _month_of(text: str) -> str | None:
    named = _MONTH.search(text)
    if named:
        prefix = named.group(1)[:3].lower()
        swedish = {"maj": "May", "okt": "October"}
        return swedish.get(prefix) or next(m for m in _MONTH_NAMES if m.lower().startswith(prefix))
    iso = re.fullmatch(r"(?:19|20)\d{2}-(\d{2})-\d{2}", text)
    if iso and 1 <= int(iso.group(1)) <= 12:
        return _MONTH_NAMES[int(iso.group(1)) - 1]
    return None


# Swedish institution nouns that follow a proper name: 'Strandviks sjukhus', 'Ekeby vårdcentral'.
_INSTITUTION = re.compile(
    r"\s+(?:sjukhus|lasarett|vårdcentral|hälsocentral|företagshälsovård|psykiatri|kommun|"
    r"förskola|skola|\w*klinik(?:en)?|\w*centralen|\w*mottagning(?:en)?|region|landsting)\b"
)


def institution_end(text: str, end: int) -> int:
    """Where a name that ends at `end` ends with the institution noun after it, if any."""
    match = _INSTITUTION.match(text, end)
    return match.end() if match else end
