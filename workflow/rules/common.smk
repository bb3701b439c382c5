# Config validation, the participants sheet and input functions, shared by all stages.
# Everything here runs when the workflow is parsed, before any job: keep it light.
import os
import sys
import time
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "workflow"))

from qualpipe.errors import PipelineError, warning_text
from qualpipe.common.language import candidate_languages, check_nlp_config, study_models
from qualpipe.common.vocabulary import study_terms
from qualpipe.common.provenance import code_version as module_digest
from qualpipe.common.runner import logged_errors, logged_warnings
from qualpipe.common.labels import value_labels
from qualpipe.common.plan import (
    check_coders,
    coder_files,
    coding_sheet_paths,
    interview_batches,
    sheet_names,
)
from qualpipe.common.config import (
    check_config,
    check_config_file,
    check_private_dir,
    check_settings,
    config_values,
)
from qualpipe.common.study import (
    check_anonymisation_file,
    load_participants,
    make_private_dir,
)

SCHEMAS = Path(workflow.basedir) / "workflow" / "schemas"
WORKFLOW = Path(workflow.basedir) / "workflow"


def stop(error):
    """End the run with the catalogued one-line message(s), before any job starts."""
    sys.stderr.write(f"{error}\n")
    sys.exit(1)


# Snakemake's own error for an empty config.yaml, or one that is not a mapping, is no
# catalogued line: check the file before `configfile:` loads it (issue 14).
try:
    check_config_file("config.yaml")
except PipelineError as error:
    stop(error)


configfile: "config.yaml"


def load_study():
    check_config(
        config, schema_path=str(SCHEMAS / "config.schema.yaml"), file="config.yaml"
    )
    validate(
        config, str(SCHEMAS / "config.schema.yaml")
    )  # fills in the schema defaults
    check_nlp_config(config, file="config.yaml")
    # A private folder inside results/ would be published with it (E203).
    check_private_dir(config["data"]["private_dir"], file="config.yaml")
    interviews = load_participants(
        config["data"]["participants"],
        raw_dir=config["data"]["raw_dir"],
        roles=config_values(config, "roles"),
        waves=config_values(config, "waves"),
        sites=config_values(config, "sites"),
    )
    check_settings(
        config,
        interviews,
        file="config.yaml",
        participants=config["data"]["participants"],
    )
    check_anonymisation_file(
        config["data"]["anonymisation"],
        schema_path=str(SCHEMAS / "anonymisation.schema.yaml"),
        participants_path=config["data"]["participants"],
    )
    if not Path(config["data"]["codebook"]).is_file():
        raise PipelineError("E308", file=config["data"]["codebook"])
    check_coders(config["coding"]["coders"])
    return interviews


try:
    INTERVIEWS = load_study()
except PipelineError as error:
    stop(error)

PRIVATE = config["data"]["private_dir"]
PARTICIPANTS = config["data"]["participants"]
# language -> trained spaCy pipeline; each runs only on interviews of its language.
MODELS = study_models(config)
LANGUAGES = candidate_languages(
    config["study"]["languages"],
    study_language=config["study"]["language"],
    models=config["nlp"]["models"],
)
LAYERS_TABLE = "results/tables/anonymisation_layers.csv"


def batch_jobs():
    """At least this many batches: batches.jobs, or a larger count that a study written before
    the batches section gave as anonymise.batches or segment.batches."""
    older = [config[section].get("batches", 1) for section in ("anonymise", "segment")]
    return max(config["batches"]["jobs"], *older)


# Batch -> its interviews: every per-interview stage runs one job per batch (issue 16).
BATCH_IDS = interview_batches(
    list(INTERVIEWS), size=config["batches"]["size"], jobs=batch_jobs()
)
BATCHES = list(BATCH_IDS)
BATCH_OF = {interview: batch for batch, ids in BATCH_IDS.items() for interview in ids}


def batch_files(wildcards):
    """Each interview of one batch with its transcript file(s), in listed order."""
    return {i: list(INTERVIEWS[i].paths) for i in BATCH_IDS[wildcards.batch]}


def batch_transcripts(wildcards):
    """Every transcript file of one batch's interviews."""
    return [path for paths in batch_files(wildcards).values() for path in paths]


def batch_digests(wildcards):
    """The participants.csv rows of one batch, as digests: a changed row reruns its batch."""
    return [INTERVIEWS[i].digest for i in BATCH_IDS[wildcards.batch]]


def ingested(interviews):
    """The parsed transcripts (private) of these interviews, in their batches' folders."""
    return [f"{PRIVATE}/ingest/{BATCH_OF[i]}/{i}.json" for i in interviews]


