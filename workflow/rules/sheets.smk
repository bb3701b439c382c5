# Sheets: the codebook written out for coders, and one coding sheet per coder (for the whole
# study or per interview: config coding.sheets) with the segments, the pre-coding
# suggestions, and drop-downs of the codebook's code ids. Coders return them to
# data/coding/<coder>/.


rule sheets_codebook:
    input:
        codebook=CODEBOOK,
        schema=codebook_schema,
    output:
        markdown=report(
            "results/codebook/codebook.md",
            caption="../report/codebook.rst",
            category="2. Coding and agreement",
            labels={"table": "Codebook", "file": "codebook.md"},
        ),
        xlsx="results/codebook/codebook.xlsx",
    log:
        "logs/sheets_codebook/sheets_codebook.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        code=code_version("sheets_codebook.py"),
    script:
        "../scripts/sheets_codebook.py"


rule sheets_write:
    input:
        segments=rules.segment_collect.output[0],
        suggestions=rules.precode_match.output.suggestions,
        codebook=CODEBOOK,
        schema=codebook_schema,
    output:
        xlsx=coder_sheets("xlsx"),
        csv=coder_sheets("csv"),
    log:
        "logs/sheets_write/{coder}.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        code=code_version("sheets_write.py"),
        sheets=CODING["sheets"],
        interviews=list(INTERVIEWS) if CODING["sheets"] == "interview" else [],
        code_columns=CODING["code_columns"],
        prefill=CODING["prefill"],
        coding_dir=config["data"]["coding_dir"],
    script:
        "../scripts/sheets_write.py"
