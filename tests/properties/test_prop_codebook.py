"""Properties of the codebook (data/codebook.yaml) as qualpipe.codebook reads it, issue 14.

Generated codebooks, whatever their labels, descriptions, keywords, examples and regular
expressions hold, read back code for code; a codebook with a wrong type, an unknown key, a
duplicate id, a bad pattern, random edits or bytes is refused with a catalogued error.
"""

from __future__ import annotations

import copy
import re

import yaml
from conftest import ROOT
from hostile import budget, folder, mutated, outcome, prose, raw_bytes, words
from hypothesis import example, given
from hypothesis import strategies as st
from qualpipe.codebook import Codebook, load_codebook
from qualpipe.errors import PipelineError

SCHEMA = str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml")
# Ids: letters, digits and '_', made unique by their number.
IDS = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", max_size=8)
# YAML 1.1 reads NEL, LS and PS as line breaks, so a label holding one reads back with a
# space; that is YAML, not qualpipe.
BREAKS_OF_YAML = "\x85\u2028\u2029"
LABEL = prose(exclude=BREAKS_OF_YAML, max_size=30).filter(bool)
KEYWORD = st.tuples(words(max_size=6), prose(exclude=BREAKS_OF_YAML, max_size=6)).map(" ".join)


@st.composite
def codebooks(draw: st.DrawFn) -> dict:
    """A valid codebook: one or two themes of one or two categories of one to three codes."""
    stems = draw(st.lists(IDS, min_size=18, max_size=18))
    ids = iter(f"c{stem}{n}" for n, stem in enumerate(stems))
    patterns = draw(st.integers(0, 9)) == 0  # spaCy checks patterns slowly (0.1 s a code)
    themes, codes = [], []
    for _ in range(draw(st.integers(1, 2))):
        categories = []
        for _ in range(draw(st.integers(1, 2))):
            entries = [
                _code(draw, next(ids), patterns=patterns) for _ in range(draw(st.integers(1, 3)))
            ]
            codes += entries
            categories.append({"id": next(ids), "label": draw(LABEL), "codes": entries})
        themes.append({"id": next(ids), "label": draw(LABEL), "categories": categories})
        if draw(st.booleans()):
            themes[-1]["description"] = draw(LABEL)
    if len(codes) > 1 and draw(st.booleans()):
        codes[0]["opposes"] = codes[-1]["id"]
    return {"themes": themes}


def _code(draw: st.DrawFn, code_id: str, *, patterns: bool) -> dict:
    code = {"id": code_id, "label": draw(LABEL), "description": draw(LABEL)}
    code["keywords"] = draw(st.lists(KEYWORD, min_size=1, max_size=3))
    if draw(st.booleans()):
        code["regex"] = [re.escape(draw(LABEL))]
    if draw(st.booleans()):
        code["exclude"] = draw(st.lists(KEYWORD, max_size=2))
    if draw(st.booleans()):
        code["examples"] = draw(st.lists(LABEL, max_size=2))
    if patterns and draw(st.booleans()):
        code["patterns"] = [[{"LOWER": draw(words(max_size=6))}]]
    return code


def dump(data: object, *, flow: bool = False) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=flow)


def _load(text: bytes) -> Codebook:
    with folder() as root:
        (root / "codebook.yaml").write_bytes(text)
        return load_codebook(str(root / "codebook.yaml"), schema_path=SCHEMA)


@budget(0.75)
@given(codebooks(), st.booleans())
def test_prop_codebook_reads_back_code_for_code(data: dict, flow: bool) -> None:
    codebook = _load(dump(data, flow=flow).encode("utf-8"))
    written = [
        (theme, category, code)
        for theme in data["themes"]
        for category in theme["categories"]
        for code in category["codes"]
    ]
    assert [theme.id for theme in codebook.themes] == [theme["id"] for theme in data["themes"]]
    assert len(codebook.codes) == len(written)
    for code, (theme, category, entry) in zip(codebook.codes, written, strict=True):
        assert (code.id, code.label, code.description) == (
            entry["id"],
            entry["label"],
            entry["description"].strip(),
        )
        assert (code.theme, code.category, code.category_label) == (
            theme["id"],
            category["id"],
            category["label"],
        )
        for key in ("keywords", "regex", "exclude", "examples", "patterns"):
            assert list(getattr(code, key)) == entry.get(key, [])
        assert code.opposes == entry.get("opposes", "")


