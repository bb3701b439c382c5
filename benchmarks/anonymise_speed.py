"""Anonymisation speed: our detection stage vs bare spaCy NER vs Presidio, in one run.

    PYTHONPATH=workflow python benchmarks/anonymise_speed.py [--study .] [--limit N]

Needs the benchmark extra (`pip install ".[bench]"`) and the configured spaCy pipeline.
Every engine reads the same texts (the header and turn texts of the demo study's parsed
transcripts), uses the same spaCy pipeline and runs as 1 process, then as 2 processes on
the two halves of the interviews, as the pipeline's 2 batches (config `batches`) do. Each process
loads its engine and warms it up before a barrier; only the work after the barrier is timed
(from the first process's start to the last one's end), and loading is reported apart.
Recall on the gold (header and speech identifiers) compares Presidio's spans with the
detections our stage wrote, before propagation across mentions.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import Manager, get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402
from anonymise import field_maps, source_text  # noqa: E402
from machine import load_average  # noqa: E402
from qualpipe.anonymise import detect as anonymise  # noqa: E402
from qualpipe.anonymise.ner import Entities  # noqa: E402
from qualpipe.anonymise.settings import detect_settings, replace_settings  # noqa: E402
from qualpipe.common.nlp import entity_spans, load_pipeline  # noqa: E402
from qualpipe.ingest.interview import ingest_interview  # noqa: E402

GOALS = {"ours/bare": 1.3, "presidio/ours": 3.0}
PHONE_REGIONS = ("SE", "FI", "NO", "DK", "GB", "US")
# Presidio's entities that match what our stage replaces; its US-only ones are left out,
# which only makes Presidio faster.
PRESIDIO_ENTITIES = [
    "PERSON",
    "LOCATION",
    "ORGANIZATION",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "URL",
    "DATE_TIME",
    "SE_PERSONNUMMER",
    "FI_PERSONAL_IDENTITY_CODE",
]
# Our ner_labels (PERSON, GPE, LOC, ORG, FAC) plus dates; Presidio's default ignores ORG.
PRESIDIO_LABELS = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
    "NORP": "NRP",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
}
RECALL_GROUPS = {"person": "persons", "phone": "phones", "email": "e-mails"}
WARM_UP = "Åsa Lindqvist (070-123 45 67, asa@example.se) met Per in Uppsala on 3 May 2013."
BARRIER_TIMEOUT_S = 900

Span = tuple[str, str, int, int, int]  # interview_id, field, turn, start, end


@dataclass(frozen=True)
class Study:
    """What every engine needs to know about the study, picklable for worker processes."""

    root: Path
    model: str
    language: str
    batch_size: int
    settings: dict[str, object]


@dataclass(frozen=True)
class Job:
    """One process's share of one measurement."""

    engine: str
    study: Study
    documents: tuple[str, ...]
    output_path: str


@dataclass(frozen=True)
class Text:
    interview_id: str
    field: str
    turn: int
    text: str


@dataclass
class Measurement:
    """One engine on one number of processes."""

    engine: str
    processes: int
    seconds: float
    load_seconds: float
    spans: list[Span] = field(default_factory=list)


def presidio_missing() -> bool:
    """True when the benchmark extra is not installed."""
    names = ("presidio_analyzer", "presidio_anonymizer")
    return any(importlib.util.find_spec(name) is None for name in names)


def read_study(root: Path) -> Study:
    """The model, language and anonymise settings of the study's config.yaml."""
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    return Study(
        root=root,
        model=config["nlp"]["model"],
        language=config["study"]["language"],
        batch_size=int(config["nlp"].get("batch_size", 64)),
        settings=dict(config.get("anonymise", {})),
    )


