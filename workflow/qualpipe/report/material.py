"""Table 1, the overview of the material: interviews by role and wave.

Counts only, so the table can be built from the parsed transcripts in the private folder
without carrying any name into results/.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from qualpipe.common.io import write_rows, write_text_atomic
from qualpipe.common.records import MODES

COLUMNS = [
    "wave",
    "role",
    "role_label",
    "interviews",
    *MODES,
    "respondent_words",
    "median_respondent_words",
]


def load_documents(paths: Sequence[str]) -> list[dict[str, Any]]:
    """Read parsed transcripts (the ingest stage's JSON documents)."""
    return [json.loads(Path(path).read_text(encoding="utf-8")) for path in paths]


def material_table(
    documents: Sequence[Mapping[str, Any]], *, roles: Mapping[str, str], waves: Sequence[str]
) -> pd.DataFrame:
    """One row per wave and role with interviews, interview modes and respondent words.

    documents (Sequence[Mapping[str, Any]]): the interviews' parsed transcripts (JSON).
    roles (Mapping[str, str]): role key to its label in the plural, in table order.
    waves (Sequence[str]): the waves in time order.
    RETURNS (pd.DataFrame): tidy; combinations without interviews are left out.
    """
    rows = []
    for wave in waves:
        for role, label in roles.items():
            group = [
                d
                for d in documents
                if d["attributes"]["wave"] == wave and d["attributes"]["role"] == role
            ]
            if not group:
                continue
            words = [d["counts"]["respondent_words"] for d in group]
            modes = {mode: sum(d["attributes"]["mode"] == mode for d in group) for mode in MODES}
            rows.append(
                {
                    "wave": wave,
                    "role": role,
                    "role_label": label,
                    "interviews": len(group),
                    **modes,
                    "respondent_words": sum(words),
                    "median_respondent_words": int(statistics.median(words)),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def material_markdown(
    table: pd.DataFrame, *, roles: Mapping[str, str], waves: Sequence[str]
) -> str:
    """Table 1 as a Markdown table: roles by waves, with totals and the interview modes."""
    counts = table.pivot_table(
        index="role", columns="wave", values="interviews", aggfunc="sum", fill_value=0
    )
    present = [role for role in roles if role in counts.index]
    header = ["Role", *waves, "Total"]
    lines = [
        "Table 1. Overview of the material: interviews by role and wave.",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |",
    ]
    for role in present:
        cells = [int(counts.loc[role].get(wave, 0)) for wave in waves]
        lines.append("| " + " | ".join([roles[role], *map(str, cells), str(sum(cells))]) + " |")
    totals = [int(table.loc[table["wave"] == wave, "interviews"].sum()) for wave in waves]
    lines.append("| " + " | ".join(["**Total**", *map(str, totals), str(sum(totals))]) + " |")
    modes = ", ".join(f"{mode.replace('_', ' ')} {int(table[mode].sum())}" for mode in MODES)
    words = int(table["respondent_words"].sum())
    lines += ["", f"Interview mode: {modes}. Respondent words: {words:,}.", ""]
    return "\n".join(lines)


def write_material(
    *,
    documents: Sequence[str],
    csv_path: str,
    markdown_path: str,
    roles: Mapping[str, str],
    waves: Sequence[str],
) -> pd.DataFrame:
    """Build Table 1 from parsed transcripts and write it as CSV and Markdown."""
    table = material_table(load_documents(documents), roles=roles, waves=waves)
    write_rows(Path(csv_path), list(table.columns), table.itertuples(index=False, name=None))
    write_text_atomic(material_markdown(table, roles=roles, waves=waves), Path(markdown_path))
    return table
