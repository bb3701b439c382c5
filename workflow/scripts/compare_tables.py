"""Snakemake adapter: comparison tables, their renderings and the exemplar quotes."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.common.runner import run_stage
from qualpipe.compare.tables import compare

run_stage(
    compare,
    log_path=snakemake.log[0],
    segments_path=snakemake.input.segments,
    documents=list(snakemake.params.documents),
    final_path=snakemake.input.get("final", ""),
    consensus_path=snakemake.input.get("consensus", ""),
    suggestions_path=snakemake.input.suggestions,
    codebook_path=snakemake.input.codebook,
    schema_path=str(Path(snakemake.scriptdir).parent / snakemake.params.schema),
    comparisons=snakemake.params.comparisons,
    roles=snakemake.params.roles,
    quotes=snakemake.params.quotes,
    resamples=snakemake.params.resamples,
    seed=snakemake.params.seed,
    outputs={
        name: snakemake.output[name]
        for name in (
            "prevalence",
            "comparisons",
            "panel",
            "rates",
            "cooccurrence",
            "quotes",
            "quotes_md",
            "quotes_tex",
            "tables_md",
            "tables_tex",
            "tables_docx",
        )
    },
)
