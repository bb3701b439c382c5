"""Which package modules a rule's script runs, and a digest of them: editing any module a stage
imports (directly or through another module) reruns that stage, and editing one it does not
import reruns nothing. Derived from the code at parse time, never listed by hand."""

import ast
import hashlib
from functools import cache
from pathlib import Path

PACKAGE = "qualpipe"


def _module_file(root: Path, dotted: str) -> Path | None:
    """The file of a package module ('qualpipe.common.io'), or None when there is none."""
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _ours(module: str | None) -> bool:
    return bool(module) and (module == PACKAGE or str(module).startswith(f"{PACKAGE}."))


@cache
def _imported(path: Path) -> frozenset[str]:
    """The dotted names of our package that a file imports, at top level or inside functions
    (read once per parse: the rules' scripts share most of their modules)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith(PACKAGE))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _ours(node.module):
            names.add(str(node.module))
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(names)


def _with_parents(dotted: str) -> list[str]:
    """'qualpipe.common.io' -> qualpipe, qualpipe.common, qualpipe.common.io: importing a
    module runs each package's __init__ on the way."""
    parts = dotted.split(".")
    return [".".join(parts[: end + 1]) for end in range(len(parts))]


def imported_modules(script: Path, root: Path) -> list[Path]:
    """Every package file the script runs, in path order.

    script (Path): a rule's script (workflow/scripts/<rule>.py).
    root (Path): the folder holding the package (workflow/).
    RETURNS (list[Path]): the module files, the package __init__ files on the way included.
    """
    seen: set[Path] = set()
    pending = [script]
    while pending:
        current = pending.pop()
        for dotted in _imported(current):
            for name in _with_parents(dotted):
                found = _module_file(root, name)
                if found is not None and found not in seen:
                    seen.add(found)
                    pending.append(found)
    return sorted(seen)


@cache
def code_version(script: Path, root: Path) -> str:
    """A digest of the package modules a rule's script runs (16 hex digits).

    Snakemake's code trigger sees only the thin script, not the package it calls.
    """
    digest = hashlib.sha256()
    for path in imported_modules(script, root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def clear_caches() -> None:
    """Forget what was read: for a caller whose files change between calls (tests)."""
    _imported.cache_clear()
    code_version.cache_clear()
