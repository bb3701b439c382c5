"""The one catalogue of user-facing errors and warnings.

Every message is one line: where (file, row or line, column), what is wrong, the value
found, and what to do. Codes are grouped by stage and never renumbered; a retired code
stays in the catalogue, marked as such.
"""

from __future__ import annotations

import logging
import re
import string
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import PurePosixPath

LOGGER = logging.getLogger("qualpipe")


class Errors:
    # E0xx: configuration and the study's data contract
    E001 = (
        "{file}: row {row}, column '{column}': {problem} (found {value}); "
        "allowed: {allowed}. Fix the row or declare the value in config.yaml."
    )
    E002 = (
        "{file}: missing column(s) {columns}; the header must name interview_id, file, "
        "participant, role, site, wave, date, mode, interviewer (docs/data-contract.md)."
    )
    E003 = (
        "{file}: row {row}, column 'interview_id': '{value}' is used again (first on row "
        "{first_row}); give every interview its own id."
    )
    # A file's name is often its participant's ('Anna_Svensson.docx'): E004-E013 give the
    # row, never the name; E006, which has no row, a redacted form (errors.shown_file).
    E004 = (
        "{file}: row {row}, column 'file': a file listed there does not exist in {raw_dir}; "
        "correct the name or add the transcript."
    )
    E005 = (
        "{file}: row {row}, column 'file': a path listed there is empty or points outside "
        "{raw_dir}; give a path relative to {raw_dir} without '..' or a leading '/'."
    )
    E006 = (
        "{raw_dir}: the transcript {value} (in name order the file number {number} there) is "
        "not listed in {file}; add a row for it or move it out of {raw_dir}."
    )
    E007 = "{file}: not found; create it (docs/data-contract.md shows the columns)."
    E008 = (
        "{file}: row {row}, column 'file': a file listed there is listed again (first on row "
        "{first_row}); one transcript belongs to one interview."
    )
    E009 = "{file}: has a header but no interviews; add one row per interview."
    E010 = (
        "{file}: row {row}, column 'file': a file listed there has the unsupported type {suffix}; "
        "convert it to one of {allowed}."
    )
    E011 = "{file}: {problem}; fix config.yaml (the schema in {schema} lists every key)."
    E012 = "{file}: row {row}: {problem}; check for a stray comma or quote on that row."
    E013 = (
        "{file}: row {row}, column 'file': the files listed there mix TextGrids with other types; "
        "list either TextGrids (one per speaker, interleaved by time) or files of one "
        "interview in order, not both."
    )
    # Zip archives (.docx, .xlsx, .qdpx), checked before anything in them is decompressed
    # (qualpipe.common.archive, issue 14): a zip bomb is refused in seconds, not after gigabytes.
    E014 = (
        "{file}: expands to {found} MB when unzipped, more than limits.zip_expanded_mb allows "
        "({limit} MB); if the file is what you expect, raise limits.zip_expanded_mb in "
        "config.yaml, else save it again from the program that made it."
    )
    E015 = (
        "{file}: the zip archive holds {found} files, more than limits.zip_members allows "
        "({limit}); if the file is what you expect, raise limits.zip_members in config.yaml, "
        "else save it again from the program that made it."
    )
    E016 = (
        "{file}: expands to {found} times its compressed size, more than limits.zip_ratio "
        "allows ({limit}), as a zip bomb does; if the file is what you expect, raise "
        "limits.zip_ratio in config.yaml, else save it again from the program that made it."
    )
    E017 = (
        "{file}: row {row}, column 'file': the file is a link to a file outside {raw_dir}, "
        "which is never followed; copy the transcript itself into {raw_dir}."
    )
    E018 = (
        "{file}: the values are separated by {delimiter}, not by commas; save the sheet as "
        "comma-separated values (CSV UTF-8 in Excel, or choose ',' as the separator)."
    )
    E019 = (
        "{file}: {problem}; config.yaml must be a YAML mapping of sections (study:, roles:, "
        "waves:, sites:, ...): start from the one `make study` writes (README, 'Your own "
        "study') or from the demo's."
    )

    # E02x: starting a study (qualpipe.scaffold.study) and the study's settings against its data
    E020 = (
        "{file}: already exists; the scaffold never writes into an existing folder: name a "
        "new one (or adapt that study's config.yaml by hand)."
    )
    E021 = (
        "{file}: row {row}, column 'role': {value} cannot be a role key of config.yaml; "
        "write roles in lower case with letters, digits and '_' (e.g. unit_manager)."
    )
    E022 = (
        "{file}: not a folder; give --transcripts the folder that holds the files "
        "participants.csv lists in its 'file' column."
    )
    E023 = (
        "{file}: compare.comparisons '{comparison}': no interview{scope} has {variable} "
        "'{value}'; values with interviews: {allowed}. Fix the value or delete the comparison."
    )
    E024 = (
        "{file}: compare.comparisons '{comparison}': '{variable}' is no attribute of the "
        "interviews; use group, role, wave, site, mode or a column of {participants}."
    )
    E025 = (
        "{file}: compare.comparisons '{comparison}': panel '{panel}' {problem}; a panel "
        "compares two values of one person's interviews (e.g. two waves, panel: person_id)."
    )
    E026 = (
        "{file}: merge.development lists '{value}', which is no interview_id of "
        "{participants}; fix the id or delete it."
    )
    E027 = (
        "{file}: anonymise.site_labels labels the site '{value}', which no row of "
        "{participants} has (sites: {allowed}); delete the entry or fix the site's name."
    )

    # E03x: the languages of the interviews and their spaCy pipelines
    E030 = (
        "{file}: row {row}, column 'language': {value} is not the ISO 639-1 code of a "
        "language spaCy supports; write a two-letter code such as en, sv or fr, or leave the "
        "cell empty to have the interview's language detected."
    )
    E031 = (
        "{file}: key '{key}': '{value}' is not a language qualpipe can detect and segment "
        "(an ISO 639-1 code known to lingua and spaCy, e.g. en, sv, fr); correct or remove it."
    )
    E032 = (
        "{file}: key '{key}': the spaCy pipeline '{model}' is not installed, and pipelines are "
        "never downloaded at run time; install it (`python -m pip install {model}`, or `make "
        "run` for the pipelines pinned in requirements-model.lock) or remove the key."
    )
    E033 = (
        "{file}: key '{key}': the spaCy pipeline '{model}' is for '{found}', not '{language}'; "
        "name a pipeline for '{language}' there, or list it under '{found}'."
    )

    # E1xx: ingest of transcripts
    E101 = (
        "{file}: no speaker labels found; start each turn with a label and a colon "
        "('I:', 'R:', or a name from participants.csv) or declare the labels in config.yaml."
    )
    # A label may be a misspelt real name: E102 and E110 give its line, never its text.
    E102 = (
        "{file}: line {line}: the speaker label on this line matches nobody (not repeated "
        "here: it may be a name); fix the label, add the person to participants.csv, or add "
        "it under ingest.speaker_labels in config.yaml."
    )
    E103 = "{file}: the file is empty; replace it with the transcript or remove its row."
    E104 = (
        "{file}: looks like a binary file, not a transcript ({reason}); export it as "
        ".txt, .docx, .vtt, .srt or .TextGrid."
    )
    E105 = (
        "{file}: cannot be decoded as UTF-8, UTF-16 or Windows-1252 (byte {offset}: "
        "{byte}); save it as UTF-8 and run again."
    )
    E106 = (
        "{file}: not a readable Word document ({reason}); open it in Word or LibreOffice "
        "and save it again as .docx."
    )
    E107 = (
        "{file}: line {line}: {problem}; fix the cue so that it reads "
        "'hh:mm:ss.mmm --> hh:mm:ss.mmm' followed by its text."
    )
    E108 = (
        "{file}: {count} non-blank character(s) would be lost, first at line {line}; this is "
        "a bug in qualpipe: please report it with the file."
    )
    E110 = (
        "{file}: line {line}: the speaker label on this line fits both an interviewer and a "
        "respondent (not repeated here: it is a name); write the full name in the transcript."
    )
    E109 = (
        "{file}: has speaker turns but none by a respondent; label the respondent's turns "
        "('R:' or the participant's name)."
    )
    E111 = (
        "{file}: not a readable Praat TextGrid ({reason}); open it in Praat and save it "
        "again as a text file (Save as text file or Save as short text file)."
    )
    E112 = (
        "{file}: the TextGrid has no tiers; add an interval tier per speaker in Praat, or "
        "remove the file from participants.csv."
    )
    E113 = (
        "{file}: line {line}: the tier named on this line names no speaker{also} (the name is not "
        "repeated here: it may be a person's); name the tier (or, "
        "for one tier per file, end the file name) with a speaker label, add the person to "
        "participants.csv, or add the label under ingest.speaker_labels in config.yaml."
    )
    E114 = (
        "{file}: tier {number}: {problem}; Praat cannot write such a tier: fix the "
        "interval times in Praat or in the tool that wrote the file."
    )
    E115 = (
        "{file}: line {line}: the tier named on this line is a point tier; speech is read from "
        "interval tiers, one per speaker: remove it in Praat (Remove tier) and save again."
    )
    E116 = (
        "{file}: every interval of the TextGrid is empty; transcribe the speech in it, or "
        "remove its row from participants.csv."
    )
    # Length limits (issue 14): a transcript or turn far longer than any interview's is a
    # wrong file or missing speaker labels, and would take the NLP stages' memory.
    E120 = (
        "{file}: the transcript has {found} characters, more than limits.transcript_chars "
        "allows ({limit}); check that the file is one interview's transcript, or raise "
        "limits.transcript_chars in config.yaml."
    )
    E121 = (
        "{file}: line {line}: the {what} starting on this line has {found} characters, more "
        "than limits.turn_chars allows ({limit}); check that every turn starts with its "
        "speaker label, or raise limits.turn_chars in config.yaml."
    )
    E122 = (
        "{file}: a paragraph of the Word document has more than {found} characters in one "
        "piece of text, more than a turn may have (limits.turn_chars: {limit}); split it "
        "into turns, each starting with its speaker label, and save it again."
    )

    # E13x: the study's text files besides transcripts, as any stage reads them (issue 14)
    E130 = (
        "{file}: line {line}: not UTF-8 text (byte {byte}); save the file as UTF-8 (from a "
        "spreadsheet: 'CSV UTF-8') and run again."
    )
    E131 = (
        "{file}: line {line}: holds the control character {character}, which coding sheets "
        "and REFI-QDA projects cannot hold (XML allows no C0 control but tab and line ends); "
        "delete it (an editor shows it as a box or as ^{caret}) and run again."
    )

    # E2xx: anonymisation
    E201 = (
        "{file}: line {line}: the term '{value}' is {problem}; a term must have two or more "
        "letters: write it out or delete the entry."
    )
    E202 = (
        "{file}: line {line}: never_redact lists the name of a participant or interviewer "
        "({where}; not repeated here); delete it from never_redact."
    )
    E203 = (
        "{file}: data.private_dir '{value}' lies inside results/, which is shared; choose a "
        "folder outside results/ (default data/private)."
    )
    E205 = "{file}: line {line}: {problem}; fix the entry (the schema in {schema} lists every key)."
    E204 = (
        "{file}: {count} possible real identifier(s) found by the leak audit (each with its "
        "line and context in {hits}, a private file); if a layer missed a name, add it to "
        "data/anonymisation.yaml 'redact'; if it is a word of the study, to 'never_redact'; "
        "then run again."
    )
    # The log audit runs after every run, failed or not (issue 14): a name in a log is most
    # often a transcript file named after its participant.
    E206 = (
        "{file}: {count} possible real identifier(s) in this log (each with its line and "
        "context in {hits}, a private file); if a file name holds a person's name, rename the "
        "file and its row in participants.csv; then delete the log (no job reads it) and run "
        "again; if a qualpipe message wrote the name, report it."
    )

    # E3xx: codebook, segmentation and pre-coding
    E301 = (
        "{file}: line {line}, column {column}: not valid YAML ({problem}); fix the indentation "
        "or quoting there."
    )
    E302 = "{file}: line {line}: {problem}; fix the entry (the schema in {schema} lists every key)."
    E303 = (
        "{file}: line {line}: the id '{value}' is used twice (first on line {first}); give "
        "every theme, category and code its own id."
    )
    E304 = (
        "{file}: line {line}: code '{value}' has no keywords, patterns or regex; add some, or "
        "write 'precode: false' if coders alone apply it."
    )
    E305 = (
        "{file}: line {line}: code '{value}': the regular expression '{pattern}' does not "
        "compile ({problem}); fix it (backslashes need single quotes in YAML)."
    )
    E306 = (
        "{file}: line {line}: code '{value}': a Matcher pattern is invalid ({problem}); see "
        "https://spacy.io/usage/rule-based-matching, and quote words YAML reads as true or "
        "false ('no', 'on')."
    )
    E307 = (
        "{file}: line {line}: code '{value}' opposes '{target}', which is not a code id in "
        "this codebook; fix the id or delete 'opposes'."
    )
    E308 = (
        "{file}: not found; write the codebook (data/codebook.yaml in the demo study shows "
        "the format)."
    )
    E309 = (
        "{file}: line {line}: code '{value}': the keyword '{keyword}' has no word in it; "
        "write it out or delete it."
    )

    E314 = (
        "{file}: line {line}: holds the character {character}, which YAML does not allow "
        "in a file; delete it, or write it as the escape {escape} inside double quotes."
    )
    E315 = (
        "{file}: holds no codebook (it is empty or all comments); write its themes, categories "
        "and codes (data/codebook.yaml of the demo study shows the format)."
    )

    E310 = (
        "{file}: turn {turn}: the segments do not add up to the turn's text; this is a bug: "
        "report it with the turn (nothing was written)."
    )

    # E4xx: coding sheets
    E401 = (
        "{file}: coding.coders lists '{value}' and '{other}', one name once letter case is "
        "ignored (their folders would collide on Windows and macOS); rename one of them."
    )
    E402 = (
        "{file}: missing column(s) {columns}; the {stage} stage writes them: run snakemake "
        "again so that it rewrites the file, and do not edit it by hand."
    )
    E403 = (
        "{file}: row {row}: code '{value}' is not in {codebook}; the codebook changed since "
        "pre-coding: run snakemake again so that pre-coding uses the current codebook."
    )
    E404 = (
        "{file}: row {row}: segment '{value}' is not in {segments}; the two tables come from "
        "different runs: run snakemake again so that both are rewritten."
    )
    E405 = (
        "{file}: row {row}: segment_id '{value}' is used again (first on row {first_row}); "
        "coders' codes are joined by it: run snakemake again, and report it if it persists."
    )
    E406 = (
        "{file}: row {row}: interview '{value}' is not in participants.csv, so it would be in "
        "no per-interview sheet: run snakemake again so that segmentation is redone."
    )

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


