"""The report's first page: findings in words from the tables, and the page itself."""

import base64
import io
from pathlib import Path

from PIL import Image
from qualpipe.report import findings, landing

HEADER = "comparison,level,id,label,values,interviews,median_rates,q,test"


def _rates(*lines: str) -> list[dict[str, str]]:
    keys = HEADER.split(",")
    return [dict(zip(keys, line.split(","), strict=True)) for line in lines]


RATES = _rates(
    "pair,code,workload,Workload,officials; managers,24; 20,1.97; 0.77,0.0001,mann_whitney",
    "pair,code,coaching,Coaching,officials; managers,24; 20,0.55; 1.99,0.0002,mann_whitney",
    "pair,code,lean,Lean,officials; managers,24; 20,1.00; 0.90,0.4000,mann_whitney",
    "pair,category,mi,Using MI,officials; managers,24; 20,4.0; 1.0,0.0001,mann_whitney",
    "offices,code,lean,Lean,office 1; office 2,6; 6,1.0; 1.1,0.7700,kruskal_wallis",
)


def test_findings_name_the_codes_that_differ_strongest_first() -> None:
    found = findings.finding(RATES, comparison="pair", title="Officials vs managers")
    assert found is not None
    assert (found.codes, found.material) == (3, "24 and 20 interviews")
    assert [e.label for e in found.effects] == ["Workload", "Coaching"]
    assert {i: [e.label for e in es] for i, es in findings.by_direction(found).items()} == {
        0: ["Workload"],
        1: ["Coaching"],
    }


def test_findings_without_a_difference_give_the_smallest_q() -> None:
    found = findings.finding(RATES, comparison="offices", title="Offices")
    assert found is not None and found.effects == ()
    text = landing.summary_html(found, preposition="in")
    assert text == "no code is voiced at a different rate (Kruskal-Wallis test; smallest q = 0.77)."


def test_findings_title_uses_labels_and_the_restriction() -> None:
    title = findings.comparison_title(
        ["officials", "managers"], where={"wave": "2013"}, labels={"officials": "Officials"}
    )
    assert title == "Officials vs managers (wave 2013)"


def test_findings_agreement_names_the_weakest_codes() -> None:
    keys = ["level", "code", "units", "kappa", "kappa_low", "kappa_high"]
    rows = [
        dict(zip(keys, values, strict=True))
        for values in [
            ("segment", "lean", "100", "0.40", "0.3", "0.5"),
            ("segment", "workload", "100", "0.90", "0.8", "1.0"),
            ("segment", "overall", "200", "0.67", "0.66", "0.68"),
        ]
    ]
    summary = findings.agreement(rows, labels={"lean": "Lean"})
    assert summary is not None
    assert (summary.kappa, summary.units, summary.weakest[0]) == (0.67, 100, ("Lean", 0.40))


def _figure(folder: Path) -> tuple[Path, Path]:
    image, caption = folder / "rates.png", folder / "fig_rates.rst"
    Image.new("RGB", (600, 400), "white").save(image, dpi=(300, 300))
    caption.write_text("Rates, from\n``results/tables/rate_comparisons.csv``.\n", "utf-8")
    return image, caption


def test_landing_opens_with_the_title_then_findings_and_embeds_figures(tmp_path: Path) -> None:
    material = [
        {"wave": "2013", "role_label": "Officials", "interviews": "3", "respondent_words": "900"}
    ]
    found = findings.finding(RATES, comparison="pair", title="Officials vs managers")
    assert found is not None
    page = landing.landing_html(
        study="A <study>",
        basis="consensus",
        material=material,
        found=[(found, "by")],
        agreement=None,
        figures={"rates": _figure(tmp_path)},
        plan={"rates": "pair"},
        large_files={"results/segments/segments.csv": 6_000_000},
        style="",
    )
    body = page.split("<div id='study'>", 1)[1]
    assert body.startswith("<h1>A &lt;study&gt;</h1>")
    assert body.index("Main findings") < body.index("Design") < body.index("Agreement")
    assert "<code>results/tables/rate_comparisons.csv</code>" in body
    assert "data:image/png;base64," in body and str(tmp_path) not in body


def test_landing_figure_is_embedded_at_screen_resolution(tmp_path: Path) -> None:
    image, _ = _figure(tmp_path)
    uri = landing.figure_uri(image)
    small = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert small.size == (300, 200)
