"""The pipeline on real text: 40 US Supreme Court oral arguments (Oyez), run end to end.

    PYTHONPATH=workflow .venv/bin/python benchmarks/real_corpus.py --out /tmp/scotus

Builds a study folder in our data contract from ../shared/corpora/scotus-oyez (justices as
interviewers, advocates as respondents, government vs private advocates as roles, October
Term 2013 vs 2014 as waves), runs `snakemake --directory <out>` from the repository root and
measures: interviews, turns and words; the run's wall time; whether the leak audit passed;
how often any justice's or advocate's full name or surname (4+ letters) is still found under
<out>/results/ (counts by file and pseudonym only, never the name); and the anonymisation
summary by category and layer. The corpus is CC BY-NC and stays outside the repository, so
the study folder must too (docs/real-data.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree
from qualpipe.common.io import read_rows
from qualpipe.common.refi import PROJECT_SCHEMA
from qualpipe.qdpx.markup import check_valid

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpora beside the repository, or where QUALPIPE_CORPORA says (a worktree elsewhere).
CORPORA = Path(os.environ.get("QUALPIPE_CORPORA", ROOT.parent / "shared" / "corpora"))
CORPUS = CORPORA / "scotus-oyez"
# The corpus README's test for government counsel (federal and state alike).
GOVERNMENT = re.compile(
    r"solicitor general|attorney general|department of justice|united states", re.I
)
UNKNOWN = "Unknown"
# Name words that are titles or suffixes, not surnames.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
CONFIG = {
    "study": {
        "name": "US Supreme Court oral arguments, OT2013 and OT2014 (Oyez)",
        "language": "en",
    },
    "roles": {
        "government": {
            "label": "Government advocate",
            "plural": "Government advocates",
            "group": "government",
            "attribution": "{label} {number}",
        },
        "private": {
            "label": "Private advocate",
            "plural": "Private advocates",
            "group": "private",
            "attribution": "{label} {number}",
        },
    },
    "waves": ["2013", "2014"],
    "sites": ["court"],
    # Turns with `speaker: null` in the source are written with this label.
    "ingest": {"speaker_labels": {"other": [UNKNOWN]}},
    "anonymise": {"batches": 2},
    "qdpx": {"name": "scotus"},
    # No coders: the comparisons rest on the keyword suggestions, as every output says.
    "compare": {
        "comparisons": [
            {
                "id": "government_vs_private",
                "variable": "group",
                "values": ["government", "private"],
            },
            {"id": "term_2013_vs_2014", "variable": "wave", "values": ["2013", "2014"]},
        ]
    },
}
# Institutions and forms of address NER takes for names (docs/real-data.md, item 4).
LEGAL_VOCABULARY = (
    "Court", "the Court", "Supreme Court", "Chief Justice", "Your Honor", "District Court",
    "the court of appeals", "Court of Appeals", "Circuit", "Congress", "Solicitor General",
    "Joint Appendix", "First Amendment", "Fourth Amendment", "Fourteenth Amendment",
    "Constitution", "United States",
)  # fmt: skip
# The court codebook (written for this check from the codes' meaning, not from the corpus).
CODEBOOK = ROOT / "benchmarks" / "court_codebook.yaml"


@dataclass
class Argument:
    """One oral argument as an interview of the study."""

    interview_id: str
    term: str
    date: str
    turns: list[tuple[str, str]] = field(default_factory=list)
    justices: list[str] = field(default_factory=list)
    advocates: list[str] = field(default_factory=list)
    role: str = "private"


def read_manifest(corpus: Path) -> list[dict[str, str]]:
    """The corpus's transcripts in term and argument-date order."""
    with open(corpus / "manifest.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return sorted(rows, key=lambda row: (row["term"], row["argument_date"], row["docket"]))


def is_justice(speaker: dict) -> bool:
    """A speaker with a role of type scotus_justice (corpus README)."""
    return any(role.get("type") == "scotus_justice" for role in speaker.get("roles") or [])


def source_turns(transcript: dict) -> list[tuple[dict | None, str]]:
    """(speaker, text) per turn in conversation order; text blocks joined, whitespace folded."""
    turns = []
    for section in transcript["transcript"]["sections"]:
        for turn in section["turns"]:
            text = " ".join(block["text"] for block in turn.get("text_blocks") or [])
            turns.append((turn.get("speaker"), " ".join(text.split())))
    return turns


def advocate_role(case: dict, identifier: str) -> str:
    """'government' when the case file describes the advocate as government counsel."""
    for entry in case.get("advocates") or []:
        advocate = entry.get("advocate") or {}
        if advocate.get("identifier") == identifier:
            description = entry.get("advocate_description") or ""
            return "government" if GOVERNMENT.search(description) else "private"
    return "private"


def bench(case: dict) -> list[str]:
    """The justices who heard the case, speaking or not (Oyez `heard_by`)."""
    return [member["name"] for court in case.get("heard_by") or [] for member in court["members"]]


def build_argument(row: dict[str, str], number: int, corpus: Path) -> Argument:
    """One argument: turns labelled by speaker name, justices, advocates and the role.

    The role is that of the first advocate who speaks (the petitioner's counsel opens).
    """
    transcript = json.loads((corpus / row["transcript_file"]).read_text(encoding="utf-8"))
    case = json.loads((corpus / row["case_file"]).read_text(encoding="utf-8"))
    argument = Argument(f"t{row['term']}_{number:02d}", row["term"], row["argument_date"])
    first_advocate = None
    for speaker, text in source_turns(transcript):
        if not text:
            continue
        name = speaker["name"].strip() if speaker else UNKNOWN
        argument.turns.append((name, text))
        if speaker is None:
            continue
        group = argument.justices if is_justice(speaker) else argument.advocates
        if name not in group:
            group.append(name)
        if group is argument.advocates and first_advocate is None:
            first_advocate = speaker["identifier"]
    argument.justices += [name for name in bench(case) if name not in argument.justices]
    argument.role = advocate_role(case, first_advocate or "")
    return argument


def anonymisation_yaml(*, legal: bool) -> str:
    """Empty, so that the pipeline's own layers are measured; or, with `legal`, the court's
    institutional vocabulary kept, as a researcher would before analysing the arguments."""
    if not legal:
        return (
            "# Deliberately empty: the pipeline's own layers are what is measured.\n"
            "redact: []\nnever_redact: []\n"
        )
    return yaml.safe_dump({"redact": [], "never_redact": list(LEGAL_VOCABULARY)}, sort_keys=False)


def write_study(out: Path, arguments: list[Argument], *, legal: bool = False) -> None:
    """config.yaml, data/participants.csv, data/raw/*.txt, data/anonymisation.yaml and the
    court codebook as data/codebook.yaml."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(yaml.safe_dump(CONFIG, sort_keys=False), encoding="utf-8")
    shutil.copyfile(CODEBOOK, out / "data" / "codebook.yaml")
    (out / "data" / "anonymisation.yaml").write_text(
        anonymisation_yaml(legal=legal), encoding="utf-8"
    )
    write_sources(out / "data" / "raw", out / "data" / "participants.csv", arguments)


def write_sources(raw: Path, participants: Path, arguments: list[Argument]) -> None:
    """What a researcher starts from: one `Name: text` transcript per argument in `raw`, and
    the participants sheet (benchmarks/first_run.py starts a study from these alone)."""
    raw.mkdir(parents=True, exist_ok=True)
    columns = ["interview_id", "file", "participant", "role", "site", "wave", "date", "mode"]
    with open(participants, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, "interviewer"])
        for argument in arguments:
            file = f"{argument.interview_id}.txt"
            paragraphs = [f"{name}: {text}" for name, text in argument.turns]
            (raw / file).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            writer.writerow(
                [
                    argument.interview_id,
                    file,
                    ";".join(argument.advocates),
                    argument.role,
                    "court",
                    argument.term,
                    argument.date,
                    "in_person",
                    ";".join(argument.justices),
                ]
            )


def run_pipeline(out: Path, *, cores: int) -> tuple[int, float, str]:
    """Run snakemake on the study from the repository root.

    RETURNS (tuple[int, float, str]): exit status, wall seconds, last lines of its output.
    """
    command = [str(Path(sys.executable).parent / "snakemake"), "--directory", str(out)]
    command += ["--cores", str(cores)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    (out / "snakemake_run.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
    return done.returncode, seconds, tail


def name_forms(name: str) -> set[str]:
    """The full name and its surname when the surname has 4 or more letters."""
    words = [word.strip(",.") for word in name.split()]
    words = [word for word in words if word and word.lower() not in SUFFIXES]
    forms = {name}
    if words and len(words[-1]) >= 4:
        forms.add(words[-1])
    return forms


def pseudonyms(out: Path) -> dict[str, str]:
    """Folded real name -> its pseudonym, from the private key (read, never printed)."""
    key = out / "data" / "private" / "anonymise" / "key.csv"
    if not key.is_file():
        return {}
    return {row["entity"].split(":", 1)[-1]: row["pseudonym"] for row in read_rows(key)}


def name_hits(out: Path, names: list[str]) -> tuple[Counter[str], Counter[str]]:
    """Whole-word, any-case hits of every name form under results/, by file and by person.

    RETURNS (tuple[Counter, Counter]): hits by results file, hits by pseudonym.
    """
    labels = pseudonyms(out)
    by_file: Counter[str] = Counter()
    by_person: Counter[str] = Counter()
    patterns = {
        name: re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(name_forms(name)))) + r")(?!\w)", re.I
        )
        for name in names
    }
    for path in sorted((out / "results").rglob("*")):
        if not path.is_file() or path.suffix in (".html", ".png", ".svg", ".pdf"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, pattern in patterns.items():
            count = len(pattern.findall(text))
            if count:
                by_file[str(path.relative_to(out))] += count
                by_person[labels.get(" ".join(name.casefold().split()), "unkeyed person")] += count
    return by_file, by_person


def split_pseudonyms(out: Path, names: list[str]) -> Counter[str]:
    """Mentions of a justice's or advocate's surname that got a bracket pseudonym.

    A surname caught by NER or the gazetteer before the lexicon ('Justice X' as one PERSON
    span) is replaced, but not by the person's attribution label: no leak, an inconsistency.
    RETURNS (Counter[str]): mentions by the bracket pseudonym used.
    """
    key = out / "data" / "private" / "anonymise" / "key.csv"
    surnames = {form.casefold() for name in names for form in name_forms(name) if " " not in form}
    found: Counter[str] = Counter()
    if not key.is_file():
        return found
    for row in read_rows(key):
        words = set(re.findall(r"\w+", row["forms"].casefold()))
        if row["category"] not in ("PARTICIPANT", "INTERVIEWER") and words & surnames:
            found[row["pseudonym"]] += int(row["mentions"])
    return found


def audit_hit_kinds(out: Path) -> Counter[str]:
    """What the leak audit's own pattern matches under results/, by kind, never the text."""
    from qualpipe.anonymise.audit import known_identifiers, leak_pattern
    from qualpipe.common.nlp import stop_words

    key = out / "data" / "private" / "anonymise" / "key.csv"
    kinds: Counter[str] = Counter()
    if not key.is_file():
        return kinds
    identifiers = known_identifiers(
        key_path=str(key), participants_path=str(out / "data" / "participants.csv"), terms=[]
    )
    pattern = leak_pattern(identifiers, common=stop_words("en"))
    for path in sorted((out / "results" / "anonymised").glob("*.txt")):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            kinds[hit_kind(match.group(0))] += 1
    return kinds


def hit_kind(text: str) -> str:
    """A leak-audit hit described without its text."""
    if not any(char.isalnum() for char in text):
        return "punctuation only (an NER entity of no letters in the key)"
    if re.fullmatch(r"\w\.", text):
        return "one letter and a full stop (a middle initial's form)"
    if text.islower():
        return "lower-case ordinary word (a name part that is also a word)"
    return "other (read it: possibly a real leak)"


def speaker_labels(out: Path) -> Counter[str]:
    """Turn labels of the anonymised transcripts, by kind of label."""
    labels: Counter[str] = Counter()
    for path in sorted((out / "results" / "anonymised").glob("*.json")):
        for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]:
            labels[re.sub(r"\s*\d+$", " N", turn["speaker"])] += 1
    return labels


