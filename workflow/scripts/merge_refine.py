"""Snakemake adapter: pre-code accuracy against the final codes, and refinement hints."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.merge.refine import refine

run_stage(
    refine,
    log_path=snakemake.log[0],
    final_path=snakemake.input.final,
    consensus_path=snakemake.input.consensus,
    suggestions_path=snakemake.input.suggestions,
    evidence_path=snakemake.input.evidence,
    segments_path=snakemake.input.segments,
    docs=list(snakemake.input.docs),
    turns=list(snakemake.input.turns),
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    language=snakemake.params.language,
    development=snakemake.params.development,
    outputs={
        name: snakemake.output[name]
        for name in ("accuracy", "hints", "hints_md", "sets", "contradictions")
    },
)
