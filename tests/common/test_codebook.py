"""The codebook loader: schema, line-precise errors, duplicate ids, empty codes, patterns."""

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from qualpipe.codebook import _parse_once, load_codebook
from qualpipe.errors import PipelineError

SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
HEAD = """themes:
  - id: roles
    label: Roles
    categories:
      - id: conditions
        label: Conditions
        codes:
"""
WORKLOAD = """          - id: workload
            label: Workload
            description: Too many cases, too little time.
            keywords: [caseload, lack of time]
"""


def _load(tmp_path: Path, codes: str) -> object:
    path = tmp_path / "codebook.yaml"
    path.write_text(HEAD + codes, encoding="utf-8")
    return load_codebook(str(path), schema_path=SCHEMA)


def test_codebook_loads_codes_with_their_hierarchy_and_defaults(tmp_path: Path) -> None:
    codebook = _load(tmp_path, WORKLOAD)
    code = codebook.code("workload")
    assert (code.theme, code.category, code.line) == ("roles", "conditions", 8)
    assert code.keywords == ("caseload", "lack of time")
    assert (code.patterns, code.regex, code.exclude, code.precode) == ((), (), (), True)


def test_codebook_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E301.*line 10, column 24"):
        _load(tmp_path, WORKLOAD.replace("label: Workload", "label: [Workload"))


