"""Snakemake adapter: pseudonyms for the whole study, anonymised transcripts, summary."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.anonymise.replace import replace_all
from qualpipe.common.runner import run_stage

run_stage(
    replace_all,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    detections=list(snakemake.input.detections),
    participants_path=snakemake.input.participants,
    output_dir=snakemake.output.anonymised,
    summary_path=snakemake.output.summary,
    private_dir=str(Path(snakemake.output.key).parent),
    roles=snakemake.params.roles,
    site_labels=snakemake.params.site_labels,
    settings=snakemake.params.settings,
    language=snakemake.params.language,
    protected=snakemake.params.protected,
    model=snakemake.params.model,
)
