"""Snakemake adapter: Table 1, interviews by role and wave."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.report.material import write_material

run_stage(
    write_material,
    log_path=snakemake.log[0],
    documents=list(snakemake.params.documents),
    csv_path=snakemake.output.csv,
    markdown_path=snakemake.output.markdown,
    roles=snakemake.params.roles,
    waves=snakemake.params.waves,
)
