"""A study's first run, started as a new user starts it: leaks, domain terms, review list.

    PYTHONPATH=workflow .venv/bin/python benchmarks/first_run.py swedish mixed primock57 oyez \
        [--out DIR] [--consultations 8] [--arguments 4] [--presidio /tmp/presidio-venv/bin/python]

Studies: `swedish` and `mixed` (tests/studies/, written for this check, with planted
identifiers), `primock57` (PriMock57 consultations from ../shared/corpora/primock57, two Praat
TextGrids each, built by benchmarks/primock57.py) and `oyez` (US Supreme Court arguments from
../shared/corpora/scotus-oyez, built by benchmarks/real_corpus.py). For each study:

(a) the study folder is started as the README tells a new user: `python -m qualpipe.scaffold
    NEW --participants P --transcripts DIR [--language xx]`, then the study's own codebook
    copied over data/codebook.yaml. While qualpipe.scaffold does not exist, config.yaml is
    copied and edited by hand instead (`started` says which; see `hand_config`). Never a
    data/anonymisation.yaml.
(b) `snakemake --directory NEW` runs once (the first run); its exit status and the error codes
    it printed are recorded (E204 is the leak audit).
(c) every planted identifier (gold/identifiers.csv: text as written, and the words of a
    person's name) is searched in every file under results/ and logs/, read as the leak audit
    reads them (qualpipe.anonymise.audit.READERS), whole word and case as written: must be 0.
(d) each domain term (gold/domain_terms.csv): its occurrences in the raw transcripts vs in
    results/anonymised/, as a percentage (whole word, any case).
(e) rows of data/private/anonymise/review.csv per 1,000 respondent words.
(f) with --presidio: Presidio (analyzer and anonymizer, in a throwaway environment) on the same
    raw text: the share of domain-term occurrences no Presidio span touches, and the share of
    planted identifier occurrences its spans cover.

Prints one table; `--markdown` prints it as docs/real-data.md shows it. Corpus text and the
names of the real corpora's people are never printed (counts only).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qualpipe.anonymise.audit import without_method_names  # noqa: E402
from qualpipe.anonymise.readers import READERS  # noqa: E402
from qualpipe.common.io import read_rows  # noqa: E402
from qualpipe.ingest.read import docx_text  # noqa: E402

STUDIES = ROOT / "tests" / "studies"
PRESIDIO_SCRIPT = ROOT / "benchmarks" / "presidio_spans.py"
# Thresholds of issue 13's "Done when".
MAX_LEAKS = 0
MIN_SURVIVAL = 95.0
MAX_REVIEW_PER_1000 = 1.0
# A speaker label at a line's start, before its colon; a name there is no occurrence in the text.
LABEL = re.compile(
    r"(?:\[[\d:.]+\][ \t]*)?(?P<label>[^\W\d_][\w.'’ -]{0,58}?)[ \t]*(?:\[[\d:.]+\][ \t]*)?:"
)
ERROR_CODE = re.compile(r"\[([EW]\d{3})\]")


@dataclass(frozen=True)
class Planted:
    """One occurrence of a planted identifier in one interview's text."""

    interview: str
    text: str
    category: str


@dataclass(frozen=True)
class Term:
    """A domain term that must survive anonymisation."""

    term: str
    category: str


@dataclass
class Sources:
    """What a researcher has before the first run: the sheet, transcripts, a codebook."""

    name: str
    participants: Path
    transcripts: Path
    codebook: Path
    language: str | None
    identifiers: list[Planted]
    terms: list[Term]
    private_names: bool = False  # real people's names: print counts only


