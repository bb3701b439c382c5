"""Tests of the demo study generator (tools/demo) and of the committed demo study."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, is_utf8
from qualpipe.ingest.read import read_transcript

from tools.demo.design import BASE_CELLS, plan_study, scale_cells
from tools.demo.identifiers import luhn_valid
from tools.demo.interview import CODES
from tools.demo.names import PUBLIC_FIGURES
from tools.demo.readback import read_csv, source_text
from tools.demo.stats import code_frames, keyword_free, paraphrases, render, study_stats
from tools.demo.study import write_study

DATA = ROOT / "data"
CODE_IDS = [code.code_id for code in CODES]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default study, generated afresh into a temporary study folder."""
    out = tmp_path_factory.mktemp("demo")
    write_study(out)
    return out / "data"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_csv(DATA / "participants.csv")


@pytest.fixture(scope="module")
def texts(rows: list[dict[str, str]]) -> dict[str, str]:
    return {row["interview_id"]: source_text(DATA / "raw" / row["file"]) for row in rows}


@pytest.fixture(scope="module")
def turns() -> list[dict[str, str]]:
    return read_csv(DATA / "demo" / "gold" / "turns.csv")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "private" not in path.parts
    }


@pytest.mark.integration
def test_demo_regenerates_committed_data_byte_identical(regenerated: Path) -> None:
    fresh, committed = _files(regenerated), _files(DATA)
    assert [name for name in fresh if fresh[name] != committed.get(name)] == []
    stale = [name for name in committed if name.startswith(("raw/", "demo/")) and name not in fresh]
    assert stale == []


def test_demo_design_counts_by_role_and_wave(rows: list[dict[str, str]]) -> None:
    counts = Counter((row["wave"], row["role"]) for row in rows)
    assert counts == {
        ("2013", "official"): 24,
        ("2013", "unit_manager"): 20,
        ("2013", "regional_coordinator"): 4,
        ("2013", "senior_management"): 9,
        ("2014", "official"): 16,
        ("2014", "unit_manager"): 5,
    }
    assert Counter(row["wave"] for row in rows) == {"2013": 57, "2014": 21}


def test_demo_design_sites_modes_and_dates(rows: list[dict[str, str]]) -> None:
    officials = Counter((row["wave"], row["site"]) for row in rows if row["role"] == "official")
    assert {count for (wave, _), count in officials.items() if wave == "2013"} == {6}
    assert {count for (wave, _), count in officials.items() if wave == "2014"} == {4}
    assert Counter((row["role"], row["mode"]) for row in rows if row["mode"] == "phone") == {
        ("unit_manager", "phone"): 3,
        ("regional_coordinator", "phone"): 1,
    }
    assert all(row["date"][:4] == row["wave"] and "05" <= row["date"][5:7] <= "09" for row in rows)


def test_demo_followups_are_the_same_people(rows: list[dict[str, str]]) -> None:
    first = {row["person_id"]: row for row in rows if row["wave"] == "2013"}
    for row in (row for row in rows if row["wave"] == "2014"):
        earlier = first[row["person_id"]]
        assert (earlier["participant"], earlier["role"], earlier["site"]) == (
            row["participant"],
            row["role"],
            row["site"],
        )


def test_demo_file_formats_and_encodings(rows: list[dict[str, str]]) -> None:
    assert Counter(Path(row["file"]).suffix for row in rows) == {".txt": 60, ".docx": 10, ".vtt": 8}
    raw = [
        (DATA / "raw" / row["file"]).read_bytes() for row in rows if row["file"].endswith(".txt")
    ]
    assert sum(data.startswith(b"\xff\xfe") for data in raw) == 1
    assert sum(b"\r\n" in data for data in raw) >= 4
    undecodable = [data for data in raw if not data.startswith(b"\xff\xfe") and not is_utf8(data)]
    assert len(undecodable) == 2 and all(data.decode("cp1252") for data in undecodable)
    assert sorted(path.name for path in (DATA / "raw").iterdir()) == sorted(
        row["file"] for row in rows
    )


