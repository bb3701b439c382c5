"""How a message shows a value from the study's data (never a name), and the privacy review of
every placeholder of the catalogue (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import PurePosixPath

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


# Privacy review of every placeholder (issue 14): a message reaches logs/ and .snakemake/log,
# so none may carry a name from a transcript, participants.csv (names, and file names such as
# 'Anna_Svensson.docx'), a returned sheet's free text or the anonymisation key. A placeholder
# named here means the same in every message; any other is reviewed per message in REVIEWED.
# tests/common/test_error_privacy.py fails on a placeholder that is in neither.
SAFE_FIELDS = {
    "file": "a study, config or results path; a transcript is ingest.read.transcript_labels "
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