def ingest_study(root: Path, work: Path, *, limit: int | None) -> list[str]:
    """Parse the first `limit` interviews of participants.csv into `work`; their JSON paths."""
    participants = root / "data/participants.csv"
    with open(participants, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    documents = []
    for row in rows:
        output = work / f"{row['interview_id']}.json"
        ingest_interview(
            transcript_path=str(root / "data/raw" / row["file"]),
            participants_path=str(participants),
            output_path=str(output),
            interview_id=row["interview_id"],
        )
        documents.append(str(output))
    return documents


def read_texts(documents: Sequence[str]) -> list[Text]:
    """The header and turn texts of parsed transcripts: what NER runs on in our stage."""
    texts = []
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        for name, turn, text in anonymise._fields(document):
            if name != "speaker":
                texts.append(Text(document["interview_id"], name, turn, text))
    return texts


def shards(documents: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """Consecutive equal shares, as common.smk's batch_interviews cuts them."""
    size = len(documents)
    return [tuple(documents[i * size // count : (i + 1) * size // count]) for i in range(count)]


def _load_bare(job: Job, *, n_process: int = 1) -> Callable[[], list[Span]]:
    nlp = load_pipeline(job.study.model, language=job.study.language).nlp
    if nlp is None:
        raise SystemExit(f"spaCy pipeline '{job.study.model}' is not installed")
    nlp(WARM_UP)
    texts = [t.text for t in read_texts(job.documents)]

    def run() -> list[Span]:
        for _ in nlp.pipe(texts, batch_size=job.study.batch_size, n_process=n_process):
            pass
        return []

    return run


def _load_bare_n2(job: Job) -> Callable[[], list[Span]]:
    return _load_bare(job, n_process=2)


def _load_ours(job: Job) -> Callable[[], list[Span]]:
    study = job.study
    detector = anonymise.make_detector(
        participants_path=str(study.root / "data/participants.csv"),
        anonymisation_path=str(study.root / "data/anonymisation.yaml"),
        model=study.model,
        language=study.language,
        settings=detect_settings(study.settings, find_dates=study.settings["dates"] != "keep"),
    )
    nlp = detector.pipeline.nlp
    ner = Entities(WARM_UP, entity_spans(nlp(WARM_UP))) if nlp else None
    detector.candidates(WARM_UP, ner, [])
    # detect_batch runs unchanged; only its model load is taken out of the timed part.
    anonymise.make_detector = lambda **_: detector

    def run() -> list[Span]:
        anonymise.detect_batch(
            documents=job.documents,
            output_path=job.output_path,
            participants_path=str(study.root / "data/participants.csv"),
            anonymisation_path=str(study.root / "data/anonymisation.yaml"),
            model=study.model,
            language=study.language,
            settings=study.settings,
            find_dates=study.settings["dates"] != "keep",
            batch_size=study.batch_size,
        )
        return []

    return run


def _presidio_analyzer(study: Study, *, same_pipeline: bool) -> object:
    """Presidio's analyzer on our spaCy pipeline, Nordic phone regions, Nordic ID numbers."""
    import tldextract.tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        FiPersonalIdentityCodeRecognizer,
        PhoneRecognizer,
        SePersonnummerRecognizer,
    )

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # The e-mail recognizer's tldextract would fetch the public suffix list: use its snapshot.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": study.language, "model_name": study.model}],
        "ner_model_configuration": {"model_to_presidio_entity_mapping": PRESIDIO_LABELS},
    }
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    if same_pipeline:
        engine.nlp[study.language] = load_pipeline(study.model, language=study.language).nlp
    registry = RecognizerRegistry(supported_languages=[study.language])
    registry.load_predefined_recognizers(languages=[study.language], nlp_engine=engine)
    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=PHONE_REGIONS))
    registry.add_recognizer(SePersonnummerRecognizer(supported_language=study.language))
    registry.add_recognizer(FiPersonalIdentityCodeRecognizer(supported_language=study.language))
    return AnalyzerEngine(
        nlp_engine=engine, registry=registry, supported_languages=[study.language]
    )


def _load_presidio(job: Job, *, same_pipeline: bool = True) -> Callable[[], list[Span]]:
    from presidio_analyzer import BatchAnalyzerEngine
    from presidio_anonymizer import AnonymizerEngine

    language = job.study.language
    batch = BatchAnalyzerEngine(_presidio_analyzer(job.study, same_pipeline=same_pipeline))
    anonymizer = AnonymizerEngine()
    warm = batch.analyze_iterator([WARM_UP], language=language, entities=PRESIDIO_ENTITIES)
    anonymizer.anonymize(WARM_UP, warm[0])
    texts = read_texts(job.documents)

    def run() -> list[Span]:
        found = batch.analyze_iterator(
            [t.text for t in texts],
            language=language,
            batch_size=job.study.batch_size,
            entities=PRESIDIO_ENTITIES,
        )
        spans: list[Span] = []
        for text, results in zip(texts, found, strict=True):
            anonymizer.anonymize(text.text, results)
            spans += [(text.interview_id, text.field, text.turn, r.start, r.end) for r in results]
        return spans

    return run


def _load_presidio_full(job: Job) -> Callable[[], list[Span]]:
    return _load_presidio(job, same_pipeline=False)


ENGINES: dict[str, tuple[str, Callable[[Job], Callable[[], list[Span]]]]] = {
    "bare": ("bare NER nlp.pipe", _load_bare),
    "bare_n2": ("bare NER nlp.pipe(n_process=2)", _load_bare_n2),
    "ours": ("ours: detect_batch", _load_ours),
    "presidio": ("Presidio, NER-only pipeline", _load_presidio),
    "presidio_full": ("Presidio, full pipeline", _load_presidio_full),
}


def _work(job: Job, barrier: object) -> tuple[float, float, float, list[Span]]:
    """In a worker process: load (untimed), wait for the others, then the timed work."""
    started = time.monotonic()
    run = ENGINES[job.engine][1](job)
    load_seconds = time.monotonic() - started
    barrier.wait(BARRIER_TIMEOUT_S)  # type: ignore[attr-defined]
    start = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes
    spans = run()
    return start, time.monotonic(), load_seconds, spans


def measure(
    engine: str, study: Study, documents: Sequence[str], work: Path, *, processes: int
) -> Measurement:
    """Time one engine on `processes` parallel shares of the documents, fresh processes."""
    jobs = [
        Job(engine, study, share, str(work / f"{engine}-{processes}-{index}.jsonl"))
        for index, share in enumerate(shards(documents, processes))
    ]
    context = get_context("spawn")
    with (
        Manager() as manager,
        ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool,
    ):
        barrier = manager.Barrier(processes)
        results = list(pool.map(_work, jobs, [barrier] * processes))
    return Measurement(
        engine=engine,
        processes=processes,
        seconds=max(r[1] for r in results) - min(r[0] for r in results),
        load_seconds=max(r[2] for r in results),
        spans=[span for r in results for span in r[3]],
    )


def our_spans(paths: Sequence[Path], *, strict: bool) -> list[Span]:
    """The spans of the detections our stage wrote (review hits only in strict mode)."""
    detections, _ = anonymise.read_detections([str(p) for p in paths])
    return [
        (d.interview_id, d.field, d.turn, d.start, d.end)
        for d in detections
        if d.layer != "review" or strict
    ]


def recall(root: Path, documents: Sequence[str], spans: Sequence[Span]) -> dict[str, Counter]:
    """Gold identifiers in headers and speech whose every non-space character a span covers."""
    covered: dict[str, set[int]] = defaultdict(set)
    maps, sources = {}, {}
    with open(root / "data/participants.csv", encoding="utf-8-sig", newline="") as handle:
        files = {row["interview_id"]: row["file"] for row in csv.DictReader(handle)}
    for path in documents:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        interview = document["interview_id"]
        sources[interview] = source_text(root / "data/raw" / files[interview])
        maps[interview] = field_maps(document, sources[interview])
    for interview, name, turn, start, end in spans:
        offsets = maps[interview][(name, turn)][start:end]
        covered[interview].update(o for o in offsets if o >= 0)
    counts: dict[str, Counter] = defaultdict(Counter)
    with open(root / "data/demo/gold/identifiers.csv", encoding="utf-8") as handle:
        for gold in csv.DictReader(handle):
            if gold["interview_id"] not in sources or gold["where"] == "label":
                continue
            source = sources[gold["interview_id"]]
            chars = {
                i for i in range(int(gold["start"]), int(gold["end"])) if not source[i].isspace()
            }
            caught = chars <= covered[gold["interview_id"]]
            counts[gold["category"]]["caught" if caught else "missed"] += 1
    return counts


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}"


