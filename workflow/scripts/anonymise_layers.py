"""Snakemake adapter: per interview, its language and which anonymisation layers ran."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.anonymise.layers import write_layers
from qualpipe.common.runner import run_stage

run_stage(
    write_layers,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    detections=list(snakemake.input.detections),
    output=snakemake.output[0],
    study_language=snakemake.params.language,
)
