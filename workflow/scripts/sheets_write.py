"""Snakemake adapter: one coder's coding sheets (.xlsx and .csv)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.sheets.coding import write_coding_sheets

run_stage(
    write_coding_sheets,
    log_path=snakemake.log[0],
    segments_path=snakemake.input.segments,
    suggestions_path=snakemake.input.suggestions,
    codebook_path=snakemake.input.codebook,
    schema_path=snakemake.input.schema,
    coder=snakemake.wildcards.coder,
    output_dir=str(Path(snakemake.output.xlsx[0]).parent),
    sheets=snakemake.params.sheets,
    interviews=list(snakemake.params.interviews),
    code_columns=snakemake.params.code_columns,
    prefill=snakemake.params.prefill,
    coding_dir=snakemake.params.coding_dir,
)
