"""The leak audit's fast search finds exactly what its full regex finds (issue 16): for any
identifiers and any text, including the letters re's IGNORECASE takes for others ('ı' for
'i', 'ſ' for 's', the Kelvin sign for 'k', U+0345 for 'ι') and hostile characters."""

from __future__ import annotations

import re

from hostile import HOSTILE_CHARACTERS, budget
from hypothesis import given
from hypothesis import strategies as st
from qualpipe.anonymise.audit import leak_pattern, leak_searcher
from qualpipe.anonymise.propagate import forms_search
from qualpipe.anonymise.protect import phrase_search

# Letters and their case partners under re.IGNORECASE, some of them no letter at all.
CASE_TRICKS = "iIıİsSſkK\u212aµμΜιΙ\u0345\u1fbeßẞσςΣθϑΘåÅ\u212bæÆ"
LETTERS = CASE_TRICKS + "anelrt"
IDENTIFIER_CHARS = LETTERS + " -'.,;|\u00a0\x85_1"
TEXT_CHARS = IDENTIFIER_CHARS + HOSTILE_CHARACTERS + "\n\r\t\u2028"


def _partners(char: str) -> list[str]:
    """char and every character of the pool that re's IGNORECASE matches with it."""
    literal = re.compile(re.escape(char), re.IGNORECASE)
    return sorted(
        {char, *(c for c in CASE_TRICKS + char.upper() + char.lower() if literal.fullmatch(c))}
    )


@st.composite
def spelt(draw: st.DrawFn, identifier: str) -> str:
    """The identifier as a text may write it: each character or a case partner of it."""
    return "".join(draw(st.sampled_from(_partners(c))) for c in identifier.removeprefix("="))


@st.composite
def study(draw: st.DrawFn) -> tuple[list[str], frozenset[str], str]:
    """Identifiers (some '='-marked key forms), common words, and a text holding some."""
    names = draw(
        st.lists(st.text(IDENTIFIER_CHARS, min_size=1, max_size=7), min_size=1, max_size=6)
    )
    identifiers = [draw(st.sampled_from(["", "="])) + name for name in names]
    common = frozenset(draw(st.lists(st.sampled_from([n.lower() for n in names]), max_size=3)))
    pieces = draw(
        st.lists(
            st.one_of(st.text(TEXT_CHARS, max_size=6), st.sampled_from(identifiers).flatmap(spelt)),
            max_size=12,
        )
    )
    return identifiers, common, "".join(pieces)


@budget(2.0, least=50)
@given(study())
def test_prop_wordsearch_finds_what_the_regex_finds(
    case: tuple[list[str], frozenset[str], str],
) -> None:
    identifiers, common, text = case
    pattern = leak_pattern(identifiers, common=common)
    search = leak_searcher(identifiers, common=common)
    expected = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    assert [(m.start(), m.end(), m.group(0)) for m in search.finditer(text)] == expected


@budget(1.0, least=40)
@given(study())
def test_prop_wordsearch_propagation_and_phrases_find_what_their_regexes_find(
    case: tuple[list[str], frozenset[str], str],
) -> None:
    names, _, text = case
    forms = {name.removeprefix("=").strip() for name in names} - {""}
    phrases = sorted({form for form in forms if " " in form}, key=lambda p: (-len(p), p))
    for search in [forms_search(forms)] + ([phrase_search(phrases)] if phrases else []):
        expected = [(m.start(), m.end(), m.group(0)) for m in search.pattern.finditer(text)]
        assert [(m.start(), m.end(), m.group(0)) for m in search.finditer(text)] == expected