class Warnings:
    W101 = (
        "{file}: decoded as {encoding} (not UTF-8); save transcripts as UTF-8 to avoid "
        "surprises in other tools."
    )
    # A file that mixes encodings is read line by line, and mis-decoded text is repaired: both
    # are reported with their lines, never their text (issue 14).
    W105 = (
        "{file}: mixes encodings: line(s) {lines} decoded as {other}, the rest as {encoding}, "
        "each line in the encoding it is valid in; check those lines, and save the file as "
        "UTF-8 to be sure."
    )
    W106 = (
        "{file}: line(s) {lines} held text decoded with the wrong encoding once before (such "
        "as 'Ã¤' for 'ä'), now repaired; check those lines, and repair the file if a letter "
        "is still wrong."
    )
    W301 = (
        "{file}: code '{code_id}': the keyword '{keyword}' matches {count} of {total} segments; "
        "make it more specific (a phrase, or an exclusion) if its suggestions are noise."
    )
    W104 = (
        "{file}: the language looks like '{language}' with confidence {confidence} (below "
        "{threshold}), so the interview is treated as '{study_language}'; write its language "
        "in participants.csv's 'language' column to decide."
    )
    W102 = "{file}: {count} cue(s) without a speaker were joined to the previous speaker's turn."
    W202 = (
        "{file}: {what} is also a name part of the {person} of interview {interview}; where "
        "it is written as a name it is replaced. To decide, list the word in "
        "data/anonymisation.yaml under never_redact (keep it) or redact (replace it everywhere)."
    )
    W201 = (
        "{file}: row {row}: interview '{value}' has no participant name; names in its text "
        "can only be found by the pattern, gazetteer and NER layers."
    )
    W103 = (
        "{file}: contains {marks}, the trace of text decoded with the wrong encoding once "
        "before; repair the file (e.g. re-export from the transcription service)."
    )
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
    W401 = (
        "{file}: {count} segment(s) have more suggested codes than the {columns} code "
        "columns; only the first are pre-filled, all stay in 'suggested': raise "
        "coding.code_columns in config.yaml if this matters."
    )


