"""The interview guide: one guide for all roles, read aloud a little differently each time.

Each question lists the codes it invites; the follow-up guide of 2014 adds questions on
whether MI is still used and how officials judge their competence.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """One question of the interview guide.

    key (str): a short id.
    texts (dict[str, tuple[str, ...]]): templates by perspective ('any', 'official', 'manager',
        'senior').
    codes (tuple[str, ...]): codes the question invites.
    waves (tuple[str, ...]): waves in which it is asked.
    roles (tuple[str, ...]): roles it is asked of; empty means all.
    """

    key: str
    texts: dict[str, tuple[str, ...]]
    codes: tuple[str, ...]
    waves: tuple[str, ...] = ("2013", "2014")
    roles: tuple[str, ...] = ()


MANAGERS = ("unit_manager", "regional_coordinator", "senior_management")
OFFICE_ROLES = ("official", "unit_manager", "regional_coordinator")

GUIDE: tuple[Question, ...] = (
    Question(
        "background",
        {
            "any": (
                "{So, to start with|To start with|First of all}, could you {tell me|say} a "
                "{little|bit} about yourself, your background {and|and, um,} how long you've "
                "{worked|been} {here|at the agency}?",
                "{Let's|Maybe we can} start with {you|your background}{, <self>|}. What did "
                "you do "
                "before, and how {did you end up|come you ended up} here?",
            )
        },
        ("skills_education",),
        waves=("2013",),
    ),
    Question(
        "since_last",
        {
            "any": (
                "{So, it's|It's} been about a year since we {last spoke|talked last time}. "
                "What has "
                "happened {since then|in the meantime}, {in your work|at work}?",
                "{Good to see you again|Nice to meet again}{, <self>|}. {Could you start by "
                "telling "
                "me|Tell me} {what's new|what has changed} since last {spring|year}?",
            )
        },
        ("reform_cycles", "workload", "teams"),
        waves=("2014",),
    ),
    Question(
        "role_now",
        {
            "official": (
                "How would you describe your {job|work} {today|as it is now}, {what do you "
                "actually "
                "do|what does a normal day look like}?",
                "{What|Which} {parts|tasks} of the job take most of your time {these days|now}?",
            ),
            "manager": (
                "How would you describe the {officials'|the officials'} role {today|now}, "
                "{compared "
                "to|compared with} {before|a few years ago}?",
                "What do you expect of {an official|the officials} {today|now}, {in their "
                "role|in the "
                "job}?",
            ),
            "senior": (
                "From where you sit, how {has|would you say} the {role|job} of the insurance "
                "official "
                "{changed|developed}?",
            ),
        },
        (
            "administrator_to_case_manager",
            "client_orientation",
            "discretion",
            "not_therapist",
            "stakeholder_coordination",
            "routines_regulation",
        ),
    ),
    Question(
        "agency_development",
        {
            "any": (
                "{If you look|Looking} at the agency as a whole, how do you see {its "
                "development|the "
                "development} {over|in} the last {few|five or so} years?",
                "{Why|What is the reason}, do you think, {that|} the agency {started|has "
                "started} "
                "{all|} these changes?",
            )
        },
        ("public_trust", "centralisation", "activation_policy", "reform_cycles"),
    ),
    Question(
        "day_to_day",
        {
            "official": (
                "How {do you manage|is it to manage} the {work|job} {day to day|from day to "
                "day}? "
                "{What are the conditions like|How are the conditions}?",
                "What makes {the job|your work} {hard|difficult} {at the moment|right now}?",
            ),
            "manager": (
                "What {conditions|possibilities} do the officials have {to do a good job|to "
                "manage "
                "their work}, {as you see it|would you say}?",
                "How {are|is} the {work|caseload} {followed up|measured} at your {office|unit}?",
            ),
        },
        (
            "workload",
            "performance_measures",
            "routines_regulation",
            "external_constraints",
            "discretion",
            "mi_priority",
        ),
        roles=OFFICE_ROLES,
    ),
    Question(
        "cooperation",
        {
            "official": (
                "{Tell me|Could you tell me} about {working|the work} with {healthcare|the "
                "care side} "
                "and employers{, how does that work|}?",
            ),
            "manager": (
                "How does the cooperation with {healthcare|the care providers} and employers "
                "work{, "
                "from your perspective|}?",
            ),
        },
        (
            "stakeholder_coordination",
            "external_constraints",
            "client_orientation",
            "activation_policy",
        ),
        roles=OFFICE_ROLES,
    ),
    Question(
        "new_principles",
        {
            "any": (
                "The agency has introduced {quite a lot of|several} {new things|new working "
                "methods}, "
                "lean, teams, {the MI course|MI}. How have you {experienced|seen} that?",
                "{Let's|Can we} talk about the {new|} {management principles|ways of "
                "working}: "
                "{lean|the flow work}, the teams and so on. What {do you think|is your view}?",
            )
        },
        (
            "lean",
            "teams",
            "coherent_strategy",
            "separate_initiatives",
            "reform_cycles",
            "coaching_leadership",
        ),
    ),
    Question(
        "how_connected",
        {
            "any": (
                "{Do you see|Would you say} {these|the} {changes|initiatives} {hang "
                "together|are "
                "connected} {in some way|somehow}, or {are they|are they rather} separate "
                "{things|projects}?",
                "How do {lean|the lean work}, the teams and MI {relate to|fit with} each "
                "other, {as "
                "you see it|in your view}?",
            )
        },
        ("coherent_strategy", "separate_initiatives", "lean", "teams", "mi_priority"),
    ),
    Question(
        "leadership",
        {
            "official": (
                "How {is|would you describe} the {leadership|management} at your office? "
                "{How|In what "
                "way} {does|do} your manager {follow up|support} {your work|you}?",
            ),
            "manager": (
                "How {would you describe|do you see} your {own|} {role as a "
                "manager|leadership} "
                "{today|now}?",
                "{Has your way|Have your ways} of leading {changed|shifted} {with|since} the "
                "new {principles|methods}?",
            ),
        },
        ("coaching_leadership", "performance_measures", "manager_support", "teams"),
    ),
    Question(
        "mi_course",
        {
            "official": (
                "You took the {MI course|course in motivational interviewing}. {What was that "
                "like|How did you find it}?",
                "{Could you tell me|Tell me} about the {MI training|MI course}, {what do you "
                "remember "
                "of it|how was it}?",
            ),
            "manager": (
                "Your officials {took|went on} the MI course{, and you had the one-day "
                "version|}. "
                "{How did you see it|What did you think of it}?",
            ),
            "senior": (
                "{Why did the agency choose|How come the agency chose} {motivational "
                "interviewing|MI} {in particular|}, {as far as you know|do you know}?",
            ),
        },
        ("mi_training", "mi_coaching_feedback", "mi_useful", "coherent_strategy"),
        waves=("2013",),
    ),
    Question(
        "mi_use",
        {
            "official": (
                "{How|In what way} do you use MI in your {client meetings|meetings with "
                "clients}{, if "
                "you do|}?",
                "{Can you|Could you} describe a {meeting|situation} where you used {MI|it}?",
            ),
            "manager": (
                "{What is your picture of|How do you see} the officials' use of MI {today|now}?",
            ),
        },
        ("mi_useful", "mi_techniques", "mi_limits", "mi_insecurity", "client_orientation"),
        roles=OFFICE_ROLES,
    ),
    Question(
        "mi_still",
        {
            "official": (
                "Last time we talked {quite a lot|a bit} about MI. Do you still use it{, "
                "would you "
                "say|}?",
                "{How about|What about} MI {now|these days}, {is that still|is it} {something "
                "you "
                "use|part of your work}?",
            ),
            "manager": ("{Do you think|Would you say} the officials still use MI, a year on?",),
        },
        ("mi_decline", "mi_techniques", "mi_useful", "mi_insecurity", "mi_monitoring"),
        waves=("2014",),
    ),
    Question(
        "mi_competence",
        {
            "official": (
                "How would you {judge|rate} your {own|} {competence|skills} in MI {today|now}?",
            ),
            "manager": (
                "How do you {judge|see} the officials' {competence|skills} in MI {now|today}?",
            ),
        },
        ("mi_insecurity", "mi_decline", "mi_coaching_feedback", "skills_education"),
        waves=("2014",),
        roles=OFFICE_ROLES,
    ),
    Question(
        "mi_support",
        {
            "any": (
                "What {happened|has happened} {after|since} the course, {in terms of|as for} "
                "support "
                "and follow-up?",
                "{Has|Is} there {been|} any follow-up of {the|} MI{, from management or the "
                "coaches|}?",
            )
        },
        ("manager_support", "mi_coaching_feedback", "mi_monitoring", "mi_priority"),
    ),
    Question(
        "competence",
        {
            "official": (
                "What {knowledge|competence} does {an official|a person in your job} need, "
                "{do you "
                "think|would you say}?",
            ),
            "manager": (
                "What {competence|kind of person} do you look for when you {recruit|hire} "
                "{officials|new officials}?",
            ),
            "senior": (
                "What competence {does the agency need|do the officials need} {going "
                "forward|in the "
                "future}?",
            ),
        },
        ("skills_education", "not_therapist", "client_orientation"),
    ),
    Question(
        "strategy",
        {
            "senior": (
                "{How|What} {would you say|do you think} {is the|was the} {overall|} "
                "{strategy|idea} "
                "{behind|with} the changes?",
                "How {do|did} you {work with|handle} the implementation {towards|out to} the "
                "offices?",
            )
        },
        (
            "public_trust",
            "centralisation",
            "coaching_leadership",
            "coherent_strategy",
            "mi_monitoring",
        ),
        roles=("senior_management",),
    ),
    Question(
        "future",
        {
            "any": (
                "{Finally|To round off}, how do you see the {future|coming years}, {for|in} "
                "your "
                "{work|job}?",
                "If you could change {one thing|something}, what would it be?",
            )
        },
        ("reform_cycles", "workload", "mi_decline", "coherent_strategy", "separate_initiatives"),
    ),
)
CLOSING: tuple[str, ...] = (
    "{Is there|Is there anything else} {anything you would like to add|you want to add} "
    "{before "
    "we finish|that we haven't talked about}?",
    "{I think|I believe} {that was|those were} {all|all my} {my|} questions. {Anything you "
    "want "
    "to add|Do you want to add anything}?",
)
OPENING_INTERVIEWER: tuple[str, ...] = (
    "{Okay, so|Okay, well|So|Right}, {the recorder is on|it's recording now}. {Thank "
    "you|Thanks} for {taking "
    "the time|having me}{, <self>|}.",
    "{Good|Right}, {then|so} we can start. {As I said|As I mentioned} {in the e-mail|on the "
    "phone}, {it's|this is} {anonymous|confidential} and you can stop {whenever you like|at "
    "any "
    "time}.",
    "{Before we start|First of all}, I have <self:poss> {signed|} consent form {here|with "
    "me}, "
    "{so that's fine|thank you}. {It's recording now|The recorder is on}.",
    "{Thanks for|Thank you for} {agreeing|taking part}{, <self>|}. {It'll|This will} take "
    "{about|roughly} an hour{, maybe a bit less|}.",
)
OPENING_RESPONDENT: tuple[str, ...] = (
    "{No problem|Of course}{, <interviewer>|}.",
    "Yes, {that's fine|sure}.",
    "{Yes|Good}. I read <interviewer:poss> {e-mail|letter} about the study, {so|and} I {think "
    "I|} know "
    "{roughly|more or less} what it's about.",
    "{Good|Okay}. {Let's go|Go ahead}.",
    "{Yes|Sure}, {happy to|no problem}{, <interviewer>|}. {I hope I can|Hope I can} {be of "
    "help|help}.",
)
PHONE_CHECK: tuple[str, ...] = (
    "{Can you hear me|Do you hear me} {okay|all right}{, <self>|}? The line {is|was} a bit "
    "{bad|crackly} {before|a moment ago}.",
)
