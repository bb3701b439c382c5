"""What a language uses as words and terms: the evidence that keeps domain language.

Statistical NER tags 'Data Scientist', 'Kubernetes' or 'Motivational Interviewing' as
organisations, and a name gazetteer knows 'Per' and 'Will'. Neither is evidence enough to
redact a word that the language, or the study itself, uses as an ordinary word or term:
- term frequencies from `wordfreq` (a maintained frequency lexicon for 40 languages);
- placeholders the authors already wrote ('Company X', 'Participant 3', '[name]');
- words the transcripts write in lower case mid-sentence.
The stronger layers (participants.csv, the study lexicon, patterns, the gazetteer in a name's
company) decide those words; NER alone does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

# A word at least this frequent (Zipf scale: 3 = once per million words) in one of the
# languages is a term of that language: 'GitHub' 3.2, 'DevOps' 2.9, 'Kubernetes' 2.3,
# 'TensorFlow' 2.1, 'ibuprofen' 2.9, 'metformin' 2.6; a small firm or village scores 0-1.5.
TERM_ZIPF = 2.0
# Contractions and clitics are words, never names ("I'm", "We'll", "It's", "C'est", "J'ai");
# a possessive ("Anna's") or a name with an apostrophe ("O'Brien", "D'Angelo") is not one.
CONTRACTION = re.compile(
    r"^(?:\w+['’](?:m|re|ve|ll|d|t)"
    r"|(?:it|that|there|here|what|who|he|she|let|where|how|this)['’]s"
    r"|(?:c|j|l|d|n|m|s|t|qu|jusqu|lorsqu|puisqu)['’][a-zà-ÿ]\w*)$",
    re.IGNORECASE,
)
# Words the authors use in place of an identifier; kept as written: '[name]', '<name>',
# 'XXX', 'P12', and a word with a letter or number ('Company Y', 'Participant 3'), found from
# the letter or number back to the word (a scan from every capital is several times slower).
BRACKETED = re.compile(r"\[[^\[\]\n]{1,40}\]|<[^<>\n]{1,30}>")
CROSSED = re.compile(r"(?<!\w)(?:X{2,}|x{2,})(?!\w)")
CODED = re.compile(r"(?<!\w)(?:P|IP|R|I|Int|Resp|Participant|Interviewee)[- ]?\d{1,3}(?!\w)")
TAG = re.compile(r"(?<=[a-zåäöéèàçüæø] )(?:[B-HJ-Z]|\d{1,3})(?![\w]|[.,]\d)")
TAGGED_WORD = re.compile(r"(?<!\w)[A-ZÅÄÖÉ][a-zåäöéèàçüæø]{1,20} $")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:\"“”\]])\s*$")


@lru_cache(maxsize=200_000)
def _zipf(word: str, language: str) -> float:
    import wordfreq

    return float(wordfreq.zipf_frequency(word, language, wordlist="best"))


@lru_cache(maxsize=16)
def supported(language: str) -> bool:
    """Whether wordfreq has a word list for this language."""
    import wordfreq

    return language in wordfreq.available_languages(wordlist="best")


def zipf(word: str, languages: Sequence[str]) -> float:
    """A word's highest frequency (Zipf scale) in the given languages; 0 where unknown."""
    lowered = word.lower().strip("'’")
    return max((_zipf(lowered, lang) for lang in languages if supported(lang)), default=0.0)


def is_term(word: str, languages: Sequence[str]) -> bool:
    """A word the languages use often enough to be a word or term, not a private name."""
    return zipf(word, languages) >= TERM_ZIPF


def term_languages(language: str) -> tuple[str, ...]:
    """The languages whose terms count in an interview: its own and English, the language
    of most technical vocabulary ('DevOps' in a Swedish or French answer)."""
    return tuple(dict.fromkeys((language, "en")))