def test_demo_word_counts_in_range(turns: list[dict[str, str]]) -> None:
    words = Counter[str]()
    for turn in turns:
        words[turn["interview_id"]] += int(turn["words"])
    assert len(words) == 78
    assert all(4000 <= count <= 9000 for count in words.values()), words.most_common(3)


def test_demo_gold_word_counts_match_the_files(
    turns: list[dict[str, str]], texts: dict[str, str]
) -> None:
    labelled = [turn for turn in turns if not texts[turn["interview_id"]].startswith("WEBVTT")]
    for turn in labelled[::50]:
        span = texts[turn["interview_id"]][int(turn["start"]) : int(turn["end"])]
        text = re.split(r": |\t", span, maxsplit=1)[1]  # after 'Label: ' or a table's label cell
        assert len(text.split()) == int(turn["words"]), turn


@pytest.mark.parametrize("code", CODES, ids=CODE_IDS)
def test_demo_paraphrases_per_code(code: object) -> None:
    sentences = paraphrases(code)  # type: ignore[arg-type]
    assert len(sentences) >= 15
    assert len(code_frames(code)) >= 7  # type: ignore[arg-type]
    assert keyword_free(code, sentences) >= 5  # type: ignore[arg-type]


def test_demo_gold_identifier_spans_point_at_planted_text(texts: dict[str, str]) -> None:
    identifiers = read_csv(DATA / "demo" / "gold" / "identifiers.csv")
    wrong = [
        row
        for row in identifiers
        if texts[row["interview_id"]][int(row["start"]) : int(row["end"])] != row["text"]
    ]
    assert wrong == []
    categories = Counter(row["category"] for row in identifiers)
    assert set(categories) == {
        "person",
        "organisation",
        "place",
        "address",
        "phone",
        "email",
        "id_number",
        "date",
    }


def test_demo_personal_numbers_have_valid_check_digits() -> None:
    identifiers = read_csv(DATA / "demo" / "gold" / "identifiers.csv")
    numbers = [row["text"] for row in identifiers if row["kind"] == "personal_number"]
    assert len(numbers) > 50
    assert [number for number in numbers if not luhn_valid(number)] == []


