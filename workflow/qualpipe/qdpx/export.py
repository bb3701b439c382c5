"""REFI-QDA export: the study as a QDA-XML project (.qdpx) and its codebook (.qdc).

The project holds the anonymised transcripts as plain-text sources, the codebook as nested
codes, one case per participant, and codings as plain-text selections. Identifiers are
derived from the study's own ids, so the same code, source or user gets the same GUID on
every run and in every study: a coder's project can be matched back by GUID.

Pitfalls of the standard (QDA-XML 1.0, Project-mrt2019.xsd) this module keeps to: the zip
holds `project.qde` and a flat `sources/` folder; positions count Unicode code points from 0,
end exclusive, in the source file exactly as stored; child elements come in the schema's
order; a TextSource has `plainTextPath` and no PlainTextContent. Both files are validated
against the vendored schemas before they are written: a failure is a bug, not a user error.
Only results/ material is read, which the anonymise stage has already pseudonymised.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from qualpipe.codebook import Code, Codebook, Node, load_codebook
from qualpipe.common.io import FIXED_TIME, read_rows, write_bytes_atomic
from qualpipe.common.refi import (
    CODEBOOK_NAMESPACE,
    CODEBOOK_SCHEMA,
    CONSENSUS_USER,
    EXPORT_USERS,
    PIPELINE_USER,
    PROJECT_SCHEMA,
    XML_NAMESPACE,
    code_guid,
    guid,
    user_guid,
)

LOGGER = logging.getLogger("qualpipe")


ORIGIN = "qualpipe"
STUDY_DESCRIPTION = (
    "Exported by qualpipe from anonymised transcripts. User 'pipeline': keyword pre-codes "
    "(suggestions); user 'consensus': the coders' final consensus codes."
)
CODER_DESCRIPTION = (
    "Coding project of {coder}, exported by qualpipe from anonymised transcripts. Code under "
    "your own user name, then export the project as REFI-QDA (.qdpx) into data/coding/{coder}/. "
    "An interview with at least one of your codings counts as coded: its segments you left "
    "uncoded count as 'nothing applies'. Interviews you do not code at all stay 'not coded'. "
    "Codings by 'pipeline' (keyword suggestions, if present) are ignored on return."
)
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
# The participant attributes exported as Text variables, in this order.
VARIABLES = ("role", "group", "site", "wave", "mode")
VARIABLE_DESCRIPTIONS = {
    "role": "The participant's role (config roles).",
    "group": "The comparison group of the role (config roles.<role>.group).",
    "site": "The office or unit, as numbered in the anonymised transcripts.",
    "wave": "The data-collection wave.",
    "mode": "How the interview was held.",
}
JOIN = "; "  # joins a person's differing values (wave 2013 and 2014) and a case's names
# A code's id leads its Description, so that an import can match by id when GUIDs are lost.
ID_TAG = "[id: {id}]"
ID_PATTERN = re.compile(r"^\[id: ([^\]\s]+)\]")
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
COMPRESS_LEVEL = 6
FILE_MODE = 0o644 << 16  # rw-r--r-- in the zip's external attributes
UNIX = 3  # zip 'version made by' system: fixed, so that the bytes do not depend on the OS


@dataclass(frozen=True)
class Source:
    """One interview as a text source.

    interview (str): its id. text (str): the anonymised transcript, exactly as stored.
    person (str): the participant's id (the interview id when there is none).
    attribution (str): how the anonymised transcript names the respondent.
    values (dict[str, str]): its VARIABLES values ('' when unknown).
    """

    interview: str
    text: str
    person: str
    attribution: str
    values: dict[str, str]


@dataclass(frozen=True)
class Case:
    """One participant: person id, name, joined variable values and their interviews."""

    person: str
    name: str
    values: dict[str, str]
    interviews: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    """One coded segment by one export user.

    user (str): PIPELINE_USER or CONSENSUS_USER. segment (str): the segment id.
    interview (str): its interview. start, end (int): code points, end exclusive.
    codes (tuple[str, ...]): code ids in codebook order. description (str): why coded.
    """

    user: str
    segment: str
    interview: str
    start: int
    end: int
    codes: tuple[str, ...]
    description: str


def source_guid(interview: str) -> str:
    """The GUID of an interview's text source; also names its file in sources/."""
    return guid("source", interview)


def selection_guid(user: str, segment: str) -> str:
    """The GUID of one user's selection of one segment."""
    return guid("selection", f"{user}:{segment}")


def coding_guid(user: str, segment: str, code: str) -> str:
    """The GUID of one user's coding of one segment with one code."""
    return guid("coding", f"{user}:{segment}:{code}")


