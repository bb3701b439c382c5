"""The XML both REFI-QDA files share: qualified tags, the declaration, and validation against
the vendored schemas."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

ORIGIN = "qualpipe"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def qname(namespace: str, name: str) -> str:
    """An element's name in a namespace, as lxml writes it: '{namespace}name'."""
    return f"{{{namespace}}}{name}"


def xml_bytes(root: etree._Element) -> bytes:
    """The element as a UTF-8 XML file, with its declaration."""
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
