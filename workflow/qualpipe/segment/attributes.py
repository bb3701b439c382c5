"""The attribute ruler's work as a table lookup (issue 16).

A trained pipeline's AttributeRuler maps each token's fine tag (and, for some words, its
form) to its coarse part of speech, morphology and lemma: in en_core_web_sm, 179 Matcher
patterns, which took as long as tok2vec and the tagger together. Its patterns test only
attributes of single tokens that the Matcher reads as `Doc.to_array` does (ORTH, LOWER,
TAG, POS, DEP, flags like IS_SPACE), with equality, IN, NOT_IN or REGEX. So what the rules
give a token follows from that token's values (and its neighbours', for the few patterns of
several tokens): found once per distinct combination of values, then looked up.

The ruler's semantics are kept exactly: every pattern is matched on the doc as the earlier
components left it, then the matches are applied in the order of their pattern (a later
pattern overrides an earlier one), each writing its attributes to the token at its index,
through spaCy's own `set_token_attrs`. A ruler with a pattern of any other form (operators,
extension attributes, fuzzy matching, attributes written to the lexeme) is kept as it is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from qualpipe.segment.pipes import replace_pipe

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc

FACTORY = "qualpipe_attribute_table"
RULER = "attribute_ruler"
# Attributes that the Matcher and Doc.to_array both read with spaCy's get_token_attr; flags
# (ids below 64) too. Not SENT_START, which the Matcher reads otherwise.
CONDITION_NAMES = ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA", "POS", "TAG")
CONDITION_NAMES_MORE = ("DEP", "MORPH")
FLAG_LIMIT = 64
# set_token_attrs writes these to the token alone (not to the shared lexeme).
TOKEN_FIELD_NAMES = ("LEMMA", "POS", "TAG", "MORPH", "DEP")
# An equality or IN test is indexed: one exact condition per combination of IN values.
MAX_COMBINATIONS = 10_000

Condition = tuple[tuple[int, int], ...]  # (attribute id, value) pairs that all hold
Writes = list[tuple[int, dict[int, int]]]  # (rule order, attributes) applied to a token


@dataclass(frozen=True)
class Test:
    """One test of a token spec: the token's attr is value (==), among values (IN), not
    among them (NOT_IN), or its string contains a match of a regular expression (REGEX)."""

    attr: int
    kind: str
    values: frozenset[int] = frozenset()
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler.

    order (int): its place in the ruler; a later rule overrides an earlier one.
    specs (tuple[int, ...]): the spec id of each token of the pattern.
    target (int): the token of a match that gets the attributes, from the match's start.
    attrs (dict[int, int]): attribute id -> value, as the ruler stores them.
    """

    order: int
    specs: tuple[int, ...]
    target: int
    attrs: dict[int, int] = field(hash=False, compare=False)


@dataclass
class Entry:
    """What one combination of values gives a token.

    met (frozenset[int]): the specs it meets. own (Writes): the one-token rules it matches.
    attrs (dict[int, int]): their attributes merged in rule order. starts (tuple[Rule, ...]):
    the longer rules whose first token it could be.
    """

    met: frozenset[int]
    own: Writes
    attrs: dict[int, int]
    starts: tuple[Rule, ...]


class AttributeTable:
    """A pipeline component that gives every token what the attribute ruler would give it."""

    def __init__(
        self, specs: Sequence[tuple[Test, ...]], rules: Sequence[Rule], strings: StringStore
    ) -> None:
        """specs (Sequence): the tests of each token spec, by spec id. rules (Sequence[Rule]):
        the patterns. strings (StringStore): the vocabulary's, for REGEX tests."""
        self.columns: list[int | str] = [*sorted({t.attr for spec in specs for t in spec})]
        self.place = {attr: i for i, attr in enumerate(self.columns)}
        self.strings = strings
        # Specs of equality and IN tests are dict lookups: shape -> values -> spec ids.
        self.shapes: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        self.checked: list[tuple[int, tuple[Test, ...]]] = []
        for number, spec in enumerate(specs):
            conditions = _conditions(spec)
            if conditions is None:
                self.checked.append((number, spec))
            for condition in conditions or ():
                shape = tuple(self.place[attr] for attr, _ in condition)
                values = tuple(value for _, value in condition)
                self.shapes.setdefault(shape, {}).setdefault(values, []).append(number)
        self.single = {n: [r for r in rules if r.specs == (n,)] for n in range(len(specs))}
        self.longer = [rule for rule in rules if len(rule.specs) > 1]
        self.entries: dict[tuple[int, ...], Entry] = {}

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    def predict(self, doc: Doc) -> list[dict[int, int]]:
        """The attributes each token of the doc gets (empty: none), from the doc as it is."""
        if not self.columns:
            return [{} for _ in range(len(doc))]
        # to_array gives one column as a 1-d array: shape it as rows of the columns always
        values = doc.to_array(self.columns).reshape((len(doc), len(self.columns)))
        keys = [tuple(row) for row in cast("list[list[int]]", values.tolist())]
        entries = [self._entry(key) for key in keys]
        extra = self._longer_matches(entries)
        return [
            _merged(entry.own + extra[i]) if i in extra else entry.attrs
            for i, entry in enumerate(entries)
        ]

    def set_annotations(self, doc: Doc, writes: Sequence[dict[int, int]]) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        for token, attrs in zip(doc, writes, strict=True):
            if attrs:
                set_token_attrs(token, attrs)

    def _entry(self, key: tuple[int, ...]) -> Entry:
        entry = self.entries.get(key)
        if entry is None:
            found = [
                number
                for shape, table in self.shapes.items()
                for number in table.get(tuple(key[i] for i in shape), ())
            ]
            checked = [n for n, spec in self.checked if all(self._passes(t, key) for t in spec)]
            met = frozenset(found + checked)
            own = [(rule.order, rule.attrs) for n in met for rule in self.single[n]]
            starts = tuple(rule for rule in self.longer if rule.specs[0] in met)
            entry = self.entries[key] = Entry(met, own, _merged(own), starts)
        return entry

    def _passes(self, test: Test, key: tuple[int, ...]) -> bool:
        value = key[self.place[test.attr]]
        if test.kind == "REGEX" and test.pattern is not None:
            return bool(test.pattern.search(self.strings[value]))
        return (value in test.values) == (test.kind != "NOT_IN")

    def _longer_matches(self, entries: Sequence[Entry]) -> dict[int, Writes]:
        """Token -> the multi-token rules that match with it as their target."""
        extra: dict[int, Writes] = {}
        for start, entry in enumerate(entries):
            for rule in entry.starts:
                if start + len(rule.specs) <= len(entries) and all(
                    spec in entries[start + k].met for k, spec in enumerate(rule.specs)
                ):
                    extra.setdefault(start + rule.target, []).append((rule.order, rule.attrs))
        return extra


