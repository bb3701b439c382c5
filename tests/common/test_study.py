from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from qualpipe.common.config import (
    check_config,
    check_config_file,
    check_private_dir,
    check_settings,
    config_errors,
    settings_errors,
)
from qualpipe.common.study import (
    Interview,
    anonymisation_errors,
    check_anonymisation_file,
    load_participants,
    make_private_dir,
)
from qualpipe.errors import PipelineError, PipelineErrors

HEADER = "interview_id,file,participant,role,site,wave,date,mode,interviewer,years\n"
GOOD = "a1,a1.txt,Åsa Lind,official,north,2013,2013-05-14,in_person,Maria Ek,12\n"
SCHEMA = str(ROOT / "workflow" / "schemas" / "config.schema.yaml")


def _study(tmp_path: Path, rows: str, files: tuple[str, ...] = ("a1.txt",)) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in files:
        (raw / name).write_text("I: Hi\nR: Hello\n", encoding="utf-8")
    sheet = tmp_path / "participants.csv"
    sheet.write_text(rows, encoding="utf-8")
    return sheet


def _load(sheet: Path):
    return load_participants(
        sheet,
        raw_dir=sheet.parent / "raw",
        roles=["official", "unit_manager"],
        waves=["2013", "2014"],
        sites=["north", "south"],
    )


def test_study_loads_rows_with_extra_columns_as_attributes(tmp_path: Path) -> None:
    interviews = _load(_study(tmp_path, HEADER + GOOD))
    assert list(interviews) == ["a1"]
    assert interviews["a1"].row["years"] == "12"
    assert interviews["a1"].paths == (str(tmp_path / "raw" / "a1.txt"),)


