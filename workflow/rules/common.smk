# Config validation, the participants sheet and input functions, shared by all stages.
# Everything here runs when the workflow is parsed, before any job: keep it light.
import sys
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "workflow"))

from qualpipe.errors import PipelineError
from qualpipe.study import (
    check_config,
    config_values,
    load_participants,
    make_private_dir,
)

SCHEMAS = Path(workflow.basedir) / "workflow" / "schemas"


def stop(error):
    """End the run with the catalogued one-line message(s), before any job starts."""
    sys.stderr.write(f"{error}\n")
    sys.exit(1)


def load_study():
    check_config(
        config, schema_path=str(SCHEMAS / "config.schema.yaml"), file="config.yaml"
    )
    validate(
        config, str(SCHEMAS / "config.schema.yaml")
    )  # fills in the schema defaults
    return load_participants(
        config["data"]["participants"],
        raw_dir=config["data"]["raw_dir"],
        roles=config_values(config, "roles"),
        waves=config_values(config, "waves"),
        sites=config_values(config, "sites"),
    )


try:
    INTERVIEWS = load_study()
except PipelineError as error:
    stop(error)

PRIVATE = config["data"]["private_dir"]
PARTICIPANTS = config["data"]["participants"]


def transcript_path(wildcards):
    return INTERVIEWS[wildcards.interview].path


def row_digest(wildcards):
    return INTERVIEWS[wildcards.interview].digest


def role_labels():
    return {
        key: role.get("plural", role["label"]) for key, role in config["roles"].items()
    }


onstart:
    make_private_dir(PRIVATE)
