"""A regex of names, tried only where one of them can begin (issue 16).

The leak audit's pattern (`audit.leak_pattern`) was tried by the regex engine at every
position of every audited text (75 million characters on the demo, 10 s), and so were the
propagation of known names and the search of the study's phrases in every turn. A match of
such a pattern begins with the first word of one of its names (its text up to the first
whitespace), whole, as the pattern matches it: in any case under `re.IGNORECASE`'s own rules
for the names searched in any case (so 'ı', 'ſ' or the Kelvin sign match as the engine
matches them), as written for the others; and no letter or digit stands right before or
after that word. That first word lies inside one word of the text split at whitespace and at
a few punctuation marks no first word holds. So the first words alone are searched once in
the vocabulary (each distinct word once, for all texts a search is given), and the whole
pattern is tried only where a word holding one occurs: the same matches as
`pattern.finditer`, in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from qualpipe.common.wordlist import WordList

# Besides whitespace, where the texts' words are split: marks no letter is the same as in
# any case (tests/anonymise/test_wordsearch.py checks it), and that no first word of a name
# holds. Splitting a table's rows at them keeps the vocabulary small.
SPLIT_MARKS = ',;"|=<>{}[]()'


def first_words(identifiers: Iterable[str]) -> set[str]:
    """The first word of each name, as a pattern's trie splits it ('' if none)."""
    return {(identifier.split() or [""])[0] for identifier in identifiers}


@dataclass
class WordSearch:
    """A pattern of names, tried only at the positions their first words allow.

    pattern (re.Pattern[str]): the whole search.
    starts (re.Pattern[str] | None): a zero-width match before each first word; None
        (no identifier, or an empty one) tries the pattern everywhere.
    split_marks (str): the marks, besides whitespace, at which words are split.
    """

    pattern: re.Pattern[str]
    starts: re.Pattern[str] | None
    split_marks: str
    _seen: set[str] = field(default_factory=set, repr=False)
    _holding: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The pattern's matches in text, as `pattern.finditer(text)` gives them."""
        if self.starts is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for start in self._candidates(text, self.starts):
            if start < end:
                continue  # inside the previous match, where finditer does not look either
            match = self.pattern.match(text, start)  # lookbehinds see the text before start
            if match:
                yield match
                end = match.end()

    def _candidates(self, text: str, starts: re.Pattern[str]) -> list[int]:
        """Every position where a first word may begin, in order (a superset)."""
        words = self._words(text)
        self._learn(words, starts)
        positions: set[int] = set()
        for word in self._holding.keys() & words:  # the smaller is iterated
            positions.update(_occurrences(text, word, self._holding[word]))
        return sorted(positions)

    def _words(self, text: str) -> set[str]:
        for mark in self.split_marks:
            text = text.replace(mark, " ")
        return set(text.split())

    def _learn(self, words: set[str], starts: re.Pattern[str]) -> None:
        """Search the first words in the words not seen before, each once; keep the
        offsets in each word where one may begin."""
        new = list(words.difference(self._seen))
        self._seen.update(new)
        offsets: dict[str, list[int]] = {}
        for word, offset in WordList.of(new).hits(starts):
            offsets.setdefault(word, []).append(offset)
        self._holding.update((word, tuple(found)) for word, found in offsets.items())


def _occurrences(text: str, word: str, offsets: tuple[int, ...]) -> Iterator[int]:
    index = text.find(word)
    while index >= 0:
        yield from (index + offset for offset in offsets)
        index = text.find(word, index + 1)


def word_search(
    pattern: re.Pattern[str], groups: tuple[set[str], set[str], set[str]], *, word_char: str
) -> WordSearch:
    """The fast search for a pattern of names, given by the groups it is made of.

    pattern (re.Pattern[str]): it must match only a name of the groups (whose whitespace
        it may match as any whitespace), with no word_char right before it, and no word_char
        right after the name's first word (a mark such as "'" may follow it).
    groups (tuple): the names the pattern matches in any case (re.IGNORECASE), the names it
        matches as written, and more names it matches as written (the leak audit's words).
    word_char (str): the pattern's class of a letter or digit ('\\w', or '[^\\W_]').
    """
    folded, exact, words = (first_words(group) for group in groups)
    every = folded | exact | words
    if "" in every or not every:  # the pattern then matches empty strings
        return WordSearch(pattern, None, "")
    branches = [f"(?i:{trie(folded)})", trie(exact), trie(words)]
    body = "|".join(branch for branch, group in zip(branches, groups, strict=True) if group)
    starts = re.compile(rf"(?<!{word_char})(?=(?:{body})(?!{word_char}))")
    marks = "".join(mark for mark in SPLIT_MARKS if not any(mark in word for word in every))
    return WordSearch(pattern, starts, marks)


def trie(words: Iterable[str]) -> str:
    """A regex matching exactly the given words, built as a trie; whitespace matches \\s+."""
    root: dict = {}
    for word in words:
        node = root
        for char in " ".join(word.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root)


def _branch(node: dict) -> str:
    ends = "" in node
    parts = [
        (r"\s+" if char == " " else re.escape(char)) + _branch(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body