def code_description(code_id: str, description: str) -> str:
    """A code's Description: its id tag, then the codebook's description.

    RETURNS (str): e.g. '[id: workload] Too many cases for one official.'
    """
    return f"{ID_TAG.format(id=code_id)} {description}".strip()


def described_code_id(description: str) -> str:
    """The code id a Description written by `code_description` starts with ('' if none)."""
    match = ID_PATTERN.match(description.strip())
    return match[1] if match else ""


def variable_values(attributes: Mapping[str, str], *, groups: Mapping[str, str]) -> dict[str, str]:
    """An interview's VARIABLES values; group comes from its role (config roles.<role>.group).

    attributes (Mapping[str, str]): the anonymised document's attributes.
    groups (Mapping[str, str]): role -> group.
    RETURNS (dict[str, str]): variable -> value ('' when unknown).
    """
    values = {name: str(attributes.get(name, "")) for name in VARIABLES}
    values["group"] = groups.get(values["role"], "")
    return values


def attribution(document: Mapping) -> str:
    """How the anonymised transcript names its respondent(s), joined; '' if no one answers."""
    labels = (t["speaker"] for t in document["turns"] if t["kind"] == "respondent")
    return JOIN.join(dict.fromkeys(labels))


def read_source(document_path: str, text_path: str, *, groups: Mapping[str, str]) -> Source:
    """One interview from its anonymised document (.json) and transcript (.txt)."""
    document = json.loads(Path(document_path).read_text(encoding="utf-8"))
    attributes = document.get("attributes", {})
    interview = document["interview_id"]
    return Source(
        interview=interview,
        # Decoded as stored: a CR LF stays two code points, as the segment offsets count it.
        text=Path(text_path).read_bytes().decode("utf-8"),
        person=attributes.get("person_id") or interview,
        attribution=attribution(document),
        values=variable_values(attributes, groups=groups),
    )


def build_cases(sources: Sequence[Source]) -> list[Case]:
    """One case per participant, in order of first interview; differing values joined.

    RETURNS (list[Case]): e.g. wave '2013; 2014' for a person interviewed in both waves.
    """
    by_person: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_person[source.person].append(source)
    return [
        Case(
            person=person,
            name=_joined(s.attribution for s in held) or person,
            values={name: _joined(s.values[name] for s in held) for name in VARIABLES},
            interviews=tuple(s.interview for s in held),
        )
        for person, held in by_person.items()
    ]


def _joined(values: Iterable[str]) -> str:
    return JOIN.join(dict.fromkeys(v for v in values if v))


def suggestion_selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    order: Sequence[str],
) -> list[Selection]:
    """The pre-coding suggestions as selections by PIPELINE_USER, one per segment.

    rows (Sequence[Mapping[str, str]]): results/precode/suggestions.csv.
    segments (Mapping[str, Mapping[str, str]]): segment id -> its segments.csv row.
    order (Sequence[str]): code ids in codebook order.
    RETURNS (list[Selection]): every suggested code coded; the Description names, per code,
        how it matched and the terms, e.g. 'workload (keyword): caseload (negated)'.
    """

    def note(row: Mapping[str, str]) -> str:
        negated = " (negated)" if row["negated"] == "true" else ""
        return f"{row['code']} ({row['sources']}): {row['terms']}{negated}"

    return _selections(rows, segments, user=PIPELINE_USER, order=order, note=note)


def consensus_selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    order: Sequence[str],
) -> list[Selection]:
    """The final consensus codes (results/coding/codes_final.csv) as CONSENSUS_USER's selections."""

    def note(row: Mapping[str, str]) -> str:
        return f"{row['code']}: {row['basis']} ({row['coders'].replace(';', '; ')})"

    return _selections(rows, segments, user=CONSENSUS_USER, order=order, note=note)


def _selections(
    rows: Sequence[Mapping[str, str]],
    segments: Mapping[str, Mapping[str, str]],
    *,
    user: str,
    order: Sequence[str],
    note: Callable[[Mapping[str, str]], str],
) -> list[Selection]:
    rank = {code: index for index, code in enumerate(order)}
    by_segment: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row["code"] not in rank:
            raise ValueError(f"{user}: code '{row['code']}' is not in the codebook")
        if row["segment_id"] not in segments:
            raise ValueError(f"{user}: segment '{row['segment_id']}' is not in segments.csv")
        by_segment[row["segment_id"]][row["code"]] = note(row)
    selections = []
    for segment_id, notes in by_segment.items():
        segment = segments[segment_id]
        codes = tuple(sorted(notes, key=rank.__getitem__))
        selections.append(
            Selection(
                user=user,
                segment=segment_id,
                interview=segment["interview_id"],
                start=int(segment["start"]),
                end=int(segment["end"]),
                codes=codes,
                description="\n".join(notes[code] for code in codes),
            )
        )
    return sorted(selections, key=lambda s: (s.interview, s.start, s.end, s.segment))


