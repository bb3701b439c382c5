"""How good the keyword suggestions were against the final codes, and how to improve them.

Between coding rounds a codebook gets better honestly: the suggestions are scored against what
the coders finally decided, and two lists point at the codebook's gaps. Missed vocabulary: the
lemmas and lemma pairs most over-represented in segments finally coded X that the keywords did
not suggest X for, against all other coded segments (log-odds ratio with an informative
Dirichlet prior, Monroe, Colaresi and Quinn 2008, 'Fightin' words', section 3.5). Noisy
keywords: the terms behind most suggestions the coders did not confirm.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import cell, read_rows, write_rows, write_text_atomic
from qualpipe.common.records import read_turns

ACCURACY_FIELDS = (
    "code", "variant", "coded_segments", "final", "suggested", "true_positives", "precision",
    "recall", "f1",
)  # fmt: skip
HINT_FIELDS = ("code", "kind", "term", "in_missed", "in_others", "zscore", "false_suggestions")
MIN_COUNT = 3  # a term seen in fewer missed segments is no hint
TOP = 10


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of suggestions for one code (NaN where undefined)."""

    final: int
    suggested: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.suggested if self.suggested else math.nan

    @property
    def recall(self) -> float:
        return self.hits / self.final if self.final else math.nan

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else math.nan


def score(final: set[tuple[str, str]], suggested: set[tuple[str, str]]) -> Score:
    """Score (segment, code) pairs suggested against the final ones."""
    return Score(final=len(final), suggested=len(suggested), hits=len(final & suggested))


def log_odds(
    group: Mapping[str, int], other: Mapping[str, int], *, prior: float | None = None
) -> dict[str, float]:
    """z-scores of the log-odds ratio of each term, group vs other, informative Dirichlet prior.

    The prior of a term is its share of both corpora together times `prior` pseudo-counts
    (default: as many as both corpora hold, i.e. the pooled counts themselves, as Monroe et
    al. use the whole corpus as the prior).
    group, other (Mapping[str, int]): term counts. RETURNS (dict[str, float]): term -> z.
    """
    n_group, n_other = sum(group.values()), sum(other.values())
    total = Counter(group) + Counter(other)
    n_total = n_group + n_other
    prior = float(n_total) if prior is None else prior
    scores = {}
    for term, count in total.items():
        alpha = prior * count / n_total
        y_g, y_o = group.get(term, 0), other.get(term, 0)
        delta = math.log((y_g + alpha) / (n_group + prior - y_g - alpha)) - math.log(
            (y_o + alpha) / (n_other + prior - y_o - alpha)
        )
        scores[term] = delta / math.sqrt(1 / (y_g + alpha) + 1 / (y_o + alpha))
    return scores


SegmentSpans = Mapping[tuple[str, int], list[tuple[str, int, int]]]


def segment_terms(
    docs: Sequence[str], turns: Sequence[str], segments: SegmentSpans, *, language: str
) -> dict[str, list[str]]:
    """Per segment, its content lemmas and lemma pairs (no stop words, no pseudonyms)."""
    nlp = spacy.blank(language)
    stop = nlp.Defaults.stop_words
    terms: dict[str, list[str]] = defaultdict(list)
    for path, turns_path in zip(docs, turns, strict=True):
        batch = DocBin().from_disk(path).get_docs(nlp.vocab)
        for doc, (interview_id, turn, offset) in zip(batch, read_turns(turns_path), strict=True):
            spans = segments.get((interview_id, turn))
            if not spans:
                continue
            tokens = [(offset + t.idx, (t.lemma_ or t.lower_).lower(), t) for t in doc]
            words = [(at, w) for at, w, t in tokens if _content(t, w, stop)]
            for segment_id, start, end in spans:
                lemmas = [w for at, w in words if start <= at < end]
                terms[segment_id] += lemmas + [f"{a} {b}" for a, b in pairwise(lemmas)]
    return dict(terms)


def _content(token: object, lemma: str, stop: Iterable[str]) -> bool:
    return token.is_alpha and len(lemma) > 2 and lemma not in stop and not token.text.isupper()  # type: ignore[attr-defined]


def coded_counts(final: Mapping[str, set[str]], terms: Mapping[str, list[str]]) -> Counter[str]:
    """In how many coded segments (the keys of `final`) each term stands."""
    return Counter(t for s in final for t in set(terms.get(s, ())))


