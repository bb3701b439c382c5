"""The project's conventions, checked so that docs and code cannot drift apart."""

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from qualpipe.common.provenance import imported_modules
from qualpipe.errors import Errors, Warnings

WORKFLOW = ROOT / "workflow"
PACKAGE = WORKFLOW / "qualpipe"
SCRIPTS = WORKFLOW / "scripts"
RULE_FILES = sorted((WORKFLOW / "rules").glob("*.smk"))
PACKAGE_TEXT = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
# Where a code is raised: the package without its catalogue (privacy.py quotes codes in its
# review), and the rule files (the workflow's own messages, W506).
RAISING_TEXT = "\n".join(
    [p.read_text() for p in PACKAGE.rglob("*.py") if "errors" not in p.relative_to(PACKAGE).parts]
    + [p.read_text() for p in RULE_FILES]
)
TEST_FILES = sorted((ROOT / "tests").rglob("test_*.py"))
TEST_TEXT = "\n".join(p.read_text() for p in TEST_FILES)
CODES = sorted(name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name))
WARNINGS = sorted(name for name in vars(Warnings) if re.fullmatch(r"W\d{3}", name))
# The stages in pipeline order: each a package of qualpipe, a rule file and a tests folder.
STAGES = (
    "ingest",
    "anonymise",
    "segment",
    "precode",
    "sheets",
    "merge",
    "qdpx",
    "compare",
    "report",
)
# All that a stage may import besides its own package: the shared layer under the stages.
SHARED = ("qualpipe.common", "qualpipe.errors", "qualpipe.codebook")
MAX_LINES = 450
# Libraries that take seconds to import, which parsing the workflow (every snakemake call,
# a dry run included) must not load.
HEAVY = ("spacy", "thinc", "pandas", "scipy", "matplotlib", "openpyxl", "lxml", "docx")


def _rules(path: Path) -> list[tuple[str, str]]:
    """(name, body) of every rule in a rule file."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^rule (\w+):\n", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=False))


def _directives(body: str) -> dict[str, str]:
    """A rule's directives (input, params, script, ...) and their text, as snakefmt lays
    them out: the directive indented by 4 spaces, its values below it."""
    parts = re.split(r"^    (\w+):\n", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _scripted_rules() -> list[tuple[str, str, str]]:
    """(rule file's stage, rule, script path as written) of every rule that runs a script."""
    return [
        (path.stem, name, script)
        for path in RULE_FILES
        for name, body in _rules(path)
        for script in re.findall(r'"([^"]+)"', _directives(body).get("script", ""))
    ]


SCRIPTED = _scripted_rules()


@pytest.mark.parametrize("code", CODES)
def test_conventions_every_error_is_raised_and_tested(code: str) -> None:
    assert f'"{code}"' in PACKAGE_TEXT, f"{code} is never raised"
    assert re.search(rf"{code}\b", TEST_TEXT.replace(f'"{code}"', "")), f"{code} has no test"


@pytest.mark.parametrize("code", CODES + WARNINGS)
def test_conventions_every_code_is_raised_outside_the_catalogue(code: str) -> None:
    assert re.search(rf"[\"']{code}[\"']", RAISING_TEXT), f"{code} is never raised"


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


# Inputs that hold the whole study: a folder of every interview, or every batch's folder.
STUDY_WIDE_INPUT = re.compile(r"output\.anonymised|ANONYMISED|batch=BATCHES")


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_conventions_batch_rules_reading_a_study_wide_folder_declare_their_bytes(
    path: Path,
) -> None:
    """The progress logger weighs a job by its inputs: a batch job whose input is the whole
    study's folder declares its own files' bytes as resource input_bytes (issue 16)."""
    for name, body in _rules(path):
        directives = _directives(body)
        if "{batch}" in directives["log"] and STUDY_WIDE_INPUT.search(directives["input"]):
            assert "input_bytes=" in directives.get("resources", ""), name


# The rules that profiles/slurm leaves as SLURM jobs of their own: per interview, per batch,
# or the study-wide NLP; every other rule is in its one group job (issue 16).
SLURM_OWN_JOBS = (
    "ingest_batch",
    "anonymise_detect",
    "anonymise_replace",
    "anonymise_layers",
    "segment_units",
    "precode_batch",
)


def test_conventions_slurm_profile_groups_every_other_rule() -> None:
    profile = yaml.safe_load((ROOT / "profiles/slurm/config.yaml").read_text(encoding="utf-8"))
    rules = {name for path in RULE_FILES for name, _ in _rules(path)}
    assert set(SLURM_OWN_JOBS) <= rules
    assert sorted(profile["groups"]) == sorted(rules - set(SLURM_OWN_JOBS))
    assert set(profile["groups"].values()) == {"study"}


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


# --- Parse time -------------------------------------------------------------------------------


def _workflow_imports() -> list[str]:
    """Every `from qualpipe... import ...` statement of the rule files, dedented: those at top
    level run when snakemake parses the workflow, and so do those in functions that give
    rules their inputs and outputs (common.smk's figure_outputs)."""
    pattern = r"^[ \t]*from qualpipe[\w.]* import (?:\([^)]*\)|.*)"
    return [
        textwrap.dedent(statement)
        for path in RULE_FILES
        for statement in re.findall(pattern, path.read_text(encoding="utf-8"), flags=re.M)
    ]


def test_conventions_parsing_the_workflow_imports_nothing_heavy() -> None:
    statements = _workflow_imports()
    assert any(s.startswith("from qualpipe.common.study import (\n") for s in statements)
    probe = f"import sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", "\n".join([*statements, probe])],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(WORKFLOW)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