# An organisation named after these words is an employer, however ordinary its name: 'I was
# at Amazon', 'je suis chez Altiqa', 'jag jobbar på Lövudden', 'ich arbeite bei'.
EMPLOYER_BEFORE = re.compile(
    r"(?:\b(?:at|for|joined|left|chez|hos|på|bei)\s+(?:the\s+)?)$", re.IGNORECASE
)
# The last word of a firm's name: 'Halcyon Assurance', 'Kvarnby Mekaniska AB'.
FIRM_WORDS = frozenset(
    [
        "ab", "ltd", "limited", "inc", "llc", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv",
        "oy", "as", "aps", "co", "corp", "corporation", "company", "group", "holding",
        "holdings", "assurance", "insurance", "bank", "capital", "partners", "consulting",
        "consultants", "analytics", "solutions", "systems", "technologies", "labs", "ventures",
        "logistics", "services", "industries", "försäkring", "konsult", "bygg", "åkeri",
    ]
)  # fmt: skip
# 'PyTorch', 'GitHub', 'MLOps', 'XGBoost', 'BERT', 'F1'; not 'McDonald', 'DeVries', 'LaToya'.
_CAMEL = re.compile(
    r"[a-z](?<!^Mc)(?<!^Mac)(?<!^D[eia])(?<!^L[ae])[A-Z]|[A-Z]{2}[a-z]|^[A-Z]{2,6}s?$|\d"
)


# Nouns that make the capitalised word before them a product, a drug or a method named after
# someone: 'Jupyter notebooks', 'Grafana dashboards', 'Gini coefficient', 'Ventolin inhaler',
# 'Likert scale', 'Apgar score'.
TERM_AFTER = re.compile(
    r"\s+(?:notebooks?|dashboards?|pipelines?|clusters?|libraries|library|frameworks?|"
    r"coefficients?|scores?|scales?|index|indices|tests?|criteria|inhalers?|tablets?|"
    r"capsules?|creams?|sprays?|drops|injections?|syndrome|disease|method|algorithm|"
    r"distribution|model|plugin|package|server|stack)\b",
    re.IGNORECASE,
)


# The nouns of TERM_AFTER that are never verbs: a word before them anywhere in the study is a
# term everywhere ('Jupyter notebooks' makes 'in Jupyter' a term; 'Anna tests' proves nothing).
TERM_NOUNS = re.compile(
    r"\s+(?:notebooks?|dashboards?|pipelines?|clusters?|libraries|library|frameworks?|"
    r"coefficients?|inhalers?|tablets?|capsules?|injections?|syndrome|disease|algorithms?|"
    r"plugins?|servers?)\b",
    re.IGNORECASE,
)


def is_firm_name(text: str) -> bool:
    """A name of two or more words ending in a firm's word ('Halcyon Assurance')."""
    words = text.split()
    return len(words) > 1 and words[-1].lower().strip(".,") in FIRM_WORDS


def is_technical(word: str) -> bool:
    """CamelCase, acronyms and names with digits ('PyTorch', 'MLOps', 'BERT', 'F1') are
    software, methods and measures far more often than private names."""
    return bool(_CAMEL.search(word.strip("'’.,")))


def is_contraction(word: str) -> bool:
    """A contraction or clitic ("I'm", "we've", "C'est"), which is no name ("D'Angelo")."""
    return bool(CONTRACTION.match(word)) and not re.search(r"['’][A-Z]", word)


def placeholders(
    text: str, *, languages: Sequence[str], names: Iterable[str] = ()
) -> list[tuple[int, int]]:
    """Spans of placeholders the authors wrote ('Company X', 'Participant 3', '[name]').

    A word and a letter or number is a placeholder when the word is a term of the language
    and no first name: 'Anna B' is a person, 'Kvarnby 2' no placeholder.
    names (Iterable[str]): folded first names.
    """
    found = []
    if "[" in text or "<" in text:
        # '[name]', '[NAME]', '[laughs]'; '[Anna enters]' holds a name, no placeholder.
        found += [m.span() for m in BRACKETED.finditer(text) if _generic(m.group(0)[1:-1])]
    if "xx" in text or "XX" in text:
        found += [m.span() for m in CROSSED.finditer(text)]
    found += [m.span() for m in CODED.finditer(text)]
    first = set(names)
    for tag in TAG.finditer(text):
        word = TAGGED_WORD.search(text, max(0, tag.start() - 23), tag.start())
        head = word.group(0).strip() if word else ""
        if head and head.lower() not in first and is_term(head, languages):
            found.append((word.start(), tag.end()))  # type: ignore[union-attr]
    return sorted(set(found))


