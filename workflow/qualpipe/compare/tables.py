"""Cross-group comparison: prevalence by group and wave, tests, co-occurrence, exemplar quotes.

The unit of comparison is the interview: a code is present in an interview when it was coded
in any of its segments. With coders, the codes are the consensus codes and only coded
interviews count; without coders, the codes are the keyword suggestions that are not negated,
and every output says so (`basis`). Tidy CSV tables are the source of truth; Markdown and
LaTeX renderings are derived from them.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import cell, read_rows, write_rows, write_text_atomic

LOGGER = logging.getLogger("qualpipe")
CONSENSUS, PRECODES = "consensus", "pre-codes"
BASIS_NOTE = {
    CONSENSUS: "Consensus codes of the human coders.",
    PRECODES: "Keyword suggestions (pre-codes), not coders' codes: no coder has returned a sheet.",
}
PREVALENCE_FIELDS = (
    "basis",
    "level",
    "id",
    "label",
    "theme",
    "category",
    "variable",
    "value",
    "interviews",
    "interviews_with",
    "share",
    "share_low",
    "share_high",
    "segments",
    "words",
    "per_1000_words",
    "comparison",
)
COMPARISON_FIELDS = (
    "basis",
    "comparison",
    "level",
    "id",
    "label",
    "value_a",
    "value_b",
    "a_with",
    "a_n",
    "b_with",
    "b_n",
    "share_a",
    "share_b",
    "difference",
    "difference_low",
    "difference_high",
    "odds_ratio",
    "or_low",
    "or_high",
    "p",
    "q",
    "test",
    "note",
)
PANEL_FIELDS = (
    "basis",
    "comparison",
    "level",
    "id",
    "label",
    "persons",
    "with_first",
    "with_second",
    "both",
    "only_first",
    "only_second",
    "share_first",
    "share_second",
    "p",
    "q",
    "first",
    "second",
)
COOCCURRENCE_FIELDS = ("basis", "scope", "group", "code_a", "code_b", "both", "a", "b", "jaccard")
QUOTE_FIELDS = (
    "basis",
    "code",
    "label",
    "group",
    "rank",
    "segment_id",
    "attribution",
    "words",
    "quote",
)


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


def prevalence_rows(
    study: Study, codebook: Codebook, planned: Sequence[Comparison]
) -> list[list[object]]:
    """Interviews mentioning (with Wilson intervals), segments and segments per 1,000 words.

    One block for all interviews (variable 'all'), then one per comparison, on the
    comparison's interviews (its 'where') split by its variable.
    """
    from qualpipe.compare.stats import wilson_interval

    by_interview: dict[str, list[str]] = defaultdict(list)
    for segment_id in study.codes:
        by_interview[study.segments[segment_id]["interview_id"]].append(segment_id)
    splits = [("", "all", {"all": list(study.interviews)})]
    splits += [(c.id, c.variable, _members(study, c)) for c in planned]
    rows = []
    for comparison, variable, groups in splits:
        for level, node_id, label, theme, category, codes in levels(codebook):
            for value, members in groups.items():
                segments = [s for i in members for s in by_interview.get(i, [])]
                words = sum(int(study.segments[s]["words"]) for s in segments)
                hits = sum(1 for s in segments if study.codes[s] & codes)
                k = sum(1 for i in members if study.present(i) & codes)
                low, high = wilson_interval(k, len(members))
                share = k / len(members) if members else math.nan
                per_1000 = 1000 * hits / words if words else math.nan
                rows.append(
                    [study.basis, level, node_id, label, theme, category, variable, value,
                     len(members), k, cell(share), cell(low), cell(high), hits, words,
                     cell(per_1000), comparison]
                )  # fmt: skip
    return rows


def _value(attributes: Mapping[str, str], variable: str) -> str:
    return "all" if variable == "all" else attributes.get(variable, "")


def _values(study: Study, variable: str) -> list[str]:
    return sorted({_value(a, variable) for a in study.interviews.values()} - {""})


def _p(value: float) -> str:
    """A p- or q-value: four decimals, or two significant digits below 0.0001."""
    if math.isnan(value):
        return ""
    return f"{value:.1e}" if value < 1e-4 else f"{value:.4f}"


@dataclass(frozen=True)
class Comparison:
    """One comparison from config: which interviews, split by which attribute."""

    id: str
    variable: str
    values: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    panel: str = ""


def comparisons_from(config: Sequence[Mapping[str, object]]) -> list[Comparison]:
    return [
        Comparison(
            id=str(c["id"]),
            variable=str(c["variable"]),
            values=tuple(str(v) for v in c.get("values", ())),  # type: ignore[union-attr]
            where=tuple(sorted((str(k), str(v)) for k, v in dict(c.get("where", {})).items())),  # type: ignore[arg-type]
            panel=str(c.get("panel", "")),
        )
        for c in config
    ]


def _members(study: Study, comparison: Comparison) -> dict[str, list[str]]:
    chosen = [
        i for i, a in study.interviews.items() if all(a.get(k) == v for k, v in comparison.where)
    ]
    values = list(comparison.values) or sorted(
        {study.interviews[i].get(comparison.variable, "") for i in chosen} - {""}
    )
    return {
        v: [i for i in chosen if study.interviews[i].get(comparison.variable) == v] for v in values
    }


def comparison_rows(
    study: Study, codebook: Codebook, comparison: Comparison, *, resamples: int, seed: int
) -> list[list[object]]:
    """Interview-level presence compared between the comparison's values, q by level."""
    from qualpipe.compare import stats

    groups = _members(study, comparison)
    values = list(groups)
    rows = []
    for level, node_id, label, _, _, codes in levels(codebook):
        counts = [(sum(1 for i in m if study.present(i) & codes), len(m)) for m in groups.values()]
        head = {"basis": study.basis, "comparison": comparison.id, "level": level}
        head |= {"id": node_id, "label": label}
        if len(groups) == 2:
            (k1, n1), (k2, n2) = counts
            diff, d_low, d_high = stats.difference_interval(k1, n1, k2, n2)
            ratio, r_low, r_high, corrected = stats.odds_ratio(k1, n1 - k1, k2, n2 - k2)
            notes = [
                stats.small_counts([[k1, n1 - k1], [k2, n2 - k2]]),
                "odds ratio with 0.5 added to every cell" if corrected else "",
            ]
            found = {"value_a": values[0], "value_b": values[1], "a_with": k1, "a_n": n1}
            found |= {"b_with": k2, "b_n": n2}
            found |= {"share_a": cell(k1 / n1 if n1 else math.nan)}
            found |= {"share_b": cell(k2 / n2 if n2 else math.nan), "difference": cell(diff)}
            found |= {"difference_low": cell(d_low), "difference_high": cell(d_high)}
            found |= {"odds_ratio": cell(ratio), "or_low": cell(r_low), "or_high": cell(r_high)}
            found |= {"p": stats.fisher_exact(k1, n1 - k1, k2, n2 - k2), "test": "fisher"}
            found |= {"note": "; ".join(filter(None, notes))}
        else:
            table = [[k, n - k] for k, n in counts]
            _, p = stats.chi2_monte_carlo(_array(table), resamples=resamples, seed=seed)
            found = {"value_a": "; ".join(values), "p": p, "test": "chi2_mc"}
            found |= {"a_with": "; ".join(str(k) for k, _ in counts)}
            found |= {"a_n": "; ".join(str(n) for _, n in counts)}
            found |= {"note": stats.small_counts(table)}
        rows.append(_fields(COMPARISON_FIELDS, head | found))
    return _with_q(rows, p_index=COMPARISON_FIELDS.index("p"), level_index=2)


