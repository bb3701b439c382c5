"""The participants sheet's cells: names and file lists, shared by every stage that reads it."""

import re


def split_names(value: str) -> list[str]:
    """Names in a participants.csv cell, ';'-separated."""
    return [name.strip() for name in value.split(";") if name.strip()]


def listed_files(value: str) -> list[str]:
    """The file(s) a 'file' cell lists, ';'-separated, with '/' as the folder separator."""
    return [part.strip() for part in value.replace("\\", "/").split(";") if part.strip()]


# Files that editors and operating systems leave beside the transcripts.
_IGNORED_FILES = re.compile(r"^(\..*|~\$.*|Thumbs\.db|desktop\.ini|README(\..*)?)$", re.IGNORECASE)