def batch_ingested(wildcards):
    return ingested(BATCH_IDS[wildcards.batch])


# Every parsed transcript, for the study-wide rules that read them all (through params).
INGESTED = ingested(INTERVIEWS)


ANONYMISED = "results/anonymised"


def anonymised(suffix, interviews=None):
    """results/anonymised/<interview>.<suffix> of these interviews (default: all)."""
    chosen = INTERVIEWS if interviews is None else interviews
    return [f"{ANONYMISED}/{i}.{suffix}" for i in chosen]


def batch_anonymised(wildcards):
    return anonymised("json", BATCH_IDS[wildcards.batch])


def files_bytes(paths):
    """The bytes of these files together; a file not written yet counts 0."""
    return sum(os.path.getsize(path) for path in paths if os.path.isfile(path))


def batch_anonymised_bytes(wildcards):
    """What one segment batch reads, for the progress logger (resource input_bytes): its
    input, results/anonymised/, holds every interview of the study (issue 16). Snakemake
    evaluates it again when the job is ready, once the files exist."""
    return files_bytes(batch_anonymised(wildcards))


def role_labels():
    """Role -> its label in the plural, as the tables name it."""
    return value_labels(config["roles"])["role"]


onstart:
    make_private_dir(PRIVATE)


# Logs older than this belong to earlier runs (the workflow is parsed just before it runs).
STARTED = time.time()


def log_leaks():
    """The leak audit of logs/ and .snakemake/log, run or failed (issue 14): one line per
    log file holding a name, never the name; the hits go to the private leaks.csv."""
    from qualpipe.anonymise.audit import (
        audit_logs,
    )  # only now: parsing the workflow stays light

    return audit_logs(
        participants_path=PARTICIPANTS,
        anonymisation_path=ANONYMISATION,
        key_path=f"{PRIVATE}/anonymise/key.csv",
        hits_path=f"{PRIVATE}/anonymise/leaks.csv",
        language=config["study"]["language"],
    )


def show_warnings():
    """The jobs' catalogued warnings, kept off the console while they ran: one line per
    code, with the count and a log that lists them (issue 16)."""
    lines = logged_warnings("logs", since=STARTED)
    if lines:
        sys.stderr.write(
            "\nqualpipe: the jobs' warnings, one line per kind (each job's log lists every "
            "one):\n" + "\n".join(lines) + "\n"
        )


onerror:
    # Snakemake wraps a failed job's one-line message in its own error block: repeat the
    # catalogued lines last, where a researcher looks (issue 13).
    show_warnings()
    logged = logged_errors("logs", since=STARTED)
    problems = logged + log_leaks()
    if problems:
        sys.stderr.write(
            f"\nqualpipe: the run stopped on {len(problems)} problem(s), one line each; "
            "fix them and run snakemake again:\n" + "\n".join(problems) + "\n"
        )
    if not logged:
        # A job interrupted or killed leaves no catalogued line. Snakemake 9 passes a list.
        logs = ", ".join([log] if isinstance(log, str) else log)
        sys.stderr.write(f"\nqualpipe: {warning_text('W506', file=logs)}\n")


onsuccess:
    show_warnings()
    leaks = log_leaks()
    if leaks:
        sys.stderr.write(
            f"\nqualpipe: every job finished, but {len(leaks)} log(s) hold possible real "
            "identifiers, one line each:\n" + "\n".join(leaks) + "\n"
        )
        sys.exit(1)


ANONYMISATION = config["data"]["anonymisation"]


def anonymisation_terms(wildcards):
    return [ANONYMISATION] if Path(ANONYMISATION).is_file() else []


def study_vocabulary():
    """The study's own words (codebook, roles, labels), protected from anonymisation."""
    import yaml

    try:
        codebook = yaml.safe_load(Path(config["data"]["codebook"]).read_text("utf-8"))
    except yaml.YAMLError:
        codebook = {}  # the codebook's own check names the line
    return study_terms(config, codebook if isinstance(codebook, dict) else {})


def anonymise_roles():
    return {key: dict(role) for key, role in config["roles"].items()}


def config_keys(section, *keys):
    """The keys of one config.yaml section that a rule uses, and only those (the schema has
    filled in their defaults): changing another key reruns none of its jobs (issue 15).
    """
    return {key: config[section][key] for key in keys}


def code_version(script):
    """A digest of the package modules a rule's script imports, directly or not (issue 15):
    editing any of them reruns the rule. Derived from the imports, never listed by hand.
    """
    return module_digest(
        Path(workflow.basedir) / "workflow" / "scripts" / script, WORKFLOW
    )


