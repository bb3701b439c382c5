"""One coder's coding sheets: a row per segment with its suggestions, as .xlsx and .csv."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import csv_bytes, write_bytes_atomic
from qualpipe.common.plan import sheet_names
from qualpipe.common.records import NOTHING_APPLIES, sheet_columns
from qualpipe.common.workbook import xlsx_bytes
from qualpipe.errors import WarningLog
from qualpipe.sheets.inputs import Suggestion, read_segments, read_suggestions
from qualpipe.sheets.workbook import coding_workbook

LOGGER = logging.getLogger("qualpipe")


def suggestion_text(suggestions: Sequence[Suggestion]) -> str:
    """The 'suggested' cell, e.g. 'workload; performance_measures (negated)'."""
    return "; ".join(f"{s.code} (negated)" if s.negated else s.code for s in suggestions)


def prefilled_codes(suggestions: Sequence[Suggestion], *, code_columns: int) -> list[str]:
    """The code columns of a pre-filled row: the suggestions that are not negated.

    A negated match ('no quotas here') is no evidence for its code, so it stays a hint in
    'suggested' rather than a code the coder must remember to delete.
    """
    codes = [s.code for s in suggestions if not s.negated][:code_columns]
    return codes + [""] * (code_columns - len(codes))


def sheet_row(
    segment: Mapping[str, str],
    suggestions: Sequence[Suggestion],
    *,
    code_columns: int,
    prefill: bool,
) -> list[str]:
    """One row of a coding sheet, in the order of `sheet_columns`."""
    codes = prefilled_codes(suggestions if prefill else (), code_columns=code_columns)
    context = [segment[key] for key in ("segment_id", "interview_id", "speaker", "question")]
    suggested = suggestion_text(suggestions)
    return [*context, segment["text"], suggested, *codes, "", "", segment["fingerprint"]]


def count_overflow(suggestions: Mapping[str, Sequence[Suggestion]], *, code_columns: int) -> int:
    """How many segments have more codes to pre-fill than there are code columns."""
    return sum(
        1 for items in suggestions.values() if sum(not s.negated for s in items) > code_columns
    )


def instructions(*, coder: str, code_columns: int, prefill: bool, return_dir: str) -> list[str]:
    """The lines of the 'How to code' sheet."""
    start = (
        "The code columns start with the suggestions that were not negated: delete what does "
        "not apply, add what is missing."
        if prefill
        else "The code columns start empty: code independently, the suggestions are hints."
    )
    return [
        f"How to code (sheet for {coder})",
        "Each row of sheet 'Coding' is one segment of a respondent's answer; 'question' is "
        "what the interviewer asked just before, for context.",
        f"Enter up to {code_columns} codes per row in code_1 ... code_{code_columns}, chosen "
        "from the drop-down. The codes are explained on sheet 'Codebook'; their order does "
        "not matter.",
        "'suggested' lists the codes the keyword search proposed; '(negated)' means every "
        f"matching word was negated ('no', 'not', 'never'). {start}",
        f"No code applies: put {NOTHING_APPLIES} in 'nothing_applies'. A row with no code "
        f"and no {NOTHING_APPLIES} counts as not coded yet.",
        "'memo' is for your notes: doubts, an idea for a new code, a quote worth keeping.",
        "Do not edit segment_id or fingerprint (grey), nor the text: they link your codes to "
        "the segment. Sorting and filtering rows is fine; do not delete or add rows.",
        "A cell that begins with an apostrophe before = + - or @ is protected from being run "
        "as a formula; leave the apostrophe, it is removed when your codes are read.",
        f"When done, save the file under the same name (as .xlsx, or as .csv in UTF-8) in "
        f"{return_dir}/ of the study folder and run snakemake again.",
    ]


def write_coding_sheets(
    *,
    segments_path: str,
    suggestions_path: str,
    codebook_path: str,
    schema_path: str,
    coder: str,
    output_dir: str,
    sheets: str,
    interviews: Sequence[str],
    code_columns: int,
    prefill: bool,
    coding_dir: str,
) -> list[str]:
    """Write one coder's coding sheets, .xlsx and .csv, for the study or per interview.

    segments_path, suggestions_path (str): the segment and pre-coding tables.
    codebook_path, schema_path (str): data/codebook.yaml and its schema.
    coder (str): the coder. output_dir (str): results/coding/sheets/<coder>.
    sheets (str): 'study' or 'interview'. interviews (Sequence[str]): the interview ids.
    code_columns (int), prefill (bool): config coding.code_columns and coding.prefill.
    coding_dir (str): where coders return sheets (config data.coding_dir).
    RETURNS (list[str]): the paths written.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
    by_interview = sheets == "interview"
    segments = read_segments(segments_path, interviews=set(interviews) if by_interview else ())
    suggestions = read_suggestions(
        suggestions_path,
        codebook=codebook,
        segments_path=segments_path,
        segment_ids={segment["segment_id"] for segment in segments},
    )
    _warn_overflow(suggestions, code_columns=code_columns, prefill=prefill, file=suggestions_path)
    rows = [
        sheet_row(
            s, suggestions.get(s["segment_id"], []), code_columns=code_columns, prefill=prefill
        )
        for s in segments
    ]
    names = sheet_names(coder, sheets=sheets, interviews=interviews)
    groups = _group(rows, names=names, by_interview=by_interview)
    howto = instructions(
        coder=coder, code_columns=code_columns, prefill=prefill, return_dir=f"{coding_dir}/{coder}"
    )
    written = []
    for name, group in groups.items():
        stem = Path(output_dir) / name
        written += write_sheet(group, codebook, stem=stem, code_columns=code_columns, howto=howto)
    LOGGER.info("%d segments in %d sheet(s) for coder %s", len(rows), len(groups), coder)
    return written


def write_sheet(
    rows: Sequence[Sequence[str]],
    codebook: Codebook,
    *,
    stem: Path,
    code_columns: int,
    howto: Sequence[str],
) -> list[str]:
    """Write one coding sheet as <stem>.xlsx and <stem>.csv; RETURNS (list[str]) both paths."""
    xlsx, table = stem.with_name(f"{stem.name}.xlsx"), stem.with_name(f"{stem.name}.csv")
    workbook = coding_workbook(rows, codebook, code_columns=code_columns, howto=howto)
    write_bytes_atomic(xlsx_bytes(workbook), xlsx)
    write_bytes_atomic(csv_bytes(sheet_columns(code_columns), rows), table)
    return [str(xlsx), str(table)]


def _warn_overflow(
    suggestions: Mapping[str, Sequence[Suggestion]], *, code_columns: int, prefill: bool, file: str
) -> None:
    count = count_overflow(suggestions, code_columns=code_columns) if prefill else 0
    if count:
        warnings = WarningLog()
        warnings.add("W401", file=file, count=count, columns=code_columns)
        warnings.emit()


def _group(
    rows: Sequence[list[str]], *, names: Sequence[str], by_interview: bool
) -> dict[str, list[list[str]]]:
    """Rows by sheet name; an interview without segments still gets its (empty) sheet."""
    groups: dict[str, list[list[str]]] = {name: [] for name in names}
    for row in rows:
        groups[row[1] if by_interview else names[0]].append(row)
    return groups
