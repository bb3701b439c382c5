import pytest
from qualpipe.common.vocabulary import (
    EMPLOYER_BEFORE,
    foreign_script_words,
    is_contraction,
    is_filler_only,
    is_firm_name,
    is_technical,
    is_term,
    placeholders,
    study_terms,
    toponym,
    word_cases,
)


@pytest.mark.parametrize("word", ["Kubernetes", "TensorFlow", "GitHub", "API", "ibuprofen"])
def test_vocabulary_domain_terms_are_terms(word: str) -> None:
    assert is_term(word, ("en",))


@pytest.mark.parametrize("word", ["Kvarnby", "Lövstabruk", "Hellqvistgården", "Okonkwo"])
def test_vocabulary_small_places_firms_and_rare_surnames_are_no_terms(word: str) -> None:
    assert not is_term(word, ("en",))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("I'm", True),
        ("we'll", True),
        ("It's", True),
        ("C'est", True),
        ("j'ai", True),
        ("Anna's", False),
        ("O'Brien", False),
        ("D'Angelo", False),
        ("Kvarnby's", False),
    ],
)
def test_vocabulary_contractions_are_words_possessives_and_names_are_not(
    word: str, expected: bool
) -> None:
    assert is_contraction(word) is expected


def test_vocabulary_placeholders_the_authors_wrote() -> None:
    text = "At Company X, Participant 3 told [name] and P12 about XXX, not Anna B or Kvarnby 2."
    found = [text[s:e] for s, e in placeholders(text, languages=("en",), names=["anna"])]
    assert found == ["Company X", "Participant 3", "[name]", "P12", "XXX"]
    spans = placeholders("Then [Anna enters] and [Company B].", languages=("en",))
    assert (23, 34) in spans and all(start > 18 for start, _ in spans)


def test_vocabulary_word_cases_skip_sentence_starts() -> None:
    lower, upper = word_cases(["Data is here. I am a data scientist, said Kvarnby."])
    assert lower["data"] == 1 and upper["data"] == 0
    assert upper["kvarnby"] == 1 and lower["kvarnby"] == 0


def test_vocabulary_foreign_script_and_mixed_script_words_are_found() -> None:
    text = "I met Дмитрий Иванов and Аnna in Oslo, and μ is a unit."
    assert [text[s:e] for s, e in foreign_script_words(text)] == ["Дмитрий Иванов", "Аnna"]
    assert foreign_script_words("Zoë and Łukasz met Søren.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, yeah.", True),
        ("Mm-hmm.", True),
        ("Ouais.", True),
        ("Yes.", False),
        ("About six months.", False),
        ("", False),
    ],
)
def test_vocabulary_filler_only_turns(text: str, expected: bool) -> None:
    assert is_filler_only(text) is expected


def test_vocabulary_study_terms_come_from_codebook_and_config() -> None:
    config = {
        "study": {"name": "Nurses"},
        "roles": {"nurse": {"label": "District nurse", "group": "nurses"}},
        "anonymise": {"site_labels": {"north": "clinic 1"}},
    }
    codebook = {
        "themes": [
            {
                "id": "care",
                "label": "Care",
                "categories": [
                    {
                        "id": "tools",
                        "label": "Tools",
                        "codes": [
                            {
                                "id": "record_system",
                                "label": "Record system",
                                "keywords": ["TakeCare", "Cosmic"],
                                "patterns": [[{"LOWER": {"IN": ["journal", "api"]}}]],
                                "examples": ["Anna Berg said the system is slow."],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    terms = study_terms(config, codebook)
    assert {"District nurse", "clinic 1", "record system", "TakeCare", "api"} <= set(terms)
    assert terms["TakeCare"] == "the codebook: code 'record_system'"
    assert not any("Anna" in term for term in terms)  # examples are quotes, not vocabulary


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("PyTorch", True),
        ("XGBoost", True),
        ("MLOps", True),
        ("BERT", True),
        ("F1", True),
        ("McDonald", False),
        ("DeVries", False),
        ("MacLeod", False),
        ("Grafana", False),
    ],
)
def test_vocabulary_technical_words_by_shape_never_names_with_prefixes(
    word: str, expected: bool
) -> None:
    assert is_technical(word) is expected


def test_vocabulary_employer_context_and_firm_names() -> None:
    assert EMPLOYER_BEFORE.search("Before that I was at ")
    assert EMPLOYER_BEFORE.search("je suis data scientist chez ")
    assert not EMPLOYER_BEFORE.search("we deploy it on ")
    assert is_firm_name("Halcyon Assurance") and not is_firm_name("Assurance")


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("Lövudden", "sv", True),
        ("Kvarnbacken", "sv", True),
        ("Farsta", "sv", True),
        ("Waran", "sv", False),
        ("Alvedon", "sv", False),
        ("Lövudden", "en", False),
    ],
)
def test_vocabulary_nordic_place_names_by_their_endings(
    word: str, language: str, expected: bool
) -> None:
    assert toponym(word, language) is expected


def test_vocabulary_words_of_addresses_are_no_lower_case_evidence() -> None:
    lower, _ = word_cases(["Write to eva@lovudden.se or see www.kvarnby.se today."])
    assert "lovudden" not in lower and "kvarnby" not in lower and lower["today"] == 1
