"""Statistics of the cross-group comparison, each matching a reference implementation.

counts: proportions, 2×2 and r×c tests, FDR, small counts. ranks: rank tests of per-interview
rates. distributions: the normal and chi-square distributions both need, without scipy.
"""
