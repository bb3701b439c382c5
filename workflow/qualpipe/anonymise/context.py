"""What the detection layers know of the interview a text belongs to: its languages and the
words it writes in lower case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.spans import INTERJECTIONS
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.speakers import fold

# An English word this frequent (Zipf), ten times rarer in the interview's own language, is
# an English loanword there ('Slack' 3.7 vs French 2.5), not a name on NER's word alone.
FOREIGN_ZIPF = 3.5


@dataclass(frozen=True)
class Context:
    """What the layers know of the interview a text belongs to.

    languages (tuple[str, ...]): the interview's language and English, whose terms are kept.
    lowercase (Counter[str]): words the interview writes in lower case mid-sentence.
    """

    languages: tuple[str, ...]
    lowercase: Counter[str] = field(default_factory=Counter)

    def foreign_word(self, word: str) -> bool:
        """A frequent English word in another language's interview ('Slack', 'Data')."""
        english = vocabulary.zipf(word, ("en",))
        own = vocabulary.zipf(word, self.languages[:1])
        return self.languages[0] != "en" and english >= FOREIGN_ZIPF and own < english - 1.0

    def language_word(self, word: str, common: frozenset[str]) -> bool:
        """A word of the language or a term ('data', 'Kubernetes', 'API'), not a private name."""
        return (
            not any(c.isalpha() for c in word)
            or word in INTERJECTIONS
            or gazetteer.is_ordinary(fold(word), common)
            or vocabulary.is_contraction(word)
            or vocabulary.is_term(word, self.languages)
            or self.lowercase[word] > 0
        )


def document_context(document: Mapping, default_language: str) -> Context:
    """The languages and the lower-case words of one parsed transcript."""
    language = document.get("language") or default_language
    texts = [turn["text"] for turn in document["turns"]]
    lower, _ = vocabulary.word_cases(texts)
    return Context(languages=vocabulary.term_languages(language), lowercase=lower)
