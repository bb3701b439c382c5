"""The codebook as REFI-QDA codes: nested in a project, or alone as a .qdc file."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from qualpipe.codebook import Code, Codebook, Node
from qualpipe.common.refi import CODEBOOK_NAMESPACE, code_guid
from qualpipe.common.style import PALETTE
from qualpipe.qdpx.markup import ORIGIN, qname, xml_bytes

# A code's id leads its Description, so that an import can match by id when GUIDs are lost.
ID_TAG = "[id: {id}]"
ID_PATTERN = re.compile(r"^\[id: ([^\]\s]+)\]")


def code_description(code_id: str, description: str) -> str:
    """A code's Description: its id tag, then the codebook's description.

    RETURNS (str): e.g. '[id: workload] Too many cases for one official.'
    """
    return f"{ID_TAG.format(id=code_id)} {description}".strip()


def described_code_id(description: str) -> str:
    """The code id a Description written by `code_description` starts with ('' if none)."""
    match = ID_PATTERN.match(description.strip())
    return match[1] if match else ""


def codes_element(codebook: Codebook, *, namespace: str, colours: Sequence[str]) -> etree._Element:
    """The Codes element: themes > categories > codes, GUIDs from their ids.

    namespace (str): XML_NAMESPACE (in a project) or CODEBOOK_NAMESPACE (a .qdc).
    colours (Sequence[str]): '#RRGGBB' per theme, cycled; () for no colours.
    RETURNS (etree._Element): themes and categories not codable, codes codable.
    """
    codes = etree.Element(qname(namespace, "Codes"), nsmap={None: namespace})
    for index, theme in enumerate(codebook.themes):
        colour = colours[index % len(colours)] if colours else ""
        theme_code = _code(codes, theme, namespace=namespace, colour=colour)
        for category in (c for c in codebook.categories if c.parent == theme.id):
            node = _code(theme_code, category, namespace=namespace, colour=colour)
            for code in (c for c in codebook.codes if c.category == category.id):
                _code(node, code, namespace=namespace, colour=colour, codable=True)
    return codes


def _code(
    parent: etree._Element,
    item: Node | Code,
    *,
    namespace: str,
    colour: str,
    codable: bool = False,
) -> etree._Element:
    element = etree.SubElement(parent, qname(namespace, "Code"))
    element.set("guid", code_guid(item.id))
    element.set("name", item.label)
    element.set("isCodable", "true" if codable else "false")
    if colour:
        element.set("color", colour)
    description = etree.SubElement(element, qname(namespace, "Description"))
    description.text = code_description(item.id, item.description)
    return element


def theme_colours() -> tuple[str, ...]:
    """The figures' Okabe-Ito palette, one colour per theme."""
    return tuple(PALETTE)


def codebook_xml(codebook: Codebook, *, colours: Sequence[str] = ()) -> bytes:
    """The .qdc file: the codebook alone, root CodeBook in CODEBOOK_NAMESPACE."""
    root = etree.Element(qname(CODEBOOK_NAMESPACE, "CodeBook"), nsmap={None: CODEBOOK_NAMESPACE})
    root.set("origin", ORIGIN)
    root.append(codes_element(codebook, namespace=CODEBOOK_NAMESPACE, colours=colours))
    return xml_bytes(root)