def missed_vocabulary(
    code: str,
    final: Mapping[str, set[str]],
    suggested: Mapping[str, set[str]],
    terms: Mapping[str, list[str]],
    *,
    everywhere: Mapping[str, int] | None = None,
) -> list[tuple[str, int, int, float]]:
    """The terms most typical of segments coded `code` that no suggestion caught.

    everywhere (Mapping[str, int]): `coded_counts(final, terms)`, counted once for every code
        (issue 16: the other segments' counts are then all coded segments' minus this code's).
    RETURNS (list): (term, segments among the missed, segments among the others, z), best first.
    """
    mine = [s for s, codes in final.items() if code in codes]
    missed = [s for s in mine if code not in suggested.get(s, set())]
    group = Counter(t for s in missed for t in set(terms.get(s, ())))
    if not group:
        return []
    everywhere = coded_counts(final, terms) if everywhere is None else everywhere
    coded = Counter(t for s in mine for t in set(terms.get(s, ())))
    other = {t: n - coded[t] for t, n in everywhere.items() if n > coded[t]}
    z = log_odds(group, other)
    ranked = sorted((t for t in group if group[t] >= MIN_COUNT), key=lambda t: (-z[t], t))
    return [(t, group[t], other.get(t, 0), z[t]) for t in ranked[:TOP]]


def noisy_keywords(
    code: str, evidence: Sequence[Mapping[str, str]], final: Mapping[str, set[str]]
) -> list[tuple[str, int, int]]:
    """The keywords and patterns behind most suggestions of `code` the coders did not confirm.

    RETURNS (list): (term, false suggestions, all suggestions), most false first.
    """
    false: Counter[str] = Counter()
    total: Counter[str] = Counter()
    seen = set()
    for row in evidence:
        key = (row["segment_id"], row["term"])
        if row["code"] != code or row["segment_id"] not in final or key in seen:
            continue
        seen.add(key)
        total[row["term"]] += 1
        false[row["term"]] += code not in final[row["segment_id"]]
    ranked = sorted(total, key=lambda t: (-false[t], t))
    return [(t, false[t], total[t]) for t in ranked[:TOP] if false[t]]


def read_final(consensus_path: str, final_path: str) -> dict[str, set[str]]:
    """Every coded segment's final codes ('nothing applies': none), in consensus.csv's order.

    The order is the file's, never a set's: a set of strings iterates in an order that
    changes from one Python process to the next, and so would every table built from it.
    """
    final: dict[str, set[str]] = {r["segment_id"]: set() for r in read_rows(consensus_path)}
    for row in read_rows(final_path):
        final[row["segment_id"]].add(row["code"])
    return final


