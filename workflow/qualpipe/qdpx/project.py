"""project.qde (users, codebook, variables, cases, sources with their codings) and the .qdpx
zip around it, byte-identical for the same input."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from lxml import etree

from qualpipe.codebook import Codebook
from qualpipe.common.io import FIXED_TIME, write_bytes_atomic
from qualpipe.common.refi import (
    EXPORT_USERS,
    PIPELINE_USER,
    PROJECT_SCHEMA,
    XML_NAMESPACE,
    code_guid,
    guid,
    user_guid,
)
from qualpipe.qdpx.codebook import codes_element
from qualpipe.qdpx.markup import ORIGIN, check_valid, qname, xml_bytes
from qualpipe.qdpx.selections import Selection, coding_guid, selection_guid
from qualpipe.qdpx.sources import (
    VARIABLE_DESCRIPTIONS,
    VARIABLES,
    Case,
    Source,
    build_cases,
    source_guid,
)

STUDY_DESCRIPTION = (
    "Exported by qualpipe from anonymised transcripts. User 'pipeline': keyword pre-codes "
    "(suggestions); user 'consensus': the coders' final consensus codes."
)
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
COMPRESS_LEVEL = 6
FILE_MODE = 0o644 << 16  # rw-r--r-- in the zip's external attributes
UNIX = 3  # zip 'version made by' system: fixed, so that the bytes do not depend on the OS


def project_xml(
    *,
    name: str,
    codebook: Codebook,
    sources: Sequence[Source],
    cases: Sequence[Case],
    selections: Sequence[Selection],
    users: Sequence[str] = EXPORT_USERS,
    colours: Sequence[str] = (),
    description: str = STUDY_DESCRIPTION,
) -> bytes:
    """project.qde: users, codebook, variables, cases and the sources with their codings.

    name (str): the study's name (config study.name).
    selections (Sequence[Selection]): every export user's coded segments.
    users (Sequence[str]): the export users to declare, in EXPORT_USERS order (none: no
        Users element, as the schema wants at least one User in it).
    description (str): the project's Description, shown by QDA programs.
    RETURNS (bytes): UTF-8 XML, root Project in XML_NAMESPACE.
    """
    root = etree.Element(qname(XML_NAMESPACE, "Project"), nsmap={None: XML_NAMESPACE})
    root.set("name", name)
    root.set("origin", ORIGIN)
    root.set("creatingUserGUID", user_guid(PIPELINE_USER))
    if users:
        _users(root, users)
    book = etree.SubElement(root, qname(XML_NAMESPACE, "CodeBook"))
    book.append(codes_element(codebook, namespace=XML_NAMESPACE, colours=colours))
    _variables(root)
    _cases(root, cases)
    _sources(root, sources, selections)
    etree.SubElement(root, qname(XML_NAMESPACE, "Description")).text = description
    return xml_bytes(root)


def _element(parent: etree._Element, tag: str, /, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, qname(XML_NAMESPACE, tag))
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _users(root: etree._Element, users: Sequence[str]) -> None:
    element = _element(root, "Users")
    for user in users:
        _element(element, "User", guid=user_guid(user), name=user)


def _variables(root: etree._Element) -> None:
    element = _element(root, "Variables")
    for name in VARIABLES:
        variable = _element(element, "Variable", guid=guid("variable", name), name=name)
        variable.set("typeOfVariable", "Text")
        _element(variable, "Description").text = VARIABLE_DESCRIPTIONS[name]


def _values(parent: etree._Element, values: Mapping[str, str]) -> None:
    for name in VARIABLES:
        if values[name]:
            value = _element(parent, "VariableValue")
            _element(value, "VariableRef", targetGUID=guid("variable", name))
            _element(value, "TextValue").text = values[name]


def _cases(root: etree._Element, cases: Sequence[Case]) -> None:
    element = _element(root, "Cases")
    for case in cases:
        node = _element(element, "Case", guid=guid("case", case.person), name=case.name)
        _element(node, "Description").text = f"Participant {case.person}"
        _values(node, case.values)
        for interview in case.interviews:
            _element(node, "SourceRef", targetGUID=source_guid(interview))


def _sources(
    root: etree._Element, sources: Sequence[Source], selections: Sequence[Selection]
) -> None:
    by_interview: dict[str, list[Selection]] = defaultdict(list)
    for selection in selections:
        by_interview[selection.interview].append(selection)
    element = _element(root, "Sources")
    for source in sources:
        node = _element(element, "TextSource", guid=source_guid(source.interview))
        node.set("name", source.interview)
        node.set("plainTextPath", f"internal://{source_guid(source.interview)}.txt")
        node.set("creatingUser", user_guid(PIPELINE_USER))
        chosen = by_interview[source.interview]
        for selection in sorted(chosen, key=lambda s: (EXPORT_USERS.index(s.user), s.start, s.end)):
            _selection(node, selection)
        _values(node, source.values)


def _selection(parent: etree._Element, selection: Selection) -> None:
    user = user_guid(selection.user)
    node = _element(
        parent, "PlainTextSelection", guid=selection_guid(selection.user, selection.segment)
    )
    node.set("name", selection.segment)
    node.set("startPosition", str(selection.start))
    node.set("endPosition", str(selection.end))
    node.set("creatingUser", user)
    _element(node, "Description").text = selection.description
    for code in selection.codes:
        coding = _element(
            node,
            "Coding",
            guid=coding_guid(selection.user, selection.segment, code),
            creatingUser=user,
        )
        _element(coding, "CodeRef", targetGUID=code_guid(code))


def qdpx_bytes(project: bytes, sources: Sequence[Source]) -> bytes:
    """The .qdpx zip: project.qde and sources/<GUID>.txt, byte-identical for the same input.

    Entries are sorted, dated FIXED_TIME, with fixed mode, system and compression level.
    """
    files = {PROJECT_FILE: project}
    for source in sources:
        files[f"{SOURCES_FOLDER}/{source_guid(source.interview)}.txt"] = source.text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = UNIX
            entry.external_attr = FILE_MODE
            archive.writestr(entry, files[name], compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def write_project(
    path: str,
    *,
    name: str,
    codebook: Codebook,
    sources: Sequence[Source],
    selections: Sequence[Selection],
    users: Sequence[str],
    colours: Sequence[str],
    description: str = STUDY_DESCRIPTION,
) -> dict[str, int]:
    """Build project.qde (one case per participant), validate it, write the .qdpx zip.

    RETURNS (dict[str, int]): the numbers of sources, cases and codes written.
    """
    cases = build_cases(sources)
    project = project_xml(
        name=name,
        codebook=codebook,
        sources=sources,
        cases=cases,
        selections=selections,
        users=users,
        colours=colours,
        description=description,
    )
    check_valid(project, schema_path=PROJECT_SCHEMA, what=PROJECT_FILE)
    write_bytes_atomic(qdpx_bytes(project, sources), Path(path))
    return {"sources": len(sources), "cases": len(cases), "codes": len(codebook.codes)}
