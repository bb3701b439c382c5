"""The catalogue's coding-sheet errors and warnings (E4xx, W4xx): the coders and the tables the
sheets are written from."""


class SheetsErrors:
    # E4xx: coding sheets
    E401 = (
        "{file}: coding.coders lists '{value}' and '{other}', one name once letter case is "
        "ignored (their folders would collide on Windows and macOS); rename one of them."
    )
    E402 = (
        "{file}: missing column(s) {columns}; the {stage} stage writes them: run snakemake "
        "again so that it rewrites the file, and do not edit it by hand."
    )
    E403 = (
        "{file}: row {row}: code '{value}' is not in {codebook}; the codebook changed since "
        "pre-coding: run snakemake again so that pre-coding uses the current codebook."
    )
    E404 = (
        "{file}: row {row}: segment '{value}' is not in {segments}; the two tables come from "
        "different runs: run snakemake again so that both are rewritten."
    )
    E405 = (
        "{file}: row {row}: segment_id '{value}' is used again (first on row {first_row}); "
        "coders' codes are joined by it: run snakemake again, and report it if it persists."
    )
    E406 = (
        "{file}: row {row}: interview '{value}' is not in participants.csv, so it would be in "
        "no per-interview sheet: run snakemake again so that segmentation is redone."
    )


class SheetsWarnings:
    W401 = (
        "{file}: {count} segment(s) have more suggested codes than the {columns} code "
        "columns; only the first are pre-filled, all stay in 'suggested': raise "
        "coding.code_columns in config.yaml if this matters."
    )