def _fields(fields: Sequence[str], values: Mapping[str, object]) -> list[object]:
    """A row in the order of `fields`; a field without a value is '' (q: filled in later)."""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValueError(f"not a field of the table: {unknown}")
    return [values.get(name, None if name == "q" else "") for name in fields]


def _array(table: Sequence[Sequence[int]]) -> object:
    import numpy as np

    return np.array(table, dtype=int)


def _with_q(rows: list[list[object]], *, p_index: int, level_index: int) -> list[list[object]]:
    """Benjamini–Hochberg q-values within each level (themes, categories, codes) of a table."""
    from qualpipe.compare.stats import benjamini_hochberg

    for level in ("theme", "category", "code"):
        mine = [r for r in rows if r[level_index] == level]
        qs = benjamini_hochberg([float(r[p_index]) if r[p_index] != "" else math.nan for r in mine])
        for row, q in zip(mine, qs, strict=True):
            row[p_index + 1] = _p(q)
            row[p_index] = _p(float(row[p_index])) if row[p_index] != "" else ""
    return rows


def panel_rows(study: Study, codebook: Codebook, comparison: Comparison) -> list[list[object]]:
    """The same persons in two waves: McNemar's exact test on their paired interviews."""
    from qualpipe.compare.stats import mcnemar_exact

    first, second = comparison.values[:2]
    pairs = _panel_pairs(study, comparison)
    rows = []
    for level, node_id, label, _, _, codes in levels(codebook):
        had = [
            (bool(study.present(a) & codes), bool(study.present(b) & codes))
            for a, b in sorted(pairs)
        ]
        both = sum(1 for x, y in had if x and y)
        only_first = sum(1 for x, y in had if x and not y)
        only_second = sum(1 for x, y in had if y and not x)
        n = len(had)
        rows.append(
            [
                study.basis,
                comparison.id,
                level,
                node_id,
                label,
                n,
                both + only_first,
                both + only_second,
                both,
                only_first,
                only_second,
                cell((both + only_first) / n if n else math.nan),
                cell((both + only_second) / n if n else math.nan),
                mcnemar_exact(only_first, only_second) if n else "",
                None,
                first,
                second,
            ]
        )
    return _with_q(rows, p_index=PANEL_FIELDS.index("p"), level_index=2)


