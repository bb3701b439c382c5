"""Everything in a transcript that is talk rather than content: fillers, disfluencies,
small talk, digressions and the traps they hide for keyword coding.

Traps use a codebook keyword in another sense ('lean on colleagues', a football team,
the numbers of a phone); the gold files record them, tagged with the code they imitate.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from tools.demo.grammar import Piece

OPENERS: tuple[str, ...] = (
    "Well,",
    "Yes, well,",
    "Mm, yes.",
    "Hm, that's a {good|difficult} question.",
    "Yeah,",
    "Okay, so",
    "Eh, how should I put it,",
    "{Well, |}I would say",
    "Right,",
    "Well, it's like this,",
    "Mm.",
    "Yes.",
    "{Oh, where|Where} do I start.",
    "Hm.",
    "Yes, exactly.",
    "Ah, {yes|well}, that,",
)
CONNECTORS: tuple[str, ...] = (
    "And",
    "But",
    "So",
    "And then",
    "I mean,",
    "Also,",
    "On the other hand,",
    "And, you know,",
    "Because",
    "At the same time,",
    "And also",
    "But then again,",
    "And that means",
    "Plus",
    "Anyway,",
    "So yes,",
    "What else.",
    "And I think",
)
HEDGES: tuple[str, ...] = (
    "I think.",
    "so to speak.",
    "in a way.",
    "if you understand what I mean.",
    "or how should I put it.",
    "more or less.",
    "I would say.",
    "at least that's my feeling.",
    "you know.",
    "sort of.",
)
CLOSERS: tuple[str, ...] = (
    "So, yeah.",
    "That's how it is.",
    "I don't know if that answers your question.",
    "Something like that.",
    "Yes. So.",
    "{Yeah, that's|That's} {about it|what I can say about that}.",
    "So that's {one thing|that}.",
    "Mm. Yes.",
    "I don't know.",
)
NEUTRAL: tuple[str, ...] = (
    "{It's|That's} {difficult|hard} to say, {really|actually}.",
    "I can only speak for myself {here|now}, {of course|I should say}.",
    "It differs a lot between people, {of course|obviously}.",
    "I have thought about that {quite a lot|a bit}, {actually|to be honest}.",
    "{Maybe|Perhaps} it's different at other offices, {I don't know|I wouldn't know}.",
    "{How should I put it|What should I say|How should I say this}.",
    "{I|We} talked about {this|that} {just|only} {last week|the other day}, {funnily "
    "enough|actually}.",
    "{You|One} could {write|say} a whole book about {that|it}{, ha|}.",
    "{It|That} {sounds|may sound} {negative|worse than it is}, {but|though} {it's|it is} not "
    "{meant|that bad}.",
    "I {hope|trust} {this|it} stays {between us|anonymous}{, by the way|}.",
    "{Where was I.|What was I saying.|Sorry, I lost my thread.}",
    "{It's|That's} {not|not really} {black and white|simple}, {that's the thing|I mean}.",
    "Ask {anyone|someone else} and {you'll|you will} {get|hear} {another|a different} "
    "{answer|story}{, I'm sure|}.",
    "{Yes,|Mm,} {it's|that's} {how I see it|my picture of it} {anyway|at least}.",
    "I {don't want to|shouldn't} {complain|moan} too much {either|though}.",
)
BACKCHANNELS: tuple[str, ...] = (
    "Mm.",
    "Mhm.",
    "Yes.",
    "Right.",
    "Okay.",
    "I see.",
    "Mm, yes.",
    "Yeah.",
)
PROBES: tuple[str, ...] = (
    "Could you give {me|} an example?",
    "What do you mean by that?",
    "How did that feel?",
    "Can you say {a bit|} more about that?",
    "How come, do you think?",
    "And how did your colleagues see it?",
    "Mm, and then what happened?",
    "{In what way|How do you mean}?",
    "Is that something you {talk about|discuss} {at the office|with colleagues}?",
    "{Okay. |}Has that changed {over time|in the last few years}?",
    "Why do you think it's like that?",
    "And what {did|do} you do then?",
    "{Mm. |}Is that {common|usual}, would you say?",
    "{Sorry, could|Could} you {explain|expand on} that {a little|}?",
)
FILLERS: tuple[str, ...] = ("um", "er", "eh", "uh", "mm")
FALSE_STARTS: tuple[str, ...] = (
    "It was- well,",
    "We had- no, we have",
    "The- the thing is,",
    "I- I mean,",
    "If you- when you",
    "They- or, some of them",
    "It's- how should I put it,",
    "So the- yes,",
    "We- we",
    "Did- no, sorry,",
    "When I- when we",
)


PARTICLES: tuple[str, ...] = ("you know,", "I mean,", "like,", "well,", "sort of,", "in a way,")
# Words after which a particle sounds natural ("and, you know, ...").
PARTICLE_AFTER: frozenset[str] = frozenset({"and", "but", "because", "so"})


@dataclass(frozen=True)
class Trap:
    """Talk that uses a code's keyword without expressing the code.

    trap_id (str): a short id for the trap.
    imitates (str): the code id a keyword coder would wrongly assign.
    template (str): the template text.
    """

    trap_id: str
    imitates: str
    template: str


TRAPS: tuple[Trap, ...] = (
    Trap(
        "lean_on",
        "lean",
        "{You have to|You can} {lean on|lean on} {your colleagues|each other} "
        "{when|if} {it gets|things get} {rough|heavy}, {otherwise|or} "
        "{you|one} {wouldn't|couldn't} {survive|cope}.",
    ),
    Trap(
        "lean_meat",
        "lean",
        "{My husband|My partner} {is on|has started} {some diet|a diet} "
        "{with|where he eats} {only|just} lean {meat|chicken} and "
        "{vegetables|salad}{, ha|}.",
    ),
    Trap(
        "lean_towards",
        "lean",
        "I {lean|would lean} {towards|more towards} {taking|having} "
        "{my|the} {holiday|vacation} in {August|June} this year, "
        "{if|but} {it works out|we'll see}.",
    ),
    Trap(
        "football_team",
        "teams",
        "{My son|My daughter} plays {in|on} a {football|floorball} "
        "team {in|at} <town>, {so|and} {the weekends|every weekend} "
        "{go to|is spent at} {matches|tournaments}.",
    ),
    Trap(
        "team_sport",
        "teams",
        "{Did you see|Did you watch} {the match|the game} {yesterday|on "
        "Sunday}? {Our|The local} team {lost|drew} again{, typical|}.",
    ),
    Trap(
        "phone_numbers",
        "performance_measures",
        "{I've|I have} {got|had} a new {phone|mobile} "
        "and {all|half} the numbers {disappeared|were "
        "lost}, {so|and} I {had to|must} {type|put} "
        "them {in|back} {again|by hand}.",
    ),
    Trap(
        "room_numbers",
        "performance_measures",
        "{They|Somebody} changed {all|} the {room|door} "
        "numbers {after|when} {the renovation|they "
        "rebuilt}, {so|and} {nobody|no one} {finds|can "
        "find} {anything|the meeting rooms}.",
    ),
    Trap(
        "bus_coach",
        "coaching_leadership",
        "We {took|went by} {the|a} coach {to|down to} <town> "
        "{for|on} {a|the} {staff party|kick-off}, "
        "{four|five} hours {each way|there}{, never again|}.",
    ),
    Trap(
        "parking_limit",
        "activation_policy",
        "{The|Our} parking {outside|here} {has|now has} a "
        "{two-hour|three-hour} time limit, {so|and} "
        "{you|I} {run out|have to run out} {and move the "
        "car|to move the car} {at lunch|in the middle of "
        "the day}.",
    ),
    Trap(
        "allotment_queue",
        "external_constraints",
        "{We|I} {have been|are} on the waiting list "
        "{for|to get} an allotment {for|since} "
        "{three|four} years{, it's ridiculous|}.",
    ),
    Trap(
        "gym_training",
        "mi_training",
        "I {go|have started going} {training|to training} {at the "
        "gym|twice a week} {after work|in the evenings}, "
        "{it|that} {helps|clears my head}.",
    ),
    Trap(
        "radio_listening",
        "mi_useful",
        "I {listen|usually listen} to {the radio|podcasts} {in "
        "the car|on the way in}, {it's|that's} {my|the only} "
        "{quiet|own} time{, really|}.",
    ),
    Trap(
        "open_question_weather",
        "mi_techniques",
        "{Whether|If} {we|we'll} get {a|any} summer "
        "{this year|at all} {is|remains} an open "
        "question{, ha|}.",
    ),
    Trap(
        "feedback_speaker",
        "mi_coaching_feedback",
        "{The|That} {microphone|loudspeaker} {in the "
        "big room|in the conference room} "
        "{gives|gave} feedback {all the time|every "
        "time}, {this|that} {horrible|awful} "
        "{whistle|noise}.",
    ),
    Trap(
        "trust_dog",
        "public_trust",
        "{I|We} {don't|can't} trust {the|our} {dog|cat} {alone|at "
        "home} {with|near} {the|our} {sofa|food}{, ha|}.",
    ),
    Trap(
        "record_summer",
        "mi_training",
        "{It was|Last year was} a record {summer|warm summer}, "
        "{wasn't it|remember}? {We|I} {were|was} {at|out at} "
        "{the|our} {summer house|cottage} {the whole time|all "
        "July}.",
    ),
    Trap(
        "morning_routine",
        "routines_regulation",
        "{My|Our} morning routine {at home|with the "
        "kids} is {chaos|pure chaos}, {honestly|I tell "
        "you}, {lunch boxes|packed lunches} and "
        "{lost|missing} {gloves|shoes}.",
    ),
    Trap(
        "value_canteen",
        "lean",
        "{The|Our} canteen {is|isn't} {good|bad} value for money{, "
        "but|, though} {the|} {coffee|soup} is {fine|okay}.",
    ),
)
# Off-topic small talk without traps; some carry identifiers.
SMALL_TALK: tuple[str, ...] = (
    "{Sorry|Excuse me}, {I just|I'll just} {have to|need to} {turn off|silence} {my|the} "
    "phone. "
    "{There|Okay}.",
    "{We|I} {just|recently} moved {to|into} {a flat|a house} {on|at} <street>, {so|and} "
    "{everything|half our stuff} is {still|} in boxes.",
    "{It's|It has been} {so|really} {hot|rainy} {this week|these days}, {isn't it|don't you "
    "think}?",
    "{Did you|Have you} {find|found} {your way|the way} {here|in} {all right|okay}? {The|Our} "
    "entrance is {a bit|rather} {hidden|tricky}.",
    "{I was|I've been} {on|off on} {parental leave|leave} {for|} {a while|six months} {last "
    "year|before this}, {so|and} {I|I've} {missed|lost track of} {some|a few} things.",
    "{My|Our} {daughter|son} {is|was} {born|turning three} {on|in} <date>, {so|and} {it's|it "
    "was} "
    "{a busy|quite a} {time|year}.",
    "Would you like {some|more} coffee{, by the way|}? {No?|Okay.}",
    "{Sorry, that|That} was <colleague:f>{, she just|, she only} {wanted|needed} the "
    "{key|keys} "
    "to the {car|meeting room}.",
    "{I'm|I am} {actually|originally} from <town>, {so I commute every day|and I've commuted "
    "for "
    "years}.",
)
# Longer off-topic stretches, several sentences, as people drift in a long interview.
DIGRESSIONS: tuple[str, ...] = (
    "{By the way|Oh, by the way}, {did you see|have you seen} the new {building|office} {by "
    "the station|on "
    "<street>}? We're {moving there|supposed to move there} {in the autumn|next year}, {open "
    "plan|an open "
    "office}, {no desks of our own|activity-based, they call it}. {Nobody is looking forward "
    "to it|I'm not "
    "looking forward to it}, {honestly|to be honest}.",
    "{My daughter|My son} {just started|has started} {university|studying} in <town>, {social "
    "work|law}, "
    "{actually|funnily enough}. We drove up there {on Sunday|last weekend}, {six|five} hours "
    "{in the car|each "
    "way}{, and the car broke down on the way back|}.",
    "{Sorry|Excuse me}, I'm a bit {tired|slow} today, we were up {half the night|all night} "
    "with {the dog|the "
    "baby|a sick child}. [laughs] {Where were we|Anyway}.",
    "[phone rings] {Sorry|Oh, sorry}, {I'll just|let me just} {turn that off|switch it off}. "
    "{It's|That was} "
    "{my husband|the school|the dentist}, {it can wait|he can wait}. [pause] {Yes|Right}.",
    "{We had|There was} {a fire alarm|a power cut} {here|in the building} {on|last} "
    "{Monday|week}, {the whole "
    "building|everyone} {out|standing} in the car park for an hour{, in the rain|}. "
    "{Nobody|No one} {knew|could "
    "tell us} {what had happened|why}.",
    "{Can I|May I} {ask|just ask} {what|how} {you|the researchers} {will do|are going to do} "
    "with {this|the "
    "interviews}{, by the way|}? {Will|Is} {anybody|anyone} at {the head office|the agency} "
    "{read|going to "
    "read} it? [laughs]",
)
NONVERBAL: tuple[str, ...] = ("[laughs]", "[pause]", "[sighs]", "[laughs]", "[coughs]", "[pause]")
CROSSTALK_INTERVIEWER: tuple[str, ...] = (
    "[crosstalk] {Sorry|Sorry, sorry}, go on.",
    "[crosstalk] No, {please|you first}.",
    "[crosstalk] Mm, {continue|yes}.",
)


def disfluent(pieces: list[Piece], rng: random.Random, *, level: float) -> list[Piece]:
    """Make clean speech verbatim: fillers, repeated words, false starts, inaudible words.

    pieces (list[Piece]): the utterance; identifiers are never touched.
    rng (random.Random): the interview's generator.
    level (float): 0 for clean verbatim, about 1 for full verbatim.
    RETURNS (list[Piece]): the pieces with disfluencies inserted into plain text.
    """
    out: list[Piece] = []
    for piece in pieces:
        if piece.category is not None:
            out.append(piece)
            continue
        out.append(Piece(_disfluent_text(piece.text, rng, level=level)))
    return out


def _disfluent_text(text: str, rng: random.Random, *, level: float) -> str:
    words = text.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        previous = out[-1] if out else ""
        roll = rng.random()
        if word and previous and previous[-1] not in ".?!" and roll < 0.025 * level:
            out[-1] = previous if previous[-1] in ",.?!" else previous + ","
            out.append(rng.choice(FILLERS) + ",")
        elif roll < 0.04 * level and word.isalpha() and len(word) <= 4 and word.islower():
            out.append(word + "-")
        elif (
            roll < 0.045 * level and word.isalpha() and index > 0 and previous.endswith((".", "?"))
        ):
            out.append(rng.choice(FALSE_STARTS))
            word = word.lower() if word != "I" else word
        elif roll < 0.0465 * level and word.isalpha() and word.islower() and len(word) > 3:
            word = "[inaudible]"
        out.append(word)
    return " ".join(out)


def particles(pieces: list[Piece], rng: random.Random, *, rate: float) -> list[Piece]:
    """Sprinkle discourse particles ('you know', 'sort of') between words of plain text.

    Speakers say the same thing differently each time; this keeps two interviews from sharing
    long identical passages. Identifiers are never touched.
    pieces (list[Piece]): a sentence.
    rng (random.Random): the interview's generator.
    rate (float): chance of a particle at each word boundary.
    RETURNS (list[Piece]): the sentence with particles.
    """
    out: list[Piece] = []
    for piece in pieces:
        if piece.category is not None:
            out.append(piece)
            continue
        words = piece.text.split(" ")
        kept: list[str] = []
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else ""
            kept.append(word)
            at_clause = (word.endswith(",") and word[:-1].isalpha()) or word in PARTICLE_AFTER
            after_particle = any(" ".join(kept[-2:]).endswith(p) for p in PARTICLES)
            if at_clause and not after_particle and following[:1].islower() and rng.random() < rate:
                kept[-1] = word if word.endswith(",") else word + ","
                kept.append(rng.choice(PARTICLES))
        out.append(Piece(" ".join(kept)))
    return out


# Contractions a speaker may say in full ("it's" -> "it is"); only expanded, since contracting
# is not always grammatical ("that's how it is").
CONTRACTIONS: dict[str, str] = {
    "it's": "it is",
    "don't": "do not",
    "doesn't": "does not",
    "can't": "cannot",
    "isn't": "is not",
    "wasn't": "was not",
    "haven't": "have not",
    "I'm": "I am",
    "that's": "that is",
    "there's": "there is",
    "we're": "we are",
    "they're": "they are",
    "you're": "you are",
    "I've": "I have",
    "didn't": "did not",
    "wouldn't": "would not",
    "couldn't": "could not",
    "shouldn't": "should not",
    "aren't": "are not",
    "we've": "we have",
}
# Words that mean the same; each speaker settles on one of each group.
IDIOLECT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("maybe", "perhaps"),
    ("everyone", "everybody"),
    ("someone", "somebody"),
    ("nobody", "no one"),
    ("to be honest", "honestly"),
    ("e-mail", "email"),
    ("I think", "I believe", "I feel"),
    ("actually", "in fact"),
)
_WORDS = re.compile(
    r"\b("
    + "|".join(
        re.escape(word)
        for word in sorted(
            {*CONTRACTIONS, *(w for g in IDIOLECT_GROUPS for w in g)}, key=len, reverse=True
        )
    )
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Idiolect:
    """How one respondent words things: contractions said in full, preferred synonyms.

    expand (float): chance that a contraction is said in full.
    choices (dict[str, str]): lower-case word -> the speaker's word for it.
    """

    expand: float
    choices: dict[str, str]

    @classmethod
    def draw(cls, rng: random.Random) -> Idiolect:
        """A speaker's idiolect."""
        choices = {}
        for group in IDIOLECT_GROUPS:
            chosen = rng.choice(group)
            choices.update({word.lower(): chosen for word in group})
        return cls(expand=rng.choice((0.05, 0.3, 0.7)), choices=choices)

    def apply(self, pieces: list[Piece], rng: random.Random) -> list[Piece]:
        """Reword plain pieces in this speaker's words; identifiers are kept."""
        return [
            piece
            if piece.category is not None
            else Piece(_WORDS.sub(lambda m: self._word(m.group(0), rng), piece.text))
            for piece in pieces
        ]

    def _word(self, word: str, rng: random.Random) -> str:
        lower = word.lower()
        if lower in self.choices:
            chosen = self.choices[lower]
        elif word in CONTRACTIONS or lower in CONTRACTIONS:
            full = CONTRACTIONS.get(word, CONTRACTIONS.get(lower, word))
            chosen = full if rng.random() < self.expand else word
        else:
            return word
        if word[0].isupper() and not chosen[0].isupper():
            return chosen[0].upper() + chosen[1:]
        return chosen
