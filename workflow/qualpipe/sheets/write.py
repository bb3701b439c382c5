"""Coding sheets for the coders, and the codebook written out for them.

A coding sheet is an .xlsx workbook, and the same table as CSV, with one row per segment: its
id, interview, speaker, the interviewer's question, the text and the codes pre-coding
suggested, then code columns with a drop-down of the codebook's code ids, a 'nothing applies'
column, a memo and the segment's fingerprint. A row with no code and no 'x' is not coded yet;
an 'x' under nothing_applies means the coder decided that no code applies.

Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is neutralised
with a leading apostrophe in both forms (OWASP, "CSV injection"; `qualpipe.common.io` writes
every table). The merge stage reads every returned cell through `restore_cell`, which removes
it again. The same inputs give byte-identical files: openpyxl's document dates and the zip
entries' dates are fixed.
"""

from __future__ import annotations

import csv
import json
import logging
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualpipe.codebook import Code, Codebook, load_codebook
from qualpipe.common.io import (
    append_row,
    csv_bytes,
    restored,
    text_cell,
    workbook_bytes,
    write_bytes_atomic,
)
from qualpipe.common.plan import sheet_names
from qualpipe.common.records import NOTHING_APPLIES, sheet_columns
from qualpipe.errors import PipelineError, WarningLog, raise_all

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LOGGER = logging.getLogger("qualpipe")

SEGMENT_COLUMNS = ("segment_id", "interview_id", "speaker", "question", "text", "fingerprint")
SUGGESTION_COLUMNS = ("segment_id", "code", "negated")
CODEBOOK_SHEET_COLUMNS = ("theme", "category", "code", "label", "description", "examples")
CODEBOOK_COLUMNS = (
    *CODEBOOK_SHEET_COLUMNS,
    *("keywords", "patterns", "regex", "exclude", "opposes"),
)
WIDTHS = {
    "segment_id": 22,
    "interview": 11,
    "speaker": 18,
    "question": 40,
    "text": 80,
    "suggested": 24,
    "nothing_applies": 15,
    "memo": 30,
    "fingerprint": 14,
    "theme": 18,
    "category": 22,
    "code": 22,
    "label": 24,
    "description": 60,
    "examples": 60,
    "keywords": 40,
    "patterns": 40,
    "regex": 24,
    "exclude": 24,
    "opposes": 18,
}
CODE_WIDTH = 18  # widened to the longest code id, up to MAX_CODE_WIDTH
MAX_CODE_WIDTH = 24
FONT = "Calibri"
HEADER_FILL = "305496"
ENTRY_FILL = "FFF2CC"  # the cells a coder fills in
FIXED_FILL = "EDEDED"  # the cells that link codes to segments: do not edit
FIXED_FONT = "7F7F7F"
LINE_HEIGHT = 15  # points per line of 11-point Calibri
CHARS_PER_WIDTH = 1.25  # average characters of text per unit of column width


@dataclass(frozen=True)
class Suggestion:
    """One code that pre-coding suggested for a segment.

    code (str): the code id. negated (bool): every match was in the scope of a negation.
    """

    code: str
    negated: bool