def speed_table(measurements: Sequence[Measurement], words: int) -> list[str]:
    lines = [
        "| engine | processes | seconds | words/s | load s (max per process) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for m in measurements:
        lines.append(
            f"| {ENGINES[m.engine][0]} | {m.processes} | {m.seconds:.1f} | "
            f"{_rate(words, m.seconds)} | {m.load_seconds:.1f} |"
        )
    return lines


def ratio_lines(times: dict[tuple[str, int], float]) -> list[str]:
    """Time ratios against the goals, per number of processes."""
    lines = ["| ratio of times | 1 process | 2 processes | goal |", "| --- | ---: | ---: | --- |"]
    pairs = [
        ("ours/bare", "ours", "bare", f"≤ {GOALS['ours/bare']}"),
        ("presidio/ours", "presidio", "ours", f"≥ {GOALS['presidio/ours']:.0f}"),
        (
            "presidio (full pipeline)/ours",
            "presidio_full",
            "ours",
            f"≥ {GOALS['presidio/ours']:.0f}",
        ),
    ]
    for label, top, bottom, goal in pairs:
        cells = [f"{times[(top, n)] / times[(bottom, n)]:.2f}" for n in (1, 2)]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {goal} |")
    return lines


def recall_lines(ours: dict[str, Counter], presidio: dict[str, Counter]) -> list[str]:
    lines = ["| gold (header and speech) | ours | Presidio |", "| --- | ---: | ---: |"]
    for category in sorted(set(ours) | set(presidio)):
        cells = []
        for counts in (ours[category], presidio[category]):
            total = counts["caught"] + counts["missed"]
            cells.append(f"{counts['caught']}/{total} ({100 * counts['caught'] / total:.1f}%)")
        name = RECALL_GROUPS.get(category, category)
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return lines


def run_benchmark(root: Path, *, limit: int | None) -> str:
    """Every engine on 1 and 2 processes over the same texts; the report as Markdown."""
    study = read_study(root)
    lines = [f"load average at start: {load_average()} ({os.cpu_count()} cores)"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        documents = ingest_study(root, work, limit=limit)
        words = sum(len(t.text.split()) for t in read_texts(documents))
        measurements = [measure("bare_n2", study, documents, work, processes=1)]
        for engine in ("bare", "ours", "presidio", "presidio_full"):
            for processes in (1, 2):
                measurements.append(measure(engine, study, documents, work, processes=processes))
        times = {(m.engine, m.processes): m.seconds for m in measurements}
        strict = replace_settings(study.settings).strict
        ours = our_spans(sorted(work.glob("ours-2-*.jsonl")), strict=strict)
        presidio = next(m.spans for m in measurements if (m.engine, m.processes) == ("presidio", 1))
        lines += [
            f"load average at end: {load_average()}",
            f"interviews {len(documents)}, words (header and turn texts) {words:,}",
            "",
            *speed_table(measurements, words),
            "",
            *ratio_lines(times),
            "",
            *recall_lines(recall(root, documents, ours), recall(root, documents, presidio)),
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=ROOT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N interviews")
    args = parser.parse_args()
    if presidio_missing():
        sys.exit('Presidio is not installed: run pip install ".[bench]" for this benchmark.')
    print(run_benchmark(args.study.resolve(), limit=args.limit))


if __name__ == "__main__":
    main()
