"""Pre-code accuracy against final codes, and the codebook refinement hints."""

import json
import math
import os
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.codebook import Code, Codebook, Node
from qualpipe.merge.refine import (
    MIN_COUNT,
    TOP,
    accuracy_rows,
    coded_counts,
    contradictions,
    interview_sets,
    log_odds,
    missed_vocabulary,
    noisy_keywords,
    prevalence_by_set,
    read_final,
    score,
)

# The Oyez arguments of ../shared/corpora (QUALPIPE_CORPORA elsewhere).
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", SHARED / "corpora"))
OYEZ = CORPORA / "scotus-oyez" / "transcripts" / "2013.11-965-t01.json"


def test_refine_score_precision_recall_f1() -> None:
    result = score(
        {("s1", "lean"), ("s2", "lean"), ("s3", "lean")}, {("s1", "lean"), ("s4", "lean")}
    )
    assert (result.precision, result.recall) == (0.5, pytest.approx(1 / 3))
    assert result.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert math.isnan(score(set(), set()).precision)


def test_refine_log_odds_matches_the_formula_by_hand() -> None:
    # Monroe et al. (2008) eq. 16 and 19; the prior is the pooled counts (α_queue 9, α0 40).
    group, other = {"queue": 8, "work": 2}, {"queue": 1, "work": 29}
    a_q, n_g, n_o = 9, 10, 30
    delta = math.log((8 + a_q) / (n_g + 40 - 8 - a_q)) - math.log((1 + a_q) / (n_o + 40 - 1 - a_q))
    expected = delta / math.sqrt(1 / (8 + a_q) + 1 / (1 + a_q))
    assert log_odds(group, other)["queue"] == pytest.approx(expected, abs=1e-12)
    assert log_odds(group, other)["work"] < 0


def test_refine_missed_vocabulary_points_at_words_no_keyword_caught() -> None:
    final = {f"m{i}": {"workload"} for i in range(6)} | {f"o{i}": set() for i in range(20)}
    terms = {f"m{i}": ["backlog", "case"] for i in range(6)} | {
        f"o{i}": ["case", "meeting"] for i in range(20)
    }
    suggested = {"m0": {"workload"}}  # one of the six was caught by a keyword
    (best, *_) = missed_vocabulary("workload", final, suggested, terms)
    assert best[:3] == ("backlog", 5, 0) and best[3] > 2


def test_refine_noisy_keywords_count_unconfirmed_suggestions() -> None:
    evidence = [
        {"segment_id": "s1", "code": "lean", "term": "lean"},
        {"segment_id": "s2", "code": "lean", "term": "lean"},
        {"segment_id": "s3", "code": "lean", "term": "value flow"},
        {"segment_id": "s9", "code": "lean", "term": "lean"},  # not coded: no verdict
    ]
    final = {"s1": {"lean"}, "s2": set(), "s3": set()}
    assert noisy_keywords("lean", evidence, final) == [("lean", 1, 2), ("value flow", 1, 1)]


def test_refine_accuracy_rows_per_code_and_micro() -> None:
    codebook = Codebook(
        codes=[
            Code("lean", "Lean", "d", "t", "T", "c", "C"),
            Code("teams", "Teams", "d", "t", "T", "c", "C"),
        ]
    )
    final = {"s1": {"lean"}, "s2": {"teams"}, "s3": set()}
    suggestions = [
        {"segment_id": "s1", "code": "lean", "negated": "false"},
        {"segment_id": "s3", "code": "teams", "negated": "true"},
    ]
    rows = {(r[0], r[1]): r[3:] for r in accuracy_rows(codebook, final, suggestions)}
    assert rows[("micro", "all")] == [2, 2, 1, "0.5000", "0.5000", "0.5000"]
    assert rows[("teams", "not_negated")] == [1, 0, 0, "", "0.0000", ""]


def _codebook() -> Codebook:
    place = ("t", "T", "mi_use", "Using MI")
    return Codebook(
        categories=[Node("mi_use", "Using MI", "", parent="t")],
        codes=[
            Code("mi_useful", "Useful", "d", *place),
            Code("mi_decline", "Decline", "d", *place, opposes="mi_useful"),
        ],
    )


