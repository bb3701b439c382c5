"""The one catalogue of user-facing errors and warnings.

Every message is one line: where (file, row or line, column), what is wrong, the value
found, and what to do. Codes are grouped by stage and never renumbered; a retired code
stays in the catalogue, marked as such.

The package: the codes by stage in catalogue_<stage>.py (E0xx config, E1xx ingest, E2xx
anonymise, E3xx codebook, E4xx sheets, E5xx merge; W codes likewise), gathered into Errors and
Warnings in catalogue.py; messages.py raises and logs them; privacy.py shows a value of the
study's data without a name, and reviews every placeholder.
"""

from qualpipe.errors.catalogue import Errors, Warnings
from qualpipe.errors.messages import (
    LOGGER,
    PipelineError,
    PipelineErrors,
    WarningLog,
    raise_all,
    warning_text,
)
from qualpipe.errors.privacy import (
    FILE_TYPES,
    REVIEWED,
    SAFE_FIELDS,
    SCHEMA_KEY,
    schema_problem,
    shown,
    shown_file,
    shown_suffix,
)

__all__ = [
    "FILE_TYPES",
    "LOGGER",
    "REVIEWED",
    "SAFE_FIELDS",
    "SCHEMA_KEY",
    "Errors",
    "PipelineError",
    "PipelineErrors",
    "WarningLog",
    "Warnings",
    "raise_all",
    "schema_problem",
    "shown",
    "shown_file",
    "shown_suffix",
    "warning_text",
]
