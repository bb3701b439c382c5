from qualpipe.anonymise.lexicon import build_lexicon, strip_diacritics, surface_variants

PEOPLE = {
    "participant:P1": ("PARTICIPANT", "Åsa Lindqvist-Berg"),
    "interviewer:maria ek": ("INTERVIEWER", "Maria Ek"),
}
TERMS = [{"term": "Aspeby Fastigheter", "category": "organisation"}]


def _found(text: str, prefer=()) -> list[tuple[str, str]]:
    lexicon = build_lexicon(people=PEOPLE, terms=TERMS)
    return [(text[h.start : h.end], h.entity.key) for h in lexicon.find(text, prefer=prefer)]


def test_lexicon_strip_diacritics_keeps_offsets() -> None:
    assert strip_diacritics("Åsa Mäkinen ﬁne") == "Asa Makinen ﬁne"


def test_lexicon_variants_of_a_hyphenated_name() -> None:
    assert {"Åsa", "Asa", "Lindqvist-Berg", "Lindqvist", "Berg"} <= surface_variants(
        "Åsa Lindqvist-Berg", parts=True
    )


def test_lexicon_finds_parts_possessives_case_and_folded_diacritics() -> None:
    text = "Asa said Lindqvist's desk; ÅSAS car. Maria and Berg."
    assert [form for form, _ in _found(text)] == ["Asa", "Lindqvist's", "ÅSAS", "Maria", "Berg"]


def test_lexicon_terms_match_across_spacing_and_case() -> None:
    assert _found("at aspeby  fastigheter") == [("aspeby  fastigheter", "term:aspeby fastigheter")]


def test_lexicon_prefers_the_interviews_own_person() -> None:
    people = {
        "participant:P1": ("PARTICIPANT", "Anna Berg"),
        "participant:P2": ("PARTICIPANT", "Anna Ek"),
    }
    lexicon = build_lexicon(people=people, terms=[])
    hits = lexicon.find("Anna said", prefer=["participant:P2"])
    assert [h.entity.key for h in hits] == ["participant:P2"]
