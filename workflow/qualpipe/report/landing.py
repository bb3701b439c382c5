"""The report's first page: the study, its design, its findings with their figures, agreement.

Written as an HTML fragment that the Snakemake report's workflow description includes
(workflow/report/workflow.rst), so that `snakemake --report` opens on the study rather than on
the rule graph (issue 17). The figures are embedded at screen resolution (the 300 dpi files
stay in results/figures/), which keeps the report small; no path of the machine is written.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from qualpipe.common.io import read_rows, restore_cell, write_text_atomic
from qualpipe.common.labels import joined
from qualpipe.report import findings as words
from qualpipe.report.findings import Finding

# The figures are drawn at 300 dpi; a screen shows them well at half that.
SCREEN_SCALE = 2.0
# Rows of a finding's table of codes; the rest are in rate_comparisons.csv.
TABLE_ROWS = 10
# The report's menu categories (workflow/rules/*.smk), linked from the page.
CATEGORIES = {
    "findings": "1. Findings",
    "coding": "2. Coding and agreement",
    "material": "3. Material and anonymisation",
    "segments": "4. Segments and pre-coding",
}
BASIS = {
    "consensus": "the consensus codes of the coders",
    "suggestions": "the keyword suggestions (no coder has returned a coding sheet yet)",
}


def figure_uri(path: Path) -> str:
    """A figure as a data URI: a PNG at screen resolution in 256 colours, an SVG as it is."""
    if path.suffix != ".png":
        return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode()
    with Image.open(path) as image:
        size = (round(image.width / SCREEN_SCALE), round(image.height / SCREEN_SCALE))
        small = image.convert("RGB").resize(size, Image.Resampling.LANCZOS).quantize(256)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def caption_html(text: str) -> str:
    """A caption file (reStructuredText paragraphs, ``literals``) as HTML."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = [re.sub(r"``(.+?)``", r"<code>\1</code>", html.escape(p)) for p in paragraphs]
    return "".join(f"<p>{p}</p>" for p in rendered)


def figure_html(path: Path, caption: Path) -> str:
    """One figure with its caption and where its print version is."""
    return (
        f'<figure><img src="{figure_uri(path)}" alt="{html.escape(path.stem)}">'
        f"<figcaption>{caption_html(caption.read_text(encoding='utf-8'))}"
        f"<p>Print version: <code>results/figures/{html.escape(path.stem)}.png</code>, "
        ".svg, .pdf.</p></figcaption></figure>"
    )


