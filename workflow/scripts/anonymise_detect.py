"""Snakemake adapter: detection layers over one batch of parsed transcripts."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.anonymise.detect import detect_batch
from qualpipe.common.runner import run_stage

run_stage(
    detect_batch,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    output_path=snakemake.output[0],
    participants_path=snakemake.input.participants,
    anonymisation_path=snakemake.input.terms[0] if snakemake.input.terms else "",
    model=snakemake.params.model,
    models=snakemake.params.models,
    language=snakemake.params.language,
    settings=snakemake.params.settings,
    find_dates=snakemake.params.find_dates,
    batch_size=snakemake.params.batch_size,
)
