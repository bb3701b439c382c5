"""The people, places and numbers one interview talks about, filling template slots.

A cast is drawn per interview: the respondent and interviewer, their office, colleagues, the
manager, an MI coach, a few clients, employers and care providers. A client is named in full
the first time and mostly by first name afterwards, as people do.
"""

from __future__ import annotations

import random

from tools.demo.design import Interview, Person
from tools.demo.grammar import Piece
from tools.demo.identifiers import (
    email_address,
    exact_date,
    organisation_domain,
    personal_number,
    phone_number,
    street_address,
)
from tools.demo.names import EMPLOYERS, FEMALE, HOSPITALS, TOWNS, Name, NameBook, encodable

PERSON = "person"
# Pronoun slots follow the gender of the client last named: (female, male).
PRONOUNS: dict[str, tuple[str, str]] = {
    "she": ("she", "he"),
    "She": ("She", "He"),
    "her": ("her", "him"),
    "her_poss": ("her", "his"),
    "Her_poss": ("Her", "His"),
    "herself": ("herself", "himself"),
}


def _name_piece(name: Name, *, kind: str, flags: set[str], full: bool) -> list[Piece]:
    text = name.full if full else name.first
    pieces = [Piece(text, PERSON, kind)]
    if "poss" in flags:
        pieces.append(Piece("'" if text.endswith("s") else "'s"))
    return pieces


class Cast:
    """The identifiers of one interview, handed out to template slots.

    interview (Interview): the interview.
    people (list[Person]): everyone interviewed in the study (a manager may be one of them).
    rng (random.Random): the interview's generator.
    taken (frozenset[str]): full names of participants, never reused for other people.
    """

    def __init__(
        self,
        interview: Interview,
        people: list[Person],
        rng: random.Random,
        *,
        taken: frozenset[str],
    ) -> None:
        self.interview = interview
        self.encoding = "cp1252" if interview.encoding == "cp1252" else "utf-8"
        self.book = NameBook(rng, taken=taken)
        self.clients: list[tuple[Name, str, int]] = []
        self.colleagues = [
            self.book.draw(encoding=self.encoding, gender=gender) for gender in "fmf"
        ]
        self.gender = "f"
        self.coach = self.book.draw(encoding=self.encoding, gender="f")
        self.manager, self.manager_kind = self._manager(people, rng)
        self.employers = self._pick(EMPLOYERS, rng, 3)
        self.hospitals = self._pick(HOSPITALS, rng, 2)
        # While a story is told, the employer and care provider stay the same.
        self.pinned: dict[str, tuple[str, str, str]] | None = None

    def _pick(self, pool: tuple[str, ...], rng: random.Random, count: int) -> list[str]:
        usable = [item for item in pool if encodable(item, encoding=self.encoding)]
        return rng.sample(usable, count)

    def _manager(self, people: list[Person], rng: random.Random) -> tuple[Name, str]:
        """The respondent's manager: a unit manager interviewed at the same site, or another."""
        person = self.interview.person
        candidates = [
            other.name
            for other in people
            if other.role == "unit_manager"
            and other.site == person.site
            and other is not person
            and other.name.first in FEMALE
            and encodable(other.name.full, encoding=self.encoding)
        ]
        if person.role == "official" and candidates and rng.random() < 0.6:
            return candidates[0], "participant"
        return self.book.draw(encoding=self.encoding, gender="f"), "manager"

    def _client(self, flags: set[str], rng: random.Random) -> list[Piece]:
        gender = "f" if "f" in flags else ("m" if "m" in flags else rng.choice("fm"))
        known = [index for index, (_, g, _) in enumerate(self.clients) if g == gender]
        if known and (len(known) >= 3 or rng.random() < 0.5):
            index = rng.choice(known)
        else:
            self.clients.append((self.book.draw(encoding=self.encoding, gender=gender), gender, 0))
            index = len(self.clients) - 1
        name, gender, mentions = self.clients[index]
        self.clients[index] = (name, gender, mentions + 1)
        self.gender = gender
        full = mentions == 0 or "full" in flags or rng.random() < 0.25
        return _name_piece(name, kind="client", flags=flags, full=full)

    def _colleague(self, flags: set[str], rng: random.Random) -> Name:
        wanted = [name for name in self.colleagues if ("f" not in flags or name.first in FEMALE)]
        return rng.choice(wanted)

    def fill(self, slot: str, form: str, rng: random.Random) -> list[Piece]:
        """Pieces for one template slot.

        slot (str): the slot name ('client', 'phone' ...).
        form (str): comma-separated flags: 'f'/'m' (gender), 'poss', 'full'.
        rng (random.Random): the interview's generator.
        RETURNS (list[Piece]): the identifier piece, and an apostrophe-s for possessives.
        """
        flags = set(form.split(",")) if form else set()
        interview = self.interview
        year = int(interview.wave)
        if slot == "client":
            return self._client(flags, rng)
        if slot in PRONOUNS:
            return [Piece(PRONOUNS[slot][self.gender == "m"])]
        people = {
            "self": (interview.person.name, "participant"),
            "interviewer": (interview.interviewer, "interviewer"),
            "colleague": (self._colleague(flags, rng), "colleague"),
            "coach": (self.coach, "colleague"),
            "manager": (self.manager, self.manager_kind),
        }
        if slot in people:
            name, kind = people[slot]
            return _name_piece(name, kind=kind, flags=flags, full="full" in flags)
        if slot == "email":
            contact = self.book.draw(encoding=self.encoding)
            domain = organisation_domain(rng.choice(self.employers)) if rng.random() < 0.6 else None
            return [
                Piece(
                    email_address(contact.first, contact.last, rng, domain=domain), "email", "email"
                )
            ]
        simple = {
            "employer": lambda: (rng.choice(self.employers), "organisation", "employer"),
            "hospital": lambda: (rng.choice(self.hospitals), "organisation", "care_provider"),
            "town": lambda: (rng.choice(TOWNS), "place", "town"),
            "office": lambda: (interview.person.office, "organisation", "office"),
            "street": lambda: (street_address(rng), "address", "street"),
            "phone": lambda: (phone_number(rng), "phone", "phone"),
            "pnr": lambda: (personal_number(rng), "id_number", "personal_number"),
            "date": lambda: (exact_date(rng, year=year), "date", "date"),
        }
        if slot not in simple:
            raise KeyError(f"unknown template slot <{slot}>")
        if self.pinned is None or slot not in ("employer", "hospital"):
            text, category, kind = simple[slot]()
        else:
            if slot not in self.pinned:
                self.pinned[slot] = simple[slot]()
            text, category, kind = self.pinned[slot]
        return [Piece(text, category, kind)]
