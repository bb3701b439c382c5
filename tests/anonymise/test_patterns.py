import pytest
from qualpipe.anonymise.patterns import (
    find_patterns,
    generalise_date,
    institution_end,
    is_identity_number,
    luhn_valid,
)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("811228-9874", True),
        ("19811228-9874", True),
        ("8112289874", True),
        ("811228-9875", False),  # wrong check digit
        ("811328-9874", False),  # month 13
        ("701063-2391", True),  # coordination number: day + 60
    ],
)
def test_patterns_identity_numbers_are_checked(text: str, valid: bool) -> None:
    assert is_identity_number(text) is valid


def test_patterns_luhn() -> None:
    assert luhn_valid("8112289874") and not luhn_valid("8112289875")


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.category) for m in find_patterns(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring 070-123 45 67 då.", [("070-123 45 67", "PHONE")]),
        ("Call +46 8 123 456 78 now", [("+46 8 123 456 78", "PHONE")]),
        ("or 0046 70 555 12 34", [("0046 70 555 12 34", "PHONE")]),
        ("mail karin.lund@example.se.", [("karin.lund@example.se", "EMAIL")]),
        ("see www.example.se/sjuk.", [("www.example.se/sjuk", "URL")]),
        ("I live at Östra Långgatan 39B", [("Östra Långgatan 39B", "ADDRESS")]),
        ("to Storgatan 12 instead.", [("Storgatan 12", "ADDRESS")]),
        ("at Kyrkvägen 4 b, upstairs", [("Kyrkvägen 4 b", "ADDRESS")]),
        ("on 14 May 2013 and", [("14 May 2013", "DATE")]),
        ("since the 22nd of October", [("the 22nd of October", "DATE")]),
        ("my number is 811228-9874", [("811228-9874", "ID NUMBER")]),
    ],
)
def test_patterns_find_identifiers(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_patterns_month_alone_is_no_exact_date() -> None:
    assert _found("In May we started with lean.") == []


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("keep", "14 May 2013"), ("month", "May 2013"), ("year", "2013"), ("redact", "[DATE]")],
)
def test_patterns_generalise_date(policy: str, expected: str) -> None:
    assert generalise_date("14 May 2013", policy=policy) == expected


def test_patterns_generalise_iso_date_to_month() -> None:
    assert generalise_date("2012-01-09", policy="month") == "January 2012"


def test_patterns_institution_noun_joins_the_name() -> None:
    text = "at Strandviks sjukhus today"
    assert text[3 : institution_end(text, 13)] == "Strandviks sjukhus"
    assert institution_end("at Strandvik today", 12) == 12


def test_patterns_a_number_with_its_country_code_in_a_fiction_range_is_a_phone() -> None:
    from qualpipe.anonymise.patterns import phone_numbers

    found = phone_numbers("Call +44 7700 900123 or 0046 70 123 45 67, not 12 345.")
    assert [m.text for m in found] == ["+44 7700 900123", "0046 70 123 45 67"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Uh, thirty first October nineteen ninety.", "thirty first October nineteen ninety"),
        ("born in, um, seventeenth of November.", "seventeenth of November"),
        ("Um, October, seventh. Uh.", "October, seventh"),
        ("I live at four oh five, Clerkenwell Road.", "Clerkenwell Road"),
        ("Um, NW three six PQ.", "NW three six PQ"),
        (
            "Uhh, twenty-one twelve and nineteen uh eighty-six.",
            "twenty-one twelve and nineteen uh eighty-six",
        ),
    ],
)
def test_patterns_spoken_dates_streets_and_postcodes(text: str, found: str) -> None:
    assert [m.text for m in find_patterns(text)] == [found]


def test_patterns_ordinals_without_a_month_are_no_date() -> None:
    assert find_patterns("First of all, in May, the second time.") == []
    assert find_patterns("I had two or three, one in nineteen places.") == []
