# qualpipe: reproducible qualitative analysis of interview transcripts.
# Run `snakemake` in a study folder (or `snakemake --directory my-study`); the profile in
# profiles/default supplies --cores. common.smk checks and loads config.yaml; stages are
# included in pipeline order.
from snakemake.utils import min_version

min_version("9.0")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/anonymise.smk"
include: "workflow/rules/segment.smk"
include: "workflow/rules/precode.smk"
include: "workflow/rules/sheets.smk"
include: "workflow/rules/merge.smk"
include: "workflow/rules/qdpx.smk"
include: "workflow/rules/compare.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        rules.report_material.output,
        rules.report_landing.output,
        rules.anonymise_audit.output,
        rules.precode_match.output,
        rules.sheets_codebook.output,
        coding_sheet_outputs(),
        coder_projects(),
        merge_outputs(),
        rules.qdpx_export.output,
        rules.compare_tables.output,
        rules.compare_figures.output,
