"""Co-occurrence: how often two codes meet in one segment and in one interview."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

from qualpipe.codebook import Codebook
from qualpipe.common.io import cell
from qualpipe.compare.presence import Cell
from qualpipe.compare.study import Study

COOCCURRENCE_FIELDS = ("basis", "scope", "group", "code_a", "code_b", "both", "a", "b", "jaccard")


def cooccurrence_rows(study: Study, codebook: Codebook) -> list[list[Cell]]:
    """How often two codes meet in one segment and in one interview, by group and overall."""
    rows: list[list[Cell]] = []
    groups = ["all", *sorted({a.get("group", "") for a in study.interviews.values()} - {""})]
    for scope in ("segment", "interview"):
        for group in groups:
            units = _units(study, scope, group)
            count = Counter(c for codes in units for c in codes)
            pairs = Counter(p for codes in units for p in combinations(sorted(codes), 2))
            for a, b in combinations(codebook.ids, 2):
                both = pairs[(min(a, b), max(a, b))]
                union = count[a] + count[b] - both
                rows.append(
                    [
                        study.basis,
                        scope,
                        group,
                        a,
                        b,
                        both,
                        count[a],
                        count[b],
                        cell(both / union if union else math.nan),
                    ]
                )
            for a in codebook.ids:
                rows.append(
                    [
                        study.basis,
                        scope,
                        group,
                        a,
                        a,
                        count[a],
                        count[a],
                        count[a],
                        cell(1.0 if count[a] else math.nan),
                    ]
                )
    return rows


def _units(study: Study, scope: str, group: str) -> list[set[str]]:
    chosen = {i for i, a in study.interviews.items() if group in ("all", a.get("group"))}
    if scope == "interview":
        return [study.present(i) for i in sorted(chosen)]
    return [
        codes for s, codes in study.codes.items() if study.segments[s]["interview_id"] in chosen
    ]
