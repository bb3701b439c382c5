"""The design of the demo study: who is interviewed, where, when, how and in which file.

The 78 interviews follow the reference study (docs/demo-study.md); `plan_study` scales the
same cells to any number of interviews for benchmarks, keeping the proportions and the rule
that a follow-up interview in 2014 is always with a person interviewed in 2013.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tools.demo.names import INTERVIEWERS, SITE_OFFICES, Name, NameBook, encodable

ROLES: tuple[str, ...] = ("official", "unit_manager", "regional_coordinator", "senior_management")
SITES: tuple[str, ...] = ("north", "south", "east", "west", "other", "region", "headquarters")
WAVES: tuple[str, ...] = ("2013", "2014")
ROLE_ABBREVIATIONS: dict[str, str] = {
    "official": "off",
    "unit_manager": "um",
    "regional_coordinator": "rc",
    "senior_management": "sm",
}
SITE_ABBREVIATIONS: dict[str, str] = {
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "other": "o",
    "region": "r",
    "headquarters": "hq",
}
# (wave, role, site, interviews) of the reference study: 57 in 2013, 21 in 2014.
BASE_CELLS: tuple[tuple[str, str, str, int], ...] = (
    ("2013", "official", "north", 6),
    ("2013", "official", "south", 6),
    ("2013", "official", "east", 6),
    ("2013", "official", "west", 6),
    ("2013", "unit_manager", "north", 2),
    ("2013", "unit_manager", "south", 2),
    ("2013", "unit_manager", "east", 1),
    ("2013", "unit_manager", "west", 1),
    ("2013", "unit_manager", "other", 14),
    ("2013", "regional_coordinator", "region", 4),
    ("2013", "senior_management", "headquarters", 9),
    ("2014", "official", "north", 4),
    ("2014", "official", "south", 4),
    ("2014", "official", "east", 4),
    ("2014", "official", "west", 4),
    ("2014", "unit_manager", "north", 2),
    ("2014", "unit_manager", "south", 1),
    ("2014", "unit_manager", "east", 1),
    ("2014", "unit_manager", "west", 1),
)
BASE_TOTAL = 78
# Shares of the 78 reference files: about 10 .docx, 8 .vtt, the rest .txt.
FORMAT_SHARES: tuple[tuple[str, int], ...] = (("docx", 10), ("vtt", 8))
# Of the Word files, about two are laid out as a two-column table (label, text).
TABLE_SHARE = 2
ENCODING_SHARES: tuple[tuple[str, int], ...] = (("cp1252", 2), ("utf-16", 1), ("utf-8-sig", 1))
WINDOWS_LINE_END_SHARE = 4
SECOND_INTERVIEWER_SHARE = 6
BACKGROUNDS: dict[str, tuple[str, ...]] = {
    "official": (
        "social work",
        "political science",
        "human resources",
        "economics",
        "behavioural science",
        "nursing",
        "no degree",
        "no degree",
        "social work",
    ),
    "unit_manager": ("social work", "economics", "public administration", "law", "no degree"),
    "regional_coordinator": ("social work", "public administration", "economics"),
    "senior_management": ("economics", "statistics", "public administration", "law", "HR"),
}
SENIOR_TITLES: tuple[str, ...] = (
    "analyst",
    "analyst",
    "national insurance coordinator",
    "competence manager",
    "process owner",
    "head of strategy",
    "analyst",
    "quality developer",
    "head of development",
)
TRANSCRIBERS = 4


@dataclass(frozen=True)
class Person:
    """One respondent, who may be interviewed in both waves.

    person_id (str): 'P001' ...
    name (Name): the respondent's invented name.
    role (str): a key of ROLES.
    site (str): a key of SITES.
    office (str): the office name (invented place name).
    number (int): the person's number within role and site, 1-based.
    years (int): years in the agency at the first interview.
    background (str): education.
    title (str): job title used in speech and headers.
    """

    person_id: str
    name: Name
    role: str
    site: str
    office: str
    number: int
    years: int
    background: str
    title: str


@dataclass(frozen=True)
class Interview:
    """One interview and how its transcript is written.

    interview_id (str): e.g. 'w1_off_n01'.
    person (Person): the respondent.
    wave (str): '2013' or '2014'.
    date (dt.date): the interview date.
    mode (str): 'in_person' or 'phone'.
    interviewer (Name): the research assistant.
    file_format (str): 'txt', 'docx' or 'vtt'.
    encoding (str): 'utf-8', 'utf-8-sig', 'cp1252' or 'utf-16' (.txt only).
    newline (str): '\\n' or '\\r\\n' (.txt only).
    transcriber (int): the transcription style, 0-3.
    minutes (int): the recording's length.
    target_words (int): the transcript's intended length in words.
    table (bool): a .docx laid out as a table of speaker label and text.
    """

    interview_id: str
    person: Person
    wave: str
    date: dt.date
    mode: str
    interviewer: Name
    file_format: str
    encoding: str
    newline: str
    transcriber: int
    minutes: int
    target_words: int
    table: bool = False

    @property
    def file(self) -> str:
        """The transcript's file name inside data/raw/."""
        return f"{self.interview_id}.{self.file_format}"

    @property
    def followup(self) -> bool:
        """Whether this is a 2014 follow-up interview."""
        return self.wave == WAVES[1]


