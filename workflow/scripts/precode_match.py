"""Snakemake adapter: codebook matches on every segment, with evidence and a summary."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parent))

from qualpipe.precode import precode
from qualpipe.runner import run_stage

run_stage(
    precode,
    log_path=snakemake.log[0],
    docs=list(snakemake.input.docs),
    turns=list(snakemake.input.turns),
    segments_path=snakemake.input.segments[0],
    codebook_path=snakemake.input.codebook,
    schema_path=snakemake.params.schema,
    language=snakemake.params.language,
    window=snakemake.params.window,
    broad_share=snakemake.params.broad_share,
    context=snakemake.params.context,
    groups=snakemake.params.groups,
    outputs={
        name: snakemake.output[name]
        for name in ("suggestions", "evidence", "concordance", "concordance_md", "summary")
    },
)
