from anonymise_config import schema_defaults
from qualpipe.anonymise.gazetteer import (
    accept,
    load_names,
    merge_adjacent,
    name_words,
    person_names,
    place_names,
)

# The gazetteer of a study that keeps the default anonymise.gazetteer_locales.
LOCALES = tuple(schema_defaults("anonymise")["gazetteer_locales"])
NAMES = load_names(LOCALES)
VOCABULARY = frozenset({"will", "mark", "week", "per", "then", "the"})


def _accepted(text: str) -> list[str]:
    words = name_words(text, names=NAMES, vocabulary=VOCABULARY)
    return [w.text for w in accept(words, neighbours=set())]


def test_gazetteer_has_nordic_names_and_towns_but_no_months() -> None:
    assert {"asa", "goran", "per", "bo", "pia"} <= NAMES.first
    assert {"lindqvist", "nystrom"} <= NAMES.last
    assert {"nykoping", "tampere"} <= NAMES.places
    assert "june" not in NAMES.first and "august" not in NAMES.first


def test_gazetteer_capitalised_names_count() -> None:
    assert _accepted("I asked Göran about it.") == ["Göran"]


def test_gazetteer_lowercase_first_name_counts_unless_ordinary() -> None:
    assert _accepted("then göran came, three cases per week") == ["göran"]


def test_gazetteer_ordinary_word_needs_a_name_beside_it() -> None:
    assert _accepted("Mark you, it came.") == []
    assert _accepted("Mark Lindqvist came.") == ["Mark", "Lindqvist"]


def test_gazetteer_merges_first_and_last_name() -> None:
    text = "I met Anders Sundqvist there"
    words = accept(name_words(text, names=NAMES, vocabulary=VOCABULARY), neighbours=set())
    assert [text[s:e] for s, e in merge_adjacent(words, text)] == ["Anders Sundqvist"]


def test_gazetteer_lone_surname_starting_a_sentence_is_a_word() -> None:
    assert _accepted("Ring me. Lindqvist came.") == []
    assert _accepted("I asked Lindqvist.") == ["Lindqvist"]


def test_gazetteer_world_towns_one_or_several_words() -> None:
    names = load_names(LOCALES)
    text = "I moved from Montreal to Hong Kong, then New York in March, and read about Data."
    found = [text[s:e] for s, e in place_names(text, names=names)]
    assert found == ["Montreal", "Hong Kong", "New York"]


def test_gazetteer_town_that_is_a_word_or_a_name_needs_the_context_of_a_place() -> None:
    names = load_names(LOCALES)
    text = "Reading helps. Victoria called. I grew up in Bath, near Victoria, to Victoria Lund."
    common = {"reading", "bath"}
    found = [(s, text[s:e]) for s, e in place_names(text, names=names, common=common)]
    assert [word for _, word in found] == ["Bath", "Victoria"]
    assert found[1][0] == text.index("near Victoria") + 5
    written = place_names(text, names=names, common=common, lowercase={"bath": 2})
    assert [text[s:e] for s, e in written] == ["Victoria"]


def test_gazetteer_person_names_are_load_names_people_without_the_towns() -> None:
    first, last = person_names(LOCALES)
    assert (first, last) == (NAMES.first, NAMES.last)
    assert {"bo", "anna", "lindqvist"} <= first | last and "march" not in first | last
    assert "montreal" in NAMES.places
