"""Pre-coding quality on the demo study's gold codes: precision, recall and F1 per code.

    PYTHONPATH=workflow python benchmarks/precode.py [--results results] [--gold data/demo/gold]
        [--markdown]

Scores results/precode/suggestions.csv against data/demo/gold/turns.csv, which codes whole
turns. Only respondent turns count (segments are cut from them alone), and only those of the
interviews that results/segments/segments.csv holds. Two units: a turn (its predicted codes
are the union of its segments' suggestions) and an interview (a code is present when any of
its turns has it). Two variants: every suggestion, and only those not flagged as negated.
Categories are scored the same way, each as the union of its codes. A code with nothing
predicted has precision 0 (scikit-learn's zero_division=0); macro averages are unweighted
means over the codebook's codes (categories), micro averages pool their counts.
A baseline that suggests every code for every unit shows what 100% recall costs without
any matching. Turns the gold marks with a trap for a code (a sentence written to mislead
keyword matching) are counted apart: how often that code was suggested there without being
in the gold. Last, per code, the terms (keywords, 'pattern N', regexes) with the most
matches in turns whose gold lacks the code, from results/precode/evidence.csv.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))

from qualpipe.codebook import load_codebook  # noqa: E402
from qualpipe.common.io import read_rows  # noqa: E402

CODEBOOK = ROOT / "data/codebook.yaml"
SCHEMA = ROOT / "workflow/schemas/codebook.schema.yaml"
RESPONDENT = "respondent"
VARIANTS = ("all", "not negated")
# Every label suggested for every unit: what recall 100% costs without any matching.
BASELINE = "baseline: every label"
TOP_TERMS = 3
NUMBER = re.compile(r"^[\d.,]+( \(\d+%\))?$|^$")
RATES = ("precision", "recall", "f1")
LABELS = {"code": "codes", "category": "categories"}
MACRO = "macro average"

Unit = tuple[str, ...]  # (interview_id, turn) or (interview_id,)
Labels = dict[Unit, set[str]]


@dataclass(frozen=True)
class Score:
    """One label's (or one average's) counts and rates."""

    label: str
    gold: int
    predicted: int
    tp: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Gold:
    """The gold codes and traps of the respondent turns of the evaluated interviews."""

    codes: Labels
    traps: dict[Unit, set[str]]
    interviews_missing: int


def read_csv(path: Path) -> list[dict[str, str]]:
    return read_rows(path)  # the pipeline's tables, their text restored (#14)


def split_ids(value: str) -> set[str]:
    return {part.strip() for part in value.split(";") if part.strip()}


def read_gold(path: Path, interviews: set[str]) -> Gold:
    """Respondent turns of `interviews` with their gold codes and trapped codes."""
    codes: Labels = {}
    traps: dict[Unit, set[str]] = {}
    gold_interviews = set()
    for row in read_csv(path / "turns.csv"):
        gold_interviews.add(row["interview_id"])
        if row["speaker"] != RESPONDENT or row["interview_id"] not in interviews:
            continue
        unit = (row["interview_id"], str(int(row["turn"])))
        codes[unit] = split_ids(row["codes"])
        traps[unit] = {trap.split(":", 1)[1] for trap in split_ids(row["traps"])}
    return Gold(codes, traps, len(gold_interviews - interviews))


def read_turn_of(results: Path) -> dict[str, Unit]:
    """Each segment's (interview, turn)."""
    return {
        row["segment_id"]: (row["interview_id"], str(int(row["turn"])))
        for row in read_csv(results / "segments/segments.csv")
    }


def read_predictions(
    results: Path, turn_of: Mapping[str, Unit], *, negated_too: bool
) -> tuple[Labels, int]:
    """Predicted codes per (interview, turn), and the number of suggestions kept.

    negated_too (bool): False keeps only suggestions with negated == 'false'.
    """
    predicted: Labels = defaultdict(set)
    rows = [
        row
        for row in read_csv(results / "precode/suggestions.csv")
        if negated_too or row["negated"] == "false"
    ]
    for row in rows:
        predicted[turn_of[row["segment_id"]]].add(row["code"])
    return dict(predicted), len(rows)


def by_interview(labels: Labels, units: Iterable[Unit]) -> Labels:
    """Each interview's codes: the union over its turns."""
    merged: Labels = {}
    for unit in units:
        merged.setdefault(unit[:1], set()).update(labels.get(unit, set()))
    return merged