def table1_html(rows: Sequence[Mapping[str, str]]) -> str:
    """Table 1: interviews by role (rows) and wave (columns), with totals."""
    waves = list(dict.fromkeys(r["wave"] for r in rows))
    roles = list(dict.fromkeys(restore_cell(r["role_label"]) for r in rows))
    count = {(restore_cell(r["role_label"]), r["wave"]): int(r["interviews"]) for r in rows}
    head = "".join(f"<th>{html.escape(w)}</th>" for w in [*waves, "Total"])
    body = []
    for role in [*roles, "Total"]:
        cells = [
            sum(n for (r, w), n in count.items() if role in (r, "Total") and wave in (w, "Total"))
            for wave in [*waves, "Total"]
        ]
        body.append(
            f"<tr><th>{html.escape(role)}</th>"
            + "".join(f"<td>{n:,}</td>" for n in cells)
            + "</tr>"
        )
    return (
        "<table class='table1'><caption>Table 1. Interviews by role and wave.</caption>"
        f"<thead><tr><th>Role</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def design_text(rows: Sequence[Mapping[str, str]], *, basis: str) -> str:
    """One sentence on the material, from Table 1, and one on which codes are compared."""
    waves = list(dict.fromkeys(r["wave"] for r in rows))
    roles = list(dict.fromkeys(restore_cell(r["role_label"]) for r in rows))
    total = sum(int(r["interviews"]) for r in rows)
    words_total = sum(int(r["respondent_words"]) for r in rows)
    per_wave = [f"{w}: {sum(int(r['interviews']) for r in rows if r['wave'] == w)}" for w in waves]
    return (
        f"<p class='design'>{total:,} interviews in {len(waves)} "
        f"wave{'s' if len(waves) != 1 else ''} ({', '.join(per_wave)}) with "
        f"{html.escape(joined(roles))}; {words_total:,} respondent words. "
        f"Codes compared: {html.escape(BASIS.get(basis, basis))}.</p>"
    )


def _named(effects: Sequence[words.Effect]) -> str:
    shown = [html.escape(e.label) for e in effects[: words.NAMED]]
    more = len(effects) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def summary_html(found: Finding, *, preposition: str) -> str:
    """A finding in one sentence: how many codes differ and which, by direction."""
    test = html.escape(found.test)
    if not found.effects:
        smallest = f"; smallest q = {found.smallest_q:.2f}" if found.smallest_q is not None else ""
        return f"no code is voiced at a different rate ({test}{smallest})."
    if len(found.values) > 2:
        named = [
            f"{html.escape(e.label)} (highest {preposition} {html.escape(found.values[i])})"
            if (i := words.higher_in(e)) is not None
            else html.escape(e.label)
            for e in found.effects[: words.NAMED]
        ]
        more = len(found.effects) - len(named)
        return (
            f"{len(found.effects)} of {found.codes} codes are voiced at different rates "
            f"({test}, q &lt; {words.ALPHA}), most clearly "
            + ", ".join(named)
            + (f" and {more} more." if more else ".")
        )
    parts = [
        f"more often {preposition} {html.escape(found.values[index])}: {_named(effects)}"
        if index is not None
        else f"tied medians: {_named(effects)}"
        for index, effects in sorted(
            words.by_direction(found).items(), key=lambda item: (item[0] is None, item[0] or 0)
        )
    ]
    return (
        f"{len(found.effects)} of {found.codes} codes are voiced at different rates "
        f"({test}, q &lt; {words.ALPHA}); " + "; ".join(parts) + "."
    )


def effects_table(found: Finding) -> str:
    """The differing codes with each value's median rate and the q-value."""
    head = "".join(f"<th>{html.escape(v)}</th>" for v in found.values)
    rows = "".join(
        f"<tr><td>{html.escape(e.label)}</td>"
        + "".join(f"<td>{m:.2f}</td>" for m in e.medians)
        + f"<td>{'&lt; 0.0001' if e.q < 0.0001 else f'{e.q:.4f}'}</td></tr>"
        for e in found.effects[:TABLE_ROWS]
    )
    more = len(found.effects) - TABLE_ROWS
    rest = f" The {TABLE_ROWS} clearest of {len(found.effects)}; all: " if more > 0 else " All: "
    return (
        "<table><thead><tr><th>Code</th>"
        f"{head}<th>q</th></tr></thead><tbody>{rows}</tbody></table>"
        "<p class='note'>Median coded segments per 1,000 respondent words in an interview; "
        "q: the test's p-value adjusted over all codes (Benjamini-Hochberg)."
        f"{rest}{category_link('findings', '1. Findings')}, rate_comparisons.csv.</p>"
    )


def agreement_html(summary: words.Agreement | None) -> str:
    """The coders' agreement in two sentences, or why there is none."""
    if summary is None or summary.kappa is None:
        return "<p>No agreement yet: it needs two coders' returned coding sheets.</p>"
    interval = f" [95% CI {summary.low:.2f}, {summary.high:.2f}]" if summary.low is not None else ""
    interview = (
        f"; at interview level (code present or not) κ = {summary.interview_kappa:.2f}"
        if summary.interview_kappa is not None
        else ""
    )
    weakest = ", ".join(f"{html.escape(label)} ({k:.2f})" for label, k in summary.weakest)
    return (
        f"<p>Cohen's κ over all codes at segment level: {summary.kappa:.2f}{interval}, "
        f"{summary.units:,} segments{interview}. Lowest agreement: {weakest}.</p>"
    )


def category_link(key: str, text: str) -> str:
    """A link that opens one category of the report's menu."""
    name = CATEGORIES[key].replace(" ", "%20")
    return f"<a href=\"javascript:app.showCategory('{name}')\">{html.escape(text)}</a>"


def large_files_html(files: Mapping[str, int]) -> str:
    """The tables too large to embed: their paths and sizes, to open from results/."""
    items = "".join(
        f"<li><code>{html.escape(path)}</code> ({size / 1e6:.1f} MB)</li>"
        for path, size in files.items()
    )
    return f"<p>Too large to embed; open them from the study folder:</p><ul>{items}</ul>"


def write_landing(
    *,
    study: str,
    rates_path: str,
    table1_path: str,
    agreement_path: str | None,
    comparisons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str],
    figures: Mapping[str, str],
    captions: Mapping[str, str],
    plan: Mapping[str, str | None],
    large_files: Sequence[str],
    style_path: str,
    output_path: str,
) -> None:
    """Write the report's first page (an HTML fragment) from the results tables.

    plan (Mapping[str, str | None]): figure name -> id of the comparison it shows.
    figures, captions (Mapping[str, str]): figure name -> its image and its caption file.
    """
    rates = read_rows(rates_path)
    material = read_rows(table1_path)
    agreement_rows = read_rows(agreement_path) if agreement_path else []
    found = _findings(rates, comparisons=comparisons, labels=labels)
    page = landing_html(
        study=study,
        basis=rates[0]["basis"] if rates else "suggestions",
        material=material,
        found=found,
        agreement=words.agreement(agreement_rows, labels=words.code_labels(rates)),
        figures={name: (Path(figures[name]), Path(captions[name])) for name in figures},
        plan=plan,
        large_files={path: Path(path).stat().st_size for path in large_files},
        style=Path(style_path).read_text(encoding="utf-8"),
    )
    write_text_atomic(page, Path(output_path))


