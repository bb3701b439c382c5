"""Compose one interview's turns from the guide, the content model and the cast.

The interviewer works through the guide (questions by role and wave), with probes and
backchannels; the respondent answers with statements of the codes a question invites, chosen
with the role's and wave's probabilities times a personal factor, wrapped in openers,
connectors, hedges, digressions and disfluencies. Every respondent turn records the codes its
statements express and the keyword traps it contains: that is the gold coding.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tools.demo.cast import Cast
from tools.demo.codes import Code
from tools.demo.design import ROLES, Interview, Person
from tools.demo.grammar import Piece, expand, merge
from tools.demo.guide import (
    CLOSING,
    GUIDE,
    OPENING_INTERVIEWER,
    OPENING_RESPONDENT,
    PHONE_CHECK,
    Question,
)
from tools.demo.stories import STORIES, Story
from tools.demo.talk import (
    BACKCHANNELS,
    CLOSERS,
    CONNECTORS,
    CROSSTALK_INTERVIEWER,
    DIGRESSIONS,
    HEDGES,
    NEUTRAL,
    NONVERBAL,
    OPENERS,
    PROBES,
    SMALL_TALK,
    TRAPS,
    Idiolect,
    disfluent,
    particles,
)
from tools.demo.theme_principles import CODES as PRINCIPLE_CODES
from tools.demo.theme_roles import CODES as ROLE_CODES

INTERVIEWER = "interviewer"
RESPONDENT = "respondent"
CODES: tuple[Code, ...] = ROLE_CODES + PRINCIPLE_CODES
CODE_INDEX: dict[str, Code] = {code.code_id: code for code in CODES}
# How much each transcriber keeps of the disfluencies (0 = clean verbatim).
VERBATIM_LEVELS: tuple[float, ...] = (1.0, 0.6, 1.4, 0.3)
# How respondents tell their education, by background ('degree' for all the others).
EDUCATION: dict[str, str] = {
    "no degree": "I {don't have|never took} a degree, I {started|came in} {straight "
    "from|after} "
    "{upper secondary school|the military service}",
    "nursing": "I {trained|worked} as a nurse {at|in} <town> {for many years|originally}",
    "degree": "I {studied|have a degree in} <subject>, {at|from} the university in <town>",
}
# A sentence of an answer with the codes it expresses and the trap it hides.
Tagged = tuple[list[Piece], tuple[str, ...], "str | None"]
STORY_VOICES: dict[str, tuple[str, ...]] = {
    "official": ("official",),
    "unit_manager": ("manager",),
    "regional_coordinator": ("manager",),
    "senior_management": ("senior", "manager"),
}
CLOSING_RESPONDENT: tuple[str, ...] = (
    "{No, I think|No, I believe} {we covered|we've covered} {most of it|everything}. {If you "
    "need "
    "anything else|If anything comes up}, {call me|you can call me} on <phone>.",
    "{Not really|No, not really}. {Or|Well}, {yes|maybe}, {one thing|just one thing}: {I "
    "hope|I "
    "really hope} {somebody|someone} {reads|actually reads} {this|your report}{, ha|}.",
    "{No|No, nothing}. {You have my e-mail|My e-mail is} <email>{, if you want to check "
    "anything|, if there's anything}.",
    "{I don't think so|Nothing more}. {It was|That was} {nice|good} to {talk about|think "
    "about} "
    "{it|these things}{, <interviewer>|}.",
)
CLOSING_INTERVIEWER: tuple[str, ...] = (
    "{Thank you so much|Thanks a lot}{, <self>|}. {I'll stop the recording now|I'm turning "
    "off "
    "the recorder}.",
    "{Great|Good}, {then|so} {thank you|thanks} {very much|for your time}. {That's|Then "
    "that's} "
    "{it|all}.",
)
PERSONAL_DETAIL_MANAGER: tuple[str, ...] = (
    "{One of my officials|<colleague:f>} {got|had} a {threatening|really nasty} call from {a "
    "client|a man} "
    "on <phone> {last month|in the spring}, {so we reported it|and we called the police}.",
    "{We had|There was} a {complaint|long complaint letter} from {a client|a man} {on|at} "
    "<street>{ in "
    "<town>|}, who had {written|sent copies} to {the newspaper|the director general} {as "
    "well|too}.",
    "{Some|A few} {journalists|reporters} {called|rang} {me|the office} about {a case|a "
    "client}, <client:f>, "
    "{last autumn|on <date>}, {and|but} {of course|naturally} {I|we} {couldn't|could not} say "
    "anything.",
)
PERSONAL_DETAIL: tuple[str, ...] = (
    "{Just the other day|Last week|This morning}, {when I|once I} {had|typed in} {the|a} "
    "personal "
    "number, <pnr>, {the system|it} {brought up|showed} {somebody else's|the wrong} "
    "{file|case}, "
    "{so|and} {that|it} took {an hour|half the morning} to {sort out|untangle}.",
    "{I had a client who|One woman} {read out|gave me} her personal number, <pnr>, {on the "
    "phone|over the phone}, and then the line {went dead|was cut off}.",
    "{And then you get|You also get} {relatives|calls from family}, {like|} {last "
    "week|yesterday} "
    "{a client's|one client's} {daughter|son} {rang|called} {from|on} <phone> {and asked|to "
    "ask} "
    "{if|whether} {we|I} {could|would} {send|post} {everything|the papers} to <street> "
    "{instead|in <town>}.",
)


@dataclass
class Turn:
    """One turn as composed, before it is laid out in a file.

    speaker (str): 'interviewer' or 'respondent'.
    paragraphs (list[list[Piece]]): the turn's text, in paragraphs.
    codes (list[str]): codes expressed (respondent turns), in order of first expression.
    traps (list[str]): trap ids contained.
    """

    speaker: str
    paragraphs: list[list[Piece]]
    codes: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Number of words in the turn."""
        return sum(
            len("".join(piece.text for piece in paragraph).split()) for paragraph in self.paragraphs
        )


