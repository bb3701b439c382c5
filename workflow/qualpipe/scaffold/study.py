"""Starting a study: a new study folder from a participants sheet and a folder of transcripts.

`python -m qualpipe.scaffold NEW_FOLDER --participants PATH --transcripts DIR` copies the
sheet and the transcripts into NEW_FOLDER/data/ and writes a config.yaml that fits them: the
roles, waves and sites found in the sheet, comparisons the design allows, no setting of the
demo study. The sheet is checked against the data contract first; nothing is written unless
it passes, and an existing folder is never touched.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from qualpipe.common.participants import IGNORED_FILES, participant_rows
from qualpipe.errors import PipelineError
from qualpipe.scaffold.design import read_design
from qualpipe.scaffold.speakers import speaker_labels
from qualpipe.scaffold.template import config_text


def _copy_transcripts(source: Path, target: Path) -> None:
    """Copy the transcripts folder, leaving out what editors and systems leave beside it."""
    shutil.copytree(
        source, target, ignore=lambda _, names: [n for n in names if IGNORED_FILES.match(n)]
    )


def scaffold_study(
    folder: str | Path,
    *,
    participants: str | Path,
    transcripts: str | Path,
    name: str = "",
    language: str = "en",
) -> Path:
    """Write a new study folder; refuse an existing one; write nothing if the sheet is broken.

    folder (str | Path): the new study folder (must not exist).
    participants (str | Path): participants.csv; transcripts (str | Path): the raw transcripts.
    name (str): the study's title (default: the folder's name); language (str): ISO 639-1.
    RETURNS (Path): the study folder.
    """
    folder, participants, transcripts = Path(folder), Path(participants), Path(transcripts)
    if folder.exists():
        raise PipelineError("E020", file=folder)
    if not transcripts.is_dir():
        raise PipelineError("E022", file=transcripts)
    design = read_design(participants, transcripts=transcripts)
    text = config_text(
        design,
        name=name or folder.name,
        language=language,
        qdpx_name=re.sub(r"[^A-Za-z0-9_.-]+", "_", folder.name).strip("_.-") or "study",
        speakers=speaker_labels(participant_rows(participants), transcripts=transcripts),
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed at the end: no half-written study is left behind.
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        _write_study(staging, participants=participants, transcripts=transcripts, config=text)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _write_study(staging: Path, *, participants: Path, transcripts: Path, config: str) -> None:
    data = staging / "data"
    _copy_transcripts(transcripts, data / "raw")
    shutil.copyfile(participants, data / "participants.csv")
    (staging / "config.yaml").write_text(config, encoding="utf-8")
    (data / "codebook.yaml").write_text(CODEBOOK_TEXT, encoding="utf-8")
    (data / "anonymisation.yaml").write_text(ANONYMISATION_TEXT, encoding="utf-8")
    (staging / ".gitignore").write_text(GITIGNORE_TEXT, encoding="utf-8")
    staging.chmod(0o755)  # mkdtemp makes it owner-only; a study folder is an ordinary folder


def _language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not an ISO 639-1 code such as en, sv, fr")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: write the study, or print the problems one line each and exit 1."""
    parser = argparse.ArgumentParser(
        prog="python -m qualpipe.scaffold",
        description="Write a new study folder from participants.csv and a folder of transcripts.",
    )
    parser.add_argument("folder", help="the new study folder (must not exist yet)")
    parser.add_argument(
        "--participants", required=True, help="participants.csv, one row per interview"
    )
    parser.add_argument("--transcripts", required=True, help="the folder of transcripts")
    parser.add_argument("--name", default="", help="the study's title (default: the folder name)")
    parser.add_argument(
        "--language", type=_language, default="en", help="ISO 639-1 code (default en)"
    )
    args = parser.parse_args(argv)
    try:
        folder = scaffold_study(
            args.folder,
            participants=args.participants,
            transcripts=args.transcripts,
            name=args.name,
            language=args.language,
        )
    except PipelineError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Wrote {folder}/ (config.yaml, data/). Next: read {folder}/config.yaml, replace the "
        f"starter codebook {folder}/data/codebook.yaml with your codes, then run\n"
        f"  .venv/bin/snakemake --directory {folder}    (or: make run STUDY={folder})"
    )
    return 0


