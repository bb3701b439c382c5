"""Snakemake adapter: agreement per code and overall, segment and interview level."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.merge.agreement_table import agreement

run_stage(
    agreement,
    log_path=snakemake.log[0],
    decisions_path=snakemake.input.decisions,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    coders=snakemake.params.coders,
    resamples=snakemake.params.resamples,
    seed=snakemake.params.seed,
    table_path=snakemake.output.table,
    markdown_path=snakemake.output.markdown,
)