@dataclass
class Measurement:
    """What the first run gave."""

    study: str
    real_text: bool = False  # a corpus people wrote (PriMock57, Oyez), not one written for the test
    started: str = ""
    exit_status: int | None = None
    seconds: float = 0.0
    codes: Counter[str] = field(default_factory=Counter)
    leaks: Counter[str] = field(default_factory=Counter)  # identifier -> hits
    leak_files: Counter[str] = field(default_factory=Counter)
    identifiers: int = 0  # distinct identifier strings searched
    terms_raw: Counter[str] = field(default_factory=Counter)
    terms_kept: Counter[str] = field(default_factory=Counter)
    review_rows: int | None = None
    respondent_words: int | None = None
    recall_total: int = 0
    recall_caught: int | None = None
    presidio_terms_kept: Counter[str] | None = None
    presidio_caught: int | None = None
    interviews: int = 0
    words: int = 0
    log_tail: str = ""
    # E204 by what it names: pseudonym -> (files, the identifier's forms, files in which one
    # of those forms that is a planted identifier occurs as written); see audit_alarms.
    alarms: dict[str, tuple[int, str, int]] = field(default_factory=dict)

    @property
    def survival(self) -> float | None:
        raw = sum(self.terms_raw.values())
        if not raw or self.exit_status is None:
            return None
        return 100 * sum(self.terms_kept.values()) / raw

    @property
    def presidio_survival(self) -> float | None:
        raw = sum(self.terms_raw.values())
        if not raw or self.presidio_terms_kept is None:
            return None
        return 100 * sum(self.presidio_terms_kept.values()) / raw

    @property
    def review_per_1000(self) -> float | None:
        if self.review_rows is None or not self.respondent_words:
            return None
        return 1000 * self.review_rows / self.respondent_words

    def failures(self) -> list[str]:
        """Each way this run misses issue 13's "Done when", one line each."""
        found = []
        if self.started != "scaffold":
            found.append(f"not started with the scaffold command: {self.started}")
        if self.exit_status != 0:
            codes = ", ".join(f"{c} x{n}" for c, n in sorted(self.codes.items())) or "none"
            found.append(f"first run failed: exit status {self.exit_status}; codes: {codes}")
        if sum(self.leaks.values()) > MAX_LEAKS:
            hits = sum(self.leaks.values())
            found.append(f"planted identifiers leaked: {hits} hits of {len(self.leaks)} "
                         f"identifiers in {len(self.leak_files)} files")  # fmt: skip
        survival = self.survival
        if survival is None or survival < MIN_SURVIVAL:
            shown = "n/a" if survival is None else f"{survival:.1f}%"
            found.append(f"domain terms survived {shown} (< {MIN_SURVIVAL:.0f}%); lost: "
                         + ", ".join(self.lost_terms()[:12]))  # fmt: skip
        rate = self.review_per_1000
        # Issue 13, item 7: at most one row per 1,000 respondent words on real text; the
        # written studies plant a drug or a tool in every few hundred words.
        if self.real_text and (rate is None or rate > MAX_REVIEW_PER_1000):
            shown = "n/a" if rate is None else f"{rate:.2f}"
            found.append(f"review rows per 1,000 respondent words: {shown} (> 1)")
        return found

    def lost_terms(self) -> list[str]:
        """Terms with occurrences lost, most lost first, as 'term kept/raw'."""
        lost = {t: self.terms_raw[t] - self.terms_kept[t] for t in self.terms_raw}
        order = sorted((t for t in lost if lost[t] > 0), key=lambda t: (-lost[t], t))
        return [f"{t} {self.terms_kept[t]}/{self.terms_raw[t]}" for t in order]


# --- reading the gold and the raw text ---------------------------------------------------


def read_gold(folder: Path) -> tuple[list[Planted], list[Term]]:
    """gold/identifiers.csv (one row per occurrence) and gold/domain_terms.csv of a study."""
    identifiers = [
        Planted(row["interview"], row["text"], row["category"])
        for row in _csv(folder / "gold" / "identifiers.csv")
    ]
    terms = [
        Term(row["term"], row["category"]) for row in _csv(folder / "gold" / "domain_terms.csv")
    ]
    return identifiers, terms


def _csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(row for row in handle if not row.startswith("#")))


