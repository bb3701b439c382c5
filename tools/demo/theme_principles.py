"""Theme 2, managing the implementation of new principles: how respondents talk about it.

Templates are our own sentences. The findings of the reference study are in the weights:
managers see one strategy, officials separate initiatives; MI use and vocabulary fade by 2014.
"""

from __future__ import annotations

from tools.demo.codes import Code

THEME = "Managing the implementation of new principles"
PRINCIPLES = "new management principles"
IMPLEMENTING = "implementing MI"
USING = "using MI"

CODES: tuple[Code, ...] = (
    Code(
        "lean",
        THEME,
        PRINCIPLES,
        keywords=(
            "lean",
            "value flow",
            "process map",
            "improvement",
            "whiteboard",
            "waste",
            "flow",
        ),
        weights=(0.45, 0.65, 0.6, 0.65),
        wave2=0.9,
        lines={
            "senior": (
                "{Lean|The flow work} {was|is} {about|a way of} {taking away|removing} "
                "{waste|unnecessary steps} {so that|and} {the officials|people} {get|have} "
                "{time|room} {for|to meet} the {clients|customer}.",
            ),
            "any": (
                "{We did|There were|We had} {these|a lot of these|several} {value flow "
                "analyses|flow analyses|value stream workshops} {with|using} {yellow "
                "notes|post-it notes|sticky notes} {all over the wall|on every wall|on the "
                "walls}, {every step|each step|all the steps} a {case|file} {goes "
                "through|passes "
                "through}.",
                "The idea is to {remove|take away} {everything|all the steps} that doesn't "
                "{add|give} {any value|anything} {to|for} the {customer|client}.",
                "{It comes from|It's from} {the car industry|Toyota, I think}, and some "
                "{people|colleagues} {think|feel} it doesn't {fit|belong} with {people|human "
                "beings} {at all|really}.",
                "We mapped the whole {process|flow} from {the first application|application} "
                "to "
                "{payment|payout}, and it was {actually|} {quite useful|an eye-opener}, {I "
                "must "
                "say|to be fair}.",
            ),
            "official": (
                "We have a board where we {write|put up} {improvement suggestions|small "
                "improvements}, and then we {go through|discuss} them at the "
                "{stand-up|morning "
                "meeting} on {Tuesdays|Wednesdays}.",
                "I don't think the {flow thinking|lean stuff} has changed {much|very much} in "
                "how "
                "I {actually work|handle my cases}, {to be honest|honestly}.",
                "{Some of the|The} {suggestions|ideas} we {put up|wrote} {on the board|} "
                "{have "
                "been there|have been hanging} {since the spring|for months}, {nobody|no one} "
                "{does anything|takes care of them}.",
            ),
            "manager": (
                "For me, {lean|working with flows} is about {continuous|constant} "
                "improvement, "
                "that {the staff|the officials} {themselves|} {see|find} what can be done "
                "{better|more simply}.",
                "We started with the {method days|workshops} in the {autumn|spring}, "
                "{every|each} "
                "{unit|group} mapped its own {flow|process}.",
                "{The lead times|Processing times} {went down|have come down} {quite a "
                "bit|noticeably} {since|after} we {started|began} {with the flows|working "
                "this "
                "way}.",
            ),
        },
    ),
    Code(
        "teams",
        THEME,
        PRINCIPLES,
        keywords=("team", "self-governing", "schedule", "group", "colleague"),
        weights=(0.5, 0.6, 0.5, 0.5),
        lines={
            "senior": (
                "{Self-governing teams|The teams} {were|are} {meant|supposed} to {move|bring} "
                "{decisions|responsibility} closer to {the client|the case}, {not|rather "
                "than} {waiting|having everything wait} for {a manager|the manager}.",
            ),
            "any": (
                "It works {well|fine|okay} in some {teams|groups}{,| but} {and not|not} {at "
                "all|so well|very well} in {others|other ones}{, it depends on|. It depends "
                "on|, "
                "it's about} {who you have in them|the people|who ends up in which group}.",
            ),
            "official": (
                "We work in {teams|groups} {now|these days}, {eight|seven} {people|officials} "
                "in "
                "each, and we {plan|do} the {schedule|rota} {ourselves|between us}.",
                "If I get stuck {with|on} a {case|tricky case}, I can bring it {to the "
                "others|up "
                "with the group} on {Thursdays|Thursday mornings}.",
                "The self-governing {part|bit}, well, {it mostly means|it meant mainly} that "
                "we "
                "{do|took over} {the manager's|the boss's} {admin|paperwork}, {if you ask "
                "me|if "
                "I'm honest}.",
                "{<colleague> and I|Me and <colleague>} sit next to each other, so we "
                "{ask|check "
                "with} each other all the time, {that helps|that is good}.",
                "{Nobody|No one} {really|actually} wants to be the one who {leads|chairs} the "
                "{meetings|weekly meeting}, so it {rotates|goes round}.",
            ),
            "manager": (
                "The {teams|groups} {should|are meant to} take more responsibility for {the "
                "planning|planning} and for {helping|supporting} each other.",
                "{Some|A few} {teams|groups} {took off|got going} {right away|straight away}, "
                "{others|some} {still|} {wait for me|wait for the manager} to {decide|tell "
                "them "
                "what to do}.",
                "{We have|There are} {four|five} {teams|groups} at {the office|my unit} "
                "{now|today}, {each with|and each has} {its own|a} {board|whiteboard} and "
                "{its "
                "own|a} {meeting|weekly meeting}.",
            ),
        },
    ),
    Code(
        "coaching_leadership",
        THEME,
        PRINCIPLES,
        keywords=("coach", "trust", "leadership", "micromanag", "control"),
        weights=(0.25, 0.6, 0.55, 0.75),
        lines={
            "official": (
                "The managers are {supposed|meant} to {coach|support} us {now|these days}, "
                "not "
                "{check|control} every {little|single} {thing|detail}.",
                "My manager asks more questions {now|these days} {instead of|rather than} "
                "{giving|handing out} answers, which is {a bit new|quite strange} for us.",
                "They talk about leading through trust, but then the {numbers|figures} come "
                "every "
                "{week|Friday} {anyway|all the same}.",
            ),
            "manager": (
                "My role has {changed|shifted} from {checking|controlling} to "
                "{coaching|supporting}, I try to ask how {they|the officials} would "
                "{solve|handle} it {themselves|instead}.",
                "We want to {lead|manage} through {trust|confidence} in their "
                "{competence|skills}, not through {counting|numbers}.",
                "It isn't {easy|simple} to {let go|stop steering} when you have been a "
                "{manager|boss} {the old way|the old-fashioned way} for {fifteen|twenty} "
                "years.",
                "We {got|had} a {leadership|manager} {programme|course} about being more of a "
                "{coach|guide}, and I {took|take} {that|it} {seriously|to heart}.",
            ),
            "senior": (
                "{The|Our} {managers|unit managers} {should|are supposed to} {coach|lead} "
                "{rather than|instead of} {count|control}, {that's|that is} {the message|what "
                "we say} {in|at} {every|all} {leadership|management} {programme|meeting}.",
                "We are {moving|trying to move} away from {detailed control|micromanagement} "
                "towards a {leadership|management} {based|built} on {trust|confidence} and "
                "{competence|know-how}.",
            ),
        },
    ),
    Code(
        "coherent_strategy",
        THEME,
        PRINCIPLES,
        keywords=("strategy", "whole", "together", "one direction", "part of"),
        weights=(0.1, 0.6, 0.6, 0.75),
        lines={
            "senior": (
                "{From the start|From the beginning} {the idea|our idea} {was|has been} "
                "{one|a single} {transformation|change}: {lean|the flows}, {the "
                "teams|self-governing teams}, {MI|the conversation method} and the customer "
                "promises {belong together|are parts of it}.",
                "We {never intended|did not intend} {them|these} as {separate|three} "
                "{projects|initiatives}, {but I understand|although I can see} why {it|they} "
                "{might look|can look} {like that|that way} {from the offices|out on the "
                "floor}.",
            ),
            "official": (
                "{I suppose|Maybe} {it's|it is} {meant to be|supposed to be} {one|the same} "
                "{thing|idea}, {the flows and the conversations|lean and MI}, {both|they "
                "both} {are|were} about {the client|the customer} in the end{, I can see "
                "that|}.",
            ),
            "any": (
                "It all {hangs|fits} together, {really|actually}, the {flows|flow work}, the "
                "{groups|teams} and the {conversation method|MI training}, it's {the same "
                "idea|one idea}.",
            ),
            "manager": (
                "{The way I explain it to my staff|What I tell my people} is that {lean gives "
                "us|the flows free up} {time|room}, {the teams share|the groups spread} the "
                "{load|work}, and {MI is|the conversations are} about {what we do with the "
                "time|how we meet the client}.",
                "{If you|When you} {look at|read} {the|our} {business plan|operational plan}, "
                "{it's all there|they're all in it}, {under|in} {the same|one} "
                "{heading|goal}{, so for me it's obvious|}.",
                "{For me|As I see it|In my view} {it's|it is} {one strategy|one direction|a "
                "single strategy}: {lean|the flows}, {the teams|the groups} and {MI|the "
                "conversation method} {are parts of|are pieces of|all belong to} {the same "
                "thing|one whole|the same picture}.",
                "{Everything|All of it} {aims at|points to} the same {goal|thing}, a "
                "{client|person} who gets {good|proper} {service|treatment} and {comes|goes} "
                "back "
                "to work.",
                "You can't {take|pick} one {piece|part} and {leave|skip} the {others|rest}, "
                "they "
                "{belong together|go hand in hand}.",
                "I see it as a {whole|package}, a new way of being {an agency|an authority}, "
                "not "
                "{three|several} {separate|different} projects.",
                "The {thread|common thread} is {the client|the customer} in the "
                "{centre|focus}, "
                "and every {part|piece} of the change {should|is meant to} {serve|support} "
                "that.",
            ),
        },
    ),
    Code(
        "separate_initiatives",
        THEME,
        PRINCIPLES,
        keywords=("separate", "another project", "compete", "on top", "one more thing"),
        weights=(0.6, 0.15, 0.15, 0.1),
        lines={
            "any": (
                "It {feels|felt} like one {thing|project} after the other: first {the flow "
                "thing|the flows}, then the {teams|groups}, then {MI|the course}.",
                "{Everything|Each thing} {competes|fights} for the same {hours|time}, and the "
                "{cases|files} still have to be {done|handled}.",
            ),
            "official": (
                "{First it was|It started with} {the flows|lean}, {then|and then} {came|there "
                "was} {the teams|the group thing}, and {before we had even|before we'd} {got "
                "used to that|understood that} {there was|we had} {the MI course|MI}. "
                "{Three|So three} {separate|different} {things|projects}, {the way I see "
                "it|if you ask me}.",
                "{MI|The conversation method} {is one thing|is its own thing}, {the board and "
                "the flows|lean} {is|are} {another|something else}, and {they never|nobody "
                "ever} {really|} {met|connected them}{, not for me anyway|}.",
                "{It's like|It feels like} {every|each} {department|unit} at {the head "
                "office|headquarters} {has|had} {its own|their own} {project|idea} {and|,} "
                "{we|the officials} {get|got} {all of them|them all} {at once|at the same "
                "time}.",
                "They don't {connect|tie together}, at least not for us {on the floor|on the "
                "ground}, it's just more {things|stuff} on top {of everything|}.",
                "{Nobody|No one} ever {explained|told us} how it was {supposed|meant} to "
                "{fit|hang} together, if it {even does|does at all}.",
                "One {day|week} it's {flows|value flows}, the next it's {conversation "
                "techniques|MI}, and you think, {okay|well}, which one is it {now|then}?",
                "I see them as {separate|different} {things|projects}, {honestly|to be "
                "honest}, I "
                "don't see {a red thread|a common thread}.",
            ),
        },
    ),
    Code(
        "mi_training",
        THEME,
        IMPLEMENTING,
        keywords=(
            "course",
            "training",
            "motivational interviewing",
            "book",
            "homework",
            "recording",
        ),
        weights=(0.55, 0.45, 0.4, 0.4),
        wave2=0.6,
        lines={
            "senior": (
                "{We|The agency} {bought|procured} {the course|the training} from {an "
                "external|a private} {company|provider}, and {every official with more than a "
                "year of service was|all officials with more than a year in the job were} "
                "{meant to|supposed to} take it.",
                "{The|A} {one-day|short} {version|summary} {for|was given to} {the "
                "managers|all managers} {was|was meant to be} {enough|sufficient} {to|for "
                "them to} {support|back} {it|the officials}{, we thought|, in theory}.",
            ),
            "any": (
                "{Everyone|All officials} with more than a year in {the agency|the job} "
                "{went|had "
                "to go}, it wasn't {voluntary|something you chose}.",
            ),
            "official": (
                "We had the {course|MI course} in two {blocks|rounds}, two days and then two "
                "more "
                "days {a few weeks|a month} later.",
                "The first {days|part} {were|was} on <date>, I think, in a {conference "
                "room|hotel} in <town>.",
                "We had to record a real {client meeting|meeting} as {homework|an "
                "assignment}, "
                "which was {quite|pretty} {scary|uncomfortable}, {to be honest|actually}.",
                "We got a {book|thick book} about motivational interviewing, I read "
                "{maybe|perhaps} {half|a third} of it.",
                "The {trainer|course leader} was {really|very} {good|inspiring}, she made us "
                "do "
                "role play in {pairs|small groups}.",
            ),
            "manager": (
                "We managers got a one-day {version|summary}, so I know the {basics|basic "
                "ideas} "
                "but not {more than that|much more}.",
                "All my {staff|officials} have {done|been on} the course {now|by now}, "
                "{except|apart from} the {newest ones|new recruits}.",
                "{The course|The training} {was|was really} {well received|appreciated} {by "
                "the "
                "officials|at the office}, {I heard|from what I heard} {only good "
                "things|mostly "
                "positive things}.",
            ),
        },
    ),
    Code(
        "mi_coaching_feedback",
        THEME,
        IMPLEMENTING,
        keywords=("coach", "feedback", "listen to the recording", "follow-up", "peer"),
        weights=(0.45, 0.35, 0.3, 0.25),
        wave2=0.7,
        lines={
            "any": (
                "After the course there was {nothing|no follow-up}, {nobody|no one} came back "
                "to "
                "it.",
            ),
            "official": (
                "We have one MI coach {at|in} the {office|house}, <coach>, and she {is "
                "supposed "
                "to|should} {help|support} us, but she has her own {cases|caseload} too.",
                "{Somebody|The coach} listened to my {recording|tape} and gave me "
                "{comments|feedback}, that was {actually|really} the most {useful|valuable} "
                "part.",
                "We were {supposed|meant} to meet in small groups and {practise|train}, but "
                "it "
                "only happened {twice|a couple of times}.",
                "I would {like|love} {someone|somebody|the coach} to {sit in on|join} a "
                "{meeting|client meeting} {and tell me|and then tell me|and give me feedback "
                "on} "
                "what I do {right|well} and what I {do wrong|could do better|should change}.",
                "<coach> {did|ran} a {few|couple of} {sessions|workshops} in the "
                "{spring|autumn}, "
                "but then she {moved|went} to {another unit|a different job}.",
            ),
            "manager": (
                "Each office has a {coach|trained coach}, and the {idea|thought} was that "
                "they "
                "would keep {it|things} {going|alive}.",
                "{The coach|Our coach} {has|has had} {almost|hardly} no time {set aside|for "
                "it}, "
                "{I know|I'm aware of that}, {that|it} {should|ought to} {have been|be} "
                "{planned|solved} {better|differently}.",
            ),
        },
    ),
    Code(
        "manager_support",
        THEME,
        IMPLEMENTING,
        keywords=("manager", "support", "interest", "boss", "prioritise"),
        weights=(0.55, 0.45, 0.3, 0.25),
        lines={
            "senior": (
                "{I think|My impression is that} {the|some} {managers|unit managers} "
                "{didn't|did not} {see|take} MI as {their|part of their} "
                "{business|responsibility}, and {that's|that is} {on us|partly our fault} "
                "{too|as well}.",
            ),
            "official": (
                "My {manager|boss} has never {once|} asked me how it goes with {MI|the "
                "conversations}, not {once|a single time}.",
                "<manager> is {nice|a nice person} and {all that|so on}, but {MI|the "
                "conversation "
                "method} isn't something she {cares|bothers} about.",
                "I don't think the {managers|bosses} really {know|understand} what MI is, "
                "they "
                "only had one day of it.",
                "If the {boss|manager} had shown {any|some} interest, it would have been "
                "{different|another story}, I think.",
                "<manager:poss> {focus|attention} is on the {figures|production}, that's what "
                "she "
                "asks about on {Mondays|Monday mornings}.",
            ),
            "manager": (
                "I have to {admit|be honest} that I haven't {focused on|put much energy into} "
                "{MI|the conversation method} as much as I should have.",
                "{MI|It|The MI part} {fell|slipped} {a bit|somewhat} between the "
                "{chairs|cracks} "
                "for me{, there was| since there was|. There was} so much else {going "
                "on|happening} {at the same time|that year|with the reorganisation}.",
                "I {do support|do back|am positive to} it, but I {leave it|have left it} to "
                "{the "
                "coach|our coach} and {the officials|the staff} {themselves|to run}, "
                "{really|basically|if I'm honest}.",
            ),
        },
    ),
    Code(
        "mi_priority",
        THEME,
        IMPLEMENTING,
        keywords=("priority", "time", "crowded out", "production", "no time"),
        weights=(0.55, 0.35, 0.3, 0.25),
        wave2=1.2,
        lines={
            "senior": (
                "{The production targets were tough|The demands on volume were heavy} that "
                "year, and {we|I} can understand {that|why} {MI|the practice} got pushed "
                "aside.",
            ),
            "any": (
                "It's a {question|matter} of {priorities|what comes first}, and {production "
                "always wins|the cases always come first}.",
            ),
            "official": (
                "{If I|When I} {have|get} {a free hour|an hour over}, {I|I'll} {use it|spend "
                "it} {on|for} {the pile|the backlog}, not {on|for} {practising|reading about} "
                "MI, {that's|that is} {just|simply} {how it is|reality}.",
                "When the {piles|queues} {grow|get longer}, the {MI|conversation} "
                "{stuff|part} is "
                "the first thing to {go|disappear}.",
                "There's no {time|room} to sit and have a {long|proper} {conversation|talk} "
                "when "
                "you have to {close|finish} {ten|fifteen} {cases|files} {this week|a week}.",
                "{The flow work|The flow meetings|Lean} and the {team|group} meetings "
                "{took|ate "
                "up|swallowed} {all the time|the hours|every free hour} {that we were "
                "supposed "
                "to|we were meant to|we should have had to} {spend on practising|use for "
                "practice|practise MI}.",
                "I {wanted|would have liked} to {practise|try it out} more, but there "
                "{simply|just} wasn't {room|space} for it in the {week|calendar}.",
            ),
            "manager": (
                "To be {honest|fair}, the {production|volumes} had to come first {that "
                "year|that "
                "spring}, and {MI|the method} got less {attention|space}.",
                "{With|Given} the {targets|production targets} {we had|we were given}, {I|we} "
                "{couldn't|could not} {free up|give them} {time|hours} for {practice|the MI "
                "groups}.",
            ),
        },
    ),
    Code(
        "mi_monitoring",
        THEME,
        IMPLEMENTING,
        keywords=("monitor", "measure", "follow up", "evaluat", "check"),
        weights=(0.3, 0.3, 0.35, 0.35),
        wave2=1.5,
        lines={
            "official": (
                "{My|The} {manager|boss} {has no idea|doesn't know} {if|whether} I {use it|do "
                "it} {or not|at all}, {and|so} {I|I honestly} {don't|do not} {think|believe} "
                "{anyone|anybody} {cares|checks}.",
            ),
            "any": (
                "{Nobody|No one} ever followed that up, whether we {use|actually use} it or not.",
                "There's no {measurement|way of measuring} {at all|whatsoever} of how "
                "{much|often} {we use it|the method is used}.",
                "{We|Nobody} {don't know|has any idea} if it {has|had} any effect on the "
                "{clients|outcomes}, because {no one|nobody} {looks|looked}.",
                "You could {just|simply} not {do|use} it and {nobody|no one} would "
                "{notice|ever "
                "know}.",
                "They {measure|count|follow up} everything else, {the days and the "
                "decisions|sick "
                "days, decisions, lead times|every single deadline}, but not {this|that|MI}.",
            ),
            "manager": (
                "{I couldn't|I could not} {tell you|say} {how many|which} of {my|the} "
                "officials {use|actually use} {it|MI}, {there's no|we have no} "
                "{figure|measure} {for that|on it}.",
                "We have no {system|tool} for following up the use of {MI|the method}, "
                "{that's "
                "true|that is a fact}.",
            ),
            "senior": (
                "We never {built in|set up} any {evaluation|measurement} of the "
                "{effects|effect}, "
                "which {in hindsight|in retrospect} was a {mistake|weakness}.",
            ),
        },
    ),
    Code(
        "mi_useful",
        THEME,
        USING,
        keywords=("useful", "listen", "open", "dialogue", "responsibility", "helps"),
        weights=(0.65, 0.55, 0.45, 0.45),
        wave2=0.8,
        lines={
            "senior": (
                "{What we hoped|The hope was} {that|} {the meetings|client meetings} "
                "{would|should} {become|be} more of a {dialogue|conversation}, "
                "{especially|also} {when the answer is no|when a decision is negative}.",
            ),
            "any": (
                "When the {client|person} {comes up with|arrives at} the {solution|idea} "
                "{themselves|on their own}, it {sticks|lasts} much {better|longer}.",
                "Even a {no|negative decision} can be a {conversation|dialogue}, you explain "
                "and "
                "{listen|you listen}, and {people|they} take it {better|differently}.",
                "The {idea|thinking} behind it is {very|really} {good|sound}, that "
                "{people|clients} take {responsibility|ownership} for their own way back.",
            ),
            "official": (
                "{Even|Also} {on the phone|in phone calls} {I try to|I} {let them|let the "
                "person} {finish|finish talking}, {and|and} {I think|you notice that} "
                "{they|people} {calm down|get calmer} {faster|quicker}.",
                "It makes me listen more, I talk less and let the {person|client} talk more.",
                "I had a meeting with <client:f> where I just let her {talk|go on}, and in "
                "the "
                "end she said herself that she wanted to try {working part-time|half-time}.",
                "It gives a {different|better} {atmosphere|climate} in the {room|meeting}, "
                "less "
                "of a {fight|confrontation}.",
            ),
            "manager": (
                "What I hear from the {officials|staff} is that it helps them in the "
                "{difficult|hard} {conversations|meetings}.",
                "{When I|If I} {sit in|listen in} on {a meeting|meetings}, {I can hear|you "
                "can hear} {who has|which officials have} {done the course|taken it in}, "
                "{they ask more|they let the client talk}.",
            ),
        },
    ),
    Code(
        "mi_techniques",
        THEME,
        USING,
        keywords=("open question", "reflection", "affirmation", "summar", "ruler", "scale"),
        weights=(0.65, 0.3, 0.2, 0.15),
        wave2=0.3,
        lines={
            "official": (
                "I try to {ask|use} open questions, like 'what do you think yourself', "
                "{instead "
                "of|rather than} yes-or-no questions.",
                "I use the {ruler|scale}, from {zero|one} to ten, how {important|ready} {is "
                "it|are you}, {that works|and that works} {quite|pretty} well.",
                "{Summarising|Summing up} at the end of the {meeting|conversation}, that I do "
                "{almost|nearly} every time {now|these days}.",
                "{Reflecting|Mirroring} back what they {say|said}, so that they {hear|feel} "
                "that "
                "you {listened|are listening}.",
                "{Pros and cons|Advantages and disadvantages}, we {wrote|drew} them up on a "
                "{paper|sheet} together, what speaks for and against {going back|a change}.",
                "Mostly the {simple|basic} {stuff|things}, open questions and "
                "{confirming|affirming} what they {do|manage} {well|right}.",
            ),
            "manager": (
                "I try to use the {questions|questioning technique} myself in the "
                "{staff|performance} {reviews|talks}, {actually|in fact}.",
                "{From what I see|As far as I can tell}, {they use|it's mostly} the "
                "{basic|simple} {parts|techniques}, open questions and "
                "{summaries|summarising}.",
            ),
        },
    ),
    Code(
        "mi_limits",
        THEME,
        USING,
        keywords=("limit", "law", "phone", "e-mail", "expectation", "few meetings"),
        weights=(0.5, 0.35, 0.3, 0.25),
        lines={
            "any": (
                "The {law|legislation} {decides|determines} the {outcome|result}, so what is "
                "there {really|actually} to {explore|talk about} with the {person|client}?",
                "You can {raise|create} {expectations|hopes} that you can't {meet|fulfil}, "
                "they "
                "think that because you {listen|listened}, they will get {the money|a yes}.",
                "It was {made|designed} for {healthcare|addiction care}, {really|originally}, "
                "and "
                "we are an {authority|agency} that decides {over|on} people's money.",
            ),
            "official": (
                "{Most|Many} {meetings|of my meetings} {are|end up} {about|with} {a|the} "
                "{decision|negative decision} {already|that's already} {made|decided} {by the "
                "rules|in the law}, {so|and} {it's|it is} {hard|difficult} {to|to} {be "
                "open|explore} {about|with} {that|the options}.",
                "Most of my {contacts are|contact is} by {phone|telephone} or e-mail, and "
                "it's "
                "much {harder|more difficult} to {do|use} it {there|that way}.",
                "I {meet|see} {maybe|perhaps} {two|three} {clients|people} {a month|a week} "
                "face "
                "to face, so there {aren't|are not} that many {chances|opportunities}.",
                "<client:f> {called|phoned} me from a {number|mobile} I didn't "
                "{know|recognise}, "
                "<phone>, and was {furious|so angry}, and there is no {MI|technique} for that "
                "on "
                "the {phone|line}.",
            ),
            "manager": (
                "It has its {limits|limitations}, we can't {negotiate|discuss} the "
                "{law|rules} "
                "with the {client|customer}.",
            ),
        },
    ),
    Code(
        "mi_insecurity",
        THEME,
        USING,
        keywords=("unsure", "insecure", "correct", "not sure", "doubt"),
        weights=(0.45, 0.2, 0.15, 0.1),
        wave2=1.1,
        lines={
            "official": (
                "{I'm never quite sure|I never really know} {if|whether} {what I do|what I'm "
                "doing} {counts as|is} MI {or|or just} {normal|ordinary} {politeness|common "
                "sense}.",
                "{You|One} {wonder|wonders} {sometimes|at times} {if|whether} {you|one} "
                "{ask|asks} the {right|proper} {questions|kind of questions}, {there's "
                "nobody|no one} {to|who can} {check with|tell you}.",
                "I don't {really|actually} know if I'm doing it {right|correctly}, nobody has "
                "told me.",
                "{Sometimes|At times} I feel a {bit|little} {silly|stupid}, like I'm "
                "{playing|acting} a {role|part}, it doesn't feel {natural|like me}.",
                "I think I use it, but {maybe|perhaps} not the way they {meant|intended} in "
                "the "
                "{course|training}.",
                "It takes a lot of {practice|training}, and I haven't had that, so I'm "
                "{unsure|not confident}, to be {honest|fair}.",
                "When I listened to my own {recording|tape} I heard how much I {talked|was "
                "talking}, it was {embarrassing|terrible}.",
            ),
            "manager": (
                "{Several|Some} of {them|the officials} {say|tell me} they feel "
                "{unsure|insecure} "
                "about whether they {do|use} it {right|correctly}.",
            ),
        },
    ),
    Code(
        "mi_decline",
        THEME,
        USING,
        keywords=("less", "decline", "forgot", "spirit", "anymore", "used to"),
        weights=(0.15, 0.15, 0.15, 0.1),
        wave2=4.0,
        lines={
            "official": (
                "{If I'm honest|Honestly}, {I|I've} {hardly|barely} {think|thought} about "
                "{MI|it} {since|after} {the spring|the course}, {it's|it has} {sort of|kind "
                "of} {disappeared|faded out}.",
                "{The|My} {book|course book} {is|is still} {in|on} {my|the} {shelf|drawer}, "
                "{I haven't|I have not} {opened|looked at} it {since|after} the course{, ha|}.",
                "I use it less {now|today} than {right|just} after the {course|training}, it "
                "fades when you don't {practise|keep it up}.",
                "I've {forgotten|lost} {most|much} of the {words|terms}, what do they call "
                "it, "
                "the reflections and {so on|all that}.",
                "What's left is more like a {spirit|way of thinking}, an {attitude|approach}, "
                "not "
                "the techniques as such.",
                "Last {year|time} I was very {into it|enthusiastic about it}, but now it has "
                "{slipped|gone} a bit, I have to {admit|say}.",
                "We used to talk about it at the {coffee table|lunch table}, but {nobody|no "
                "one} "
                "{does|mentions it} {any more|anymore}.",
            ),
            "manager": (
                "{Nobody|No one} {asks|asked} {for|about} {the MI groups|the practice "
                "sessions} {any more|this year}, {so we stopped booking the room|so I haven't "
                "booked them since}.",
                "I {think|suspect} it has {faded|declined} since last {year|spring}, you "
                "don't "
                "hear people talk about it {much|very much} {any more|now}.",
                "{In the beginning|The first months} {everybody|everyone} {talked|was "
                "talking} "
                "about {MI|it}, {now|these days} {it's|it is} {quiet|silent}, {I have to "
                "say|to "
                "be honest}.",
            ),
        },
    ),
)
