"""Snakemake adapter: the study as a REFI-QDA project (.qdpx) and its codebook (.qdc)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.qdpx.export import export_qdpx

run_stage(
    export_qdpx,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    texts=list(snakemake.params.texts),
    segments_path=snakemake.input.segments,
    suggestions_path=snakemake.input.suggestions,
    final_path=snakemake.input.get("final", ""),
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    groups=dict(snakemake.params.groups),
    name=snakemake.params.name,
    qdpx_path=snakemake.output.qdpx,
    qdc_path=snakemake.output.qdc,
)