def raw_text(path: Path) -> str:
    """A transcript's text as its author wrote it: .txt/.vtt/.srt as is (voice tags written
    as 'Name: '), .docx paragraphs and table rows ('label: text'), TextGrid interval texts
    in time order ('Tier: text')."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "\n".join(
            re.sub(r"^([^\t]{1,60})\t", r"\1: ", line) for line in docx_text(path).splitlines()
        )
    if suffix == ".textgrid":
        return "\n".join(f"{speaker}: {text}" for _, speaker, text in textgrid_intervals(path))
    text = path.read_text(encoding="utf-8-sig")
    if suffix == ".vtt":
        text = re.sub(r"<v(?:\.[\w.-]+)?\s+([^>]+)>", r"\1: ", text).replace("</v>", "")
    return text


def textgrid_intervals(path: Path) -> list[tuple[float, str, str]]:
    """(start, tier name, text) of every non-empty interval of a Praat TextGrid."""
    from praatio import textgrid

    grid = textgrid.openTextgrid(str(path), includeEmptyIntervals=False)
    return [
        (entry.start, tier.name, entry.label)
        for tier in grid.tiers
        for entry in tier.entries
        if entry.label.strip()
    ]


def interview_texts(sources: Sources) -> dict[str, str]:
    """interview_id -> the raw text of its transcript file(s) (';'-separated files joined
    in time order when they are TextGrids, else one after the other)."""
    texts = {}
    for row in _csv(sources.participants):
        files = [sources.transcripts / name.strip() for name in row["file"].split(";")]
        if all(f.suffix.lower() == ".textgrid" for f in files) and len(files) > 1:
            intervals = sorted(i for f in files for i in textgrid_intervals(f))
            texts[row["interview_id"]] = "\n".join(f"{s}: {t}" for _, s, t in intervals)
        else:
            texts[row["interview_id"]] = "\n".join(raw_text(f) for f in files)
    return texts


def word_pattern(text: str, *, any_case: bool = False) -> re.Pattern[str]:
    """The text as a whole word (any run of whitespace between its words)."""
    body = r"\s+".join(map(re.escape, text.split()))
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE if any_case else 0)


def occurrences(text: str, identifiers: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Where each identifier occurs as written, longest first (a longer one's place is no
    place of a shorter one: 'Mark' inside 'Mark Sundberg'), speaker labels left out."""
    taken = [False] * len(text)
    found: dict[str, list[tuple[int, int]]] = {}
    for identifier in sorted(set(identifiers), key=lambda t: (-len(t), t)):
        spans = []
        for match in word_pattern(identifier).finditer(text):
            start, end = match.span()
            if any(taken[start:end]) or _is_label(text, start, identifier):
                continue
            spans.append((start, end))
            taken[start:end] = [True] * (end - start)
        found[identifier] = spans
    return found


def _is_label(text: str, start: int, identifier: str) -> bool:
    """True where the identifier lies in a speaker label: the words before the first colon
    of a line (after a timestamp), as in '[00:00:04] Eva:', 'Claire :' or 'Łukasz Nowak:'."""
    line_start = text.rfind("\n", 0, start) + 1
    label = LABEL.match(text, line_start)
    return label is not None and start + len(identifier) <= label.end("label")


def term_count(text: str, term: str) -> int:
    return len(word_pattern(term, any_case=True).findall(text))


def found_counts(sources: Sources, texts: dict[str, str]) -> Counter[tuple[str, str]]:
    """How often each gold identifier of each interview occurs in its text (longest first,
    labels left out): equal to the gold's rows when the gold lists every occurrence."""
    found: Counter[tuple[str, str]] = Counter()
    for interview, text in texts.items():
        planted = {p.text for p in sources.identifiers if p.interview == interview}
        for identifier, places in occurrences(text, planted).items():
            found[(interview, identifier)] = len(places)
    return found


def absent_terms(sources: Sources, texts: dict[str, str]) -> list[str]:
    """Domain terms of the gold that no transcript holds (a gold error)."""
    return [t.term for t in sources.terms if not any(term_count(x, t.term) for x in texts.values())]


# --- starting the study as a new user ------------------------------------------------------


def scaffold_available() -> bool:
    return importlib.util.find_spec("qualpipe.scaffold") is not None


def start_study(sources: Sources, out: Path) -> str:
    """A new study folder at `out`, as the README tells a new user. RETURNS how it was made."""
    if scaffold_available():
        command = [sys.executable, "-m", "qualpipe.scaffold", str(out)]
        command += ["--participants", str(sources.participants)]
        command += ["--transcripts", str(sources.transcripts)]
        if sources.language:
            command += ["--language", sources.language]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        (out.parent / f"{out.name}_scaffold.log").write_text(done.stdout + done.stderr, "utf-8")
        if done.returncode != 0:
            return f"scaffold failed (exit {done.returncode}): " + _last_line(done)
        how = "scaffold"
    else:
        hand_config(sources, out)
        how = "by hand: qualpipe.scaffold is missing, config.yaml copied and edited"
    codebook = out / _codebook_path(out)
    codebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sources.codebook, codebook)
    return how


