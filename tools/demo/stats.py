"""Statistics of a generated demo study, written as docs/demo-study.md.

`python -m tools.demo.stats [--study DIR] [--doc PATH]` reads the study's files (not the
generator's memory): participants.csv, the transcripts and the gold files, and writes the
document with its tables, so that the document can always be regenerated and checked.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

from tools.demo.codes import Code
from tools.demo.design import ROLES, WAVES
from tools.demo.grammar import count_variants, expand, plain
from tools.demo.interview import CODES
from tools.demo.readback import read_csv, source_text
from tools.demo.stories import STORIES

REPOSITORY = Path(__file__).resolve().parents[3]
CODES_CAPTION = "Percentage of interviews in which at least one respondent turn expresses the code."
PARAPHRASE_HEADER = ("code", "frames", "combinations", "distinct sampled", "keyword-free")
GROUPS: tuple[tuple[str, str], ...] = tuple((wave, role) for wave in WAVES for role in ROLES)
ROLE_NAMES: dict[str, str] = {
    "official": "officials",
    "unit_manager": "unit managers",
    "regional_coordinator": "regional coordinators",
    "senior_management": "senior management",
}
SAMPLES_PER_TEMPLATE = 40
# The fixed part of docs/demo-study.md: how the corpus is built and what the gold files hold.
INTRODUCTION_FILE = Path(__file__).with_name("intro.md")


def code_frames(code: Code) -> list[str]:
    """Every template that expresses `code`: its own lines and the story parts tagged with it."""
    frames = list(code.all_templates())
    for story in STORIES:
        frames.extend(
            template for step in story.steps for codes, template in step if code.code_id in codes
        )
    return frames


def paraphrases(code: Code, *, seed: int = 0) -> list[str]:
    """Distinct surface forms of `code`, sampled from all its frames (slots left as markers).

    code (Code): the code.
    seed (int): sampling seed.
    RETURNS (list[str]): the distinct sampled sentences, sorted.
    """
    rng = random.Random(f"{seed}/{code.code_id}")
    found = {
        plain(expand(frame, rng))
        for frame in code_frames(code)
        for _ in range(SAMPLES_PER_TEMPLATE)
    }
    return sorted(found)


def keyword_free(code: Code, sentences: list[str]) -> int:
    """How many sentences contain none of the code's obvious keywords."""
    return sum(
        1 for sentence in sentences if not any(word in sentence.lower() for word in code.keywords)
    )


def paraphrase_rows() -> list[tuple[str, int, int, int, int]]:
    """(code, frames, combinations, distinct sampled, keyword-free sampled) per code."""
    rows = []
    for code in CODES:
        sentences = paraphrases(code)
        frames = code_frames(code)
        rows.append(
            (
                code.code_id,
                len(frames),
                sum(count_variants(frame) for frame in frames),
                len(sentences),
                keyword_free(code, sentences),
            )
        )
    return rows


def longest_shared_passage(passages: dict[str, list[str]]) -> int:
    """The longest run of words that occurs in the respondent speech of two different interviews.

    passages (dict[str, list[str]]): interview id -> respondent turns' texts.
    RETURNS (int): the length in words.
    """
    words = {key: [turn.split() for turn in turns] for key, turns in passages.items()}

    def shared(length: int) -> bool:
        first_seen: dict[tuple[str, ...], str] = {}
        for key in sorted(words):
            for turn in words[key]:
                for start in range(len(turn) - length + 1):
                    gram = tuple(turn[start : start + length])
                    if first_seen.setdefault(gram, key) != key:
                        return True
        return False

    low, high = 0, 200
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if shared(middle) else (low, middle - 1)
    return low


