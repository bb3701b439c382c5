"""The codebook compiled into matchers: keywords on lemmas and word forms, Matcher patterns,
regexes, exclusions, and negation flags."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from qualpipe.codebook import Codebook
from qualpipe.precode.prefilter import RegexFilter

# Lower-case forms and lemmas that negate what follows them in the same clause.
NEGATION_CUES = frozenset(
    {
        "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without",
        "hardly", "barely", "cannot", "noone", "nowhere", "n't",
    }
)  # fmt: skip
# Tokens that end a negation's scope when scanning back from a match.
SCOPE_BREAK = frozenset({".", ",", ";", ":", "!", "?", "but", "although", "though", "however"})


@dataclass(frozen=True)
class Term:
    """A keyword or exclusion phrase and its lower-case words, tokenized like the text."""

    code: str
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class CodeMatch:
    """One piece of evidence: a code's term found in a turn, in token and character offsets."""

    code: str
    source: str
    term: str
    start: int
    end: int
    start_char: int
    end_char: int
    negated: bool = False


class Matchers:
    """The codebook compiled against a vocabulary: keyword index, Matcher, regexes."""

    def __init__(self, codebook: Codebook, nlp: object) -> None:
        from spacy.matcher import Matcher

        active = [code for code in codebook.codes if code.precode]
        self.keywords = _term_index(
            (code.id, keyword) for code in active for keyword in code.keywords
        )(nlp)
        self.exclusions = _term_index(
            (code.id, phrase) for code in active for phrase in code.exclude
        )(nlp)
        # One Matcher per pattern, run only on docs holding the words it cannot do without:
        # spaCy runs {"IN": [...]} predicates in Python for every token, which is slow.
        self.patterns = []
        for code in active:
            for number, pattern in enumerate(code.patterns, start=1):
                matcher = Matcher(nlp.vocab)  # type: ignore[attr-defined]
                matcher.add(f"{code.id}\t{number}", [pattern])
                self.patterns.append((required_words(pattern), matcher))
        self.regexes = [
            (code.id, pattern, re.compile(pattern, re.IGNORECASE))
            for code in active
            for pattern in code.regex
        ]
        self._known: tuple[dict, dict] = ({}, {})  # strings by id, for _forms
        self.regex_filter = RegexFilter.of([compiled for _, _, compiled in self.regexes])

    def find(self, doc: object, *, window: int, text: str | None = None) -> list[CodeMatch]:
        """Every match of every code in one doc, exclusions applied, negation flagged.

        text (str | None): doc.text, if the caller has it (spaCy builds it on every access).
        """
        text = doc.text if text is None else text  # type: ignore[attr-defined]
        forms = _forms(doc, self._known)
        words = set(forms[0]) | set(forms[1])
        matches = list(_keyword_matches(doc, self.keywords, forms, words))
        for required, matcher in self.patterns:
            if all(options & words for options in required):
                matches += _pattern_matches(doc, matcher)
        regexes = [self.regexes[number] for number in self.regex_filter.possible(text)]
        matches += _regex_matches(doc, regexes, text)
        excluded = list(_keyword_matches(doc, self.exclusions, forms, words))
        kept = [m for m in matches if not _overlaps_exclusion(m, excluded)]
        return sorted(
            (_with_negation(doc, m, window) for m in kept),
            key=lambda m: (m.start_char, m.end_char, m.code, m.source, m.term),
        )


def _term_index(entries: Iterable[tuple[str, str]]) -> Callable[[object], dict[str, list[Term]]]:
    """A function of the tokenizer's pipeline that returns {first word: [Term, ...]}.

    A keyword is written in its base form and tokenized like the text; a token of the text
    matches a keyword's word when its lower-case form or its lemma equals it. Keywords are
    not lemmatized themselves: out of context, 'recording' would become 'record'.
    """
    listed = list(entries)

    def build(nlp: object) -> dict[str, list[Term]]:
        index: dict[str, list[Term]] = defaultdict(list)
        for code, text in listed:
            words = tuple(t.lower_ for t in nlp.make_doc(text))  # type: ignore[attr-defined]
            index[words[0]].append(Term(code=code, text=text, words=words))
        # Each Term once (a keyword listed twice in a code matched once): a token's two
        # lists (its form's and its lemma's) then never hold the same Term.
        return {word: list(dict.fromkeys(terms)) for word, terms in index.items()}

    return build