def _codebook_path(out: Path) -> str:
    """Where the new study's config.yaml expects the codebook (data.codebook)."""
    config = out / "config.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else {}
    return ((settings or {}).get("data") or {}).get("codebook", "data/codebook.yaml")


def _last_line(done: subprocess.CompletedProcess) -> str:
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[-1] if lines else ""


def hand_config(sources: Sources, out: Path) -> None:
    """What a careful new user does without the scaffold (README, 'Your own study'): copy
    config.yaml and edit the study name, language, roles, waves and sites; replace the demo's
    comparisons, development ids, site labels, never_redact terms and project name; put the
    sheet and the transcripts under data/."""
    rows = _csv(sources.participants)
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    roles = sorted({row["role"] for row in rows})
    waves = sorted({row["wave"] for row in rows})
    config["study"] = {"name": f"{sources.name} (first run)", "language": sources.language or "en"}
    config["roles"] = {
        role: {
            "label": role.replace("_", " ").capitalize(),
            "plural": role.replace("_", " ").capitalize() + "s",
            "group": role,
        }
        for role in roles
    }
    config["waves"] = waves
    config["sites"] = sorted({row["site"] for row in rows})
    config["anonymise"]["never_redact"] = []
    config["anonymise"]["site_labels"] = {}
    config["merge"]["development"] = []
    config["qdpx"]["name"] = re.sub(r"\W+", "_", sources.name)
    comparisons = []
    if len(roles) > 1:
        comparisons.append({"id": "by_group", "variable": "group", "values": roles})
    if len(waves) > 1:
        comparison = {"id": "by_wave", "variable": "wave", "values": waves[:2]}
        if "person_id" in rows[0]:
            comparison["panel"] = "person_id"
        comparisons.append(comparison)
    config["compare"]["comparisons"] = comparisons
    raw = out / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    shutil.copyfile(sources.participants, out / "data" / "participants.csv")
    for path in sorted(sources.transcripts.iterdir()):
        if path.is_file():
            shutil.copyfile(path, raw / path.name)


