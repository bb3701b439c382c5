import pytest
from qualpipe.common.speakers import AMBIGUOUS, build_directory, fold, name_variants


def test_speakers_fold_ignores_case_and_diacritics() -> None:
    assert fold("  ÅSA  Lindqvist ") == fold("asa lindqvist") == "asa lindqvist"


def test_speakers_name_variants_include_parts_of_hyphenated_names() -> None:
    variants = name_variants("Leila Haddad-Berg")
    assert {"leila", "haddad-berg", "haddad", "berg", "leila haddad-berg"} <= variants


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("I", "interviewer"),
        ("Interviewer 2", "interviewer"),
        ("R1", "respondent"),
        ("Asa", "respondent"),
        ("Lindqvist", "respondent"),
        ("Maria Ek", "interviewer"),
        ("Unknown", "other"),
        ("Bosse", None),
    ],
)
def test_speakers_directory_resolves_labels(label: str, kind: str | None) -> None:
    directory = build_directory(
        respondents=["Åsa Lindqvist"],
        interviewers=["Maria Ek"],
        extra_labels={"other": ["Unknown"]},
    )
    assert directory.kind_of(label) == kind


def test_speakers_shared_first_name_is_ambiguous() -> None:
    directory = build_directory(respondents=["Anna Berg"], interviewers=["Anna Ek"])
    assert directory.kind_of("Anna") == AMBIGUOUS
    assert directory.kind_of("Anna Berg") == "respondent"
