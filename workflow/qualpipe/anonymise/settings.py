"""What the anonymise steps take from config.yaml's anonymise section and anonymisation.yaml.

The workflow validates config.yaml against workflow/schemas/config.schema.yaml, which fills
in every default: the defaults live in the schema only, and the settings here are built
from the validated values without copies of them. Each rule passes its step only the keys
it uses (workflow/rules/anonymise.smk), so that a changed key reruns only the steps that use
it: 'strict', 'surrogates' or month for year in 'dates' rerun replacement, never NER.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DetectSettings:
    """What the detection layers use.

    ner_labels (tuple[str, ...]): spaCy entity labels that count as identifiers.
    locales (tuple[str, ...]): Faker locales of the name gazetteer (gazetteer_locales).
    never_redact (tuple[str, ...]): words never redacted, beyond anonymisation.yaml's.
    find_dates (bool): whether the patterns find dates, that is, dates is not 'keep'.
    """

    ner_labels: tuple[str, ...]
    locales: tuple[str, ...]
    never_redact: tuple[str, ...]
    find_dates: bool


@dataclass(frozen=True)
class ReplaceSettings:
    """What replacement uses.

    dates (str): what an exact date becomes: keep, month, year or redact.
    strict (bool): whether the review layer's suspects are replaced, not only listed.
    surrogates (bool): whether other people get invented names instead of [PERSON n].
    locales (tuple[str, ...]): Faker locales of the name gazetteer (gazetteer_locales).
    """

    dates: str
    strict: bool
    surrogates: bool
    locales: tuple[str, ...]


def detect_settings(values: Mapping[str, Any], *, find_dates: bool) -> DetectSettings:
    """Detection's settings from the validated keys of config.yaml's anonymise section.

    values (Mapping[str, Any]): ner_labels, gazetteer_locales and never_redact (other keys
        are not read).
    find_dates (bool): anonymise.dates is not 'keep': month, year and redact find the
        same dates, so that only this, not the policy, reaches detection.
    """
    return DetectSettings(
        ner_labels=tuple(values["ner_labels"]),
        locales=tuple(values["gazetteer_locales"]),
        never_redact=tuple(values["never_redact"]),
        find_dates=find_dates,
    )


def replace_settings(values: Mapping[str, Any]) -> ReplaceSettings:
    """Replacement's settings from the validated keys of config.yaml's anonymise section.

    values (Mapping[str, Any]): dates, strict, surrogates and gazetteer_locales (other keys
        are not read).
    """
    return ReplaceSettings(
        dates=str(values["dates"]),
        strict=bool(values["strict"]),
        surrogates=bool(values["surrogates"]),
        locales=tuple(values["gazetteer_locales"]),
    )


def read_terms(path: str) -> tuple[list[dict[str, str]], list[str]]:
    """The 'redact' and 'never_redact' lists of data/anonymisation.yaml (may be absent)."""
    import yaml

    file = Path(path)
    if not file.is_file():
        return [], []
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return list(data.get("redact") or []), [str(term) for term in data.get("never_redact") or []]
