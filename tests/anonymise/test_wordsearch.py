import _sre
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.anonymise.audit import (
    METHOD_NAMES,
    WORD_CHAR,
    audit_folders,
    leak_groups,
    leak_pattern,
    leak_searcher,
    with_misdecoded_forms,
    without_method_names,
)
from qualpipe.anonymise.lexicon import strip_diacritics
from qualpipe.anonymise.propagate import forms_search
from qualpipe.anonymise.protect import phrase_search
from qualpipe.anonymise.readers import READERS
from qualpipe.anonymise.wordsearch import SPLIT_MARKS, word_search
from qualpipe.common.participants import participant_rows, split_names
from qualpipe.errors import PipelineError

PARTICIPANTS = (
    "interview_id,file,participant,role,site,wave,date,mode,interviewer\n"
    "a1,a1.txt,Per Lindqvist,official,north,2013,2013-05-14,in_person,Maria Ek\n"
)

# Every character but the surrogates, for the checks of Unicode's case rules as re has them.
EVERY = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
SPLITTERS = SPLIT_MARKS + "".join(c for c in EVERY if c.isspace())


def _hits(found) -> list[tuple[int, str]]:
    return [(match.start(), match.group(0)) for match in found]


@pytest.mark.parametrize("split", list(SPLITTERS))
def test_wordsearch_no_other_character_matches_a_split_mark_in_any_case(split: str) -> None:
    literal = re.compile(re.escape(split), re.IGNORECASE)
    assert literal.findall(EVERY) == [split]
    assert re.compile(f"[{re.escape(split)}]", re.IGNORECASE).findall(EVERY) == [split]


def test_wordsearch_no_character_lowers_to_a_split_mark() -> None:
    marks = {ord(c) for c in SPLITTERS}
    lowered = {c for c in EVERY if _sre.unicode_tolower(ord(c)) in marks}
    assert lowered == set(SPLITTERS)


def _transcripts() -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "data/raw").glob("*.txt"))
    )


def _demo_identifiers(text: str) -> set[str]:
    """The demo's participants and interviewers, their name parts, and every 40th distinct
    word of the transcripts in its case, capitalised and '='-marked: many hits."""
    names = set()
    for row in participant_rows(str(ROOT / "data/participants.csv")):
        for name in split_names(row["participant"]) + split_names(row["interviewer"]):
            names.update([name, *name.split()])
    words = sorted(set(re.findall(r"[^\W\d_]{2,}", text)))[::40]
    return names | set(words) | {f"={w.capitalize()}" for w in words}


def test_wordsearch_finds_what_the_full_search_finds_in_the_demo_transcripts() -> None:
    text = without_method_names(_transcripts())
    identifiers = with_misdecoded_forms(dict.fromkeys(_demo_identifiers(text), ""))
    common = frozenset(re.findall(r"[a-z]+", text)[::7])
    pattern = leak_pattern(identifiers, common=common)
    expected = _hits(pattern.finditer(text))
    assert len(expected) > 10_000
    assert _hits(leak_searcher(identifiers, common=common).finditer(text)) == expected


@pytest.mark.parametrize(
    ("identifier", "text"),
    [
        ("Kirsi", "met KIRSİ there"),  # capital dotted I: its simple lower case is 'i'
        ("Kirsi", "met Kırsi there"),  # dotless i, which re's IGNORECASE takes for 'i'
        ("Sara", "met ſara there"),  # long s
        ("Kirsi", "met \u212airsi there"),  # Kelvin sign
        ("Ιων", "met \u0345ων, or ι\u0345ων"),  # ypogegrammeni, not a letter, is 'ι'
        ("Åsa Berg", "Dear \u212bsa\u2028BERG,"),  # Ångström sign; a line separator
    ],
)
def test_wordsearch_finds_what_re_ignorecase_finds(identifier: str, text: str) -> None:
    search = leak_searcher({identifier: ""}, common=frozenset())
    expected = _hits(leak_pattern({identifier: ""}, common=frozenset()).finditer(text))
    assert expected
    assert _hits(search.finditer(text)) == expected