# --- The import graph -------------------------------------------------------------------------


def _dotted(path: Path) -> str:
    """'workflow/qualpipe/common/io.py' -> 'qualpipe.common.io'; a package by its __init__."""
    parts = path.relative_to(WORKFLOW).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_dotted(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _import_nodes(
    node: ast.AST, *, runs: bool = True
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under a node, at top level or in functions, and whether it ever
    runs: one under `if TYPE_CHECKING:` never does."""
    if isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    ):
        for child in node.body:
            yield from _import_nodes(child, runs=False)
        for child in node.orelse:
            yield from _import_nodes(child, runs=runs)
        return
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node, runs
    for child in ast.iter_child_nodes(node):
        yield from _import_nodes(child, runs=runs)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The package modules one import statement of `module` names (relative ones resolved)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}".rstrip(".")
    named = {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in named if name in MODULES} or ({base} & MODULES.keys())


@cache
def _graph(*, runtime: bool) -> dict[str, set[str]]:
    """module -> the package modules it imports; runtime: only imports that ever run."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_bytes(), filename=str(path))
        graph[module] = {
            target
            for node, runs in _import_nodes(tree)
            if runs or not runtime
            for target in _targets(module, node)
        } - {module}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    pending = list(graph[start])
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            pending.extend(graph[module])
    return seen


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The modules that import each other, directly or not, one sorted group per cycle."""
    reach = {module: _reachable(graph, module) for module in graph}
    cyclic = [module for module in graph if module in reach[module]]
    groups = {
        tuple(
            sorted(other for other in cyclic if other in reach[module] and module in reach[other])
        )
        for module in cyclic
    }
    return [list(group) for group in sorted(groups)]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def test_conventions_import_graph_sees_imports_in_functions_and_relative_ones() -> None:
    tree = ast.parse("def f():\n    from .records import Segment\n    from . import io\n")
    found = {t for node, _ in _import_nodes(tree) for t in _targets("qualpipe.common.plan", node)}
    assert found == {"qualpipe.common.records", "qualpipe.common.io"}
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_conventions_no_import_cycle() -> None:
    # Imports inside functions count: they run when the function does, and a cycle through
    # them breaks as soon as a module moves its import to the top.
    assert _cycles(_graph(runtime=True)) == []


@pytest.mark.parametrize("stage", STAGES)
def test_conventions_stages_import_only_the_shared_layer(stage: str) -> None:
    # Type-checking imports count too: a stage that names another stage's types depends on it.
    allowed = (*SHARED, f"qualpipe.{stage}")
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph(runtime=False).items()
        if _within(module, f"qualpipe.{stage}")
        for target in targets
        if not any(_within(target, package) for package in allowed)
    )
    assert wrong == []


def test_conventions_the_shared_layer_imports_no_stage() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph(runtime=False).items()
        if any(_within(module, package) for package in SHARED)
        for target in targets
        if not any(_within(target, package) for package in SHARED)
    )
    assert wrong == []


# --- Stage layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_conventions_each_stage_is_a_package_with_a_tests_folder(stage: str) -> None:
    assert (PACKAGE / stage / "__init__.py").is_file(), f"workflow/qualpipe/{stage}/ is no package"
    assert sorted((ROOT / "tests" / stage).glob("test_*.py")), f"tests/{stage}/ has no test file"


def test_conventions_each_rule_file_is_a_stage() -> None:
    assert sorted(p.stem for p in RULE_FILES if p.stem != "common") == sorted(STAGES)


@pytest.mark.parametrize(("stage", "rule", "script"), SCRIPTED)
def test_conventions_rules_run_a_script_of_their_stage(stage: str, rule: str, script: str) -> None:
    assert re.fullmatch(rf"\.\./scripts/{stage}_\w+\.py", script), f"rule {rule}: {script}"
    assert (WORKFLOW / "rules" / script).resolve().is_file(), f"rule {rule}: {script}"


def test_conventions_every_script_is_run_by_a_rule() -> None:
    run = {Path(script).name for _, _, script in SCRIPTED}
    assert sorted(p.name for p in SCRIPTS.glob("*.py")) == sorted(run)


def test_conventions_no_runtime_module_over_450_lines() -> None:
    lengths = {path: path.read_bytes().count(b"\n") for path in MODULES.values()}
    too_long = sorted(
        f"{path.relative_to(ROOT)}: {lines}" for path, lines in lengths.items() if lines > MAX_LINES
    )
    assert too_long == []


# --- code_version -----------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "rule", "script"), SCRIPTED)
def test_conventions_every_scripted_rule_has_its_code_version(
    stage: str, rule: str, script: str
) -> None:
    body = dict(_rules(WORKFLOW / "rules" / f"{stage}.smk"))[rule]
    params = _directives(body).get("params", "")
    assert f'code=code_version("{Path(script).name}")' in params, f"rule {rule}"


# Run in one fresh interpreter, for each script in turn with no package module loaded: import
# what the script imports from the package, then, for every package module Python loaded, what
# it imports where Python does not run it on import (in functions, under `if TYPE_CHECKING:`);
# the package files in sys.modules are what the script can run. Libraries stay loaded between
# scripts, so each is imported once.
PROBE = """
import ast, importlib, json, sys
from pathlib import Path

def ours(path):
    for node in ast.walk(ast.parse(Path(path).read_bytes())):
        if isinstance(node, ast.Import):
            yield from ((a.name, None) for a in node.names if a.name.split(".")[0] == "qualpipe")
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] == "qualpipe":
                yield from ((node.module, a.name) for a in node.names)

def package_files():
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "qualpipe" and getattr(module, "__file__", None):
            yield module.__file__

def run(script):
    for name in [name for name in sys.modules if name.split(".")[0] == "qualpipe"]:
        del sys.modules[name]
    pending, done = [script], set()
    while pending:
        for module, name in ours(pending.pop()):
            loaded = importlib.import_module(module)
            if name is not None and not hasattr(loaded, name):
                importlib.import_module(f"{module}.{name}")
        for file in set(package_files()) - done:
            done.add(file)
            pending.append(file)
    return sorted(Path(file).resolve().relative_to(root).as_posix() for file in done)

root = Path(sys.argv[1]).resolve()
print(json.dumps({Path(script).name: run(script) for script in sys.argv[2:]}))
"""


@cache
def _probed() -> dict[str, list[str]]:
    """script name -> the package files that importing it loads (PROBE)."""
    scripts = [str(path) for path in sorted(SCRIPTS.glob("*.py"))]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(WORKFLOW), *scripts],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(WORKFLOW)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.py")), ids=lambda p: p.name)
def test_conventions_code_version_covers_every_module_the_script_runs(script: Path) -> None:
    derived = [path.relative_to(WORKFLOW).as_posix() for path in imported_modules(script, WORKFLOW)]
    assert derived == _probed()[script.name]


# --- Every code checked by a test -------------------------------------------------------------


def _codes(node: ast.AST) -> set[str]:
    """The catalogue codes written in a node's strings (f-strings' literal parts included)."""
    return {
        code
        for sub in ast.walk(node)
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
        for code in re.findall(r"\b[EW]\d{3}\b", sub.value)
    }


def _checked(function: ast.AST) -> Iterator[ast.AST]:
    """What a test checks: its assert statements and its `match=` patterns (pytest.raises)."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            yield node.test
        elif isinstance(node, ast.Call):
            yield from (keyword.value for keyword in node.keywords if keyword.arg == "match")


