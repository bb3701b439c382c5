"""Snakemake adapter: codebook matches in one segmentation batch."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.precode.batch import match_batch

run_stage(
    match_batch,
    log_path=snakemake.log[0],
    docs_path=snakemake.input.docs,
    turns_path=snakemake.input.turns,
    segments_path=snakemake.input.segments,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    language=snakemake.params.language,
    window=snakemake.params.window,
    context=snakemake.params.context,
    output=snakemake.output[0],
)
