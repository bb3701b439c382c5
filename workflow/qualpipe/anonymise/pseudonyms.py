"""One pseudonym per real entity for the whole study: names linked to the full name, one
category per entity, numbered or fixed brackets, or seeded invented names (surrogates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from qualpipe.anonymise.lexicon import INTERVIEWER, PARTICIPANT
from qualpipe.anonymise.spans import FIXED, NUMBERED, STRONG_LAYERS, Detection, _entity_key, _form
from qualpipe.common.speakers import fold


def link_partial_names(detections: Sequence[Detection]) -> list[Detection]:
    """'Anna' to 'Anna Hellström' when one person of that interview has that name part."""
    full: dict[str, dict[str, set[str]]] = {}
    for d in detections:
        words = d.entity.split(":", 1)[-1].split()
        if d.category == "PERSON" and len(words) > 1:
            for word in words:
                full.setdefault(d.interview_id, {}).setdefault(word, set()).add(d.entity)
    linked = []
    for d in detections:
        words = d.entity.split(":", 1)[-1].split()
        owners = full.get(d.interview_id, {}).get(words[0], set()) if len(words) == 1 else set()
        if d.category == "PERSON" and len(owners) == 1:
            d = Detection(**{**asdict(d), "entity": next(iter(owners))})
        linked.append(d)
    return linked


def assign_pseudonyms(
    detections: Sequence[Detection],
    *,
    participants: Mapping[str, str],
    interviewers: Mapping[str, str],
) -> dict[str, tuple[str, str]]:
    """entity key -> (category, pseudonym), numbered by first appearance in the study."""
    key: dict[str, tuple[str, str]] = {}
    counters: Counter[str] = Counter()
    for d in detections:
        if not d.entity or d.entity in key:
            continue
        if d.category == PARTICIPANT:
            key[d.entity] = (d.category, participants.get(d.entity, "Participant"))
        elif d.category == INTERVIEWER:
            key[d.entity] = (d.category, interviewers.get(d.entity, "Interviewer"))
        elif d.category in FIXED:
            key[d.entity] = (d.category, d.category)
        else:
            counters[d.category] += 1
            key[d.entity] = (d.category, f"{d.category} {counters[d.category]}")
    return key


def unify_categories(found: Sequence[Detection]) -> list[Detection]:
    """One entity, one category: a name NER calls a place here and an organisation there
    ('Kvarnby') takes the category most of its detections give it, and one pseudonym."""
    votes: dict[str, Counter[str]] = {}
    for d in found:
        if d.category in NUMBERED[:4] and d.layer not in (*STRONG_LAYERS, "review"):
            votes.setdefault(_form(d.text), Counter())[d.category] += 1
    chosen = {
        form: max(counts.items(), key=lambda kv: (kv[1], -NUMBERED.index(kv[0])))[0]
        for form, counts in votes.items()
    }
    unified = []
    for d in found:
        category = chosen.get(_form(d.text), d.category)
        if d.category in NUMBERED[:4] and d.layer not in STRONG_LAYERS and category != d.category:
            d = Detection(
                **{**asdict(d), "category": category, "entity": _entity_key(category, d.text)}
            )
        unified.append(d)
    return unified


SURROGATE = "PERSON (surrogate)"
SURROGATE_SEED = 2013


def use_surrogates(
    key: dict[str, tuple[str, str]], found: Sequence[Detection], *, seed: int = SURROGATE_SEED
) -> None:
    """Give numbered persons realistic invented names instead of [PERSON n] (seeded).

    No surrogate shares a word with any real name or form the study holds, and no two
    persons share a surrogate.
    """
    from faker import Faker

    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    taken = {word for d in found for word in fold(d.text).split()}
    taken |= {word for _, name in key.values() for word in fold(name).split()}
    for entity, (category, _) in key.items():
        if category != "PERSON":
            continue
        name = f"{fake.first_name()} {fake.last_name()}"
        while any(word in taken for word in fold(name).split()):
            name = f"{fake.first_name()} {fake.last_name()}"
        taken |= set(fold(name).split())
        key[entity] = (SURROGATE, name)