def _merged(writes: Iterable[tuple[int, dict[int, int]]]) -> dict[int, int]:
    """The attributes of writes applied in rule order: a later rule's value wins."""
    merged: dict[int, int] = {}
    for _, attrs in sorted(writes, key=lambda write: write[0]):
        merged.update(attrs)
    return merged


def _conditions(spec: tuple[Test, ...]) -> list[Condition] | None:
    """A spec of equality and IN tests as exact conditions, one of which must hold."""
    if any(test.kind not in ("==", "IN") for test in spec):
        return None
    choices = [[(test.attr, value) for value in sorted(test.values)] for test in spec]
    count = 1
    for choice in choices:
        count *= len(choice)
    if count > MAX_COMBINATIONS:
        return None
    return [tuple(combination) for combination in itertools.product(*choices)]


def table_from_ruler(ruler: object) -> AttributeTable | None:
    """The ruler as a table, or None when it is no AttributeRuler or one of its patterns is
    not of a form the table maps."""
    from spacy.attrs import IDS
    from spacy.pipeline import AttributeRuler

    if type(ruler) is not AttributeRuler:
        return None
    fields = {IDS[name] for name in TOKEN_FIELD_NAMES}
    specs: dict[tuple[Test, ...], int] = {}
    rules = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        callback, patterns = ruler.matcher.get(str(order))
        if callback is not None or not set(attrs) <= fields:
            return None
        for pattern in patterns:
            tests = [_tests(spec, ruler.vocab.strings) for spec in pattern]
            if not pattern or None in tests or not -len(pattern) <= index < len(pattern):
                return None
            ids = tuple(specs.setdefault(spec, len(specs)) for spec in tests if spec is not None)
            rules.append(Rule(order, ids, index % len(pattern), dict(attrs)))
    return AttributeTable(list(specs), rules, ruler.vocab.strings)


def _tests(spec: object, strings: StringStore) -> tuple[Test, ...] | None:
    """A token spec's tests, with values converted as the Matcher converts them; None for a
    spec of another form."""
    if not isinstance(spec, dict):
        return None
    tests = []  # none at all ({}): any token
    for name, value in spec.items():
        attr = _condition_attr(name)
        test = None if attr is None else _test(attr, value, strings)
        if test is None:
            return None
        tests.append(test)
    return tuple(sorted(tests, key=lambda test: (test.attr, test.kind)))


def _test(attr: int, value: object, strings: StringStore) -> Test | None:
    from spacy.attrs import MORPH
    from spacy.strings import get_string_id

    if isinstance(value, str):
        return Test(attr, "==", frozenset({strings.add(value)}))
    if isinstance(value, int) and value >= 0:  # a bool too: True is 1
        return Test(attr, "==", frozenset({int(value)}))
    if not isinstance(value, dict) or len(value) != 1 or attr == MORPH:
        return None
    kind, operand = next(iter(value.items()))
    kind = str(kind).upper()
    if kind == "REGEX" and isinstance(operand, str):
        return Test(attr, kind, pattern=re.compile(operand))
    members = operand if isinstance(operand, list) else [{}]
    if kind in ("IN", "NOT_IN") and all(isinstance(member, str | int) for member in members):
        return Test(attr, kind, frozenset(get_string_id(member) for member in members))
    return None


def _condition_attr(name: object) -> int | None:
    from spacy.attrs import IDS

    if not isinstance(name, str):
        return None
    name = "ORTH" if name.upper() == "TEXT" else name.upper()
    attr = IDS.get(name)
    if attr is None:
        return None
    if name in CONDITION_NAMES or name in CONDITION_NAMES_MORE or 0 < attr < FLAG_LIMIT:
        return attr
    return None


def use_attribute_table(nlp: Language) -> bool:
    """Put the table in the place of the pipeline's enabled attribute ruler, where it maps.

    RETURNS (bool): whether the table now does the ruler's work.
    """
    return replace_pipe(nlp, RULER, FACTORY, table_from_ruler)
