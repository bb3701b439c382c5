# Report: tables and figures under results/, with captions for `snakemake --report`.


rule report_material:
    input:
        documents=expand(f"{PRIVATE}/ingest/{{batch}}", batch=BATCHES),
    output:
        csv=report(
            "results/tables/table1_material.csv",
            caption="../report/table1_material.rst",
            category="Tables",
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
