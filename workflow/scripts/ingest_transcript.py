"""Snakemake adapter: parse one transcript into the canonical JSON document."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.ingest.interview import ingest_interview

transcript = snakemake.input.transcript  # one path, or a list for several files
run_stage(
    ingest_interview,
    log_path=snakemake.log[0],
    transcript_path=transcript if isinstance(transcript, str) else list(transcript),
    participants_path=snakemake.input.participants,
    output_path=snakemake.output[0],
    interview_id=snakemake.wildcards.interview,
    extra_labels=snakemake.params.speaker_labels,
    study_language=snakemake.params.language,
    languages=snakemake.params.languages,
    min_confidence=snakemake.params.min_confidence,
    limits=snakemake.params.limits,
)
