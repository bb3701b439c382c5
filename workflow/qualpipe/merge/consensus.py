"""Consensus: the coders' decisions, the team's adjudication, and the final codes.

For each coded segment and each code any coder applied (or the team decided on), the final
decision is, in this order: the adjudicated decision; the coders' agreement; the single
coder's decision where only one coder coded the segment; and otherwise the configured rule
(`union`, `intersection` or `coder:NAME`). Every final code says which of these it rests on.
Disagreements go to a workbook for the consensus meeting, whose decisions come back in
data/coding/adjudication.csv (or the filled workbook saved as .xlsx).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.archive import ZipLimits, zip_limits
from qualpipe.common.io import csv_bytes, read_rows, write_bytes_atomic, write_rows
from qualpipe.common.workbook import fill_table, new_workbook, xlsx_bytes
from qualpipe.errors import PipelineError, WarningLog, raise_all, shown
from qualpipe.merge.cells import clean_row, csv_cells, read_cells, read_table
from qualpipe.merge.decisions import CODED, NOT_CODED, NOTHING
from qualpipe.merge.sheet_rows import shown_segment

LOGGER = logging.getLogger("qualpipe")
DECISIONS = ("apply", "reject")
ADJUDICATION_COLUMNS = ("segment_id", "code", "decision", "note")
FINAL_FIELDS = (
    "segment_id", "interview_id", "code", "category", "theme", "coders", "adjudicated", "basis",
)  # fmt: skip
CONSENSUS_FIELDS = ("segment_id", "interview_id", "coders", "status", "codes")


@dataclass(frozen=True)
class Verdict:
    """The team's decision on one code for one segment."""

    decision: str
    note: str
    line: int


def read_adjudication(
    path: str,
    *,
    segments: Mapping[str, str],
    codes: Sequence[str],
    limits: ZipLimits | None = None,
) -> dict[tuple[str, str], Verdict]:
    """The consensus meeting's decisions by (segment, code); {} when there are none yet.

    segments (Mapping[str, str]): segment id -> interview id, to check the ids.
    limits (ZipLimits): what a returned workbook's zip may hold (E014-E016).
    """
    if not Path(path).is_file():
        return {}
    rows, formulas = _rows(path, limits)
    if formulas:
        warnings = WarningLog()
        warnings.add("W505", file=path, count=len(formulas), where=formulas[0])
        warnings.emit(LOGGER)
    verdicts: dict[tuple[str, str], Verdict] = {}
    errors = []
    for line, row in rows:
        if not any(row.values()):  # an empty row: spreadsheets save ',,,' (issue 14)
            continue
        problem = _problem(row, segments, codes, verdicts)
        if problem:
            errors.append(PipelineError("E504", file=path, line=line, problem=problem))
        elif row.get("decision"):
            key = (row["segment_id"], row["code"])
            verdicts[key] = Verdict(row["decision"].lower(), row.get("note", ""), line)
    raise_all(errors)
    return verdicts


def _problem(row: Mapping[str, str], segments: Mapping, codes: Sequence[str], seen: Mapping) -> str:
    decision = (row.get("decision") or "").strip().lower()
    if row.get("segment_id", "") not in segments:
        return f"segment {shown_segment(row.get('segment_id', ''))} does not exist"
    if row.get("code", "") not in codes:
        return f"{shown(row.get('code', ''))} is not a code id of the codebook"
    if decision and decision not in DECISIONS:
        return f"the decision {shown(row['decision'])} is neither apply nor reject"
    if (row["segment_id"], row["code"]) in seen:
        return f"segment {row['segment_id']} and code {row['code']} are decided twice"
    return ""