def test_study_digest_changes_with_the_row(tmp_path: Path) -> None:
    first = _load(_study(tmp_path, HEADER + GOOD))["a1"].digest
    (tmp_path / "participants.csv").write_text(HEADER + GOOD.replace(",12", ",13"), "utf-8")
    assert _load(tmp_path / "participants.csv")["a1"].digest != first
    assert "Lind" not in first


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ",official,",
            ",clerk,",
            r"row 2, column 'role': unknown role \(found 'c…' \(5 characters\)\); "
            r"allowed: official, unit_manager",
        ),
        (
            ",north,",
            ",Malmö,",
            r"row 2, column 'site': unknown site \(found 'M…' \(5 characters\)\)",
        ),
        (",2013,", ",2015,", r"row 2, column 'wave': unknown wave \(found '2015'\)"),
        ("2013-05-14", "14/5/2013", r"row 2, column 'date': not a date"),
        ("in_person", "zoom", r"row 2, column 'mode': unknown mode .*in_person, phone, video"),
        ("a1,a1.txt", "a 1,a1.txt", r"row 2, column 'interview_id': not a valid id"),
        ("Maria Ek", " ; ", r"row 2, column 'interviewer': empty"),
    ],
)
def test_study_bad_value_names_row_column_value_and_allowed(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(PipelineError, match=r"\[E001\] .*participants.csv: " + message):
        _load(_study(tmp_path, HEADER + GOOD.replace(old, new)))


def test_study_missing_columns_are_named(tmp_path: Path) -> None:
    sheet = _study(tmp_path, "interview_id,file,role\na1,a1.txt,official\n")
    with pytest.raises(PipelineError, match=r"\[E002\] .*participant, site, wave, date, mode"):
        _load(sheet)


def test_study_duplicate_interview_id(tmp_path: Path) -> None:
    second = GOOD.replace("a1.txt", "b.txt")
    with pytest.raises(PipelineError, match=r"\[E003\] .*row 3.*'a1' is used again .*row 2"):
        _load(_study(tmp_path, HEADER + GOOD + second, files=("a1.txt", "b.txt")))


def test_study_missing_transcript(tmp_path: Path) -> None:
    with pytest.raises(
        PipelineError, match=r"\[E004\] .*row 2, column 'file': a file listed there does not"
    ):
        _load(_study(tmp_path, HEADER + GOOD, files=()))


@pytest.mark.parametrize("value", ["../secret.txt", "/etc/passwd.txt", "sub/../../x.txt"])
def test_study_file_escaping_the_data_folder(tmp_path: Path, value: str) -> None:
    with pytest.raises(PipelineError, match=r"\[E005\] .*points outside"):
        _load(_study(tmp_path, HEADER + GOOD.replace(",a1.txt,", f",{value},"), files=()))


def test_study_unlisted_transcript(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + GOOD, files=("a1.txt", "extra.vtt", ".DS_Store"))
    with pytest.raises(
        PipelineError,
        match=r"\[E006\] .*raw: the transcript 'e….vtt' \(9 characters\) \(in name order the "
        r"file number 2",
    ):
        _load(sheet)


def test_study_missing_sheet(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"\[E007\] .*nowhere.csv: not found"):
        _load(tmp_path / "nowhere.csv")


def test_study_same_file_twice(tmp_path: Path) -> None:
    second = GOOD.replace("a1,", "a2,")
    with pytest.raises(
        PipelineError,
        match=r"\[E008\] .*row 3, column 'file': a file listed there is listed again \(first on "
        r"row 2",
    ):
        _load(_study(tmp_path, HEADER + GOOD + second))


def test_study_no_rows(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"\[E009\] .*has a header but no interviews"):
        _load(_study(tmp_path, HEADER))


def test_study_unsupported_file_type(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + GOOD.replace("a1.txt", "a1.pdf"), files=("a1.pdf",))
    with pytest.raises(
        PipelineError,
        match=r"\[E010\] .*row 2, column 'file': a file listed there has the unsupported type "
        r"\.pdf;",
    ):
        _load(sheet)


def test_study_ragged_row(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"\[E012\] .*row 2: 11 values for 10 columns"):
        _load(_study(tmp_path, HEADER + GOOD.replace(",12", ",12,extra")))


PAIR = "c1_doctor.TextGrid;c1_patient.TextGrid"
PAIR_ROW = GOOD.replace("a1,a1.txt,", f"c1,{PAIR},")


def test_study_row_may_list_one_textgrid_per_speaker(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + PAIR_ROW, files=tuple(PAIR.split(";")))
    raw = tmp_path / "raw"
    assert _load(sheet)["c1"].paths == (str(raw / PAIR[:18]), str(raw / PAIR[19:]))


def test_study_each_listed_file_must_exist(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + PAIR_ROW, files=("c1_doctor.TextGrid",))
    message = r"\[E004\] .*row 2, column 'file': a file listed there does not exist"
    with pytest.raises(PipelineError, match=message):
        _load(sheet)


def test_study_textgrids_and_other_files_do_not_mix_in_a_row(tmp_path: Path) -> None:
    row = GOOD.replace("a1.txt", "a1.txt;c1_patient.TextGrid")
    sheet = _study(tmp_path, HEADER + row, files=("a1.txt", "c1_patient.TextGrid"))
    with pytest.raises(
        PipelineError,
        match=r"\[E013\] .*row 2, column 'file': the files listed there mix TextGrids",
    ):
        _load(sheet)


def test_study_file_of_a_pair_listed_in_another_row(tmp_path: Path) -> None:
    second = GOOD.replace("a1,a1.txt,", "c2,c1_patient.TextGrid,")
    sheet = _study(tmp_path, HEADER + PAIR_ROW + second, files=tuple(PAIR.split(";")))
    with pytest.raises(
        PipelineError, match=r"\[E008\] .*row 3, column 'file': a file listed there is listed"
    ):
        _load(sheet)


def test_study_unlisted_textgrid_of_a_pair(tmp_path: Path) -> None:
    row = PAIR_ROW.replace(PAIR, "c1_doctor.TextGrid")
    sheet = _study(tmp_path, HEADER + row, files=tuple(PAIR.split(";")))
    with pytest.raises(
        PipelineError, match=r"\[E006\] .*raw: the transcript 'c….TextGrid' \(19 characters\)"
    ):
        _load(sheet)


def test_study_collects_every_problem_before_stopping(tmp_path: Path) -> None:
    bad = GOOD.replace(",official,", ",clerk,").replace(",north,", ",nowhere,")
    with pytest.raises(PipelineErrors) as caught:
        _load(_study(tmp_path, HEADER + bad, files=("a1.txt", "stray.txt")))
    assert [error.code for error in caught.value.errors] == ["E001", "E001", "E006"]
    assert len(str(caught.value).splitlines()) == 3


def _config() -> dict:
    return yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))


