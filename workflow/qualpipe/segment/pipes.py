"""Putting a faster component of our own in the place of one of the pipeline's, where it does
exactly the same work (the attribute table, the lemma memo; issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported where a pipeline is loaded, not here
    from spacy.language import Language


def replace_pipe(
    nlp: Language, name: str, factory: str, build: Callable[[Any], Callable | None]
) -> bool:
    """Put build(the component called name) in its place, under factory's name.

    build (Callable): the faster component made from the pipeline's own, or None where it
        cannot do the same work (the pipeline is then left as it is).
    RETURNS (bool): whether the faster component now does the work.
    """
    from spacy.language import Language

    if name not in nlp.pipe_names or build(nlp.get_pipe(name)) is None:
        return False
    if not Language.has_factory(factory):

        def make(nlp: Language, name: str) -> Callable:
            component = build(nlp.get_pipe(original))
            if component is None:
                raise ValueError(f"the pipeline's {original} cannot be replaced by {factory}")
            return component

        original = name
        Language.factory(factory, func=make)
    nlp.add_pipe(factory, before=name)
    nlp.remove_pipe(name)
    return True
