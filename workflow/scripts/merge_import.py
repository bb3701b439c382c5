"""Snakemake adapter: the coders' returned sheets and QDA projects, checked, as one decision
per segment."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.merge.returned import import_sheets

run_stage(
    import_sheets,
    log_path=snakemake.log[0],
    coding_dir=snakemake.params.coding_dir,
    coders=snakemake.params.coders,
    segments_path=snakemake.input.segments,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    decisions_path=snakemake.output.decisions,
    review_path=snakemake.output.review,
    transcript_paths=list(snakemake.params.transcripts),
    overlap=snakemake.params.overlap,
    limits=snakemake.params.limits,
)
