# Precode: codebook keywords, Matcher patterns and regexes matched on the segments' lemmas,
# with evidence, negation flags and exclusions; a concordance and a summary by group.


rule precode_match:
    input:
        docs=expand("results/segments/batches/{batch}.spacy", batch=SEGMENT_BATCHES),
        turns=expand(
            "results/segments/batches/{batch}.turns.csv", batch=SEGMENT_BATCHES
        ),
        segments=rules.segment_collect.output,
        codebook=config["data"]["codebook"],
    output:
        suggestions="results/precode/suggestions.csv",
        evidence="results/precode/evidence.csv",
        concordance="results/precode/concordance.csv",
        concordance_md=report(
            "results/precode/concordance.md",
            caption="../report/concordance.rst",
            category="Segments and pre-coding",
        ),
        summary=report(
            "results/tables/precode_summary.csv",
            caption="../report/precode_summary.rst",
            category="Segments and pre-coding",
        ),
    log:
        "logs/precode_match/precode_match.log",
    benchmark:
        "logs/precode_match/precode_match.benchmark.tsv"
    conda:
        "../envs/qualpipe.yaml"
    params:
        schema=f"{SCHEMAS}/codebook.schema.yaml",
        language=config["study"]["language"],
        window=config["precode"]["negation_window"],
        broad_share=config["precode"]["broad_share"],
        context=config["precode"]["context_words"],
        groups=group_order(),
        code=code_version("precode", "codebook", "segment"),
    script:
        "../scripts/precode_match.py"
