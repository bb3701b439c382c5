"""The precode stage's fast paths find what the plain ones find (issue 16): regexes tried only
on texts holding their literal run, keywords looked up only where they can start."""

import re
import sys

import pytest
import spacy
from conftest import ROOT
from qualpipe.codebook import load_codebook
from qualpipe.precode import matcher
from qualpipe.precode.matcher import CodeMatch, Matchers, _match
from qualpipe.precode.prefilter import WHITESPACE, RegexFilter, required_run
from spacy.tokens import Doc

NLP = spacy.blank("en")
EVERY = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
# Texts where re.IGNORECASE matches a letter by Unicode's rules: 'ſ' is 's', the Kelvin
# sign 'k', 'ı' 'i', and a run split by a non-breaking space or a line separator.
TRICKY = [
    "The ſtandardiſation of the work",
    "STANDARDIZE it",
    "a \u212aelvin-sign worker",
    "we were reorganıſed",
    "180\u00a0days, day\u2028180, 90days",
    "Three-party meetings with GPs",
    "in the NEWS",
]


def _codebook():
    return load_codebook(
        str(ROOT / "data/codebook.yaml"),
        schema_path=str(ROOT / "workflow/schemas/codebook.schema.yaml"),
    )


def _turns(files: int = 1000) -> list[str]:
    paths = sorted((ROOT / "data/raw").glob("*.txt"))[:files]
    texts = [p.read_text("utf-8", errors="replace") for p in paths]
    return [turn for text in texts for turn in text.split("\n") if turn.strip()] + TRICKY


def test_prefilter_whitespace_is_every_character_str_split_splits_at() -> None:
    assert "".join(c for c in EVERY if c.isspace()) == WHITESPACE


@pytest.mark.parametrize(
    ("pattern", "run"),
    [
        (r"\bcentrali[sz]", "centrali"),
        (r"\bday (90|180|365)\b", "day"),
        (r"\b(three|3|four|4)[- ]party\b", "party"),
        (r"\bGPs?\b", "GP"),
        (r"(?x) face \s to", "face"),
        (r"(news|papers?)", None),
        (r"a\sb", "a"),
    ],
)
def test_prefilter_required_run_of_a_regex(pattern: str, run: str | None) -> None:
    found = required_run(re.compile(pattern, re.IGNORECASE))
    assert (found.pattern if found else None) == (re.escape(run) if run else None)


def test_prefilter_no_run_character_matches_whitespace_in_any_case() -> None:
    regexes = [re.compile(p, re.IGNORECASE) for code in _codebook().codes for p in code.regex]
    for regex in regexes:
        run = required_run(regex)
        assert run is None or not run.search(WHITESPACE)


def test_prefilter_tries_every_regex_that_matches_a_real_turn() -> None:
    regexes = [re.compile(p, re.IGNORECASE) for code in _codebook().codes for p in code.regex]
    regexes += [re.compile(r"\bkelvin", re.IGNORECASE), re.compile(r"reorganis", re.IGNORECASE)]
    texts = _turns()
    batch, alone = RegexFilter.of(regexes), RegexFilter.of(regexes)
    batch.learn(texts)
    skipped = 0
    for text in texts:
        matching = [n for n, regex in enumerate(regexes) if regex.search(text)]
        possible = batch.possible(text)
        assert set(matching) <= set(possible), text
        assert alone.possible(text) == possible  # learning a batch first changes nothing
        skipped += len(regexes) - len(possible)
    assert skipped > len(texts)  # the filter does skip regexes
    for text in TRICKY[:5]:  # each is matched through a case rule or a split word
        assert any(regex.search(text) for regex in regexes), text


def _doc(text: str) -> Doc:
    made = NLP.make_doc(text)
    words = [t.text for t in made]
    # Lemmas as a lemmatizer may give them: some differ from the form ('meetings' -> 'meeting').
    lemmas = [w.lower().removesuffix("s") if len(w) > 4 else w for w in words]
    return Doc(NLP.vocab, words=words, spaces=[bool(t.whitespace_) for t in made], lemmas=lemmas)


def _plain_keywords(doc: Doc, index: dict) -> list[CodeMatch]:
    """Keyword matching as it was before issue 16: every token, every term."""
    lowers = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    found = []
    for i in range(len(lowers)):
        seen = set()
        for term in index.get(lowers[i], []) + index.get(lemmas[i], []):
            if term in seen:
                continue
            seen.add(term)
            end = i + len(term.words)
            if end <= len(lowers) and all(
                word in (lowers[i + j], lemmas[i + j]) for j, word in enumerate(term.words)
            ):
                found.append(_match(doc, term.code, "keyword", term.text, i, end))
    return found


def test_prefilter_matchers_find_what_plain_matching_finds_in_real_turns() -> None:
    fast = Matchers(_codebook(), NLP)
    plain = Matchers(_codebook(), NLP)
    plain.regex_filter = RegexFilter([None] * len(plain.regexes))  # every regex everywhere
    found = 0
    for text in _turns(files=8):
        doc = _doc(text)
        assert fast.find(doc, window=5) == plain.find(doc, window=5, text=text)
        forms = matcher._forms(doc, ({}, {}))
        words = set(forms[0]) | set(forms[1])
        for index in (fast.keywords, fast.exclusions):
            fast_keywords = list(matcher._keyword_matches(doc, index, forms, words))
            assert fast_keywords == _plain_keywords(doc, index)
            found += len(fast_keywords)
    assert found > 100
