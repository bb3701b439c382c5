# Segment: respondent turns of the anonymised transcripts split into meaning units, in one
# spaCy pass per batch and language (sentence boundaries and lemmas only, with each
# interview's own language pipeline); the tokens are kept in DocBins so that pre-coding never
# runs spaCy over the text again.


rule segment_units:
    input:
        documents=rules.anonymise_replace.output.anonymised,
        languages=rules.anonymise_layers.output[0],
    output:
        segments="results/segments/batches/{batch}.csv",
        docs="results/segments/batches/{batch}.spacy",
        turns="results/segments/batches/{batch}.turns.csv",
    log:
        "logs/segment_units/{batch}.log",
    benchmark:
        "logs/segment_units/{batch}.benchmark.tsv"
    conda:
        "../envs/qualpipe.yaml"
    resources:
        # The progress logger weighs a job by the bytes it reads; its input is the whole
        # folder, so it is told the batch's own (issue 16).
        input_bytes=batch_anonymised_bytes,
    params:
        documents=batch_anonymised,
        model=config["nlp"]["model"],
        models=MODELS,
        language=config["study"]["language"],
        limits=config_keys("segment", "unit", "min_words", "max_words"),
        groups=role_groups(),
        batch_size=config["nlp"]["batch_size"],
        code=code_version("segment_units.py"),
    script:
        "../scripts/segment_units.py"


rule segment_collect:
    input:
        expand("results/segments/batches/{batch}.csv", batch=BATCHES),
    output:
        "results/segments/segments.csv",
    log:
        "logs/segment_collect/segment_collect.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        order=list(INTERVIEWS),
        code=code_version("segment_collect.py"),
    script:
        "../scripts/segment_collect.py"
