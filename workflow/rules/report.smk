# Report: tables and figures under results/, with captions for `snakemake --report`.


rule report_material:
    input:
        documents=expand(f"{PRIVATE}/ingest/{{batch}}", batch=BATCHES),
    output:
        csv=report(
            "results/tables/table1_material.csv",
            caption="../report/table1_material.rst",
            category="3. Material and anonymisation",
            labels={
                "table": "Table 1: interviews by role and wave",
                "file": "table1_material.csv",
            },
        ),
        markdown="results/tables/table1_material.md",
    log:
        "logs/report_material/report_material.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=INGESTED,
        roles=role_labels(),
        code=code_version("report_material.py"),
        waves=config_values(config, "waves"),
    script:
        "../scripts/report_material.py"


rule report_landing:
    input:
        unpack(landing_inputs),
        rates=rules.compare_tables.output.rates,
        table1=rules.report_material.output.csv,
        large=large_tables(),
        style=lambda wildcards: str(WORKFLOW / "report" / "landing.css"),
    output:
        "results/report/landing.html",
    log:
        "logs/report_landing/report_landing.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        study=config["study"]["name"],
        comparisons=config["compare"]["comparisons"],
        labels=group_labels(),
        plan=figure_plan_ids(),
        code=code_version("report_landing.py"),
    script:
        "../scripts/report_landing.py"