# Each change makes the codebook invalid: (where, key, value); where is a path from a code.
BREAKS = {
    "wrong type": st.sampled_from(
        [
            ("code", "label", 3),
            ("code", "keywords", "workload"),
            ("code", "precode", "yes"),
            ("code", "regex", [1]),
            ("category", "codes", {}),
            ("theme", "label", None),
            ("code", "patterns", [{"LOWER": "x"}]),
            ("code", "description", ["a"]),
        ]
    ),
    "unknown key": st.sampled_from([("code", "keyword", ["x"]), ("theme", "codes", [])]),
    "bad value": st.sampled_from(
        [
            ("code", "id", "Work load"),
            ("code", "label", ""),
            ("code", "keywords", ["!!"]),
            ("code", "regex", ["("]),
            ("code", "regex", ["a{4294967296}"]),
            ("code", "opposes", "nothing_here"),
            ("code", "patterns", [[{"LOWER": {"REGEX": "("}}]]),
            ("code", "patterns", [[{"FOO": 1}]]),
            ("code", "patterns", [[{"LOWER": "a", "OP": "{1000000}"}]]),
            ("category", "codes", []),
            ("theme", "id", ""),
        ]
    ),
}


@st.composite
def broken_codebooks(draw: st.DrawFn) -> dict:
    """A valid codebook with one break from BREAKS, or an id used twice."""
    data = copy.deepcopy(draw(codebooks()))
    theme = draw(st.sampled_from(data["themes"]))
    category = draw(st.sampled_from(theme["categories"]))
    code = draw(st.sampled_from(category["codes"]))
    kind = draw(st.sampled_from([*BREAKS, "duplicate id"]))
    if kind == "duplicate id":
        code["id"] = draw(st.sampled_from([theme["id"], category["id"]]))
        return data
    where, key, value = draw(BREAKS[kind])
    {"code": code, "category": category, "theme": theme}[where][key] = value
    return data


MINIMAL = {"id": "c", "label": "C", "description": "C", "keywords": ["a"]}


def _with(**code: object) -> dict:
    category = {"id": "k", "label": "K", "codes": [{**MINIMAL, **code}]}
    return {"themes": [{"id": "t", "label": "T", "categories": [category]}]}


@budget(0.75)
@given(broken_codebooks())
@example(_with(patterns=[[{"LOWER": {"REGEX": "("}}]]))  # re.error escaped (now E306)
@example(_with(patterns=[[{"LOWER": "a", "OP": "{99999999999}"}]]))  # all memory (now E306)
def test_prop_codebook_breaks_are_refused(data: dict) -> None:
    result = outcome(lambda: _load(dump(data).encode("utf-8")))
    assert isinstance(result, PipelineError)


@st.composite
def hostile_codebooks(draw: st.DrawFn) -> bytes:
    """A valid codebook's YAML after random edits, or its bytes after random edits."""
    text = dump(draw(codebooks()), flow=draw(st.booleans()))
    if draw(st.booleans()):
        return draw(mutated(text)).encode("utf-8", "surrogatepass")
    return draw(raw_bytes(text.encode("utf-8")))


@budget(1)
@given(hostile_codebooks())
@example(b"")  # yaml gives no node: AttributeError (now E315)
@example(b"# a comment\n")
@example(b"themes:\n  - id: a\x01\n")  # yaml's ReaderError (now E314)
@example(b"themes: \xe5\n")  # UnicodeDecodeError (now E130)
def test_prop_codebook_any_input_is_read_or_refused(data: bytes) -> None:
    result = outcome(lambda: _load(data))
    if isinstance(result, Codebook):
        assert result.codes
        assert all(code.id.encode("utf-8") in data for code in result.codes)