def _findings(
    rates: Sequence[Mapping[str, str]],
    *,
    comparisons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str],
) -> list[tuple[Finding, str]]:
    """Each comparison's finding with the preposition its values take ('by' a group)."""
    result = []
    for comparison in comparisons:
        values = [str(v) for v in comparison.get("values") or ()]
        where = {str(k): str(v) for k, v in dict(comparison.get("where") or {}).items()}
        title = words.comparison_title(values, where=where, labels=labels)
        found = words.finding(rates, comparison=str(comparison["id"]), title=title)
        if found is None:
            continue
        if comparison.get("panel"):
            title = f"Waves {title}, the same persons"
        found = _labelled(found, labels, title=title)
        result.append((found, "by" if comparison.get("variable") == "group" else "in"))
    return result


def _labelled(found: Finding, labels: Mapping[str, str], *, title: str) -> Finding:
    """The finding with its values by their labels, under its title."""
    values = tuple(labels.get(v, v) for v in found.values)
    return dataclasses.replace(found, values=values, title=title)


def landing_html(
    *,
    study: str,
    basis: str,
    material: Sequence[Mapping[str, str]],
    found: Sequence[tuple[Finding, str]],
    agreement: words.Agreement | None,
    figures: Mapping[str, tuple[Path, Path]],
    plan: Mapping[str, str | None],
    large_files: Mapping[str, int],
    style: str,
) -> str:
    """The page: title, design, findings in brief, each finding with its figures, agreement,
    the remaining figures and where the tables are."""
    headline = "".join(
        f"<li><a href='#finding-{i}'><b>{html.escape(f.title)}</b></a> "
        f"({html.escape(f.material)}): {summary_html(f, preposition=p)}</li>"
        for i, (f, p) in enumerate(found, start=1)
    )
    sections = "".join(
        _finding_section(i, f, p, figures=figures, plan=plan)
        for i, (f, p) in enumerate(found, start=1)
    )
    beside = _finding_figures(plan, {f.comparison for f, _ in found})
    details = "".join(
        figure_html(*figures[name]) for name in figures if name not in beside | {"table1"}
    )
    return (
        f"<style>{style}</style><div id='study'>"
        f"<h1>{html.escape(study)}</h1>{design_text(material, basis=basis)}"
        f"<h2>Main findings</h2><ol class='headline'>{headline}</ol>"
        f"<h2>Design</h2>{table1_html(material)}"
        f"{sections}"
        f"<h2>Agreement between coders</h2>{agreement_html(agreement)}"
        f"<p>For each code: {category_link('coding', '2. Coding and agreement')}.</p>"
        f"<h2>Details</h2>{details}"
        f"<p>Every table: {category_link('findings', '1. Findings')}, "
        f"{category_link('material', '3. Material and anonymisation')}, "
        f"{category_link('segments', '4. Segments and pre-coding')} (menu on the left).</p>"
        f"{large_files_html(large_files) if large_files else ''}"
        "<h2>How the results were made</h2></div>"
    )


# Figures of a comparison that belong with the details rather than its finding: presence in
# an interview saturates where interviews are long; the rates carry the comparison.
DETAIL_LAST = ("prevalence",)


def _finding_figures(plan: Mapping[str, str | None], comparisons: set[str]) -> set[str]:
    """The figures shown beside a finding: those of its comparison, save DETAIL_LAST."""
    return {name for name, c in plan.items() if c in comparisons and name not in DETAIL_LAST}


def _finding_section(
    index: int,
    found: Finding,
    preposition: str,
    *,
    figures: Mapping[str, tuple[Path, Path]],
    plan: Mapping[str, str | None],
) -> str:
    own = [
        name
        for name, comparison in plan.items()
        if comparison == found.comparison and name not in DETAIL_LAST and name in figures
    ]
    table = effects_table(found) if found.effects else ""
    return (
        f"<h2 id='finding-{index}'>{index}. {html.escape(found.title)}</h2>"
        f"<p>{html.escape(found.material[:1].upper() + found.material[1:])}: "
        f"{summary_html(found, preposition=preposition)}</p>{table}"
        + "".join(figure_html(*figures[name]) for name in own)
    )