def role_groups():
    return {key: role["group"] for key, role in config["roles"].items()}


def group_order():
    """Comparison groups in the order their roles appear in config."""
    return list(dict.fromkeys(role["group"] for role in config["roles"].values()))


def audited_outputs(wildcards):
    """Everything the later stages write under results/: the leak audit runs after them."""
    return [
        *rules.segment_collect.output,
        *rules.precode_match.output,
        *expand("results/precode/batches/{batch}.csv", batch=BATCHES),
        *rules.sheets_codebook.output,
        *coding_sheet_outputs(),
        *coder_projects(),
        *merge_outputs(),
        *rules.compare_tables.output,
        *rules.compare_figures.output,
        *rules.qdpx_export.output,
        *rules.report_landing.output,
    ]


CODING = config["coding"]
CODEBOOK = config["data"]["codebook"]
# Relative to the workflow folder, where scripts find it: params are shown in the report, and
# a path of the machine has no place there (issue 17).
CODEBOOK_SCHEMA = "schemas/codebook.schema.yaml"


wildcard_constraints:
    coder=r"[A-Za-z][A-Za-z0-9_-]*",


def codebook_schema(wildcards):
    """The codebook schema as an input (an input function: the report shows no path)."""
    return str(WORKFLOW / CODEBOOK_SCHEMA)


def coding_sheet_outputs():
    """Every coder's coding sheets, .xlsx and .csv ([] when coding.coders is empty)."""
    return coding_sheet_paths(
        CODING["coders"], sheets=CODING["sheets"], interviews=list(INTERVIEWS)
    )


def coder_projects():
    """Every coder's own REFI-QDA project, beside their sheets ([] without coders)."""
    return expand(
        "results/coding/sheets/{coder}/{coder}_project.qdpx", coder=CODING["coders"]
    )


def coder_sheets(suffix):
    """One coder's sheets with {coder} as the wildcard."""
    names = sheet_names("{coder}", sheets=CODING["sheets"], interviews=list(INTERVIEWS))
    return [f"results/coding/sheets/{{coder}}/{name}.{suffix}" for name in names]


try:
    RETURNED = coder_files(config["data"]["coding_dir"], CODING["coders"])
except PipelineError as error:
    stop(error)


def returned_sheets(wildcards):
    return [path for paths in RETURNED.values() for path in paths]


def adjudication_file(wildcards):
    path = config["data"]["adjudication"]
    return [path] if Path(path).is_file() else []


def merge_outputs():
    """The merge stage's tables, once any coder has returned a sheet."""
    if not any(RETURNED.values()):
        return []
    return [
        *rules.merge_agreement.output,
        *rules.merge_consensus.output,
        *rules.merge_refine.output,
    ]


def compare_inputs(wildcards):
    """The consensus codes to compare, once any coder has returned a sheet; else none."""
    if not any(RETURNED.values()):
        return {}
    return {
        "final": rules.merge_consensus.output.final,
        "consensus": rules.merge_consensus.output.consensus,
    }


def figure_outputs():
    """Every figure file: the figures of figure_plan, in every configured format. They reach
    the report on its first page (report_landing), at screen resolution, not as files.
    """
    return [
        f"results/figures/{name}.{fmt}"
        for name in figure_plan_ids()
        for fmt in config["compare"]["figure_formats"]
    ]


def figure_plan_ids():
    """Figure name -> id of the comparison it shows (None: the whole study)."""
    from qualpipe.compare.plan import figure_plan

    plan = figure_plan(config["compare"]["comparisons"])
    return {name: c.id if c else None for name, c in plan.items()}


def group_labels():
    """Comparison group -> its label in the plural (its roles' labels), as the tables name it."""
    return value_labels(config["roles"])["group"]


def landing_inputs(wildcards):
    """The report page's figures (PNG, else SVG; none when only PDF is drawn) with their
    captions, and the agreement table once any coder has returned a sheet."""
    formats = config["compare"]["figure_formats"]
    shown = next((f for f in ("png", "svg") if f in formats), None)
    names = list(figure_plan_ids()) if shown else []
    inputs = {
        "figures": [f"results/figures/{name}.{shown}" for name in names],
        "captions": [str(WORKFLOW / "report" / f"fig_{name}.rst") for name in names],
    }
    if any(RETURNED.values()):
        inputs["agreement"] = rules.merge_agreement.output.table
    return inputs


def large_tables():
    """The tables too large for the report: the page names them and their sizes."""
    return [
        rules.segment_collect.output[0],
        rules.precode_match.output.concordance_md,
        *([rules.merge_consensus.output.final] if any(RETURNED.values()) else []),
    ]