CODEBOOK_TEXT = """\
# The codebook: themes > categories > codes. A STARTER, written by qualpipe.scaffold: one
# theme, one category and one worked example code. Replace them with your own (keep the
# shape); workflow/schemas/codebook.schema.yaml describes every key, and the demo study's
# data/codebook.yaml is a full example (29 codes).
#
# How to write codes
# - id: lower_snake_case, unique across themes, categories and codes, and stable: coding
#   sheets and results refer to it. Never rename an id or reuse it for another meaning.
# - label: a short name for sheets, tables and figures. description: what belongs to the
#   code and what does not ("Not: ..."), written for the human coders.
# - keywords, patterns and regex only SUGGEST codes (pre-coding); the coders decide.
#   * keywords: words or phrases in their base form, matched whole, in any case, by word form
#     or lemma ('deadline' also matches 'deadlines'). Prefer phrases to very common words
#     ('lack of time', not 'time'): a keyword matching most segments is noise (warning W301).
#   * patterns: spaCy Matcher token patterns for phrases with gaps, e.g.
#     [{LEMMA: run}, {OP: "?"}, {LOWER: late}] matches 'running late' and 'ran very late'.
#   * regex: Python regular expressions in single quotes, searched case-insensitively.
#   * exclude: phrases that cancel an overlapping match ('time off' for the keyword 'time').
#   * examples: short invented quotes that show the code, for coders.
#   * a code only coders apply has no keywords and says 'precode: false'.
# - Transcripts are anonymised before pre-coding: write no names into keywords.
# - YAML: quote single words YAML reads as booleans or numbers (no, yes, on, off).

themes:
  - id: working_conditions
    label: Working conditions
    description: >-
      How participants describe the conditions of their work. An example theme: replace it.
    categories:
      - id: demands
        label: Demands of the work
        description: What the work asks of people, and what makes it hard.
        codes:
          - id: time_pressure
            label: Time pressure
            description: >-
              Too much to do in the time available: deadlines, queues, no time for a task or
              for colleagues. Not: long working hours chosen freely, or talk about how long
              something took without a sense of pressure.
            keywords: [time pressure, lack of time, no time, not enough time, deadline,
              too busy, backlog, rush]
            patterns:
              - [{LEMMA: run}, {OP: "?"}, {LOWER: late}]
            exclude: [no time limit]
            examples:
              - "There is never enough time to finish one case before the next one comes in."
"""

ANONYMISATION_TEXT = """\
# Terms always to redact and terms never to redact, beyond participants.csv
# (workflow/schemas/anonymisation.schema.yaml; docs/data-contract.md). Empty to start with:
# participants and interviewers are already redacted from participants.csv, and the pattern,
# gazetteer and NER layers look for other people, places and organisations.
#
# redact: identifiers the layers may miss: colleagues, clients, places, employers. Category:
# person | place | organisation | address | other; it decides the bracket ([PERSON n] ...).
#   redact:
#     - {term: "Anna Berg", category: person}
#     - {term: "Northfield", category: place}
# never_redact: words that look like names but are not (methods, products, the organisation
# the study is about, if it may be named). Never a participant's or interviewer's name.
#   never_redact:
#     - "Motivational Interviewing"
redact: []
never_redact: []
"""

GITIGNORE_TEXT = """\
# Real names: parsed transcripts, the pseudonym key and the review list. Never commit them.
data/private/
# The transcripts and participants.csv hold real names too: uncomment these two lines if this
# repository is shared beyond the people allowed to read them.
# data/raw/
# data/participants.csv
# Regenerated by the pipeline.
results/
logs/
.snakemake/
"""