def _generic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (text.islower() or text.isupper() or bool(TAGGED.fullmatch(text)))


TAGGED = re.compile(r"[A-ZÅÄÖÉ][a-zåäöéèàçüæø]{1,20} (?:[A-Z]|\d{1,3})")


def _in_address(text: str, match: re.Match[str]) -> bool:
    """A word of an e-mail address or web address ('lovudden' in 'eva@lovudden.se')."""
    before = text[match.start() - 1 : match.start()]
    after = text[match.end() : match.end() + 2]
    return (
        before in ("@", ".", "/") or after[:1] == "@" or (after[:1] == "." and after[1:].isalpha())
    )


def sentence_initial(text: str, start: int) -> bool:
    """Whether a word starting at `start` opens the text or a sentence ('Mr. Lund' and
    'Smith v. Lund' open none)."""
    if start > 1 and text[start - 1] == " ":
        char = text[start - 2]
        if not char.isspace() and char not in _SENTENCE_ENDERS:
            return False  # 'word Word': what the two searches below say too, sooner
    if _ABBREVIATION.search(text, max(0, start - 8), start):
        return False
    return bool(_SENTENCE_END.search(text[max(0, start - 4) : start]))


# What _SENTENCE_END finds before a word's space: a character that ends a sentence.
_SENTENCE_ENDERS = '.!?…:"“”]'
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|v|vs|No|nr)\.\s+$")


