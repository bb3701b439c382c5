"""The study's suggestions from every batch's evidence: one row per segment and code, the
evidence and concordance tables, a summary by group, and warnings for broad keywords."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import write_rows, write_text_atomic
from qualpipe.errors import WarningLog
from qualpipe.precode.batch import read_batch
from qualpipe.precode.concordance import CONCORDANCE_FIELDS, concordance_markdown, concordance_rows
from qualpipe.precode.evidence import (
    Evidence,
    SegmentSpan,
    flag,
    in_transcript_order,
    read_segments,
)

LOGGER = logging.getLogger("qualpipe")
SUGGESTION_FIELDS = (
    "segment_id", "interview_id", "code", "category", "theme", "matches", "terms", "negated",
    "sources",
)  # fmt: skip
EVIDENCE_FIELDS = (
    "segment_id", "interview_id", "code", "source", "term", "matched", "start", "end", "negated",
)  # fmt: skip


def precode(
    *,
    batches: Sequence[str],
    segments_path: str,
    codebook_path: str,
    schema_path: str,
    broad_share: float,
    groups: Sequence[str],
    outputs: Mapping[str, str],
) -> int:
    """Suggestions, evidence, concordance and summary from every batch's matches.

    batches (Sequence[str]): the `match_batch` tables, in batch order. groups
    (Sequence[str]): the comparison groups in config order. outputs (Mapping[str, str]):
    paths by name: suggestions, evidence, concordance, concordance_md, summary.
    RETURNS (int): the number of suggestions.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    evidence = [item for path in batches for item in read_batch(path)]
    all_segments = [row for rows in read_segments(segments_path).values() for row in rows]
    _warn_broad(evidence, codebook_path, total=len(all_segments), share=broad_share)
    suggestions = suggestion_rows(evidence, codebook)
    write_rows(Path(outputs["suggestions"]), SUGGESTION_FIELDS, suggestions)
    write_rows(Path(outputs["evidence"]), EVIDENCE_FIELDS, evidence_rows(evidence))
    write_rows(
        Path(outputs["concordance"]), CONCORDANCE_FIELDS, concordance_rows(evidence, codebook)
    )
    write_text_atomic(concordance_markdown(evidence, codebook), Path(outputs["concordance_md"]))
    write_rows(
        Path(outputs["summary"]),
        SUMMARY_FIELDS,
        summary_rows(suggestions, all_segments, codebook, groups),
    )
    LOGGER.info("%d suggestions from %d matches", len(suggestions), len(evidence))
    return len(suggestions)


def suggestion_rows(evidence: Sequence[Evidence], codebook: Codebook) -> list[list[object]]:
    """One row per (segment, code): how many matches, which words, negated if all are."""
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for item in in_transcript_order(evidence):
        grouped[(item.segment.segment_id, item.match.code)].append(item)
    rank = {code_id: n for n, code_id in enumerate(codebook.ids)}
    rows = []
    for (segment_id, code_id), items in sorted(
        grouped.items(),
        key=lambda kv: (kv[1][0].segment.interview_id, kv[1][0].segment.start, rank[kv[0][1]]),
    ):
        code = codebook.code(code_id)
        rows.append(
            [
                segment_id,
                items[0].segment.interview_id,
                code_id,
                code.category,
                code.theme,
                len(items),
                "; ".join(dict.fromkeys(item.matched for item in items)),
                flag(all(item.match.negated for item in items)),
                "; ".join(dict.fromkeys(item.match.source for item in items)),
            ]
        )
    return rows


def evidence_rows(evidence: Sequence[Evidence]) -> list[list[object]]:
    """One row per match, in transcript order."""
    return [
        [
            e.segment.segment_id,
            e.segment.interview_id,
            e.match.code,
            e.match.source,
            e.match.term,
            e.matched,
            e.start,
            e.end,
            flag(e.match.negated),
        ]
        for e in in_transcript_order(evidence)
    ]


SUMMARY_FIELDS = (
    "level", "id", "label", "group", "segments", "segments_in_group", "share",
    "negated_segments", "interviews", "interviews_in_group",
)  # fmt: skip


def summary_rows(
    suggestions: Sequence[Sequence[object]],
    segments: Sequence[SegmentSpan],
    codebook: Codebook,
    groups: Sequence[str],
) -> list[list[object]]:
    """Segments and interviews with a suggestion, per code, category and theme, by group."""
    group_of = {s.segment_id: s.group for s in segments}
    totals = Counter(s.group for s in segments)
    interviews = {g: {s.interview_id for s in segments if s.group == g} for g in totals}
    interviews["all"] = {s.interview_id for s in segments}
    totals["all"] = len(segments)
    rows = []
    for level, node_id, label, codes in _levels(codebook):
        hits = [row for row in suggestions if row[2] in codes]
        for group in [*[g for g in groups if g in totals], "all"]:
            mine = [row for row in hits if group in ("all", group_of.get(str(row[0])))]
            segs = {row[0] for row in mine}
            negs = segs - {row[0] for row in mine if row[7] == "false"}
            rows.append(
                [level, node_id, label, group, len(segs), totals[group],
                 f"{len(segs) / totals[group]:.4f}" if totals[group] else "",
                 len(negs), len({row[1] for row in mine}), len(interviews[group])]
            )  # fmt: skip
    return rows


def _levels(codebook: Codebook) -> Iterator[tuple[str, str, str, set[str]]]:
    for theme in codebook.themes:
        yield "theme", theme.id, theme.label, {c.id for c in codebook.codes if c.theme == theme.id}
    for category in codebook.categories:
        codes = {c.id for c in codebook.codes if c.category == category.id}
        yield "category", category.id, category.label, codes
    for code in codebook.codes:
        yield "code", code.id, code.label, {code.id}


def _warn_broad(evidence: Sequence[Evidence], file: str, *, total: int, share: float) -> None:
    """W301 for each keyword that matches more than `share` of all segments."""
    segments: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in evidence:
        if item.match.source == "keyword":
            segments[(item.match.code, item.match.term)].add(item.segment.segment_id)
    warnings = WarningLog()
    for (code, keyword), ids in sorted(segments.items()):
        if total and len(ids) / total > share:
            warnings.add(
                "W301", file=file, code_id=code, keyword=keyword, count=len(ids), total=total
            )
    warnings.emit(LOGGER)