def test_study_shipped_config_is_valid() -> None:
    schema = yaml.safe_load(Path(SCHEMA).read_text(encoding="utf-8"))
    assert config_errors(_config(), schema, file="config.yaml", schema_path=SCHEMA) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c.update(sitess=["a"]),
            r"key '\(top level\)': Additional properties .*'sitess'",
        ),
        (lambda c: c["roles"]["official"].pop("label"), r"key 'roles.official': 'label' is a"),
        (lambda c: c.update(waves=[]), r"key 'waves': the value should be non-empty"),
        (
            lambda c: c["study"].update(language="english"),
            r"key 'study.language': the value does not match '\^\[a-z\]\{2\}\$'",
        ),
    ],
)
def test_study_config_errors_name_the_key(change, message: str) -> None:
    config = _config()
    change(config)
    with pytest.raises(PipelineError, match=r"\[E011\] config.yaml: " + message):
        check_config(config, schema_path=SCHEMA, file="config.yaml")


def test_study_private_dir_is_owner_only(tmp_path: Path) -> None:
    make_private_dir(tmp_path / "private")
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o700


def _terms(tmp_path: Path, text: str) -> dict:
    sheet = _study(tmp_path, HEADER + GOOD)
    (tmp_path / "anonymisation.yaml").write_text(text, encoding="utf-8")
    return {
        "path": str(tmp_path / "anonymisation.yaml"),
        "schema_path": str(ROOT / "workflow" / "schemas" / "anonymisation.schema.yaml"),
        "participants_path": str(sheet),
    }


def test_study_anonymisation_file_accepts_the_demo_and_a_missing_file(tmp_path: Path) -> None:
    arguments = _terms(tmp_path, (ROOT / "data" / "anonymisation.yaml").read_text())
    assert anonymisation_errors(**arguments) == []
    assert anonymisation_errors(**{**arguments, "path": str(tmp_path / "absent.yaml")}) == []


@pytest.mark.parametrize(
    ("term", "problem"), [('""', "empty"), ('"K"', "a single character"), ('" . "', "a single")]
)
def test_study_anonymisation_term_too_short(tmp_path: Path, term: str, problem: str) -> None:
    text = (
        f"redact:\n  - {{term: Aspeby, category: place}}\n  - {{term: {term}, category: person}}\n"
    )
    with pytest.raises(PipelineError, match=rf"\[E201\] .*anonymisation.yaml: line 3: .*{problem}"):
        check_anonymisation_file(**_terms(tmp_path, text))


def test_study_never_redact_conflicting_with_a_name(tmp_path: Path) -> None:
    text = "never_redact:\n  - Lean\n  - asa\n"
    with pytest.raises(
        PipelineError,
        match=r"\[E202\] .*line 3: never_redact lists the name of a participant or interviewer "
        r"\(participant of interview a1;",
    ):
        check_anonymisation_file(**_terms(tmp_path, text))


def test_study_anonymisation_schema_error_names_the_line(tmp_path: Path) -> None:
    text = "redact:\n  - {term: Aspeby, category: town}\n"
    with pytest.raises(
        PipelineError, match=r"\[E205\] .*line 2: the value is not one of \['person'"
    ):
        check_anonymisation_file(**_terms(tmp_path, text))


def test_study_private_dir_inside_results_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    check_private_dir("data/private", file="config.yaml")
    with pytest.raises(PipelineError, match=r"\[E203\] config.yaml: .*'results/private'"):
        check_private_dir("results/private", file="config.yaml")


def test_study_missing_participant_name_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheet = _study(tmp_path, HEADER + GOOD.replace("Åsa Lind", ""))
    assert list(_load(sheet)) == ["a1"]
    assert (
        "[W201] " in caplog.text and "row 2: interview 'a1' has no participant name" in caplog.text
    )