def word_cases(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word (lower-cased) is written in lower case, and capitalised, where
    it does not open a sentence: 'data scientist' written so is a term, 'Kvarnby' a name."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for text in texts:
        for match in WORD.finditer(text):
            word = match.group(0)
            if sentence_initial(text, match.start()) or _in_address(text, match):
                continue
            if word.islower():
                lower[word] += 1
            elif word[:1].isupper():
                upper[word.lower()] += 1
    return lower, upper


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter: 'LATIN', 'CYRILLIC', 'GREEK', 'CJK', ..."""
    import unicodedata

    name = unicodedata.name(char, "")
    return name.split()[0] if name else ""


def foreign_script_words(text: str) -> list[tuple[int, int]]:
    """Spans of name-like words written in another script than most of the text, or in
    two scripts at once: 'Дмитрий Иванов' in an English answer, 'Аnna' with a Cyrillic 'А'.

    A word counts when it is capitalised or its script has no capitals (Chinese, Arabic);
    neighbouring words one space apart form one span.
    """
    if text.isascii():
        return []
    words = [(m.start(), m.end(), m.group(0)) for m in _LETTERS.finditer(text)]
    scripts: Counter[str] = Counter()
    for _, _, word in words:
        scripts.update("LATIN" if c.isascii() else _script(c) for c in word)
    if len(scripts) < 2:
        return []
    main = scripts.most_common(1)[0][0]
    spans: list[tuple[int, int]] = []
    for start, end, word in words:
        own = {"LATIN" if c.isascii() else _script(c) for c in word}
        foreign = len(own) > 1 or own != {main}
        name_like = word[:1].isupper() or not word[:1].islower()
        if not (foreign and name_like):
            continue
        if spans and text[spans[-1][1] : start] == " ":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


_LETTERS = re.compile(r"[^\W\d_]+")


# Matcher pattern keys whose values are words ('LOWER': 'follow').
_PATTERN_WORDS = ("ORTH", "TEXT", "LOWER", "LEMMA", "NORM")


def study_terms(config: Mapping, codebook: Mapping) -> dict[str, str]:
    """The study's own vocabulary, which no layer may take for an identifier: the codebook's
    ids, labels, keywords and pattern words, the roles and groups, the site labels and the
    study's name. RETURNS (dict[str, str]): term -> where it is written."""
    terms: dict[str, str] = {}

    def add(term: object, where: str) -> None:
        if isinstance(term, str) and term.strip():
            terms.setdefault(" ".join(term.replace("_", " ").split()), where)

    add(config.get("study", {}).get("name"), "config.yaml: study.name")
    for role_id, role in (config.get("roles") or {}).items():
        for value in (role_id, role.get("label"), role.get("plural"), role.get("group")):
            add(value, f"config.yaml: roles.{role_id}")
    for label in (config.get("anonymise", {}).get("site_labels") or {}).values():
        add(label, "config.yaml: anonymise.site_labels")
    for node, where in _codebook_nodes(codebook):
        for value in (node.get("id"), node.get("label"), *(node.get("keywords") or ())):
            add(value, where)
        for pattern in node.get("patterns") or ():
            for word in _pattern_words(pattern):
                add(word, where)
    return terms


def _codebook_nodes(codebook: Mapping) -> Iterator[tuple[Mapping, str]]:
    for theme in codebook.get("themes") or ():
        yield theme, f"the codebook: theme '{theme.get('id', '')}'"
        for category in theme.get("categories") or ():
            yield category, f"the codebook: category '{category.get('id', '')}'"
            for code in category.get("codes") or ():
                yield code, f"the codebook: code '{code.get('id', '')}'"


def _pattern_words(pattern: object) -> Iterator[str]:
    for token in pattern if isinstance(pattern, list) else ():
        for key, value in token.items() if isinstance(token, Mapping) else ():
            if key.upper() not in _PATTERN_WORDS:
                continue
            if isinstance(value, Mapping):
                value = value.get("IN") or value.get("in") or ()
            yield from (
                [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
            )


# Hesitations and acknowledgements ('Um,', 'Yeah.', 'Mm-hmm', 'Ja.', 'Ouais'): a turn of
# these alone carries no content to code. 'Yes' and 'no' answer questions and are not here.
FILLERS = frozenset(
    [
        "um",
        "umm",
        "uh",
        "uhm",
        "er",
        "erm",
        "hmm",
        "hm",
        "mm",
        "mmm",
        "mhm",
        "mm-hmm",
        "uh-huh",
        "huh",
        "oh",
        "ah",
        "eh",
        "ehm",
        "yeah",
        "yep",
        "okay",
        "ok",
        "alright",
        "right",
        "sure",
        "öh",
        "äh",
        "aha",
        "jo",
        "okej",
        "precis",
        "euh",
        "bah",
        "ben",
        "hein",
        "ouais",
        "bon",
        "voilà",
    ]
)


def is_filler_only(text: str) -> bool:
    """Whether a text holds hesitations and acknowledgements only ('Um, yeah.')."""
    words = [w.strip(".,;:!?…-–—\"'“”()").lower() for w in text.split()]
    return bool(words) and all(w in FILLERS for w in words if w) and any(words)


# Languages whose place names end in these: Swedish, Norwegian and Danish towns, villages,
# districts and the workplaces named after them ('Lövudden', 'Kvarnbacken', 'Farsta').
NORDIC = frozenset({"sv", "no", "nb", "nn", "da"})
_TOPONYM = re.compile(
    r"^[A-ZÅÄÖÆØ][a-zåäöæøé]{2,}(?:by|byn|berg|berga|borg|bro|bruk|dal|dalen|fors|gård|"
    r"gården|hamn|holm|holmen|hult|köping|lund|lunda|näs|ryd|sjö|sjön|stad|sta|strand|sund|"
    r"torp|tuna|udden|vik|viken|åker|ås|åsen|backa|backen|hagen|heden|ängen|skog|skogen|"
    r"vall|vallen|mo|mon|bo|boda|säter|ered|red)$"
)


def toponym(word: str, language: str) -> bool:
    """A Nordic place name by its ending, in a Nordic language's text: 'Lövudden'."""
    return language in NORDIC and bool(_TOPONYM.match(word))
