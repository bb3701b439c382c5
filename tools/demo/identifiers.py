"""Invented identifiers in the forms Swedish transcripts hold them.

Phone numbers, e-mail addresses, street addresses, exact dates and personal identity numbers
(personnummer, with a valid Luhn check digit), each in several written forms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import unicodedata

from tools.demo.names import STREET_STEMS

MONTHS: tuple[str, ...] = tuple(calendar.month_name[1:])
MAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "hotmail.com", "telia.com", "live.se", "outlook.com")


def luhn_digit(digits: str) -> int:
    """The Luhn check digit for a string of digits (as used in Swedish personal numbers).

    digits (str): the nine digits YYMMDDNNN.
    RETURNS (int): the check digit 0-9.
    """
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    """Whether a personal identity number (10 or 12 digits, any separators) has a valid check "
    "digit."""
    digits = "".join(char for char in number if char.isdigit())
    if len(digits) not in (10, 12):
        return False
    tail = digits[-10:]
    return luhn_digit(tail[:9]) == int(tail[9])


def personal_number(rng: random.Random) -> str:
    """A Swedish personal identity number in one of its written forms."""
    birth = dt.date(1948, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    serial = f"{rng.randrange(1000):03d}"
    short = birth.strftime("%y%m%d") + serial
    check = luhn_digit(short)
    style = rng.choice(("short", "short", "long", "long_plain"))
    if style == "short":
        return f"{short[:6]}-{short[6:]}{check}"
    if style == "long":
        return f"{birth:%Y%m%d}-{serial}{check}"
    return f"{birth:%Y%m%d}{serial}{check}"


def phone_number(rng: random.Random) -> str:
    """A phone number: Swedish mobile or landline, national or international, or Finnish."""
    digits = [str(rng.randrange(10)) for _ in range(7)]
    body = "".join(digits)
    mobile = rng.choice(("70", "72", "73", "76"))
    style = rng.randrange(8)
    if style == 0:
        return f"0{mobile}-{body[:3]} {body[3:5]} {body[5:]}"
    if style == 1:
        return f"0{mobile}{body}"
    if style == 2:
        return f"+46 {mobile} {body[:3]} {body[3:5]} {body[5:]}"
    if style == 3:
        return f"+46{mobile}{body}"
    if style == 4:
        return f"0046 {mobile}-{body[:3]} {body[3:5]} {body[5:]}"
    if style == 5:
        area = rng.choice(("08", "031", "040", "018", "026", "060", "090"))
        return f"{area}-{body[:3]} {body[3:5]} {body[5:]}"
    if style == 6:
        area = rng.choice(("0920", "0970", "0651", "0240", "0380"))
        return f"{area}-{body[:2]} {body[2:4]} {body[4:6]}"
    return f"+358 40 {body[:3]} {body[3:]}"


def _ascii_slug(text: str) -> str:
    """Lower-case ASCII for e-mail local parts ('Åsa Öberg' -> 'asa.oberg')."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(
        char for char in decomposed if char.isascii() and (char.isalnum() or char in ".-")
    )
    return kept.strip(".-")


def email_address(first: str, last: str, rng: random.Random, *, domain: str | None = None) -> str:
    """An e-mail address for a person, at an organisation's domain or a mail provider.

    first (str): given name.
    last (str): surname.
    rng (random.Random): the generator.
    domain (str | None): an organisation's domain; None picks a private provider.
    RETURNS (str): the address.
    """
    first_slug, last_slug = _ascii_slug(first), _ascii_slug(last)
    style = rng.randrange(3)
    if style == 0:
        local = f"{first_slug}.{last_slug}"
    elif style == 1:
        local = f"{first_slug[:1]}{last_slug}"
    else:
        local = f"{first_slug}{last_slug[:3]}{rng.randrange(50, 99)}"
    return f"{local}@{domain or rng.choice(MAIL_DOMAINS)}"


def organisation_domain(name: str) -> str:
    """A plausible web domain for an invented organisation name."""
    words = [_ascii_slug(word) for word in name.split() if word.lower() not in ("ab", "i")]
    return "".join(words)[:24] + ".se"


def street_address(rng: random.Random) -> str:
    """A street address: street name and number, sometimes with a letter."""
    number = rng.randrange(1, 48)
    letter = rng.choice(("", "", "", "A", "B"))
    return f"{rng.choice(STREET_STEMS)} {number}{letter}"


def exact_date(rng: random.Random, *, year: int) -> str:
    """An exact calendar date in the year before or of `year`, in a spoken or written form."""
    day = dt.date(year - 1, 1, 1) + dt.timedelta(days=rng.randrange(500))
    style = rng.randrange(5)
    month = MONTHS[day.month - 1]
    if style == 0:
        return f"{day.day} {month} {day.year}"
    if style == 1:
        return f"the {ordinal(day.day)} of {month}"
    if style == 2:
        return f"{month} {ordinal(day.day)}"
    if style == 3:
        return day.isoformat()
    return f"{day.day} {month}"


def ordinal(number: int) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th'."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def long_date(day: dt.date) -> str:
    """'14 May 2013'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