def _lower_first(pieces: list[Piece]) -> list[Piece]:
    """Lower-case a statement's first letter when it follows a connector ('And the ...')."""
    if not pieces or pieces[0].category is not None:
        return pieces
    text = pieces[0].text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return [Piece(text[0].lower() + text[1:]), *pieces[1:]]
    return pieces


def _article(noun: str) -> str:
    """'a' or 'an' for a job title."""
    return "an" if noun[:1].lower() in "aeio" else "a"


def _hedged(pieces: list[Piece], hedge: str) -> list[Piece]:
    """Replace a statement's final full stop by ', <hedge>'."""
    last = pieces[-1]
    if last.category is not None or not last.text.endswith("."):
        return pieces
    return [*pieces[:-1], Piece(last.text[:-1] + ", " + hedge)]


class Composer:
    """Builds the turns of one interview.

    interview (Interview): the interview.
    people (list[Person]): everyone interviewed in the study.
    seed (int): the study seed.
    taken (frozenset[str]): participants' full names.
    """

    def __init__(
        self, interview: Interview, people: list[Person], *, seed: int, taken: frozenset[str]
    ) -> None:
        self.interview = interview
        self.rng = random.Random(f"{seed}/{interview.interview_id}")
        self.cast = Cast(interview, people, self.rng, taken=taken)
        self.role_index = ROLES.index(interview.person.role)
        # A personal factor per code: people differ, so groups overlap.
        self.factor = {code.code_id: self.rng.uniform(0.5, 1.5) for code in CODES}
        self.used: dict[str, int] = {}
        self.level = VERBATIM_LEVELS[interview.transcriber]
        self.idiolect = Idiolect.draw(self.rng)
        self.turns: list[Turn] = []
        self.word_count = 0

    def say(self, template: str) -> list[Piece]:
        """Expand a template with this interview's cast."""
        return expand(template, self.rng, filler=self.cast)

    def choose(self, templates: tuple[str, ...]) -> str:
        """Pick one of the least-used templates, so an interview repeats itself little."""
        fewest = min(self.used.get(template, 0) for template in templates)
        pool = [template for template in templates if self.used.get(template, 0) == fewest]
        template = self.rng.choice(pool)
        self.used[template] = self.used.get(template, 0) + 1
        return template

    def probability(self, code: Code) -> float:
        """How likely this respondent is to voice `code` when a question invites it."""
        wave = code.wave2 if self.interview.followup else 1.0
        return min(0.95, code.weights[self.role_index] * wave * self.factor[code.code_id])

    def ask(self, template: str, *, prefix: str = "", crosstalk: bool = False) -> None:
        """Add an interviewer turn: an optional prefix ('Okay. '), then the expanded template."""
        pieces = self.say(template)
        if prefix and not prefix.endswith(". "):
            pieces = _lower_first(pieces)
        pieces = ([Piece(prefix)] if prefix else []) + pieces
        if crosstalk:
            pieces = [Piece(self.rng.choice(("[crosstalk] ", "[crosstalk] Sorry. "))), *pieces]
        self.add_turn(
            Turn(INTERVIEWER, [disfluent(merge(pieces), self.rng, level=self.level * 0.5)])
        )

    def question_templates(self, question: Question) -> tuple[str, ...]:
        """The question's wordings for this respondent's perspective (empty: not asked)."""
        role = self.interview.person.role
        order = {"official": ("official", "any"), "senior_management": ("senior", "manager", "any")}
        for key in order.get(role, ("manager", "any")):
            if key in question.texts:
                return question.texts[key]
        return ()

    def fresh(self, code: Code) -> int:
        """How many of the code's wordings this respondent has not used yet."""
        templates = code.templates(self.interview.person.role)
        return sum(1 for template in templates if not self.used.get(template))

    def statement(self, code: Code, *, first: bool) -> list[Piece]:
        """A statement of `code`, sometimes joined by a connector or closed by a hedge."""
        pieces = self.say(self.choose(code.templates(self.interview.person.role)))
        if not first and self.rng.random() < 0.45:
            connector = self.say(self.rng.choice(CONNECTORS))
            body = pieces if connector[-1].text.endswith(".") else _lower_first(pieces)
            pieces = [*connector, Piece(" "), *body]
        if self.rng.random() < 0.22:
            pieces = _hedged(
                pieces, "".join(piece.text for piece in self.say(self.rng.choice(HEDGES)))
            )
        return pieces

    def story(self, story: Story) -> list[Tagged]:
        """Tell an anecdote: one alternative per step, each a sentence with its codes."""
        self.used[story.story_id] = self.used.get(story.story_id, 0) + 1
        out: list[Tagged] = []
        self.cast.pinned = {}
        for step in story.steps:
            codes, template = step[self.rng.randrange(len(step))]
            if template:
                out.append((self.say(template), codes, None))
        self.cast.pinned = None
        return out

    def pick_story(self, chosen: list[Code]) -> Story | None:
        """A story on the current topic that this respondent can tell and has not told twice."""
        voices = STORY_VOICES[self.interview.person.role]
        topics = {code.code_id for code in chosen}
        fitting = [
            story
            for story in STORIES
            if set(story.perspectives) & set(voices)
            and topics & set(story.topics)
            and self.interview.wave in story.waves
            and self.used.get(story.story_id, 0) < 1
        ]
        if not fitting:
            return None
        fewest = min(self.used.get(story.story_id, 0) for story in fitting)
        return self.rng.choice(
            [story for story in fitting if self.used.get(story.story_id, 0) == fewest]
        )

    def dress(self, sentences: list[Tagged]) -> list[Tagged]:
        """Add what makes an answer sound spoken: an opener, asides, a trap, a closer."""
        rng = self.rng
        out = list(sentences) or [(self.say(self.choose(NEUTRAL)), (), None)]
        if rng.random() < 0.14:
            trap = rng.choice(TRAPS)
            self.insert(out, self.say(trap.template), trap=f"{trap.trap_id}:{trap.imitates}")
        if rng.random() < 0.05:
            official = self.interview.person.role == "official"
            self.insert(
                out, self.say(self.choose(PERSONAL_DETAIL if official else PERSONAL_DETAIL_MANAGER))
            )
        if rng.random() < 0.04:
            self.insert(out, self.say(self.choose(DIGRESSIONS)))
        if rng.random() < 0.12:
            index = rng.randrange(len(out))
            pieces, codes, trap = out[index]
            out[index] = ([*pieces, Piece(" " + rng.choice(NONVERBAL))], codes, trap)
        if rng.random() < 0.6:
            opener = self.say(self.choose(OPENERS))
            pieces, codes, trap = out[0]
            joined = pieces if opener[-1].text.endswith((".", "?")) else _lower_first(pieces)
            out[0] = ([*opener, Piece(" "), *joined], codes, trap)
        if rng.random() < 0.3:
            out.append((self.say(self.choose(CLOSERS)), (), None))
        return out

    def insert(
        self, sentences: list[Tagged], pieces: list[Piece], *, trap: str | None = None
    ) -> None:
        """Put an aside somewhere among an answer's sentences."""
        sentences.insert(self.rng.randrange(len(sentences) + 1), (pieces, (), trap))

    def answer(self, codes: list[Code]) -> list[Tagged]:
        """Statements of `codes`, one to three each, with neutral asides between them."""
        out: list[Tagged] = []
        for code in codes:
            wanted = 1 + (self.rng.random() < 0.45) + (self.rng.random() < 0.15)
            # Once every wording of a code is used, people rarely say it a fourth time.
            fresh = self.fresh(code) or (1 if self.rng.random() < 0.3 else 0)
            for _ in range(min(wanted, fresh)):
                out.append((self.statement(code, first=not out), (code.code_id,), None))
            if self.rng.random() < 0.35:
                out.append((self.say(self.choose(NEUTRAL)), (), None))
        return out

    def respond(self, sentences: list[Tagged], *, dressed: bool = True) -> None:
        """Add respondent turns for tagged sentences, split by backchannels, in paragraphs.

        sentences (list[Tagged]): what the respondent says.
        dressed (bool): whether to add openers, asides and traps (not in greetings and goodbyes).
        """
        rng = self.rng
        sentences = self.dress(sentences) if dressed else sentences
        split = len(sentences) > 6 and rng.random() < 0.35
        cut = rng.randrange(3, len(sentences) - 2) if split else len(sentences)
        for number, part in enumerate((sentences[:cut], sentences[cut:])):
            if not part:
                continue
            if number > 0 or self.turns[-1].speaker == RESPONDENT:
                self.backchannel()
            self.add_turn(self.respondent_turn(part))

    def respondent_turn(self, part: list[Tagged]) -> Turn:
        """One respondent turn: sentences made disfluent, grouped in paragraphs, codes "
        "collected."""
        turn = Turn(RESPONDENT, [[]])
        for pieces, codes, trap in part:
            if turn.paragraphs[-1] and self.rng.random() < 0.18:
                turn.paragraphs.append([])
            elif turn.paragraphs[-1]:
                turn.paragraphs[-1].append(Piece(" "))
            spoken = particles(self.idiolect.apply(pieces, self.rng), self.rng, rate=0.18)
            turn.paragraphs[-1].extend(disfluent(spoken, self.rng, level=self.level))
            turn.codes.extend(code for code in codes if code not in turn.codes)
            turn.traps.extend([trap] if trap else [])
        turn.paragraphs = [merge(paragraph) for paragraph in turn.paragraphs]
        return turn

    def backchannel(self) -> None:
        """A short interviewer turn between two parts of an answer; now and then overlapping."""
        if self.rng.random() < 0.08:
            self.ask(self.rng.choice(CROSSTALK_INTERVIEWER))
        else:
            self.ask(self.choose(BACKCHANNELS))

    def add_turn(self, turn: Turn) -> None:
        """Append a turn, keeping the running word count."""
        self.turns.append(turn)
        self.word_count += turn.words

    def words(self) -> int:
        """Words composed so far."""
        return self.word_count

    def invited(self, question: Question) -> list[Code]:
        """The codes this respondent voices in answer to `question`, drawn by probability."""
        role = self.interview.person.role
        candidates = [CODE_INDEX[c] for c in question.codes if CODE_INDEX[c].templates(role)]
        chosen = [code for code in candidates if self.rng.random() < self.probability(code)]
        if not chosen and candidates and self.rng.random() < 0.85:
            chosen = [max(candidates, key=self.probability)]
        self.rng.shuffle(chosen)
        return chosen

    def exchange(self, question: Question, *, until: int) -> None:
        """Ask a guide question, then probe, with examples and stories, until `until` words."""
        rng = self.rng
        prefix = rng.choice(
            ("", "", "Okay. ", "Mm. ", "Good. ", "Thank you. ", "Right, ", "Okay, and ")
        )
        self.ask(
            self.choose(self.question_templates(question)),
            prefix=prefix,
            crosstalk=rng.random() < 0.04,
        )
        chosen = self.invited(question)
        opening = self.background() if question.key == "background" else []
        self.respond(opening + self.answer(chosen[:2]))
        rest, rounds = chosen[2:], 0
        while (rest or self.words() < until) and rounds < (5 if chosen else 1):
            rounds += 1
            self.ask(self.choose(PROBES))
            story = self.pick_story(chosen) if rng.random() < 0.45 else None
            if story is not None:
                self.respond(self.story(story) + self.answer(rest[:1]))
            else:
                unsaid = [code for code in chosen if self.fresh(code)] or chosen
                more = rest[:1] or ([rng.choice(unsaid)] if chosen and rng.random() < 0.8 else [])
                self.respond(self.answer(more))
            rest = rest[1:]

    def background(self) -> list[Tagged]:
        """The respondent's own story: years in the agency, education, earlier jobs."""
        person = self.interview.person
        years = person.years + (1 if self.interview.followup else 0)
        study = EDUCATION.get(person.background, EDUCATION["degree"]).replace(
            "<subject>", person.background
        )
        title = f"{_article(person.title)} {person.title}"
        lines = (
            f"I have {{worked here|been at the agency}} for {years} years {{now|this autumn}}, "
            "{more or less|roughly}.",
            study + "{, and then I worked at <employer> for a few years| before I came here|}.",
            f"{{Now|These days}} I {{work as|am}} {title} at the <office> office"
            "{, since <date>|}.",
        )
        return [(self.say(line), (), None) for line in lines]

    def reply(self, template: str) -> None:
        """A short respondent turn without asides: greetings, small talk, goodbyes."""
        self.respond([(self.say(template), (), None)], dressed=False)

    def opening(self) -> None:
        """Greeting, consent and a little small talk."""
        rng = self.rng
        if self.interview.mode == "phone":
            self.ask(rng.choice(PHONE_CHECK))
            self.reply("{Yes|Yes, yes}, {I hear you fine|it's fine now}{, <interviewer>|}.")
        self.ask(rng.choice(OPENING_INTERVIEWER))
        self.reply(rng.choice(OPENING_RESPONDENT))
        if rng.random() < 0.5:
            self.ask(rng.choice(BACKCHANNELS))
            self.reply(rng.choice(SMALL_TALK))

    def closing(self) -> None:
        """The closing question, the respondent's last words and thanks."""
        rng = self.rng
        self.ask(rng.choice(CLOSING))
        self.reply(rng.choice(CLOSING_RESPONDENT))
        self.ask(rng.choice(CLOSING_INTERVIEWER))

    def compose(self) -> list[Turn]:
        """All turns of the interview, sized to its target length."""
        interview = self.interview
        questions = [
            question
            for question in GUIDE
            if interview.wave in question.waves
            and (not question.roles or interview.person.role in question.roles)
            and self.question_templates(question)
        ]
        target = interview.target_words - 120
        self.opening()
        for number, question in enumerate(questions, start=1):
            self.exchange(question, until=target * number // len(questions))
        while self.words() < max(4150, target - 200):
            self.exchange(self.rng.choice(questions[1:]), until=self.words() + 250)
        self.closing()
        return self.turns


def compose_interview(
    interview: Interview, people: list[Person], *, seed: int, taken: frozenset[str]
) -> list[Turn]:
    """Compose the turns of one interview.

    interview (Interview): the interview.
    people (list[Person]): everyone interviewed in the study.
    seed (int): the study seed.
    taken (frozenset[str]): participants' full names, not reused for others.
    RETURNS (list[Turn]): the interview's turns in order.
    """
    return Composer(interview, people, seed=seed, taken=taken).compose()