def _interviews() -> dict[str, Interview]:
    rows = [
        ("a1", "official", "north", "2013", "p1"),
        ("a2", "unit_manager", "south", "2013", "p2"),
        ("a3", "official", "north", "2014", "p1"),
    ]
    keys = ("interview_id", "role", "site", "wave", "person_id")
    return {r[0]: Interview(r[0], f"raw/{r[0]}.txt", dict(zip(keys, r, strict=True))) for r in rows}


def _settings(*comparisons: dict, development=(), site_labels=None) -> dict:
    return {
        "roles": {"official": {"group": "officials"}, "unit_manager": {"group": "managers"}},
        "anonymise": {"site_labels": site_labels or {"north": "office 1"}},
        "merge": {"development": list(development)},
        "compare": {"comparisons": list(comparisons)},
    }


def _check(*comparisons: dict, development=(), site_labels=None) -> None:
    config = _settings(*comparisons, development=development, site_labels=site_labels)
    check_settings(config, _interviews(), file="config.yaml", participants="p.csv")


def test_study_settings_fitting_the_data_pass() -> None:
    config = _settings(
        {"id": "g", "variable": "group", "values": ["officials", "managers"],
         "where": {"wave": "2013"}},
        {"id": "o", "variable": "site", "values": ["office 1"]},
        {"id": "w", "variable": "wave", "values": ["2013", "2014"], "panel": "person_id"},
        development=["a1"],
    )  # fmt: skip
    assert settings_errors(config, _interviews(), file="config.yaml", participants="p.csv") == []


def test_study_shipped_settings_fit_the_demo_participants() -> None:
    config = _config()
    interviews = load_participants(
        ROOT / "data/participants.csv",
        raw_dir=ROOT / "data/raw",
        roles=list(config["roles"]),
        waves=[str(w) for w in config["waves"]],
        sites=config["sites"],
    )
    assert settings_errors(config, interviews, file="config.yaml", participants="p.csv") == []


@pytest.mark.parametrize(
    ("comparison", "message"),
    [
        ({"id": "g", "variable": "group", "values": ["officials", "clerks"]},
         r"\[E023\] config.yaml: compare.comparisons 'g': no interview has group 'clerks'; "
         r"values with interviews: managers, officials\."),
        ({"id": "g", "variable": "group", "values": ["officials"], "where": {"wave": "2015"}},
         r"\[E023\] .*'g': no interview has wave '2015'; values with interviews: 2013, 2014"),
        ({"id": "g", "variable": "group", "values": ["managers"], "where": {"wave": "2014"}},
         r"\[E023\] .*no interview of those with wave '2014' has group 'managers'; values "
         r"with interviews: officials\."),
        ({"id": "o", "variable": "site", "values": ["north"]},
         r"\[E023\] .*has site 'north'; values with interviews: office 1 \(sites are compared "
         r"by their labels"),
    ],
)  # fmt: skip
def test_study_comparison_value_without_interviews(comparison: dict, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        _check(comparison)


def test_study_comparison_by_an_unknown_attribute() -> None:
    with pytest.raises(PipelineError, match=r"\[E024\] .*'x': 'region' is no attribute"):
        _check({"id": "x", "variable": "region", "values": ["n"]})


@pytest.mark.parametrize(
    ("panel", "values", "problem"),
    [
        ("person", ["2013", "2014"], "panel 'person' is no column of p.csv"),
        ("person_id", ["2013"], r"panel 'person_id' needs exactly two values \(found 1\)"),
        (
            "interview_id",
            ["2013", "2014"],
            "panel 'interview_id' links no person interviewed in both '2013' and '2014'",
        ),
    ],
)
def test_study_panel_without_pairs(panel: str, values: list[str], problem: str) -> None:
    comparison = {"id": "w", "variable": "wave", "values": values, "panel": panel}
    with pytest.raises(PipelineError, match=rf"\[E025\] config.yaml: .*'w': {problem}; "):
        _check(comparison)


def test_study_development_ids_must_be_interviews() -> None:
    with pytest.raises(PipelineError, match=r"\[E026\] .*lists 'w1_off_n01', which is no"):
        _check(development=["a1", "w1_off_n01"])


def test_study_site_labels_for_unknown_sites() -> None:
    labels = {"north": "office 1", "east": "office 3"}
    with pytest.raises(PipelineError, match=r"\[E027\] .*labels the site 'east'.*north, south"):
        _check(site_labels=labels)


def test_study_settings_problems_come_together() -> None:
    with pytest.raises(PipelineErrors) as error:
        _check({"id": "g", "variable": "group", "values": ["x"]}, development=["zz"])
    assert [e.code for e in error.value.errors] == ["E026", "E023"]


# Issue 14: what the property-based tests (tests/properties/) found.
def test_study_sheet_not_utf8_names_its_line(tmp_path: Path) -> None:
    sheet = _study(tmp_path, "")
    sheet.write_bytes((HEADER + GOOD.replace("Åsa", "\xc5sa")).encode("cp1252"))
    with pytest.raises(PipelineError, match=r"\[E130\] .*participants.csv: line 2: not UTF-8.*c5"):
        _load(sheet)


def test_study_cell_over_the_csv_field_limit(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + 'a1,"' + "x" * 140_000 + '"\n')
    with pytest.raises(PipelineError, match=r"\[E012\] .*row 2: field larger than field limit"):
        _load(sheet)


def test_study_file_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + GOOD.replace("a1.txt", "a" * 300 + ".txt"))
    with pytest.raises(PipelineError, match=r"\[E004\] .*row 2, column 'file': "):
        _load(sheet)


