"""Snakemake adapter: the article's figures from the comparison tables."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.compare.figures.draw import draw_figures

run_stage(
    draw_figures,
    log_path=snakemake.log[0],
    prevalence_path=snakemake.input.prevalence,
    panel_path=snakemake.input.panel,
    rates_path=snakemake.input.rates,
    cooccurrence_path=snakemake.input.cooccurrence,
    table1_path=snakemake.input.table1,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    comparisons=snakemake.params.comparisons,
    formats=snakemake.params.formats,
    folder=snakemake.params.folder,
    roles=snakemake.params.roles,
)
