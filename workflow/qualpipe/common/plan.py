"""What the workflow plans at parse time, kept light (no spreadsheet or NLP library): the coders'
returned files and the coding sheets' names."""

from collections.abc import Sequence
from pathlib import Path

from qualpipe.errors import PipelineError, raise_all

SHEET_SUFFIXES = (".xlsx", ".csv")


# A coder may return a REFI-QDA project instead of a sheet (issue 8): see qualpipe.merge.projects.
PROJECT_SUFFIXES = (".qdpx", ".qde")


def coder_files(coding_dir: str, coders: Sequence[str]) -> dict[str, list[str]]:
    """The returned sheets (.xlsx, .csv) and QDA projects (.qdpx, .qde) of each coder, in name
    order; [] if none yet.

    Office lock files ('~$...') and hidden files are not sheets. A folder for a coder who is
    not in config is an error (E505): their work would otherwise be ignored.
    """
    root = Path(coding_dir)
    if root.is_dir():
        unknown = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name not in coders)
        raise_all(
            [PipelineError("E505", file=f"{coding_dir}/{name}", value=name) for name in unknown]
        )
    return {
        coder: sorted(
            str(p)
            for p in (root / coder).glob("*")
            if p.suffix.lower() in SHEET_SUFFIXES + PROJECT_SUFFIXES
            and not p.name.startswith(("~$", "."))
        )
        for coder in coders
    }


SHEETS_FOLDER = "results/coding/sheets"


def sheet_names(coder: str, *, sheets: str, interviews: Sequence[str]) -> list[str]:
    """The file names (without suffix) of one coder's sheets.

    coder (str): the coder. sheets (str): 'study' (one sheet) or 'interview' (one each).
    interviews (Sequence[str]): the study's interview ids, in order.
    RETURNS (list[str]): e.g. ['anna_coding_sheet'] or ['i01', 'i02'].
    """
    return [f"{coder}_coding_sheet"] if sheets == "study" else list(interviews)


def coding_sheet_paths(
    coders: Sequence[str], *, sheets: str, interviews: Sequence[str], folder: str = SHEETS_FOLDER
) -> list[str]:
    """Every coding sheet (.xlsx and .csv) of every coder; [] when there are no coders."""
    return [
        f"{folder}/{coder}/{name}.{suffix}"
        for coder in coders
        for name in sheet_names(coder, sheets=sheets, interviews=interviews)
        for suffix in ("xlsx", "csv")
    ]


def check_coders(coders: Sequence[str], *, file: str = "config.yaml") -> None:
    """Raise E401 for coder names that are one name once letter case is ignored."""
    first: dict[str, str] = {}
    errors = []
    for coder in coders:
        folded = coder.casefold()
        if folded in first:
            errors.append(PipelineError("E401", file=file, value=first[folded], other=coder))
        first.setdefault(folded, coder)
    raise_all(errors)


def interview_batches(interviews: Sequence[str], *, size: int, jobs: int) -> dict[str, list[str]]:
    """The study's interviews cut into contiguous batches, each one job of every per-interview
    stage (ingest, detection, segmentation, pre-coding), so that the number of jobs grows with
    the study divided by `size`, not with the study (issue 16).

    interviews (Sequence[str]): interview ids in participants.csv order.
    size (int): interviews per batch at most, once there are more batches than `jobs`.
    jobs (int): at least this many batches (the cores to keep busy), never more than the
        interviews.
    RETURNS (dict[str, list[str]]): batch name ('b1', or 'b001' among hundreds) -> its ids.
    """
    total = len(interviews)
    count = max(1, min(total, max(jobs, -(-total // size))))
    width = len(str(count))
    return {
        f"b{number + 1:0{width}d}": list(
            interviews[number * total // count : (number + 1) * total // count]
        )
        for number in range(count)
    }
