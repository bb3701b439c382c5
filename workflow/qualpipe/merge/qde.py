"""Merge: a coder's returned REFI-QDA project file read and checked.

A .qdpx (a zip with one .qde at its root) or a bare .qde with its sources beside it: opened
within the zip limits, parsed without entities or network, checked against the REFI-QDA
schema; the selections the coder coded (codings by the export's own users are ours and
ignored), the codebook id of each code they used, a text source's text, and their positions
in code points of the text with '\\n' line ends. merge.projects places them on the segments.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

from qualpipe.codebook import Codebook
from qualpipe.common.archive import ZIP_ERRORS, ZipLimits, check_zip, read_member
from qualpipe.common.refi import EXPORT_USERS, PROJECT_SCHEMA, XML_NAMESPACE, code_guid, user_guid
from qualpipe.errors import PipelineError, raise_all, shown, shown_file

NS = {"q": XML_NAMESPACE}
CODING = f"{{{XML_NAMESPACE}}}Coding"
TEXT_SOURCE = f"{{{XML_NAMESPACE}}}TextSource"
ID_IN_DESCRIPTION = re.compile(r"\[id:\s*([^\]\s]+)\s*\]")
Reader = Callable[[str], "bytes | None"]


@dataclass(frozen=True)
class Project:
    """A returned project: its path, the checked .qde root, and a reader of its source files."""

    path: str
    root: etree._Element
    read: Reader


@dataclass(frozen=True)
class CoderSelection:
    """A coded stretch of a source: start, end (end exclusive; -1: to the end of the source),
    first as the project counts them and with code GUIDs, then in code points with code ids.
    """

    start: int
    end: int
    codes: tuple[str, ...]


def open_project(path: str, limits: ZipLimits | None = None) -> Project:
    """The checked project of a .qdpx (exactly one .qde at the zip's root, any name) or a .qde.

    limits (ZipLimits): what the .qdpx's zip may hold, checked before anything is unzipped.
    """
    if path.lower().endswith(".qde"):
        return Project(path, parse_project(path, Path(path).read_bytes()), _folder(path))
    if not zipfile.is_zipfile(path):
        raise PipelineError("E509", file=path, problem="it is not a zip archive")
    check_zip(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if "/" not in n and n.lower().endswith(".qde")]
            if len(names) != 1:
                raise PipelineError("E509", file=path, problem=_qde_problem(names))
            data = read_member(archive, names[0], file=path, limits=limits)
    except ZIP_ERRORS as error:
        raise PipelineError("E509", file=path, problem=_zip_problem(error)) from error
    return Project(path, parse_project(path, data), _zip_member(path, limits))


def _zip_problem(error: Exception) -> str:
    return f"a damaged zip ({quoted_redacted(str(error)) or type(error).__name__})"


def _qde_problem(names: Sequence[str]) -> str:
    if not names:
        return "the zip holds no .qde project file at its root"
    listed = ", ".join(shown_file(name).strip("'") for name in names)
    return f"the zip holds {len(names)} .qde project files at its root ({listed})"


def _zip_member(path: str, limits: ZipLimits | None) -> Reader:
    def read(name: str) -> bytes | None:
        try:
            with zipfile.ZipFile(path) as archive:
                if name not in archive.namelist():
                    return None
                return read_member(archive, name, file=path, limits=limits)
        except ZIP_ERRORS as error:  # a source's text damaged (issue 14)
            raise PipelineError("E509", file=path, problem=_zip_problem(error)) from error

    return read


def _folder(path: str) -> Reader:
    folder = Path(path).parent

    def read(name: str) -> bytes | None:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            return None
        file = folder / relative
        return file.read_bytes() if file.is_file() else None

    return read


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(PROJECT_SCHEMA)))


def parse_project(path: str, data: bytes) -> etree._Element:
    """The .qde's root element, checked against the REFI-QDA project schema (E510); E516 for
    a document type declaration that names an external DTD or declares entities."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        problem = quoted_redacted(error.msg)
        raise PipelineError("E510", file=path, line=error.lineno, problem=problem) from error
    check_doctype(path, root, data)
    schema = _schema()
    if not schema.validate(root):
        first = schema.error_log[0]
        problem = quoted_redacted(first.message.replace(f"{{{XML_NAMESPACE}}}", ""))
        raise PipelineError("E510", file=path, line=first.line, problem=problem)
    return root


def check_doctype(path: str, root: etree._Element, data: bytes) -> None:
    """E516 for a DOCTYPE with an external id or entity declarations.

    Entities are never resolved (no XXE, no billion laughs), but an entity reference left
    unresolved in the tree makes libxml2's schema validation fail with an internal error.
    """
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    what = ""
    if info.system_url or info.public_id:
        what = f"an external DTD ('{info.system_url or info.public_id}')"
    elif dtd is not None and any(True for _ in dtd.iterentities()):
        what = "entities in its document type declaration"
    if what:
        line = data[: max(0, data.find(b"<!DOCTYPE"))].count(b"\n") + 1
        raise PipelineError("E516", file=path, line=line, what=what)


@lru_cache(maxsize=1)
def _schema_words() -> frozenset[str]:
    """The element, attribute and type names of the REFI-QDA schema: words of the format."""
    return frozenset(str(name) for name in etree.parse(str(PROJECT_SCHEMA)).xpath("//@name"))


def quoted_redacted(message: str) -> str:
    """A library's message about a project with each quoted value redacted (errors.shown)
    unless it is a word of the REFI-QDA schema or an XML Schema type: lxml and zipfile quote
    attribute values and member names, such as a source named after its participant."""
    words = _schema_words()

    def redact(match: re.Match) -> str:
        text = match[1]
        safe = text in words or text.startswith(("xs:", "{http://www.w3.org/"))
        return f"'{text}'" if safe else shown(text)

    return re.sub(r"'([^']*)'", redact, message)


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").upper()


def _own_users(root: etree._Element) -> set[str]:
    """The GUIDs of the export's users: derived from their names, or named so in Users."""
    own = {_guid(user_guid(name)) for name in EXPORT_USERS}
    for user in root.iterfind("q:Users/q:User", NS):
        if user.get("name", "").strip().lower() in EXPORT_USERS:
            own.add(_guid(user.get("guid")))
    return own


def coder_selections(path: str, root: etree._Element) -> dict[etree._Element, list[CoderSelection]]:
    """Per source, the selections the coder coded (code GUIDs), as the project counts them.

    A coding on a whole source is a selection from 0 to its end (-1). E513 when codings come
    from more than one user besides the export's own.
    """
    own = _own_users(root)
    users: set[str] = set()
    found: dict[etree._Element, list[CoderSelection]] = {}
    for source in root.iterfind("q:Sources/*", NS):
        for element, codings in _codings(source):
            mine = [c for c in codings if _user(c) not in own]
            users.update(_user(c) for c in mine)
            if mine:
                found.setdefault(source, []).append(_selection(element, mine))
    users.discard("")
    if len(users) > 1:
        raise PipelineError("E513", file=path, users=", ".join(_user_names(root, users)))
    return found


def _codings(source: etree._Element) -> list[tuple[etree._Element, list[etree._Element]]]:
    """A text source's codings per selection (and on the whole source); any other source's all."""
    if source.tag != TEXT_SOURCE:
        return [(source, list(source.iter(CODING)))]
    elements = [source, *source.iterfind("q:PlainTextSelection", NS)]
    return [(element, list(element.iterfind("q:Coding", NS))) for element in elements]


def _user(coding: etree._Element) -> str:
    # Only the coding's own user: our export creates the sources and pre-coded selections.
    return _guid(coding.get("creatingUser"))


def _user_names(root: etree._Element, guids: set[str]) -> list[str]:
    names = {_guid(u.get("guid")): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    return sorted(names.get(guid) or guid for guid in guids)


def _selection(element: etree._Element, codings: Sequence[etree._Element]) -> CoderSelection:
    codes = tuple(_guid(c.find("q:CodeRef", NS).get("targetGUID")) for c in codings)
    if element.tag == f"{{{XML_NAMESPACE}}}PlainTextSelection":
        return CoderSelection(
            int(element.get("startPosition")), int(element.get("endPosition")), codes
        )
    return CoderSelection(0, -1, codes)


def code_ids(
    path: str,
    root: etree._Element,
    by_source: Mapping[etree._Element, Sequence[CoderSelection]],
    codebook: Codebook,
) -> dict[str, str]:
    """The codebook code id of every code GUID the coder used; E511 and E512 for all others."""
    used: dict[str, int] = {}
    for selections in by_source.values():
        for selection in selections:
            for guid in selection.codes:
                used[guid] = used.get(guid, 0) + 1
    defined = {_guid(c.get("guid")): c for c in root.iterfind("q:CodeBook/q:Codes//q:Code", NS)}
    by_guid, by_name = _code_index(codebook)
    ids, errors = {}, []
    for guid, count in used.items():
        code = defined.get(guid)
        found = by_guid.get(guid) or _by_name(code, by_name)
        if found in codebook.ids:
            ids[guid] = found
        else:
            errors.append(_code_error(path, guid, code, found, count, codebook, by_name))
    raise_all(errors)
    return ids


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _code_index(codebook: Codebook) -> tuple[dict[str, str], dict[str, str]]:
    """The ids of codes, categories and themes by GUID, and by normalised id and label.

    A code's label wins over a category or theme with the same label.
    """
    nodes = [(c.id, c.label) for c in codebook.codes]
    nodes += [(n.id, n.label) for n in codebook.categories + codebook.themes]
    by_guid = {_guid(code_guid(node_id)): node_id for node_id, _ in nodes}
    by_name: dict[str, str] = {}
    for node_id, label in nodes:
        by_name.setdefault(_key(node_id), node_id)
        by_name.setdefault(_key(label), node_id)
    return by_guid, by_name


def _by_name(code: etree._Element | None, by_name: Mapping[str, str]) -> str | None:
    """A project code's codebook id by its name, else by '[id: ...]' in its description."""
    if code is None:
        return None
    description = code.findtext("q:Description", default="", namespaces=NS)
    match = ID_IN_DESCRIPTION.search(description)
    return by_name.get(_key(code.get("name", ""))) or (
        by_name.get(_key(match.group(1))) if match else None
    )


def _code_error(
    path: str,
    guid: str,
    code: etree._Element | None,
    found: str | None,
    count: int,
    codebook: Codebook,
    by_name: Mapping[str, str],
) -> PipelineError:
    name = code.get("name", "") if code is not None else ""
    if found is None:
        close = difflib.get_close_matches(_key(name), list(by_name), n=1, cutoff=0.5)
        hint = (
            f"did you mean '{by_name[close[0]]}'?"
            if close
            else "add it to the codebook, or recode its selections with a codebook code"
        )
        return PipelineError("E511", file=path, value=shown(name or guid), guid=guid, hint=hint)
    theme = any(t.id == found for t in codebook.themes)
    codes = [c.id for c in codebook.codes if found in ((c.theme,) if theme else (c.category,))]
    kind = "theme" if theme else "category"
    return PipelineError(
        "E512", file=path, count=count, value=name, kind=kind, codes=", ".join(codes)
    )


def code_points(
    project: Project, name: str, interview: str, counted: str, selections: Sequence[CoderSelection]
) -> list[CoderSelection]:
    """The selections in code points of the text with '\\n' line ends; E514 outside the text.

    counted (str): the source's text as the project counts positions in it.
    """
    unit = "bytes" if _taguette(project.root) else "characters"
    positions = position_map(counted, unit=unit)
    length, moved, errors = len(positions) - 1, [], []
    for selection in selections:
        end = length if selection.end == -1 else selection.end
        if 0 <= selection.start <= end <= length:
            moved.append(
                CoderSelection(positions[selection.start], positions[end], selection.codes)
            )
            continue
        source = shown_file(name, safe=[interview])
        errors.append(
            PipelineError("E514", file=project.path, source=source, interview=interview,
                          start=selection.start, end=end, length=length, unit=unit)
        )  # fmt: skip
    raise_all(errors)
    return moved


def _taguette(root: etree._Element) -> bool:
    return root.get("origin", "").strip().lower().startswith("taguette")


def source_text(project: Project, source: etree._Element) -> str:
    """A text source's PlainTextContent, or the file its plainTextPath names (E515)."""
    name = source.get("name", "")
    content = source.find("q:PlainTextContent", NS)
    if content is not None:
        return content.text or ""
    reference = source.get("plainTextPath", "")
    scheme, _, rest = reference.partition("://")
    member = {"internal": f"sources/{rest}", "relative": rest}.get(scheme)
    data = project.read(member) if member else None
    if data is None:
        problem = f"its plainTextPath {shown_file(reference)} is not in the project"
        raise PipelineError("E515", file=project.path, source=shown_file(name), problem=problem)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"{shown_file(reference)} is not UTF-8 (byte {error.start})"
        source = shown_file(name)
        raise PipelineError("E515", file=project.path, source=source, problem=problem) from error


def position_map(text: str, *, unit: str) -> Sequence[int]:
    """For each position the project counts in text, the code point it is once line ends are '\\n'.

    unit (str): 'characters' (Unicode code points, REFI-QDA) or 'bytes' (UTF-8, Taguette).
    RETURNS (Sequence[int]): one entry per position from 0 to the end, inclusive.
    """
    if unit == "characters" and "\r" not in text:
        return range(len(text) + 1)
    positions, at = [], 0
    for n, char in enumerate(text):
        positions += [at] * (len(char.encode("utf-8")) if unit == "bytes" else 1)
        if not (char == "\r" and text[n + 1 : n + 2] == "\n"):
            at += 1
    positions.append(at)
    return positions