RATE_FIELDS = (
    "basis", "comparison", "level", "id", "label", "values", "interviews", "median_rates",
    "estimate", "estimate_low", "estimate_high", "statistic", "p", "q", "test", "note",
)  # fmt: skip
# Hodges-Lehmann's interval is unbounded (-inf, inf) when no order statistic reaches the
# level; a spreadsheet shows 'inf' as #NAME?, so the cells stay empty and the note says why.
UNBOUNDED = "no 95% interval: too few interviews for any difference to reach the level"


def interview_rates(study: Study, codes: set[str]) -> dict[str, float]:
    """Segments coded with any of `codes` per 1,000 respondent words, per interview."""
    hits: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for segment_id, found in study.codes.items():
        interview = study.segments[segment_id]["interview_id"]
        words[interview] += int(study.segments[segment_id]["words"])
        hits[interview] += bool(found & codes)
    return {i: 1000 * hits[i] / words[i] for i in study.interviews if words[i]}


def rate_rows(study: Study, codebook: Codebook, comparison: Comparison) -> list[list[object]]:
    """Rates compared: Mann-Whitney with the Hodges-Lehmann shift (two values), Kruskal-Wallis
    (more), Wilcoxon signed-rank on each person's two interviews (panel)."""
    from qualpipe.compare import stats

    groups = _members(study, comparison)
    pairs = _panel_pairs(study, comparison) if comparison.panel else []
    rows = []
    for level, node_id, label, _, _, codes in levels(codebook):
        rates = interview_rates(study, codes)
        samples = [[rates[i] for i in members if i in rates] for members in groups.values()]
        medians = "; ".join(cell(statistics.median(x)) if x else "" for x in samples)
        estimate = low = high = math.nan
        note = ""
        if comparison.panel:
            paired = [(rates[a], rates[b]) for a, b in pairs if a in rates and b in rates]
            statistic, p = stats.wilcoxon_signed_rank(
                [a for a, _ in paired], [b for _, b in paired]
            )
            differences = [b - a for a, b in paired]
            estimate = statistics.median(differences) if differences else math.nan
            medians = "; ".join(
                cell(statistics.median(x)) if x else "" for x in zip(*paired, strict=True)
            )
            test, counts = "wilcoxon", f"{len(paired)} persons"
        elif len(samples) == 2:
            statistic, p = stats.mann_whitney(samples[0], samples[1])
            estimate, low, high = stats.hodges_lehmann(samples[0], samples[1])
            test, counts = "mann_whitney", "; ".join(str(len(x)) for x in samples)
            if math.isinf(low) or math.isinf(high):
                low, high, note = math.nan, math.nan, UNBOUNDED
        else:
            statistic, p = stats.kruskal_wallis(samples)
            test, counts = "kruskal_wallis", "; ".join(str(len(x)) for x in samples)
        rows.append(
            [study.basis, comparison.id, level, node_id, label, "; ".join(groups), counts, medians,
             cell(estimate), cell(low), cell(high), cell(statistic), p, None, test, note]
        )  # fmt: skip
    return _with_q(rows, p_index=RATE_FIELDS.index("p"), level_index=2)


