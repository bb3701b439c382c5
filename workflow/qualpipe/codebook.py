"""The codebook: themes > categories > codes, read from YAML and checked line by line.

Every problem is reported with the line of the codebook it sits on, all at once. A code's
keywords, Matcher patterns and regular expressions are checked here, before any segment is
matched, so that a typo fails in seconds rather than after the NLP pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from qualpipe.common.io import utf8_text
from qualpipe.common.io import yaml_line as _yaml_line
from qualpipe.errors import PipelineError, raise_all

if TYPE_CHECKING:  # spaCy is imported only when patterns are checked (parse time stays light)
    from spacy.vocab import Vocab


@dataclass(frozen=True)
class Code:
    """One code with its place in the hierarchy and what suggests it.

    id (str): stable identifier used in sheets and tables.
    label (str): short name for people. description (str): guidance for coders.
    theme, category (str): ids of its theme and category; *_label their labels.
    keywords, exclude (tuple[str, ...]): phrases matched on lemmas and word forms.
    patterns (tuple[list[dict], ...]): spaCy Matcher token patterns.
    regex (tuple[str, ...]): case-insensitive regular expressions on the segment text.
    examples (tuple[str, ...]): quotes for coders. opposes (str): id of a contradicted code.
    precode (bool): whether keywords and patterns suggest it. line (int): its YAML line.
    """

    id: str
    label: str
    description: str
    theme: str
    theme_label: str
    category: str
    category_label: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[list[dict], ...] = ()
    regex: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    opposes: str = ""
    precode: bool = True
    line: int = 0


@dataclass(frozen=True)
class Node:
    """A theme or a category: id, label, description, and its parent's id ('' for themes)."""

    id: str
    label: str
    description: str
    parent: str = ""


@dataclass
class Codebook:
    """The whole codebook, in the order it was written.

    themes, categories (list[Node]); codes (list[Code]); file (str): where it was read.
    """

    themes: list[Node] = field(default_factory=list)
    categories: list[Node] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    file: str = ""

    def code(self, code_id: str) -> Code:
        """The code with this id (KeyError if there is none)."""
        return {code.id: code for code in self.codes}[code_id]

    @property
    def ids(self) -> list[str]:
        """Code ids in codebook order."""
        return [code.id for code in self.codes]


def load_codebook(path: str, *, schema_path: str, check_patterns: bool = True) -> Codebook:
    """Read and check data/codebook.yaml; raise every problem at once.

    path (str): the codebook. schema_path (str): workflow/schemas/codebook.schema.yaml.
    check_patterns (bool): check the Matcher patterns with spaCy (E306). Stages that never
        match them pass False: importing spaCy is half a second of every such job, and
        sheets_codebook and precode_batch, which every run has, check them (issue 16).
    RETURNS (Codebook): checked, with schema defaults filled in.
    """
    file = Path(path)
    if not file.is_file():
        raise PipelineError("E308", file=path)
    text = utf8_text(file)
    data, root = _parse(text, path)
    if root is None:  # empty, or comments only (issue 14)
        raise PipelineError("E315", file=path)
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    _check_schema(data, root, schema, path=path, schema_path=schema_path)
    codebook = _build(data, root, path)
    raise_all(list(codebook_errors(codebook, root=root, data=data, patterns=check_patterns)))
    return codebook