def refine(
    *,
    final_path: str,
    consensus_path: str,
    suggestions_path: str,
    evidence_path: str,
    segments_path: str,
    docs: Sequence[str],
    turns: Sequence[str],
    codebook_path: str,
    schema_path: str,
    language: str,
    development: Sequence[str],
    outputs: Mapping[str, str],
) -> None:
    """Pre-code accuracy per code, refinement hints (CSV and Markdown), and the two-step check.

    development (Sequence[str]): interviews of the development set (config
        merge.development); the others form the confirmation set.
    outputs (Mapping[str, str]): paths of accuracy, hints, hints_md, sets, contradictions.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    final = read_final(consensus_path, final_path)
    coded = final.keys()
    suggestions = [r for r in read_rows(suggestions_path) if r["segment_id"] in coded]
    write_rows(
        Path(outputs["accuracy"]), ACCURACY_FIELDS, accuracy_rows(codebook, final, suggestions)
    )
    evidence = read_rows(evidence_path)
    suggested: dict[str, set[str]] = defaultdict(set)
    for row in suggestions:
        suggested[row["segment_id"]].add(row["code"])
    terms = segment_terms(docs, turns, _segment_spans(segments_path, coded), language=language)
    hints = hint_rows(codebook, final, suggested, terms, evidence)
    write_rows(Path(outputs["hints"]), HINT_FIELDS, hints)
    write_text_atomic(hints_markdown(codebook, hints), Path(outputs["hints_md"]))
    segments = {r["segment_id"]: r for r in read_rows(segments_path)}
    sets = interview_sets(
        list(dict.fromkeys(r["interview_id"] for r in segments.values())), development
    )
    interview_of = {s: segments[s]["interview_id"] for s in final}
    write_rows(
        Path(outputs["sets"]), SETS_FIELDS, prevalence_by_set(codebook, final, interview_of, sets)
    )
    negated = {(r["segment_id"], r["code"]) for r in suggestions if r["negated"] == "true"}
    rows = contradictions(codebook, final, negated, segments, sets)
    write_rows(Path(outputs["contradictions"]), CONTRADICTION_FIELDS, rows)


def accuracy_rows(
    codebook: Codebook, final: Mapping[str, set[str]], suggestions: Sequence[Mapping[str, str]]
) -> list[list[object]]:
    """Per code and overall (micro), for all suggestions and for the non-negated only."""
    truth = {(s, c) for s, codes in final.items() for c in codes}
    rows: list[list[object]] = []
    for variant in ("all", "not_negated"):
        chosen = {
            (r["segment_id"], r["code"])
            for r in suggestions
            if variant == "all" or r["negated"] == "false"
        }
        for code in [*codebook.ids, "micro"]:
            keep = (lambda pair: True) if code == "micro" else (lambda pair, c=code: pair[1] == c)
            result = score({p for p in truth if keep(p)}, {p for p in chosen if keep(p)})
            rows.append([code, variant, len(final), result.final, result.suggested, result.hits,
                         cell(result.precision), cell(result.recall), cell(result.f1)])  # fmt: skip
    return rows


def hint_rows(
    codebook: Codebook,
    final: Mapping[str, set[str]],
    suggested: Mapping[str, set[str]],
    terms: Mapping[str, list[str]],
    evidence: Sequence[Mapping[str, str]],
) -> list[list[object]]:
    """Missed vocabulary and noisy keywords of every code, in codebook order."""
    rows: list[list[object]] = []
    everywhere = coded_counts(final, terms)
    for code in codebook.ids:
        vocabulary = missed_vocabulary(code, final, suggested, terms, everywhere=everywhere)
        for term, missed, others, z in vocabulary:
            rows.append([code, "missed", term, missed, others, f"{z:.2f}", ""])
        for term, false, total in noisy_keywords(code, evidence, final):
            rows.append([code, "noisy", term, "", "", "", f"{false} of {total}"])
    return rows


def hints_markdown(codebook: Codebook, hints: Sequence[Sequence[object]]) -> str:
    """The hints for the team, one section per code."""
    lines = ["# Codebook refinement hints", "",
             "Missed: words typical of segments coded with the code that no keyword caught "
             "(log-odds z against the other coded segments). Noisy: keywords and patterns behind "
             "suggestions the coders did not confirm.", ""]  # fmt: skip
    for code in codebook.codes:
        mine = [h for h in hints if h[0] == code.id]
        missed = ", ".join(f"{h[2]} ({h[3]}, z {h[5]})" for h in mine if h[1] == "missed")
        noisy = ", ".join(f"{h[2]} ({h[6]} false)" for h in mine if h[1] == "noisy")
        lines += [f"## {code.label} (`{code.id}`)", "", f"- missed: {missed or 'none'}",
                  f"- noisy: {noisy or 'none'}", ""]  # fmt: skip
    return "\n".join(lines)


def _segment_spans(
    path: str, keep: Container[str]
) -> dict[tuple[str, int], list[tuple[str, int, int]]]:
    spans: dict[tuple[str, int], list[tuple[str, int, int]]] = defaultdict(list)
    for row in read_rows(path):
        if row["segment_id"] in keep:
            spans[(row["interview_id"], int(row["turn"]))].append(
                (row["segment_id"], int(row["start"]), int(row["end"]))
            )
    return dict(spans)


SETS_FIELDS = ("category", "label", "set", "interviews", "with_category", "share")
CONTRADICTION_FIELDS = ("segment_id", "interview_id", "set", "category", "code", "reason", "text")


def interview_sets(interviews: Sequence[str], development: Sequence[str]) -> dict[str, str]:
    """interview -> 'development' or 'confirmation' ('all' when no development set is named)."""
    if not development:
        return dict.fromkeys(interviews, "all")
    chosen = set(development)
    return {i: "development" if i in chosen else "confirmation" for i in interviews}


def prevalence_by_set(
    codebook: Codebook,
    final: Mapping[str, set[str]],
    interview_of: Mapping[str, str],
    sets: Mapping[str, str],
) -> list[list[object]]:
    """Each category's prevalence (interviews with it / coded interviews) in each set."""
    coded = {interview_of[s] for s in final}
    present: dict[str, set[str]] = defaultdict(set)
    for segment_id, codes in final.items():
        for code in codes:
            present[codebook.code(code).category].add(interview_of[segment_id])
    names = list(dict.fromkeys(sets[i] for i in sorted(coded, key=list(sets).index)))
    rows = []
    for category in codebook.categories:
        for name in sorted(names, key=["development", "confirmation", "all"].index):
            members = {i for i in coded if sets[i] == name}
            hits = len(present[category.id] & members)
            rows.append([category.id, category.label, name, len(members), hits,
                         f"{hits / len(members):.4f}" if members else ""])  # fmt: skip
    return rows


def contradictions(
    codebook: Codebook,
    final: Mapping[str, set[str]],
    negated: set[tuple[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    sets: Mapping[str, str],
) -> list[list[object]]:
    """Coded segments that speak against a category: a final code whose every keyword match
    was negated, or a code that opposes another code of the codebook."""
    opposed = {c.id: c.opposes for c in codebook.codes if c.opposes}
    rows: list[list[object]] = []
    for segment_id, codes in final.items():
        segment = segments[segment_id]
        for code in [c for c in codebook.ids if c in codes]:
            reasons = []
            if (segment_id, code) in negated:
                reasons.append("its keywords are negated here")
            if code in opposed:
                reasons.append(f"opposes {opposed[code]}")
            for reason in reasons:
                category = codebook.code(
                    opposed[code] if reason.startswith("opposes") else code
                ).category
                rows.append([segment_id, segment["interview_id"], sets[segment["interview_id"]],
                             category, code, reason, segment["text"]])  # fmt: skip
    return rows
