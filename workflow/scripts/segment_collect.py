"""Snakemake adapter: the batches' segments in one table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.segment.units import collect_segments

run_stage(
    collect_segments,
    log_path=snakemake.log[0],
    batches=list(snakemake.input),
    order=snakemake.params.order,
    output=snakemake.output[0],
)