def _panel_pairs(study: Study, comparison: Comparison) -> list[tuple[str, str]]:
    first, second = comparison.values[:2]
    by_person: dict[str, dict[str, str]] = defaultdict(dict)
    for interview_id, attributes in study.interviews.items():
        person = attributes.get(comparison.panel, "")
        if person:
            by_person[person][attributes.get(comparison.variable, "")] = interview_id
    return sorted((p[first], p[second]) for p in by_person.values() if first in p and second in p)


def cooccurrence_rows(study: Study, codebook: Codebook) -> list[list[object]]:
    """How often two codes meet in one segment and in one interview, by group and overall."""
    rows = []
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


def quote_rows(study: Study, codebook: Codebook, *, per_group: int) -> list[list[object]]:
    """Up to `per_group` quotes per code and group: surest, strongest, then typical length.

    Surest: coded by every coder or decided by the team (consensus codes only). Strongest:
    most keyword matches that were not negated (the words carry the code on their face).
    Then closest to the median length of the code's segments; then id.
    """
    rows = []
    groups = sorted({a.get("group", "") for a in study.interviews.values()} - {""})
    for code in codebook.codes:
        carrying = [
            s
            for s, codes in study.codes.items()
            if code.id in codes and study.segments[s]["interview_id"] in study.interviews
        ]
        if not carrying:
            continue
        median = statistics.median(int(study.segments[s]["words"]) for s in carrying)
        for group in groups:
            mine = [
                s
                for s in carrying
                if study.interviews[study.segments[s]["interview_id"]].get("group") == group
            ]
            ranked = sorted(mine, key=lambda s: _quote_rank(study, s, code.id, median))
            for rank, segment_id in enumerate(ranked[:per_group], start=1):
                segment = study.segments[segment_id]
                rows.append(
                    [
                        study.basis,
                        code.id,
                        code.label,
                        group,
                        rank,
                        segment_id,
                        segment["speaker"],
                        segment["words"],
                        segment["text"],
                    ]
                )
    return rows


def _quote_rank(study: Study, segment_id: str, code: str, median: float) -> tuple:
    matches, clean = study.strength.get((segment_id, code), (0, False))
    words = int(study.segments[segment_id]["words"])
    settled = (segment_id, code) in study.settled
    return (not settled, -(matches if clean else 0), abs(words - median), segment_id)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells escaped."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: object) -> str:
    return "".join(LATEX_SPECIAL.get(char, char) for char in str(text))


def latex_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str, label: str, spec: str
) -> str:
    """A booktabs table, ready to paste (needs \\usepackage{booktabs})."""
    body = [" & ".join(latex_escape(v) for v in row) + r" \\" for row in rows]
    return "\n".join(
        [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{latex_escape(caption)}}}",
            rf"\label{{{label}}}",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(latex_escape(h) for h in header) + r" \\",
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabular}",
            r"\end{table}",
            "",
        ]
    )


