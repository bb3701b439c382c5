"""The two exports a rule asks for: the study's project with its codebook, and a coder's own
project."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualpipe.codebook import load_codebook
from qualpipe.common.io import write_bytes_atomic
from qualpipe.common.refi import CODEBOOK_SCHEMA, EXPORT_USERS, PIPELINE_USER
from qualpipe.qdpx.codebook import codebook_xml, theme_colours
from qualpipe.qdpx.markup import check_valid
from qualpipe.qdpx.project import write_project
from qualpipe.qdpx.selections import load_selections
from qualpipe.qdpx.sources import load_sources

LOGGER = logging.getLogger("qualpipe")

CODER_DESCRIPTION = (
    "Coding project of {coder}, exported by qualpipe from anonymised transcripts. Code under "
    "your own user name, then export the project as REFI-QDA (.qdpx) into data/coding/{coder}/. "
    "An interview with at least one of your codings counts as coded: its segments you left "
    "uncoded count as 'nothing applies'. Interviews you do not code at all stay 'not coded'. "
    "Codings by 'pipeline' (keyword suggestions, if present) are ignored on return."
)


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
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
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
    codebook = load_codebook(codebook_path, schema_path=schema_path, check_patterns=False)
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
