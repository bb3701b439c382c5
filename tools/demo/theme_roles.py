"""Theme 1, re-interpretation of professional roles: how respondents talk about it.

Templates are our own sentences in the register of a translated Swedish interview. Lines under
'official' are first-person casework; 'manager' lines speak about the officials; 'any' lines
fit everyone in the agency. Several lines per code avoid the code's obvious keywords, and some
mention the code in the negative.
"""

from __future__ import annotations

from tools.demo.codes import Code

THEME = "Re-interpretation of professional roles"
AGENCY = "general development of the agency"
ROLE = "past and current role of the official"
CONDITIONS = "conditions for managing the current role"

CODES: tuple[Code, ...] = (
    Code(
        "public_trust",
        THEME,
        AGENCY,
        keywords=("trust", "media", "legitimacy", "customer promise", "reputation", "confidence"),
        weights=(0.25, 0.4, 0.5, 0.85),
        lines={
            "any": (
                "{People don't trust us|The public doesn't really trust us} the way they "
                "{did|used to}, {you notice it|you can feel it} {every day|all the time}.",
                "There were {all those|so many} {articles|stories in the papers|TV "
                "programmes} "
                "about people who {were thrown out of the insurance|lost their benefit "
                "overnight}, and {that stuck|that stays with people}, {I think|you know}.",
                "When I {say|tell people|mention} where I work, {at a party|at a dinner|in "
                "the "
                "changing room at the gym}{ or so|}, {people sort of make a face|you get that "
                "look|there's a silence}. It's not {something you brag about|a place you "
                "boast "
                "about|what you lead with}{, put it that way|, let's say|}.",
                "{It all started|The whole thing started} {with|because of} {the bad "
                "reputation|the image we had} after the rule changes {in two thousand eight|a "
                "few "
                "years back}.",
                "{I don't think|I wouldn't say|I'm not sure} the {media|papers|journalists} "
                "{have "
                "been|were} {fair to us|fair|entirely fair}, but {some of it|part of it|a "
                "good "
                "deal of it} we {deserved|brought on ourselves|had coming}{, I'll admit "
                "that|, to "
                "be honest|, sadly}.",
                "We have these customer promises {on the wall now|now}, {that we should "
                "be|being} "
                "{secure and simple|human and simple}, but {that's just words|it's a poster} "
                "until {people|the clients} {actually notice a difference|feel it for real}.",
                "{Nobody|No one} {writes about|reports on} the {cases|thousands of cases} "
                "that "
                "{go well|work out}, {only|just} the ones {that go wrong|where somebody is "
                "treated badly}.",
            ),
            "official": (
                "{At the counter|On the phone} {people|clients} {are suspicious from the "
                "start|expect the worst from us}, {you can hear it|you notice it} {before "
                "they "
                "even say anything|in the first sentence}.",
            ),
            "manager": (
                "{The starting point|Where it all comes from}, {I would say|if you ask me}, "
                "{was "
                "that|is that} {confidence in the agency|the public's confidence} had "
                "{dropped|gone down} so much {that something had to be done|that we couldn't "
                "go "
                "on like before}.",
                "We {have to|need to} {win back|earn back} {people's|the citizens'} "
                "{confidence|trust}, {that's the whole point|that is the goal}, {it's not|it "
                "isn't} {a project for its own sake|something we do for fun}.",
                "{When|If} the {surveys|measurements} {show|showed} that {only|just} {a "
                "third|a "
                "small share} of {people|the population} {believe in us|have faith in the "
                "agency}, {then we have a problem|well, then that's a problem}, no matter how "
                "{efficient|fast} we are.",
            ),
            "senior": (
                "{From the head office|From where I sit} it was {quite clear|obvious} that "
                "our "
                "legitimacy was {at stake|in question}, {and|so} {the management|the director "
                "general} {had to|needed to} show something {visible|concrete}.",
            ),
        },
    ),
    Code(
        "centralisation",
        THEME,
        AGENCY,
        keywords=("central", "national", "standard", "guideline", "one authority", "head office"),
        weights=(0.25, 0.4, 0.55, 0.75),
        lines={
            "any": (
                "{Before|In the old days}, every county {had its own insurance office|ran its "
                "own "
                "show}, {and now|now} it's one {agency|authority} for the whole country.",
                "{Everything|A lot} {comes from|is decided in} {Stockholm|the head office} "
                "{now|these days}, you {don't get to decide|can't decide} {much|very much} "
                "locally {any more|anymore}.",
                "{It should look the same|The outcome should be the same} {whether you live "
                "in|in} <town> {or|or in} <town>, and {that's fair|that is reasonable}, {I "
                "suppose|in a way}.",
                "{We got|There came} {loads of|a lot of} {national guidelines|instructions "
                "from "
                "above} that {every office|everyone} has to follow {in exactly the same "
                "way|to "
                "the letter}.",
                "Nobody {here|at our office} {was asked|got a say} when they {reorganised the "
                "regions|merged everything}, it just {landed on us|came}.",
                "{I think|My feeling is that} the distance between {the people who meet "
                "clients|those of us on the floor} and {the people who decide|the top} has "
                "{grown|just got bigger}.",
            ),
            "manager": (
                "We {have had to|had to} {standardise|make things uniform}, {because|since} "
                "{a "
                "decision|the outcome} {shouldn't depend|must not depend} on which "
                "{office|official} you happen to {get|end up with}.",
                "{As a manager|In my position} you {carry out|implement} what is decided "
                "{centrally|nationally}, and {then|} you try to {make it work|adapt it} for "
                "{your "
                "own office|the local conditions}.",
            ),
            "senior": (
                "{When we went|Going} from {twenty-one|all the} county offices to one "
                "{authority|organisation}, {the big job|our challenge} was {getting one way "
                "of "
                "working|to get the same way of working} {everywhere|across the country}.",
            ),
        },
    ),
    Code(
        "activation_policy",
        THEME,
        AGENCY,
        keywords=(
            "180 days",
            "time limit",
            "sick leave",
            "eligibility",
            "rehabilitation chain",
            "day 90",
        ),
        weights=(0.55, 0.4, 0.45, 0.5),
        lines={
            "any": (
                "{By|At} day {ninety|a hundred and eighty} {the assessment is|you assess} "
                "against "
                "the {whole|normal} labour market, {and that's when it gets hard|and that's "
                "where "
                "people get upset}.",
                "{The politicians wanted the sickness figures to go down|The government "
                "decided "
                "that sick leave had to come down}, and {we are the ones who|it's us who} "
                "{have "
                "to carry it out|do it in practice}.",
                "It {has become|is} {much|a lot} {harder|stricter} to {get|qualify for} "
                "sickness "
                "benefit {now|than before}, the {bar|threshold} is {just|simply} higher.",
                "{Nobody|No one} {gets to|is allowed to} {stay on the benefit|be on sick "
                "leave} "
                "{for years|year after year} {the way people did|like they could} in the "
                "nineties.",
                "{The chain|The rehabilitation chain} {with its|and all its} {time "
                "limits|deadlines} {decides|sets} {the pace|the rhythm} {now|of everything}, "
                "{not|rather than} {the person's|people's} {health|actual situation}.",
            ),
            "official": (
                "The time limits mean that we {push people|have to push people} {back to "
                "work|towards work} {sometimes before they feel ready|maybe earlier than they "
                "are "
                "ready}.",
                "{I had|There was} {a woman|a client}, <client:f>, whose {hundred and eighty "
                "days|time} {ran out|were up} on <date>, and she {just couldn't "
                "understand|didn't "
                "understand} why she {should apply for|was supposed to look for} {any job at "
                "all|other jobs}.",
                "{It's hard|It is difficult} to {tell someone|explain to someone} {with a bad "
                "back|who has worked for thirty years} that {now|} {they have to|they must} "
                "{look "
                "for|apply for} {any work at all|something completely different}.",
            ),
            "manager": (
                "{Our mission|The assignment} from the government is {quite clear|pretty "
                "explicit}: people {should return to work|should get back to the labour "
                "market} "
                "{as early as possible|sooner}.",
            ),
        },
    ),
    Code(
        "reform_cycles",
        THEME,
        AGENCY,
        keywords=("reform", "change", "reorganisation", "new project", "as usual"),
        weights=(0.45, 0.35, 0.4, 0.3),
        lines={
            "any": (
                "{New things|Projects|Initiatives} come and go {here|in this place|in this "
                "agency}, {you know|I mean|honestly}, {in a couple of years|after two "
                "years|give "
                "it two years and} there's something {else|new}, so you {learn to|just} {wait "
                "it "
                "out|sit tight|keep your head down} {a bit|}.",
                "I have been through {so many|I don't know how many} "
                "{reorganisations|reforms} "
                "that I don't {get excited|get worked up} {any more|anymore}.",
                "{Most of us|People} {just keep working|go on working} {as usual|like "
                "before}, "
                "and the {new concepts|buzzwords} {float over our heads|pass by}.",
                "There's {a kind of|some} {tiredness|fatigue} {whenever|every time} the next "
                "{big "
                "thing|initiative} is {announced|presented}, {people roll their "
                "eyes|colleagues "
                "sigh} a bit.",
                "{When I started|My first years} {here|at the agency}, we had {a completely "
                "different model|something else entirely}, then {that was thrown out|it was "
                "scrapped}, and now {it's this|we have this}.",
                "{Honestly|To be honest}, I doubt {this|it} will {last|stay} {either|longer "
                "than "
                "the others}.",
                "{It's like|It feels like} {the weather|a pendulum}, {first centralise, then "
                "decentralise|first specialists, then generalists}, and {then back "
                "again|round it "
                "goes}.",
            ),
            "manager": (
                "{My job|What I try to do} is to make sure {this|it} doesn't {turn "
                "into|become} "
                "{one more|another} project that {disappears|fades away} {after a year|when "
                "the "
                "money runs out}.",
                "{The staff|My people} have seen {a lot of|many} {changes|reforms} come and "
                "go, "
                "{so|and} {I understand|I can understand} {that they're sceptical|the "
                "scepticism}.",
            ),
        },
    ),
    Code(
        "administrator_to_case_manager",
        THEME,
        ROLE,
        keywords=("case manager", "administrator", "holistic", "whole case", "coordinat"),
        weights=(0.7, 0.5, 0.45, 0.45),
        lines={
            "any": (
                "{Before|In the past}, {the official|an official} was more of {an "
                "administrator|a "
                "clerk}, {you checked the certificate|you looked at the papers} and {paid out "
                "the "
                "money|decided on the benefit}.",
                "It's not {only|just} about {paying|payments} {any more|anymore}, it's about "
                "{the "
                "whole person|the whole situation} and {what happens next|where they are "
                "going}.",
                "{The role|The job} has {really|} shifted from checking eligibility to "
                "{steering|managing} {a whole case|the whole thing}, and not everyone {wanted "
                "that|signed up for that}.",
            ),
            "official": (
                "{Now|Today} {I'm|we are} {supposed|expected} to {own|drive} the "
                "{whole|entire} "
                "{case|process}, from the first {day|certificate} {until the person is back "
                "at "
                "work|all the way to the return to work}.",
                "I see myself {more|more and more} as {someone who|the person who} {holds the "
                "threads|keeps everything together}, not {a paper pusher|a desk clerk}.",
                "{Some of the older colleagues|A few old-timers|Some people who have been "
                "here "
                "forever} still {work the old way|do it like before|work like in the "
                "nineties}, "
                "{they just decide|they process the case|they make the decision} and {close "
                "the "
                "file|move on|put it away}{, and you can't do that now|, but that's not the "
                "job "
                "now|. That doesn't work any more}.",
                "{When I started|In my first years} I {never met|hardly met} {a "
                "client|anyone} "
                "{face to face|in person}, {it was all paper|everything was on paper}, and "
                "now "
                "{I'm out|I'm at meetings} {every week|all the time}.",
            ),
            "manager": (
                "We want {the officials|our staff} to take {responsibility|ownership} for "
                "{the "
                "whole case|a case from start to finish}, not {just one step|only a little "
                "piece "
                "of it}.",
                "{The old role|Being a pure administrator} {doesn't exist|isn't enough} {any "
                "more|anymore}, {the officials|they} {have to|need to} {see the whole "
                "picture|think in whole cases}.",
            ),
        },
    ),
    Code(
        "stakeholder_coordination",
        THEME,
        ROLE,
        keywords=(
            "coordinat",
            "employer",
            "healthcare",
            "doctor",
            "reconciliation meeting",
            "stakeholder",
        ),
        weights=(0.75, 0.45, 0.4, 0.3),
        lines={
            "any": (
                "{It takes|That takes} {so much|a lot of} time just to find a {date|time} "
                "when "
                "{everyone|all of them} can {come|meet}.",
                "You {have to|need to|are supposed to} be {a kind of spider in the web|the "
                "link "
                "in the middle|the one holding it together}{, between|, in between|, with} "
                "{the "
                "clinic|the care side|the doctors}, {the workplace|the employer|the boss} and "
                "the "
                "{client|person|insured}.",
            ),
            "official": (
                "I spend {a lot of|half my|most of my} time {calling|phoning|chasing} "
                "{doctors|health centres|the clinics} and {employers|workplaces|managers at "
                "workplaces}, {trying to get|to get|so that} {everybody|all parties|everyone} "
                "{to "
                "pull|pulls|will pull} in the same direction.",
                "We had {a reconciliation meeting|one of these joint meetings} at <employer> "
                "on "
                "<date>, with {his manager|the boss} and a {physiotherapist|nurse} from "
                "<hospital>.",
                "I {rang|called|tried to reach} <hospital> {maybe five times|I don't know how "
                "many times|over and over} {before I got hold of|until I reached|before I got "
                "through to} the doctor, and then {she was on leave|she had gone on "
                "holiday|it "
                "turned out she'd moved}.",
                "{The employer|Her boss}, {a firm|a company} called <employer>, {didn't "
                "want|wouldn't agree} to adjust {anything|her tasks}, so I {had to|needed to} "
                "{sit down|talk} with them.",
                "I {wrote|sent an e-mail} to {his contact at work|the HR person}, <email>, "
                "and "
                "{never got an answer|didn't get any reply}.",
            ),
            "manager": (
                "The officials {need to|have to} be good at {cooperation|working with "
                "others}: "
                "{the care side|healthcare}, employers, the employment service, "
                "{everybody|all of "
                "them}.",
                "{We have|There are} {agreements|regular meetings} with {the county "
                "council|the "
                "health centres} {now|these days}, {so|and} {the officials|our staff} {know "
                "who "
                "to call|have someone to call}.",
            ),
        },
    ),
    Code(
        "client_orientation",
        THEME,
        ROLE,
        keywords=("client", "customer", "meet", "human", "explain", "treat"),
        weights=(0.6, 0.55, 0.45, 0.5),
        lines={
            "any": (
                "You have to {treat|meet} {people|everyone} {with respect|decently}, "
                "{even|also} "
                "{when|if} the answer is no.",
                "Being {human|a human being} in the {contact|meeting}, that's what people "
                "remember, not the {paragraphs|rules}.",
                "{The clients|People} are often in a {really|very} {difficult|vulnerable} "
                "{situation|position}, you can't {forget|lose sight of} that.",
                "{The idea|The thought} is to be {simple|clear} and {secure|reliable}, so the "
                "person {knows|understands} what will happen {and when|next}.",
            ),
            "official": (
                "{A lot of|Much of|Half of} my {job|work|time} is {explaining|to "
                "explain|going "
                "through} the rules, so that {people|they|the clients} {understand|get|see} "
                "why "
                "{the decision|it|the outcome} {turns out|is|ends up} the way it {is|does}.",
                "I met {a young man|a man}, <client:m>, at our office in <town>, and he was "
                "so "
                "{scared|nervous} of {us|the agency} that I {spent|took} {extra time|a long "
                "time} "
                "just explaining.",
                "I {always try|try} to {call|phone} {instead of|rather than} {writing|sending "
                "letters}, because a {decision letter|letter} can be {so cold|really hard to "
                "understand}.",
                "{Sometimes|Quite often} I {draw|sketch} the {whole chain|process} on a "
                "{piece of "
                "paper|paper} for {them|the client}, {so they see|and then they see} where "
                "they "
                "are.",
            ),
            "manager": (
                "{We want|The aim is that} the {client|person} {should feel|experiences} that "
                "they were {treated|met} {well|properly}, also when we {say no|decline}.",
                "{Service|Good treatment} is {something|a thing} we {measure now|follow up "
                "now}, "
                "{through|in} the customer surveys, {and|and} {we've improved|the results are "
                "better}.",
            ),
        },
    ),
    Code(
        "not_therapist",
        THEME,
        ROLE,
        keywords=("therapist", "therapy", "counsellor", "too caring", "boundary"),
        weights=(0.25, 0.6, 0.5, 0.45),
        lines={
            "official": (
                "{I|I have to} {remind myself|tell myself} {that|} {I'm|I am} not {her|their} "
                "{counsellor|therapist}, {even|also} {when|if} {she|the client} {wants|needs} "
                "{someone to talk to|to talk}.",
            ),
            "any": (
                "We're not {therapists|psychologists}, and we {shouldn't|mustn't} {pretend to "
                "be|try to be} {either|that}.",
                "You can't {solve|fix} {all|everyone's} {problems|troubles}, {the job|the "
                "task} "
                "is the {benefit|insurance} and the return to work.",
                "{There's|There is} a {risk|danger} that you {get|become} {too involved|too "
                "close}, and then you can't {make|take} the {hard|tough} decisions.",
                "{Listening is fine|It's good to listen}, but we're not there to {treat|heal} "
                "anyone, {that's|that is} what {the care side|healthcare} is for.",
            ),
            "manager": (
                "I keep {telling|reminding} {my staff|them} that we are {an authority|a "
                "public "
                "authority}, not a {counselling service|therapy clinic}.",
                "Some officials {become|get} too {caring|much like a mother}, {if I may say "
                "so|to "
                "put it bluntly}, and then the case {just drags on|never ends}.",
                "It's a {balance|fine line}: {you should be|be} {warm|friendly}, but also "
                "{clear|firm} about what we can and {can't|cannot} {do|offer}.",
                "{MI|The course} {was never meant|is not meant} to {make them|turn them into} "
                "{therapists|counsellors}, {it's|it is} a {way of talking|conversation "
                "method}, "
                "{nothing more|that's all}.",
            ),
        },
    ),
    Code(
        "discretion",
        THEME,
        ROLE,
        keywords=("discretion", "room to decide", "freedom", "flexib", "judgement", "judgment"),
        weights=(0.45, 0.35, 0.3, 0.3),
        lines={
            "any": (
                "There's still {some|a bit of} room for {your own judgement|own assessments}, "
                "but "
                "it's {less|smaller} than {before|it used to be}.",
                "Two {officials|case officers|colleagues} could {come to|make|reach} "
                "{different "
                "decisions|two different conclusions|opposite conclusions} on {the same "
                "case|exactly the same file|identical cases}, and {that's why|that is the "
                "reason|that's the argument when} they {want to|try to} {tighten it "
                "up|control "
                "it|standardise everything}.",
                "{The rules don't|The manual doesn't} {cover|say} everything, {so|} you {have "
                "to|need to} use your {own head|common sense} {sometimes|at times}.",
            ),
            "official": (
                "{In the old days|Before}, {you|one} {could|were able to} {phone|call} {the "
                "doctor|the employer} and {sort it out|solve it} {your own way|yourself}, "
                "{now|today} {there's|there is} {a template|a form} for {that|everything}.",
                "I can decide how I {work with|go about} a case, but not what the "
                "{outcome|result} {should be|is}, {that's|that is} in the law.",
                "It feels like they don't {trust us|believe we can} to make {decisions|our "
                "own "
                "calls} {any more|anymore}, everything {has to be|should be} {checked|signed "
                "off}.",
                "{If|When} {I think|I feel} {a case|someone} {needs|deserves} {another "
                "month|more "
                "time}, I {can|sometimes can} {argue for it|push for it}, {but|though} "
                "{it's|it "
                "is} {harder now|not as easy as before}.",
            ),
            "manager": (
                "I {want|would like} {them|the officials} to {dare to|feel free to} "
                "{use|make} "
                "their own {judgement|assessments}, within the {framework|limits}, {of "
                "course|naturally}.",
                "{It's|It is} a {balance|trade-off} between {flexibility|room for the "
                "individual "
                "case} and {legal certainty|everyone being treated the same}.",
            ),
        },
    ),
    Code(
        "skills_education",
        THEME,
        ROLE,
        keywords=("education", "degree", "university", "life experience", "knowledge", "skill"),
        weights=(0.45, 0.6, 0.5, 0.55),
        lines={
            "senior": (
                "In {our|the} competence {strategy|plan} we {made|set} a university degree "
                "{the norm|the requirement} for new officials, {but not everyone agrees|but "
                "not all managers agree} {with that|on that}.",
            ),
            "any": (
                "You {need to|have to} know the {legislation|law}, {of course|obviously}, but "
                "you "
                "{also|} {need to|have to} {be able to talk to people|handle people}.",
                "Some of the {best|most skilled|cleverest} {officials|colleagues|case "
                "workers} I "
                "{know|have met|have worked with} {don't have a degree|have no university "
                "degree|never went to university} {at all|}, they {have just been around|have "
                "worked here|have done this} for {thirty years|ages|a lifetime}.",
                "{It's|It is} not {something|a thing} you learn {from a book|in a course}, "
                "how to "
                "{handle|deal with} an {angry|upset} {person|client} {on the phone|at the "
                "desk}.",
            ),
            "official": (
                "{My education|What I studied} {helps|helped} {a bit|somewhat}, {but|though} "
                "{most of it|the most important things} I {learned|picked up} {from "
                "colleagues|on "
                "the job}.",
                "{Knowing|Knowledge of} {how healthcare works|the care side} {is worth|counts "
                "for} {a lot|more than you think} {in this job|here}.",
            ),
            "manager": (
                "{Today|Nowadays|These days} we {recruit|hire|take in} {almost only|nearly "
                "only|mostly} {people with a degree|graduates|people from university}, but "
                "{honestly I'm not sure|I'm not convinced|I doubt} {it makes them|that makes "
                "them|they are} better at {this|the job|meeting people}.",
                "Life experience {counts|matters} {for a lot|quite a lot} in this {job|work}, "
                "{I "
                "would say|if you ask me}, {maybe|perhaps} {more than|as much as} the "
                "{diploma|degree}.",
                "The {knowledge|competence} {we need|that is needed} has {changed|shifted}, "
                "it's "
                "more {about dealing with people|people skills} and less about "
                "{paragraphs|rules}.",
                "{A social worker|Someone with a social work degree} {and|or} {a "
                "nurse|someone "
                "from healthcare} {bring|brings} {different things|something different}, "
                "{and|so} "
                "{I like to mix|I want a mix} in {the group|a team}.",
            ),
        },
    ),
    Code(
        "workload",
        THEME,
        CONDITIONS,
        keywords=("workload", "caseload", "time", "busy", "stress", "too many cases"),
        weights=(0.8, 0.25, 0.2, 0.2),
        wave2=1.1,
        lines={
            "any": (
                "{There's never|There is simply never} enough time, you run from one "
                "{thing|task} "
                "to the next {all day|the whole day}.",
                "{Meetings|Courses} and learning are the first {thing|things} to {go|be "
                "cancelled} {when|as soon as} it gets {busy|too much}.",
            ),
            "official": (
                "I have {about|around} {a hundred and twenty|a hundred and forty|ninety} "
                "{cases|files} {right now|at the moment}, so you {only do|just do} the most "
                "{urgent|necessary} things.",
                "You {only|just} {manage|get done} the {basic|fundamental} "
                "{administration|paperwork}, {everything else|all the rest} has to wait.",
                "I go home with a {bad conscience|guilty feeling} {almost every day|pretty "
                "much "
                "every evening}, because there are {people|clients} I haven't {had time to "
                "call|called}.",
                "When {someone|a colleague} {goes off sick|is on leave}, {their|her} cases "
                "are "
                "{spread|divided} {among|between} the rest of us, and then it's "
                "{chaos|impossible}.",
                "I wouldn't say {my pile|the amount of work} is {impossible|unmanageable}, "
                "but "
                "it's more than {you can do properly|one can do well}.",
                "{Lunch|My lunch} is {a sandwich|ten minutes} {at the desk|in front of the "
                "screen} {most days|every day}, {that's|that is} {how it is|the reality}.",
            ),
            "manager": (
                "{My staff|The officials|My people} have {too many|quite a lot of|far too "
                "many} "
                "{cases|files}, {I know that|I'm aware of that|I see that}, and it's "
                "{hard|difficult|not fair} to {ask|demand|expect} {more|anything more} {of "
                "them|from them|on top of that}.",
                "{Sick leave|The sick leave} {among|in} {my own staff|the staff} {went up|has "
                "gone up} {last year|this year}, {which says something|and that tells you "
                "something}.",
            ),
        },
    ),
    Code(
        "performance_measures",
        THEME,
        CONDITIONS,
        keywords=(
            "numbers",
            "statistics",
            "goal",
            "quota",
            "production",
            "measure",
            "result",
            "figures",
        ),
        weights=(0.7, 0.25, 0.3, 0.35),
        lines={
            "senior": (
                "{We|The head office} {set|sets} the {national|overall} {targets|goals}, "
                "{and|but} we have {tried|been trying} to {cut down|reduce} the number of "
                "{measures|indicators}{, there were over forty|}.",
            ),
            "any": (
                "What {gets counted|is measured} is what {counts|matters} {here|in this "
                "place}, "
                "and a {long|good} conversation with a client {isn't counted|doesn't show "
                "anywhere}.",
                "We have {goals|targets} with {dates|deadlines} on {everything|nearly "
                "everything}, {like|for example} that the first {contact|call} {should|has "
                "to} "
                "happen within {fourteen days|two weeks}.",
            ),
            "official": (
                "Every {Monday|week} {the figures|our stats} {go up|are put up} on the "
                "{whiteboard|board}, how many {decisions|cases} each of us has {closed|done}.",
                "It's {all|very much} about {production|getting the volumes out}, how "
                "{fast|quickly} you {decide|handle} {a case|cases}, not how {well|good} it's "
                "done.",
                "They say the {numbers|quotas} don't matter {so much|that much} {now|any "
                "more}, "
                "but at every {meeting|unit meeting} it's the first thing they {show|bring "
                "up}.",
                "You feel {watched|measured} all the time, there's a {list|ranking} of who "
                "has "
                "the most {open|unfinished} {cases|files}.",
            ),
            "manager": (
                "{Of course|Naturally|Obviously} we {follow up|look at|go through} the "
                "{results|figures|numbers}, {that's part of the job|that is part of being a "
                "manager|it's expected}, but I try not to {hang everything on them|stare at "
                "the "
                "numbers|let them decide everything}.",
                "We {get|receive} our {targets|production targets} from {above|the region}, "
                "and "
                "then I {have to|must} {break them down|divide them} on the {units|teams}.",
                "{The figures|Our statistics} {were|have been} {bad|below target} {this "
                "spring|for two quarters}, {so|and} {of course|naturally} {I get "
                "questions|the "
                "region asks questions}.",
            ),
        },
    ),
    Code(
        "routines_regulation",
        THEME,
        CONDITIONS,
        keywords=(
            "routine",
            "regulation",
            "law",
            "legislation",
            "instruction",
            "checklist",
            "procedure",
        ),
        weights=(0.6, 0.3, 0.3, 0.3),
        lines={
            "any": (
                "{The legislation|The law} {changes|is changed} so often that you "
                "{hardly|barely} "
                "keep up, and then {the instructions come|the guidance comes} on top {of "
                "that|}.",
                "I {don't mind|have nothing against} rules, we are {an authority|a government "
                "agency}, but there are {too many|so many} {small ones|of them}.",
            ),
            "official": (
                "{Every|Each} {time|month} {there's|there is} {a new|another} "
                "{instruction|methods support} {in|on} {the intranet|our intranet}, {and|and} "
                "{you're supposed to|we are expected to} {know|have read} it {by "
                "Monday|straight away}.",
                "{The|Our} {case system|IT system} {decides|dictates} {a lot|half} of "
                "{how|what} {we|I} {work|do}, {you|one} {can't|cannot} {skip|jump over} {a "
                "step|a single step} {even when|even if} {it's|it is} {pointless|meaningless}.",
                "There's a {routine|procedure} for {absolutely|just about} everything, which "
                "{letter|form} to use, when to {call|phone}, what to {write|note}.",
                "You tick box after box in the {system|case system}, and if you {miss|forget} "
                "a "
                "single one, it {comes back|gets sent back} to you.",
                "It's {very|really} {detailed|controlled}, how we {should|are supposed to} "
                "work, "
                "{almost as if|as if} they don't {trust|think} we can think for ourselves.",
                "{Quality control|The checkers} look at whether you {followed|did} every step "
                "{exactly|correctly}, not whether the decision was {right|sensible}.",
                "{When I|Once I} {type in|enter} the personal number, {like|say} <pnr>, {the "
                "system|it} {brings up|opens} {twelve|ten} {tabs|windows} {that you have "
                "to|you "
                "have to} go through.",
            ),
            "manager": (
                "The {national|central} {instructions|methods support} are {very|quite} "
                "{detailed|thorough}, and I {understand|can understand} that it {feels "
                "like|can "
                "feel like} {micromanagement|a straitjacket}.",
            ),
        },
    ),
    Code(
        "external_constraints",
        THEME,
        CONDITIONS,
        keywords=("waiting list", "queue", "employer", "healthcare", "doctor", "certificate"),
        weights=(0.65, 0.4, 0.35, 0.3),
        lines={
            "any": (
                "{Employers|Some employers|A lot of employers} {just|simply|quite frankly} "
                "{want "
                "to get rid of|would rather be rid of|want to see the back of} {the "
                "person|people|them}, they don't want to {adapt|change|adjust} {anything|a "
                "thing|the job}.",
                "{The care side|The health centres} {think|believe} we decide what they "
                "{should|ought to} {do|prioritise}, and we don't, they {misunderstand|don't "
                "understand} our {role|part}.",
            ),
            "official": (
                "{Half|A lot} of {my|the} {cases|files} {are|are just} {waiting|stuck} "
                "{for|on} {someone else|other people}, {a|the} {surgeon|specialist}, {an|the} "
                "{employer|workplace}, {the|a} {psychologist|physio}.",
                "The {waiting times|queues} at <hospital> are {months|several months}, so the "
                "{plan|rehab plan} {just stands still|simply stops}, and there's nothing I "
                "can do "
                "about it.",
                "The doctors {write|send} certificates that {say|tell us} "
                "{almost|practically} "
                "nothing, and then we are {the bad guys|the ones to blame} when we {say "
                "no|refuse}.",
                "I can't {control|steer} the {priorities|waiting lists} of the {county "
                "council|region}, and still I'm the one {the client is angry with|people are "
                "upset with}.",
                "{His employer|The company}, <employer>, had no {light|easier} {duties|tasks} "
                "to "
                "offer him, {they said|so they said}, so we {got stuck|were stuck} there.",
            ),
            "manager": (
                "We are {very|} dependent on {others|other actors}, {healthcare|the care "
                "side} "
                "and the employers, and they have their own {agendas|interests}.",
            ),
        },
    ),
)