def _assigned(scope: ast.AST) -> dict[str, list[ast.AST]]:
    """name -> the values assigned to it in a scope."""
    values: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        values.setdefault(name.id, []).append(node.value)
    return values


def _parametrized(function: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    """argument -> its values in the test's @pytest.mark.parametrize decorators."""
    values: dict[str, list[ast.AST]] = {}
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and len(decorator.args) >= 2):
            continue
        if not ast.unparse(decorator.func).endswith("parametrize"):
            continue
        names_node, rows_node = decorator.args[:2]
        if isinstance(names_node, ast.Constant):
            names = [name.strip() for name in str(names_node.value).split(",")]
        else:
            names = [ast.literal_eval(element) for element in getattr(names_node, "elts", [])]
        rows = rows_node.elts if isinstance(rows_node, ast.List | ast.Tuple) else None
        for position, name in enumerate(names):
            for row in rows if rows is not None else [rows_node]:
                cells = row.args if isinstance(row, ast.Call) else getattr(row, "elts", [row])
                single = rows is None or (len(names) == 1 and not isinstance(row, ast.Call))
                whole = single or position >= len(cells)
                values.setdefault(name, []).append(row if whole else cells[position])
    return values


def _tested_codes(path: Path) -> set[str]:
    """The codes a test file checks: in an assert or a match= pattern, written there or in a
    name it uses (assigned in the test or the module, or a parametrize argument)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _assigned(tree)
    found: set[str] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        local, arguments = _assigned(function), _parametrized(function)
        for expression in _checked(function):
            found |= _codes(expression)
            for name in {n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}:
                values = local.get(name) or arguments.get(name) or module.get(name, [])
                found |= set().union(*(_codes(value) for value in values))
    return found


@cache
def _all_tested_codes() -> dict[str, list[str]]:
    tested: dict[str, list[str]] = {}
    for path in TEST_FILES:
        for code in _tested_codes(path):
            tested.setdefault(code, []).append(path.name)
    return tested


def test_conventions_test_scanner_follows_names_and_parametrize(tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        'import pytest\nPATTERN = r"\\[E002\\]"\n'
        '@pytest.mark.parametrize(("text", "code"), [("a", "E003"), ("E004", "b")])\n'
        "def test_x(text, code):\n"
        '    with pytest.raises(ValueError, match="E001"):\n        f()\n'
        '    message = "[W101]"\n    assert message in log and f"[{code}]" in log\n'
        '    assert re.search(PATTERN, log)\n    f("E005")\n'
    )
    assert _tested_codes(path) == {"E001", "E002", "E003", "W101"}


@pytest.mark.parametrize("code", CODES + WARNINGS)
def test_conventions_every_code_is_checked_by_a_test(code: str) -> None:
    # A code merely written in a test (raised by the test itself, say) does not count.
    tested = _all_tested_codes()
    assert code in tested, f"{code}: no pytest.raises(match=...) or assert on a message names it"
