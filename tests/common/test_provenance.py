"""code_version: a rule's digest follows exactly the package modules its script imports."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from qualpipe.common.provenance import clear_caches, code_version, imported_modules

# A tiny package beside the real one: its own 'qualpipe' under a temporary root. run.py
# imports records at top level and style inside a function; records imports io; unused.py
# is imported by nothing.
MODULES = {
    "qualpipe/__init__.py": "",
    "qualpipe/common/__init__.py": "",
    "qualpipe/common/io.py": "def write(text):\n    return text\n",
    "qualpipe/common/records.py": "from qualpipe.common.io import write\n",
    "qualpipe/common/style.py": "PALETTE = ['#000000']\n",
    "qualpipe/stage/__init__.py": "",
    "qualpipe/stage/run.py": (
        "import json\n"
        "from qualpipe.common import records\n\n\n"
        "def main():\n"
        "    import qualpipe.common.style\n\n"
        "    return json.dumps(qualpipe.common.style.PALETTE)\n"
    ),
    "qualpipe/unused.py": "VALUE = 1\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """The package root (the stand-in for workflow/); code_version's cache cleared around it."""
    for name, text in MODULES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "stage_run.py").write_text(
        "from qualpipe.stage.run import main\n\nmain()\n", encoding="utf-8"
    )
    clear_caches()
    yield tmp_path
    clear_caches()


def _digest(root: Path) -> str:
    clear_caches()  # the caches are per parse; here files change between calls
    return code_version(root / "scripts" / "stage_run.py", root)


def test_provenance_imported_modules_follows_top_level_and_in_function_imports(
    root: Path,
) -> None:
    found = imported_modules(root / "scripts" / "stage_run.py", root)
    assert [path.relative_to(root).as_posix() for path in found] == [
        "qualpipe/__init__.py",
        "qualpipe/common/__init__.py",
        "qualpipe/common/io.py",
        "qualpipe/common/records.py",
        "qualpipe/common/style.py",
        "qualpipe/stage/__init__.py",
        "qualpipe/stage/run.py",
    ]


def test_provenance_code_version_is_sixteen_hex_digits_and_stable(root: Path) -> None:
    first = _digest(root)
    assert len(first) == 16 and int(first, 16) >= 0
    assert _digest(root) == first


@pytest.mark.parametrize(
    "module", ["qualpipe/common/io.py", "qualpipe/common/style.py", "qualpipe/common/__init__.py"]
)
def test_provenance_code_version_changes_when_an_imported_module_changes(
    root: Path, module: str
) -> None:
    before = _digest(root)
    with open(root / module, "a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    assert _digest(root) != before


def test_provenance_code_version_ignores_a_module_the_script_does_not_import(root: Path) -> None:
    before = _digest(root)
    (root / "qualpipe" / "unused.py").write_text("VALUE = 2\n", encoding="utf-8")
    (root / "qualpipe" / "common" / "new.py").write_text("VALUE = 3\n", encoding="utf-8")
    assert _digest(root) == before
