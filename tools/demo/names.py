"""Invented people, places and organisations for the demo study.

Every name here is a common given name or surname combined at random; the combinations are
checked against a short list of Swedish public figures so that no well-known person appears.
Office names are invented place names, so that no real office of the agency is implied.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SWEDISH_FEMALE: tuple[str, ...] = (
    "Anna",
    "Karin",
    "Eva",
    "Kristina",
    "Lena",
    "Sara",
    "Ingrid",
    "Birgitta",
    "Åsa",
    "Helena",
    "Malin",
    "Cecilia",
    "Susanne",
    "Johanna",
    "Camilla",
    "Jenny",
    "Linnéa",
    "Sofia",
    "Ulrika",
    "Annika",
    "Marie",
    "Therese",
    "Emma",
    "Frida",
    "Gunilla",
    "Agneta",
    "Margareta",
    "Pia",
    "Monica",
    "Lotta",
    "Ylva",
    "Hanna",
    "Ebba",
    "Tove",
    "Maja",
    "Ida",
    "Louise",
    "Katarina",
)
SWEDISH_MALE: tuple[str, ...] = (
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Mikael",
    "Erik",
    "Karl",
    "Peter",
    "Jan",
    "Thomas",
    "Magnus",
    "Mats",
    "Björn",
    "Stefan",
    "Jonas",
    "Henrik",
    "Fredrik",
    "Ola",
    "Göran",
    "Håkan",
    "Bengt",
    "Ulf",
    "Niklas",
    "Tobias",
    "Rickard",
    "Kent",
    "Leif",
    "Sven",
    "Gustav",
    "Oskar",
    "Linus",
    "Pontus",
    "Torbjörn",
    "Joakim",
    "Daniel",
    "Patrik",
    "Roger",
)
HYPHENATED_FIRST: tuple[str, ...] = (
    "Anna-Karin",
    "Per-Olof",
    "Eva-Lena",
    "Karl-Johan",
    "Ann-Sofie",
    "Lars-Erik",
    "Britt-Marie",
    "Jan-Åke",
    "Mari-Louise",
    "Carl-Henrik",
)
FINNISH_FIRST: tuple[str, ...] = (
    "Pirjo",
    "Päivi",
    "Tuula",
    "Riitta",
    "Sirpa",
    "Jukka",
    "Matti",
    "Timo",
    "Seppo",
    "Heikki",
    "Anneli",
    "Marjatta",
    "Eija",
    "Juha",
    "Kaisa",
)
IMMIGRANT_FIRST: tuple[str, ...] = (
    "Amira",
    "Fatima",
    "Zainab",
    "Leila",
    "Nadia",
    "Yasmin",
    "Samira",
    "Aisha",
    "Mohammed",
    "Ahmed",
    "Ali",
    "Hassan",
    "Omar",
    "Karim",
    "Yusuf",
    "Dragan",
    "Milan",
    "Jelena",
    "Mirela",
    "Emir",
    "Amela",
    "Senad",
    "Azra",
    "Mehmet",
    "Ayşe",
    "Elif",
    "Emre",
    "Reza",
    "Parisa",
    "Shirin",
    "Dariush",
    "Tesfaye",
    "Selam",
    "Abdi",
    "Hodan",
    "Łukasz",
    "Agnieszka",
    "José",
    "Hoa",
    "Zoran",
)
SWEDISH_LAST: tuple[str, ...] = (
    "Lindqvist",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindberg",
    "Lindström",
    "Lundgren",
    "Berglund",
    "Sjöberg",
    "Åberg",
    "Öberg",
    "Holmqvist",
    "Ekström",
    "Nyström",
    "Sandström",
    "Wikström",
    "Forsberg",
    "Hedlund",
    "Blomqvist",
    "Dahlgren",
    "Engström",
    "Falk",
    "Hellström",
    "Norberg",
    "Sundin",
    "Östlund",
    "Strand",
    "Ek",
    "Söderberg",
    "Björk",
    "Nordin",
    "Åström",
    "Fransson",
    "Mattsson",
    "Sjögren",
    "Löfgren",
    "Häggström",
    "Brännström",
    "Granlund",
    "Isaksson",
    "Hägglund",
    "Lundin",
    "Vikström",
    "Sundqvist",
    "Berggren",
    "Nordström",
    "Edlund",
    "Wallin",
)
FINNISH_LAST: tuple[str, ...] = (
    "Mäkinen",
    "Heikkilä",
    "Järvinen",
    "Koskinen",
    "Virtanen",
    "Laine",
    "Nieminen",
    "Hämäläinen",
    "Lehtonen",
    "Salminen",
    "Kettunen",
    "Väisänen",
    "Korhonen",
    "Rantanen",
)
IMMIGRANT_LAST: tuple[str, ...] = (
    "Hassan",
    "Mohammed",
    "Ahmadi",
    "Hosseini",
    "Karimi",
    "Rahimi",
    "Petrović",
    "Jovanović",
    "Kovačević",
    "Hodžić",
    "Begić",
    "Yılmaz",
    "Öztürk",
    "Demir",
    "Kaya",
    "Haile",
    "Tesfay",
    "Abdullahi",
    "Warsame",
    "Nowak",
    "Wróbel",
    "Al-Sayed",
    "el-Khoury",
    "Haddad",
    "Khalil",
    "Nguyễn",
    "Tran",
    "García",
    "Moreno",
    "Mansour",
)

# Combinations that would name a well-known Swedish person; never emitted.
PUBLIC_FIGURES: frozenset[str] = frozenset(
    {
        "Anna Lindh",
        "Göran Persson",
        "Stefan Löfven",
        "Magdalena Andersson",
        "Ulf Kristersson",
        "Carl Bildt",
        "Fredrik Reinfeldt",
        "Annie Lööf",
        "Anders Borg",
        "Olof Palme",
        "Björn Borg",
        "Anders Tegnell",
        "Ingvar Kamprad",
        "Greta Thunberg",
        "Per Persson",
        "Jan Guillou",
        "Johan Persson",
        "Peter Forsberg",
        "Henrik Larsson",
        "Mats Sundin",
        "Magnus Johansson",
        "Anna Andersson",
        "Lars Lindberg",
    }
)

TOWNS: tuple[str, ...] = (
    "Uppsala",
    "Gävle",
    "Sundsvall",
    "Luleå",
    "Umeå",
    "Skellefteå",
    "Östersund",
    "Falun",
    "Borlänge",
    "Karlstad",
    "Örebro",
    "Västerås",
    "Eskilstuna",
    "Norrköping",
    "Linköping",
    "Jönköping",
    "Växjö",
    "Kalmar",
    "Karlskrona",
    "Kristianstad",
    "Helsingborg",
    "Halmstad",
    "Borås",
    "Trollhättan",
    "Uddevalla",
    "Södertälje",
    "Nyköping",
    "Motala",
    "Visby",
    "Kiruna",
    "Haparanda",
    "Ludvika",
    "Sandviken",
    "Hudiksvall",
    "Söderhamn",
    "Härnösand",
    "Örnsköldsvik",
    "Tampere",
    "Stockholm",
    "Göteborg",
    "Malmö",
)
# Invented place names for the agency's offices (site key -> office names).
SITE_OFFICES: dict[str, tuple[str, ...]] = {
    "north": ("Norrbyn",),
    "south": ("Sörvik",),
    "east": ("Österbacka",),
    "west": ("Västerlund",),
    "region": ("Mellanbygden",),
    "headquarters": ("Kvarnholmen",),
    "other": (
        "Ekeby",
        "Granvik",
        "Lillåker",
        "Tallåsen",
        "Mossby",
        "Strandvik",
        "Rönnäs",
        "Björkhaga",
        "Kvarnåsen",
        "Lövstad",
        "Aspeby",
        "Hallbacken",
        "Norrsund",
        "Vassmyra",
        "Sjöbotten",
        "Furuhöjden",
        "Alvik-Ström",
        "Ängsmora",
    ),
}
STREET_STEMS: tuple[str, ...] = (
    "Storgatan",
    "Kyrkogatan",
    "Drottninggatan",
    "Järnvägsgatan",
    "Skolgatan",
    "Östra Långgatan",
    "Björkvägen",
    "Tallstigen",
    "Hamngatan",
    "Södra Vägen",
    "Industrivägen",
    "Ringvägen",
    "Åsvägen",
    "Stationsgatan",
    "Nygatan",
    "Prästgårdsvägen",
)
EMPLOYERS: tuple[str, ...] = (
    "Berglunds Åkeri",
    "Norrbyns Bygg AB",
    "Hemtjänsten i Sörvik",
    "Sågverket i Lövstad",
    "Kvarnby Mekaniska",
    "Ekeby Städservice",
    "Tallåsens förskola",
    "Strandviks Livs",
    "Granvik Logistik AB",
    "Nordmarkens Plåt",
    "Österbacka kommun",
    "Västerlunds Bageri",
    "Rönnäs Vårdboende",
    "Mossby Transport",
    "Aspeby Fastigheter",
    "Lillåkers Golv AB",
)
HOSPITALS: tuple[str, ...] = (
    "Norrbyns vårdcentral",
    "Sörviks lasarett",
    "Länssjukhuset i Österbacka",
    "Västerlunds hälsocentral",
    "Ekeby vårdcentral",
    "Mellanbygdens psykiatri",
    "Granviks rehabklinik",
    "Strandviks sjukhus",
    "Tallåsens företagshälsovård",
    "Kvarnåsens ortopedklinik",
)
FEMALE: frozenset[str] = frozenset(SWEDISH_FEMALE) | frozenset(
    {
        "Anna-Karin",
        "Eva-Lena",
        "Ann-Sofie",
        "Britt-Marie",
        "Mari-Louise",
        "Pirjo",
        "Päivi",
        "Tuula",
        "Riitta",
        "Sirpa",
        "Anneli",
        "Marjatta",
        "Eija",
        "Kaisa",
        "Amira",
        "Fatima",
        "Zainab",
        "Leila",
        "Nadia",
        "Yasmin",
        "Samira",
        "Aisha",
        "Jelena",
        "Mirela",
        "Amela",
        "Azra",
        "Ayşe",
        "Elif",
        "Parisa",
        "Shirin",
        "Selam",
        "Hodan",
        "Agnieszka",
        "Hoa",
    }
)
INTERVIEWERS: tuple[str, ...] = ("Elin Sandberg", "Tuomas Niskanen")


@dataclass(frozen=True)
class Name:
    """A person's name.

    first (str): given name(s), possibly hyphenated.
    last (str): surname, possibly hyphenated.
    """

    first: str
    last: str

    @property
    def full(self) -> str:
        """The full name, 'First Last'."""
        return f"{self.first} {self.last}"


def encodable(text: str, *, encoding: str) -> bool:
    """Whether `text` survives encoding with `encoding`."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _pool(kind: str, *, encoding: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Given names and surnames for one name origin, limited to what `encoding` can write."""
    firsts, lasts = {
        "swedish": (SWEDISH_FEMALE + SWEDISH_MALE, SWEDISH_LAST),
        "hyphenated": (HYPHENATED_FIRST, SWEDISH_LAST),
        "finnish": (FINNISH_FIRST, FINNISH_LAST),
        "immigrant": (IMMIGRANT_FIRST, IMMIGRANT_LAST),
    }[kind]
    keep_first = tuple(name for name in firsts if encodable(name, encoding=encoding))
    keep_last = tuple(name for name in lasts if encodable(name, encoding=encoding))
    return keep_first, keep_last


