# Merge: the coders' returned sheets (or coded QDA projects) checked and placed on the
# current segments; agreement per code at segment and interview level; adjudication and the
# final consensus codes.


rule merge_import:
    input:
        sheets=returned_sheets,
        segments=rules.segment_collect.output[0],
        codebook=CODEBOOK,
        anonymised=rules.anonymise_replace.output.anonymised,
    output:
        decisions="results/coding/decisions.csv",
        review=f"{PRIVATE}/coding/remap_review.csv",
    log:
        "logs/merge_import/merge_import.log",
    priority: 1  # the longest chain to the leak audit: start it first (issue 16)
    conda:
        "../envs/qualpipe.yaml"
    params:
        transcripts=anonymised("txt"),
        coding_dir=config["data"]["coding_dir"],
        coders=CODING["coders"],
        schema=CODEBOOK_SCHEMA,
        overlap=config["qdpx"]["overlap"],
        limits=config_keys("limits", "zip_expanded_mb", "zip_members", "zip_ratio"),
        code=code_version("merge_import.py"),
    script:
        "../scripts/merge_import.py"


rule merge_agreement:
    input:
        decisions=rules.merge_import.output.decisions,
        codebook=CODEBOOK,
    output:
        table=report(
            "results/tables/agreement.csv",
            caption="../report/agreement.rst",
            category="2. Coding and agreement",
            labels={
                "table": "Agreement between coders per code",
                "file": "agreement.csv",
            },
        ),
        markdown="results/tables/agreement.md",
    log:
        "logs/merge_agreement/merge_agreement.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        coders=CODING["coders"],
        schema=CODEBOOK_SCHEMA,
        resamples=config["merge"]["resamples"],
        seed=config["merge"]["seed"],
        code=code_version("merge_agreement.py"),
    script:
        "../scripts/merge_agreement.py"


rule merge_consensus:
    input:
        decisions=rules.merge_import.output.decisions,
        adjudication=adjudication_file,
        segments=rules.segment_collect.output[0],
        codebook=CODEBOOK,
    output:
        final="results/coding/codes_final.csv",
        consensus="results/coding/consensus.csv",
        disagreements="results/coding/disagreements.xlsx",
        disagreements_csv="results/coding/disagreements.csv",
    log:
        "logs/merge_consensus/merge_consensus.log",
    priority: 1  # the longest chain to the leak audit: start it first (issue 16)
    conda:
        "../envs/qualpipe.yaml"
    params:
        adjudication=config["data"]["adjudication"],
        rule=config["merge"]["consensus"],
        coders=CODING["coders"],
        schema=CODEBOOK_SCHEMA,
        limits=config_keys("limits", "zip_expanded_mb", "zip_members", "zip_ratio"),
        code=code_version("merge_consensus.py"),
    script:
        "../scripts/merge_consensus.py"


rule merge_refine:
    input:
        final=rules.merge_consensus.output.final,
        consensus=rules.merge_consensus.output.consensus,
        suggestions=rules.precode_match.output.suggestions,
        evidence=rules.precode_match.output.evidence,
        segments=rules.segment_collect.output[0],
        docs=expand("results/segments/batches/{batch}.spacy", batch=BATCHES),
        turns=expand("results/segments/batches/{batch}.turns.csv", batch=BATCHES),
        codebook=CODEBOOK,
    output:
        accuracy=report(
            "results/tables/precode_accuracy.csv",
            caption="../report/precode_accuracy.rst",
            category="2. Coding and agreement",
            labels={
                "table": "Keyword suggestions against the consensus",
                "file": "precode_accuracy.csv",
            },
        ),
        hints="results/coding/refinement_hints.csv",
        hints_md="results/coding/refinement_hints.md",
        sets=report(
            "results/tables/category_prevalence_by_set.csv",
            caption="../report/category_prevalence_by_set.rst",
            category="2. Coding and agreement",
            labels={
                "table": "Categories in the development and confirmation sets",
                "file": "category_prevalence_by_set.csv",
            },
        ),
        contradictions="results/coding/contradictions.csv",
    log:
        "logs/merge_refine/merge_refine.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        schema=CODEBOOK_SCHEMA,
        language=config["study"]["language"],
        development=config["merge"]["development"],
        code=code_version("merge_refine.py"),
    script:
        "../scripts/merge_refine.py"