# File types shown as they are; what else follows a file name's last dot may be a name.
FILE_TYPES = frozenset(
    ".txt .docx .doc .odt .rtf .pdf .md .html .vtt .srt .textgrid .csv .tsv .xlsx .xls .ods "  # noqa: SIM905
    ".json .xml .yaml .yml .qdpx .qde .qdc .zip .mp3 .mp4 .m4a .wav .ogg .webm".split()
)
# The form of every key of the project's schemas: such a key is shown in a schema error.
SCHEMA_KEY = re.compile(r"[a-z][a-z0-9_]*")


def shown(value: object, *, safe: Collection[str] = ()) -> str:
    """A value from the study's data as a message may show it, never a name.

    Quoted as it is when it cannot be a name: it is one of `safe` (e.g. the codebook's ids),
    has at most one character, or has no letter (a number, a date); otherwise only its first
    character and its length, since it may be a name (a shifted row puts one in any column).
    value (object): the value. safe (Collection[str]): values known not to be names.
    RETURNS (str): e.g. "'2013-13-01'" or "'A…' (13 characters)".
    """
    text = str(value)
    if text in safe or len(text) <= 1 or not any(char.isalpha() for char in text):
        return f"'{text}'"
    return f"'{text[0]}…' ({len(text)} characters)"