def study_stats(data: Path) -> dict[str, object]:
    """Everything the document reports, computed from a study's data folder.

    data (Path): the study's data/ folder.
    RETURNS (dict): the statistics.
    """
    rows = read_csv(data / "participants.csv")
    identifiers = read_csv(data / "demo" / "gold" / "identifiers.csv")
    turns = read_csv(data / "demo" / "gold" / "turns.csv")
    words = Counter[str]()
    passages: dict[str, list[str]] = {row["interview_id"]: [] for row in rows}
    texts = {row["interview_id"]: source_text(data / "raw" / row["file"]) for row in rows}
    for turn in turns:
        words[turn["interview_id"]] += int(turn["words"])
        if turn["speaker"] == "respondent":
            passages[turn["interview_id"]].append(
                texts[turn["interview_id"]][int(turn["start"]) : int(turn["end"])]
            )
    group_of = {row["interview_id"]: (row["wave"], row["role"]) for row in rows}
    voiced = {
        (turn["interview_id"], code) for turn in turns for code in turn["codes"].split(";") if code
    }
    mentioned = Counter((*group_of[interview_id], code) for interview_id, code in voiced)
    respondent = [turn for turn in turns if turn["speaker"] == "respondent"]
    turn_groups = Counter(group_of[turn["interview_id"]] for turn in respondent)
    coded_turns = Counter(
        (*group_of[turn["interview_id"]], code)
        for turn in respondent
        for code in turn["codes"].split(";")
        if code
    )
    return {
        "rows": rows,
        "identifiers": identifiers,
        "turns": turns,
        "words": words,
        "groups": Counter(group_of.values()),
        "mentioned": mentioned,
        "turn_groups": turn_groups,
        "coded_turns": coded_turns,
        "shared": longest_shared_passage(passages),
        "paraphrases": paraphrase_rows(),
    }


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _design_table(stats: dict[str, object]) -> list[str]:
    groups: Counter[tuple[str, str]] = stats["groups"]  # type: ignore[assignment]
    rows = []
    for wave in WAVES:
        cells = [groups.get((wave, role), 0) for role in ROLES]
        rows.append((wave, *cells, sum(cells)))
    totals = [sum(groups.get((wave, role), 0) for wave in WAVES) for role in ROLES]
    rows.append(("all", *totals, sum(totals)))
    return _table(("wave", *(ROLE_NAMES[role] for role in ROLES), "interviews"), rows)


def _files_table(stats: dict[str, object], data: Path) -> list[str]:
    rows: list[dict[str, str]] = stats["rows"]  # type: ignore[assignment]
    formats = Counter(Path(row["file"]).suffix for row in rows)
    encodings: Counter[str] = Counter()
    for row in rows:
        raw = (data / "raw" / row["file"]).read_bytes()
        if row["file"].endswith(".docx"):
            encodings["Word (.docx)"] += 1
            continue
        kind = (
            "UTF-16 LE with BOM"
            if raw.startswith(b"\xff\xfe")
            else "UTF-8 with BOM"
            if raw.startswith(b"\xef\xbb\xbf")
            else "UTF-8"
        )
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            kind = "Windows-1252" if kind == "UTF-8" else kind
        ends = "CRLF" if b"\r\n" in raw or b"\r\x00\n\x00" in raw else "LF"
        encodings[f"{kind}, {ends}"] += 1
    modes = Counter(row["mode"] for row in rows)
    interviewers = Counter(row["interviewer"] for row in rows)
    lines = _table(("file type", "files"), sorted(formats.items()))
    lines += _table(("encoding and line ends", "files"), sorted(encodings.items()))
    lines += _table(("mode", "interviews"), sorted(modes.items()))
    lines += _table(("interviewer", "interviews"), sorted(interviewers.items()))
    return lines


def _words_table(stats: dict[str, object]) -> list[str]:
    rows: list[dict[str, str]] = stats["rows"]  # type: ignore[assignment]
    words: Counter[str] = stats["words"]  # type: ignore[assignment]
    out = []
    for role in ("all", *ROLES):
        counts = [words[row["interview_id"]] for row in rows if role in ("all", row["role"])]
        if counts:
            out.append(
                (
                    role,
                    len(counts),
                    min(counts),
                    int(statistics.median(counts)),
                    max(counts),
                    sum(counts),
                )
            )
    return _table(("role", "interviews", "min words", "median", "max", "total"), out)


def _identifier_table(stats: dict[str, object]) -> list[str]:
    identifiers: list[dict[str, str]] = stats["identifiers"]  # type: ignore[assignment]
    counts = Counter((row["category"], row["kind"], row["where"]) for row in identifiers)
    rows = [(*key, count) for key, count in sorted(counts.items())]
    rows.append(("all", "", "", len(identifiers)))
    return _table(("category", "kind", "where", "spans"), rows)


