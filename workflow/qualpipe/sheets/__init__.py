"""Coding sheets for the coders, and the codebook written out for them.

A coding sheet is an .xlsx workbook, and the same table as CSV, with one row per segment: its
id, interview, speaker, the interviewer's question, the text and the codes pre-coding
suggested, then code columns with a drop-down of the codebook's code ids, a 'nothing applies'
column, a memo and the segment's fingerprint. A row with no code and no 'x' is not coded yet;
an 'x' under nothing_applies means the coder decided that no code applies.

Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is neutralised
with a leading apostrophe in both forms (OWASP, "CSV injection"; `qualpipe.common.io` writes
every table). The merge stage reads every returned cell through `restore_cell`, which removes
it again. The workbooks are written with xlsxwriter (issue 16), the returned ones read with
openpyxl. The same inputs give byte-identical files: the document dates and the zip entries'
dates are fixed.
"""
