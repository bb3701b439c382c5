"""How tables name what config.yaml names by id: groups and roles by their labels, each
comparison by a title derived from its values, its 'where' and its panel (or its `label`).

A reader of the article never saw config.yaml: 'officials_vs_managers' becomes 'Insurance
officials and Unit managers, wave 2013' (issue 17).
"""

from __future__ import annotations

from collections.abc import Mapping

from qualpipe.common.labels import joined
from qualpipe.compare.plan import Comparison

# An attribute's name as a table says it ('by site'); other columns of participants.csv
# are named as they are, underscores read as spaces.
VARIABLE_WORDS = {"group": "group", "role": "role", "wave": "wave", "site": "site"}


def label_of(labels: Mapping[str, Mapping[str, str]], variable: str, value: str) -> str:
    """A value as the tables name it: its label, or the value itself (waves, sites, which
    the anonymisation already gave their labels)."""
    return labels.get(variable, {}).get(value, value)


def variable_word(variable: str) -> str:
    """An attribute as a title names it: 'site', 'employment type'."""
    return VARIABLE_WORDS.get(variable, variable.replace("_", " "))


def comparison_title(comparison: Comparison, labels: Mapping[str, Mapping[str, str]]) -> str:
    """The comparison's `label`, else one derived from config: who ('where' and the two
    values, or 'by <variable>' for more), which wave, and 'the same persons' for a panel.

    RETURNS (str): e.g. 'Insurance officials by site, wave 2013'.
    """
    if comparison.label:
        return comparison.label
    where = dict(comparison.where)
    wave = where.pop("wave", "")
    who = [
        label_of(labels, k, v) if k in labels else f"{variable_word(k)} {v}"
        for k, v in where.items()
    ]
    values = [label_of(labels, comparison.variable, v) for v in comparison.values]
    if comparison.variable == "wave" and len(values) == 2:
        split = f"waves {joined(values)}"
    elif len(values) == 2:
        split = joined(values)
    else:
        split = f"by {variable_word(comparison.variable)}"
    title = f"{joined(who)}: {split}" if who and len(values) == 2 else " ".join([*who, split])
    if wave:
        title += f", wave {wave}"
    if comparison.panel:
        title += ", the same persons"
    return title[:1].upper() + title[1:]
