"""Pre-coding: lemma and word-form matching, patterns, regexes, exclusions, negation, outputs."""

import csv
import json
import logging
from pathlib import Path

import pytest
import spacy
from conftest import ROOT
from qualpipe.codebook import Code, Codebook, Node
from qualpipe.precode.batch import match_batch
from qualpipe.precode.evidence import SegmentSpan, turn_evidence
from qualpipe.precode.matcher import Matchers, negated, required_words
from qualpipe.precode.suggestions import precode, suggestion_rows
from qualpipe.segment.units import segment_batch
from spacy.tokens import Doc

NLP = spacy.blank("en")


def _code(code_id: str, **matchers: tuple) -> Code:
    return Code(
        code_id, code_id.title(), "d", "roles", "Roles", "conditions", "Conditions", **matchers
    )


CODEBOOK = Codebook(
    themes=[Node("roles", "Roles", "")],
    categories=[Node("conditions", "Conditions", "", parent="roles")],
    codes=[
        _code("performance", keywords=("production quota", "statistics")),
        _code("lean", keywords=("lean",), exclude=("lean on",)),
        _code("follow_up", patterns=([{"LEMMA": "follow"}, {"OP": "?"}, {"LOWER": "up"}],)),
        _code("activation", regex=(r"\b180 days?\b",)),
    ],
)


def _doc(text: str, lemmas: dict[str, str] | None = None) -> Doc:
    words = [t.text for t in NLP.make_doc(text)]
    spaces = [bool(t.whitespace_) for t in NLP.make_doc(text)]
    lemma_of = lemmas or {}
    doc = Doc(
        NLP.vocab, words=words, spaces=spaces, lemmas=[lemma_of.get(w, w.lower()) for w in words]
    )
    return doc


def _found(text: str, lemmas: dict[str, str] | None = None) -> list[tuple[str, str, bool]]:
    matches = Matchers(CODEBOOK, NLP).find(_doc(text, lemmas), window=5)
    return [(m.code, text[m.start_char : m.end_char], m.negated) for m in matches]


def test_precode_keyword_matches_on_lemma_and_any_case() -> None:
    found = _found("Production Quotas everywhere.", {"Quotas": "quota"})
    assert found == [("performance", "Production Quotas", False)]


def test_precode_keyword_is_not_lemmatized_itself() -> None:
    # 'statistics' must not match 'statistic's lemma of an unrelated word form
    assert _found("A statistic.", {"statistic": "statistic"}) == []


def test_precode_exclusion_cancels_the_match_it_overlaps() -> None:
    assert _found("We lean on each other.") == []
    assert _found("Lean came, and we lean on it.") == [("lean", "Lean", False)]


def test_precode_matcher_pattern_and_negation() -> None:
    found = _found("Nobody followed it up.", {"followed": "follow"})
    assert found == [("follow_up", "followed it up", True)]


def test_precode_negation_scope_ends_at_a_clause_break() -> None:
    assert _found("No, we followed it up.", {"followed": "follow"})[0][2] is False
    assert _found("It is not lean.")[0][2] is True


def test_precode_negation_window_is_counted_in_tokens() -> None:
    doc = _doc("never one two three four five lean")
    assert negated(doc, 6, window=6) and not negated(doc, 6, window=5)


def test_precode_regex_match() -> None:
    assert _found("After 180 days the assessment.") == [("activation", "180 days", False)]


def test_precode_evidence_lands_in_its_segment_with_transcript_offsets() -> None:
    doc = _doc("Lean came. Then statistics.")
    segments = [
        SegmentSpan("s1", "i1", "O 1", "officials", 100, 110),
        SegmentSpan("s2", "i1", "O 1", "officials", 111, 127),
    ]
    evidence = turn_evidence(
        doc, segments, Matchers(CODEBOOK, NLP), offset=100, window=5, context=2
    )
    assert [(e.segment.segment_id, e.start, e.end, e.right) for e in evidence] == [
        ("s1", 100, 104, "came."),
        ("s2", 116, 126, "."),
    ]


def test_precode_suggestion_is_negated_only_when_every_match_is() -> None:
    doc = _doc("Not lean. But lean, yes.")
    segments = [SegmentSpan("s1", "i1", "O 1", "officials", 100, 124)]
    evidence = turn_evidence(
        doc, segments, Matchers(CODEBOOK, NLP), offset=100, window=5, context=2
    )
    (row,) = suggestion_rows(evidence, CODEBOOK)
    assert row[2] == "lean" and row[5] == 2 and row[7] == "false"


CODEBOOK_YAML = """themes:
  - id: roles
    label: Roles
    categories:
      - id: conditions
        label: Conditions
        codes:
          - id: performance
            label: Performance measures
            description: Quotas and numbers.
            keywords: [quotas, statistics]  # the blank fallback has no lemmas
          - id: mi
            label: MI
            description: Motivational Interviewing.
            keywords: [the]
"""