def test_refine_development_and_confirmation_sets() -> None:
    assert interview_sets(["i1", "i2"], ["i2"]) == {"i1": "confirmation", "i2": "development"}
    assert interview_sets(["i1"], []) == {"i1": "all"}


def test_refine_category_prevalence_in_each_set() -> None:
    final = {"s1": {"mi_useful"}, "s2": set(), "s3": {"mi_decline"}}
    interview_of = {"s1": "i1", "s2": "i2", "s3": "i3"}
    sets = {"i1": "development", "i2": "confirmation", "i3": "confirmation"}
    rows = prevalence_by_set(_codebook(), final, interview_of, sets)
    assert [r[2:] for r in rows] == [
        ["development", 1, 1, "1.0000"],
        ["confirmation", 2, 1, "0.5000"],
    ]


def test_refine_contradictions_are_negated_or_opposing_codes() -> None:
    final = {"s1": {"mi_useful"}, "s2": {"mi_decline"}}
    segments = {
        "s1": {"interview_id": "i1", "text": "MI never helped."},
        "s2": {"interview_id": "i1", "text": "We dropped it."},
    }
    rows = contradictions(_codebook(), final, {("s1", "mi_useful")}, segments, {"i1": "all"})
    assert [(r[0], r[4], r[5]) for r in rows] == [
        ("s1", "mi_useful", "its keywords are negated here"),
        ("s2", "mi_decline", "opposes mi_useful"),
    ]


def test_refine_final_codes_keep_the_consensus_files_order(tmp_path: Path) -> None:
    ids = [f"i{n:02d}-t{n:04d}-s01" for n in range(40, 0, -1)]
    consensus = tmp_path / "consensus.csv"
    consensus.write_text("segment_id\n" + "".join(f"{s}\n" for s in ids), encoding="utf-8")
    final = tmp_path / "codes_final.csv"
    final.write_text(f"segment_id,code\n{ids[3]},workload\n{ids[0]},lean\n", encoding="utf-8")
    found = read_final(str(consensus), str(final))
    assert list(found) == ids
    assert found[ids[3]] == {"workload"} and found[ids[0]] == {"lean"} and found[ids[1]] == set()


def _missed_vocabulary_by_definition(
    code: str, final: dict[str, set[str]], suggested: dict[str, set[str]], terms: dict
) -> list[tuple[str, int, int, float]]:
    """The docstring's definition, counted from scratch (as before issue 16's fast path)."""
    missed = [s for s, c in final.items() if code in c and code not in suggested.get(s, set())]
    others = [s for s, c in final.items() if code not in c]
    group = Counter(t for s in missed for t in set(terms.get(s, ())))
    other = Counter(t for s in others for t in set(terms.get(s, ())))
    if not group:
        return []
    z = log_odds(group, other)
    ranked = sorted((t for t in group if group[t] >= MIN_COUNT), key=lambda t: (-z[t], t))
    return [(t, group[t], other.get(t, 0), z[t]) for t in ranked[:TOP]]


def test_refine_missed_vocabulary_counted_once_equals_the_definition_on_real_text() -> None:
    # Oyez argument turns as segments; codes dealt by word content, some caught, some not.
    sections = json.loads(OYEZ.read_text(encoding="utf-8"))["transcript"]["sections"]
    texts = [b["text"] for s in sections for turn in s["turns"] for b in turn["text_blocks"]]
    terms = {
        f"s{i}": [w.lower() for w in text.split() if len(w) > 3] for i, text in enumerate(texts)
    }
    codes = ("court", "state", "question")
    final = {s: {c for c in codes if c in " ".join(words)} for s, words in terms.items()}
    final |= {"s_empty": {"court"}}  # a coded segment without terms
    suggested = {s: {"court"} for s in list(final)[::3]}
    everywhere = coded_counts(final, terms)
    for code in codes:
        expected = _missed_vocabulary_by_definition(code, final, suggested, terms)
        assert len(expected) == TOP
        fast = missed_vocabulary(code, final, suggested, terms, everywhere=everywhere)
        assert fast == expected  # exact: the same counts give the same floats
        assert missed_vocabulary(code, final, suggested, terms) == expected
