"""The codebook's regexes, each tried only on texts holding a word it cannot match without
(issue 16).

Each regex was tried on every turn's text (1 million characters and 69 regexes per demo
batch: 1.3 s). Most regexes hold a run of literal characters outside any group, repeat or
alternative, which every match of theirs then holds, matched under the regex's own flags
(so `re.IGNORECASE`'s Unicode rules for 'ı', 'ſ' or the Kelvin sign are the engine's own).
When none of that run's characters can match whitespace, the run lies inside one word of
the text split at whitespace. So each run is searched once in the vocabulary (each distinct
word once, with the regex's flags), and a regex is tried only on a text holding a word the
run matches in: the same matches as trying it on every text.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the engine's own parser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from qualpipe.common.wordlist import WordList

# Every character `str.split()` splits at (str.isspace; tests/precode checks the list).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The flags that decide how a run of literals matches (VERBOSE does not: it is escaped).
CASE_FLAGS = re.IGNORECASE | re.ASCII | re.UNICODE


def required_run(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A search for the longest run of literals every match of regex holds, none of which
    can match whitespace; None if the regex has no such run (it is then always tried)."""
    flags = regex.flags & CASE_FLAGS
    runs: list[str] = [""]
    for op, value in sre_parse.parse(regex.pattern, regex.flags):
        char = chr(value) if op is sre_parse.LITERAL else ""
        if char and not re.search(re.escape(char), WHITESPACE, flags):
            runs[-1] += char
        elif runs[-1]:
            runs.append("")
    longest = max(runs, key=len)
    return re.compile(re.escape(longest), flags) if longest else None


@dataclass
class RegexFilter:
    """Which of a list of regexes can match a text, from the words the text holds.

    runs (list): per regex, the search for its required run, or None (always tried).
    """

    runs: list[re.Pattern[str] | None]
    _seen: set[str] = field(default_factory=set, repr=False)
    _holding: dict[str, set[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, regexes: Sequence[re.Pattern[str]]) -> RegexFilter:
        """The filter for these regexes, in their order."""
        return cls([required_run(regex) for regex in regexes])

    def learn(self, texts: Iterable[str]) -> None:
        """Search the runs in the words of texts not seen before, each word once: a batch's
        texts learnt together take one search per run."""
        self._learn(set().union(*(text.split() for text in texts)))

    def possible(self, text: str) -> list[int]:
        """The numbers, in order, of the regexes that may match text (a superset of those
        that do)."""
        words = set(text.split())
        self._learn(words)
        found = {number for number, run in enumerate(self.runs) if run is None}
        for word in self._holding.keys() & words:  # the smaller set is iterated
            found |= self._holding[word]
        return sorted(found)

    def _learn(self, words: set[str]) -> None:
        new = list(words.difference(self._seen))
        if not new:
            return
        self._seen.update(new)
        joined = WordList.of(new)  # no run matches "\n": a hit lies inside one word
        for number, run in enumerate(self.runs):
            for word, _ in joined.hits(run) if run else ():
                self._holding.setdefault(word, set()).add(number)