@pytest.mark.parametrize(
    ("number", "valid"), [("811218-9876", True), ("811218-9875", False), ("19811218-9876", True)]
)
def test_demo_luhn_check_digit(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_demo_gold_turns_point_at_labels_and_alternate(
    turns: list[dict[str, str]], texts: dict[str, str]
) -> None:
    by_interview: dict[str, list[dict[str, str]]] = {}
    for turn in turns:
        by_interview.setdefault(turn["interview_id"], []).append(turn)
    for interview_id, rows in by_interview.items():
        text = texts[interview_id]
        assert [int(row["turn"]) for row in rows] == list(range(len(rows)))
        assert all(row["label"] in text[int(row["start"]) : int(row["end"])] for row in rows)
        speakers = [row["speaker"] for row in rows]
        assert all(a != b for a, b in itertools.pairwise(speakers)), interview_id


def test_demo_gold_codes_only_on_respondent_turns(turns: list[dict[str, str]]) -> None:
    codes = Counter(code for turn in turns for code in turn["codes"].split(";") if code)
    assert set(codes) == set(CODE_IDS)
    assert all(not turn["codes"] for turn in turns if turn["speaker"] == "interviewer")


def _rate(
    turns: list[dict[str, str]],
    rows: list[dict[str, str]],
    code: str,
    *,
    wave: str,
    roles: set[str],
) -> float:
    group = {row["interview_id"] for row in rows if row["wave"] == wave and row["role"] in roles}
    respondent = [
        turn for turn in turns if turn["interview_id"] in group and turn["speaker"] == "respondent"
    ]
    return sum(code in turn["codes"].split(";") for turn in respondent) / len(respondent)


@pytest.mark.parametrize(
    ("code", "higher", "lower"),
    [
        (
            "separate_initiatives",
            ("2013", {"official"}),
            ("2013", {"unit_manager", "regional_coordinator"}),
        ),
        (
            "coherent_strategy",
            ("2013", {"unit_manager", "regional_coordinator"}),
            ("2013", {"official"}),
        ),
        ("workload", ("2013", {"official"}), ("2013", {"unit_manager"})),
        ("public_trust", ("2013", {"senior_management"}), ("2013", {"official"})),
        ("mi_decline", ("2014", {"official"}), ("2013", {"official"})),
        ("mi_techniques", ("2013", {"official"}), ("2014", {"official"})),
    ],
)
def test_demo_findings_are_built_in(
    turns: list[dict[str, str]], rows: list[dict[str, str]], code: str, higher: tuple, lower: tuple
) -> None:
    assert _rate(turns, rows, code, wave=higher[0], roles=higher[1]) > 1.5 * _rate(
        turns, rows, code, wave=lower[0], roles=lower[1]
    )


def test_demo_names_unique_and_never_public_figures(rows: list[dict[str, str]]) -> None:
    people = {row["person_id"]: row["participant"] for row in rows}
    assert len(set(people.values())) == len(people) == 57
    identifiers = read_csv(DATA / "demo" / "gold" / "identifiers.csv")
    full_names = {row["text"] for row in identifiers if row["category"] == "person"}
    assert full_names & PUBLIC_FIGURES == set()


def test_demo_only_offices_listed_for_redaction(rows: list[dict[str, str]]) -> None:
    listed = (DATA / "anonymisation.yaml").read_text(encoding="utf-8")
    assert "Norrbyn" in listed and "category: organisation" in listed
    identifiers = read_csv(DATA / "demo" / "gold" / "identifiers.csv")
    clients = {row["text"] for row in identifiers if row["kind"] == "client"}
    assert clients and not any(client in listed for client in clients)


@pytest.mark.parametrize("n_interviews", [12, 156, 1000])
def test_demo_scale_keeps_proportions(n_interviews: int) -> None:
    cells = scale_cells(n_interviews)
    assert sum(count for *_, count in cells) == n_interviews
    for (wave, role, site, count), (_, _, _, base) in zip(cells, BASE_CELLS, strict=True):
        assert abs(count - base * n_interviews / 78) <= 1.5, (wave, role, site)
    interviews = plan_study(n_interviews=n_interviews)
    first = {interview.person.person_id for interview in interviews if interview.wave == "2013"}
    assert all(
        interview.person.person_id in first for interview in interviews if interview.wave == "2014"
    )
    assert len({interview.interview_id for interview in interviews}) == n_interviews


@pytest.mark.integration
def test_demo_cli_writes_a_scaled_study_independent_of_jobs(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tools.demo", "--out", str(tmp_path / "cli")]
    command += ["--interviews", "12", "--seed", "5", "--jobs", "2"]
    env = {"PYTHONPATH": str(ROOT / "workflow")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    written = read_csv(tmp_path / "cli" / "data" / "participants.csv")
    assert len(written) == 12
    write_study(tmp_path / "serial", n_interviews=12, seed=5)
    assert _files(tmp_path / "cli" / "data") == _files(tmp_path / "serial" / "data")


# The demo generator's statistics over the whole demo study (seconds): integration.
@pytest.fixture(scope="module")
def stats() -> dict[str, object]:
    return study_stats(DATA)


@pytest.mark.integration
def test_demo_document_is_current(stats: dict[str, object]) -> None:
    document = (ROOT / "docs" / "demo-study.md").read_text(encoding="utf-8")
    assert document == render(stats, data=DATA)


@pytest.mark.integration
def test_demo_respondents_share_no_long_passages(stats: dict[str, object]) -> None:
    # Templates recur, so a sentence may; a run of two or more sentences must not.
    assert stats["shared"] <= 30


def test_demo_parses_with_the_ingest_stage(
    rows: list[dict[str, str]], turns: list[dict[str, str]]
) -> None:
    counts = Counter(turn["interview_id"] for turn in turns)
    for row in rows[::7]:
        transcript, _ = read_transcript(
            DATA / "raw" / row["file"],
            respondents=[row["participant"]],
            interviewers=[row["interviewer"]],
        )
        assert len(transcript.turns) == counts[row["interview_id"]], row["file"]