def shown_file(name: str, *, safe: Collection[str] = ()) -> str:
    """A file's name as a message may show it: often it is the participant's name, so only
    its first character, its type and its length.

    safe (Collection[str]): names known not to be a person's (e.g. interview ids), shown as
        they are, as is a name whose part before its type is one of them.
    RETURNS (str): e.g. "'A….docx' (18 characters)".
    """
    suffix = PurePosixPath(name).suffix
    stem = name[: len(name) - len(suffix)] if suffix else name
    if name in safe or stem in safe or len(stem) <= 1 or not any(c.isalpha() for c in stem):
        return f"'{name}'"
    return f"'{stem[0]}…{shown_suffix(suffix)}' ({len(name)} characters)"


def shown_suffix(suffix: str) -> str:
    """A file name's suffix as messages show it: a transcript type as it is, anything else
    (in 'Anna.Svensson' it is a name) redacted."""
    return suffix if suffix.lower() in FILE_TYPES or not suffix else "." + "…"


def schema_problem(error: object) -> str:
    """A JSON-schema error's message without the value it found, which may be a name (a
    speaker label in config.yaml, a term in data/anonymisation.yaml).

    error (jsonschema.ValidationError): the error.
    RETURNS (str): e.g. "the value is not of type 'array'"; an unknown key is quoted when it
        has the form of the schemas' keys (a misspelt key), else redacted by `shown`.
    """
    message = str(getattr(error, "message", ""))
    instance = getattr(error, "instance", None)
    if isinstance(instance, dict):
        for key in instance:
            if not SCHEMA_KEY.fullmatch(str(key)):
                message = message.replace(repr(key), shown(key))
    if isinstance(instance, str | int | float | list | dict) and repr(instance) in message:
        message = message.replace(repr(instance), "the value")
    return message


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class PipelineError(Exception):
    """A problem with the user's input, reported as one line per problem.

    code (str): the catalogue code, e.g. 'E101'.
    fields: the values for the message's placeholders.
    """

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        template = getattr(Errors, code)
        missing = _placeholders(template) - fields.keys()
        if missing:
            raise KeyError(f"{code} needs {sorted(missing)}")
        super().__init__(f"[{code}] {template.format(**fields)}")


