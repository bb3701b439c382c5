import re
from pathlib import Path

import pytest
from anonymise_config import default_detect_settings, schema_defaults
from qualpipe.anonymise.candidates import _pattern_candidates
from qualpipe.anonymise.settings import detect_settings, replace_settings

RULES = Path(__file__).resolve().parents[2] / "workflow" / "rules" / "anonymise.smk"
# Keys whose change must rerun replacement only, never the NER of every interview.
REPLACEMENT_ONLY = {"dates", "strict", "surrogates", "site_labels"}


def _rule_keys(rule: str) -> list[str]:
    """The anonymise keys a rule of anonymise.smk passes through config_keys("anonymise", ...)."""
    body = RULES.read_text(encoding="utf-8").split(f"rule {rule}:")[1].split("\nrule ")[0]
    call = re.search(r'config_keys\(\s*"anonymise",([^)]*)\)', body)
    assert call is not None, rule
    return re.findall(r'"(\w+)"', call.group(1))


def test_settings_detection_is_built_from_the_keys_its_rule_passes() -> None:
    anonymise = schema_defaults("anonymise")
    passed = {key: anonymise[key] for key in _rule_keys("anonymise_detect")}
    assert detect_settings(passed, find_dates=True) == default_detect_settings()


def test_settings_replacement_is_built_from_the_keys_its_rule_passes() -> None:
    anonymise = schema_defaults("anonymise")
    passed = {key: anonymise[key] for key in _rule_keys("anonymise_replace")}
    assert replace_settings(passed) == replace_settings(anonymise)


def test_settings_detection_gets_no_replacement_only_key() -> None:
    assert not REPLACEMENT_ONLY & set(_rule_keys("anonymise_detect"))


def test_settings_have_no_defaults_of_their_own() -> None:
    with pytest.raises(KeyError, match="ner_labels"):
        detect_settings({}, find_dates=True)
    with pytest.raises(KeyError, match="dates"):
        replace_settings({})


@pytest.mark.parametrize(("dates", "found"), [("month", ["14 May 2013"]), ("keep", [])])
def test_settings_kept_dates_are_not_detected(dates: str, found: list[str]) -> None:
    text = "We met on 14 May 2013."
    candidates = _pattern_candidates(text, default_detect_settings(dates=dates))
    assert [text[c.start : c.end] for c in candidates if c.category == "DATE"] == found