def _study(tmp_path: Path) -> dict[str, str]:
    documents = []
    for number, (role, text) in enumerate(
        [
            ("official", "We had quotas. I hate the statistics."),
            ("unit_manager", "Quotas were not the point."),
        ]
    ):
        document = {
            "interview_id": f"i{number}",
            "header": "",
            "attributes": {"role": role},
            "turns": [{"index": 0, "kind": "respondent", "speaker": "R", "text": text}],
        }
        documents.append(tmp_path / f"i{number}.json")
        documents[-1].write_text(json.dumps(document), encoding="utf-8")
    groups = {"official": "officials", "unit_manager": "managers"}
    segment_batch(
        documents=[str(d) for d in documents],
        segments_path=str(tmp_path / "seg.csv"),
        docs_path=str(tmp_path / "b.spacy"),
        turns_path=str(tmp_path / "b.turns.csv"),
        model="none",
        language="en",
        limits={"min_words": 1},
        groups=groups,
        batch_size=4,
    )
    (tmp_path / "codebook.yaml").write_text(CODEBOOK_YAML, encoding="utf-8")
    outputs = {
        name: str(tmp_path / f"{name}.out")
        for name in ("suggestions", "evidence", "concordance", "concordance_md", "summary")
    }
    schema = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
    match_batch(
        docs_path=str(tmp_path / "b.spacy"),
        turns_path=str(tmp_path / "b.turns.csv"),
        segments_path=str(tmp_path / "seg.csv"),
        codebook_path=str(tmp_path / "codebook.yaml"),
        schema_path=schema,
        language="en",
        window=3,
        context=3,
        output=str(tmp_path / "batch.csv"),
    )
    precode(
        batches=[str(tmp_path / "batch.csv")],
        segments_path=str(tmp_path / "seg.csv"),
        codebook_path=str(tmp_path / "codebook.yaml"),
        schema_path=schema,
        broad_share=0.5,
        groups=["officials", "managers"],
        outputs=outputs,
    )
    return outputs


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_precode_writes_suggestions_with_evidence(tmp_path: Path) -> None:
    outputs = _study(tmp_path)
    suggestions = [
        (r["segment_id"], r["code"], r["terms"], r["negated"])
        for r in _rows(outputs["suggestions"])
    ]
    assert ("i0-t0000-s02", "performance", "statistics", "false") in suggestions
    assert ("i1-t0000-s01", "performance", "Quotas", "false") in suggestions
    # offsets into the anonymised transcript, where each turn follows its label 'R: '
    assert sorted(int(r["start"]) for r in _rows(outputs["evidence"])) == [3, 10, 19, 25, 29]


def test_precode_summary_counts_segments_and_interviews_by_group(tmp_path: Path) -> None:
    summary = _rows(_study(tmp_path)["summary"])
    performance = {
        r["group"]: (r["segments"], r["segments_in_group"], r["interviews"])
        for r in summary
        if r["id"] == "performance"
    }
    assert performance == {
        "officials": ("2", "2", "1"),
        "managers": ("1", "1", "1"),
        "all": ("3", "3", "2"),
    }


def test_precode_warns_about_a_keyword_that_matches_most_segments(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        _study(tmp_path)
    assert "W301" in caplog.text and "keyword 'the' matches 2 of 3 segments" in caplog.text


def test_precode_concordance_has_a_section_per_code(tmp_path: Path) -> None:
    text = Path(_study(tmp_path)["concordance_md"]).read_text(encoding="utf-8")
    assert "## Performance measures (`performance`): 3 matches" in text
    assert "**statistics**" in text


def test_precode_required_words_of_a_pattern() -> None:
    pattern = [
        {"LEMMA": "follow"},
        {"OP": "?"},
        {"LOWER": {"IN": ["Up", "through"]}},
        {"IS_PUNCT": True},
    ]
    assert required_words(pattern) == [frozenset({"follow"}), frozenset({"up", "through"})]


def test_precode_prefilter_finds_what_a_plain_matcher_finds() -> None:
    from spacy.matcher import Matcher

    text = "We followed it up. Follow up was rare, and nobody follows up now."
    doc = _doc(text, {"followed": "follow", "Follow": "follow", "follows": "follow"})
    plain = Matcher(NLP.vocab)
    plain.add("follow_up", list(CODEBOOK.code("follow_up").patterns))
    expected = sorted((doc[s:e].start_char, doc[s:e].end_char) for _, s, e in plain(doc))
    found = [(m.start_char, m.end_char) for m in Matchers(CODEBOOK, NLP).find(doc, window=5)]
    assert found == expected and len(found) == 3


def test_precode_batch_table_gives_back_the_same_evidence(tmp_path: Path) -> None:
    from qualpipe.common.io import write_rows
    from qualpipe.precode.batch import BATCH_FIELDS, _batch_row, read_batch

    doc = _doc("Not lean, but statistics.")
    segments = [SegmentSpan("s1", "i1", "O 1", "officials", 100, 125)]
    evidence = turn_evidence(
        doc, segments, Matchers(CODEBOOK, NLP), offset=100, window=5, context=2
    )
    write_rows(tmp_path / "b.csv", BATCH_FIELDS, [_batch_row(e) for e in evidence])
    assert read_batch(str(tmp_path / "b.csv")) == evidence and len(evidence) == 2
