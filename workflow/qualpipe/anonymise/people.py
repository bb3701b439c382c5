"""The study's people: participants and interviewers of participants.csv as entities, and
the attribution labels that replace their names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from qualpipe.anonymise.lexicon import INTERVIEWER, PARTICIPANT
from qualpipe.common.participants import participant_rows, split_names
from qualpipe.common.speakers import fold


def row_people(row: Mapping[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(entity key, real name) of a row's participants and of its interviewers.

    A lone participant is keyed by person_id when there is one, so that one person
    interviewed in two waves is one entity; otherwise people are keyed by their folded name.
    """
    respondents = split_names(row["participant"])
    person = (row.get("person_id") or "").strip()
    single = person if person and len(respondents) == 1 else ""
    participants = [(f"participant:{single or fold(name)}", name) for name in respondents]
    interviewers = [(f"interviewer:{fold(n)}", n) for n in split_names(row["interviewer"])]
    return participants, interviewers


def study_people(participants_path: str) -> dict[str, tuple[str, str]]:
    """Every participant and interviewer as entity key -> (category, real name)."""
    people: dict[str, tuple[str, str]] = {}
    for row in participant_rows(participants_path):
        respondents, interviewers = row_people(row)
        for key, name in respondents:
            people.setdefault(key, (PARTICIPANT, name))
        for key, name in interviewers:
            people.setdefault(key, (INTERVIEWER, name))
    return people


def participant_labels(
    participants_path: str,
    *,
    roles: Mapping[str, Mapping[str, str]],
    site_labels: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Attribution labels: participant entity key -> 'Insurance official 4, office 2'.

    Numbers count persons within a role in the order of participants.csv, so one person
    interviewed twice keeps one label. RETURNS (tuple): participants' and interviewers' labels.
    """
    people: dict[str, str] = {}
    interviewers: dict[str, str] = {}
    counters: Counter[str] = Counter()
    for row in participant_rows(participants_path):
        role = roles[row["role"]]
        respondents, row_interviewers = row_people(row)
        for key, _ in respondents:
            if key in people:
                continue
            counters[row["role"]] += 1
            template = role.get("attribution", "{label} {number}")
            site = site_labels.get(row["site"], "")
            label = template.format(label=role["label"], number=counters[row["role"]], site=site)
            people[key] = label.rstrip(", ").replace(", ,", ",")
        for key, _ in row_interviewers:
            interviewers.setdefault(key, "")
    numbered = len(interviewers) > 1
    for number, key in enumerate(interviewers, start=1):
        interviewers[key] = f"Interviewer {number}" if numbered else "Interviewer"
    return people, interviewers


def _own_labels(
    participants_path: str, participants: Mapping[str, str], interviewers: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """interview id -> {'respondent': label, 'interviewer': label} where one person each."""
    own: dict[str, dict[str, str]] = {}
    for row in participant_rows(participants_path):
        labels = {}
        respondents, row_interviewers = row_people(row)
        if len(respondents) == 1:
            labels["respondent"] = participants[respondents[0][0]]
        if len(row_interviewers) == 1:
            labels["interviewer"] = interviewers[row_interviewers[0][0]]
        own[row["interview_id"].strip()] = labels
    return own
