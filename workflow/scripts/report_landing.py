"""Snakemake adapter: the report's first page, the study and its findings."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.report.landing import write_landing

run_stage(
    write_landing,
    log_path=snakemake.log[0],
    study=snakemake.params.study,
    rates_path=snakemake.input.rates,
    table1_path=snakemake.input.table1,
    agreement_path=snakemake.input.get("agreement"),
    comparisons=snakemake.params.comparisons,
    labels=snakemake.params.labels,
    figures={Path(path).stem: path for path in snakemake.input.figures},
    captions={Path(path).stem.removeprefix("fig_"): path for path in snakemake.input.captions},
    plan=snakemake.params.plan,
    large_files=list(snakemake.input.large),
    style_path=snakemake.input.style,
    output_path=snakemake.output[0],
)