def summary_counts(out: Path) -> tuple[Counter[str], Counter[str]]:
    """Replacements by category and by layer, from results/tables/anonymisation_summary.csv."""
    by_category: Counter[str] = Counter()
    by_layer: Counter[str] = Counter()
    path = out / "results" / "tables" / "anonymisation_summary.csv"
    if not path.is_file():
        return by_category, by_layer
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_category[f"{row['category']} ({row['action']})"] += int(row["count"])
            by_layer[f"{row['layer']} ({row['action']})"] += int(row["count"])
    return by_category, by_layer


def audit_result(out: Path) -> str:
    """The leak audit's verdict: its record's first line, or why there is none."""
    path = out / "results" / "audit" / "leak_audit.txt"
    if not path.is_file():
        return "FAILED or not run: no results/audit/leak_audit.txt"
    return "passed: " + path.read_text(encoding="utf-8").strip().splitlines()[0]


def outside_repository(out: Path) -> bool:
    """The corpus may not be copied into the repository (CC BY-NC)."""
    return not out.resolve().is_relative_to(ROOT)


def print_counts(title: str, counts: Counter[str]) -> None:
    """A titled table of counts, largest first."""
    print(f"{title}: {sum(counts.values()):,}")
    for label, count in counts.most_common():
        print(f"  {count:>7,}  {label}")