class PipelineErrors(PipelineError):
    """Several user errors found by one validator, raised together."""

    def __init__(self, errors: Iterable[PipelineError]) -> None:
        self.errors = list(errors)
        self.code = self.errors[0].code
        self.fields = {}
        Exception.__init__(self, "\n".join(str(error) for error in self.errors))


def raise_all(errors: list[PipelineError]) -> None:
    """Raise the collected errors at once: one stays itself, several become a list."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise PipelineErrors(errors)


def warning_text(code: str, **fields: object) -> str:
    """Format a catalogued warning as its one-line message."""
    return f"[{code}] {getattr(Warnings, code).format(**fields)}"


class WarningLog:
    """Collects warnings so that each distinct message is emitted once, with a count."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, code: str, **fields: object) -> None:
        self.counts[warning_text(code, **fields)] += 1

    def emit(self, logger: logging.Logger = LOGGER) -> list[str]:
        lines = [
            text if count == 1 else f"{text} ({count} times)"
            for text, count in sorted(self.counts.items())
        ]
        for line in lines:
            logger.warning(line)
        return lines


# Privacy review of every placeholder (issue 14): a message reaches logs/ and .snakemake/log,
# so none may carry a name from a transcript, participants.csv (names, and file names such as
# 'Anna_Svensson.docx'), a returned sheet's free text or the anonymisation key. A placeholder
# named here means the same in every message; any other is reviewed per message in REVIEWED.
# tests/test_error_privacy.py fails on a placeholder that is in neither.
SAFE_FIELDS = {
    "file": "a study, config or results path; a transcript is ingest.transcript_labels "
    "(interview id, position, type), never its file name",
    "line": "a number",
    "lines": "line numbers",
    "row": "a number",
    "column": "a number, or a fixed participants.csv column the code names",
    "count": "a number",
    "total": "a number",
    "first": "a number",
    "first_row": "a number",
    "number": "a number",
    "offset": "a number",
    "start": "a number",
    "end": "a number",
    "length": "a number",
    "position": "a number",
    "turn": "a number",
    "confidence": "a number",
    "threshold": "a number",
    "byte": "one byte in hex",
    "guid": "a GUID in hex",
    "raw_dir": "a folder from config.yaml",
    "schema": "a schema of the workflow",
    "codebook": "the codebook's path",
    "segments": "a results path",
    "participants": "participants.csv's path",
    "review": "a private file's path",
    "hits": "a private file's path",
    "columns": "required column names, fixed by the code",
    "stage": "a stage name, fixed by the code",
    "unit": "'bytes' or 'characters'",
    "kind": "'theme' or 'category'",
    "encoding": "an encoding name",
    "interview": "an interview id, which names every output file (data contract)",
    "language": "a language code",
    "study_language": "a language code",
    "model": "a spaCy pipeline's name from config.yaml",
    "key": "a config.yaml key path",
    "code_id": "a codebook id (the team's document; ids name results columns)",
    "keyword": "a codebook keyword (the team's document)",
    "pattern": "a codebook regular expression (the team's document)",
    "target": "a codebook id named by 'opposes'",
    "limit": "a number: a limit of config.yaml's limits section",
}
_CONFIG = "config.yaml, the team's settings (compared values are attributes, in results anyway)"
_CODEBOOK = "the codebook, the team's document, or a message about it"
_FIXED = "a fixed text of the code"
_SIZE = "a size, count or ratio the code measured (a number)"
REVIEWED = {
    ("E014", "found"): _SIZE,
    ("E015", "found"): _SIZE,
    ("E016", "found"): _SIZE,
    ("E018", "delimiter"): "one of ';', tab, '|', fixed by the code",
    ("E019", "problem"): _FIXED + " (the YAML error's line and column, never its text)",
    ("E120", "found"): _SIZE,
    ("E121", "found"): _SIZE,
    ("E121", "what"): "'turn' or 'header', fixed by the code",
    ("E122", "found"): _SIZE,
    ("E131", "character"): "a code point (U+0007), of a control character",
    ("E131", "caret"): "one letter: how an editor shows that control character (^G)",
    ("E314", "character"): "a code point (U+0007), of a control character",
    ("E314", "escape"): "the YAML escape of that code point",
    ("E526", "value"): "a code id of the codebook (only a known id is reported)",
    ("E527", "value"): "a segment id of segments.csv (the row was placed on that segment)",
    ("E527", "other"): "another returned file's path in the coder's folder, like {file}",
    ("E516", "what"): "a fixed text, or the URL of an external DTD an attacker wrote",
    ("E001", "value"): "errors.shown: a participants.csv cell (a shifted row puts a name there)",
    ("E001", "problem"): _FIXED,
    ("E001", "allowed"): "values declared in config.yaml or a fixed text",
    ("E003", "value"): "an interview id (data contract: names every output file)",
    ("E006", "value"): "errors.shown_file: a file name in data/raw",
    ("E010", "suffix"): "errors.shown_suffix: a known file type, else redacted",
    ("E010", "allowed"): _FIXED,
    ("E011", "problem"): "errors.schema_problem: the value found is never quoted",
    ("E012", "problem"): "counts of values and columns",
    ("E021", "value"): "errors.shown: a participants.csv cell",
    ("E023", "allowed"): _CONFIG,
    ("E023", "comparison"): _CONFIG,
    ("E023", "scope"): _CONFIG,
    ("E023", "value"): _CONFIG,
    ("E023", "variable"): _CONFIG,
    ("E024", "comparison"): _CONFIG,
    ("E024", "variable"): _CONFIG,
    ("E025", "comparison"): _CONFIG,
    ("E025", "panel"): _CONFIG,
    ("E025", "problem"): _CONFIG,
    ("E026", "value"): _CONFIG,
    ("E027", "value"): _CONFIG,
    ("E027", "allowed"): "the site column's values: places, declared in config.yaml sites",
    ("E030", "value"): "errors.shown: a participants.csv cell",
    ("E031", "value"): _CONFIG,
    ("E033", "found"): "a language code",
    ("E104", "reason"): _FIXED,
    ("E106", "reason"): "an exception's class name",
    ("E107", "problem"): _FIXED,
    ("E111", "reason"): "praatio's fixed texts or an exception's class name",
    ("E113", "also"): _FIXED,
    ("E114", "problem"): "praatio's first line: a fixed text with times",
    ("E201", "value"): "a redact term of at most one letter or digit (only then raised)",
    ("E201", "problem"): _FIXED,
    ("E202", "where"): "the column and interview id where the name is",
    ("E203", "value"): _CONFIG,
    ("E205", "problem"): "errors.schema_problem: the value found is never quoted",
    ("E301", "problem"): _CODEBOOK,
    ("E302", "problem"): _CODEBOOK,
    ("E303", "value"): _CODEBOOK,
    ("E304", "value"): _CODEBOOK,
    ("E305", "value"): _CODEBOOK,
    ("E305", "problem"): _CODEBOOK,
    ("E306", "value"): _CODEBOOK,
    ("E306", "problem"): _CODEBOOK,
    ("E307", "value"): _CODEBOOK,
    ("E309", "value"): _CODEBOOK,
    ("E401", "value"): "coders' names in config.yaml (the team)",
    ("E401", "other"): "coders' names in config.yaml (the team)",
    ("E403", "value"): "a code id the pipeline wrote",
    ("E404", "value"): "a segment id the pipeline wrote",
    ("E405", "value"): "a segment id the pipeline wrote",
    ("E406", "value"): "an interview id the pipeline wrote",
    ("E501", "value"): "errors.shown: a returned sheet's cell",
    ("E501", "hint"): "a codebook id or a fixed text",
    ("E502", "value"): "merge.shown_segment: as it is only in the form of a segment id",
    ("E503", "value"): "a segment id of the pipeline",
    ("E504", "problem"): "ids of the pipeline and codebook; other cells through errors.shown",
    ("E505", "value"): "a folder under data/coding named for a coder (the team)",
    ("E506", "problem"): "a fixed text with an exception's class name or column names",
    ("E507", "value"): "errors.shown: a returned sheet's cell",
    ("E508", "codes"): "codebook ids; other cells through errors.shown",
    ("E509", "problem"): "fixed texts; file names and quoted values redacted",
    ("E510", "problem"): "lxml's message, quoted values redacted unless the schema's words",
    ("E511", "value"): "errors.shown: a code's name in the coder's project",
    ("E511", "hint"): "a codebook id or a fixed text",
    ("E512", "value"): "a theme or category of the codebook (matched by name or id)",
    ("E512", "codes"): "codebook ids",
    ("E513", "users"): "the project's user names: the team's coders",
    ("E514", "source"): "errors.shown_file unless the source is named by its interview id",
    ("E515", "source"): "errors.shown_file",
    ("E515", "problem"): "a fixed text with errors.shown_file",
    ("E519", "where"): "a sheet's name and a cell's position",
    ("E520", "where"): "a sheet's name and a cell's position",
    ("E520", "value"): "a spreadsheet error code such as #REF! (openpyxl's list)",
    ("E521", "where"): "a sheet's name and a cell's position",
    ("E521", "other"): "a cell's position",
    ("E522", "where"): "a sheet's name and a cell's position",
    ("E523", "problem"): "a fixed text with an exception's class name",
    ("W105", "other"): "an encoding name",
    ("W103", "marks"): "marks of a fixed list of mis-decoded letters",
    ("W201", "value"): "an interview id",
    ("W202", "person"): "'participant' or 'interviewer'",
    ("W202", "what"): _FIXED,
    ("W503", "source"): "errors.shown_file",
    ("W504", "source"): "errors.shown_file unless the source is named by its interview id",
    ("W505", "where"): "a sheet's name and a cell's position",
}
