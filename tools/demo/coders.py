"""Two simulated human coders who return filled coding sheets for the demo study.

`python -m tools.demo.coders [--results DIR] [--gold DIR] [--out DIR] [--seed N]` reads the
exported coding sheets, the segments and the demo's gold codes, and writes what two coders
would return: coder_a the workbook (.xlsx), coder_b the sheet saved as CSV from a spreadsheet,
and the consensus meeting's decisions on a sample of their disagreements (adjudication.csv).

The gold codes are per turn and the coders code sentences, so the first step places each
(turn, code) on the segments that express it. The coders know what the generator meant: a
segment expresses a code when it matches a sentence of one of the code's templates (theme_*.py
and story parts in stories.py), compared by the words the template fixes and by one wording of
each of its alternatives. The generator's private template nodes (grammar._Lit, _Alt) are read
for that: the templates are the generator's own knowledge, which the keyword pre-coder lacks.
From that segment-level truth each coder misses codes with a probability that grows with the
code's difficulty, sometimes writes a confusable neighbour code instead, sometimes codes the
adjacent sentence, falls for a keyword trap now and then, and marks most segments without a
code 'nothing applies'. The same inputs and seed give
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from qualpipe.common.io import csv_text, neutralise_cell, workbook_bytes, write_bytes_atomic
from qualpipe.common.records import NOTHING_APPLIES
from qualpipe.sheets.inputs import read_segments

from tools.demo.grammar import _Alt, _Lit, parse
from tools.demo.interview import CODES
from tools.demo.stories import STORIES
from tools.demo.talk import CONTRACTIONS, IDIOLECT_GROUPS, TRAPS

REPOSITORY = Path(__file__).resolve().parents[3]
DEFAULT_SEED = 2013
CODE_ORDER: tuple[str, ...] = tuple(code.code_id for code in CODES)
CODE_COLUMNS = 4
ADJUDICATION_COLUMNS = ("segment_id", "code", "decision", "note")
ADJUDICATIONS = 40
# A segment expresses a code when it holds this share of one of the code's template sentences.
MATCH = 0.65
# Below MATCH but this close, the best segment still beats the fallback to the longest one.
NEAR_MATCH = 0.5
# A neighbouring segment completes a statement when it adds this share to the match.
CONTINUES = 0.12
# A keyword trap sits in the segment that holds this share of the trap's template.
TRAP_MATCH = 0.5
# Template sentences with less weight than this are too short to be evidence ('Yes. So.').
MIN_FRAME_WEIGHT = 1.5
# Words that carry little of a template's meaning count 0.3 of a content word.
FUNCTION_TEXT = (
    "a an the and but or so i you we they he she it is are was were be been to of in on at for "
    "with that this there what how as if not no do does did have has had my our your their me "
    "us them just then"
)
FUNCTION_WORDS = frozenset(FUNCTION_TEXT.split())
# Speakers say 'do not' for "don't" and settle on 'perhaps' or 'maybe': compare in one form.
VARIANTS: dict[str, str] = {
    **{short.lower(): full.lower() for short, full in CONTRACTIONS.items()},
    **{word.lower(): group[0].lower() for group in IDIOLECT_GROUPS for word in group},
}
VARIANT = re.compile(r"\b(" + "|".join(map(re.escape, sorted(VARIANTS, key=len)[::-1])) + r")\b")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

Unit = tuple[float, tuple[frozenset[str], ...]]
Frame = tuple[Unit, ...]


@dataclass(frozen=True)
class CodeProfile:
    """How hard a code is to apply consistently, and what coders confuse it with.

    difficulty (float): 0 (explicit, easy) to 1 (interpretive, often missed).
    neighbours (tuple[str, ...]): codes a coder writes instead by mistake.
    phrase (str): what a speaker who expresses the code describes (adjudication notes).
    """

    difficulty: float
    neighbours: tuple[str, ...]
    phrase: str


PROFILES: dict[str, CodeProfile] = {
    "public_trust": CodeProfile(
        0.15, ("client_orientation",), "the public's declining trust in the agency"
    ),
    "centralisation": CodeProfile(
        0.3, ("routines_regulation",), "the move to one national agency with uniform rules"
    ),
    "activation_policy": CodeProfile(
        0.35, ("external_constraints",), "time limits and the pressure to end sick leave"
    ),
    "reform_cycles": CodeProfile(0.45, ("separate_initiatives",), "reforms that come and go"),
    "administrator_to_case_manager": CodeProfile(
        0.5, ("stakeholder_coordination",), "the role moving from administrator to case manager"
    ),
    "stakeholder_coordination": CodeProfile(
        0.35,
        ("administrator_to_case_manager", "external_constraints"),
        "coordinating care, employers and others around the client",
    ),
    "client_orientation": CodeProfile(
        0.7, ("not_therapist", "public_trust"), "meeting clients as people, explaining the rules"
    ),
    "not_therapist": CodeProfile(
        0.75, ("client_orientation",), "the limits of the role: officials are not therapists"
    ),
    "discretion": CodeProfile(
        0.85, ("routines_regulation",), "the room officials have to decide for themselves"
    ),
    "skills_education": CodeProfile(
        0.25, ("not_therapist",), "education, experience and the skills the job needs"
    ),
    "workload": CodeProfile(0.0, ("performance_measures",), "the workload and the lack of time"),
    "performance_measures": CodeProfile(
        0.2, ("routines_regulation", "workload"), "production goals, numbers and statistics"
    ),
    "routines_regulation": CodeProfile(
        0.8, ("discretion", "centralisation"), "detailed routines and rules that steer the work"
    ),
    "external_constraints": CodeProfile(
        0.4,
        ("stakeholder_coordination", "activation_policy"),
        "waiting lists and employers the agency cannot control",
    ),
    "lean": CodeProfile(0.0, ("teams",), "lean: value flows, process maps and whiteboards"),
    "teams": CodeProfile(0.1, ("lean", "coaching_leadership"), "the self-governing teams"),
    "coaching_leadership": CodeProfile(
        0.55, ("coherent_strategy",), "managing by coaching rather than by numbers"
    ),
    "coherent_strategy": CodeProfile(
        0.9,
        ("separate_initiatives", "coaching_leadership"),
        "lean, teams and MI as parts of one strategy",
    ),
    "separate_initiatives": CodeProfile(
        0.85,
        ("coherent_strategy", "reform_cycles"),
        "the initiatives as separate demands competing for time",
    ),
    "mi_training": CodeProfile(
        0.0, ("mi_coaching_feedback",), "the MI course, the book and the homework recording"
    ),
    "mi_coaching_feedback": CodeProfile(
        0.35,
        ("mi_monitoring", "manager_support", "mi_training"),
        "MI coaches, feedback and follow-up",
    ),
    "manager_support": CodeProfile(
        0.4, ("mi_priority",), "managers' interest in MI, or the lack of it"
    ),
    "mi_priority": CodeProfile(
        0.5,
        ("manager_support", "separate_initiatives"),
        "MI crowded out by lean, teams and production",
    ),
    "mi_monitoring": CodeProfile(
        0.45, ("mi_coaching_feedback",), "that nobody measures or follows up the use of MI"
    ),
    "mi_useful": CodeProfile(
        0.8,
        ("mi_decline", "mi_insecurity", "mi_techniques"),
        "what MI gives in meetings with clients",
    ),
    "mi_techniques": CodeProfile(
        0.2, ("mi_useful",), "MI techniques such as open questions and reflections"
    ),
    "mi_limits": CodeProfile(
        0.55, ("mi_insecurity",), "the limits of MI: rules, phone contacts, few meetings"
    ),
    "mi_insecurity": CodeProfile(
        0.8, ("mi_decline", "mi_limits"), "feeling unsure whether they use MI correctly"
    ),
    "mi_decline": CodeProfile(
        0.85, ("mi_insecurity", "mi_useful"), "using MI less and less over time"
    ),
}


@dataclass(frozen=True)
class Coder:
    """One simulated coder's habits.

    name (str): the coder, as in config coding.coders.
    returns (str): 'xlsx' (the workbook) or 'csv' (saved as CSV from a spreadsheet).
    miss_base, miss_slope (float): P(miss a true code) = base + slope * difficulty.
    substitute (float): share of misses where a neighbour code is written instead.
    shift (float): share of misses where the code lands on the adjacent segment.
    spill (float): P(also coding the adjacent segment) per true code, times 0.2 + difficulty.
    trap (float): P(coding the code a keyword trap imitates).
    nothing (float): P('x' under nothing_applies) on a segment left without a code.
    small_talk (float): P(leaving greetings and goodbyes blank instead of 'x').
    memo (float): P(a memo) where the coder hesitated.
    unfinished (int): interviews at the end of the sheet not coded yet.
    """

    name: str
    returns: str
    miss_base: float
    miss_slope: float
    substitute: float
    shift: float
    spill: float
    trap: float
    nothing: float
    small_talk: float
    memo: float
    unfinished: int = 0

    def miss(self, code: str) -> float:
        """P(this coder misses `code` where it is expressed)."""
        return self.miss_base + self.miss_slope * PROFILES[code].difficulty


# coder_b is the more generous: she misses less, spills onto neighbours and falls for traps more.
CODERS: tuple[Coder, ...] = (
    Coder("coder_a", "xlsx", 0.02, 0.52, 0.5, 0.2, 0.03, 0.02, 0.96, 0.5, 0.1),
    Coder("coder_b", "csv", 0.015, 0.45, 0.5, 0.2, 0.07, 0.04, 0.9, 0.8, 0.04, unfinished=3),
)


@dataclass(frozen=True)
class Turn:
    """A respondent turn as the coders see it: its segments and what the gold says of it.

    interview (str): the interview id. segments (tuple[str, ...]): segment ids, in order.
    texts (tuple[str, ...]): the segments' texts. codes (tuple[str, ...]): gold codes.
    traps (tuple[str, ...]): 'trap_id:imitated code' for its keyword traps.
    small_talk (bool): before the first or after the last coded turn of the interview.
    """

    interview: str
    segments: tuple[str, ...]
    texts: tuple[str, ...]
    codes: tuple[str, ...] = ()
    traps: tuple[str, ...] = ()
    small_talk: bool = False


@dataclass
class Placement:
    """The segment-level truth and how it was found.

    codes (dict[str, set[str]]): codes per segment id. traps (dict[str, str]): the code a
    keyword trap in the segment imitates. content, span, fallback (int): gold (turn, code)
    pairs placed by a matching segment, by two segments that match together, by the fallback
    rule (the best near match, else the turn's longest segment). continued (int): segments
    added as the rest of a statement.
    """

    codes: dict[str, set[str]] = field(default_factory=dict)
    traps: dict[str, str] = field(default_factory=dict)
    content: int = 0
    span: int = 0
    fallback: int = 0
    continued: int = 0


@dataclass(frozen=True)
class Coding:
    """One coder's entry for a segment; a segment without an entry is not coded."""

    codes: tuple[str, ...] = ()
    memo: str = ""


# ---------------------------------------------------------------- what the templates say


def words(text: str) -> frozenset[str]:
    """The words of a text in one form: lower case, contractions spelt out, one synonym."""
    lowered = text.lower().replace("\u2019", "'")
    return frozenset(WORD.findall(VARIANT.sub(lambda m: VARIANTS[m.group(0)], lowered)))


def _literal_words(nodes: Sequence[object]) -> frozenset[str]:
    return frozenset().union(*(words(node.text) for node in nodes if isinstance(node, _Lit)))


def _unit(options: tuple[frozenset[str], ...]) -> Unit:
    content = any(option - FUNCTION_WORDS for option in options)
    return (1.0 if content else 0.3, options)


def frame_units(nodes: Sequence[object]) -> Frame:
    """A template sentence as units: each fixed word, and each alternative that must be said.

    An alternative with an empty option (optional) or an option without fixed words of its
    own is no evidence and is left out; slots (names, numbers) are anonymised, so too.
    """
    units: list[Unit] = []
    for node in nodes:
        if isinstance(node, _Lit):
            units += [_unit((frozenset([word]),)) for word in sorted(words(node.text))]
        elif isinstance(node, _Alt):
            options = tuple(_literal_words(option) for option in node.options)
            if all(options):
                units.append(_unit(options))
    return tuple(units)


def template_frames(template: str) -> list[Frame]:
    """The sentences of a template as frames; a template is split where its fixed text ends
    a sentence, as the segmenter splits speech."""
    sentences: list[list[object]] = [[]]
    for node in parse(template):
        if not isinstance(node, _Lit):
            sentences[-1].append(node)
            continue
        for number, part in enumerate(SENTENCE_END.split(node.text)):
            if number:
                sentences.append([])
            sentences[-1].append(_Lit(part))
    frames = [frame_units(nodes) for nodes in sentences]
    return [frame for frame in frames if sum(weight for weight, _ in frame) >= MIN_FRAME_WEIGHT]


@cache
def code_frames() -> dict[str, tuple[Frame, ...]]:
    """Every template sentence that expresses each code: its lines and tagged story parts."""
    found: dict[str, list[Frame]] = {code.code_id: [] for code in CODES}
    for code in CODES:
        for template in code.all_templates():
            found[code.code_id] += template_frames(template)
    for story in STORIES:
        for option in (option for step in story.steps for option in step):
            for code_id in option[0]:
                found[code_id] += template_frames(option[1])
    return {code_id: tuple(frames) for code_id, frames in found.items()}


@cache
def trap_frames() -> dict[str, tuple[Frame, ...]]:
    """The template sentences of each keyword trap, by trap id."""
    return {trap.trap_id: tuple(template_frames(trap.template)) for trap in TRAPS}


def frame_score(frame: Frame, found: frozenset[str]) -> float:
    """The weighted share of a frame's units said in a text with the words `found`."""
    total = sum(weight for weight, _ in frame)
    said = sum(weight for weight, options in frame if any(o <= found for o in options))
    return said / total


def match(found: frozenset[str], frames: Sequence[Frame]) -> float:
    """How well a text with the words `found` matches the best of `frames` (0 to 1)."""
    return max((frame_score(frame, found) for frame in frames), default=0.0)


# ---------------------------------------------------------------- placing gold on segments


def place_code(found: Sequence[frozenset[str]], frames: Sequence[Frame]) -> tuple[set[int], str]:
    """The segments of a turn that express a code, and how they were found.

    found (Sequence[frozenset[str]]): the words of each segment of the turn.
    frames (Sequence[Frame]): the code's template sentences.
    RETURNS (tuple[set[int], str]): segment positions; 'content', 'span' (a statement split
        over two segments) or 'fallback' (the best match below MATCH, or the longest segment).
    """
    scores = [match(segment, frames) for segment in found]
    hits = {number for number, score in enumerate(scores) if score >= MATCH}
    spanned = {
        both
        for number in range(len(found) - 1)
        if max(scores[number : number + 2]) < MATCH
        and match(found[number] | found[number + 1], frames) >= MATCH
        for both in (number, number + 1)
    }
    if hits:
        return hits | spanned, "content"
    if spanned:
        return spanned, "span"
    best = max(range(len(found)), key=lambda n: (scores[n], -n))
    if scores[best] < NEAR_MATCH:
        best = max(range(len(found)), key=lambda n: (len(found[n]), -n))
    return {best}, "fallback"


def continuations(
    hits: set[int], found: Sequence[frozenset[str]], frames: Sequence[Frame]
) -> set[int]:
    """Neighbours of matching segments that say the rest of the same statement.

    The segmenter cuts a statement at a false start ('not so- so well') or where a template's
    alternative ends a sentence; the neighbour then adds what the match lacked.
    """
    added = set()
    for number in sorted(hits):
        alone = match(found[number], frames)
        for other in (number - 1, number + 1):
            if 0 <= other < len(found) and other not in hits | added:
                gain = match(found[number] | found[other], frames) - alone
                added |= {other} if gain >= CONTINUES else set()
    return added


def place_traps(turn: Turn, found: Sequence[frozenset[str]]) -> dict[str, str]:
    """The segments holding the turn's keyword traps, with the code each imitates."""
    placed = {}
    for trap in turn.traps:
        trap_id, _, imitates = trap.partition(":")
        scores = [match(segment, trap_frames().get(trap_id, ())) for segment in found]
        best = max(range(len(found)), key=lambda n: (scores[n], -n))
        if scores[best] >= TRAP_MATCH:
            placed[turn.segments[best]] = imitates
    return placed


def place_turn(turn: Turn, placement: Placement) -> None:
    """Add a turn's gold codes, placed on its segments, to `placement`."""
    found = [words(text) for text in turn.texts]
    for segment in turn.segments:
        placement.codes.setdefault(segment, set())
    for code in turn.codes:
        hits, how = place_code(found, code_frames()[code])
        more = continuations(hits, found, code_frames()[code]) if how != "fallback" else set()
        setattr(placement, how, getattr(placement, how) + 1)
        placement.continued += len(more)
        for number in hits | more:
            placement.codes[turn.segments[number]].add(code)
    placement.traps.update(place_traps(turn, found))


def place_codes(turns: Sequence[Turn]) -> Placement:
    """Place every turn's gold codes on its segments.

    turns (Sequence[Turn]): the respondent turns with segments.
    RETURNS (Placement): codes per segment id, trap segments and placement counts.
    """
    placement = Placement()
    for turn in turns:
        place_turn(turn, placement)
    return placement


# ---------------------------------------------------------------- the coders


def code_turn(coder: Coder, turn: Turn, placement: Placement, rng: random.Random) -> list[set[str]]:
    """The codes one coder writes on each segment of a turn (before the 4-column limit)."""
    written: list[set[str]] = [set() for _ in turn.segments]
    for number, segment in enumerate(turn.segments):
        for code in sorted(placement.codes[segment], key=CODE_ORDER.index):
            for target, chosen in code_one(coder, code, number, len(written), rng):
                written[target].add(chosen)
        imitated = placement.traps.get(segment)
        if imitated and rng.random() < coder.trap:
            written[number].add(imitated)
    return written


def code_one(
    coder: Coder, code: str, number: int, size: int, rng: random.Random
) -> list[tuple[int, str]]:
    """Where a coder puts one true code of segment `number` of a turn of `size` segments."""
    neighbour = number + 1 if number + 1 < size else number - 1
    put: list[tuple[int, str]] = []
    if rng.random() >= coder.miss(code):
        put.append((number, code))
    else:
        kind = rng.random()
        if kind < coder.substitute:
            put.append((number, rng.choice(PROFILES[code].neighbours)))
        elif kind < coder.substitute + coder.shift and neighbour >= 0:
            put.append((neighbour, code))
    spill = coder.spill * (0.2 + PROFILES[code].difficulty)
    if neighbour >= 0 and rng.random() < spill:
        put.append((neighbour, code))
    return put


def memo_for(written: set[str], truth: set[str], trap: str | None) -> str:
    """What a coder notes where she hesitated: a neighbour code, or a keyword trap resisted."""
    for code in sorted(written - truth, key=CODE_ORDER.index):
        for other in sorted(truth - written, key=CODE_ORDER.index):
            if other in PROFILES[code].neighbours:
                return f"unsure: {code} or {other}?"
    if trap and trap not in written:
        return f"keyword for {trap}, but not meant that way; not coded"
    return ""


def simulate(
    coder: Coder, turns: Sequence[Turn], placement: Placement, *, seed: int
) -> dict[str, Coding]:
    """One coder's entries for every segment she coded.

    coder (Coder): her habits. turns (Sequence[Turn]): the turns in sheet order.
    placement (Placement): the segment-level truth. seed (int): the run's seed.
    RETURNS (dict[str, Coding]): by segment id; a missing segment is not coded.
    """
    rng = random.Random(f"{seed}/{coder.name}")
    interviews = list(dict.fromkeys(turn.interview for turn in turns))
    # At least one interview is coded, however small the study.
    left = min(coder.unfinished, len(interviews) - 1)
    unfinished = set(interviews[len(interviews) - left :]) if left > 0 else set()
    entries: dict[str, Coding] = {}
    for turn in turns:
        written = code_turn(coder, turn, placement, rng)
        if turn.interview in unfinished:
            continue
        for segment, codes in zip(turn.segments, written, strict=True):
            entry = entry_for(coder, turn, segment, codes, placement, rng)
            if entry is not None:
                entries[segment] = entry
    return entries


def entry_for(
    coder: Coder,
    turn: Turn,
    segment: str,
    codes: set[str],
    placement: Placement,
    rng: random.Random,
) -> Coding | None:
    """A segment's entry: its codes, 'nothing applies' (no codes), or None (left blank)."""
    ordered = tuple(sorted(codes, key=CODE_ORDER.index))[:CODE_COLUMNS]
    memo = memo_for(codes, placement.codes[segment], placement.traps.get(segment))
    memo = memo if memo and rng.random() < coder.memo else ""
    if ordered:
        return Coding(ordered, memo)
    blank = coder.small_talk if turn.small_talk else 1 - coder.nothing
    return None if rng.random() < blank else Coding((), memo)


# ---------------------------------------------------------------- agreement


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float:
    """Cohen's kappa of two binary ratings of the same items (1.0 when both are constant,
    nan without items)."""
    total = len(first)
    if not total:
        return float("nan")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / total
    p_first, p_second = sum(first) / total, sum(second) / total
    expected = p_first * p_second + (1 - p_first) * (1 - p_second)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(
    first: Mapping[str, Coding], second: Mapping[str, Coding]
) -> tuple[float, dict[str, float], int]:
    """Kappa of code presence over the segments both coded, pooled and per code.

    RETURNS (tuple[float, dict[str, float], int]): pooled kappa over segment x code, kappa per
        code, and the number of segments both coded.
    """
    both = [segment for segment in first if segment in second]
    ratings = {
        code: ([code in first[s].codes for s in both], [code in second[s].codes for s in both])
        for code in CODE_ORDER
    }
    pooled_a = [value for a, _ in ratings.values() for value in a]
    pooled_b = [value for _, b in ratings.values() for value in b]
    per_code = {code: cohen_kappa(a, b) for code, (a, b) in ratings.items()}
    return cohen_kappa(pooled_a, pooled_b), per_code, len(both)


# ---------------------------------------------------------------- consensus meeting


def disagreements(
    first: Mapping[str, Coding], second: Mapping[str, Coding]
) -> list[tuple[str, str]]:
    """(segment id, code) where exactly one of two coders applied the code, in sheet order."""
    found = []
    for segment in (s for s in first if s in second):
        differ = set(first[segment].codes) ^ set(second[segment].codes)
        found += [(segment, code) for code in sorted(differ, key=CODE_ORDER.index)]
    return found


def choose_disagreements(
    pairs: Sequence[tuple[str, str]], *, count: int, seed: int
) -> list[tuple[str, str]]:
    """`count` disagreements spread over the codes: one per code in turn, chosen at random."""
    rng = random.Random(f"{seed}/adjudication")
    by_code: dict[str, list[tuple[str, str]]] = {code: [] for code in CODE_ORDER}
    for pair in pairs:
        by_code[pair[1]].append(pair)
    for items in by_code.values():
        rng.shuffle(items)
    chosen: list[tuple[str, str]] = []
    while len(chosen) < count and any(by_code.values()):
        for items in by_code.values():
            if items and len(chosen) < count:
                chosen.append(items.pop())
    order = {pair: number for number, pair in enumerate(pairs)}
    return sorted(chosen, key=order.__getitem__)


def decide(segment: str, code: str, placement: Placement, turn: Turn) -> tuple[str, str]:
    """The meeting's decision on one disagreement, read against the transcript (the truth)."""
    truth = placement.codes[segment]
    said = f"agreed after discussion: the speaker describes {PROFILES[code].phrase}"
    if code in truth:
        return "apply", said
    if placement.traps.get(segment) == code:
        return "reject", "agreed after discussion: the keyword is used in another sense here"
    other = next((c for c in sorted(truth, key=CODE_ORDER.index) if c != code), None)
    if other:
        phrase = PROFILES[other].phrase
        return "reject", f"agreed after discussion: {other} instead, the speaker describes {phrase}"
    if any(code in placement.codes[s] for s in turn.segments):
        return "reject", "agreed after discussion: the code belongs to a neighbouring sentence"
    return "reject", f"agreed after discussion: nothing here is about {PROFILES[code].phrase}"


def adjudicate(
    turns: Sequence[Turn],
    placement: Placement,
    first: Mapping[str, Coding],
    second: Mapping[str, Coding],
    *,
    seed: int,
) -> list[tuple[str, str, str, str]]:
    """The consensus meeting: decisions on a spread sample of the coders' disagreements."""
    turn_of = {segment: turn for turn in turns for segment in turn.segments}
    pairs = choose_disagreements(disagreements(first, second), count=ADJUDICATIONS, seed=seed)
    return [
        (segment, code, *decide(segment, code, placement, turn_of[segment]))
        for segment, code in pairs
    ]


# ---------------------------------------------------------------- reading and writing


def read_turns(segments_path: str, turns_path: str) -> list[Turn]:
    """The respondent turns that have segments, with their gold codes, in segment order.

    segments_path (str): results/segments/segments.csv. turns_path (str): gold turns.csv.
    RETURNS (list[Turn]): one per turn, in the order of the segments.
    """
    with open(turns_path, encoding="utf-8", newline="") as handle:
        gold = {(row["interview_id"], int(row["turn"])): row for row in csv.DictReader(handle)}
    grouped: dict[tuple[str, int], list[dict[str, str]]] = {}
    for segment in read_segments(segments_path):
        grouped.setdefault((segment["interview_id"], int(segment["turn"])), []).append(segment)
    coded: dict[str, list[int]] = {}
    for interview, number in (key for key in grouped if gold[key]["codes"]):
        coded.setdefault(interview, []).append(number)
    span = {interview: (min(numbers), max(numbers)) for interview, numbers in coded.items()}
    return [_turn(key, rows, gold[key], span.get(key[0])) for key, rows in grouped.items()]


def _turn(
    key: tuple[str, int], rows: list[dict[str, str]], gold: dict[str, str], span: tuple | None
) -> Turn:
    return Turn(
        interview=key[0],
        segments=tuple(row["segment_id"] for row in rows),
        texts=tuple(row["text"] for row in rows),
        codes=tuple(code for code in gold["codes"].split(";") if code),
        traps=tuple(trap for trap in gold["traps"].split(";") if trap),
        small_talk=span is None or not span[0] <= key[1] <= span[1],
    )


def fill_row(values: dict[str, str], entry: Coding | None) -> dict[str, str]:
    """A sheet row with a coder's entry in code_1 ..., nothing_applies and memo."""
    filled = dict(values)
    if entry is None:
        return filled
    for number in range(1, CODE_COLUMNS + 1):
        codes = entry.codes
        filled[f"code_{number}"] = codes[number - 1] if number <= len(codes) else ""
    filled["nothing_applies"] = "" if entry.codes else NOTHING_APPLIES
    filled["memo"] = neutralise_cell(entry.memo)
    return filled


def filled_workbook(source: Path, entries: Mapping[str, Coding], *, coder: str) -> bytes:
    """The exported workbook with a coder's entries, saved with fixed dates like the export."""
    from openpyxl import load_workbook

    workbook = load_workbook(source)
    sheet = workbook["Coding"]
    header = [cell.value for cell in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        values = {name: cell.value or "" for name, cell in zip(header, cells, strict=True)}
        filled = fill_row(values, entries.get(values["segment_id"]))
        for name, cell in zip(header, cells, strict=True):
            if filled[name] != values[name]:
                cell.value = filled[name]
    workbook.properties.lastModifiedBy = coder
    return workbook_bytes(workbook)


def filled_csv(source: Path, entries: Mapping[str, Coding]) -> bytes:
    """The exported CSV with a coder's entries, as a spreadsheet saves 'CSV UTF-8': a BOM,
    CRLF line ends, quotes only where needed, the cells otherwise as they were."""
    # Bytes, not read_text(): universal newlines would turn a CR inside a cell into LF.
    reader = csv.DictReader(io.StringIO(source.read_bytes().decode("utf-8-sig"), newline=""))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames or [], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(fill_row(row, entries.get(row["segment_id"])) for row in reader)
    return buffer.getvalue().encode("utf-8-sig")


def adjudication_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """adjudication.csv: UTF-8, LF line ends, written as the pipeline writes its tables."""
    return csv_text(ADJUDICATION_COLUMNS, rows).encode("utf-8")


def write_returns(coder: Coder, entries: Mapping[str, Coding], *, sheets: Path, out: Path) -> Path:
    """Write what one coder returns to out/<coder>/; RETURNS (Path) the file written."""
    stem = f"{coder.name}/{coder.name}_coding_sheet"
    source = sheets / f"{stem}.{coder.returns}"
    if coder.returns == "xlsx":
        data = filled_workbook(source, entries, coder=coder.name)
    else:
        data = filled_csv(source, entries)
    target = out / f"{stem}.{coder.returns}"
    write_bytes_atomic(data, target)
    return target


# ---------------------------------------------------------------- command line


def report(placement: Placement, entries: Mapping[str, Mapping[str, Coding]]) -> list[str]:
    """The lines printed after a run: placement counts, coverage and kappas."""
    pairs = placement.content + placement.span + placement.fallback
    by_content = placement.content + placement.span
    lines = [
        f"gold (turn, code) pairs: {pairs}; placed by content {by_content} "
        f"({100 * by_content / max(pairs, 1):.1f}%, {placement.span} over two segments), "
        f"by the fallback rule {placement.fallback}; {placement.continued} segments added "
        f"as the rest of a statement; {len(placement.traps)} keyword traps placed",
    ]
    for name, coded in entries.items():
        nothing = sum(not entry.codes for entry in coded.values())
        lines.append(f"{name}: {len(coded)} segments coded, {nothing} of them 'nothing applies'")
    first, second = entries.values()
    pooled, per_code, both = agreement(first, second)
    lines.append(f"Cohen's kappa over {both} segments x {len(per_code)} codes: {pooled:.3f}")
    lines += [
        f"  {code:<30} difficulty {PROFILES[code].difficulty:.2f}  kappa {value:.3f}"
        for code, value in per_code.items()
    ]
    return lines


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo.coders", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--results", type=Path, default=REPOSITORY / "results")
    parser.add_argument("--gold", type=Path, default=REPOSITORY / "data" / "demo" / "gold")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "data" / "coding")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Simulate the coders, write their returned sheets and the adjudication, report."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    turns = read_turns(
        str(args.results / "segments" / "segments.csv"), str(args.gold / "turns.csv")
    )
    placement = place_codes(turns)
    entries = {coder.name: simulate(coder, turns, placement, seed=args.seed) for coder in CODERS}
    written = [
        write_returns(
            coder, entries[coder.name], sheets=args.results / "coding" / "sheets", out=args.out
        )
        for coder in CODERS
    ]
    first, second = entries.values()
    decisions = adjudicate(turns, placement, first, second, seed=args.seed)
    written.append(args.out / "adjudication.csv")
    write_bytes_atomic(adjudication_bytes(decisions), written[-1])
    print("\n".join(report(placement, entries)))
    print("\n".join(f"wrote {path} ({path.stat().st_size} bytes)" for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
