"""The compare stage: codes compared across groups and waves, in tables, quotes and figures.

plan (the comparisons of config; light, read at parse time) -> study (the coded study and its
splits) -> presence, rates, cooccurrence, quotes (the tidy tables' rows, with stats/) ->
article (the reader's tables: labels from config via labels, laid out as table.Table) ->
render (Markdown, LaTeX), word (.docx) -> tables (rule compare_tables writes them all);
figures/ draws the article's figures from the written tables (rule compare_figures).
"""