def run_snakemake(out: Path, *, cores: int) -> tuple[int, float, str]:
    """The first run, from the repository root. RETURNS exit status, seconds, whole output."""
    command = [str(Path(sys.executable).parent / "snakemake"), "--directory", str(out)]
    command += ["--cores", str(cores)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    (out.parent / f"{out.name}_snakemake.log").write_text(output, encoding="utf-8")
    return done.returncode, time.perf_counter() - started, output


# --- measuring ------------------------------------------------------------------------------


def leak_strings(identifiers: Iterable[Planted]) -> set[str]:
    """Each planted identifier as written, and each word (3+ letters) of a person's name."""
    strings = set()
    for planted in identifiers:
        strings.add(planted.text)
        if planted.category == "person" and " " in planted.text.strip():
            strings.update(w for w in planted.text.split() if sum(c.isalpha() for c in w) >= 3)
    return strings


def find_leaks(out: Path, strings: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """Hits of each string (as written, whole word) in every file under results/ and logs/
    that the leak audit reads. RETURNS hits by string, hits by file."""
    patterns = {text: word_pattern(text) for text in strings}
    by_string: Counter[str] = Counter()
    by_file: Counter[str] = Counter()
    for folder in ("results", "logs"):
        for path in sorted((out / folder).rglob("*")):
            reader = READERS.get(path.suffix.lower())
            if reader is None or not path.is_file():
                continue
            # The statistical methods named after people ('Fisher's exact test') are the
            # tables' words, as the leak audit reads them (without_method_names).
            text = without_method_names(reader(path))
            for string, pattern in patterns.items():
                hits = len(pattern.findall(text))
                if hits:
                    by_string[string] += hits
                    by_file[str(path.relative_to(out))] += hits
    return by_string, by_file


def anonymised_texts(out: Path) -> dict[str, str]:
    folder = out / "results" / "anonymised"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def respondent_words(out: Path) -> int | None:
    """Words of respondent turns, from the parsed transcripts (data/private/ingest/)."""
    folder = out / "data" / "private" / "ingest"
    documents = sorted(folder.glob("*/*.json")) if folder.is_dir() else []
    if not documents:
        return None
    return sum(
        int(turn.get("words") or len(turn["text"].split()))
        for path in documents
        for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]
        if turn["kind"] == "respondent"
    )


def review_rows(out: Path) -> int | None:
    path = out / "data" / "private" / "anonymise" / "review.csv"
    return len(read_rows(path)) if path.is_file() else None


def measure(sources: Sources, out: Path, measurement: Measurement) -> None:
    """(c), (d), (e) and our identifier recall, from the study folder after its first run."""
    raw = interview_texts(sources)
    after = anonymised_texts(out)
    measurement.interviews = len(raw)
    measurement.words = sum(len(text.split()) for text in raw.values())
    strings = leak_strings(sources.identifiers)
    measurement.identifiers = len(strings)
    measurement.leaks, measurement.leak_files = find_leaks(out, strings)
    for interview, text in raw.items():
        for term in {t.term for t in sources.terms}:
            count = term_count(text, term)
            measurement.terms_raw[term] += count
            measurement.terms_kept[term] += min(count, term_count(after.get(interview, ""), term))
    measurement.recall_total = len(sources.identifiers)
    if after:
        measurement.recall_caught = identifiers_caught(sources.identifiers, after)
    measurement.review_rows = review_rows(out)
    measurement.respondent_words = respondent_words(out)


def audit_alarms(sources: Sources, out: Path, output: str) -> dict[str, tuple[int, str, int]]:
    """The leak audit's hits (its private data/private/anonymise/leaks.csv) by the form
    found: how many files, the form (left out for real corpora), and in how many of those
    files the form is a planted identifier as written (a real leak; none: a false alarm,
    such as 'Per' found in 'per')."""
    del output  # the console names files and counts; the forms are in the private list
    hits = out / "data" / "private" / "anonymise" / "leaks.csv"
    files: dict[str, set[str]] = {}
    for row in _csv(hits) if hits.is_file() else []:
        files.setdefault(row["found"], set()).add(row["file"])
    planted = leak_strings(sources.identifiers)
    alarms = {}
    for number, (form, named) in enumerate(sorted(files.items()), start=1):
        real = len(named) if form in planted or " ".join(form.split()) in planted else 0
        label = f"identifier {number}" if sources.private_names else form
        alarms[label] = (len(named), "" if sources.private_names else form, real)
    return alarms


def identifiers_caught(identifiers: list[Planted], after: dict[str, str]) -> int:
    """Planted occurrences no longer found as written in the interview's anonymised text."""
    planted = Counter((p.interview, p.text) for p in identifiers)
    caught = 0
    for (interview, text), count in planted.items():
        left = len(occurrences(after.get(interview, ""), [text])[text])
        caught += max(0, count - left)
    return caught


def presidio(sources: Sources, python: str, measurement: Measurement) -> None:
    """(f): Presidio on the raw text of every interview, in its own environment."""
    raw = interview_texts(sources)
    with tempfile.TemporaryDirectory() as work:
        request = Path(work) / "texts.json"
        reply = Path(work) / "spans.json"
        request.write_text(json.dumps(raw), encoding="utf-8")
        done = subprocess.run(
            [python, str(PRESIDIO_SCRIPT), str(request), str(reply)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"Presidio failed: {_last_line(done)}")
        spans = {k: [tuple(s[:2]) for s in v] for k, v in json.loads(reply.read_text()).items()}
    kept: Counter[str] = Counter()
    for interview, text in raw.items():
        covered = _coverage(len(text), spans.get(interview, []))
        for term in {t.term for t in sources.terms}:
            for match in word_pattern(term, any_case=True).finditer(text):
                kept[term] += not any(covered[match.start() : match.end()])
    measurement.presidio_terms_kept = kept
    caught = 0
    planted = Counter((p.interview, p.text) for p in sources.identifiers)
    for (interview, identifier), count in planted.items():
        text = raw[interview]
        covered = _coverage(len(text), spans.get(interview, []))
        places = occurrences(text, [identifier])[identifier]
        full = sum(all(covered[i] or text[i].isspace() for i in range(s, e)) for s, e in places)
        caught += min(count, full)
    measurement.presidio_caught = caught


def _coverage(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    covered = [False] * length
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    return covered


# --- the studies -------------------------------------------------------------------------


def written_study(name: str) -> Sources:
    """A study of tests/studies/ written for this check (swedish, mixed)."""
    folder = STUDIES / name
    settings = yaml.safe_load((folder / "study.yaml").read_text(encoding="utf-8")) or {}
    identifiers, terms = read_gold(folder)
    return Sources(
        name=name,
        participants=folder / "participants.csv",
        transcripts=folder / "transcripts",
        codebook=folder / "codebook.yaml",
        language=settings.get("language"),
        identifiers=identifiers,
        terms=terms,
    )


def primock_study(work: Path, consultations: int, corpus: Path | None = None) -> Sources:
    """PriMock57: the first `consultations` of primock57.SUBSET, then the rest in order."""
    import primock57

    folder = STUDIES / "primock57"
    target = work / "primock57-sources"
    primock57.build(corpus or primock57.CORPUS, target, consultations=consultations)
    identifiers, terms = read_gold(folder)
    interviews = {row["interview_id"] for row in _csv(target / "participants.csv")}
    return Sources(
        name="primock57",
        participants=target / "participants.csv",
        transcripts=target / "transcripts",
        codebook=folder / "codebook.yaml",
        language="en",
        identifiers=[p for p in identifiers if p.interview in interviews],
        terms=terms,
        private_names=True,
    )


def oyez_study(work: Path, arguments: int, corpus: Path | None = None) -> Sources:
    """Oyez: `arguments` arguments, half from each term; the people's names as identifiers."""
    import real_corpus

    corpus = corpus or real_corpus.CORPUS
    rows = real_corpus.read_manifest(corpus)
    numbered = [(n, row) for n, row in enumerate(rows, start=1)]
    terms_seen = sorted({row["term"] for row in rows})
    chosen = []
    for term in terms_seen:
        chosen += [(n, r) for n, r in numbered if r["term"] == term][: -(-arguments // 2)]
    chosen = chosen[:arguments]
    built = [real_corpus.build_argument(row, n, corpus) for n, row in chosen]
    target = work / "oyez-sources"
    real_corpus.write_sources(target / "transcripts", target / "participants.csv", built)
    _, terms = read_gold(STUDIES / "oyez")
    sources = Sources(
        name="oyez",
        participants=target / "participants.csv",
        transcripts=target / "transcripts",
        codebook=ROOT / "benchmarks" / "court_codebook.yaml",
        language="en",
        identifiers=[],
        terms=terms,
        private_names=True,
    )
    texts = interview_texts(sources)
    for argument in built:
        forms = {f for name in argument.justices + argument.advocates
                 for f in real_corpus.name_forms(name)}  # fmt: skip
        for form, places in occurrences(texts[argument.interview_id], forms).items():
            sources.identifiers += [Planted(argument.interview_id, form, "person")] * len(places)
    return sources


def make_sources(name: str, work: Path, *, consultations: int, arguments: int) -> Sources:
    if name == "primock57":
        return primock_study(work, consultations)
    if name == "oyez":
        return oyez_study(work, arguments)
    return written_study(name)


def first_run(
    sources: Sources, work: Path, *, cores: int = 2, presidio_python: str | None = None
) -> Measurement:
    """Start the study, run it once, measure. The study folder is work/<name>."""
    out = work / sources.name
    measurement = Measurement(study=sources.name, real_text=sources.private_names)
    measurement.started = start_study(sources, out)
    if measurement.started.startswith("scaffold failed"):
        measure(sources, out, measurement)
        return measurement
    status, seconds, output = run_snakemake(out, cores=cores)
    measurement.exit_status, measurement.seconds = status, seconds
    measurement.codes = Counter(ERROR_CODE.findall(output))
    if status != 0:
        measurement.log_tail = "\n".join(output.strip().splitlines()[-8:])
    measure(sources, out, measurement)
    measurement.alarms = audit_alarms(sources, out, output)
    if presidio_python:
        presidio(sources, presidio_python, measurement)
    return measurement


# --- reporting ------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def table_rows(measurements: list[Measurement]) -> list[tuple[str, ...]]:
    rows = []
    for m in measurements:
        raw = sum(m.terms_raw.values())
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(m.codes.items())) or "none"
        recall = "n/a" if m.recall_caught is None else f"{m.recall_caught}/{m.recall_total}"
        p_recall = "n/a" if m.presidio_caught is None else f"{m.presidio_caught}/{m.recall_total}"
        rate = m.review_per_1000
        rows.append((
            m.study, f"{m.interviews} / {m.words:,}", m.started.split(":")[0],
            f"{m.exit_status} ({m.seconds:.0f} s)", codes,
            f"{sum(m.leaks.values())} ({len(m.leaks)} of {m.identifiers})", recall, p_recall,
            f"{_pct(m.survival)} of {raw}", _pct(m.presidio_survival),
            "n/a" if m.review_rows is None else f"{m.review_rows} ({rate:.2f})"
            if rate is not None else f"{m.review_rows} (n/a)",
        ))  # fmt: skip
    return rows


HEADER = (
    "study", "interviews / words", "started", "exit (wall)", "codes printed",
    "leaked hits (identifiers)", "ours: occurrences caught", "Presidio: caught",
    "domain terms kept", "Presidio: kept", "review rows (per 1,000 resp. words)",
)  # fmt: skip


def print_table(measurements: list[Measurement], *, markdown: bool) -> None:
    rows = [HEADER, *table_rows(measurements)]
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + " --- |" * len(HEADER))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
        return
    for label_index, label in enumerate(HEADER):
        print(f"{label:<38}" + "".join(f"{row[label_index]:<28}" for row in rows[1:]))


def print_details(sources: Sources, m: Measurement) -> None:
    """Leaks and lost terms of one study; identifiers of real corpora as counts only."""
    print(f"\n== {m.study}: {m.started}")
    if m.exit_status not in (0, None):
        print("last lines of the run:\n" + m.log_tail)
    if m.leaks:
        if sources.private_names:
            print(f"leaks: {sum(m.leaks.values())} hits of {len(m.leaks)} names (not shown)")
        else:
            print("leaks: " + ", ".join(f"{t!r} ×{n}" for t, n in m.leaks.most_common()))
        print("  in: " + ", ".join(f"{f} ×{n}" for f, n in m.leak_files.most_common(8)))
    for found, (files, _, real) in m.alarms.items():
        verdict = f"a planted identifier as written in {real}" if real else "false alarm"
        print(f"E204 found {found!r}: {files} files; {verdict}")
    lost = m.lost_terms()
    print("terms lost (kept/raw): " + (", ".join(lost) if lost else "none"))
    if m.presidio_terms_kept is not None:
        p_lost = [f"{t} {m.presidio_terms_kept[t]}/{m.terms_raw[t]}" for t in sorted(m.terms_raw)
                  if m.presidio_terms_kept[t] < m.terms_raw[t]]  # fmt: skip
        print("Presidio terms lost (kept/raw): " + (", ".join(p_lost) if p_lost else "none"))
    for failure in m.failures():
        print(f"  FAILS: {failure}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("studies", nargs="+", choices=["swedish", "mixed", "primock57", "oyez"])
    parser.add_argument("--out", type=Path, default=None, help="a new folder outside the repo")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--consultations", type=int, default=8, help="PriMock57 subset size")
    parser.add_argument("--arguments", type=int, default=4, help="Oyez subset size")
    parser.add_argument("--presidio", default=None, help="python of a venv with Presidio")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="first-run-"))
    if work.resolve().is_relative_to(ROOT):
        print(f"--out {work}: give a folder outside the repository (the corpora stay outside).")
        return 2
    work.mkdir(parents=True, exist_ok=True)
    print(f"study folders under {work}")
    measurements = []
    for name in args.studies:
        sources = make_sources(
            name, work, consultations=args.consultations, arguments=args.arguments
        )
        measurement = first_run(sources, work, cores=args.cores, presidio_python=args.presidio)
        print_details(sources, measurement)
        measurements.append(measurement)
    print()
    print_table(measurements, markdown=args.markdown)
    return 0 if all(not m.failures() for m in measurements) else 1


if __name__ == "__main__":
    raise SystemExit(main())
