"""The project's conventions, checked so that docs and code cannot drift apart."""

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from qualpipe.errors import Errors, Warnings

RULE_FILES = sorted((ROOT / "workflow" / "rules").glob("*.smk"))
PACKAGE_TEXT = "\n".join(p.read_text() for p in (ROOT / "workflow" / "qualpipe").rglob("*.py"))
TEST_TEXT = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
CODES = sorted(name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name))


def _rules(path: Path) -> list[tuple[str, str]]:
    """(name, body) of every rule in a rule file."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^rule (\w+):\n", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=False))


@pytest.mark.parametrize("code", CODES)
def test_conventions_every_error_is_raised_and_tested(code: str) -> None:
    assert f'"{code}"' in PACKAGE_TEXT, f"{code} is never raised"
    assert re.search(rf"{code}\b", TEST_TEXT.replace(f'"{code}"', "")), f"{code} has no test"


@pytest.mark.parametrize("code", CODES + sorted(n for n in vars(Warnings) if n[0] == "W"))
def test_conventions_messages_are_one_line_and_name_the_place(code: str) -> None:
    template = getattr(Errors, code, None) or getattr(Warnings, code)
    assert "\n" not in template
    assert re.match(r"^\{(file|raw_dir)\}", template)


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_conventions_every_rule_has_a_log_named_after_it(path: Path) -> None:
    for name, body in _rules(path):
        assert re.search(rf'log:\n\s+"logs/{name}/', body), f"rule {name} lacks logs/{name}/"


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_conventions_rules_are_named_after_their_stage(path: Path) -> None:
    for name, _ in _rules(path):
        assert name.startswith(path.stem + "_"), name


def test_conventions_scripts_never_read_config() -> None:
    for script in (ROOT / "workflow" / "scripts").glob("*.py"):
        assert "snakemake.config" not in script.read_text(), script


def test_conventions_every_report_output_has_a_caption() -> None:
    for path in RULE_FILES:
        for caption in re.findall(r'caption="([^"]+)"', path.read_text()):
            assert (path.parent / caption).resolve().is_file(), caption


def _properties(schema: dict, where: str = ""):
    for key, value in schema.get("properties", {}).items():
        yield f"{where}.{key}", value
        yield from _properties(value, f"{where}.{key}")
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        yield from _properties(extra, f"{where}.*")


@pytest.mark.parametrize("path", sorted((ROOT / "workflow" / "schemas").glob("*.yaml")))
def test_conventions_schemas_describe_every_property_and_reject_unknown_keys(path: Path) -> None:
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, prop in _properties(schema):
        assert prop.get("description"), f"{path.name}: {where} has no description"
        if prop.get("type") == "object" and "properties" in prop:
            assert prop.get("additionalProperties") is False, f"{path.name}: {where}"


def test_conventions_snakefile_only_includes_stages() -> None:
    text = (ROOT / "Snakefile").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 40
    assert not re.search(r"^\s*(import|from) (spacy|qualpipe)", text, flags=re.MULTILINE)


def test_conventions_parsing_the_workflow_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import qualpipe.common.study, qualpipe.errors; "
        "print(sorted(m for m in ('spacy', 'pandas', 'docx', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "workflow")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
