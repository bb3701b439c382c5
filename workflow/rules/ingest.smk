# Ingest: each interview's transcript (txt, docx, vtt, srt, TextGrid; several files when
# participants.csv lists them) becomes one JSON document of turns in the private folder, with
# the interview's language (participants.csv 'language', else detected among config's
# candidate languages). One job per batch of interviews (config batches), each writing its
# batch's folder; no spaCy model is loaded here.


rule ingest_batch:
    input:
        transcripts=batch_transcripts,
        # ancient: editing one row must not re-ingest every batch; the rows' digests in
        # params rerun exactly the batches whose rows changed.
        participants=ancient(PARTICIPANTS),
    output:
        directory(f"{PRIVATE}/ingest/{{batch}}"),
    log:
        "logs/ingest_batch/{batch}.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        interviews=batch_files,
        row_digests=batch_digests,
        code=code_version("ingest_batch.py"),
        speaker_labels=config["ingest"]["speaker_labels"],
        language=config["study"]["language"],
        languages=LANGUAGES,
        min_confidence=config["study"]["language_confidence"],
        limits=config["limits"],
    script:
        "../scripts/ingest_batch.py"
