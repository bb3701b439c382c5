"""Snakemake adapter: one batch of anonymised transcripts into meaning units."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.segment.units import segment_batch

run_stage(
    segment_batch,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    segments_path=snakemake.output.segments,
    docs_path=snakemake.output.docs,
    turns_path=snakemake.output.turns,
    model=snakemake.params.model,
    models=snakemake.params.models,
    languages_path=snakemake.input.languages,
    language=snakemake.params.language,
    limits=snakemake.params.limits,
    groups=snakemake.params.groups,
    batch_size=snakemake.params.batch_size,
)
