"""Pre-coding: codebook keywords, Matcher patterns and regular expressions matched on segments.

The segmentation pass stored every respondent turn's tokens with their lemmas in DocBins;
this stage reads them, so no text goes through spaCy twice. Every suggestion carries its
evidence (the words matched and where), a negation flag when every match stands in the scope
of a negation ('nobody followed it up'), and exclusions cancel the matches they overlap.
Suggestions are a help for coders, never codes: how good they are is measured, not assumed
(benchmarks/precode.py).
"""
