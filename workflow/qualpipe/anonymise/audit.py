"""The leak audit: no real identifier may appear under results/ or logs/.

Every identifier the study knows (participants' and interviewers' names and their parts, the
terms of anonymisation.yaml, every form in the pseudonym key) is searched in every text file,
workbook and REFI-QDA project of the audited folders (READERS, by suffix), whole word and in
any letter case, and in the forms a mistaken encoding gives it ('MÃ¤kinen' for 'Mäkinen').
A name part that is also a word of the study's languages or of English, in which the tables
are written ('Per', 'Bo', 'Will'), is searched as a name occurs: with its capital, and not
where a table cell or heading starts with it. Every hit goes to a private file (file, line,
the form found, the text around it); the run fails naming that file, the output file and
the count, never the identifier.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from qualpipe.anonymise.gazetteer import is_ordinary
from qualpipe.anonymise.readers import READERS
from qualpipe.anonymise.settings import read_terms
from qualpipe.anonymise.wordsearch import WordSearch, trie, word_search
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.archive import ZipLimits, check_zip, zip_limits
from qualpipe.common.io import read_rows, write_rows
from qualpipe.common.nlp import load_pipeline, stop_words
from qualpipe.common.participants import participant_rows, split_names
from qualpipe.common.textio import misdecoded_forms
from qualpipe.errors import PipelineError, raise_all


def known_identifiers(
    *, key_path: str, participants_path: str, terms: Iterable[str]
) -> dict[str, str]:
    """Every real identifier -> the pseudonym to name in a report of a leak.

    key_path (str): the pseudonym key; '' before the anonymise stage has written one.
    Forms found by the detection layers are marked '=': one word keeps the capital it was
    found with ('Pia'; 'pros' in 'pros and cons' is no leak of a misread 'Pros'), and so does
    a phrase of ordinary words ('Commerce Clause', which NER took for an organisation, is not
    found in 'the commerce clause'); names of participants, interviewers and terms are
    searched in any case.
    """
    found: dict[str, str] = {}
    if key_path:
        for row in read_rows(key_path):
            for form in row["forms"].split(" | "):
                form = re.sub(r"['’]s$", "", form.strip())
                if sum(c.isalnum() for c in form) > 1 and row["category"] != "DATE":
                    found.setdefault(f"={form}", row["pseudonym"])
    for row in participant_rows(participants_path):
        for column in ("participant", "interviewer"):
            for name in split_names(row[column]):
                label = f"{column} of interview {row['interview_id']}"
                found.setdefault(name, label)
                for part in re.split(r"[\s-]+", name):
                    part = part.strip(".,")
                    if sum(c.isalpha() for c in part) > 1:  # not an initial like 'D.'
                        found.setdefault(part, label)
    for term in terms:
        found.setdefault(term, "a term of anonymisation.yaml")
    return found


def with_misdecoded_forms(identifiers: Mapping[str, str]) -> dict[str, str]:
    """The identifiers and their mis-decoded forms, each with its identifier's label.

    A name that another tool wrote in the wrong encoding ('MÃ¤kinen', 'M\ufffdkinen') is
    found by no layer and by no search for its right spelling (issue 14). A form keeps its
    identifier's '=' mark: one found with its capital is searched with it.
    """
    found = dict(identifiers)
    for identifier, label in identifiers.items():
        mark = "=" if identifier.startswith("=") else ""
        for form in sorted(misdecoded_forms(identifier.removeprefix("="))):
            found.setdefault(mark + form, label)
    return found


# A participant's name part that is also a common word ('Line', 'Per') is no leak where a
# table cell, a line or a heading starts with it (a code labelled 'Line drawing'): there it
# is capitalised as any word is. Mid-sentence, after a colon or a full stop, it still counts.
SEPARATORS = ",|&\"'\t#(\\[{;>"
# A LaTeX table indents a row's first cell with \quad (a code under its category).
CELL_START = f"(?<!^)(?<!^ )(?<![{SEPARATORS}])(?<![{SEPARATORS}] )(?<!\\\\quad )"


# A name part at least this frequent (Zipf) in one of the languages is also a word there.
WORD_ZIPF = 3.0


# A letter or digit: a name ends where one does not follow. '_' is no part of a word here: a
# transcript named after its participant ('t04_Lindqvist.txt') puts the name into every log.
WORD_CHAR = r"[^\W_]"


def leak_groups(
    identifiers: Iterable[str], *, common: frozenset[str], languages: Sequence[str] = ()
) -> tuple[set[str], set[str], set[str]]:
    """The identifiers as the leak pattern searches them: folded (any case), exact (their
    own case) and words (with their capitals, not at a cell's start); see leak_pattern."""

    def ordinary(word: str) -> bool:
        lowered = word.lower()
        return is_ordinary(lowered, common) or vocabulary.zipf(lowered, languages) >= WORD_ZIPF

    exact, words, folded = set(), set(), set()
    for identifier in identifiers:
        is_key = identifier.startswith("=")
        text = identifier.removeprefix("=")
        one_word = " " not in text
        common_words = all(ordinary(word) for word in text.split())
        if is_key and common_words and text.islower():
            continue  # words a layer once took for a name ('mark', 'commerce clause')
        if common_words and (is_key or one_word):
            words.add(text)  # 'Per', 'Commerce Clause': only with their capitals
        elif is_key and one_word:
            exact.add(text)
        else:
            folded.add(text.lower())
    return folded, exact, words


def leak_pattern(
    identifiers: Iterable[str], *, common: frozenset[str], languages: Sequence[str] = ()
) -> re.Pattern[str]:
    """One regular expression for all identifiers; words of the languages, '='-marked
    one-word forms and '='-marked phrases of common words keep their capital.

    The alternatives are folded into a trie (one branch per shared prefix), so that the
    regex engine tries each position in time of the identifier's length, not of their
    number: a plain alternation of 1,400 names took minutes over the demo's results.
    languages (Sequence[str]): the languages of the transcripts and of the tables; a name
        part frequent in any of them ('Per': English 'per') is searched as a name.
    """
    return _compile(leak_groups(identifiers, common=common, languages=languages))


def _compile(groups: tuple[set[str], set[str], set[str]]) -> re.Pattern[str]:
    folded, exact, words = groups
    branches = [
        f"(?i:{trie(folded)})" if folded else "",
        trie(exact) if exact else "",
        f"{CELL_START}(?:{trie(words)})" if words else "",
    ]
    alternatives = "|".join(b for b in branches if b)
    return re.compile(rf"(?m)(?<!{WORD_CHAR})(?:{alternatives})(?!{WORD_CHAR})")


def leak_searcher(
    identifiers: Iterable[str], *, common: frozenset[str], languages: Sequence[str] = ()
) -> WordSearch:
    """leak_pattern's search, tried only where an identifier's first word occurs (issue 16)."""
    groups = leak_groups(identifiers, common=common, languages=languages)
    return word_search(_compile(groups), groups, word_char=WORD_CHAR)


# The statistical methods our tables and figures name after people, as we write them: a
# participant called Wilson or Cohen is not leaked by 'Wilson interval' or "Cohen's kappa".
METHOD_NAMES = re.compile(
    r"\b(?:Wilson(?: score)?(?: 95%)? intervals?|McNemar(?:'s)?(?: exact)? test|"
    r"Benjamini[-–]Hochberg|Cohen's (?:kappa|κ)|Hodges[-–]Lehmann|Mann[-–]Whitney|"
    r"Krippendorff's (?:alpha|α)|Kruskal[-–]Wallis|Wilcoxon(?: signed[- ]rank)?|"
    r"Fisher(?:'s)? exact|Newcombe|Woolf's|Haldane[-–]Anscombe|Pearson's chi-square|"
    r"Jaccard index|Monte Carlo p-value)\b"
)
# What every match of METHOD_NAMES begins with (tests/anonymise/test_wordsearch.py checks it).
METHOD_START = re.compile(
    "Wilson|McNemar|Benjamini|Cohen|Hodges|Mann|Krippendorff|Kruskal|Wilcoxon|Fisher|Newcombe|"
    "Woolf|Haldane|Pearson|Jaccard|Monte"
)
# Hits listed per file in the private file; the count stays exact beyond it.
HITS_PER_FILE = 200


# The zips READERS open: checked against the limits before anything in them is unzipped.
ZIP_SUFFIXES = (".xlsx", ".qdpx")
# The expanded size the audit allows its own outputs: a terabyte, i.e. no limit of its own.
OWN_OUTPUTS_MB = 1024.0 * 1024


def find_leaks(
    folders: Sequence[str], search: WordSearch, *, limits: ZipLimits | None = None
) -> dict[str, list[tuple]]:
    """file -> its hits, each (line number, the form found, the text around it).

    search (WordSearch): the identifiers' search (leak_searcher).
    limits (ZipLimits): what a workbook or project in the folders may hold (E014-E016).
    """
    leaks: dict[str, list[tuple]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            reader = READERS.get(path.suffix.lower())
            if reader is None or not path.is_file():
                continue
            if path.suffix.lower() in ZIP_SUFFIXES:
                check_zip(path, limits)
            text = without_method_names(reader(path))
            for match in search.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                around = " ".join(text[max(0, match.start() - 50) : match.end() + 50].split())
                leaks.setdefault(str(path), []).append((line, match.group(0), around))
    return leaks


def without_method_names(text: str) -> str:
    """The text with METHOD_NAMES blanked; most texts name none, and are not searched for
    them (a search of the regex at every position took 2 s of the demo's audit)."""
    if METHOD_START.search(text):
        return METHOD_NAMES.sub(" ", text)
    return text


def write_hits(leaks: Mapping[str, Sequence[tuple]], path: Path) -> None:
    """The audit's hits, with real text: a private file, owner-only."""
    rows = [(file, *hit) for file, hits in sorted(leaks.items()) for hit in hits[:HITS_PER_FILE]]
    write_rows(path, ("file", "line", "found", "context"), rows, private=True)


def audit_folders(
    *,
    folders: Sequence[str],
    key_path: str,
    participants_path: str,
    anonymisation_path: str,
    output_path: str,
    language: str,
    model: str = "",
    hits_path: str = "",
    limits: Mapping[str, object] | None = None,
) -> int:
    """Fail if any real identifier appears in the folders; else write the audit record.

    hits_path (str): the private list of hits; default leaks.csv beside the key.
    limits (Mapping[str, object]): config's `limits` section (what a zip may hold).
    RETURNS (int): the number of files audited.
    """
    terms = [t["term"] for t in read_terms(anonymisation_path)[0]] if anonymisation_path else []
    identifiers = known_identifiers(
        key_path=key_path, participants_path=participants_path, terms=terms
    )
    searched = with_misdecoded_forms(identifiers)
    common = stop_words(language) | stop_words("en")
    if model:  # the pipeline's vocabulary: a surname 'Long' may stay as the word 'long'
        common |= load_pipeline(model, language=language).vocabulary
    languages = vocabulary.term_languages(language)
    search = leak_searcher(searched, common=common, languages=languages)
    # The audited files are the pipeline's own outputs: their expanded size grows with the
    # study (a 2,000-interview coding sheet is 421 MB unzipped), so only a bomb's ratio and
    # number of members are refused here (issue 16); inputs keep limits.zip_expanded_mb.
    own = replace(zip_limits(limits), expanded_mb=OWN_OUTPUTS_MB)
    leaks = find_leaks(folders, search, limits=own)
    hits = Path(hits_path) if hits_path else Path(key_path).parent / "leaks.csv"
    write_hits(leaks, hits)
    raise_all(
        [
            PipelineError("E204", file=file, count=len(found), hits=hits)
            for file, found in sorted(leaks.items())
        ]
    )
    files = sum(1 for f in folders for p in Path(f).rglob("*") if p.suffix.lower() in READERS)
    Path(output_path).parent.mkdir(parents=True, exist_ok=True)
    Path(output_path).write_text(
        f"Leak audit: 0 hits. {len(identifiers)} identifiers searched (whole word, any case; "
        f"words of {', '.join(languages)} as names are written; also as read in a wrong "
        f"encoding, 'Ã¤' for 'ä') in {files} files under {', '.join(folders)}.\n",
        encoding="utf-8",
    )
    return files


# Where the rules and Snakemake itself log (issue 14). They are audited after every run,
# failed or not: a name a failed job wrote there was seen by no audit before.
LOG_FOLDERS = ("logs", ".snakemake/log")


def audit_logs(
    *,
    participants_path: str,
    anonymisation_path: str,
    key_path: str,
    hits_path: str,
    language: str,
    folders: Sequence[str] = LOG_FOLDERS,
) -> list[str]:
    """The leak audit of the log folders, for the workflow's onerror and onsuccess handlers.

    It needs no spaCy pipeline (seconds, not the model's load): the names of participants.csv
    and anonymisation.yaml, and the key's forms once the key exists. The hits replace the log
    files' rows of the private hits file; the other rows (results/) stay.
    key_path (str): the pseudonym key, searched if it exists.
    hits_path (str): the private hits file (leaks.csv beside the key).
    RETURNS (list[str]): one catalogued line per log file with hits (E206), never a name.
    """
    terms = [t["term"] for t in read_terms(anonymisation_path)[0]] if anonymisation_path else []
    key = key_path if Path(key_path).is_file() else ""
    identifiers = known_identifiers(key_path=key, participants_path=participants_path, terms=terms)
    common = stop_words(language) | stop_words("en")
    search = leak_searcher(
        with_misdecoded_forms(identifiers),
        common=common,
        languages=vocabulary.term_languages(language),
    )
    leaks = find_leaks([folder for folder in folders if Path(folder).is_dir()], search)
    write_hits({**_other_hits(Path(hits_path), folders), **leaks}, Path(hits_path))
    return [
        str(PipelineError("E206", file=file, count=len(found), hits=hits_path))
        for file, found in sorted(leaks.items())
    ]


def _other_hits(path: Path, folders: Sequence[str]) -> dict[str, list[tuple]]:
    """The rows of a hits file for files outside the given folders."""
    if not path.is_file():
        return {}
    hits: dict[str, list[tuple]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:  # with or without a BOM
        for row in csv.DictReader(handle):
            if not any(Path(row["file"]).is_relative_to(folder) for folder in folders):
                hits.setdefault(row["file"], []).append((row["line"], row["found"], row["context"]))
    return hits
