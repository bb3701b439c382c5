"""The catalogue's anonymisation errors and warnings (E2xx, W2xx): the anonymisation file, the
private folder, and the leak audits of results and logs."""


class AnonymiseErrors:
    # E2xx: anonymisation
    E201 = (
        "{file}: line {line}: the term '{value}' is {problem}; a term must have two or more "
        "letters: write it out or delete the entry."
    )
    E202 = (
        "{file}: line {line}: never_redact lists the name of a participant or interviewer "
        "({where}; not repeated here); delete it from never_redact."
    )
    E203 = (
        "{file}: data.private_dir '{value}' lies inside results/, which is shared; choose a "
        "folder outside results/ (default data/private)."
    )
    E205 = "{file}: line {line}: {problem}; fix the entry (the schema in {schema} lists every key)."
    E204 = (
        "{file}: {count} possible real identifier(s) found by the leak audit (each with its "
        "line and context in {hits}, a private file); if a layer missed a name, add it to "
        "data/anonymisation.yaml 'redact'; if it is a word of the study, to 'never_redact'; "
        "then run again."
    )
    # The log audit runs after every run, failed or not (issue 14): a name in a log is most
    # often a transcript file named after its participant.
    E206 = (
        "{file}: {count} possible real identifier(s) in this log (each with its line and "
        "context in {hits}, a private file); if a file name holds a person's name, rename the "
        "file and its row in participants.csv; then delete the log (no job reads it) and run "
        "again; if a qualpipe message wrote the name, report it."
    )


class AnonymiseWarnings:
    W202 = (
        "{file}: {what} is also a name part of the {person} of interview {interview}; where "
        "it is written as a name it is replaced. To decide, list the word in "
        "data/anonymisation.yaml under never_redact (keep it) or redact (replace it everywhere)."
    )
    W201 = (
        "{file}: row {row}: interview '{value}' has no participant name; names in its text "
        "can only be found by the pattern, gazetteer and NER layers."
    )
