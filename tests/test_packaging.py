"""environment.yml, the rules' conda env, pyproject.toml and the lock file agree."""

import re
import tomllib

import yaml
from conftest import ROOT


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[\w,]+\])?==([\w.]+)", requirement)
        assert match, f"{requirement} is not pinned with =="
        pins[match[1].lower()] = match[2]
    return pins


def _conda_pins(path: str) -> dict[str, str]:
    environment = yaml.safe_load((ROOT / path).read_text())
    pins = {}
    for dependency in environment["dependencies"]:
        name, _, version = dependency.partition("=")
        pins[name.lower()] = version
    return pins


def test_packaging_environment_yml_names_the_same_packages_as_pyproject() -> None:
    conda = _conda_pins("environment.yml")
    assert conda.pop("python") == "3.11"
    assert conda == _pyproject_pins()


def test_packaging_rule_env_matches_the_runtime_dependencies() -> None:
    rule_env = _conda_pins("workflow/envs/qualpipe.yaml")
    pins = _pyproject_pins()
    rule_env.pop("python")
    assert rule_env == {name: pins[name] for name in rule_env}
    assert set(rule_env) == {"pandas", "pyyaml", "jsonschema", "python-docx"}


def test_packaging_lock_file_pins_what_pyproject_pins() -> None:
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            locked[name.lower().replace("_", "-")] = version
    for name, version in _pyproject_pins().items():
        assert locked.get(name) == version, name
