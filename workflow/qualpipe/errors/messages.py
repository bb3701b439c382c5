"""Catalogued messages raised and logged: a PipelineError per user error (several raised at once),
and warnings collected so that each is emitted once, with a count."""

from __future__ import annotations

import logging
import string
from collections import Counter
from collections.abc import Iterable

from qualpipe.errors.catalogue import Errors, Warnings

LOGGER = logging.getLogger("qualpipe")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class PipelineError(Exception):
    """A problem with the user's input, reported as one line per problem.

    code (str): the catalogue code, e.g. 'E101'.
    fields: the values for the message's placeholders.
    """

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        template = getattr(Errors, code)
        missing = _placeholders(template) - fields.keys()
        if missing:
            raise KeyError(f"{code} needs {sorted(missing)}")
        super().__init__(f"[{code}] {template.format(**fields)}")


class PipelineErrors(PipelineError):
    """Several user errors found by one validator, raised together."""

    def __init__(self, errors: Iterable[PipelineError]) -> None:
        self.errors = list(errors)
        self.code = self.errors[0].code
        self.fields = {}
        Exception.__init__(self, "\n".join(str(error) for error in self.errors))


def raise_all(errors: list[PipelineError]) -> None:
    """Raise the collected errors at once: one stays itself, several become a list."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise PipelineErrors(errors)


def warning_text(code: str, **fields: object) -> str:
    """Format a catalogued warning as its one-line message."""
    return f"[{code}] {getattr(Warnings, code).format(**fields)}"


class WarningLog:
    """Collects warnings so that each distinct message is emitted once, with a count."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, code: str, **fields: object) -> None:
        self.counts[warning_text(code, **fields)] += 1

    def emit(self, logger: logging.Logger = LOGGER) -> list[str]:
        lines = [
            text if count == 1 else f"{text} ({count} times)"
            for text, count in sorted(self.counts.items())
        ]
        for line in lines:
            logger.warning(line)
        return lines