def _pct(k: object, n: object) -> str:
    return f"{k}/{n} ({100 * int(k) / int(n):.0f}%)" if int(n) else "–"  # type: ignore[arg-type]


def prevalence_markdown(
    rows: Sequence[Sequence[object]], *, comparison: str
) -> tuple[list[str], list[list[object]]]:
    """Codes (grouped by category) × the values of a comparison: interviews with it, k/N (%)."""
    mine = [r for r in rows if r[16] == comparison and r[1] in ("category", "code")]
    values = list(dict.fromkeys(r[7] for r in mine))
    cells: dict[tuple[str, str], str] = {(str(r[2]), str(r[7])): _pct(r[9], r[8]) for r in mine}
    table, seen = [], set()
    for r in mine:
        if r[2] in seen:
            continue
        seen.add(r[2])
        name = f"**{r[3]}**" if r[1] == "category" else r[3]
        table.append([name, *[cells.get((str(r[2]), v), "–") for v in values]])
    return ["Code", *values], table


def comparison_table(
    rows: Sequence[Sequence[object]], comparison: str
) -> tuple[list[str], list[list[object]]]:
    """A comparison's codes and categories: shares, difference [CI], OR [CI], p, q."""
    header = ["Code", "A", "B", "Difference [95% CI]", "Odds ratio [95% CI]", "p", "q", "Note"]
    table = []
    for r in rows:
        if r[1] != comparison or r[2] not in ("category", "code"):
            continue
        diff = (
            f"{float(r[13]):+.2f} [{float(r[14]):+.2f}, {float(r[15]):+.2f}]" if r[13] != "" else ""
        )
        ratio = (
            f"{float(r[16]):.2f} [{float(r[17]):.2f}, {float(r[18]):.2f}]" if r[16] != "" else ""
        )
        a = _pct(r[7], r[8]) if r[21] == "fisher" else r[7]
        b = _pct(r[9], r[10]) if r[21] == "fisher" else r[8]
        table.append([r[4], a, b, diff, ratio, r[19], r[20], r[22]])
    return header, table


def quotes_markdown(rows: Sequence[Sequence[object]], basis: str) -> str:
    lines = ["# Exemplar quotes", "", BASIS_NOTE[basis], ""]
    header = ["Code", "Group", "Quote", "Attribution"]
    body = [[r[2], r[3], f"“{r[8]}”", r[6]] for r in rows]
    return "\n".join(lines) + markdown_table(header, body)


def quotes_latex(rows: Sequence[Sequence[object]], basis: str) -> str:
    """Quotes as LaTeX quote environments with their attribution, by code."""
    out = [f"% {BASIS_NOTE[basis]}", "% Generated by qualpipe; needs no extra package.", ""]
    current = ""
    for r in rows:
        if r[1] != current:
            current = str(r[1])
            out += [rf"\paragraph{{{latex_escape(r[2])}}}", ""]
        out += [
            r"\begin{quote}",
            f"``{latex_escape(r[8])}'' ({latex_escape(r[6])})",
            r"\end{quote}",
            "",
        ]
    return "\n".join(out)