def describe_study(arguments: list[Argument]) -> tuple[list[str], int]:
    """Print the study's size. RETURNS (tuple): every person's name, the number of words."""
    people = sorted({name for a in arguments for name in a.justices + a.advocates})
    justices = {name for a in arguments for name in a.justices}
    turns = sum(len(a.turns) for a in arguments)
    words = sum(len(text.split()) for a in arguments for _, text in a.turns)
    roles = Counter(f"{a.term} {a.role}" for a in arguments)
    print(f"interviews: {len(arguments)}  turns: {turns:,}  words: {words:,}")
    print("interviews by wave and role: " + ", ".join(f"{k} {v}" for k, v in roles.items()))
    print(f"people: {len(people)} ({len(justices)} justices, {len(people) - len(justices)} others)")
    return people, words


def describe_results(out: Path, people: list[str]) -> None:
    """Print the audit verdict, name checks, speaker labels and the anonymisation summary."""
    print(f"leak audit: {audit_result(out)}")
    by_file, by_person = name_hits(out, people)
    print(f"full names and surnames (4+ letters) of {len(people)} people found under results/:")
    print_counts("  hits by file", by_file)
    print_counts("  hits by pseudonym", by_person)
    print_counts("leak-audit pattern matches in anonymised .txt, by kind", audit_hit_kinds(out))
    print_counts(
        "surname mentions replaced by a bracket, not the attribution", split_pseudonyms(out, people)
    )
    print_counts("anonymised turn labels", speaker_labels(out))
    by_category, by_layer = summary_counts(out)
    print_counts("anonymisation summary by category", by_category)
    print_counts("anonymisation summary by layer", by_layer)
    describe_analysis(out)