def check_positions(
    selections: Iterable[Selection],
    sources: Mapping[str, Source],
    segments: Mapping[str, Mapping[str, str]],
) -> None:
    """Raise ValueError (a bug) if a selection's code points are not its segment's text."""
    for selection in selections:
        text = sources[selection.interview].text[selection.start : selection.end]
        if text != segments[selection.segment]["text"]:
            raise ValueError(
                f"segment {selection.segment}: [{selection.start}, {selection.end}) of "
                f"{selection.interview} is not the segment's text"
            )


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def codes_element(codebook: Codebook, *, namespace: str, colours: Sequence[str]) -> etree._Element:
    """The Codes element: themes > categories > codes, GUIDs from their ids.

    namespace (str): XML_NAMESPACE (in a project) or CODEBOOK_NAMESPACE (a .qdc).
    colours (Sequence[str]): '#RRGGBB' per theme, cycled; () for no colours.
    RETURNS (etree._Element): themes and categories not codable, codes codable.
    """
    codes = etree.Element(_tag(namespace, "Codes"), nsmap={None: namespace})
    for index, theme in enumerate(codebook.themes):
        style = {"namespace": namespace, "colour": colours[index % len(colours)] if colours else ""}
        theme_code = _code(codes, theme, **style)
        for category in (c for c in codebook.categories if c.parent == theme.id):
            node = _code(theme_code, category, **style)
            for code in (c for c in codebook.codes if c.category == category.id):
                _code(node, code, codable=True, **style)
    return codes


def _code(
    parent: etree._Element,
    item: Node | Code,
    *,
    namespace: str,
    colour: str,
    codable: bool = False,
) -> etree._Element:
    element = etree.SubElement(parent, _tag(namespace, "Code"))
    element.set("guid", code_guid(item.id))
    element.set("name", item.label)
    element.set("isCodable", "true" if codable else "false")
    if colour:
        element.set("color", colour)
    description = etree.SubElement(element, _tag(namespace, "Description"))
    description.text = code_description(item.id, item.description)
    return element


def theme_colours() -> tuple[str, ...]:
    """The figures' Okabe-Ito palette, one colour per theme (imported late: matplotlib)."""
    from qualpipe.common.style import PALETTE

    return tuple(PALETTE)


def codebook_xml(codebook: Codebook, *, colours: Sequence[str] = ()) -> bytes:
    """The .qdc file: the codebook alone, root CodeBook in CODEBOOK_NAMESPACE."""
    root = etree.Element(_tag(CODEBOOK_NAMESPACE, "CodeBook"), nsmap={None: CODEBOOK_NAMESPACE})
    root.set("origin", ORIGIN)
    root.append(codes_element(codebook, namespace=CODEBOOK_NAMESPACE, colours=colours))
    return _xml_bytes(root)


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
    root = etree.Element(_tag(XML_NAMESPACE, "Project"), nsmap={None: XML_NAMESPACE})
    root.set("name", name)
    root.set("origin", ORIGIN)
    root.set("creatingUserGUID", user_guid(PIPELINE_USER))
    if users:
        _users(root, users)
    book = etree.SubElement(root, _tag(XML_NAMESPACE, "CodeBook"))
    book.append(codes_element(codebook, namespace=XML_NAMESPACE, colours=colours))
    _variables(root)
    _cases(root, cases)
    _sources(root, sources, selections)
    etree.SubElement(root, _tag(XML_NAMESPACE, "Description")).text = description
    return _xml_bytes(root)


def _element(parent: etree._Element, tag: str, /, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(XML_NAMESPACE, tag))
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


def _xml_bytes(root: etree._Element) -> bytes:
    return XML_DECLARATION + etree.tostring(root, encoding="utf-8", pretty_print=True)


@functools.cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def check_valid(data: bytes, *, schema_path: Path, what: str) -> None:
    """Raise ValueError (a bug: the export wrote it) if the XML does not fit the schema.

    data (bytes): the XML. schema_path (Path): PROJECT_SCHEMA or CODEBOOK_SCHEMA.
    what (str): the file's name in the message.
    """
    schema = _schema(schema_path)
    if not schema.validate(etree.fromstring(data)):
        errors = list(schema.error_log)
        raise ValueError(
            f"{what}: line {errors[0].line}: {errors[0].message} ({len(errors)} error(s) "
            f"against {schema_path.name})"
        )


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


