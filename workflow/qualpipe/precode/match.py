"""Pre-coding: codebook keywords, Matcher patterns and regular expressions matched on segments.

The segmentation pass stored every respondent turn's tokens with their lemmas in DocBins;
this stage reads them, so no text goes through spaCy twice. Every suggestion carries its
evidence (the words matched and where), a negation flag when every match stands in the scope
of a negation ('nobody followed it up'), and exclusions cancel the matches they overlap.
Suggestions are a help for coders, never codes: how good they are is measured, not assumed
(benchmarks/precode.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualpipe.codebook import Codebook, load_codebook
from qualpipe.common.io import read_rows, write_rows, write_text_atomic
from qualpipe.common.records import read_turns
from qualpipe.errors import WarningLog

LOGGER = logging.getLogger("qualpipe")
# Lower-case forms and lemmas that negate what follows them in the same clause.
NEGATION_CUES = frozenset(
    {
        "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without",
        "hardly", "barely", "cannot", "noone", "nowhere", "n't",
    }
)  # fmt: skip
# Tokens that end a negation's scope when scanning back from a match.
SCOPE_BREAK = frozenset({".", ",", ";", ":", "!", "?", "but", "although", "though", "however"})
SUGGESTION_FIELDS = (
    "segment_id", "interview_id", "code", "category", "theme", "matches", "terms", "negated",
    "sources",
)  # fmt: skip
EVIDENCE_FIELDS = (
    "segment_id", "interview_id", "code", "source", "term", "matched", "start", "end", "negated",
)  # fmt: skip
CONCORDANCE_FIELDS = ("code", "segment_id", "speaker", "left", "matched", "right", "negated")


@dataclass(frozen=True)
class Term:
    """A keyword or exclusion phrase and its lower-case words, tokenized like the text."""

    code: str
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """One piece of evidence: a code's term found in a turn, in token and character offsets."""

    code: str
    source: str
    term: str
    start: int
    end: int
    start_char: int
    end_char: int
    negated: bool = False


@dataclass(frozen=True)
class SegmentRow:
    """What pre-coding needs of a segment: its id, interview, group, and its turn-local span."""

    segment_id: str
    interview_id: str
    speaker: str
    group: str
    start: int
    end: int


class Matchers:
    """The codebook compiled against a vocabulary: keyword index, Matcher, regexes."""

    def __init__(self, codebook: Codebook, nlp: object) -> None:
        from spacy.matcher import Matcher

        active = [code for code in codebook.codes if code.precode]
        self.keywords = _term_index(
            (code.id, keyword) for code in active for keyword in code.keywords
        )(nlp)
        self.exclusions = _term_index(
            (code.id, phrase) for code in active for phrase in code.exclude
        )(nlp)
        # One Matcher per pattern, run only on docs holding the words it cannot do without:
        # spaCy runs {"IN": [...]} predicates in Python for every token, which is slow.
        self.patterns = []
        for code in active:
            for number, pattern in enumerate(code.patterns, start=1):
                matcher = Matcher(nlp.vocab)  # type: ignore[attr-defined]
                matcher.add(f"{code.id}\t{number}", [pattern])
                self.patterns.append((required_words(pattern), matcher))
        self.regexes = [
            (code.id, pattern, re.compile(pattern, re.IGNORECASE))
            for code in active
            for pattern in code.regex
        ]

    def find(self, doc: object, *, window: int) -> list[Match]:
        """Every match of every code in one doc, exclusions applied, negation flagged."""
        forms = _forms(doc)
        matches = list(_keyword_matches(doc, self.keywords, forms))
        words = set(forms[0]) | set(forms[1])
        for required, matcher in self.patterns:
            if all(options & words for options in required):
                matches += _pattern_matches(doc, matcher)
        matches += _regex_matches(doc, self.regexes)
        excluded = list(_keyword_matches(doc, self.exclusions, forms))
        kept = [m for m in matches if not _overlaps_exclusion(m, excluded)]
        return sorted(
            (_with_negation(doc, m, window) for m in kept),
            key=lambda m: (m.start_char, m.end_char, m.code, m.source, m.term),
        )


