"""Snakemake adapter: parse one batch of transcripts into canonical JSON documents."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.ingest.interview import ingest_batch

run_stage(
    ingest_batch,
    log_path=snakemake.log[0],
    interviews=snakemake.params.interviews,
    participants_path=snakemake.input.participants,
    output_dir=snakemake.output[0],
    extra_labels=snakemake.params.speaker_labels,
    study_language=snakemake.params.language,
    languages=snakemake.params.languages,
    min_confidence=snakemake.params.min_confidence,
    limits=snakemake.params.limits,
)
