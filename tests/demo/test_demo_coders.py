import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from qualpipe.common.io import csv_bytes, workbook_bytes
from qualpipe.common.records import sheet_columns

from tools.demo.coders import (
    CODERS,
    Coding,
    Placement,
    Turn,
    cohen_kappa,
    decide,
    main,
    place_codes,
    simulate,
)

NEUTRAL = "Hm, that is a good question."
WORKLOAD = (
    "Yes, well, there is simply never enough time, you run from one task to the next all day."
)
LEAN = "The idea is to take away all the steps that does not give anything to the customer."
TEAMS = ("It works fine in some teams, and not so-", "so well in others, it depends on the people.")
TRAP = "I do not trust our dog alone near the sofa."
# Two interviews; the gold codes are per turn, as in data/demo/gold/turns.csv.
SEGMENTS = [
    ("i1", 1, NEUTRAL),
    ("i1", 1, WORKLOAD),
    ("i1", 3, LEAN),
    ("i1", 3, TRAP),
    ("i2", 1, TEAMS[0]),
    ("i2", 1, TEAMS[1]),
    ("i2", 3, NEUTRAL),
]
GOLD = {("i1", 1): ("workload", ""), ("i1", 3): ("lean", "trust_dog:public_trust")}
GOLD |= {("i2", 1): ("teams", ""), ("i2", 3): ("", "")}


def _turns() -> list[Turn]:
    texts: dict[tuple[str, int], list[str]] = {}
    for interview, turn, text in SEGMENTS:
        texts.setdefault((interview, turn), []).append(text)
    return [_turn(key, found) for key, found in texts.items()]


def _turn(key: tuple[str, int], texts: list[str]) -> Turn:
    segments = tuple(f"{key[0]}-t{key[1]}-s{n}" for n in range(len(texts)))
    codes, traps = (tuple(value.split(";")) if value else () for value in GOLD[key])
    return Turn(key[0], segments, tuple(texts), codes, traps)


