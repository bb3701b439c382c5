"""The catalogue's codebook, segmentation and pre-coding errors and warnings (E3xx, W3xx)."""


class CodebookErrors:
    # E3xx: codebook, segmentation and pre-coding
    E301 = (
        "{file}: line {line}, column {column}: not valid YAML ({problem}); fix the indentation "
        "or quoting there."
    )
    E302 = "{file}: line {line}: {problem}; fix the entry (the schema in {schema} lists every key)."
    E303 = (
        "{file}: line {line}: the id '{value}' is used twice (first on line {first}); give "
        "every theme, category and code its own id."
    )
    E304 = (
        "{file}: line {line}: code '{value}' has no keywords, patterns or regex; add some, or "
        "write 'precode: false' if coders alone apply it."
    )
    E305 = (
        "{file}: line {line}: code '{value}': the regular expression '{pattern}' does not "
        "compile ({problem}); fix it (backslashes need single quotes in YAML)."
    )
    E306 = (
        "{file}: line {line}: code '{value}': a Matcher pattern is invalid ({problem}); see "
        "https://spacy.io/usage/rule-based-matching, and quote words YAML reads as true or "
        "false ('no', 'on')."
    )
    E307 = (
        "{file}: line {line}: code '{value}' opposes '{target}', which is not a code id in "
        "this codebook; fix the id or delete 'opposes'."
    )
    E308 = (
        "{file}: not found; write the codebook (data/codebook.yaml in the demo study shows "
        "the format)."
    )
    E309 = (
        "{file}: line {line}: code '{value}': the keyword '{keyword}' has no word in it; "
        "write it out or delete it."
    )

    E314 = (
        "{file}: line {line}: holds the character {character}, which YAML does not allow "
        "in a file; delete it, or write it as the escape {escape} inside double quotes."
    )
    E315 = (
        "{file}: holds no codebook (it is empty or all comments); write its themes, categories "
        "and codes (data/codebook.yaml of the demo study shows the format)."
    )

    E310 = (
        "{file}: turn {turn}: the segments do not add up to the turn's text; this is a bug: "
        "report it with the turn (nothing was written)."
    )


class CodebookWarnings:
    W301 = (
        "{file}: code '{code_id}': the keyword '{keyword}' matches {count} of {total} segments; "
        "make it more specific (a phrase, or an exclusion) if its suggestions are noise."
    )