@pytest.mark.parametrize("folded", [{"", "anna"}, set()])
def test_wordsearch_an_empty_identifier_or_none_searches_everywhere(folded: set[str]) -> None:
    pattern = re.compile("(?i:anna)?")
    search = word_search(pattern, (folded, set(), set()), word_char=WORD_CHAR)
    assert search.starts is None
    assert _hits(search.finditer("x anna")) == _hits(pattern.finditer("x anna"))


def test_wordsearch_keeps_a_mark_a_first_word_holds() -> None:
    groups = leak_groups({"=Smith,Jones": "", "=Lee": ""}, common=frozenset())
    search = word_search(re.compile("x"), groups, word_char=WORD_CHAR)
    assert "," not in search.split_marks and ";" in search.split_marks


@pytest.mark.parametrize(
    "text",
    [
        "Wilson interval (95%)",
        "McNemar's exact test, Benjamini-Hochberg; Cohen's κ and Krippendorff's α",
        "Hodges–Lehmann, Mann–Whitney, Kruskal-Wallis, Wilcoxon signed-rank, Fisher exact",
        "Newcombe",
        "no method here, only Wilsons and mann",
    ],
)
def test_wordsearch_method_names_are_blanked_as_before(text: str) -> None:
    assert without_method_names(text) == METHOD_NAMES.sub(" ", text)


# A leak as re's IGNORECASE finds it: 'Lindqvist' with a long s and a dotted capital I.
LEAK = "L\u0130ndqvi\u017ft"


def _plant(path: Path) -> None:
    """A file of the audited kind whose text holds LEAK."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active.append(["segment", f"then {LEAK} said"])
        workbook.save(path)
    elif path.suffix == ".spacy":
        import spacy
        from spacy.tokens import DocBin

        DocBin(docs=[spacy.blank("en")(f"Then {LEAK} said.")]).to_disk(path)
    elif path.suffix in (".qdpx", ".qdc"):
        project = f'<Project><Cases><Case name="{LEAK}"/></Cases></Project>'
        if path.suffix == ".qdc":
            path.write_text(project, encoding="utf-8")
            return
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("project.qde", project)
    else:
        path.write_text(f"<p>Fine.\nThen {LEAK} said.</p>\n", encoding="utf-8")


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_wordsearch_a_leak_planted_in_any_audited_file_is_found(
    tmp_path: Path, suffix: str
) -> None:
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / "results").mkdir()
    _plant(tmp_path / "results" / f"out{suffix}")
    with pytest.raises(PipelineError, match=rf"\[E204\] .*results/out\{suffix}: 1 possible"):
        audit_folders(
            folders=[str(tmp_path / "results")],
            key_path="",
            participants_path=str(tmp_path / "p.csv"),
            anonymisation_path="",
            output_path=str(tmp_path / "audit.txt"),
            hits_path=str(tmp_path / "leaks.csv"),
            language="en",
        )
    assert LEAK in (tmp_path / "leaks.csv").read_text(encoding="utf-8")


def _common_and_rare(found: list[str], count: int) -> list[str]:
    """The most frequent of the strings found and as many rare ones."""
    ranked = [text for text, _ in Counter(found).most_common()]
    return ranked[:count] + ranked[-count:]


def test_wordsearch_propagation_finds_what_its_regex_finds_in_the_demo_transcripts() -> None:
    text = _transcripts()[:800_000]  # a plain alternation: the regex alone takes seconds
    words = _common_and_rare(re.findall(r"[^\W\d_][\w'’-]+", text), 60)
    pairs = _common_and_rare(re.findall(r"[^\W\d_]+ [^\W\d_]+", text), 30)
    search = forms_search(set(words) | {pair.lower() for pair in pairs})
    expected = _hits(search.pattern.finditer(text))
    assert len(expected) > 2_000
    assert _hits(search.finditer(text)) == expected


def test_wordsearch_phrases_find_what_their_regex_finds_in_the_demo_transcripts() -> None:
    text = strip_diacritics(_transcripts()[:800_000])
    pairs = _common_and_rare(re.findall(r"\w+\s+\w+", text), 60)
    search = phrase_search(sorted(set(pairs), key=lambda p: (-len(p), p)))
    expected = _hits(search.pattern.finditer(text))
    assert len(expected) > 10_000
    assert _hits(search.finditer(text)) == expected
