"""A tiny template language for composing speech from parts.

A template is literal text with alternatives and slots:

- `{a|b|c}` picks one alternative (alternatives nest; an empty one drops the part);
- `<slot>` or `<slot:form>` asks the interview's cast for an identifier (a client's name,
  a phone number ...), which becomes a `Piece` carrying its gold category.

Expansion returns pieces rather than a string so that planted identifiers keep their
category through every later step (disfluencies, line wrapping, subtitle cues) and their
character spans can be computed when the file is written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Protocol


@dataclass(frozen=True)
class Piece:
    """A run of text; identifiers carry their gold category and kind.

    text (str): the characters as written.
    category (str | None): gold category ('person', 'phone' ...) or None for plain text.
    kind (str | None): finer kind ('client', 'participant', 'hospital' ...).
    """

    text: str
    category: str | None = None
    kind: str | None = None


class SlotFiller(Protocol):
    """What expansion asks for a slot's pieces (implemented by the interview's cast)."""

    def fill(self, slot: str, form: str, rng: random.Random) -> list[Piece]:
        """Return the pieces for one slot."""
        ...


@dataclass(frozen=True)
class _Lit:
    text: str


@dataclass(frozen=True)
class _Slot:
    name: str
    form: str


@dataclass(frozen=True)
class _Alt:
    options: tuple[tuple[object, ...], ...]


def _parse_seq(template: str, pos: int, *, nested: bool) -> tuple[tuple[object, ...], int, str]:
    """Parse until '|' or '}' (nested) or the end; return nodes, position and stop char."""
    nodes: list[object] = []
    buffer: list[str] = []
    while pos < len(template):
        char = template[pos]
        if nested and char in "|}":
            break
        if char in "{<":
            if buffer:
                nodes.append(_Lit("".join(buffer)))
                buffer = []
            node, pos = (
                _parse_alt(template, pos + 1) if char == "{" else _parse_slot(template, pos + 1)
            )
            nodes.append(node)
            continue
        buffer.append(char)
        pos += 1
    if buffer:
        nodes.append(_Lit("".join(buffer)))
    stop = template[pos] if pos < len(template) else ""
    if nested and stop == "":
        raise ValueError(f"unclosed '{{' in template: {template!r}")
    return tuple(nodes), pos, stop


def _parse_alt(template: str, pos: int) -> tuple[_Alt, int]:
    options: list[tuple[object, ...]] = []
    while True:
        nodes, pos, stop = _parse_seq(template, pos, nested=True)
        options.append(nodes)
        pos += 1
        if stop == "}":
            return _Alt(tuple(options)), pos


def _parse_slot(template: str, pos: int) -> tuple[_Slot, int]:
    end = template.index(">", pos)
    name, _, form = template[pos:end].partition(":")
    return _Slot(name, form), end + 1


@cache
def parse(template: str) -> tuple[object, ...]:
    """Parse a template into nodes (cached; templates are constants).

    template (str): the template text.
    RETURNS (tuple): the parsed nodes.
    """
    nodes, _, stop = _parse_seq(template, 0, nested=False)
    if stop:
        raise ValueError(f"unbalanced template: {template!r}")
    return nodes


def _expand_nodes(
    nodes: tuple[object, ...], rng: random.Random, filler: SlotFiller | None, out: list[Piece]
) -> None:
    for node in nodes:
        if isinstance(node, _Lit):
            out.append(Piece(node.text))
        elif isinstance(node, _Alt):
            _expand_nodes(node.options[rng.randrange(len(node.options))], rng, filler, out)
        elif isinstance(node, _Slot):
            if filler is None:
                out.append(Piece(f"<{node.name}>"))
            else:
                out.extend(filler.fill(node.name, node.form, rng))


def merge(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring plain pieces and drop empty ones.

    pieces (list[Piece]): pieces in order.
    RETURNS (list[Piece]): the same text with plain runs merged.
    """
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and piece.category is None and merged[-1].category is None:
            merged[-1] = Piece(merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def expand(template: str, rng: random.Random, *, filler: SlotFiller | None = None) -> list[Piece]:
    """Expand a template into pieces, choosing alternatives with `rng`.

    template (str): the template.
    rng (random.Random): the interview's random generator.
    filler (SlotFiller | None): the cast that fills slots; None leaves `<slot>` markers.
    RETURNS (list[Piece]): the expanded pieces, plain runs merged, spaces tidied.
    """
    out: list[Piece] = []
    _expand_nodes(parse(template), rng, filler, out)
    return tidy(merge(out))


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Collapse double spaces and spaces before punctuation left by empty alternatives."""
    text_pieces: list[Piece] = []
    for piece in pieces:
        if piece.category is not None:
            text_pieces.append(piece)
            continue
        text = piece.text
        while "  " in text:
            text = text.replace("  ", " ")
        for mark in (",", ".", "?", "!", ";"):
            text = text.replace(" " + mark, mark)
        text = text.replace(",,", ",").replace(",.", ".").replace(",?", "?")
        text_pieces.append(Piece(text))
    return merge(text_pieces)


def plain(pieces: list[Piece]) -> str:
    """The text of pieces joined."""
    return "".join(piece.text for piece in pieces)


def count_variants(template: str) -> int:
    """How many distinct strings a template can produce, slots counted once.

    template (str): the template.
    RETURNS (int): the number of alternative combinations.
    """
    return _count(parse(template))


def _count(nodes: tuple[object, ...]) -> int:
    total = 1
    for node in nodes:
        if isinstance(node, _Alt):
            total *= sum(_count(option) for option in node.options)
    return total
