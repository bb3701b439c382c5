"""Snakemake adapter: a coder's own REFI-QDA project, to code in a QDA program."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.qdpx.export import export_coder_project

run_stage(
    export_coder_project,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    texts=list(snakemake.params.texts),
    segments_path=snakemake.input.segments,
    suggestions_path=snakemake.input.suggestions,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    groups=dict(snakemake.params.groups),
    name=snakemake.params.name,
    coder=snakemake.wildcards.coder,
    prefill=snakemake.params.prefill,
    qdpx_path=snakemake.output[0],
)