def scale_cells(n_interviews: int) -> list[tuple[str, str, str, int]]:
    """Cell sizes for `n_interviews`, proportional to the reference design.

    n_interviews (int): the study size (78 gives the reference design).
    RETURNS (list[tuple[str, str, str, int]]): (wave, role, site, count), counts summing to n.
    """
    if n_interviews < 1:
        raise ValueError(f"a study needs at least one interview, not {n_interviews}")
    exact = [count * n_interviews / BASE_TOTAL for *_, count in BASE_CELLS]
    counts = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))
    for index in order[: n_interviews - sum(counts)]:
        counts[index] += 1
    first_wave = {
        (role, site): i for i, (wave, role, site, _) in enumerate(BASE_CELLS) if wave == WAVES[0]
    }
    for index, (wave, role, site, _) in enumerate(BASE_CELLS):
        # A follow-up needs a first interview: move any excess to the 2013 cell.
        if wave == WAVES[1] and counts[index] > counts[first_wave[(role, site)]]:
            excess = counts[index] - counts[first_wave[(role, site)]]
            excess = (excess + 1) // 2
            counts[index] -= excess
            counts[first_wave[(role, site)]] += excess
    return [(wave, role, site, counts[i]) for i, (wave, role, site, _) in enumerate(BASE_CELLS)]


def _office(site: str, number: int) -> str:
    offices = SITE_OFFICES[site]
    return offices[(number - 1) % len(offices)]


def _people(
    cells: list[tuple[str, str, str, int]], rng: random.Random, book: NameBook
) -> list[Person]:
    """The 2013 respondents, in role and site order."""
    people: list[Person] = []
    for wave, role, site, count in cells:
        if wave != WAVES[0]:
            continue
        for number in range(1, count + 1):
            title = (
                SENIOR_TITLES[(number - 1) % len(SENIOR_TITLES)]
                if role == "senior_management"
                else role.replace("_", " ")
            )
            people.append(
                Person(
                    person_id=f"P{len(people) + 1:03d}",
                    name=book.draw(),
                    role=role,
                    site=site,
                    office=_office(site, number),
                    number=number,
                    years=rng.randrange(2, 32),
                    background=rng.choice(BACKGROUNDS[role]),
                    title=title,
                )
            )
    return people


def _interview_date(rng: random.Random, *, year: int) -> dt.date:
    """A weekday between 2 May and 30 September."""
    while True:
        day = dt.date(year, 5, 2) + dt.timedelta(days=rng.randrange(152))
        if day.weekday() < 5:
            return day


def _is_phone(person: Person, wave: str) -> bool:
    """Three of 14 managers at other offices and one of four coordinators, in 2013."""
    if wave != WAVES[0]:
        return False
    if person.role == "unit_manager" and person.site == "other":
        return (person.number - 1) % 14 in (3, 8, 12)
    return person.role == "regional_coordinator" and (person.number - 1) % 4 == 2


