"""Merge's catalogued warnings that no other test checks, each triggered as a coder does."""

import csv
import logging
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.common.records import sheet_columns
from qualpipe.merge.returned import import_sheets
from qualpipe.segment.units import fingerprint

QUOTAS = "We had production quotas on the whiteboard."
NOBODY = "Nobody followed it up, though."


def _segments(path: Path, segments: dict[str, str]) -> str:
    """segments.csv of interview i1 as segmentation writes it."""
    rows = "".join(f"{key},i1,{fingerprint(text)},{text}\n" for key, text in segments.items())
    path.write_text("segment_id,interview_id,fingerprint,text\n" + rows, encoding="utf-8")
    return str(path)


def _returned(folder: Path, rows: list[dict[str, str]]) -> None:
    """A coder's returned CSV sheet: the exported rows with their texts, codes filled in."""
    folder.mkdir(parents=True)
    with (folder / "ana.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=sheet_columns(2))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "fingerprint": fingerprint(row["text"])})


def test_merge_errors_rows_remapped_by_their_text_are_w501(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A turn added before the coded one since export: its segment is i1-t0002-s01 now.
    _returned(tmp_path / "coding" / "ana", [
        {"segment_id": "i1-t0001-s01", "text": QUOTAS, "code_1": "workload"},
    ])  # fmt: skip
    segments = {"i1-t0001-s01": NOBODY, "i1-t0002-s01": QUOTAS}
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        import_sheets(
            coding_dir=str(tmp_path / "coding"),
            coders=["ana"],
            segments_path=_segments(tmp_path / "segments.csv", segments),
            codebook_path=str(ROOT / "tests" / "integration" / "data" / "codebook.yaml"),
            schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
            decisions_path=str(tmp_path / "decisions.csv"),
            review_path=str(tmp_path / "review.csv"),
            transcript_paths=[],
            overlap=0.5,
        )
    assert f"[W501] {tmp_path}/coding/ana: 1 row(s) were re-mapped by their text" in caplog.text
    decisions = list(csv.DictReader((tmp_path / "decisions.csv").open(encoding="utf-8")))
    assert [(d["segment_id"], d["status"], d["codes"]) for d in decisions] == [
        ("i1-t0001-s01", "not_coded", ""),
        ("i1-t0002-s01", "coded", "workload"),
    ]
