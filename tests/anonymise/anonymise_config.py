"""config.yaml's sections as the workflow gives them to the rules: validation fills in the
schema's defaults, which live nowhere else (issue 15)."""

from pathlib import Path
from typing import Any

import yaml
from qualpipe.anonymise.settings import DetectSettings, detect_settings

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "config.schema.yaml"


def schema_defaults(section: str, **changes: Any) -> dict[str, Any]:
    """A config section with the schema's default for every key, then the changes."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    properties = schema["properties"][section]["properties"]
    return {key: value["default"] for key, value in properties.items()} | changes


def default_detect_settings(**changes: Any) -> DetectSettings:
    """Detection's settings from the anonymise section's defaults and the changes."""
    anonymise = schema_defaults("anonymise", **changes)
    return detect_settings(anonymise, find_dates=anonymise["dates"] != "keep")