def _rows(
    path: str, limits: ZipLimits | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The adjudication's rows by line, read as merge reads coders' sheets (formulas, doubled
    headings and decisions under no heading are errors), and the cells holding formulas."""

    def read(name: str) -> bool:
        return name in ADJUDICATION_COLUMNS

    if not path.lower().endswith(".xlsx"):
        table = read_table(path, csv_cells(path, code="E523"), read=read, marks=DECISIONS)
    else:
        name, rows = read_cells(path, sheet="", code="E523", limits=limits)
        table = read_table(path, rows, read=read, marks=DECISIONS, sheet=name)
    missing = [column for column in ADJUDICATION_COLUMNS[:3] if column not in table.header]
    if missing:
        problem = f"the column(s) {', '.join(missing)} are missing"
        raise PipelineError("E504", file=path, line=1, problem=problem)
    return [(line, clean_row(row)) for line, row in table.rows], table.formulas


def by_segment(
    decisions: Sequence[Mapping[str, str]],
) -> dict[str, dict[str, frozenset[str] | None]]:
    """segment -> coder -> the coder's codes (empty: nothing applies; None: not coded)."""
    table: dict[str, dict[str, frozenset[str] | None]] = defaultdict(dict)
    for row in decisions:
        codes = frozenset(filter(None, row["codes"].split(";")))
        table[row["segment_id"]][row["coder"]] = None if row["status"] == NOT_CODED else codes
    return dict(table)


def decide(
    coded: Mapping[str, frozenset[str]],
    verdicts: Mapping[str, Verdict],
    *,
    rule: str,
) -> dict[str, tuple[tuple[str, ...], bool, str]]:
    """The final codes of one segment: code -> (coders who applied it, adjudicated, basis).

    coded (Mapping[str, frozenset[str]]): the codes of each coder who coded the segment.
    verdicts (Mapping[str, Verdict]): the team's decisions on this segment, by code.
    rule (str): 'union', 'intersection' or 'coder:NAME', for undecided disagreements.
    """
    final = {}
    candidates = sorted(set().union(*coded.values()) | set(verdicts))
    for code in candidates:
        applied = tuple(c for c in coded if code in coded[c])
        if code in verdicts:
            keep, basis = verdicts[code].decision == "apply", "adjudication"
        elif len(coded) == 1:
            keep, basis = True, "single coder"
        elif len(applied) == len(coded):
            keep, basis = True, "agreement"
        else:
            keep, basis = _rule(rule, code, coded), rule
        if keep:
            final[code] = (applied, code in verdicts, basis)
    return final


def _rule(rule: str, code: str, coded: Mapping[str, frozenset[str]]) -> bool:
    if rule == "union":
        return True
    if rule == "intersection":
        return False
    coder = rule.removeprefix("coder:")
    return code in coded.get(coder, frozenset()) if coder in coded else True


def consensus(
    *,
    decisions_path: str,
    adjudication_path: str,
    codebook_path: str,
    schema_path: str,
    segments_path: str,
    rule: str,
    coders: Sequence[str],
    outputs: Mapping[str, str],
    limits: Mapping[str, object] | None = None,
) -> int:
    """Final codes for every coded segment, and the disagreements for the meeting.

    outputs (Mapping[str, str]): paths of final (codes_final.csv), consensus
    (consensus.csv), disagreements (.xlsx) and disagreements_csv.
    limits (Mapping[str, object]): config's `limits` section.
    RETURNS (int): the number of final codes.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    segments = _segments(segments_path)
    table = by_segment(read_rows(decisions_path))
    verdicts = read_adjudication(
        adjudication_path,
        segments={k: v["interview_id"] for k, v in segments.items()},
        codes=codebook.ids,
        limits=zip_limits(limits),
    )
    per_segment: dict[str, dict[str, Verdict]] = defaultdict(dict)
    for (segment_id, code), verdict in verdicts.items():
        per_segment[segment_id][code] = verdict
    final_rows, consensus_rows = [], []
    for segment_id, segment in segments.items():
        coded = {c: codes for c, codes in table.get(segment_id, {}).items() if codes is not None}
        if not coded:
            continue
        final = decide(coded, per_segment.get(segment_id, {}), rule=rule)
        final_rows += _final_rows(segment_id, segment["interview_id"], final, codebook)
        status = CODED if final else NOTHING
        consensus_rows.append(
            [segment_id, segment["interview_id"], ";".join(coded), status, ";".join(final)]
        )
    write_rows(Path(outputs["final"]), FINAL_FIELDS, final_rows)
    write_rows(Path(outputs["consensus"]), CONSENSUS_FIELDS, consensus_rows)
    write_disagreements(table, segments, codebook, coders, verdicts, outputs)
    LOGGER.info("%d final codes on %d coded segments", len(final_rows), len(consensus_rows))
    return len(final_rows)


def _segments(path: str) -> dict[str, dict[str, str]]:
    return {row["segment_id"]: row for row in read_rows(path)}


def _final_rows(
    segment_id: str, interview_id: str, final: Mapping[str, tuple], codebook: Codebook
) -> list[list[object]]:
    rank = {code_id: n for n, code_id in enumerate(codebook.ids)}
    rows = []
    for code_id in sorted(final, key=rank.__getitem__):
        applied, adjudicated, basis = final[code_id]
        code = codebook.code(code_id)
        rows.append(
            [segment_id, interview_id, code_id, code.category, code.theme, ";".join(applied),
             "true" if adjudicated else "false", basis]
        )  # fmt: skip
    return rows


DISAGREEMENT_COLUMNS = ("segment_id", "interview", "speaker", "question", "text", "code", "label")


def disagreement_rows(
    table: Mapping[str, Mapping[str, frozenset[str] | None]],
    segments: Mapping[str, Mapping[str, str]],
    codebook: Codebook,
    coders: Sequence[str],
    verdicts: Mapping[tuple[str, str], Verdict],
) -> list[list[str]]:
    """One row per segment and code on which the coders who coded the segment differ."""
    rows = []
    for segment_id, segment in segments.items():
        coded = {c: v for c, v in table.get(segment_id, {}).items() if v is not None}
        if len(coded) < 2:
            continue
        codes = set().union(*coded.values())
        for code_id in [c for c in codebook.ids if c in codes]:
            if all(code_id in v for v in coded.values()):
                continue
            verdict = verdicts.get((segment_id, code_id))
            rows.append(
                [segment_id, segment["interview_id"], segment["speaker"], segment["question"],
                 segment["text"], code_id, codebook.code(code_id).label,
                 *[_says(coded.get(c), code_id) for c in coders],
                 verdict.decision if verdict else "", verdict.note if verdict else ""]
            )  # fmt: skip
    return rows


def _says(codes: frozenset[str] | None, code_id: str) -> str:
    if codes is None:
        return "not coded"
    return "applied" if code_id in codes else "; ".join(sorted(codes)) or "nothing applies"


def write_disagreements(
    table: Mapping,
    segments: Mapping,
    codebook: Codebook,
    coders: Sequence[str],
    verdicts: Mapping[tuple[str, str], Verdict],
    outputs: Mapping[str, str],
) -> None:
    """The consensus meeting's workbook (decision drop-down) and its CSV form."""
    columns = [*DISAGREEMENT_COLUMNS, *coders, "decision", "note"]
    rows = disagreement_rows(table, segments, codebook, coders, verdicts)
    workbook = new_workbook()
    sheet = workbook.add_worksheet("Disagreements")
    fill_table(workbook, sheet, columns, rows)
    decision = len(columns) - 2
    choice = {"validate": "list", "source": ["apply", "reject"], "show_input": False}
    sheet.data_validation(1, decision, max(len(rows), 1), decision, {**choice, "show_error": False})
    write_bytes_atomic(xlsx_bytes(workbook), Path(outputs["disagreements"]))
    write_bytes_atomic(csv_bytes(columns, rows), Path(outputs["disagreements_csv"]))
