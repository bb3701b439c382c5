"""The anonymised transcript: detections replaced by pseudonyms in labels, texts, header and
attributes, and the transcript as a person reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from qualpipe.anonymise import patterns
from qualpipe.anonymise.pseudonyms import SURROGATE
from qualpipe.anonymise.settings import ReplaceSettings
from qualpipe.anonymise.spans import Detection
from qualpipe.common.records import render_with_offsets


def replacement(d: Detection, key: Mapping[str, tuple[str, str]], *, dates: str) -> str:
    """What replaces one detection in running text."""
    if d.category == "DATE":
        return patterns.generalise_date(d.text, policy=dates)
    category, pseudonym = key[d.entity]
    possessive = re.search(r"['’]s$", d.text)
    shown = pseudonym if category == SURROGATE else f"[{pseudonym}]"
    return shown + (possessive.group(0) if possessive else "")


def replace_spans(text: str, found: Sequence[Detection], key: Mapping, *, dates: str) -> str:
    """A text with its detections replaced, right to left so offsets stay valid."""
    for d in sorted(found, key=lambda d: d.start, reverse=True):
        text = text[: d.start] + replacement(d, key, dates=dates) + text[d.end :]
    return text


def _speaker_label(
    turn: Mapping, found: Sequence[Detection], own: Mapping[str, str], key: Mapping, *, dates: str
) -> str:
    """A turn's label: the interview's one participant or interviewer by kind, else the
    pseudonym of the person the label names ('Interviewer 3' in a panel of several)."""
    if turn["kind"] in own:
        return own[turn["kind"]]
    named = [d for d in found if d.entity]
    if not named:
        return replace_spans(turn["speaker"], found, key, dates=dates)
    # 'Anthony M. Kennedy' is one person even where the layers found the parts apart.
    longest = max(named, key=lambda d: (d.end - d.start, -d.start))
    return key[longest.entity][1]


def anonymise_document(
    document: Mapping,
    found: Sequence[Detection],
    key: Mapping[str, tuple[str, str]],
    *,
    own: Mapping[str, str],
    settings: ReplaceSettings,
    site_label: str,
) -> dict:
    """The anonymised transcript: pseudonymised labels, texts and attributes, no offsets."""
    replaced = [d for d in found if d.layer != "review" or settings.strict]
    by_field: dict[tuple[str, int], list[Detection]] = {}
    for d in replaced:
        by_field.setdefault((d.field, d.turn), []).append(d)
    turns = []
    for turn in document["turns"]:
        text = replace_spans(
            turn["text"], by_field.get(("text", turn["index"]), []), key, dates=settings.dates
        )
        label = _speaker_label(
            turn, by_field.get(("speaker", turn["index"]), []), own, key, dates=settings.dates
        )
        turns.append(
            {
                "index": turn["index"],
                "speaker": label,
                "kind": turn["kind"],
                "text": text,
                "words": len(text.split()),
            }
        )
    attributes = dict(document["attributes"])
    attributes.pop("file", None)
    attributes["site"] = site_label
    if "date" in attributes:
        attributes["date"] = patterns.generalise_date(attributes["date"], policy=settings.dates)
    header = replace_spans(
        document["header"]["text"], by_field.get(("header", -1), []), key, dates=settings.dates
    )
    return {
        "format": "qualpipe.anonymised.v1",
        "interview_id": document["interview_id"],
        "attributes": attributes,
        "header": header,
        "turns": turns,
    }


def render_text(document: Mapping) -> str:
    """An anonymised transcript as a person reads it: header, then 'Label: text' paragraphs."""
    return render_with_offsets(document)[0]