# Issue 14: links out of the raw folder, other delimiters, an empty config.yaml.


def test_study_link_out_of_the_raw_folder_is_refused_unread(tmp_path: Path) -> None:
    sheet = _study(tmp_path, HEADER + GOOD, files=())
    secret = tmp_path / "secret.txt"
    secret.write_text("not a transcript", encoding="utf-8")
    (tmp_path / "raw" / "a1.txt").symlink_to(secret)
    with pytest.raises(PipelineError, match=r"\[E017\] .*row 2, column 'file': the file is a link"):
        _load(sheet)


def test_study_links_inside_the_raw_folder_and_a_linked_raw_folder_are_fine(
    tmp_path: Path,
) -> None:
    rows = GOOD.replace(",a1.txt,", ",b/a1.txt,") + GOOD.replace("a1,a1.txt", "a2,b/x.txt")
    sheet = _study(tmp_path, HEADER + rows, files=())
    shared = tmp_path / "shared"
    (tmp_path / "raw").rename(shared)
    (tmp_path / "raw").symlink_to(shared)  # raw_dir itself a link, to a shared drive
    (shared / "b").mkdir()
    (shared / "b" / "x.txt").write_text("I: Hi\nR: Hello\n", encoding="utf-8")
    (shared / "b" / "a1.txt").symlink_to("x.txt")
    assert list(_load(sheet)) == ["a1", "a2"]


@pytest.mark.parametrize(("delimiter", "named"), [(";", "';'"), ("\t", "tabs")])
def test_study_other_delimiter_is_named(tmp_path: Path, delimiter: str, named: str) -> None:
    rows = (HEADER + GOOD.replace("Åsa Lind", "Lind, Åsa")).replace(",", delimiter)
    with pytest.raises(
        PipelineError, match=rf"\[E018\] .*participants.csv: .*separated by {named}"
    ):
        _load(_study(tmp_path, rows))


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "the file is empty"), ("# only a comment\n", "the file is empty"),
     ("- study\n", "it holds a list"), ("study\n", r"it holds a single value \(str\)"),
     ("study: [\n", "not valid YAML at line 2")],
)  # fmt: skip
def test_study_config_file_that_is_no_mapping(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(
        PipelineError, match=rf"\[E019\] .*config.yaml: {problem}.*; config.yaml must"
    ):
        check_config_file(tmp_path / "config.yaml")


def test_study_file_name_with_a_nul_is_no_link_out(tmp_path: Path) -> None:
    """The check for links out of data/raw resolved the name first: ValueError (embedded
    null byte) escaped."""
    sheet = _study(tmp_path, HEADER + GOOD.replace("a1.txt", "a\x001.txt"))
    with pytest.raises(PipelineError, match=r"\[E004\] .*row 2, column 'file': "):
        _load(sheet)
