"""REFI-QDA export: the study as a QDA-XML project (.qdpx) and its codebook (.qdc).

The project holds the anonymised transcripts as plain-text sources, the codebook as nested
codes, one case per participant, and codings as plain-text selections. Identifiers are
derived from the study's own ids, so the same code, source or user gets the same GUID on
every run and in every study: a coder's project can be matched back by GUID.

Pitfalls of the standard (QDA-XML 1.0, Project-mrt2019.xsd) this module keeps to: the zip
holds `project.qde` and a flat `sources/` folder; positions count Unicode code points from 0,
end exclusive, in the source file exactly as stored; child elements come in the schema's
order; a TextSource has `plainTextPath` and no PlainTextContent. Both files are validated
against the vendored schemas before they are written: a failure is a bug, not a user error.
Only results/ material is read, which the anonymise stage has already pseudonymised.
"""