def describe_analysis(out: Path) -> None:
    """Print what the later stages made of the text: suggestions, comparisons, the QDPX."""
    suggestions = _table(out / "results/precode/suggestions.csv")
    segments = _table(out / "results/segments/segments.csv")
    print(f"segments: {len(segments):,}; suggested codes: {len(suggestions):,}")
    print_counts("suggestions by code", Counter(row["code"] for row in suggestions))
    rates = _table(out / "results/tables/rate_comparisons.csv")
    low = [r for r in rates if r["level"] == "code" and r["q"] and float(r["q"]) < 0.05]
    print(
        f"code rate comparisons: {sum(r['level'] == 'code' for r in rates)}, q < 0.05: {len(low)}"
    )
    for row in low:
        print(f"  {row['comparison']}: {row['id']} median rates {row['median_rates']} q {row['q']}")
    figures = sorted(p.name for p in (out / "results/figures").glob("*.png"))
    print(f"figures: {', '.join(figures) or 'none'}")
    project = out / "results/qdpx/scotus.qdpx"
    if project.is_file():
        with zipfile.ZipFile(project) as archive:
            data = archive.read("project.qde")
            sources = len(archive.namelist()) - 1
        check_valid(data, schema_path=PROJECT_SCHEMA, what="project.qde")
        selections = sum(1 for _ in etree.fromstring(data).iter("{*}PlainTextSelection"))
        print(f"qdpx: {project.stat().st_size:,} bytes, {sources} sources, {selections:,} "
              "selections, valid against the REFI-QDA schema")  # fmt: skip


def _table(path: Path) -> list[dict[str, str]]:
    """A results table, or none when the run stopped before writing it."""
    return read_rows(path) if path.is_file() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=None, help="study folder (default: temp)")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument(
        "--keep-legal-vocabulary",
        action="store_true",
        help="never redact the court's institutional vocabulary (LEGAL_VOCABULARY)",
    )
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="scotus-"))
    if not outside_repository(out) or (out / "data").exists():
        print(f"--out {out}: give a new folder outside the repository (the corpus is CC BY-NC).")
        return 2
    rows = read_manifest(args.corpus)
    arguments = [build_argument(row, n, args.corpus) for n, row in enumerate(rows, start=1)]
    write_study(out, arguments, legal=args.keep_legal_vocabulary)
    print(f"study folder: {out}")
    people, words = describe_study(arguments)
    status, seconds, tail = run_pipeline(out, cores=args.cores)
    print(f"snakemake exit status {status}, {seconds:.1f} s wall, {words / seconds:,.0f} words/s")
    if status != 0:
        print("last lines of the run (whole log: <out>/snakemake_run.log):\n" + tail)
    describe_results(out, people)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