def _parse(text: str, path: str) -> tuple[dict, yaml.Node | None]:
    try:
        data, root = _parse_once(text)
        return data or {}, root
    except yaml.reader.ReaderError as error:  # a control character (issue 14)
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise PipelineError(
            "E314", file=path, line=line, character=f"U+{code:04X}", escape=f"\\u{code:04x}"
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise PipelineError(
            "E301",
            file=path,
            line=mark.line + 1 if mark else 0,
            column=mark.column + 1 if mark else 0,
            problem=error.problem or str(error),
        ) from error


# What a merge key needs ('<<', or a tag: every tag starts with '!'), whose construction
# rewrites the node it reads: the data is then read from a parse of its own.
_MERGE_MARKS = ("<<", "!")


def _parse_once(text: str) -> tuple[Any, yaml.Node | None]:
    """`yaml.safe_load(text)` and `yaml.compose(text)`, from one parse where they are the
    same (issue 16: the codebook is read by a dozen jobs; each parse costs 0.08 s)."""
    if any(mark in text for mark in _MERGE_MARKS):
        return yaml.safe_load(text), yaml.compose(text)
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()  # what safe_load constructs, and compose returns
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def _check_schema(
    data: object, root: yaml.Node, schema: Mapping, *, path: str, schema_path: str
) -> None:
    from jsonschema import Draft202012Validator

    errors = [
        PipelineError(
            "E302",
            file=path,
            line=_yaml_line(root, list(error.path)),
            problem=_schema_problem(error),
            schema=schema_path,
        )
        for error in Draft202012Validator(schema).iter_errors(data)
    ]
    raise_all(errors)


def _schema_problem(error: object) -> str:
    where = "/".join(str(part) for part in error.path)  # type: ignore[attr-defined]
    message = error.message  # type: ignore[attr-defined]
    return f"{where}: {message}" if where else message


def _build(data: Mapping, root: yaml.Node, path: str) -> Codebook:
    codebook = Codebook(file=path)
    for t, theme in enumerate(data["themes"]):
        codebook.themes.append(Node(theme["id"], theme["label"], theme.get("description", "")))
        for c, category in enumerate(theme["categories"]):
            codebook.categories.append(
                Node(
                    category["id"],
                    category["label"],
                    category.get("description", ""),
                    parent=theme["id"],
                )
            )
            for k, entry in enumerate(category["codes"]):
                line = _yaml_line(root, ["themes", t, "categories", c, "codes", k])
                codebook.codes.append(_code(entry, theme, category, line))
    return codebook


def _code(entry: Mapping, theme: Mapping, category: Mapping, line: int) -> Code:
    return Code(
        id=entry["id"],
        label=entry["label"],
        description=entry["description"].strip(),
        theme=theme["id"],
        theme_label=theme["label"],
        category=category["id"],
        category_label=category["label"],
        keywords=tuple(entry.get("keywords", ())),
        patterns=tuple(entry.get("patterns", ())),
        regex=tuple(entry.get("regex", ())),
        exclude=tuple(entry.get("exclude", ())),
        examples=tuple(entry.get("examples", ())),
        opposes=entry.get("opposes", ""),
        precode=entry.get("precode", True),
        line=line,
    )


def codebook_errors(
    codebook: Codebook, *, root: yaml.Node, data: Mapping, patterns: bool = True
) -> Iterator[PipelineError]:
    """Every problem the schema cannot see: duplicate ids, empty codes, bad patterns (unless
    `patterns` is False)."""
    yield from _duplicate_ids(root, data, codebook.file)
    code_ids = set(codebook.ids)
    for code in codebook.codes:
        yield from _code_errors(code, code_ids, codebook.file, patterns=patterns)


def _duplicate_ids(root: yaml.Node, data: Mapping, path: str) -> Iterator[PipelineError]:
    first: dict[str, int] = {}
    for where, node_id in _id_paths(data):
        line = _yaml_line(root, [*where, "id"])
        if node_id in first:
            yield PipelineError("E303", file=path, line=line, value=node_id, first=first[node_id])
        else:
            first[node_id] = line


def _id_paths(data: Mapping) -> Iterator[tuple[list[object], str]]:
    for t, theme in enumerate(data["themes"]):
        yield ["themes", t], theme["id"]
        for c, category in enumerate(theme["categories"]):
            yield ["themes", t, "categories", c], category["id"]
            for k, code in enumerate(category["codes"]):
                yield ["themes", t, "categories", c, "codes", k], code["id"]


def _code_errors(
    code: Code, code_ids: set[str], path: str, *, patterns: bool
) -> Iterator[PipelineError]:
    where = {"file": path, "line": code.line, "value": code.id}
    if code.precode and not (code.keywords or code.patterns or code.regex):
        yield PipelineError("E304", **where)
    for keyword in (*code.keywords, *code.exclude):
        if not any(char.isalnum() for char in keyword):
            yield PipelineError("E309", keyword=keyword, **where)
    for pattern in code.regex:
        try:
            re.compile(pattern, re.IGNORECASE)
        except (re.error, OverflowError) as error:  # OverflowError: 'a{4294967296}' (issue 14)
            yield PipelineError("E305", pattern=pattern, problem=str(error), **where)
    if patterns and code.patterns:
        problem = matcher_problem(code.id, code.patterns)
        if problem:
            yield PipelineError("E306", problem=problem, **where)
    if code.opposes and code.opposes not in code_ids:
        yield PipelineError("E307", target=code.opposes, **where)


@functools.cache
def _vocab() -> Vocab:
    """One blank vocabulary for validating every code's patterns (creating one takes ~60 ms)."""
    import spacy

    return spacy.blank("xx").vocab


# The most times an operator '{n}', '{n,m}' may repeat a token: spaCy writes out every
# repetition, so '{99999999999}' took all memory (issue 14); speech never needs more.
MAX_REPEAT = 100
_REPEAT = re.compile(r"\{(\d*),?(\d*)\}")


def _repeat_problem(patterns: Sequence[list[dict]]) -> str:
    for pattern in patterns:
        for token in pattern if isinstance(pattern, list) else ():
            operator = token.get("OP") if isinstance(token, dict) else None
            found = _REPEAT.fullmatch(operator) if isinstance(operator, str) else None
            if found and max(len(n) and int(n) for n in found.groups()) > MAX_REPEAT:
                return f"the operator '{operator}' repeats a token more than {MAX_REPEAT} times"
    return ""


def matcher_problem(code_id: str, patterns: Sequence[list[dict]]) -> str:
    """spaCy's own validation of Matcher patterns, as one line ('' when they are valid)."""
    from spacy.matcher import Matcher

    problem = _repeat_problem(patterns)
    if problem:
        return problem
    matcher = Matcher(_vocab(), validate=True)
    try:
        matcher.add(code_id, list(patterns))
    # re.error: a REGEX value that does not compile (issue 14)
    except (ValueError, KeyError, TypeError, re.error, OverflowError) as error:
        return " ".join(str(error).split())[:300]
    return ""