def load_sources(
    documents: Sequence[str], texts: Sequence[str], *, groups: Mapping[str, str]
) -> list[Source]:
    """Every interview, in the order of `documents`; each .txt is found by its file stem."""
    by_stem = {Path(path).stem: path for path in texts}
    return [read_source(path, by_stem[Path(path).stem], groups=groups) for path in documents]


def load_selections(
    *,
    segments_path: str,
    suggestions_path: str,
    final_path: str,
    sources: Sequence[Source],
    order: Sequence[str],
) -> list[Selection]:
    """The pre-codes, and the consensus codes if final_path is given, checked on the texts.

    RETURNS (list[Selection]): PIPELINE_USER's, then CONSENSUS_USER's selections.
    """
    segments = {row["segment_id"]: row for row in read_rows(segments_path)}
    selections = suggestion_selections(read_rows(suggestions_path), segments, order=order)
    if final_path:
        selections += consensus_selections(read_rows(final_path), segments, order=order)
    check_positions(selections, {s.interview: s for s in sources}, segments)
    return selections


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


def export_qdpx(
    *,
    documents: Sequence[str],
    texts: Sequence[str],
    segments_path: str,
    suggestions_path: str,
    final_path: str,
    codebook_path: str,
    schema_path: str,
    groups: Mapping[str, str],
    name: str,
    qdpx_path: str,
    qdc_path: str,
) -> dict[str, int]:
    """Write the study as a REFI-QDA project and its codebook, both validated first.

    documents, texts (Sequence[str]): results/anonymised/<interview>.json and .txt.
    segments_path (str): results/segments/segments.csv. suggestions_path (str): the
        pre-coding suggestions. final_path (str): results/coding/codes_final.csv, or '' while
        no coder has returned a sheet (no consensus user then).
    codebook_path, schema_path (str): the codebook and its JSON schema.
    groups (Mapping[str, str]): role -> group (config roles). name (str): config study.name.
    qdpx_path, qdc_path (str): where to write.
    RETURNS (dict[str, int]): sources, cases, codes and selections per export user.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    sources = load_sources(documents, texts, groups=groups)
    selections = load_selections(
        segments_path=segments_path,
        suggestions_path=suggestions_path,
        final_path=final_path,
        sources=sources,
        order=codebook.ids,
    )
    colours = theme_colours()
    qdc = codebook_xml(codebook, colours=colours)
    check_valid(qdc, schema_path=CODEBOOK_SCHEMA, what=Path(qdc_path).name)
    counts = write_project(
        qdpx_path,
        name=name,
        codebook=codebook,
        sources=sources,
        selections=selections,
        users=EXPORT_USERS if final_path else (PIPELINE_USER,),
        colours=colours,
    )
    write_bytes_atomic(qdc, Path(qdc_path))
    counts |= {user: sum(s.user == user for s in selections) for user in EXPORT_USERS}
    LOGGER.info("exported %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def export_coder_project(
    *,
    documents: Sequence[str],
    texts: Sequence[str],
    segments_path: str,
    suggestions_path: str,
    codebook_path: str,
    schema_path: str,
    groups: Mapping[str, str],
    name: str,
    coder: str,
    prefill: bool,
    qdpx_path: str,
) -> dict[str, int]:
    """A coder's own REFI-QDA project to code in a QDA program, the sheet's alternative.

    Holds the transcripts, the codebook and the cases; with `prefill` (config
    coding.prefill) also the keyword suggestions as PIPELINE_USER's codings, which the import
    ignores; without it no coding at all, so that the coder codes independently.
    coder (str): the coder's name, in the project's name and instructions.
    RETURNS (dict[str, int]): sources, cases, codes and suggested selections.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    sources = load_sources(documents, texts, groups=groups)
    selections = (
        load_selections(
            segments_path=segments_path,
            suggestions_path=suggestions_path,
            final_path="",
            sources=sources,
            order=codebook.ids,
        )
        if prefill
        else []
    )
    counts = write_project(
        qdpx_path,
        name=f"{name} ({coder})",
        codebook=codebook,
        sources=sources,
        selections=selections,
        users=(PIPELINE_USER,) if prefill else (),
        colours=theme_colours(),
        description=CODER_DESCRIPTION.format(coder=coder),
    )
    counts["suggested"] = len(selections)
    LOGGER.info("%s: %s", coder, ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts
