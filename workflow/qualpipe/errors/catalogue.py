"""The catalogue assembled from its stages' modules: one class of errors and one of warnings,
each holding every code as its own attribute (`vars(Errors)` lists them all), so that a code is
looked up in one place and a code numbered twice is refused when the package is imported."""

from qualpipe.errors.catalogue_anonymise import AnonymiseErrors, AnonymiseWarnings
from qualpipe.errors.catalogue_codebook import CodebookErrors, CodebookWarnings
from qualpipe.errors.catalogue_config import ConfigErrors
from qualpipe.errors.catalogue_ingest import IngestErrors, IngestWarnings
from qualpipe.errors.catalogue_merge import MergeErrors, MergeWarnings
from qualpipe.errors.catalogue_sheets import SheetsErrors, SheetsWarnings


def is_code(name: str) -> bool:
    """Whether an attribute's name is a catalogue code ('E101', 'W506')."""
    return len(name) == 4 and name[0] in "EW" and name[1:].isdigit()


def gathered(name: str, *parts: type) -> type:
    """One class holding the codes of every part, in the parts' order.

    name (str): the class's name. parts (type): the stages' classes of codes.
    RETURNS (type): the class, with each code as its own attribute.
    """
    codes: dict[str, str] = {}
    for part in parts:
        for code, template in vars(part).items():
            if not is_code(code):
                continue
            if code in codes:
                raise ValueError(f"{code} is catalogued twice ({part.__name__})")
            codes[code] = template
    return type(name, (), {"__module__": __name__, **codes})


Errors = gathered(
    "Errors",
    ConfigErrors,
    IngestErrors,
    AnonymiseErrors,
    CodebookErrors,
    SheetsErrors,
    MergeErrors,
)
Warnings = gathered(
    "Warnings",
    IngestWarnings,
    AnonymiseWarnings,
    CodebookWarnings,
    SheetsWarnings,
    MergeWarnings,
)
