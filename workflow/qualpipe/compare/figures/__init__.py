"""Publication figures from the comparison tables: one style, byte-identical files.

Every figure is drawn on its own `matplotlib.figure.Figure` with the Agg canvas (never
pyplot, whose global state leaks between figures) inside `rc_context(STYLE)`: Okabe-Ito
colours, DejaVu Sans (shipped with matplotlib, so present everywhere), 7-8 pt text at journal
column widths (85 mm single, 175 mm double). The input rows are the compare stage's tidy CSV
tables as read by `qualpipe.common.io.read_rows` (strings; '' for a missing number) or dicts
with numbers.
`save_figure` writes PNG (300 dpi), SVG and PDF without dates or version stamps, so that a
re-run gives the same bytes.

One module per figure (prevalence holds the dot plot and the heatmap), `layout` for what they
share, `style` for the look, `save` for the files, `draw` for the compare_figures rule.
"""