def _forms(doc: object, known: tuple[dict, dict]) -> tuple[list[str], list[str]]:
    """Each token's lower-case form and lower-case lemma (`Token.lower_` and
    `Token.lemma_.lower()`), read from the doc's array at once.

    known (tuple[dict, dict]): the strings of the LOWER ids and the lower-case strings of
        the LEMMA ids seen before, filled in here.
    """
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings  # type: ignore[attr-defined]
    lowers, lemmas = doc.to_array([LOWER, LEMMA]).T.tolist()  # type: ignore[attr-defined]
    forms, lemma_forms = known
    forms.update((key, strings[key]) for key in set(lowers).difference(forms))
    lemma_forms.update((key, strings[key].lower()) for key in set(lemmas).difference(lemma_forms))
    return [forms[key] for key in lowers], [lemma_forms[key] for key in lemmas]


def _keyword_matches(
    doc: object,
    index: Mapping[str, list[Term]],
    forms: tuple[list[str], list[str]],
    words: set[str],
) -> Iterator[CodeMatch]:
    """words (set[str]): every lower-case form and lemma of the doc; a term can start only
    at a token whose form or lemma is a first word of the index."""
    lowers, lemmas = forms
    # Only the terms whose every word the doc holds (as a form or a lemma) can match.
    index = {
        first: live
        for first in index.keys() & words
        if (live := [term for term in index[first] if words.issuperset(term.words)])
    }
    if not index:
        return
    for i, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True)):
        if lower not in index and lemma not in index:
            continue
        # A Term sits in the list of its first word only: the two lists share none.
        terms = index.get(lower, []) + (index.get(lemma, []) if lemma != lower else [])
        for term in terms:  # its first word is this token's form or lemma
            end = i + len(term.words)
            if end <= len(lowers) and all(
                word in (lowers[i + j], lemmas[i + j])
                for j, word in enumerate(term.words[1:], start=1)
            ):
                yield _match(doc, term.code, "keyword", term.text, i, end)


def required_words(pattern: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
    """For each token a pattern must match, the lower-case words it may be, where literal.

    A doc without one of each set cannot match the pattern; optional tokens, negations and
    tokens without a literal LOWER, ORTH, LEMMA or NORM are left out (anything may match).
    """
    required = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for attribute in ("LOWER", "ORTH", "LEMMA", "NORM"):
            value = token.get(attribute)
            if isinstance(value, str):
                required.append(frozenset({value.lower()}))
            elif isinstance(value, Mapping) and set(value) == {"IN"}:
                required.append(frozenset(str(v).lower() for v in value["IN"]))
    return required


def _pattern_matches(doc: object, matcher: object) -> list[CodeMatch]:
    vocab = doc.vocab  # type: ignore[attr-defined]
    found: list[CodeMatch] = []
    for key, start, end in matcher(doc):  # type: ignore[operator]
        code, number = vocab.strings[key].split("\t")
        found.append(_match(doc, code, "pattern", f"pattern {number}", start, end))
    return found


def _regex_matches(
    doc: object, regexes: Sequence[tuple[str, str, re.Pattern[str]]], text: str
) -> list[CodeMatch]:
    found = []
    for code, pattern, compiled in regexes:
        for hit in compiled.finditer(text):
            span = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")  # type: ignore[attr-defined]
            if span is None or hit.start() == hit.end():
                continue
            found.append(
                CodeMatch(code, "regex", pattern, span.start, span.end, hit.start(), hit.end())
            )
    return found


def _match(doc: object, code: str, source: str, term: str, start: int, end: int) -> CodeMatch:
    span = doc[start:end]  # type: ignore[index]
    return CodeMatch(code, source, term, start, end, span.start_char, span.end_char)


def _overlaps_exclusion(match: CodeMatch, excluded: Sequence[CodeMatch]) -> bool:
    return any(
        e.code == match.code and e.start_char < match.end_char and match.start_char < e.end_char
        for e in excluded
    )


def negated(doc: object, start: int, *, window: int) -> bool:
    """Whether a negation cue stands up to `window` tokens before `start` in the same clause."""
    for i in range(start - 1, max(start - window, 0) - 1, -1):
        token = doc[i]  # type: ignore[index]
        lower = token.lower_
        if lower in SCOPE_BREAK:
            return False
        if lower in NEGATION_CUES or token.lemma_.lower() in NEGATION_CUES:
            return True
    return False


def _with_negation(doc: object, match: CodeMatch, window: int) -> CodeMatch:
    if not negated(doc, match.start, window=window):
        return match
    return CodeMatch(**{**match.__dict__, "negated": True})
