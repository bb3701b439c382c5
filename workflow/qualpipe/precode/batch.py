"""One segmentation batch matched: its evidence as a table, written by one job per batch and
read back whole."""

from __future__ import annotations

from pathlib import Path

from qualpipe.codebook import load_codebook
from qualpipe.common.io import read_rows, write_rows
from qualpipe.common.records import read_turns
from qualpipe.precode.evidence import Evidence, SegmentSpan, flag, read_segments, turn_evidence
from qualpipe.precode.matcher import CodeMatch, Matchers

BATCH_FIELDS = (
    "segment_id", "interview_id", "speaker", "group", "segment_start", "segment_end", "code",
    "source", "term", "token_start", "token_end", "start_char", "end_char", "negated", "matched",
    "start", "end", "left", "right",
)  # fmt: skip


def match_batch(
    *,
    docs_path: str,
    turns_path: str,
    segments_path: str,
    codebook_path: str,
    schema_path: str,
    language: str,
    window: int,
    context: int,
    output: str,
) -> int:
    """Every match in one segmentation batch, with its segment and context, as a table.

    docs_path (str): the batch's DocBin; turns_path (str): which turn each Doc is and its
    offset; segments_path (str): the batch's segments. Runs once per batch, in parallel.
    RETURNS (int): the number of matches.
    """
    import spacy
    from spacy.tokens import DocBin

    codebook = load_codebook(codebook_path, schema_path=schema_path)
    # The DocBins hold the lemmas: a blank pipeline's tokenizer and vocabulary suffice.
    nlp = spacy.blank(language)
    matchers = Matchers(codebook, nlp)
    segments = read_segments(segments_path)
    evidence: list[Evidence] = []
    docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
    texts = [doc.text for doc in docs]
    matchers.regex_filter.learn(texts)  # the batch's words searched at once (issue 16)
    for doc, text, (interview_id, turn, offset) in zip(
        docs, texts, read_turns(turns_path), strict=True
    ):
        rows = segments.get((interview_id, turn))
        if rows:
            evidence += turn_evidence(
                doc, rows, matchers, offset=offset, window=window, context=context, text=text
            )
    write_rows(Path(output), BATCH_FIELDS, [_batch_row(e) for e in evidence])
    return len(evidence)


def _batch_row(e: Evidence) -> list[object]:
    m, s = e.match, e.segment
    return [s.segment_id, s.interview_id, s.speaker, s.group, s.start, s.end, m.code, m.source,
            m.term, m.start, m.end, m.start_char, m.end_char, flag(m.negated), e.matched,
            e.start, e.end, e.left, e.right]  # fmt: skip


def read_batch(path: str) -> list[Evidence]:
    """The evidence a `match_batch` job wrote, as it was."""
    found = []
    for r in read_rows(path):
        segment = SegmentSpan(r["segment_id"], r["interview_id"], r["speaker"], r["group"],
                              int(r["segment_start"]), int(r["segment_end"]))  # fmt: skip
        match = CodeMatch(r["code"], r["source"], r["term"], int(r["token_start"]),
                          int(r["token_end"]), int(r["start_char"]), int(r["end_char"]),
                          r["negated"] == "true")  # fmt: skip
        found.append(Evidence(segment, match, r["matched"], int(r["start"]), int(r["end"]),
                              r["left"], r["right"]))  # fmt: skip
    return found