def test_codebook_unknown_key_is_an_error_on_its_line(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E302.*line 8:.*'keywrods' was unexpected"):
        _load(tmp_path, WORKLOAD.replace("keywords", "keywrods"))


def test_codebook_id_used_twice_names_both_lines(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E303.*line 12: the id 'workload'.*first on line 8"):
        _load(tmp_path, WORKLOAD + WORKLOAD)


def test_codebook_code_without_keywords_is_empty(tmp_path: Path) -> None:
    empty = WORKLOAD.replace("            keywords: [caseload, lack of time]\n", "")
    with pytest.raises(PipelineError, match=r"E304.*line 8: code 'workload'"):
        _load(tmp_path, empty)
    assert not _load(tmp_path, empty + "            precode: false\n").code("workload").precode


def test_codebook_regex_that_does_not_compile(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E305.*'\(180 days' does not compile"):
        _load(tmp_path, WORKLOAD + "            regex: ['(180 days']\n")


def test_codebook_invalid_matcher_pattern(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E306.*code 'workload'.*LEMMAS"):
        _load(tmp_path, WORKLOAD + "            patterns: [[{LEMMAS: time}]]\n")


def test_codebook_patterns_unchecked_where_no_stage_matches_them(tmp_path: Path) -> None:
    """Stages that never match patterns skip spaCy's check (issue 16), and only that one."""
    path = tmp_path / "codebook.yaml"
    path.write_text(
        HEAD + WORKLOAD + "            patterns: [[{LEMMAS: time}]]\n", encoding="utf-8"
    )
    codebook = load_codebook(str(path), schema_path=SCHEMA, check_patterns=False)
    assert codebook.code("workload").patterns == ([{"LEMMAS": "time"}],)
    path.write_text(HEAD + WORKLOAD + "            opposes: leisure\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"E307.*opposes 'leisure'"):
        load_codebook(str(path), schema_path=SCHEMA, check_patterns=False)


def test_codebook_opposes_an_unknown_code(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E307.*opposes 'leisure'"):
        _load(tmp_path, WORKLOAD + "            opposes: leisure\n")


def test_codebook_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E308.*absent\.yaml: not found"):
        load_codebook(str(tmp_path / "absent.yaml"), schema_path=SCHEMA)


def test_codebook_keyword_without_a_word(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"E309.*keyword '--'"):
        _load(tmp_path, WORKLOAD.replace("caseload", "'--'"))


def test_codebook_reports_every_problem_at_once(tmp_path: Path) -> None:
    broken = WORKLOAD + "            regex: ['(']\n            opposes: leisure\n"
    with pytest.raises(PipelineError) as caught:
        _load(tmp_path, broken + broken.replace("workload", "stress"))
    assert sorted(set(re.findall(r"E30\d", str(caught.value)))) == ["E305", "E307"]
    assert str(caught.value).count("\n") == 3


# The 29 codes of ../shared/design/codebook-themes.md, in its order.
DESIGN_CODES = [
    "public_trust", "centralisation", "activation_policy", "reform_cycles",
    "administrator_to_case_manager", "stakeholder_coordination", "client_orientation",
    "not_therapist", "discretion", "skills_education", "workload", "performance_measures",
    "routines_regulation", "external_constraints", "lean", "teams", "coaching_leadership",
    "coherent_strategy", "separate_initiatives", "mi_training", "mi_coaching_feedback",
    "manager_support", "mi_priority", "mi_monitoring", "mi_useful", "mi_techniques", "mi_limits",
    "mi_insecurity", "mi_decline",
]  # fmt: skip


def test_codebook_demo_covers_every_code_of_the_design() -> None:
    codebook = load_codebook(str(ROOT / "data" / "codebook.yaml"), schema_path=SCHEMA)
    assert (len(codebook.themes), len(codebook.categories)) == (2, 6)
    assert codebook.ids == DESIGN_CODES


# Issue 14: what the property-based tests (tests/properties/) found.
@pytest.mark.parametrize("text", ["", "# to be written\n"])
def test_codebook_empty_file_is_no_codebook(tmp_path: Path, text: str) -> None:
    (tmp_path / "codebook.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match=r"\[E315\] .*codebook.yaml: holds no codebook"):
        load_codebook(str(tmp_path / "codebook.yaml"), schema_path=SCHEMA)


def test_codebook_control_character_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"\[E314\] .*line 10: .*U\+0007.*\\u0007"):
        _load(tmp_path, WORKLOAD.replace("Too many", "Too\x07many"))


def test_codebook_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes((HEAD + WORKLOAD.replace("Workload", "Arbetsbörda")).encode("cp1252"))
    with pytest.raises(PipelineError, match=r"\[E130\] .*codebook.yaml: line 9: not UTF-8.*f6"):
        load_codebook(str(path), schema_path=SCHEMA)


def test_codebook_regex_repetition_too_large(tmp_path: Path) -> None:
    code = WORKLOAD.replace("keywords: [caseload, lack of time]", "regex: ['a{4294967296}']")
    with pytest.raises(PipelineError, match=r"\[E305\] .*'a\{4294967296\}' does not compile"):
        _load(tmp_path, code)


def test_codebook_pattern_regex_that_does_not_compile(tmp_path: Path) -> None:
    code = WORKLOAD + "            patterns: [[{LOWER: {REGEX: '('}}]]\n"
    with pytest.raises(PipelineError, match=r"\[E306\] .*line 8: .*invalid \(missing \)"):
        _load(tmp_path, code)


@pytest.mark.parametrize("operator", ["{1000000}", "{2,101}", "{,99999999999}", "{101,}"])
def test_codebook_pattern_repetition_too_large(tmp_path: Path, operator: str) -> None:
    """spaCy writes out every repetition: '{1000000}' took 9 s and 530 MB, more took all memory."""
    code = WORKLOAD + f"            patterns: [[{{LOWER: a, OP: '{operator}'}}]]\n"
    with pytest.raises(PipelineError, match=r"\[E306\] .*repeats a token more than 100 times"):
        _load(tmp_path, code)


MERGED = """\
base: &base {label: A, keywords: [a]}
codes:
  - <<: *base
    id: x
  - {!!merge m: *base, id: y}
"""


@pytest.mark.parametrize(
    "text",
    [
        (ROOT / "data/codebook.yaml").read_text("utf-8"),
        MERGED,
        "- {!!merge m: {a: 1}, b: 2}",
        "",
        "# only a comment\n",
        "a: [1, 2]",
    ],
)
def test_codebook_one_parse_gives_what_safe_load_and_compose_give(text: str) -> None:
    data, root = _parse_once(text)
    assert data == yaml.safe_load(text)
    assert repr(root) == repr(yaml.compose(text))  # nodes compare by identity: their repr
