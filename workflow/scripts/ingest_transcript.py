"""Snakemake adapter: parse one transcript into the canonical JSON document."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.ingest import ingest_interview
from qualpipe.runner import run_stage

run_stage(
    ingest_interview,
    log_path=snakemake.log[0],
    transcript_path=snakemake.input.transcript,
    participants_path=snakemake.input.participants,
    output_path=snakemake.output[0],
    interview_id=snakemake.wildcards.interview,
    extra_labels=snakemake.params.speaker_labels,
    study_language=snakemake.params.language,
    languages=snakemake.params.languages,
    min_confidence=snakemake.params.min_confidence,
)
