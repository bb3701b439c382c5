"""The speaker labels a new study's transcripts use beyond the conventions, for the scaffold.

Praat TextGrids name their tiers after whoever set them up ('Speaker') and often keep one
speaker per file ('..._doctor.TextGrid', '..._patient.TextGrid'), so their labels are words
no convention knows. The scaffold lists them under `ingest.speaker_labels`, the one who asks
the most questions as the interviewer, so that the first run reads the transcripts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from qualpipe.common.participants import listed_files, split_names
from qualpipe.common.speakers import INTERVIEWER, RESPONDENT, build_directory, fold
from qualpipe.common.textio import decode_bytes
from qualpipe.errors import PipelineError
from qualpipe.ingest.parse_textgrid import FILE_WORDS, INTERVAL_TIER, read_tiers


def textgrid_labels(path: Path) -> dict[str, tuple[int, int]]:
    """Each speaker label of one TextGrid: (utterances, questions among them).

    A tier's name is its label, but for a file's only tier the file name's last word is
    ('day1_consultation01_doctor.TextGrid': 'doctor'), as ingest reads it.
    """
    text = decode_bytes(path.read_bytes(), file=str(path)).text
    tiers = [t for t in read_tiers(text, file=path.name) if t.kind == INTERVAL_TIER]
    found: dict[str, tuple[int, int]] = {}
    for tier in tiers:
        spoken = [text[s:e].strip() for _, _, (s, e) in tier.entries if text[s:e].strip()]
        label = FILE_WORDS.split(path.stem)[-1] if len(tiers) == 1 else tier.label
        utterances, questions = found.get(label, (0, 0))
        found[label] = (utterances + len(spoken), questions + sum(t.endswith("?") for t in spoken))
    return found


def speaker_labels(rows: Iterable[Mapping[str, str]], *, transcripts: Path) -> dict[str, list[str]]:
    """The labels of the study's TextGrids that no convention or name knows, by kind.

    RETURNS (dict[str, list[str]]): 'interviewer' (the label with the largest share of
        questions) and 'respondent' (the others); empty when there are none.
    """
    counts: Counter[str] = Counter()
    questions: Counter[str] = Counter()
    for row in rows:
        directory = build_directory(respondents=(), interviewers=())
        for file in listed_files(row["file"]):
            path = transcripts / file
            if path.suffix.lower() != ".textgrid" or not path.is_file():
                continue
            try:
                labels = textgrid_labels(path)
            except PipelineError:
                continue  # ingest reports a broken TextGrid, with its line
            for label, (said, asked) in labels.items():
                if directory.kind_of(label) is None and not _names(row, label):
                    counts[label] += said
                    questions[label] += asked
    if len(counts) < 2:
        return {}
    share = {label: questions[label] / max(counts[label], 1) for label in counts}
    interviewer = max(sorted(share), key=lambda label: share[label])
    return {
        INTERVIEWER: [interviewer],
        RESPONDENT: sorted(label for label in counts if label != interviewer),
    }


def _names(row: Mapping[str, str], label: str) -> bool:
    people = [n for column in ("participant", "interviewer") for n in split_names(row[column])]
    return any(fold(label) in fold(name).split() for name in people)
