"""Snakemake adapter: the leak audit over results/ and logs/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.anonymise.audit import audit_folders
from qualpipe.common.runner import run_stage

run_stage(
    audit_folders,
    log_path=snakemake.log[0],
    folders=snakemake.params.folders,
    key_path=snakemake.input.key,
    participants_path=snakemake.input.participants,
    anonymisation_path=snakemake.input.terms[0] if snakemake.input.terms else "",
    output_path=snakemake.output[0],
    language=snakemake.params.language,
    model=snakemake.params.model,
    limits=snakemake.params.limits,
)
