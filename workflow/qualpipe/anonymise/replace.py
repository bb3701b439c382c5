"""Replacement: every entity's pseudonym for the whole study, the anonymised transcripts,
a summary without real text, and the private key, review list and log.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualpipe.anonymise import gazetteer
from qualpipe.anonymise.people import _own_labels, participant_labels
from qualpipe.anonymise.propagate import name_parts, propagate, propagation_pattern
from qualpipe.anonymise.protect import protect, warn_collisions
from qualpipe.anonymise.pseudonyms import (
    assign_pseudonyms,
    link_partial_names,
    unify_categories,
    use_surrogates,
)
from qualpipe.anonymise.render import anonymise_document, render_text
from qualpipe.anonymise.settings import ReplaceSettings, replace_settings
from qualpipe.anonymise.spans import Detection, _fields, _form, read_detections
from qualpipe.common import vocabulary as vocabulary
from qualpipe.common.io import write_json_atomic, write_rows, write_text_atomic
from qualpipe.common.nlp import load_pipeline, stop_words


def replace_all(
    *,
    documents: Sequence[str],
    detections: Sequence[str],
    participants_path: str,
    output_dir: str,
    summary_path: str,
    private_dir: str,
    roles: Mapping[str, Mapping[str, str]],
    site_labels: Mapping[str, str],
    settings: Mapping[str, Any],
    language: str,
    protected: Mapping[str, str] | None = None,
    model: str = "",
) -> list[Detection]:
    """Give every entity its pseudonym and write the anonymised transcripts.

    documents (Sequence[str]): all parsed transcripts, in participants.csv order.
    detections (Sequence[str]): the detection batches.
    output_dir (str): results/anonymised; gets <interview>.json and <interview>.txt.
    summary_path (str): identifiers replaced by interview, category and layer (no text).
    private_dir (str): where the key, the review list and the anonymisation log go.
    settings (Mapping[str, Any]): the keys of config.yaml's anonymise section that
        replacement uses, validated (replace_settings).
    language (str): the study language (config study.language).
    protected (Mapping[str, str]): the study's own vocabulary (codebook, roles, config
        terms) and where each is written; no weaker layer may take it for an identifier.
    model (str): the spaCy pipeline whose ordinary words are not propagated as names.
    RETURNS (list[Detection]): every detection, those propagated to more mentions included.
    """
    options = replace_settings(settings)
    loaded = [json.loads(Path(path).read_text(encoding="utf-8")) for path in documents]
    found, pipelines = read_detections(detections)
    protected = protected or {}
    warn_collisions(participants_path, protected)
    common = load_pipeline(model, language=language).vocabulary if model else stop_words(language)
    first, last = gazetteer.person_names(tuple(options.locales))  # no town is needed here
    found = protect(
        found,
        protected=protected,
        documents=loaded,
        common=common,
        names=first | last,
    )
    found = link_partial_names(unify_categories(found))
    replaced = [d for d in found if d.layer != "review" or options.strict]
    participants, interviewers = participant_labels(
        participants_path, roles=roles, site_labels=site_labels
    )
    key = assign_pseudonyms(replaced, participants=participants, interviewers=interviewers)
    if options.surrogates:
        use_surrogates(key, found)
    own = _own_labels(participants_path, participants, interviewers)
    pattern, forms = propagation_pattern(
        replaced, key, common, vocabulary.term_languages(language), first | last
    )
    _write_review(found, loaded, Path(private_dir) / "review.csv", language=language)
    by_interview: dict[str, list[Detection]] = {}
    for d in found:
        by_interview.setdefault(d.interview_id, []).append(d)
    for document in loaded:
        interview_id = document["interview_id"]
        added = propagate(document, by_interview.get(interview_id, []), pattern, forms)
        by_interview.setdefault(interview_id, []).extend(added)
        parts = name_parts(document, by_interview[interview_id], key, stop_words(language))
        by_interview[interview_id].extend(parts)
        found.extend(added + parts)
        site = site_labels.get(document["attributes"]["site"], "")
        anonymised = anonymise_document(
            document,
            by_interview.get(interview_id, []),
            key,
            own=own[interview_id],
            settings=options,
            site_label=site,
        )
        write_json_atomic(anonymised, Path(output_dir) / f"{interview_id}.json")
        (Path(output_dir) / f"{interview_id}.txt").write_text(
            render_text(anonymised), encoding="utf-8"
        )
    _write_summary(found, options, Path(summary_path))
    _write_private_outputs(found, key, pipelines, Path(private_dir))
    return found


def _write_summary(found: Sequence[Detection], settings: ReplaceSettings, path: Path) -> None:
    counts = Counter(
        (
            d.interview_id,
            d.category,
            d.layer,
            "replaced" if d.layer != "review" or settings.strict else "listed for review",
        )
        for d in found
    )
    rows = [(*k, n) for k, n in sorted(counts.items())]
    write_rows(path, ("interview_id", "category", "layer", "action", "count"), rows)


def _write_private_outputs(
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    pipelines: Sequence[dict],
    private_dir: Path,
) -> None:
    """The pseudonym key, the review list and the log: real text, owner-only files."""
    mentions = Counter(d.entity for d in found if d.entity)
    texts: dict[str, set[str]] = {}
    for d in found:
        texts.setdefault(d.entity, set()).add(d.text)
    write_rows(
        private_dir / "key.csv",
        ("entity", "category", "pseudonym", "mentions", "forms"),
        [(e, c, p, mentions[e], " | ".join(sorted(texts.get(e, ())))) for e, (c, p) in key.items()],
        private=True,
    )
    log = {"pipelines": pipelines, "entities": len(key), "detections": len(found)}
    log_text = json.dumps(log, indent=1, sort_keys=True) + "\n"
    write_text_atomic(log_text, private_dir / "log.json", private=True)


def _risk(text: str, language: str) -> float:
    """How likely a word the review layer listed is a name: rarer words first."""
    return round(3.0 - min(vocabulary.zipf(text, vocabulary.term_languages(language)), 3.0), 2)


def _write_review(
    found: Sequence[Detection], documents: Sequence[Mapping], path: Path, *, language: str
) -> None:
    """The review list: one row per word no layer recognised, the likeliest names first,
    with its mentions, interviews and the first place it occurs in (real text: private)."""
    texts = {
        (d["interview_id"], where, turn): text
        for d in documents
        for where, turn, text in _fields(d)
    }
    rows: dict[str, list[Detection]] = {}
    for d in found:
        if d.layer == "review":
            rows.setdefault(_form(d.text), []).append(d)
    table = []
    for mentions in rows.values():
        first = mentions[0]
        text = texts.get((first.interview_id, first.field, first.turn), "")
        context = " ".join(text[max(0, first.start - 60) : first.end + 60].split())
        interviews = len({d.interview_id for d in mentions})
        table.append(
            (_risk(first.text, language), first.text, len(mentions), interviews, first, context)
        )
    table.sort(key=lambda r: (-r[0], -r[2], r[1]))
    write_rows(
        path,
        (
            "risk",
            "text",
            "mentions",
            "interviews",
            "interview_id",
            "field",
            "turn",
            "start",
            "end",
            "context",
        ),
        [
            (risk, text, n, i, d.interview_id, d.field, d.turn, d.start, d.end, context)
            for risk, text, n, i, d, context in table
        ],
        private=True,
    )
