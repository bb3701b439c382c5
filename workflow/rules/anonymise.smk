# Anonymise: identifiers found in layers (lexicon, patterns, gazetteer, NER, review), one
# pseudonym per real entity for the whole study, then a leak audit over results/ and logs/.
# Detections, the key and the review list hold real text: private folder only.


rule anonymise_detect:
    input:
        documents=f"{PRIVATE}/ingest/{{batch}}",
        participants=ancient(PARTICIPANTS),
        terms=anonymisation_terms,
    output:
        f"{PRIVATE}/anonymise/detections/{{batch}}.jsonl",
    log:
        "logs/anonymise_detect/{batch}.log",
    benchmark:
        "logs/anonymise_detect/{batch}.benchmark.tsv"
    conda:
        "../envs/qualpipe.yaml"
    threads: 1
    params:
        documents=batch_ingested,
        model=config["nlp"]["model"],
        models=MODELS,
        code=code_version("anonymise_detect.py"),
        language=config["study"]["language"],
        batch_size=config["nlp"]["batch_size"],
        settings=config_keys(
            "anonymise", "ner_labels", "gazetteer_locales", "never_redact"
        ),
        # month, year and redact find the same dates: a change among them reruns no NER.
        find_dates=config["anonymise"]["dates"] != "keep",
    script:
        "../scripts/anonymise_detect.py"


rule anonymise_layers:
    input:
        documents=expand(f"{PRIVATE}/ingest/{{batch}}", batch=BATCHES),
        detections=expand(
            f"{PRIVATE}/anonymise/detections/{{batch}}.jsonl", batch=BATCHES
        ),
    output:
        report(
            LAYERS_TABLE,
            caption="../report/anonymisation_layers.rst",
            category="3. Material and anonymisation",
            labels={
                "table": "Anonymisation: what each layer found",
                "file": "anonymisation_layers.csv",
            },
        ),
    log:
        "logs/anonymise_layers/anonymise_layers.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=INGESTED,
        language=config["study"]["language"],
        code=code_version("anonymise_layers.py"),
    script:
        "../scripts/anonymise_layers.py"


rule anonymise_replace:
    input:
        documents=expand(f"{PRIVATE}/ingest/{{batch}}", batch=BATCHES),
        detections=expand(
            f"{PRIVATE}/anonymise/detections/{{batch}}.jsonl", batch=BATCHES
        ),
        participants=ancient(PARTICIPANTS),
    output:
        anonymised=directory(ANONYMISED),
        summary=report(
            "results/tables/anonymisation_summary.csv",
            caption="../report/anonymisation_summary.rst",
            category="3. Material and anonymisation",
            labels={
                "table": "Anonymisation: replacements per interview",
                "file": "anonymisation_summary.csv",
            },
        ),
        key=f"{PRIVATE}/anonymise/key.csv",
        review=f"{PRIVATE}/anonymise/review.csv",
        log=f"{PRIVATE}/anonymise/log.json",
    log:
        "logs/anonymise_replace/anonymise_replace.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=INGESTED,
        roles=anonymise_roles(),
        code=code_version("anonymise_replace.py"),
        site_labels=config["anonymise"]["site_labels"],
        settings=config_keys(
            "anonymise", "dates", "strict", "surrogates", "gazetteer_locales"
        ),
        language=config["study"]["language"],
        protected=study_vocabulary(),
        model=config["nlp"]["model"],
    script:
        "../scripts/anonymise_replace.py"


rule anonymise_audit:
    input:
        anonymised=rules.anonymise_replace.output.anonymised,
        tables=[
            rules.anonymise_replace.output.summary,
            rules.anonymise_layers.output,
            "results/tables/table1_material.csv",
        ],
        later=audited_outputs,
        key=rules.anonymise_replace.output.key,
        participants=ancient(PARTICIPANTS),
        terms=anonymisation_terms,
    output:
        report(
            "results/audit/leak_audit.txt",
            caption="../report/leak_audit.rst",
            category="3. Material and anonymisation",
            labels={"table": "Leak audit of every output", "file": "leak_audit.txt"},
        ),
    log:
        "logs/anonymise_audit/anonymise_audit.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        folders=["results", "logs"],
        model=config["nlp"]["model"],
        code=code_version("anonymise_audit.py"),
        language=config["study"]["language"],
        limits=config_keys("limits", "zip_expanded_mb", "zip_members", "zip_ratio"),
    script:
        "../scripts/anonymise_audit.py"
