# Precode: codebook keywords, Matcher patterns and regexes matched on the segments' lemmas,
# with evidence, negation flags and exclusions, one job per segmentation batch; then the
# suggestions, a concordance and a summary by group for the whole study.


rule precode_batch:
    input:
        docs="results/segments/batches/{batch}.spacy",
        turns="results/segments/batches/{batch}.turns.csv",
        segments="results/segments/batches/{batch}.csv",
        codebook=CODEBOOK,
    output:
        "results/precode/batches/{batch}.csv",
    log:
        "logs/precode_batch/{batch}.log",
    benchmark:
        "logs/precode_batch/{batch}.benchmark.tsv"
    conda:
        "../envs/qualpipe.yaml"
    params:
        schema=CODEBOOK_SCHEMA,
        language=config["study"]["language"],
        window=config["precode"]["negation_window"],
        context=config["precode"]["context_words"],
        code=code_version("precode_batch.py"),
    script:
        "../scripts/precode_batch.py"


rule precode_match:
    input:
        batches=expand("results/precode/batches/{batch}.csv", batch=BATCHES),
        segments=rules.segment_collect.output,
        codebook=CODEBOOK,
    output:
        suggestions="results/precode/suggestions.csv",
        evidence="results/precode/evidence.csv",
        concordance="results/precode/concordance.csv",
        concordance_md="results/precode/concordance.md",
        summary=report(
            "results/tables/precode_summary.csv",
            caption="../report/precode_summary.rst",
            category="4. Segments and pre-coding",
            labels={
                "table": "Keyword suggestions per code",
                "file": "precode_summary.csv",
            },
        ),
    log:
        "logs/precode_match/precode_match.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        schema=CODEBOOK_SCHEMA,
        broad_share=config["precode"]["broad_share"],
        groups=group_order(),
        code=code_version("precode_match.py"),
    script:
        "../scripts/precode_match.py"
