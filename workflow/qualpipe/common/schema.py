"""The defaults of config.yaml, read from its schema: the one place they are kept (issue 15).

The workflow fills them in when it validates config.yaml; code called without a config (tests,
benchmarks, a stage's reader used on its own) takes them from here, never from a copy.
"""

from functools import cache
from pathlib import Path

import yaml

CONFIG_SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"


@cache
def _defaults(section: str) -> tuple[tuple[str, object], ...]:
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    properties = schema["properties"][section]["properties"]
    return tuple((key, spec["default"]) for key, spec in properties.items() if "default" in spec)


def config_defaults(section: str) -> dict[str, object]:
    """The schema's default of every key of one config.yaml section that has one.

    section (str): a top-level key of config.yaml ('limits', 'segment', ...).
    RETURNS (dict[str, object]): key -> default, a fresh dict on every call.
    """
    return dict(_defaults(section))
