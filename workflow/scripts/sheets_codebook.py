"""Snakemake adapter: the codebook for coders, as Markdown and as a workbook."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.sheets.codebook import write_codebook

run_stage(
    write_codebook,
    log_path=snakemake.log[0],
    codebook_path=snakemake.input.codebook,
    schema_path=snakemake.input.schema,
    markdown_path=snakemake.output.markdown,
    xlsx_path=snakemake.output.xlsx,
)
