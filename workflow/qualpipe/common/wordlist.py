"""Words searched together: a pattern tried once over many distinct words (issue 16).

The leak audit's and replacement's name search (anonymise.wordsearch) and the pre-coder's
regex filter (precode.prefilter) both learn which words of a vocabulary hold a match of a
pattern, each word once. The words are joined by newlines and searched in one pass; a
pattern that cannot match a newline, nor look across one, finds each hit inside one word.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class WordList:
    """Words joined for searching.

    words (Sequence[str]): the words, in order; text: them joined by newlines; starts: the
        offset of each word in text.
    """

    words: Sequence[str]
    text: str
    starts: list[int]

    @classmethod
    def of(cls, words: Sequence[str]) -> WordList:
        starts = list(itertools.accumulate((len(word) + 1 for word in words), initial=0))
        return cls(words, "\n".join(words), starts)

    def hits(self, pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
        """Each match of pattern as (the word it lies in, its offset in that word), in order."""
        for match in pattern.finditer(self.text):
            index = bisect.bisect_right(self.starts, match.start()) - 1
            yield self.words[index], match.start() - self.starts[index]