def compare(
    *,
    segments_path: str,
    documents: Sequence[str],
    final_path: str,
    consensus_path: str,
    suggestions_path: str,
    codebook_path: str,
    schema_path: str,
    comparisons: Sequence[Mapping[str, object]],
    quotes: int,
    resamples: int,
    seed: int,
    outputs: Mapping[str, str],
) -> str:
    """Every comparison table, its Markdown and LaTeX renderings, and the exemplar quotes.

    final_path, consensus_path (str): the merge stage's outputs, or '' when no coder has
        returned a sheet (the pre-codes are compared then, and every output says so).
    RETURNS (str): the basis of the comparison, 'consensus' or 'pre-codes'.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    study = load_study(
        segments_path=segments_path,
        documents=documents,
        final_path=final_path,
        consensus_path=consensus_path,
        suggestions_path=suggestions_path,
    )
    planned = comparisons_from(comparisons)
    prevalence = prevalence_rows(study, codebook, planned)
    compared = [
        r
        for c in planned
        if not c.panel
        for r in comparison_rows(study, codebook, c, resamples=resamples, seed=seed)
    ]
    panel = [r for c in planned if c.panel for r in panel_rows(study, codebook, c)]
    rates = [r for c in planned for r in rate_rows(study, codebook, c)]
    quoted = quote_rows(study, codebook, per_group=quotes)
    write_rows(Path(outputs["prevalence"]), PREVALENCE_FIELDS, prevalence)
    write_rows(Path(outputs["comparisons"]), COMPARISON_FIELDS, compared)
    write_rows(Path(outputs["panel"]), PANEL_FIELDS, panel)
    write_rows(Path(outputs["rates"]), RATE_FIELDS, rates)
    write_rows(
        Path(outputs["cooccurrence"]), COOCCURRENCE_FIELDS, cooccurrence_rows(study, codebook)
    )
    write_rows(Path(outputs["quotes"]), QUOTE_FIELDS, quoted)
    write_text_atomic(quotes_markdown(quoted, study.basis), Path(outputs["quotes_md"]))
    write_text_atomic(quotes_latex(quoted, study.basis), Path(outputs["quotes_tex"]))
    write_text_atomic(
        tables_markdown(prevalence, compared, planned, study.basis, rates),
        Path(outputs["tables_md"]),
    )
    write_text_atomic(
        tables_latex(prevalence, compared, planned, study.basis), Path(outputs["tables_tex"])
    )
    LOGGER.info("compared %d interviews on %s", len(study.interviews), study.basis)
    return study.basis


def rate_table(
    rows: Sequence[Sequence[object]], comparison: str
) -> tuple[list[str], list[list[object]]]:
    """A comparison's rates: median segments per 1,000 words by value, shift, test, p, q."""
    header = ["Code", "Median per 1,000 words", "Shift [95% CI]", "Test", "p", "q"]
    table = []
    for r in rows:
        if r[1] != comparison or r[2] not in ("category", "code"):
            continue
        shift = f"{float(r[8]):+.2f}" if r[8] != "" else ""
        if shift and r[9] != "":
            shift += f" [{float(r[9]):+.2f}, {float(r[10]):+.2f}]"
        elif shift and r[15]:
            shift += " (no 95% interval)"
        table.append([r[4], r[7], shift, r[14], r[12], r[13]])
    return header, table


def tables_markdown(
    prevalence: Sequence,
    compared: Sequence,
    planned: Sequence[Comparison],
    basis: str,
    rates: Sequence = (),
) -> str:
    parts = ["# Comparison tables", "", BASIS_NOTE[basis], ""]
    for comparison in planned:
        header, rows = prevalence_markdown(prevalence, comparison=comparison.id)
        title = f"## Interviews with each code: {comparison.id}, by {comparison.variable}"
        parts += [title, "", markdown_table(header, rows)]
    for comparison in (c for c in planned if not c.panel):
        header, rows = comparison_table(compared, comparison.id)
        parts += [f"## {comparison.id}", "", markdown_table(header, rows)]
    for comparison in planned:
        header, rows = rate_table(rates, comparison.id)
        split = ", ".join(comparison.values) or comparison.variable
        title = f"## {comparison.id}: segments per 1,000 respondent words ({split})"
        parts += [title, "", markdown_table(header, rows)]
    return "\n".join(parts)


