"""Keyword in context: each match with the words around it, as a table and for reading."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from qualpipe.codebook import Codebook
from qualpipe.precode.evidence import Evidence, flag, in_transcript_order

CONCORDANCE_FIELDS = ("code", "segment_id", "speaker", "left", "matched", "right", "negated")


def concordance_rows(evidence: Sequence[Evidence], codebook: Codebook) -> list[list[object]]:
    """Keyword in context, grouped by code in codebook order, then transcript order."""
    rank = {code_id: n for n, code_id in enumerate(codebook.ids)}
    ordered = sorted(in_transcript_order(evidence), key=lambda e: rank[e.match.code])
    return [
        [
            e.match.code,
            e.segment.segment_id,
            e.segment.speaker,
            e.left,
            e.matched,
            e.right,
            flag(e.match.negated),
        ]
        for e in ordered
    ]


def concordance_markdown(evidence: Sequence[Evidence], codebook: Codebook) -> str:
    """The concordance for reading: one section per code, one line per match."""
    by_code: dict[str, list[Evidence]] = defaultdict(list)
    for item in in_transcript_order(evidence):
        by_code[item.match.code].append(item)
    lines = ["# Keyword-in-context concordance", ""]
    for code in codebook.codes:
        items = by_code.get(code.id, [])
        lines += [f"## {code.label} (`{code.id}`): {len(items)} matches", ""]
        lines += [_kwic_line(item) for item in items] or ["No matches."]
        lines.append("")
    return "\n".join(lines)


def _kwic_line(item: Evidence) -> str:
    mark = " *(negated)*" if item.match.negated else ""
    left, right = _md(item.left), _md(item.right)
    return f"- `{item.segment.segment_id}` … {left} **{_md(item.matched)}** {right} …{mark}"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", " ".join(text.split()))
