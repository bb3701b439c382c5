"""config.yaml's sections as the workflow gives them to the rules: validation fills in the
schema's defaults, which live nowhere else (issue 15)."""

from typing import Any

from qualpipe.anonymise.settings import DetectSettings, detect_settings
from qualpipe.common.schema import config_defaults


def schema_defaults(section: str, **changes: Any) -> dict[str, Any]:
    """A config section with the schema's default for every key, then the changes."""
    return config_defaults(section) | changes


def default_detect_settings(**changes: Any) -> DetectSettings:
    """Detection's settings from the anonymise section's defaults and the changes."""
    anonymise = schema_defaults("anonymise", **changes)
    return detect_settings(anonymise, find_dates=anonymise["dates"] != "keep")
