"""Snakemake adapter: adjudication and the final consensus codes."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.merge.consensus import consensus

run_stage(
    consensus,
    log_path=snakemake.log[0],
    decisions_path=snakemake.input.decisions,
    adjudication_path=snakemake.params.adjudication,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    segments_path=snakemake.input.segments,
    rule=snakemake.params.rule,
    coders=snakemake.params.coders,
    limits=snakemake.params.limits,
    outputs={
        name: snakemake.output[name]
        for name in ("final", "consensus", "disagreements", "disagreements_csv")
    },
)