def _term_index(entries: Iterable[tuple[str, str]]) -> object:
    """A function of the tokenizer's pipeline that returns {first word: [Term, ...]}.

    A keyword is written in its base form and tokenized like the text; a token of the text
    matches a keyword's word when its lower-case form or its lemma equals it. Keywords are
    not lemmatized themselves: out of context, 'recording' would become 'record'.
    """
    listed = list(entries)

    def build(nlp: object) -> dict[str, list[Term]]:
        index: dict[str, list[Term]] = defaultdict(list)
        for code, text in listed:
            words = tuple(t.lower_ for t in nlp.make_doc(text))  # type: ignore[attr-defined]
            index[words[0]].append(Term(code=code, text=text, words=words))
        return dict(index)

    return build


def _forms(doc: object) -> tuple[list[str], list[str]]:
    """Each token's lower-case form and lower-case lemma, read from the doc once."""
    lowers = [t.lower_ for t in doc]  # type: ignore[attr-defined]
    return lowers, [t.lemma_.lower() for t in doc]  # type: ignore[attr-defined]


def _keyword_matches(
    doc: object, index: Mapping[str, list[Term]], forms: tuple[list[str], list[str]]
) -> Iterator[Match]:
    lowers, lemmas = forms
    for i in range(len(lowers)):
        seen: set[Term] = set()
        for term in index.get(lowers[i], []) + index.get(lemmas[i], []):
            if term in seen:
                continue
            seen.add(term)
            end = i + len(term.words)
            if end <= len(lowers) and all(
                word in (lowers[i + j], lemmas[i + j]) for j, word in enumerate(term.words)
            ):
                yield _match(doc, term.code, "keyword", term.text, i, end)


