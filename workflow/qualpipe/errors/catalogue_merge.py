"""The catalogue's errors and warnings of merging the coders' work (E5xx, W5xx): returned sheets,
REFI-QDA projects, the adjudication table; and W506, the workflow's summary of a run that
stopped without a message."""


class MergeErrors:
    # E5xx: merging the coders' work
    E501 = (
        "{file}: row {row}: {value} is not a code id of the codebook; {hint} (ids are on "
        "the sheet 'Codebook')."
    )
    E502 = (
        "{file}: row {row}: segment {value} appears twice (first on row {first}); delete one "
        "of the rows, keeping the codes you mean."
    )
    E503 = (
        "{file}: {count} segment row(s) of the exported sheet are missing (first: {value}); "
        "copy them back from results/coding/sheets/ (leave them blank if not coded yet)."
    )
    E504 = (
        "{file}: line {line}: {problem}; fix the row (columns: segment_id, code, decision "
        "apply or reject, note)."
    )
    E505 = (
        "{file}: a folder of coder '{value}', who is not in config.yaml coding.coders; add "
        "the coder there or move the folder out of the coding folder."
    )
    E506 = "{file}: cannot be read as a coding sheet: {problem}; return the sheet as exported."
    E507 = (
        "{file}: row {row}: nothing_applies holds {value}; write x (no code fits) or leave "
        "it empty."
    )
    E508 = (
        "{file}: row {row}: both codes ({codes}) and nothing_applies are marked; clear one of them."
    )
    E509 = (
        "{file}: not a REFI-QDA project: {problem}; export the project again from your QDA "
        "program as a REFI-QDA project (.qdpx)."
    )
    E510 = (
        "{file}: line {line}: the project does not follow the REFI-QDA schema ({problem}); "
        "export it again as REFI-QDA, and report the QDA program and file if it persists."
    )
    E511 = (
        "{file}: codings use the code {value} (GUID {guid}), which is not in the codebook by "
        "GUID, name or id; {hint}."
    )
    E512 = (
        "{file}: {count} coding(s) use '{value}', a {kind} of the codebook, which is not "
        "codable; code those selections with one of its codes ({codes})."
    )
    E513 = (
        "{file}: holds codings by several users ({users}); return one coder's work per "
        "folder: export each coder's project into data/coding/<coder>/."
    )
    E514 = (
        "{file}: source {source} (interview {interview}): the selection {start}-{end} does "
        "not fit in the text ({length} {unit}); export the project again, and report the QDA "
        "program if it persists."
    )
    E515 = (
        "{file}: source {source}: its text cannot be read ({problem}); export the project "
        "again with its sources (inside the .qdpx, or in sources/ next to the .qde)."
    )
    E526 = (
        "{file}: row {row}: the code '{value}' stands in a column whose heading is not one the "
        "merge reads (code_1, code_2, ...), so it would be lost; give that column its heading "
        "as exported, or move the code into a code column."
    )
    E527 = (
        "{file}: row {row}: segment '{value}' is also in {other} (row {first}), decided "
        "differently; return each segment once: delete the other file (or its row) from the "
        "coder's folder."
    )
    E516 = (
        "{file}: line {line}: the project declares {what}, which qualpipe never loads (a "
        "REFI-QDA project needs none, and a hostile one uses it to read other files); export "
        "the project again from your QDA program."
    )
    # E519-E523: a returned workbook's cells are read as typed, never changed silently.
    E519 = (
        "{file}: {where} holds a formula saved without its value (by a program that does not "
        "calculate), so what it decides cannot be read; type the value instead of the formula."
    )
    E520 = (
        "{file}: {where} holds a formula that failed ({value}); type the value instead of the "
        "formula."
    )
    E521 = (
        "{file}: {where} and {other} head two columns with the same name, so one of them would "
        "not be read; rename one (e.g. the next free code_N) or delete it."
    )
    E522 = (
        "{file}: {where} holds a code or decision under no column heading, where it is not "
        "read; move it into a code column, nothing_applies or decision, or clear it."
    )
    E523 = (
        "{file}: cannot be read as the adjudication table: {problem}; save it again from Excel "
        "or LibreOffice as .xlsx or as CSV UTF-8."
    )


class MergeWarnings:
    W501 = (
        "{file}: {count} row(s) were re-mapped by their text to segments whose ids changed "
        "since the sheet was exported; the coder's decisions are kept."
    )
    W502 = (
        "{file}: {count} row(s) match no current segment unambiguously; they are listed in "
        "{review} for a person to place (nothing was dropped)."
    )
    W503 = (
        "{file}: source {source} is neither named after an interview nor holds the text of "
        "one; its {count} coded selection(s) are listed in {review}: name the source after its "
        "interview id."
    )
    W504 = (
        "{file}: source {source}: its text differs from results/anonymised/{interview}.txt "
        "from position {position} on; selections were kept where their text still is, moved "
        "where it occurs once, else listed in {review}."
    )
    W505 = (
        "{file}: {count} cell(s) read hold formulas (first: {where}); the values saved with "
        "them, as the spreadsheet showed them, were read: check them, or type the values "
        "instead of the formulas."
    )
    # W506: the workflow's onerror summary when no job left a catalogued line (README, "When a
    # run is interrupted"); Snakemake calls onerror only once jobs ran, so a lock or incomplete
    # files, refused before any job, are told by Snakemake's own message.
    W506 = (
        "{file}: the run stopped without a message of qualpipe's: a job was interrupted or killed "
        "(Ctrl-C, out of memory) or failed on a bug (its log, named above, then ends in a "
        "traceback: please report it). Run snakemake again: it redoes only the jobs whose "
        "outputs are missing or incomplete, with the same results."
    )