def _write_csv(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _study(root: Path) -> None:
    """results/ (segments, the exported sheets) and gold/ of the tiny fixture."""
    ids = [f"{i}-t{t}-s{n}" for n, (i, t, _) in enumerate(SEGMENTS)]
    header = ["segment_id", "interview_id", "turn", "speaker", "question", "text", "fingerprint"]
    segments = [[s, i, t, "R", "Q?", x, "fp"] for s, (i, t, x) in zip(ids, SEGMENTS, strict=True)]
    _write_csv(root / "results" / "segments" / "segments.csv", [header, *segments])
    gold = [[i, t, "respondent", c, x] for (i, t), (c, x) in GOLD.items()]
    _write_csv(
        root / "gold" / "turns.csv", [["interview_id", "turn", "speaker", "codes", "traps"], *gold]
    )
    rows = [
        [s, i, "R", "Q?", x, "", "", "", "", "", "", "", "fp"] for s, i, _, _, _, x, _ in segments
    ]
    sheets = root / "results" / "coding" / "sheets"
    (sheets / "coder_b").mkdir(parents=True)
    (sheets / "coder_b" / "coder_b_coding_sheet.csv").write_bytes(csv_bytes(sheet_columns(4), rows))
    workbook = Workbook()
    workbook.active.title = "Coding"
    for row in [sheet_columns(4), *rows]:
        workbook.active.append(row)
    (sheets / "coder_a").mkdir()
    (sheets / "coder_a" / "coder_a_coding_sheet.xlsx").write_bytes(workbook_bytes(workbook))


def _run(root: Path, out: str) -> dict[str, bytes]:
    args = ["--results", str(root / "results"), "--gold", str(root / "gold"), "--out"]
    assert main([*args, str(root / out)]) == 0
    return {str(p.relative_to(root / out)): p.read_bytes() for p in (root / out).rglob("*.*")}


def test_demo_coders_places_each_code_on_the_sentence_that_says_it() -> None:
    placement = place_codes(_turns())
    assert placement.codes["i1-t1-s0"] == set()
    assert placement.codes["i1-t1-s1"] == {"workload"}
    assert placement.codes["i1-t3-s0"] == {"lean"}
    assert placement.codes["i1-t3-s1"] == set()
    assert placement.fallback == 0


def test_demo_coders_places_a_statement_cut_at_a_false_start_on_both_segments() -> None:
    placement = place_codes(_turns())
    assert placement.codes["i2-t1-s0"] == placement.codes["i2-t1-s1"] == {"teams"}


def test_demo_coders_falls_back_to_the_longest_segment_when_nothing_matches() -> None:
    turn = Turn(
        "i9",
        ("short", "long"),
        (NEUTRAL, "Something else entirely, said at some length and in many words."),
    )
    placement = place_codes([Turn(turn.interview, turn.segments, turn.texts, ("mi_decline",))])
    assert placement.fallback == 1
    assert placement.codes == {"short": set(), "long": {"mi_decline"}}


def test_demo_coders_finds_the_keyword_trap() -> None:
    assert place_codes(_turns()).traps == {"i1-t3-s1": "public_trust"}


@pytest.mark.parametrize("coder", CODERS, ids=[coder.name for coder in CODERS])
def test_demo_coders_miss_hard_codes_more_often_than_easy_ones(coder) -> None:
    turns = [Turn(f"i{n}", (f"s{n}",), ("text",)) for n in range(4000)]
    codes = {f"s{n}": {"workload" if n % 2 else "coherent_strategy"} for n in range(4000)}
    entries = simulate(coder, turns, Placement(codes=codes), seed=1)
    kept = {
        code: sum(code in e.codes for e in entries.values()) for code in codes["s1"] | codes["s0"]
    }
    assert kept["workload"] > 1900 > 1400 > kept["coherent_strategy"]


def test_demo_coders_leave_rows_not_coded_and_mark_nothing_applies() -> None:
    coder_b = next(coder for coder in CODERS if coder.unfinished)
    turns = [Turn(f"i{n // 10}", (f"s{n}",), ("text",), small_talk=n % 2 == 0) for n in range(200)]
    entries = simulate(
        coder_b, turns, Placement(codes={f"s{n}": set() for n in range(200)}), seed=1
    )
    assert not any(segment in entries for segment in ("s170", "s185", "s199"))  # unfinished
    assert Coding() in entries.values()  # 'nothing applies'
    assert 0 < len(entries) < 170  # some small talk left blank


def test_demo_coders_kappa_of_known_ratings() -> None:
    assert cohen_kappa([True, True, False, False], [True, False, False, False]) == 0.5
    assert cohen_kappa([True, False], [True, False]) == 1.0


def test_demo_coders_adjudication_follows_the_truth() -> None:
    turn = _turns()[1]
    placement = place_codes(_turns())
    assert decide("i1-t3-s0", "lean", placement, turn)[0] == "apply"
    decision, note = decide("i1-t3-s1", "public_trust", placement, turn)
    assert decision == "reject" and "another sense" in note


def test_demo_coders_output_is_byte_identical(tmp_path: Path) -> None:
    _study(tmp_path)
    first, second = _run(tmp_path, "one"), _run(tmp_path, "two")
    assert sorted(first) == sorted(
        [
            "coder_a/coder_a_coding_sheet.xlsx",
            "coder_b/coder_b_coding_sheet.csv",
            "adjudication.csv",
        ]
    )
    assert first == second


def test_demo_coders_return_the_sheets_as_exported_and_filled(tmp_path: Path) -> None:
    _study(tmp_path)
    _run(tmp_path, "out")
    data = (tmp_path / "out" / "coder_b" / "coder_b_coding_sheet.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsegment_id,interview,") and data.count(b"\r\n") == 8
    sheet = load_workbook(tmp_path / "out" / "coder_a" / "coder_a_coding_sheet.xlsx")["Coding"]
    assert [cell.value for cell in sheet[1]] == sheet_columns(4)
    assert any(sheet.cell(row, 7).value or sheet.cell(row, 11).value for row in range(2, 9))