def required_words(pattern: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
    """For each token a pattern must match, the lower-case words it may be, where literal.

    A doc without one of each set cannot match the pattern; optional tokens, negations and
    tokens without a literal LOWER, ORTH, LEMMA or NORM are left out (anything may match).
    """
    required = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for attribute in ("LOWER", "ORTH", "LEMMA", "NORM"):
            value = token.get(attribute)
            if isinstance(value, str):
                required.append(frozenset({value.lower()}))
            elif isinstance(value, Mapping) and set(value) == {"IN"}:
                required.append(frozenset(str(v).lower() for v in value["IN"]))
    return required


def _pattern_matches(doc: object, matcher: object) -> list[Match]:
    vocab = doc.vocab  # type: ignore[attr-defined]
    found: list[Match] = []
    for key, start, end in matcher(doc):  # type: ignore[operator]
        code, number = vocab.strings[key].split("\t")
        found.append(_match(doc, code, "pattern", f"pattern {number}", start, end))
    return found


def _regex_matches(doc: object, regexes: Sequence[tuple[str, str, re.Pattern[str]]]) -> list[Match]:
    found = []
    text = doc.text  # type: ignore[attr-defined]  # built anew on every access
    for code, pattern, compiled in regexes:
        for hit in compiled.finditer(text):
            span = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")  # type: ignore[attr-defined]
            if span is None or hit.start() == hit.end():
                continue
            found.append(
                Match(code, "regex", pattern, span.start, span.end, hit.start(), hit.end())
            )
    return found


def _match(doc: object, code: str, source: str, term: str, start: int, end: int) -> Match:
    span = doc[start:end]  # type: ignore[index]
    return Match(code, source, term, start, end, span.start_char, span.end_char)


def _overlaps_exclusion(match: Match, excluded: Sequence[Match]) -> bool:
    return any(
        e.code == match.code and e.start_char < match.end_char and match.start_char < e.end_char
        for e in excluded
    )


def negated(doc: object, start: int, *, window: int) -> bool:
    """Whether a negation cue stands up to `window` tokens before `start` in the same clause."""
    for i in range(start - 1, max(start - window, 0) - 1, -1):
        token = doc[i]  # type: ignore[index]
        lower = token.lower_
        if lower in SCOPE_BREAK:
            return False
        if lower in NEGATION_CUES or token.lemma_.lower() in NEGATION_CUES:
            return True
    return False


def _with_negation(doc: object, match: Match, window: int) -> Match:
    if not negated(doc, match.start, window=window):
        return match
    return Match(**{**match.__dict__, "negated": True})


def read_segments(path: str) -> dict[tuple[str, int], list[SegmentRow]]:
    """Segments by (interview, turn), with spans local to the turn's text."""
    by_turn: dict[tuple[str, int], list[SegmentRow]] = defaultdict(list)
    for row in read_rows(path):
        by_turn[(row["interview_id"], int(row["turn"]))].append(
            SegmentRow(
                row["segment_id"],
                row["interview_id"],
                row["speaker"],
                row["group"],
                int(row["start"]),
                int(row["end"]),
            )
        )
    return dict(by_turn)


def segment_of(match: Match, segments: Sequence[SegmentRow], offset: int) -> SegmentRow:
    """The segment a match starts in (segments partition the turn's text)."""
    position = offset + match.start_char
    chosen = segments[0]
    for segment in segments:
        if segment.start <= position:
            chosen = segment
    return chosen


@dataclass(frozen=True)
class Evidence:
    """A match placed in its segment, with offsets into the anonymised transcript."""

    segment: SegmentRow
    match: Match
    matched: str
    start: int
    end: int
    left: str
    right: str


def turn_evidence(
    doc: object,
    segments: Sequence[SegmentRow],
    matchers: Matchers,
    *,
    offset: int,
    window: int,
    context: int,
) -> list[Evidence]:
    """Every match in one turn's doc, placed in its segment, with its context words.

    offset (int): where the turn's text starts in the anonymised transcript.
    """
    evidence = []
    text = doc.text  # type: ignore[attr-defined]
    for match in matchers.find(doc, window=window):
        left = doc[max(match.start - context, 0) : match.start].text  # type: ignore[index]
        right = doc[match.end : match.end + context].text  # type: ignore[index]
        evidence.append(
            Evidence(
                segment=segment_of(match, segments, offset),
                match=match,
                matched=text[match.start_char : match.end_char],
                start=offset + match.start_char,
                end=offset + match.end_char,
                left=left,
                right=right,
            )
        )
    return evidence


BATCH_FIELDS = (
    "segment_id", "interview_id", "speaker", "group", "segment_start", "segment_end", "code",
    "source", "term", "token_start", "token_end", "start_char", "end_char", "negated", "matched",
    "start", "end", "left", "right",
)  # fmt: skip


def match_batch(
    *,
    docs_path: str,
    turns_path: str,
    segments_path: str,
    codebook_path: str,
    schema_path: str,
    language: str,
    window: int,
    context: int,
    output: str,
) -> int:
    """Every match in one segmentation batch, with its segment and context, as a table.

    docs_path (str): the batch's DocBin; turns_path (str): which turn each Doc is and its
    offset; segments_path (str): the batch's segments. Runs once per batch, in parallel.
    RETURNS (int): the number of matches.
    """
    import spacy
    from spacy.tokens import DocBin

    codebook = load_codebook(codebook_path, schema_path=schema_path)
    # The DocBins hold the lemmas: a blank pipeline's tokenizer and vocabulary suffice.
    nlp = spacy.blank(language)
    matchers = Matchers(codebook, nlp)
    segments = read_segments(segments_path)
    evidence: list[Evidence] = []
    batch = DocBin().from_disk(docs_path).get_docs(nlp.vocab)  # type: ignore[attr-defined]
    for doc, (interview_id, turn, offset) in zip(batch, read_turns(turns_path), strict=True):
        rows = segments.get((interview_id, turn))
        if rows:
            evidence += turn_evidence(
                doc, rows, matchers, offset=offset, window=window, context=context
            )
    write_rows(Path(output), BATCH_FIELDS, [_batch_row(e) for e in evidence])
    return len(evidence)


def _batch_row(e: Evidence) -> list[object]:
    m, s = e.match, e.segment
    return [s.segment_id, s.interview_id, s.speaker, s.group, s.start, s.end, m.code, m.source,
            m.term, m.start, m.end, m.start_char, m.end_char, _flag(m.negated), e.matched,
            e.start, e.end, e.left, e.right]  # fmt: skip


def read_batch(path: str) -> list[Evidence]:
    """The evidence a `match_batch` job wrote, as it was."""
    found = []
    for r in read_rows(path):
        segment = SegmentRow(r["segment_id"], r["interview_id"], r["speaker"], r["group"],
                             int(r["segment_start"]), int(r["segment_end"]))  # fmt: skip
        match = Match(r["code"], r["source"], r["term"], int(r["token_start"]),
                      int(r["token_end"]), int(r["start_char"]), int(r["end_char"]),
                      r["negated"] == "true")  # fmt: skip
        found.append(Evidence(segment, match, r["matched"], int(r["start"]), int(r["end"]),
                              r["left"], r["right"]))  # fmt: skip
    return found


def precode(
    *,
    batches: Sequence[str],
    segments_path: str,
    codebook_path: str,
    schema_path: str,
    broad_share: float,
    groups: Sequence[str],
    outputs: Mapping[str, str],
) -> int:
    """Suggestions, evidence, concordance and summary from every batch's matches.

    batches (Sequence[str]): the `match_batch` tables, in batch order. groups
    (Sequence[str]): the comparison groups in config order. outputs (Mapping[str, str]):
    paths by name: suggestions, evidence, concordance, concordance_md, summary.
    RETURNS (int): the number of suggestions.
    """
    codebook = load_codebook(codebook_path, schema_path=schema_path)
    evidence = [item for path in batches for item in read_batch(path)]
    all_segments = [row for rows in read_segments(segments_path).values() for row in rows]
    _warn_broad(evidence, codebook_path, total=len(all_segments), share=broad_share)
    suggestions = suggestion_rows(evidence, codebook)
    write_rows(Path(outputs["suggestions"]), SUGGESTION_FIELDS, suggestions)
    write_rows(Path(outputs["evidence"]), EVIDENCE_FIELDS, evidence_rows(evidence))
    write_rows(
        Path(outputs["concordance"]), CONCORDANCE_FIELDS, concordance_rows(evidence, codebook)
    )
    write_text_atomic(concordance_markdown(evidence, codebook), Path(outputs["concordance_md"]))
    write_rows(
        Path(outputs["summary"]),
        SUMMARY_FIELDS,
        summary_rows(suggestions, all_segments, codebook, groups),
    )
    LOGGER.info("%d suggestions from %d matches", len(suggestions), len(evidence))
    return len(suggestions)


def _order(evidence: Iterable[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: (e.segment.interview_id, e.start, e.end, e.match.code))


def suggestion_rows(evidence: Sequence[Evidence], codebook: Codebook) -> list[list[object]]:
    """One row per (segment, code): how many matches, which words, negated if all are."""
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for item in _order(evidence):
        grouped[(item.segment.segment_id, item.match.code)].append(item)
    rank = {code_id: n for n, code_id in enumerate(codebook.ids)}
    rows = []
    for (segment_id, code_id), items in sorted(
        grouped.items(),
        key=lambda kv: (kv[1][0].segment.interview_id, kv[1][0].segment.start, rank[kv[0][1]]),
    ):
        code = codebook.code(code_id)
        rows.append(
            [
                segment_id,
                items[0].segment.interview_id,
                code_id,
                code.category,
                code.theme,
                len(items),
                "; ".join(dict.fromkeys(item.matched for item in items)),
                _flag(all(item.match.negated for item in items)),
                "; ".join(dict.fromkeys(item.match.source for item in items)),
            ]
        )
    return rows


def _flag(value: bool) -> str:
    return "true" if value else "false"


def evidence_rows(evidence: Sequence[Evidence]) -> list[list[object]]:
    """One row per match, in transcript order."""
    return [
        [
            e.segment.segment_id,
            e.segment.interview_id,
            e.match.code,
            e.match.source,
            e.match.term,
            e.matched,
            e.start,
            e.end,
            _flag(e.match.negated),
        ]
        for e in _order(evidence)
    ]


def concordance_rows(evidence: Sequence[Evidence], codebook: Codebook) -> list[list[object]]:
    """Keyword in context, grouped by code in codebook order, then transcript order."""
    rank = {code_id: n for n, code_id in enumerate(codebook.ids)}
    ordered = sorted(_order(evidence), key=lambda e: rank[e.match.code])
    return [
        [
            e.match.code,
            e.segment.segment_id,
            e.segment.speaker,
            e.left,
            e.matched,
            e.right,
            _flag(e.match.negated),
        ]
        for e in ordered
    ]


def concordance_markdown(evidence: Sequence[Evidence], codebook: Codebook) -> str:
    """The concordance for reading: one section per code, one line per match."""
    by_code: dict[str, list[Evidence]] = defaultdict(list)
    for item in _order(evidence):
        by_code[item.match.code].append(item)
    lines = ["# Keyword-in-context concordance", ""]
    for code in codebook.codes:
        items = by_code.get(code.id, [])
        lines += [f"## {code.label} (`{code.id}`): {len(items)} matches", ""]
        lines += [_kwic_line(item) for item in items] or ["No matches."]
        lines.append("")
    return "\n".join(lines)


def _kwic_line(item: Evidence) -> str:
    mark = " *(negated)*" if item.match.negated else ""
    left, right = _md(item.left), _md(item.right)
    return f"- `{item.segment.segment_id}` … {left} **{_md(item.matched)}** {right} …{mark}"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", " ".join(text.split()))


SUMMARY_FIELDS = (
    "level", "id", "label", "group", "segments", "segments_in_group", "share",
    "negated_segments", "interviews", "interviews_in_group",
)  # fmt: skip


def summary_rows(
    suggestions: Sequence[Sequence[object]],
    segments: Sequence[SegmentRow],
    codebook: Codebook,
    groups: Sequence[str],
) -> list[list[object]]:
    """Segments and interviews with a suggestion, per code, category and theme, by group."""
    group_of = {s.segment_id: s.group for s in segments}
    totals = Counter(s.group for s in segments)
    interviews = {g: {s.interview_id for s in segments if s.group == g} for g in totals}
    interviews["all"] = {s.interview_id for s in segments}
    totals["all"] = len(segments)
    rows = []
    for level, node_id, label, codes in _levels(codebook):
        hits = [row for row in suggestions if row[2] in codes]
        for group in [*[g for g in groups if g in totals], "all"]:
            mine = [row for row in hits if group in ("all", group_of.get(str(row[0])))]
            segs = {row[0] for row in mine}
            negs = segs - {row[0] for row in mine if row[7] == "false"}
            rows.append(
                [level, node_id, label, group, len(segs), totals[group],
                 f"{len(segs) / totals[group]:.4f}" if totals[group] else "",
                 len(negs), len({row[1] for row in mine}), len(interviews[group])]
            )  # fmt: skip
    return rows


def _levels(codebook: Codebook) -> Iterator[tuple[str, str, str, set[str]]]:
    for theme in codebook.themes:
        yield "theme", theme.id, theme.label, {c.id for c in codebook.codes if c.theme == theme.id}
    for category in codebook.categories:
        codes = {c.id for c in codebook.codes if c.category == category.id}
        yield "category", category.id, category.label, codes
    for code in codebook.codes:
        yield "code", code.id, code.label, {code.id}


def _warn_broad(evidence: Sequence[Evidence], file: str, *, total: int, share: float) -> None:
    """W301 for each keyword that matches more than `share` of all segments."""
    segments: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in evidence:
        if item.match.source == "keyword":
            segments[(item.match.code, item.match.term)].add(item.segment.segment_id)
    warnings = WarningLog()
    for (code, keyword), ids in sorted(segments.items()):
        if total and len(ids) / total > share:
            warnings.add(
                "W301", file=file, code_id=code, keyword=keyword, count=len(ids), total=total
            )
    warnings.emit(LOGGER)
