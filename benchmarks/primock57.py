"""PriMock57 consultations as a researcher's starting material: participants.csv and transcripts.

    PYTHONPATH=workflow .venv/bin/python benchmarks/primock57.py --out DIR [--consultations 8]

Writes DIR/participants.csv and DIR/transcripts/ (the two Praat TextGrids of each chosen
consultation, copied unchanged from ../shared/corpora/primock57/transcripts). One row per
consultation: the doctor is the interviewer, the patient the respondent; `file` names both
TextGrids, `;`-separated (doctor first). The corpus has no names of its people, so every name in
the sheet is invented (PATIENTS, DOCTORS), some of them ordinary English words ('Rose', 'Will',
'Mark'), as real names are; the date is invented too (one per recording day). The corpus is CC
BY 4.0 (Papadopoulos Korfiatis, Moramarco, Sarac and Savkov, ACL 2022); DIR must lie outside
the repository. The first consultations are SUBSET, the eight tests/workflow/test_first_run.py runs
(chosen across the five days, with names, places and many drugs spoken in them); more come in
corpus order.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpora beside the repository, or where QUALPIPE_CORPORA says (a worktree elsewhere).
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", ROOT.parent / "shared" / "corpora"))
CORPUS = CORPORA / "primock57"
SUBSET = (
    "day1_consultation05", "day1_consultation08", "day2_consultation01", "day2_consultation06",
    "day3_consultation02", "day3_consultation08", "day4_consultation02", "day5_consultation12",
)  # fmt: skip
# Invented; none is a name spoken in the corpus.
PATIENTS = (
    "Rose Whitaker", "Will Brennan", "Mark Ellison", "Grace Okoro", "Bill Hanley",
    "Faith Doyle", "Joy Patel", "Dawn Kelleher", "Ray Osei", "Iris Fenwick",
    "Hazel Brooke", "Neil Lindqvist", "Amara Bello", "Colin Rourke", "Eve Marsh",
    "Pearl Addo", "Gareth Quayle", "Ivy Sandhu", "Miles Carver", "Ruby Lachlan",
    "Amber Kowalczyk", "Reggie Mensah", "Holly Traynor", "Stanley Oduya", "Megan Voss",
    "Frank Delaney", "Harriet Nwosu", "Dennis Halloran", "Poppy Ashdown", "Victor Aziz",
    "Norah Gillespie", "Clive Ferreira", "Heather Mulvey", "Dexter Ampofo", "Lorna Sheedy",
    "Kofi Brannigan", "Bridget Lyle", "Arjun Mehra", "Sally Okafor", "Terence Byrne",
    "Gemma Costa", "Wilbur Kaye", "Daisy Pennock", "Leon Abiodun", "Moira Tallis",
    "Rufus Hendry", "Tamsin Okeke", "Felix Grainger", "Yasmin Darby", "Barnaby Quist",
    "Cora Madden", "Ahmed Rahimi", "Jolene Pryce", "Declan Moyo", "Imogen Hartigan",
    "Otis Fairley", "Beatrix Loughlin",
)  # fmt: skip
DOCTORS = {
    "1": "Helen Carraway",
    "2": "Omar Siddiqi",
    "3": "Priya Raman",
    "4": "Julian Whitmore",
    "5": "Sofia Marinescu",
}
NAME = re.compile(r"day(?P<day>\d)_consultation(?P<number>\d\d)")


def corpus_stems(corpus: Path) -> list[str]:
    """Every consultation with both TextGrids, in corpus order ('day1_consultation01', ...)."""
    return sorted(
        p.name.removesuffix("_doctor.TextGrid")
        for p in (corpus / "transcripts").glob("*_doctor.TextGrid")
        if (corpus / "transcripts" / p.name.replace("_doctor.", "_patient.")).is_file()
    )


def chosen(stems: list[str], count: int) -> list[str]:
    """SUBSET first, then the others in corpus order, `count` in all."""
    return ([s for s in SUBSET if s in stems] + [s for s in stems if s not in SUBSET])[:count]


def build(corpus: Path, out: Path, *, consultations: int) -> list[dict[str, str]]:
    """DIR/participants.csv and DIR/transcripts/ for the first `consultations`. RETURNS rows."""
    transcripts = out / "transcripts"
    transcripts.mkdir(parents=True, exist_ok=True)
    stems = corpus_stems(corpus)
    if not stems:
        raise FileNotFoundError(f"{corpus}/transcripts: no PriMock57 TextGrids (QUALPIPE_CORPORA?)")
    rows = []
    for stem in chosen(stems, consultations):
        match = NAME.fullmatch(stem)
        if match is None:
            raise ValueError(f"{stem}: not a PriMock57 consultation name")
        day, number = match["day"], match["number"]
        files = [f"{stem}_doctor.TextGrid", f"{stem}_patient.TextGrid"]
        for name in files:
            shutil.copyfile(corpus / "transcripts" / name, transcripts / name)
        rows.append({
            "interview_id": f"d{day}_c{number}",
            "file": ";".join(files),
            "participant": PATIENTS[stems.index(stem)],
            "role": "patient",
            "site": "remote",
            "wave": "2021",
            "date": f"2021-06-0{day}",
            "mode": "video",
            "interviewer": DOCTORS[day],
            "day": day,
        })  # fmt: skip
    with open(out / "participants.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--consultations", type=int, default=len(SUBSET))
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(ROOT):
        print(f"--out {args.out}: give a folder outside the repository (the corpus stays out).")
        return 2
    rows = build(args.corpus, args.out, consultations=args.consultations)
    print(f"{len(rows)} consultations written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
