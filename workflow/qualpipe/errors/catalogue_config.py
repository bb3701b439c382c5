"""The catalogue's configuration errors (E0xx): config.yaml, participants.csv and the study's
data contract, zip archives, starting a study, the study's settings against its data, and the
languages of the interviews. No warnings are numbered in this range."""


class ConfigErrors:
    # E0xx: configuration and the study's data contract
    E001 = (
        "{file}: row {row}, column '{column}': {problem} (found {value}); "
        "allowed: {allowed}. Fix the row or declare the value in config.yaml."
    )
    E002 = (
        "{file}: missing column(s) {columns}; the header must name interview_id, file, "
        "participant, role, site, wave, date, mode, interviewer (docs/data-contract.md)."
    )
    E003 = (
        "{file}: row {row}, column 'interview_id': '{value}' is used again (first on row "
        "{first_row}); give every interview its own id."
    )
    # A file's name is often its participant's ('Anna_Svensson.docx'): E004-E013 give the
    # row, never the name; E006, which has no row, a redacted form (errors.shown_file).
    E004 = (
        "{file}: row {row}, column 'file': a file listed there does not exist in {raw_dir}; "
        "correct the name or add the transcript."
    )
    E005 = (
        "{file}: row {row}, column 'file': a path listed there is empty or points outside "
        "{raw_dir}; give a path relative to {raw_dir} without '..' or a leading '/'."
    )
    E006 = (
        "{raw_dir}: the transcript {value} (in name order the file number {number} there) is "
        "not listed in {file}; add a row for it or move it out of {raw_dir}."
    )
    E007 = "{file}: not found; create it (docs/data-contract.md shows the columns)."
    E008 = (
        "{file}: row {row}, column 'file': a file listed there is listed again (first on row "
        "{first_row}); one transcript belongs to one interview."
    )
    E009 = "{file}: has a header but no interviews; add one row per interview."
    E010 = (
        "{file}: row {row}, column 'file': a file listed there has the unsupported type {suffix}; "
        "convert it to one of {allowed}."
    )
    E011 = "{file}: {problem}; fix config.yaml (the schema in {schema} lists every key)."
    E012 = "{file}: row {row}: {problem}; check for a stray comma or quote on that row."
    E013 = (
        "{file}: row {row}, column 'file': the files listed there mix TextGrids with other types; "
        "list either TextGrids (one per speaker, interleaved by time) or files of one "
        "interview in order, not both."
    )
    # Zip archives (.docx, .xlsx, .qdpx), checked before anything in them is decompressed
    # (qualpipe.common.archive, issue 14): a zip bomb is refused in seconds, not after gigabytes.
    E014 = (
        "{file}: expands to {found} MB when unzipped, more than limits.zip_expanded_mb allows "
        "({limit} MB); if the file is what you expect, raise limits.zip_expanded_mb in "
        "config.yaml, else save it again from the program that made it."
    )
    E015 = (
        "{file}: the zip archive holds {found} files, more than limits.zip_members allows "
        "({limit}); if the file is what you expect, raise limits.zip_members in config.yaml, "
        "else save it again from the program that made it."
    )
    E016 = (
        "{file}: expands to {found} times its compressed size, more than limits.zip_ratio "
        "allows ({limit}), as a zip bomb does; if the file is what you expect, raise "
        "limits.zip_ratio in config.yaml, else save it again from the program that made it."
    )
    E017 = (
        "{file}: row {row}, column 'file': the file is a link to a file outside {raw_dir}, "
        "which is never followed; copy the transcript itself into {raw_dir}."
    )
    E018 = (
        "{file}: the values are separated by {delimiter}, not by commas; save the sheet as "
        "comma-separated values (CSV UTF-8 in Excel, or choose ',' as the separator)."
    )
    E019 = (
        "{file}: {problem}; config.yaml must be a YAML mapping of sections (study:, roles:, "
        "waves:, sites:, ...): start from the one `make study` writes (README, 'Your own "
        "study') or from the demo's."
    )

    # E02x: starting a study (python -m qualpipe.scaffold) and the study's settings against its data
    E020 = (
        "{file}: already exists; the scaffold never writes into an existing folder: name a "
        "new one (or adapt that study's config.yaml by hand)."
    )
    E021 = (
        "{file}: row {row}, column 'role': {value} cannot be a role key of config.yaml; "
        "write roles in lower case with letters, digits and '_' (e.g. unit_manager)."
    )
    E022 = (
        "{file}: not a folder; give --transcripts the folder that holds the files "
        "participants.csv lists in its 'file' column."
    )
    E023 = (
        "{file}: compare.comparisons '{comparison}': no interview{scope} has {variable} "
        "'{value}'; values with interviews: {allowed}. Fix the value or delete the comparison."
    )
    E024 = (
        "{file}: compare.comparisons '{comparison}': '{variable}' is no attribute of the "
        "interviews; use group, role, wave, site, mode or a column of {participants}."
    )
    E025 = (
        "{file}: compare.comparisons '{comparison}': panel '{panel}' {problem}; a panel "
        "compares two values of one person's interviews (e.g. two waves, panel: person_id)."
    )
    E026 = (
        "{file}: merge.development lists '{value}', which is no interview_id of "
        "{participants}; fix the id or delete it."
    )
    E027 = (
        "{file}: anonymise.site_labels labels the site '{value}', which no row of "
        "{participants} has (sites: {allowed}); delete the entry or fix the site's name."
    )

    # E03x: the languages of the interviews and their spaCy pipelines
    E030 = (
        "{file}: row {row}, column 'language': {value} is not the ISO 639-1 code of a "
        "language spaCy supports; write a two-letter code such as en, sv or fr, or leave the "
        "cell empty to have the interview's language detected."
    )
    E031 = (
        "{file}: key '{key}': '{value}' is not a language qualpipe can detect and segment "
        "(an ISO 639-1 code known to lingua and spaCy, e.g. en, sv, fr); correct or remove it."
    )
    E032 = (
        "{file}: key '{key}': the spaCy pipeline '{model}' is not installed, and pipelines are "
        "never downloaded at run time; install it (`python -m pip install {model}`, or `make "
        "run` for the pipelines pinned in requirements-model.lock) or remove the key."
    )
    E033 = (
        "{file}: key '{key}': the spaCy pipeline '{model}' is for '{found}', not '{language}'; "
        "name a pipeline for '{language}' there, or list it under '{found}'."
    )
