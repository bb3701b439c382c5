# Compare: interview-level presence of codes, categories and themes by group and wave, with
# tests, co-occurrence and exemplar quotes. Consensus codes once coders have returned sheets;
# keyword suggestions before that, said on every output.


rule compare_tables:
    input:
        unpack(compare_inputs),
        segments=rules.segment_collect.output[0],
        anonymised=rules.anonymise_replace.output.anonymised,
        suggestions=rules.precode_match.output.suggestions,
        codebook=CODEBOOK,
    output:
        prevalence=report(
            "results/tables/prevalence.csv",
            caption="../report/prevalence.rst",
            category="1. Findings",
            labels={
                "table": "Presence: share of interviews with each code",
                "file": "prevalence.csv",
            },
        ),
        comparisons=report(
            "results/tables/comparisons.csv",
            caption="../report/comparisons.rst",
            category="1. Findings",
            labels={
                "table": "Presence tests by comparison (Fisher, chi-square, McNemar)",
                "file": "comparisons.csv",
            },
        ),
        panel="results/tables/panel.csv",
        rates=report(
            "results/tables/rate_comparisons.csv",
            caption="../report/rate_comparisons.rst",
            category="1. Findings",
            labels={
                "table": "Rates: coded segments per 1,000 words, tests by comparison",
                "file": "rate_comparisons.csv",
            },
        ),
        cooccurrence="results/tables/cooccurrence.csv",
        quotes="results/quotes/quotes.csv",
        quotes_md=report(
            "results/quotes/quotes.md",
            caption="../report/quotes.rst",
            category="1. Findings",
            labels={"table": "Exemplar quotes by code and group", "file": "quotes.md"},
        ),
        quotes_tex="results/quotes/quotes.tex",
        tables_md="results/tables/comparison_tables.md",
        tables_tex="results/tables/comparison_tables.tex",
        tables_docx="results/tables/comparison_tables.docx",
    log:
        "logs/compare_tables/compare_tables.log",
    priority: 1  # the longest chain to the leak audit: start it first (issue 16)
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=anonymised("json"),
        schema=CODEBOOK_SCHEMA,
        comparisons=config["compare"]["comparisons"],
        roles=config["roles"],
        quotes=config["compare"]["quotes"],
        resamples=config["compare"]["resamples"],
        seed=config["compare"]["seed"],
        code=code_version("compare_tables.py"),
    script:
        "../scripts/compare_tables.py"


rule compare_figures:
    input:
        prevalence=rules.compare_tables.output.prevalence,
        panel=rules.compare_tables.output.panel,
        rates=rules.compare_tables.output.rates,
        cooccurrence=rules.compare_tables.output.cooccurrence,
        table1="results/tables/table1_material.csv",
        codebook=CODEBOOK,
    output:
        figure_outputs(),
    log:
        "logs/compare_figures/compare_figures.log",
    priority: 1  # the longest chain to the leak audit: start it first (issue 16)
    conda:
        "../envs/qualpipe.yaml"
    params:
        schema=CODEBOOK_SCHEMA,
        comparisons=config["compare"]["comparisons"],
        formats=config["compare"]["figure_formats"],
        roles=config["roles"],
        folder=lambda wildcards, output: str(Path(output[0]).parent),
        code=code_version("compare_figures.py"),
    script:
        "../scripts/compare_figures.py"
