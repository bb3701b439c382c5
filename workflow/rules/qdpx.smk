# QDPX: the study as a REFI-QDA (QDA-XML 1.0) project for NVivo, ATLAS.ti, MAXQDA and
# QualCoder: the anonymised transcripts, the codebook, one case per participant, the pre-codes
# (user 'pipeline') and, once coders have returned sheets, the consensus codes (user
# 'consensus'); and the codebook alone as .qdc. Both are validated against the REFI schemas.
# Each coder also gets a project of their own to code in (beside their sheet), without codings
# unless coding.prefill is true; they return it to data/coding/<coder>/ (see qdpx_read).


rule qdpx_export:
    input:
        unpack(compare_inputs),  # the consensus codes, once coders have returned sheets
        anonymised=rules.anonymise_replace.output.anonymised,
        segments=rules.segment_collect.output[0],
        suggestions=rules.precode_match.output.suggestions,
        codebook=CODEBOOK,
    output:
        qdpx=f"results/qdpx/{config['qdpx']['name']}.qdpx",
        qdc=f"results/qdpx/{config['qdpx']['name']}.qdc",
    log:
        "logs/qdpx_export/qdpx_export.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=anonymised("json"),
        texts=anonymised("txt"),
        schema=CODEBOOK_SCHEMA,
        groups=role_groups(),
        name=config["study"]["name"],
        code=code_version("qdpx_export.py"),
    script:
        "../scripts/qdpx_export.py"


rule qdpx_coder:
    input:
        anonymised=rules.anonymise_replace.output.anonymised,
        segments=rules.segment_collect.output[0],
        suggestions=rules.precode_match.output.suggestions,
        codebook=CODEBOOK,
    output:
        "results/coding/sheets/{coder}/{coder}_project.qdpx",
    log:
        "logs/qdpx_coder/{coder}.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        documents=anonymised("json"),
        texts=anonymised("txt"),
        schema=CODEBOOK_SCHEMA,
        groups=role_groups(),
        name=config["study"]["name"],
        prefill=CODING["prefill"],
        code=code_version("qdpx_coder.py"),
    script:
        "../scripts/qdpx_coder.py"
