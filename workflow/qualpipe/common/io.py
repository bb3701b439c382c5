"""Every table the pipeline writes, as CSV or .xlsx, and reading our own CSVs back.

A spreadsheet runs a cell whose text starts with '=', '+', '-', '@', a tab or a carriage
return as a formula (OWASP, "CSV injection"): respondent text such as '=HYPERLINK(...)' would
become a link, or worse, in the researcher's Excel. Every text cell we write is neutralised
with a leading apostrophe; text that already starts with an apostrophe before such a
character (or before another apostrophe) gets one more, so that `restore_cell` is the exact
inverse. Excel where the list separator is ';' splits a CSV line at every ';', so each part
after one is neutralised too. Numbers are not text: '-0.5300' stays a number. Every reader
of our own CSVs (`read_rows`, `restored`) restores the text, so that later stages, the .qdpx
export and the Markdown and LaTeX tables show it as it was. No .xlsx cell is ever a formula:
`write_row` writes text as text, `workbook_bytes` refuses a formula in a workbook changed with
openpyxl, and a float that is not finite ('inf', 'nan') never reaches a table (`cell`,
`write_rows`, `write_row` refuse it; the table says why a value is missing instead).

Files are written atomically, and the same content gives byte-identical files. This module
imports no stage: issue 15 makes it part of a shared input/output layer.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qualpipe.errors import PipelineError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet
    from xlsxwriter.worksheet import Worksheet as XlsxSheet

# OWASP's list of characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Excel where the list separator is ';' (Swedish, German, French ...) opens a CSV file split
# at every ';', quoted cells or not: the text after a ';' starts a cell there.
SEPARATOR = ";"
_STARTS = (*FORMULA_STARTS, QUOTE)
# A number as we write one ('-0.5300', '-3', '1.2e-05'): a spreadsheet reads it as a number.
_NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# The earliest date a zip entry can hold; stands in for 'now' so that re-runs are identical.
FIXED_TIME = datetime(1980, 1, 1)
# The workbook's extended properties, written by us: openpyxl names itself and a vendor
# ('Microsoft Excel Compatible / Openpyxl'), words that are no part of the study (#13).
APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>qualpipe</Application></Properties>'
)
# The document properties of every workbook the pipeline writes: 'qualpipe', fixed dates and
# nothing else (xlsxwriter would add a lastModifiedBy).
_W3CDTF = b' xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:'
CORE_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>qualpipe</dc:creator>'
    b"<dcterms:created" + _W3CDTF + b"created><dcterms:modified" + _W3CDTF + b"modified>"
    b"</cp:coreProperties>"
)


# ---------------------------------------------------------------- cells


def neutralise_cell(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (OWASP).

    Text that starts with an apostrophe before such a character or another apostrophe is
    prefixed too, so that `restore_cell` is the exact inverse. A number ('-0.53') is left
    as it is: a spreadsheet reads it as a number, not a formula. Each part after a ';' is
    treated as a cell of its own (SEPARATOR).
    text (str): a cell's text.
    RETURNS (str): the text safe to write to .xlsx or .csv.
    """
    if SEPARATOR not in text:  # the common case, in one step (#14: 3 million cells a study)
        return _neutralise_part(text)
    return SEPARATOR.join(map(_neutralise_part, text.split(SEPARATOR)))


def restore_cell(text: str) -> str:
    """Undo `neutralise_cell`; every reader of our tables and of returned sheets uses it.

    text (str): a cell's text as written by `neutralise_cell` (or a coder's spreadsheet).
    RETURNS (str): the text as it was before it was neutralised.
    """
    if SEPARATOR not in text:
        return text[1:] if _quoted(text) else text
    return SEPARATOR.join(part[1:] if _quoted(part) else part for part in text.split(SEPARATOR))


def is_unsafe(value: object) -> bool:
    """Whether a cell as written would run as a formula: text (or a part of it after a ';')
    that starts with a formula character and is not a number (what `neutralise_cell`
    prevents)."""
    return any(map(_formula, str(value).split(SEPARATOR)))


def _neutralise_part(text: str) -> str:
    if not text.startswith(_STARTS):
        return text
    return QUOTE + text if _formula(text) or _quoted(text) else text


