"""REFI-QDA names shared by the export and the import: schemas, namespaces, users, GUIDs."""

import uuid
from pathlib import Path

# Never change: every GUID the pipeline has ever written derives from it.
NAMESPACE = uuid.UUID("6f0d7a52-3c1e-5b7a-9a4e-2d1f0c8b7e31")


SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "refi-qda"


PROJECT_SCHEMA = SCHEMA_DIR / "Project-mrt2019.xsd"


CODEBOOK_SCHEMA = SCHEMA_DIR / "Codebook-mrt2019.xsd"


XML_NAMESPACE = "urn:QDA-XML:project:1.0"


CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"


# The users whose codings the export writes; an imported project's codings by them are ours.
PIPELINE_USER = "pipeline"


CONSENSUS_USER = "consensus"


EXPORT_USERS = (PIPELINE_USER, CONSENSUS_USER)


def guid(kind: str, key: str) -> str:
    """The stable GUID of a code, node, source, case, user or variable (upper-case, REFI form)."""
    return str(uuid.uuid5(NAMESPACE, f"qualpipe:{kind}:{key}")).upper()


def code_guid(code_id: str) -> str:
    """The GUID of a codebook code, theme or category id."""
    return guid("code", code_id)


def user_guid(name: str) -> str:
    """The GUID of an export user (PIPELINE_USER, CONSENSUS_USER) or a coder."""
    return guid("user", name)