def read_table(path: str, *, required: Sequence[str], stage: str) -> list[tuple[int, dict]]:
    """The rows of a CSV table with their line numbers, after checking its header.

    path (str): the table. required (Sequence[str]): columns it must have.
    stage (str): the stage that writes it, named in the error message.
    RETURNS (list[tuple[int, dict]]): (line number, row) in file order.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise PipelineError("E402", file=path, columns=", ".join(missing), stage=stage)
        return [(reader.line_num, restored(row)) for row in reader]


def read_segments(path: str, *, interviews: Collection[str] = ()) -> list[dict[str, str]]:
    """Read segments.csv; every segment_id must be unique.

    path (str): results/segments/segments.csv.
    interviews (Collection[str]): when given, every segment's interview must be one of them.
    RETURNS (list[dict[str, str]]): the rows in transcript order.
    """
    rows = read_table(path, required=SEGMENT_COLUMNS, stage="segment")
    errors: list[PipelineError] = []
    first: dict[str, int] = {}
    for line, row in rows:
        segment_id = row["segment_id"]
        if segment_id in first:
            errors.append(
                PipelineError(
                    "E405", file=path, row=line, value=segment_id, first_row=first[segment_id]
                )
            )
        first.setdefault(segment_id, line)
        if interviews and row["interview_id"] not in interviews:
            errors.append(PipelineError("E406", file=path, row=line, value=row["interview_id"]))
    raise_all(errors)
    return [row for _, row in rows]


def read_suggestions(
    path: str, *, codebook: Codebook, segments_path: str, segment_ids: Collection[str]
) -> dict[str, list[Suggestion]]:
    """Read suggestions.csv; every code must be in the codebook, every segment known.

    path (str): results/precode/suggestions.csv. codebook (Codebook): the current codebook.
    segments_path (str): segments.csv, named in errors. segment_ids: its segment ids.
    RETURNS (dict[str, list[Suggestion]]): by segment id, each list in codebook order.
    """
    order = {code_id: number for number, code_id in enumerate(codebook.ids)}
    found: dict[str, list[Suggestion]] = {}
    errors = []
    for line, row in read_table(path, required=SUGGESTION_COLUMNS, stage="precode"):
        where = {"file": path, "row": line}
        if row["code"] not in order:
            errors.append(PipelineError("E403", value=row["code"], codebook=codebook.file, **where))
        elif row["segment_id"] not in segment_ids:
            errors.append(
                PipelineError("E404", value=row["segment_id"], segments=segments_path, **where)
            )
        else:
            negated = row["negated"].strip().lower() == "true"
            found.setdefault(row["segment_id"], []).append(Suggestion(row["code"], negated))
    raise_all(errors)
    return {key: sorted(items, key=lambda s: order[s.code]) for key, items in found.items()}


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
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    by_interview = sheets == "interview"
    segments = read_segments(segments_path, interviews=set(interviews) if by_interview else ())
    suggestions = read_suggestions(
        suggestions_path,
        codebook=codebook,
        segments_path=segments_path,
        segment_ids={segment["segment_id"] for segment in segments},
    )
    _warn_overflow(suggestions, code_columns=code_columns, prefill=prefill, file=suggestions_path)
    options = {"code_columns": code_columns, "prefill": prefill}
    rows = [sheet_row(s, suggestions.get(s["segment_id"], []), **options) for s in segments]
    names = sheet_names(coder, sheets=sheets, interviews=interviews)
    groups = _group(rows, names=names, by_interview=by_interview)
    howto = instructions(coder=coder, return_dir=f"{coding_dir}/{coder}", **options)
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
    write_bytes_atomic(workbook_bytes(workbook), xlsx)
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


def coding_workbook(
    rows: Sequence[Sequence[str]], codebook: Codebook, *, code_columns: int, howto: Sequence[str]
) -> Workbook:
    """The workbook of a coding sheet: 'Coding', 'Codebook' and 'How to code'.

    rows (Sequence[Sequence[str]]): rows from `sheet_row`. codebook (Codebook): its codes
    fill the drop-downs. code_columns (int): as in the rows. howto: `instructions`.
    RETURNS (Workbook): ready for `workbook_bytes`.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coding"
    columns = sheet_columns(code_columns)
    fill_table(sheet, columns, rows, code_width=code_width(codebook))
    style_coding_sheet(sheet, columns)
    add_dropdowns(sheet, columns, codes=len(codebook.codes))
    codes = workbook.create_sheet("Codebook")
    width = len(CODEBOOK_SHEET_COLUMNS)  # the first columns of codebook.xlsx
    fill_table(codes, CODEBOOK_SHEET_COLUMNS, [codebook_row(c)[:width] for c in codebook.codes])
    fill_howto(workbook.create_sheet("How to code"), howto)
    return workbook


def codebook_row(code: Code) -> list[str]:
    """One code as a row of CODEBOOK_COLUMNS."""
    patterns = [json.dumps(pattern, ensure_ascii=False) for pattern in code.patterns]
    return [
        code.theme_label,
        code.category_label,
        code.id,
        code.label,
        code.description,
        "\n".join(f"• {example}" for example in code.examples),
        "; ".join(code.keywords),
        "\n".join(patterns),
        "\n".join(code.regex),
        "; ".join(code.exclude),
        code.opposes,
    ]


def code_width(codebook: Codebook) -> int:
    """The width of a code column: the longest code id fits on one line, up to a limit."""
    longest = max((len(code_id) for code_id in codebook.ids), default=0)
    return min(max(longest + 2, CODE_WIDTH), MAX_CODE_WIDTH)


def fill_table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    code_width: int = CODE_WIDTH,
) -> None:
    """Write a header and rows, neutralised, formatted as a readable, printable table.

    sheet (Worksheet): an empty sheet. columns (Sequence[str]): the header.
    rows (Sequence[Sequence[str]]): the cells. code_width (int): width of code_* columns.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    append_row(sheet, columns)
    for row in rows:
        append_row(sheet, row)
    widths = [WIDTHS.get(column, code_width) for column in columns]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for cell in sheet[1]:
        cell.font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap_rows(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    set_print_setup(sheet)


def wrap_rows(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Wrap the text of every row below the header and make the row tall enough for it."""
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap
        values = [str(cell.value or "") for cell in cells]
        sheet.row_dimensions[cells[0].row].height = row_height(values, widths)


def row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    """Points for a row of wrapped text: spreadsheets do not all fit row heights on opening."""
    lines = max(wrapped_lines(value, width) for value, width in zip(values, widths, strict=False))
    return min(lines, 27) * LINE_HEIGHT  # Excel's limit is 409 points


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a cell's text takes when wrapped at word boundaries."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))


