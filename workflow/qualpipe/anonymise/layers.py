"""The anonymisation_layers table: each interview's language and the NER pipeline that ran."""

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualpipe.common.io import write_rows
from qualpipe.common.language import STUDY, document_language

LOGGER = logging.getLogger("qualpipe")


LAYER_FIELDS = ("interview_id", "language", "decided_by", "confidence", "ner", "ner_off_reason")


def layer_rows(
    documents: Sequence[Mapping[str, Any]],
    pipelines: Sequence[Mapping[str, Any]],
    *,
    study_language: str,
) -> list[list[object]]:
    """Per interview: its language, how it was decided, and which NER pipeline ran on it.

    documents (Sequence[Mapping]): the ingest documents, in participants.csv order.
    pipelines (Sequence[Mapping]): the detection batches' pipeline records, each with the
        'language' and 'interviews' it served.
    RETURNS (list[list]): one row per interview, in LAYER_FIELDS order; no real text.
    """
    served = {
        str(interview): pipeline
        for pipeline in pipelines
        for interview in pipeline.get("interviews", ())
    }
    rows = []
    for document in documents:
        decision = document.get("language_decision") or {"decided_by": STUDY}
        pipeline = served.get(str(document["interview_id"]), {})
        confidence = decision.get("confidence")
        rows.append(
            [
                document["interview_id"],
                document_language(document, study_language),
                decision["decided_by"],
                "" if confidence is None else f"{confidence:.4f}",
                pipeline_label(pipeline),
                pipeline.get("reason", "") if not pipeline.get("name") else "",
            ]
        )
    return rows


def pipeline_label(pipeline: Mapping[str, object]) -> str:
    """'fr_core_news_sm 3.8.0' for a pipeline that ran, 'off' for none."""
    if not pipeline.get("name"):
        return "off"
    return f"{pipeline['model']} {pipeline['version']}"


def pipeline_records(paths: Sequence[str]) -> list[dict[str, object]]:
    """The pipeline records of the detection batches (their first lines), in batch order."""
    records = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "pipeline" not in record:
                break  # detections follow the batch's pipeline records
            records.append(record["pipeline"])
    return records


def write_layers(
    *, documents: Sequence[str], detections: Sequence[str], output: str, study_language: str
) -> int:
    """results/tables/anonymisation_layers.csv: each interview's language and NER pipeline.

    documents (Sequence[str]): the ingest documents, in participants.csv order.
    detections (Sequence[str]): the detection batches.
    RETURNS (int): the number of interviews.
    """
    loaded = [json.loads(Path(path).read_text(encoding="utf-8")) for path in documents]
    rows = layer_rows(loaded, pipeline_records(detections), study_language=study_language)
    write_rows(Path(output), LAYER_FIELDS, rows)
    LOGGER.info("%s", ", ".join(f"{n} {c}" for c, n in sorted(Counter(r[1] for r in rows).items())))
    return len(rows)
