"""The coded study that the comparison reads, and how a comparison splits its interviews.

The unit of comparison is the interview: a code is present in an interview when it was coded
in any of its segments. With coders, the codes are the consensus codes and only coded
interviews count; without coders, the codes are the keyword suggestions that are not negated,
and every output says so (`basis`).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualpipe.codebook import Codebook
from qualpipe.common.io import read_rows
from qualpipe.compare.plan import Comparison

CONSENSUS, PRECODES = "consensus", "pre-codes"
BASIS_NOTE = {
    CONSENSUS: "Consensus codes of the human coders.",
    PRECODES: "Keyword suggestions (pre-codes), not coders' codes: no coder has returned a sheet.",
}


@dataclass
class Study:
    """What the comparison needs: interviews with attributes, segments, codes per segment."""

    interviews: dict[str, dict[str, str]]
    segments: dict[str, dict[str, str]]
    codes: dict[str, set[str]]
    basis: str
    strength: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # (segment, code) pairs every coder applied or the team adjudicated: the surest quotes.
    settled: set[tuple[str, str]] = field(default_factory=set)
    _hits: dict[frozenset[str], dict[str, int]] = field(default_factory=dict, repr=False)

    def present(self, interview_id: str) -> set[str]:
        """The codes coded anywhere in an interview."""
        return self.by_interview.get(interview_id, set())

    @functools.cached_property
    def by_interview(self) -> dict[str, set[str]]:
        """The codes of each interview, from its segments' codes (derived once)."""
        found: dict[str, set[str]] = defaultdict(set)
        for segment_id, codes in self.codes.items():
            found[self.segments[segment_id]["interview_id"]] |= codes
        return dict(found)

    @functools.cached_property
    def coded_segments(self) -> dict[str, list[set[str]]]:
        """The codes of each segment of `codes`, by interview (derived once: issue 16)."""
        found: dict[str, list[set[str]]] = defaultdict(list)
        for segment_id, codes in self.codes.items():
            found[self.segments[segment_id]["interview_id"]].append(codes)
        return dict(found)

    @functools.cached_property
    def words(self) -> dict[str, int]:
        """Respondent words of each interview, over the segments of `codes` (derived once)."""
        found: dict[str, int] = defaultdict(int)
        for segment_id in self.codes:
            segment = self.segments[segment_id]
            found[segment["interview_id"]] += int(segment["words"])
        return dict(found)

    def hits(self, interview_id: str, codes: set[str]) -> int:
        """How many segments of an interview carry any of `codes`."""
        key = frozenset(codes)
        if key not in self._hits:  # every split and comparison asks again (issue 16)
            self._hits[key] = {
                interview: sum(1 for found in segments if found & codes)
                for interview, segments in self.coded_segments.items()
            }
        return self._hits[key].get(interview_id, 0)


def load_study(
    *,
    segments_path: str,
    documents: Sequence[str],
    final_path: str = "",
    consensus_path: str = "",
    suggestions_path: str = "",
) -> Study:
    """Interviews, segments and their codes: consensus codes if there are any, else pre-codes."""
    segments = {r["segment_id"]: r for r in read_rows(segments_path)}
    interviews = {}
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        interviews[document["interview_id"]] = dict(document["attributes"])
    for row in segments.values():
        interviews.get(row["interview_id"], {}).setdefault("group", row["group"])
    if final_path and consensus_path:
        coded = {r["segment_id"] for r in read_rows(consensus_path)}
        codes: dict[str, set[str]] = {s: set() for s in coded}
        settled = set()
        for row in read_rows(final_path):
            codes[row["segment_id"]].add(row["code"])
            if row["basis"] in ("agreement", "adjudication"):
                settled.add((row["segment_id"], row["code"]))
        keep = {segments[s]["interview_id"] for s in coded}
        interviews = {i: a for i, a in interviews.items() if i in keep}
        study = Study(interviews, segments, codes, CONSENSUS, settled=settled)
    else:
        codes = {s: set() for s in segments}
        for row in read_rows(suggestions_path):
            if row["negated"] == "false":
                codes[row["segment_id"]].add(row["code"])
        study = Study(interviews, segments, codes, PRECODES)
    if suggestions_path:
        study.strength = {
            (r["segment_id"], r["code"]): (int(r["matches"]), r["negated"] == "false")
            for r in read_rows(suggestions_path)
        }
    return study


def levels(codebook: Codebook) -> list[tuple[str, str, str, str, str, set[str]]]:
    """(level, id, label, theme, category, its code ids) for every theme, category and code."""
    found = []
    for theme in codebook.themes:
        codes = {c.id for c in codebook.codes if c.theme == theme.id}
        found.append(("theme", theme.id, theme.label, theme.id, "", codes))
    for category in codebook.categories:
        codes = {c.id for c in codebook.codes if c.category == category.id}
        found.append(("category", category.id, category.label, category.parent, category.id, codes))
    for code in codebook.codes:
        found.append(("code", code.id, code.label, code.theme, code.category, {code.id}))
    return found


def interviews_by_value(study: Study, comparison: Comparison) -> dict[str, list[str]]:
    """The comparison's interviews (its 'where') by its values, in its order or sorted."""
    chosen = [
        i for i, a in study.interviews.items() if all(a.get(k) == v for k, v in comparison.where)
    ]
    values = list(comparison.values) or sorted(
        {study.interviews[i].get(comparison.variable, "") for i in chosen} - {""}
    )
    return {
        v: [i for i in chosen if study.interviews[i].get(comparison.variable) == v] for v in values
    }


def panel_pairs(study: Study, comparison: Comparison) -> list[tuple[str, str]]:
    """Each panel person's (first, second) interview, for persons interviewed in both values."""
    first, second = comparison.values[:2]
    by_person: dict[str, dict[str, str]] = defaultdict(dict)
    for interview_id, attributes in study.interviews.items():
        person = attributes.get(comparison.panel, "")
        if person:
            by_person[person][attributes.get(comparison.variable, "")] = interview_id
    return sorted((p[first], p[second]) for p in by_person.values() if first in p and second in p)