def _share(n_interviews: int, share: int) -> int:
    return round(n_interviews * share / BASE_TOTAL)


def _skeletons(
    cells: list[tuple[str, str, str, int]], people: list[Person], rng: random.Random
) -> list[tuple[str, Person, str]]:
    """(interview_id, person, wave) for every interview, 2013 first."""
    rows = [(_interview_id(WAVES[0], person), person, WAVES[0]) for person in people]
    for wave, role, site, count in cells:
        if wave != WAVES[1] or count == 0:
            continue
        pool = [person for person in people if person.role == role and person.site == site]
        chosen = sorted(rng.sample(pool, count), key=lambda person: person.number)
        rows.extend((_interview_id(wave, person), person, wave) for person in chosen)
    return rows


def _interview_id(wave: str, person: Person) -> str:
    return (
        f"w{WAVES.index(wave) + 1}_{ROLE_ABBREVIATIONS[person.role]}_"
        f"{SITE_ABBREVIATIONS[person.site]}{person.number:02d}"
    )


def _assign(
    ids: list[str], shares: tuple[tuple[str, int], ...], rng: random.Random, *, n: int
) -> dict[str, str]:
    """Give `round(n * share / 78)` of `ids` (shuffled) each value; others get nothing."""
    pool = sorted(ids)
    rng.shuffle(pool)
    assigned: dict[str, str] = {}
    for value, share in shares:
        for interview_id in pool[len(assigned) : len(assigned) + _share(n, share)]:
            assigned[interview_id] = value
    return assigned


def plan_study(*, n_interviews: int = BASE_TOTAL, seed: int = 2013) -> list[Interview]:
    """Plan every interview of a demo study.

    n_interviews (int): how many interviews (78 is the reference design).
    seed (int): the study's random seed.
    RETURNS (list[Interview]): the interviews, 2013 before 2014, in role and site order.
    """
    rng = random.Random(f"{seed}/design")
    cells = scale_cells(n_interviews)
    people = _people(cells, rng, NameBook(rng, taken=frozenset(INTERVIEWERS)))
    rows = _skeletons(cells, people, rng)
    ids = [interview_id for interview_id, _, _ in rows]
    formats = _assign(ids, FORMAT_SHARES, rng, n=n_interviews)
    word_files = [interview_id for interview_id in ids if formats.get(interview_id) == "docx"]
    tables = set(_assign(word_files, (("table", TABLE_SHARE),), rng, n=n_interviews))
    interviewers = [Name(*full.split(" ", 1)) for full in INTERVIEWERS]
    second = set(_assign(ids, (("second", SECOND_INTERVIEWER_SHARE),), rng, n=n_interviews))
    plain = [
        interview_id
        for interview_id, person, _ in rows
        if interview_id not in formats and encodable(person.name.full, encoding="cp1252")
    ]
    encodings = _assign(plain, ENCODING_SHARES, rng, n=n_interviews)
    rest = [interview_id for interview_id in plain if interview_id not in encodings]
    crlf = set(_assign(rest, (("crlf", WINDOWS_LINE_END_SHARE),), rng, n=n_interviews))
    interviews: list[Interview] = []
    for interview_id, person, wave in rows:
        encoding = encodings.get(interview_id, "utf-8")
        minutes = rng.randrange(45, 61)
        windows = interview_id in crlf or encoding in ("cp1252", "utf-16")
        interviews.append(
            Interview(
                interview_id=interview_id,
                person=person,
                wave=wave,
                date=_interview_date(rng, year=int(wave)),
                mode="phone" if _is_phone(person, wave) else "in_person",
                interviewer=interviewers[1 if interview_id in second else 0],
                file_format=formats.get(interview_id, "txt"),
                table=interview_id in tables,
                encoding=encoding,
                newline="\r\n" if windows else "\n",
                transcriber=rng.randrange(TRANSCRIBERS),
                minutes=minutes,
                target_words=min(8600, max(4400, int(minutes * rng.uniform(98, 140)))),
            )
        )
    return interviews
