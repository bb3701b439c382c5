"""Snakemake adapter: suggestions, concordance and summary from every batch's matches."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.precode.suggestions import precode

run_stage(
    precode,
    log_path=snakemake.log[0],
    batches=list(snakemake.input.batches),
    segments_path=snakemake.input.segments[0],
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    broad_share=snakemake.params.broad_share,
    groups=snakemake.params.groups,
    outputs={
        name: snakemake.output[name]
        for name in ("suggestions", "evidence", "concordance", "concordance_md", "summary")
    },
)