def as_categories(labels: Labels, category_of: Mapping[str, str]) -> Labels:
    return {unit: {category_of[code] for code in codes} for unit, codes in labels.items()}


def ratio(top: int, bottom: int) -> float:
    return top / bottom if bottom else 0.0


def harmonic(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(label: str, gold: int, predicted: int, tp: int) -> Score:
    precision, recall = ratio(tp, predicted), ratio(tp, gold)
    return Score(label, gold, predicted, tp, precision, recall, harmonic(precision, recall))


def score_labels(gold: Labels, predicted: Labels, labels: Sequence[str]) -> list[Score]:
    """Per label over the gold's units, then the micro and the macro average."""
    counts = {label: [0, 0, 0] for label in labels}
    for unit, truth in gold.items():
        guess = predicted.get(unit, set())
        for label in labels:
            counts[label][0] += label in truth
            counts[label][1] += label in guess
            counts[label][2] += label in truth and label in guess
    scores = [score(label, *counts[label]) for label in labels]
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    macro = Score(
        MACRO,
        *totals,
        *(sum(getattr(s, name) for s in scores) / len(scores) for name in RATES),
    )
    return [*scores, score("micro average", *totals), macro]


def trap_rows(gold: Gold, predicted: Mapping[str, Labels], codes: Sequence[str]) -> list[list[str]]:
    """Per trapped code: trapped turns, and those where it was suggested though not gold."""
    rows = []
    for code in codes:
        trapped = [
            u for u, traps in gold.traps.items() if code in traps and code not in gold.codes[u]
        ]
        if not trapped:
            continue
        fell = [sum(code in predicted[v].get(u, set()) for u in trapped) for v in VARIANTS]
        rows.append(
            [code, str(len(trapped)), *(f"{n} ({100 * n / len(trapped):.0f}%)" for n in fell)]
        )
    return rows


def term_rows(
    results: Path, turn_of: Mapping[str, Unit], gold: Gold, codes: Sequence[str]
) -> list[list[str]]:
    """Per code, the terms with the most matches in turns whose gold lacks the code."""
    counts: dict[str, dict[str, list[int]]] = {code: defaultdict(lambda: [0, 0]) for code in codes}
    for row in read_csv(results / "precode/evidence.csv"):
        right = row["code"] in gold.codes.get(turn_of[row["segment_id"]], set())
        counts[row["code"]][row["term"]][0 if right else 1] += 1
    rows = []
    for code in codes:
        worst = sorted(counts[code].items(), key=lambda kv: (-kv[1][1], kv[0]))[:TOP_TERMS]
        cells = [f"{term} ({wrong}/{right + wrong})" for term, (right, wrong) in worst if wrong]
        rows.append([code, "; ".join(cells)])
    return rows


def evaluate(results: Path, gold_path: Path) -> dict[str, object]:
    """Scores per level and label kind, trap and term rows, and the counts behind them."""
    codebook = load_codebook(str(CODEBOOK), schema_path=str(SCHEMA))
    codes = [code.id for code in codebook.codes]
    category_of = {code.id: code.category for code in codebook.codes}
    categories = [category.id for category in codebook.categories]
    turn_of = read_turn_of(results)
    interviews = {unit[0] for unit in turn_of.values()}
    predicted, suggestions = {}, {}
    for variant in VARIANTS:
        turns, kept = read_predictions(results, turn_of, negated_too=variant == "all")
        predicted[variant], suggestions[variant] = turns, kept
    gold = read_gold(gold_path, interviews)
    outside = {v: sum(1 for u in predicted[v] if u not in gold.codes) for v in VARIANTS}
    levels = {
        "turn": (gold.codes, predicted),
        "interview": (
            by_interview(gold.codes, gold.codes),
            {v: by_interview(predicted[v], gold.codes) for v in VARIANTS},
        ),
    }
    tables = {}
    for level, (truth, guesses) in levels.items():
        guesses = {**guesses, BASELINE: {unit: set(codes) for unit in truth}}
        tables[(level, "code")] = {v: score_labels(truth, g, codes) for v, g in guesses.items()}
        tables[(level, "category")] = {
            v: score_labels(
                as_categories(truth, category_of), as_categories(g, category_of), categories
            )
            for v, g in guesses.items()
        }
    return {
        "interviews": len(interviews),
        "interviews_missing": gold.interviews_missing,
        "turns": len(gold.codes),
        "turns_coded": sum(1 for c in gold.codes.values() if c),
        "suggestions": suggestions,
        "outside": outside,
        "tables": tables,
        "traps": trap_rows(gold, predicted, codes),
        "terms": term_rows(results, turn_of, gold, codes),
    }


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


SCORE_HEADER = ["gold", "pred", "TP", "P %", "R %", "F1 %"]


def score_cells(s: Score) -> list[str]:
    # A macro average has no counts of its own: its rates are means of the labels' rates.
    counts = ["", "", ""] if s.label == MACRO else [str(s.gold), str(s.predicted), str(s.tp)]
    return [*counts, _pct(s.precision), _pct(s.recall), _pct(s.f1)]


def detail_table(
    first: str, variants: Mapping[str, list[Score]]
) -> tuple[list[str], list[list[str]]]:
    """One row per label: all suggestions, then not-negated ones (gold shown once)."""
    header = [first, *SCORE_HEADER, *(f"{h} (not neg.)" for h in SCORE_HEADER[1:])]
    rows = []
    for every, kept in zip(variants["all"], variants["not negated"], strict=True):
        rows.append([every.label, *score_cells(every), *score_cells(kept)[1:]])
    return header, rows


def summary_table(tables: Mapping) -> tuple[list[str], list[list[str]]]:
    header = ["level", "labels", "suggestions", "micro P", "micro R", "micro F1", "macro P",
              "macro R", "macro F1"]  # fmt: skip
    rows = []
    for (level, kind), variants in tables.items():
        for variant, scores in variants.items():
            micro, macro = scores[-2], scores[-1]
            rates = [_pct(getattr(s, n)) for s in (micro, macro) for n in RATES]
            rows.append([level, LABELS[kind], variant, *rates])
    return header, rows


def _cell(text: str) -> str:
    """A Markdown table cell: pipes and backslashes (in regexes) escaped."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render(header: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool) -> list[str]:
    """A table as Markdown or as aligned plain text (first column left, the others right)."""
    if markdown:
        rules = [
            "---:" if all(NUMBER.match(r[i]) for r in rows) else "---" for i in range(len(header))
        ]
        lines = [f"| {' | '.join(header)} |", f"| {' | '.join(['---', *rules[1:]])} |"]
        return lines + [f"| {' | '.join(_cell(c) for c in row)} |" for row in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    return [line(header), *(line(row) for row in rows)]


def report(result: Mapping, *, markdown: bool) -> str:
    suggestions, outside = result["suggestions"], result["outside"]
    lines = [
        f"interviews {result['interviews']} (gold interviews without results: "
        f"{result['interviews_missing']}), respondent turns {result['turns']:,} "
        f"({result['turns_coded']:,} with gold codes)",
        f"suggestions: all {suggestions['all']:,}, not negated {suggestions['not negated']:,}; "
        f"turns with suggestions outside the gold's respondent turns: {outside['all']}",
        "P, R, F1 in %; macro = unweighted mean over the labels",
    ]
    # Markdown needs a blank line between a title and its table.
    gap = [""] if markdown else []
    tables = [("Summary", summary_table(result["tables"]))]
    for (level, kind), variants in result["tables"].items():
        title = f"Per {kind}, {level} level (pred/TP/P/R/F1 for all suggestions, then not negated)"
        tables.append((title, detail_table(kind, variants)))
    trap_header = ["trapped code", "trap turns (code not gold)", "suggested (all)",
                   "suggested (not negated)"]  # fmt: skip
    tables.append(("Trap turns", (trap_header, result["traps"])))
    title = (
        f"Terms with the most matches in turns whose gold lacks the code (top {TOP_TERMS}; "
        "such matches / all matches of the term; all suggestions, negated ones too)"
    )
    tables.append((title, (["code", "terms"], result["terms"])))
    for title, (header, rows) in tables:
        lines += ["", title, *gap, *render(header, rows, markdown=markdown)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=ROOT / "results")
    parser.add_argument("--gold", type=Path, default=ROOT / "data/demo/gold")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = parser.parse_args()
    print(report(evaluate(args.results, args.gold), markdown=args.markdown))


if __name__ == "__main__":
    main()
