"""Table 1, the material: interviews, interview modes and respondent words by wave and role."""

import json
from pathlib import Path

from qualpipe.common.io import read_rows
from qualpipe.report.material import material_markdown, material_table, write_material

ROLES = {"official": "Insurance officials", "unit_manager": "Unit managers"}
WAVES = ["2013", "2014"]


def _document(interview: str, wave: str, role: str, mode: str, words: int) -> dict:
    """A parsed transcript as the ingest stage writes it, with only what Table 1 reads."""
    return {
        "interview_id": interview,
        "attributes": {"interview_id": interview, "wave": wave, "role": role, "mode": mode},
        "counts": {"respondent_words": words, "words": words + 40},
    }


# Three officials in 2013 (two in person, one by phone), one in 2014 by video; one unit manager
# in 2014. No unit manager in 2013: that row is left out.
DOCUMENTS = [
    _document("t01", "2013", "official", "in_person", 100),
    _document("t02", "2013", "official", "phone", 151),
    _document("t03", "2013", "official", "in_person", 300),
    _document("t04", "2014", "official", "video", 80),
    _document("t05", "2014", "unit_manager", "in_person", 1200),
]


def test_material_counts_interviews_and_modes_by_wave_and_role() -> None:
    table = material_table(DOCUMENTS, roles=ROLES, waves=WAVES)
    rows = table[["wave", "role", "role_label", "interviews", "in_person", "phone", "video"]]
    assert rows.values.tolist() == [
        ["2013", "official", "Insurance officials", 3, 2, 1, 0],
        ["2014", "official", "Insurance officials", 1, 0, 0, 1],
        ["2014", "unit_manager", "Unit managers", 1, 1, 0, 0],
    ]


def test_material_sums_respondent_words_and_takes_their_whole_median() -> None:
    table = material_table(DOCUMENTS, roles=ROLES, waves=WAVES)
    words = table[["respondent_words", "median_respondent_words"]].values.tolist()
    assert words == [[551, 151], [80, 80], [1200, 1200]]


def test_material_median_of_an_even_number_of_interviews_is_cut_to_a_whole_number() -> None:
    documents = [_document(f"t{n}", "2013", "official", "phone", w) for n, w in ((1, 10), (2, 15))]
    table = material_table(documents, roles=ROLES, waves=WAVES)
    assert table["median_respondent_words"].tolist() == [12]  # median 12.5


def test_material_follows_the_configured_order_of_waves_and_roles() -> None:
    roles = {"unit_manager": "Unit managers", "official": "Insurance officials"}
    table = material_table(DOCUMENTS, roles=roles, waves=["2014", "2013"])
    assert list(zip(table["wave"], table["role"], strict=True)) == [
        ("2014", "unit_manager"),
        ("2014", "official"),
        ("2013", "official"),
    ]


def test_material_leaves_out_interviews_of_undeclared_roles_and_waves() -> None:
    documents = [*DOCUMENTS, _document("t06", "2015", "official", "phone", 50)]
    documents.append(_document("t07", "2013", "coordinator", "phone", 50))
    table = material_table(documents, roles=ROLES, waves=WAVES)
    assert int(table["interviews"].sum()) == 5


def test_material_markdown_totals_roles_by_wave() -> None:
    table = material_table(DOCUMENTS, roles=ROLES, waves=WAVES)
    markdown = material_markdown(table, roles=ROLES, waves=WAVES)
    assert markdown.splitlines()[:7] == [
        "Table 1. Overview of the material: interviews by role and wave.",
        "",
        "| Role | 2013 | 2014 | Total |",
        "| --- | ---: | ---: | ---: |",
        "| Insurance officials | 3 | 1 | 4 |",
        "| Unit managers | 0 | 1 | 1 |",
        "| **Total** | 3 | 2 | 5 |",
    ]


def test_material_markdown_names_every_mode_and_the_words_with_thousands_separators() -> None:
    table = material_table(DOCUMENTS, roles=ROLES, waves=WAVES)
    markdown = material_markdown(table, roles=ROLES, waves=WAVES)
    assert markdown.endswith(
        "\n\nInterview mode: in person 3, phone 1, video 1. Respondent words: 1,831.\n"
    )


def test_material_markdown_leaves_out_a_role_without_interviews() -> None:
    documents = [d for d in DOCUMENTS if d["attributes"]["role"] == "official"]
    table = material_table(documents, roles=ROLES, waves=WAVES)
    markdown = material_markdown(table, roles=ROLES, waves=WAVES)
    assert "Unit managers" not in markdown
    assert "| **Total** | 3 | 1 | 4 |" in markdown


def test_material_write_reads_transcripts_and_writes_csv_and_markdown(tmp_path: Path) -> None:
    paths = []
    for document in DOCUMENTS:
        path = tmp_path / f"{document['interview_id']}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(str(path))
    csv_path, markdown_path = tmp_path / "table1.csv", tmp_path / "table1.md"
    write_material(
        documents=paths,
        csv_path=str(csv_path),
        markdown_path=str(markdown_path),
        roles=ROLES,
        waves=WAVES,
    )
    assert read_rows(csv_path)[0] == {
        "wave": "2013", "role": "official", "role_label": "Insurance officials",
        "interviews": "3", "in_person": "2", "phone": "1", "video": "0",
        "respondent_words": "551", "median_respondent_words": "151",
    }  # fmt: skip
    assert len(read_rows(csv_path)) == 3
    assert "| **Total** | 3 | 2 | 5 |" in markdown_path.read_text(encoding="utf-8")
