"""Anonymise stage: identifiers found in layers, replaced by consistent pseudonyms.

Three steps, each a Snakemake job: `detect.detect_batch` runs the layers (study lexicon,
patterns, name gazetteer, spaCy NER, review) over a batch of parsed transcripts, loading the
NER pipeline once per batch; `replace.replace_all` gives every real entity one pseudonym for
the whole study and writes the anonymised transcripts and a summary without real text;
`audit.audit_folders` fails the run if a real identifier is left under results/ or logs/.
Detections, key and review list hold real text and stay in the private folder.

Modules: settings (config and anonymisation.yaml), spans (Candidate, Detection), people,
context, ner, candidates (the other layers), detect; pseudonyms, protect (the study's own
words), propagate, render (the anonymised transcript), replace; audit, layers (the
anonymisation_layers table), and the layers' data: lexicon, patterns, gazetteer.
"""
