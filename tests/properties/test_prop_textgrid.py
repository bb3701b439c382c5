"""Properties of Praat TextGrid transcripts (long and short text format), issue 14.

Generated tiers (one per speaker, named with a speaker label) with intervals of generated
text, empty intervals, quotes, overlaps between tiers and times in any notation parse into
the utterances they hold, interleaved by time; any other input is accounted for to the
character or refused with a catalogued error.
"""

from __future__ import annotations

from conftest import long_textgrid, short_textgrid
from hostile import (
    assert_accounted,
    budget,
    encoded,
    mutated,
    outcome,
    raw_bytes,
    with_line_ends,
)
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.common.speakers import RESPONDENT
from qualpipe.ingest.transcript import Transcript
from speech import Cast, casts, read_as, text_line

Interval = tuple[float, float, str]
Tier = tuple[str, str, list[Interval]]  # label, kind, intervals (text unescaped)
PEOPLE = Cast(("Anna Berg",), ("Maria Ek",))
BAD_TIME = short_textgrid([("R", [(0, 0.448, "x"), (0.448, 0.813, "y"), (0.813, 1.0, "z")])])
BAD_TIME = BAD_TIME.replace('"x"\n0.448\n0.813', '"x"\n0.448\ufeff0.813')


def unquote(text: str) -> str:
    return text.replace('""', '"')


@st.composite
def intervals(draw: st.DrawFn, *, texts: st.SearchStrategy[str]) -> list[Interval]:
    """Consecutive intervals from 0, some empty; times in milliseconds, some tiny (Praat
    writes those as '1e-05')."""
    found, at = [], 0.0
    for _ in range(draw(st.integers(1, 5))):
        step = draw(st.sampled_from((0.00001, 0.25)) | st.integers(1, 4000).map(lambda n: n / 1000))
        text = draw(st.just("") | texts)
        found.append((at, round(at + step, 5), text))
        at = round(at + step, 5)
    return found


@st.composite
def tiers(draw: st.DrawFn, *, texts: st.SearchStrategy[str]) -> tuple[Cast, list[Tier]]:
    """One to three tiers named with the cast's labels; the first is a respondent's, with
    speech in it."""
    cast = draw(casts())
    labels = cast.labels()
    respondent = draw(st.sampled_from([pair for pair in labels if pair[1] == RESPONDENT]))
    others = draw(st.lists(st.sampled_from(labels), max_size=2))
    found = []
    for label, kind in [respondent, *others]:
        found.append((label, kind, draw(intervals(texts=texts))))
    first = found[0][2]
    first[0] = (first[0][0], first[0][1], draw(texts.filter(str.strip)))
    return cast, found


def textgrid_text(found: list[Tier], *, short: bool) -> str:
    written = [
        (label, [(a, b, text.replace('"', '""')) for a, b, text in entries])
        for label, _, entries in found
    ]
    return short_textgrid(written) if short else long_textgrid(written)


def expected_turns(found: list[Tier]) -> list[tuple[str, str, str, float]]:
    """Non-empty intervals in time order (ties: tier order); one speaker's run is one turn."""
    spoken = sorted(
        (start, number, position, label, kind, text.strip())
        for number, (label, kind, entries) in enumerate(found)
        for position, (start, _, text) in enumerate(entries)
        if text.strip()
    )
    turns: list[list] = []
    for start, _, _, label, kind, text in spoken:
        if turns and (turns[-1][0], turns[-1][1]) == (label, kind):
            turns[-1][2] += " " + text
        else:
            turns.append([label, kind, text, start])
    return [tuple(turn) for turn in turns]


TEXTS = text_line(exclude='<>"') | text_line(exclude="<>")


@st.composite
def textgrid_files(draw: st.DrawFn) -> tuple[Cast, list[Tier], bytes]:
    cast, found = draw(tiers(texts=TEXTS))
    text = textgrid_text(found, short=draw(st.booleans()))
    lines = text.rstrip("\n").split("\n")
    data, _ = draw(encoded(draw(with_line_ends(lines)), exact=True))
    return cast, found, data


def _read(data: bytes, cast: Cast) -> Transcript:
    return read_as("i01.TextGrid", data, cast)


@budget(1.5)
@given(textgrid_files())
def test_prop_textgrid_parses_into_the_utterances_it_holds(generated: tuple) -> None:
    cast, found, data = generated
    transcript = _read(data, cast)
    assert [(t.speaker, t.kind, t.text, t.time) for t in transcript.turns] == expected_turns(found)
    assert_accounted(transcript, unescape=unquote)


@st.composite
def hostile_textgrids(draw: st.DrawFn) -> tuple[Cast, bytes]:
    """A generated TextGrid (texts with tags, quotes, line ends) after random edits."""
    texts = st.one_of(TEXTS, st.sampled_from(("<UNSURE>ja</UNSURE>", "a<UNIN/>b", 'x""y', "a\nb")))
    cast, found = draw(tiers(texts=texts))
    text = draw(mutated(textgrid_text(found, short=draw(st.booleans()))))
    data, _ = draw(encoded(text, exact=False))
    if draw(st.integers(0, 9)) == 0:
        data = draw(raw_bytes(data))
    return cast, data


@budget(2)
@given(hostile_textgrids())
@example((PEOPLE, short_textgrid([("R", [(0, 1, 'a "" b')])]).encode()))
# A time praatio cannot read as a number: its ValueError escaped (now E111).
@example((PEOPLE, BAD_TIME.encode("utf-16")))
def test_prop_textgrid_any_input_is_accounted_for_or_refused(generated: tuple) -> None:
    cast, data = generated
    result = outcome(lambda: _read(data, cast))
    if isinstance(result, Transcript):
        assert_accounted(result, unescape=unquote)