def set_print_setup(sheet: Worksheet) -> None:
    """Landscape A4, all columns on one page width, the header row on every page."""
    from openpyxl.worksheet.page import PageMargins

    sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.4, bottom=0.5)
    sheet.oddFooter.center.text = "&A, page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def style_coding_sheet(sheet: Worksheet, columns: Sequence[str]) -> None:
    """Mark the cells to fill in (yellow) and the link cells not to edit (grey)."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    entry, fixed = (
        PatternFill("solid", fgColor=ENTRY_FILL),
        PatternFill("solid", fgColor=FIXED_FILL),
    )
    grey = Font(name=FONT, size=11, color=FIXED_FONT)
    for cells in sheet.iter_rows(min_row=2):
        for column, cell in zip(columns, cells, strict=True):
            if column.startswith("code_") or column in ("nothing_applies", "memo"):
                cell.fill = entry
            elif column in ("segment_id", "fingerprint"):
                cell.fill, cell.font = fixed, grey
    sheet.freeze_panes = "C2"  # the header and the segment's id and interview stay in view
    sheet.print_area = f"A1:{get_column_letter(len(columns) - 1)}{sheet.max_row}"  # no fingerprint


def add_dropdowns(sheet: Worksheet, columns: Sequence[str], *, codes: int) -> None:
    """Drop-downs: code ids from sheet 'Codebook' (a range: inline lists stop at 255
    characters) in the code columns, and 'x' under nothing_applies."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last_row = max(sheet.max_row, 2)
    letters = {column: get_column_letter(n) for n, column in enumerate(columns, start=1)}
    code_letters = [letters[c] for c in columns if c.startswith("code_")]
    choices = {
        f"{code_letters[0]}2:{code_letters[-1]}{last_row}": f"Codebook!$C$2:$C${codes + 1}",
        f"{letters['nothing_applies']}2:{letters['nothing_applies']}{last_row}": (
            f'"{NOTHING_APPLIES}"'
        ),
    }
    for cells, formula in choices.items():
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not in the list",
            error="Choose from the drop-down (code ids are on sheet 'Codebook').",
        )
        validation.add(cells)
        sheet.add_data_validation(validation)


def fill_howto(sheet: Worksheet, lines: Sequence[str]) -> None:
    """The 'How to code' sheet: a title and one instruction per row."""
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 100
    for number, line in enumerate(lines, start=1):
        cell = text_cell(sheet, row=number, column=1, text=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = row_height([line], [100]) + 4
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    set_print_setup(sheet)


def codebook_markdown(codebook: Codebook) -> str:
    """The codebook for coders: headings per theme and category, each code in full."""
    lines = [
        "# Codebook",
        "",
        f"{len(codebook.codes)} codes. Enter the code ids in the sheets.",
        "",
    ]
    for theme in codebook.themes:
        lines += [f"## {theme.label} (`{theme.id}`)", "", *_paragraph(theme.description)]
        for category in (c for c in codebook.categories if c.parent == theme.id):
            lines += [f"### {category.label} (`{category.id}`)", ""]
            lines += _paragraph(category.description)
            for code in (c for c in codebook.codes if c.category == category.id):
                lines += code_markdown(code)
    return "\n".join(lines).rstrip("\n") + "\n"


def _paragraph(text: str) -> list[str]:
    return [text.strip(), ""] if text.strip() else []


def code_markdown(code: Code) -> list[str]:
    """One code's section of codebook.md."""
    lines = [f"#### {code.label} (`{code.id}`)", "", code.description, ""]
    if code.keywords:
        lines += ["Keywords: " + ", ".join(f"`{k}`" for k in code.keywords), ""]
    if code.opposes:
        lines += [f"Opposes: `{code.opposes}`", ""]
    if code.examples:
        lines += ["Examples:", ""] + [f"> {example}\n" for example in code.examples]
    return lines


def codebook_workbook(codebook: Codebook) -> Workbook:
    """codebook.xlsx: one row per code with everything that defines it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Codebook"
    fill_table(sheet, CODEBOOK_COLUMNS, [codebook_row(code) for code in codebook.codes])
    sheet.freeze_panes = "D2"  # the header and theme, category, code stay in view
    return workbook


def write_codebook(
    *, codebook_path: str, schema_path: str, markdown_path: str, xlsx_path: str
) -> None:
    """Write the codebook for coders as Markdown and as a workbook.

    codebook_path, schema_path (str): data/codebook.yaml and its schema.
    markdown_path, xlsx_path (str): results/codebook/codebook.md and .xlsx.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    write_bytes_atomic(codebook_markdown(codebook).encode("utf-8"), Path(markdown_path))
    write_bytes_atomic(workbook_bytes(codebook_workbook(codebook)), Path(xlsx_path))
    LOGGER.info("codebook: %d codes written for coders", len(codebook.codes))