def _formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def _quoted(text: str) -> bool:
    return text.startswith(QUOTE) and text[1:].startswith((*FORMULA_STARTS, QUOTE))


def cell(value: object) -> str:
    """A value as a table cell: a float with four decimals, '' for a missing one (None or
    NaN), anything else (counts, ids, text) as written.

    An infinite float is refused (ValueError): a spreadsheet shows 'inf' as #NAME?, so the
    caller writes '' and says why in the table's note.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        _check_finite(value)
        return f"{value:.4f}"
    return str(value)


def _check_finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{value} is no table cell: write '' and a note saying why")


def written(value: object) -> object:
    """A cell as the writers store it: text neutralised, numbers as numbers."""
    if isinstance(value, str):
        return neutralise_cell(value)
    if isinstance(value, float):
        _check_finite(value)
    return value


# ---------------------------------------------------------------- CSV


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table as CSV text with LF line ends, every text cell neutralised.

    header (Sequence[str]): the column names. rows (Iterable[Sequence[object]]): the cells;
    None is written as '', an int or a float as a number.
    RETURNS (str): the CSV text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # csv quotes a field with LF but not one with a lone CR, which a reader then takes for
    # the end of the row: such a row is written with every field quoted.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in (header, *rows):
        cells = [written(value) for value in row]
        has_cr = any(isinstance(value, str) and "\r" in value for value in cells)
        (quoted if has_cr else writer).writerow(cells)
    return buffer.getvalue()


def write_rows(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, private: bool = False
) -> None:
    """A CSV table with a header, neutralised, written atomically (owner-only if private)."""
    write_text_atomic(csv_text(header, rows), path, private=private)


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A table as CSV for people to open: UTF-8 with a byte-order mark so that Excel reads
    'å' (the coding sheets and the consensus meeting's table)."""
    return csv_text(columns, rows).encode("utf-8-sig")


def restored(row: Mapping[str | None, str | None]) -> dict[str, str]:
    """A row as csv.DictReader reads it, every cell restored (`restore_cell`)."""
    return {key: restore_cell(value or "") for key, value in row.items() if key is not None}


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """A CSV table we wrote, one dict per row, its text restored (`restore_cell`)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [restored(row) for row in csv.DictReader(handle)]


# ---------------------------------------------------------------- .xlsx


def write_row(
    sheet: XlsxSheet, row: int, values: Sequence[object], formats: Sequence[object]
) -> list[str]:
    """Write one row of an xlsxwriter sheet (row 0 is the first), text neutralised, numbers
    as numbers, never a formula; an empty cell keeps its format (a coder's yellow cells).

    formats (Sequence[Format]): one per value.
    RETURNS (list[str]): the cells' text as a spreadsheet shows it.
    """
    texts = []
    for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
        shown = written(value)
        if shown is None or shown == "":  # a blank, as openpyxl wrote it: reads back as None
            sheet.write_blank(row, column, None, cell_format)
        elif isinstance(shown, int | float) and not isinstance(shown, bool):
            sheet.write_number(row, column, shown, cell_format)
        else:
            sheet.write_string(row, column, str(shown), cell_format)
        texts.append("" if shown is None else str(shown))
    return texts


def append_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append one row of cells to an openpyxl worksheet, text neutralised, numbers as numbers
    (a coder's changes to a returned sheet, in the demo's coders and the tests)."""
    sheet.append([written(value) for value in values])


def formula_cells(workbook: Workbook) -> list[str]:
    """'Sheet!A1' of every cell openpyxl would write as a formula."""
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for cells in sheet.iter_rows()
        for cell in cells
        if cell.data_type == "f"
    ]


def workbook_bytes(workbook: Workbook) -> bytes:
    """An openpyxl workbook as an .xlsx file, byte-identical for the same content (fixed
    dates, fixed zip dates): a returned sheet a coder changed, in the demo's coders and the
    tests. The pipeline writes its own workbooks with `qualpipe.common.workbook`.

    A formula cell is refused (ValueError): none of our workbooks computes anything, so one
    can only come from text that was not written through `append_row` or `text_cell`.
    """
    from openpyxl.writer.excel import ExcelWriter

    formulas = formula_cells(workbook)
    if formulas:
        raise ValueError(f"formula cells in a workbook we write: {', '.join(formulas[:5])}")
    workbook.properties.creator = "qualpipe"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # Not workbook.save(): it stamps properties.modified with the current time.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip_dates(buffer.getvalue())