ORIGIN_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("swedish", 0.66),
    ("hyphenated", 0.1),
    ("finnish", 0.1),
    ("immigrant", 0.14),
)


class NameBook:
    """Hands out names that are unique within a study and never a public figure's.

    rng (random.Random): the generator the draws come from.
    """

    def __init__(self, rng: random.Random, *, taken: frozenset[str] = frozenset()) -> None:
        self.rng = rng
        self.taken: set[str] = set(PUBLIC_FIGURES) | set(taken)

    def draw(self, *, encoding: str = "utf-8", origin: str | None = None, gender: str = "") -> Name:
        """Draw a new unique name.

        encoding (str): the file encoding the name must survive.
        origin (str | None): 'swedish', 'hyphenated', 'finnish' or 'immigrant'; None draws one.
        gender (str): 'f' or 'm' to match the pronouns of the speech around it; '' for either.
        RETURNS (Name): a name not handed out before.
        """
        for attempt in range(100_000):
            kind = origin or self._origin()
            firsts, lasts = _pool(kind, encoding=encoding)
            if gender:
                firsts = tuple(name for name in firsts if (name in FEMALE) == (gender == "f"))
            last = self.rng.choice(lasts)
            # Double surnames: a realistic minority, and the way out when a large study
            # (benchmark scale) has used up the simple combinations.
            if (kind == "hyphenated" and self.rng.random() < 0.4) or attempt > 50:
                other = self.rng.choice(_pool("swedish", encoding=encoding)[1])
                last = f"{last}-{other}" if other != last else last
            name = Name(self.rng.choice(firsts), last)
            if name.full not in self.taken:
                self.taken.add(name.full)
                return name
        raise RuntimeError("name pools exhausted")

    def _origin(self) -> str:
        roll = self.rng.random()
        for kind, weight in ORIGIN_WEIGHTS:
            roll -= weight
            if roll < 0:
                return kind
        return ORIGIN_WEIGHTS[0][0]
