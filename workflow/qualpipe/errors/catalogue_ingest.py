"""The catalogue's ingest errors and warnings (E1xx, W1xx): reading transcripts, and the
study's other text files as any stage reads them."""


class IngestErrors:
    # E1xx: ingest of transcripts
    E101 = (
        "{file}: no speaker labels found; start each turn with a label and a colon "
        "('I:', 'R:', or a name from participants.csv) or declare the labels in config.yaml."
    )
    # A label may be a misspelt real name: E102 and E110 give its line, never its text.
    E102 = (
        "{file}: line {line}: the speaker label on this line matches nobody (not repeated "
        "here: it may be a name); fix the label, add the person to participants.csv, or add "
        "it under ingest.speaker_labels in config.yaml."
    )
    E103 = "{file}: the file is empty; replace it with the transcript or remove its row."
    E104 = (
        "{file}: looks like a binary file, not a transcript ({reason}); export it as "
        ".txt, .docx, .vtt, .srt or .TextGrid."
    )
    E105 = (
        "{file}: cannot be decoded as UTF-8, UTF-16 or Windows-1252 (byte {offset}: "
        "{byte}); save it as UTF-8 and run again."
    )
    E106 = (
        "{file}: not a readable Word document ({reason}); open it in Word or LibreOffice "
        "and save it again as .docx."
    )
    E107 = (
        "{file}: line {line}: {problem}; fix the cue so that it reads "
        "'hh:mm:ss.mmm --> hh:mm:ss.mmm' followed by its text."
    )
    E108 = (
        "{file}: {count} non-blank character(s) would be lost, first at line {line}; this is "
        "a bug in qualpipe: please report it with the file."
    )
    E110 = (
        "{file}: line {line}: the speaker label on this line fits both an interviewer and a "
        "respondent (not repeated here: it is a name); write the full name in the transcript."
    )
    E109 = (
        "{file}: has speaker turns but none by a respondent; label the respondent's turns "
        "('R:' or the participant's name)."
    )
    E111 = (
        "{file}: not a readable Praat TextGrid ({reason}); open it in Praat and save it "
        "again as a text file (Save as text file or Save as short text file)."
    )
    E112 = (
        "{file}: the TextGrid has no tiers; add an interval tier per speaker in Praat, or "
        "remove the file from participants.csv."
    )
    E113 = (
        "{file}: line {line}: the tier named on this line names no speaker{also} (the name is not "
        "repeated here: it may be a person's); name the tier (or, "
        "for one tier per file, end the file name) with a speaker label, add the person to "
        "participants.csv, or add the label under ingest.speaker_labels in config.yaml."
    )
    E114 = (
        "{file}: tier {number}: {problem}; Praat cannot write such a tier: fix the "
        "interval times in Praat or in the tool that wrote the file."
    )
    E115 = (
        "{file}: line {line}: the tier named on this line is a point tier; speech is read from "
        "interval tiers, one per speaker: remove it in Praat (Remove tier) and save again."
    )
    E116 = (
        "{file}: every interval of the TextGrid is empty; transcribe the speech in it, or "
        "remove its row from participants.csv."
    )
    # Length limits (issue 14): a transcript or turn far longer than any interview's is a
    # wrong file or missing speaker labels, and would take the NLP stages' memory.
    E120 = (
        "{file}: the transcript has {found} characters, more than limits.transcript_chars "
        "allows ({limit}); check that the file is one interview's transcript, or raise "
        "limits.transcript_chars in config.yaml."
    )
    E121 = (
        "{file}: line {line}: the {what} starting on this line has {found} characters, more "
        "than limits.turn_chars allows ({limit}); check that every turn starts with its "
        "speaker label, or raise limits.turn_chars in config.yaml."
    )
    E122 = (
        "{file}: a paragraph of the Word document has more than {found} characters in one "
        "piece of text, more than a turn may have (limits.turn_chars: {limit}); split it "
        "into turns, each starting with its speaker label, and save it again."
    )

    # E13x: the study's text files besides transcripts, as any stage reads them (issue 14)
    E130 = (
        "{file}: line {line}: not UTF-8 text (byte {byte}); save the file as UTF-8 (from a "
        "spreadsheet: 'CSV UTF-8') and run again."
    )
    E131 = (
        "{file}: line {line}: holds the control character {character}, which coding sheets "
        "and REFI-QDA projects cannot hold (XML allows no C0 control but tab and line ends); "
        "delete it (an editor shows it as a box or as ^{caret}) and run again."
    )


class IngestWarnings:
    W101 = (
        "{file}: decoded as {encoding} (not UTF-8); save transcripts as UTF-8 to avoid "
        "surprises in other tools."
    )
    # A file that mixes encodings is read line by line, and mis-decoded text is repaired: both
    # are reported with their lines, never their text (issue 14).
    W105 = (
        "{file}: mixes encodings: line(s) {lines} decoded as {other}, the rest as {encoding}, "
        "each line in the encoding it is valid in; check those lines, and save the file as "
        "UTF-8 to be sure."
    )
    W106 = (
        "{file}: line(s) {lines} held text decoded with the wrong encoding once before (such "
        "as 'Ã¤' for 'ä'), now repaired; check those lines, and repair the file if a letter "
        "is still wrong."
    )
    W104 = (
        "{file}: the language looks like '{language}' with confidence {confidence} (below "
        "{threshold}), so the interview is treated as '{study_language}'; write its language "
        "in participants.csv's 'language' column to decide."
    )
    W102 = "{file}: {count} cue(s) without a speaker were joined to the previous speaker's turn."
    W103 = (
        "{file}: contains {marks}, the trace of text decoded with the wrong encoding once "
        "before; repair the file (e.g. re-export from the transcription service)."
    )