def fixed_zip_dates(data: bytes, *, core: bytes | None = None) -> bytes:
    """The same zip archive with every entry dated FIXED_TIME (zipfile stamps 'now'), our
    own extended properties, and `core` as docProps/core.xml when given."""
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # as Excel writes it, whatever the platform
            own = {"docProps/app.xml": APP_PROPERTIES, "docProps/core.xml": core}
            archive.writestr(entry, own.get(info.filename) or source.read(info.filename))
    return target.getvalue()


# ---------------------------------------------------------------- files


def write_text_atomic(text: str, path: Path, *, private: bool = False) -> None:
    """Write a file via a temporary file, so that no partial file is ever left.

    private (bool): the file holds real text: readable by its owner only (0600).
    """
    write_bytes_atomic(text.encode("utf-8"), path, private=private)


def write_bytes_atomic(data: bytes, path: Path, *, private: bool = False) -> None:
    """Write bytes via a temporary file in the same folder, so that no partial file is ever
    left, not even the temporary one when writing fails.

    private (bool): the file holds real text: readable by its owner only (0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    try:
        temporary.write_bytes(data)
        if private:
            temporary.chmod(0o600)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


# ---------------------------------------------------------------- checking outputs


def unsafe_cells(path: Path) -> Iterator[str]:
    """Where a CSV or .xlsx file holds a cell a spreadsheet would run as a formula, or a
    number that is not finite ('inf', 'nan'): 'file:row:column' (row 1 is the header).
    """
    if path.suffix.lower() == ".xlsx":
        yield from _unsafe_xlsx(path)
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            for column, value in enumerate(row, start=1):
                if is_unsafe(value) or value.lower() in _NOT_FINITE:
                    yield f"{path}:{number}:{column}"


_NOT_FINITE = frozenset({"inf", "-inf", "+inf", "nan", "infinity", "-infinity"})


def _unsafe_xlsx(path: Path) -> Iterator[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for item in cells:
                if item.data_type == "f" or (isinstance(item.value, str) and is_unsafe(item.value)):
                    yield f"{path}:{sheet.title}!{item.coordinate}"


def check_outputs(folders: Sequence[str | Path]) -> list[str]:
    """Every unsafe cell (`unsafe_cells`) of every CSV and .xlsx file under the folders."""
    found: list[str] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in (".csv", ".xlsx"):
                found += unsafe_cells(path)
    return found


def main(argv: Sequence[str]) -> int:
    """`python -m qualpipe.common.io FOLDER ...`: exit 1, naming each cell, when any CSV or
    .xlsx file under the folders holds a formula cell or an unescaped formula character."""
    found = check_outputs(argv)
    for where in found:
        print(f"formula or non-finite cell: {where}", file=sys.stderr)
    print(f"{len(found)} unsafe cells in {', '.join(argv)}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


def write_json_atomic(document: Mapping[str, object], path: Path, *, private: bool = False) -> None:
    """Write JSON deterministically (sorted keys), atomically; owner-only if private."""
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_text_atomic(text, path, private=private)


def yaml_line(node: object, path: Sequence[object]) -> int:
    """1-based line of the YAML node at a JSON-schema error path (the nearest that exists)."""
    for part in path:
        children = getattr(node, "value", None)
        if isinstance(part, int) and isinstance(children, list) and part < len(children):
            node = children[part]
        elif isinstance(children, list):
            pairs = [
                v
                for k, v in children
                if isinstance(k, object) and getattr(k, "value", None) == part
            ]
            if not pairs:
                break
            node = pairs[0]
        else:
            break
    return node.start_mark.line + 1  # type: ignore[attr-defined]


def utf8_text(path: Path) -> str:
    """A table's text, decoded as UTF-8 (a BOM dropped); E130 names the first line that is not."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        raise PipelineError("E130", file=path, line=line, byte=byte) from error