def tables_latex(
    prevalence: Sequence, compared: Sequence, planned: Sequence[Comparison], basis: str
) -> str:
    parts = [f"% {BASIS_NOTE[basis]}", "% Needs \\usepackage{booktabs}.", ""]
    for comparison in planned:
        header, rows = prevalence_markdown(prevalence, comparison=comparison.id)
        rows = [[str(r[0]).strip("*"), *r[1:]] for r in rows]
        caption = f"Interviews with each code ({comparison.id}). {BASIS_NOTE[basis]}"
        spec = "l" + "r" * (len(header) - 1)
        label = f"tab:prevalence-{comparison.id}"
        parts.append(latex_table(header, rows, caption=caption, label=label, spec=spec))
    for comparison in (c for c in planned if not c.panel):
        header, rows = comparison_table(compared, comparison.id)
        parts.append(
            latex_table(
                header,
                rows,
                caption=f"{comparison.id}. {BASIS_NOTE[basis]}",
                label=f"tab:{comparison.id}",
                spec="lrrrrrrl",
            )
        )
    return "\n".join(parts)


FIGURES = ("prevalence", "rates", "heatmap", "wave_change", "cooccurrence", "table1")


def figure_plan(comparisons: Sequence[Mapping[str, object]]) -> dict[str, Comparison | None]:
    """Which figure shows which comparison: the first two-value comparison gives the
    prevalence dot plot and the rate figure, the first of more values the heatmap, the first
    panel the wave change; co-occurrence and Table 1 are always drawn.

    RETURNS (dict[str, Comparison | None]): figure name -> its comparison, in FIGURES order.
    """
    planned = comparisons_from(comparisons)
    pair = next((c for c in planned if not c.panel and len(c.values) == 2), None)
    several = next((c for c in planned if not c.panel and len(c.values) != 2), None)
    panel = next((c for c in planned if c.panel), None)
    chosen = {"prevalence": pair, "rates": pair, "heatmap": several, "wave_change": panel}
    plan = {name: chosen.get(name) for name in FIGURES}
    return {name: c for name, c in plan.items() if c is not None or name not in chosen}


def draw_figures(
    *,
    prevalence_path: str,
    panel_path: str,
    rates_path: str,
    cooccurrence_path: str,
    table1_path: str,
    codebook_path: str,
    schema_path: str,
    comparisons: Sequence[Mapping[str, object]],
    formats: Sequence[str],
    folder: str,
) -> list[str]:
    """The article's figures from the comparison tables, each in every format.

    Which comparison each figure shows: `figure_plan`.
    RETURNS (list[str]): the files written.
    """
    from qualpipe.compare import figures

    codebook = load_codebook(codebook_path, schema_path=schema_path)
    prevalence = read_rows(prevalence_path)
    basis = prevalence[0]["basis"] if prevalence else CONSENSUS
    note = "" if basis == CONSENSUS else BASIS_NOTE[PRECODES]
    drawn = {}
    for name, comparison in figure_plan(comparisons).items():
        if name == "prevalence":
            rows = [r for r in prevalence if r["comparison"] == comparison.id]
            drawn[name] = figures.prevalence_figure(
                rows, codebook, variable=comparison.variable, values=comparison.values,
                basis_note=note,
            )  # fmt: skip
        elif name == "rates":
            rows = [r for r in read_rows(rates_path) if r["comparison"] == comparison.id]
            drawn[name] = figures.rates_figure(rows, codebook, basis_note=note)
        elif name == "heatmap":
            rows = [r for r in prevalence if r["comparison"] == comparison.id]
            drawn[name] = figures.heatmap_figure(
                rows, codebook, variable=comparison.variable, basis_note=note
            )
        elif name == "wave_change":
            rows = [r for r in read_rows(panel_path) if r["comparison"] == comparison.id]
            drawn[name] = figures.wave_change_figure(rows, codebook, basis_note=note)
        elif name == "cooccurrence":
            rows = read_rows(cooccurrence_path)
            drawn[name] = figures.cooccurrence_figure(rows, codebook, basis_note=note)
        else:
            drawn[name] = figures.table1_figure(read_rows(table1_path))
    written = []
    for name, figure in drawn.items():
        written += [
            str(p) for p in figures.save_figure(figure, Path(folder) / name, formats=formats)
        ]
    return written