def _codes_table(stats: dict[str, object]) -> list[str]:
    groups: Counter[tuple[str, str]] = stats["groups"]  # type: ignore[assignment]
    mentioned: Counter[tuple[str, str, str]] = stats["mentioned"]  # type: ignore[assignment]
    present = [group for group in GROUPS if groups.get(group)]
    header = (
        "code",
        *(f"{ROLE_NAMES[role]} {wave} (n={groups[(wave, role)]})" for wave, role in present),
    )
    rows = []
    for code in CODES:
        cells = [
            f"{100 * mentioned[(wave, role, code.code_id)] / groups[(wave, role)]:.0f}"
            for wave, role in present
        ]
        rows.append((code.code_id, *cells))
    return _table(header, rows)


def _rates_table(stats: dict[str, object]) -> list[str]:
    turn_groups: Counter[tuple[str, str]] = stats["turn_groups"]  # type: ignore[assignment]
    coded: Counter[tuple[str, str, str]] = stats["coded_turns"]  # type: ignore[assignment]
    present = [group for group in GROUPS if turn_groups.get(group)]
    header = ("code", *(f"{ROLE_NAMES[role]} {wave}" for wave, role in present))
    rows = [
        (
            code.code_id,
            *(
                f"{100 * coded[(*group, code.code_id)] / turn_groups[group]:.1f}"
                for group in present
            ),
        )
        for code in CODES
    ]
    return _table(header, rows)


def _traps_table(stats: dict[str, object]) -> list[str]:
    turns: list[dict[str, str]] = stats["turns"]  # type: ignore[assignment]
    counts = Counter(trap for turn in turns for trap in turn["traps"].split(";") if trap)
    return _table(("trap : code it imitates", "occurrences"), sorted(counts.items()))


def _turns_summary(stats: dict[str, object]) -> str:
    turns: list[dict[str, str]] = stats["turns"]  # type: ignore[assignment]
    respondent = [turn for turn in turns if turn["speaker"] == "respondent"]
    coded = [turn for turn in respondent if turn["codes"]]
    multi = [turn for turn in coded if ";" in turn["codes"]]
    return (
        f"{len(turns)} turns, {len(respondent)} of them respondent turns; {len(coded)} respondent "
        f"turns express at least one code, {len(multi)} express two or more."
    )


def render(stats: dict[str, object], *, data: Path) -> str:
    """The whole document: the fixed description followed by the computed tables."""
    introduction = INTRODUCTION_FILE.read_text(encoding="utf-8").strip()
    parts = [introduction, "", "## Statistics of the committed study", ""]
    parts += ["### Interviews by wave and role (Table 1)", "", *_design_table(stats)]
    parts += ["### Files", "", *_files_table(stats, data)]
    parts += ["### Words per transcript", "", *_words_table(stats)]
    parts += ["### Turns", "", _turns_summary(stats), ""]
    parts += ["### Planted identifiers", "", *_identifier_table(stats)]
    parts += ["### Code frequencies by role and wave", "", CODES_CAPTION, "", *_codes_table(stats)]
    parts += ["Respondent turns expressing the code, per 100 respondent turns of the group.", ""]
    parts += _rates_table(stats)
    parts += ["### Keyword traps", "", *_traps_table(stats)]
    parts += [
        "### Paraphrases per code",
        "",
        "Frames are the templates and story parts that express a code; combinations count the ways",
        "their alternatives can be chosen; distinct and keyword-free count sentences sampled",
        f"{SAMPLES_PER_TEMPLATE} times per frame (names and numbers left as slots). Keyword-free:",
        "none of the code's obvious keywords (in `tools/demo/theme_*.py`) occurs.",
        "",
        *_table(PARAPHRASE_HEADER, stats["paraphrases"]),  # type: ignore[arg-type]
    ]
    parts += [
        "### Repetition",
        "",
        "The longest run of words that occurs in the respondent speech of two different interviews "
        f"is {stats['shared']} words long.",
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write the document for a study."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo.stats", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--study",
        type=Path,
        default=REPOSITORY,
        help="study folder holding data/ (default: the repository)",
    )
    parser.add_argument(
        "--doc",
        type=Path,
        default=REPOSITORY / "docs" / "demo-study.md",
        help="where to write the document",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    data = args.study / "data"
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.doc.write_text(render(study_stats(data), data=data), encoding="utf-8")
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
