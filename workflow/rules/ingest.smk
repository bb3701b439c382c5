# Ingest: each interview's transcript (txt, docx, vtt, srt, TextGrid; several files when
# participants.csv lists them) becomes one JSON document of turns in the private folder, with
# the interview's language (participants.csv 'language', else detected among config's
# candidate languages). One job per interview; no spaCy model is loaded here.


rule ingest_transcript:
    input:
        transcript=transcript_path,
        # ancient: editing one row must not re-ingest every interview; the row's digest
        # in params reruns exactly the interviews whose rows changed.
        participants=ancient(PARTICIPANTS),
    output:
        f"{PRIVATE}/ingest/{{interview}}.json",
    log:
        "logs/ingest_transcript/{interview}.log",
    conda:
        "../envs/qualpipe.yaml"
    params:
        row_digest=row_digest,
        code=code_version("ingest_transcript.py"),
        speaker_labels=config["ingest"]["speaker_labels"],
        language=config["study"]["language"],
        languages=LANGUAGES,
        min_confidence=config["study"]["language_confidence"],
        limits=config["limits"],
    script:
        "../scripts/ingest_transcript.py"
