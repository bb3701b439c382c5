"""Examples and anecdotes: longer answers built step by step from alternative parts.

A story is a sequence of steps; each step offers alternatives, each alternative a template and
the codes it expresses (an empty template skips the step). Answers to 'could you give an
example?' are stories: long, full of names, places and dates, and different in every telling.
"""

from __future__ import annotations

from dataclasses import dataclass

Option = tuple[tuple[str, ...], str]


@dataclass(frozen=True)
class Story:
    """An anecdote type.

    story_id (str): a short id.
    perspectives (tuple[str, ...]): who tells it ('official', 'manager', 'senior').
    topics (tuple[str, ...]): codes whose questions can lead to it.
    steps (tuple[tuple[Option, ...], ...]): per step, alternatives of (codes, template).
    waves (tuple[str, ...]): waves in which it is told.
    """

    story_id: str
    perspectives: tuple[str, ...]
    topics: tuple[str, ...]
    steps: tuple[tuple[Option, ...], ...]
    waves: tuple[str, ...] = ("2013", "2014")


SKIP: Option = ((), "")

STORIES: tuple[Story, ...] = (
    Story(
        "client_case",
        ("official",),
        (
            "stakeholder_coordination",
            "external_constraints",
            "client_orientation",
            "activation_policy",
            "administrator_to_case_manager",
            "workload",
            "discretion",
        ),
        (
            (
                (
                    (),
                    "{Last autumn|In the spring|Just before Christmas|A couple of months "
                    "ago|This winter} I had {a woman|a client|a lady}, <client:f>, {in her "
                    "fifties|fifty-eight years old|a single mother|quite young}, {working|who "
                    "worked} {as a cleaner|in home care|at a warehouse|in a school kitchen} "
                    "at <employer>.",
                ),
                (
                    (),
                    "{There was|I had} {one|a} {case|client} {last year|this spring}, "
                    "<client:m>, {he|who} {drove|had driven} {trucks|a forklift|a bus} for "
                    "<employer> for {twenty|almost thirty|fifteen} years.",
                ),
            ),
            (
                (
                    ("external_constraints",),
                    "<She> had been {waiting|in the queue} for {an operation|a specialist|an "
                    "MRI|a pain clinic} at <hospital> {for|since} {five months|seven "
                    "months|<date>}, {and|and in the meantime} {nothing|absolutely nothing} "
                    "{happened|moved}.",
                ),
                (
                    ("external_constraints",),
                    "The {certificates|doctor's certificates} {from|that came from} "
                    "<hospital> {said|told us} {almost nothing|the same thing every month}, "
                    "{just|only} {'pain'|'reduced capacity'}, {so|and} {I|you} "
                    "{couldn't|can't} {assess|judge} {anything|it} {from that|properly}.",
                ),
                (
                    (),
                    "<She> had been {off sick|on sick leave} {since|from} <date> with {back "
                    "problems|a shoulder injury|exhaustion|a bad knee}, {on and off|more or "
                    "less full-time}.",
                ),
            ),
            (
                (
                    ("stakeholder_coordination",),
                    "So I {called|arranged} a {reconciliation meeting|joint meeting} with "
                    "{the employer|the manager at work}, {the occupational health service|the "
                    "doctor} and {the client|them}, {which took|and it took} {three weeks|a "
                    "month} {just to find a date|to set up}.",
                ),
                (
                    ("stakeholder_coordination",),
                    "I {phoned|rang} {the HR person|the manager} at <employer> {several "
                    "times|maybe six times}, and {in the end|finally} {I wrote|I sent an "
                    "e-mail} to <email>{ instead|}.",
                ),
                (
                    ("administrator_to_case_manager",),
                    "{Before|In the old days} I would {just|simply} have {paid out|decided} "
                    "and {closed|put away} the file, {but now|now} {you are|you're} {supposed "
                    "to|expected to} {follow|drive} {the whole thing|it} {to the end|all the "
                    "way}.",
                ),
            ),
            (
                (
                    ("mi_useful", "mi_techniques"),
                    "{In the meeting|When we met} I {tried|used} {the open questions|what we "
                    "learned in the course}, I asked {what|how} <she> <herself> {saw|thought "
                    "about} {the future|going back}, and <she> {actually|really} {came up "
                    "with|suggested} {trying|starting} {a few hours a day|part-time} "
                    "<herself>.",
                ),
                (
                    ("client_orientation", "activation_policy"),
                    "I {went through|explained} {the rules|what the hundred and eighty days "
                    "mean} {very carefully|slowly}, {twice|several times}, {because|since} "
                    "<she> {didn't|did not} {understand|get} {why|that} the {money|benefit} "
                    "{could|might} {stop|end}.",
                ),
                (
                    ("client_orientation",),
                    "<She> was {so|really} {afraid|scared} of {us|the agency}, {so|and} {I|I "
                    "just} {spent|took} {the first|half an} hour {only|just} "
                    "{listening|letting <her> talk}.",
                ),
                SKIP,
            ),
            (
                (
                    (),
                    "{It ended well|In the end it worked out}, <she> {is|is now} back "
                    "{half-time|at fifty percent|three days a week} {since|from} <date>.",
                ),
                (
                    ("external_constraints",),
                    "{It didn't|It did not} {end well|go well}, {the employer|they} "
                    "{let|terminated} <her> {go|} {in the end|after all}, {and|so} {now|these "
                    "days} <she> {is|is registered} at the employment service.",
                ),
                (
                    ("reform_cycles",),
                    "I {don't know|never found out} how it {ended|went}, the {case|file} {was "
                    "moved|went} to {another|a different} {unit|group} when {we|they} "
                    "{reorganised|restructured} {again|in the autumn}.",
                ),
            ),
            (
                (
                    ("workload", "performance_measures"),
                    "{But|And} that {one|case} {took|ate} {so many|maybe twenty|I don't know "
                    "how many} hours{, and nobody counts that|, and none of it shows in the "
                    "statistics}.",
                ),
                (
                    ("not_therapist",),
                    "{You|One} {can't|cannot} {be|become} <her_poss> {therapist|counsellor}, "
                    "{though|but} I {did|really} {feel|felt} {for|sorry for} <her>.",
                ),
                (
                    ("discretion",),
                    "{And|But} {there|then} I had to {use my own judgement|make my own call}, "
                    "{the instructions|the rules} {didn't|did not} {say|cover} "
                    "{anything|much} about {a case|a situation} like that.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "mi_meeting",
        ("official",),
        ("mi_useful", "mi_techniques", "mi_limits", "mi_insecurity", "mi_training", "mi_decline"),
        (
            (
                (
                    (),
                    "{Right after|Soon after|A few weeks after} the course I {had|met} "
                    "<client:m> {for|in} a {meeting|first meeting} {at the office|in our "
                    "meeting room|at the health centre in <town>}.",
                ),
                (
                    (),
                    "I remember <client:f>, {a woman|a client} I met {in the spring|before "
                    "the summer}, who had been {on sick leave|off work} {for a long "
                    "time|since <date>}.",
                ),
            ),
            (
                (
                    ("mi_techniques",),
                    "I tried the {ruler|scale}: I asked how {important|ready}, from one to "
                    "ten, {going back to work was|returning to work felt} for <her>, and "
                    "<she> said {four|three}, so we talked about why it wasn't {lower|a one}.",
                ),
                (
                    ("mi_techniques", "mi_useful"),
                    "I {mostly|just} {listened|let them talk} and {summarised|reflected back} "
                    "{what|what I heard}, and {after|in} {a while|twenty minutes} {<she>|the "
                    "client} {started|began} {talking|to talk} about {what|things} <she> "
                    "{could|might} {do|manage} {<herself>|}.",
                ),
                (
                    ("mi_useful",),
                    "{Instead of|Rather than} {telling|lecturing} <her> about {the rules|what "
                    "has to happen}, I {asked|let} {what|<her> tell me what} {mattered|was "
                    "important} to <her>, and {the|the whole} {atmosphere|meeting} "
                    "{changed|was different}.",
                ),
            ),
            (
                (
                    ("mi_useful",),
                    "{And|And you know,} {it worked|it actually worked}, <she> {took|made} "
                    "{a|the} {decision|plan} <herself>, and {that|it} {lasts|holds} {much|a "
                    "lot} better.",
                ),
                (
                    ("mi_insecurity",),
                    "{Afterwards|Later} I {wasn't sure|didn't know} {if|whether} {that was|I "
                    "did} {real|proper} MI {or|or just} {common sense|being polite}, "
                    "{nobody|no one} {could|was there to} {tell|say}.",
                ),
                (
                    ("mi_limits",),
                    "{But|But then} {the rest of|all of} {our|the} contact {after "
                    "that|afterwards} was {by phone|on the phone} and {e-mail|letters}, "
                    "{and|so} {it|that} {just|simply} {isn't|is not} the same.",
                ),
            ),
            (
                (
                    ("mi_decline",),
                    "{That was|But that was} {more than a year ago|last year} {though|}, {I "
                    "don't think|I'm not sure} I {have done|did} {anything like that|it like "
                    "that} {since|after that}.",
                ),
                (
                    ("mi_limits",),
                    "{And|But} {in the end|then again} the {law|rules} {decided|decides} "
                    "{anyway|in any case}, {so|and} there {wasn't|is not} {so|that} much "
                    "{to|to really} {explore|discuss}.",
                ),
                SKIP,
                SKIP,
            ),
        ),
        waves=("2013",),
    ),
    Story(
        "recording",
        ("official",),
        ("mi_training", "mi_coaching_feedback", "mi_insecurity", "manager_support"),
        (
            (
                (
                    ("mi_training",),
                    "For the {homework|assignment} I {had to|needed to} record a {real|real "
                    "client} meeting, {so|and} I asked <client:f> {if|whether} {it was "
                    "okay|she minded}, and {she|she just} {laughed|said fine}.",
                ),
                (
                    ("mi_training",),
                    "{We|Everyone} {had to|was supposed to} {tape|record} {a meeting|one "
                    "meeting} {between|in between} the {two|course} blocks, and I "
                    "{did|recorded} {mine|it} {on|} <date> {with|with a client,} <client:m>.",
                ),
            ),
            (
                (
                    ("mi_coaching_feedback",),
                    "{Then|Afterwards} <coach> {listened to|went through} {it|the recording} "
                    "{with me|together with me}, {and|and she} {pointed out|showed me} {every "
                    "time|the places where} I {interrupted|jumped in}.",
                ),
                (
                    ("mi_coaching_feedback",),
                    "{Nobody|No one} {ever|actually} {listened|listened to it} "
                    "{afterwards|after that}, {I think|I believe} {it|the recording} {is|is "
                    "still} {somewhere|on a memory stick} in {my drawer|a drawer}.",
                ),
            ),
            (
                (
                    ("mi_insecurity",),
                    "{It was|That was} {awful|embarrassing} to {hear|listen to} {myself|my "
                    "own voice}, {I|I just} {talk|talked} {so much|all the time}, {and|so} "
                    "{I'm still|I am still} {not sure|unsure} I {do|get} it right.",
                ),
                (
                    ("manager_support",),
                    "<manager> {never|didn't even} {asked|ask} {about|how} {it|it went}, {I "
                    "don't think|I doubt} {she|she even} {knew|knows} we {had|did} "
                    "{homework|that}.",
                ),
                SKIP,
            ),
        ),
        waves=("2013",),
    ),
    Story(
        "unit_change",
        ("manager",),
        (
            "teams",
            "lean",
            "coaching_leadership",
            "reform_cycles",
            "coherent_strategy",
            "performance_measures",
            "manager_support",
            "not_therapist",
        ),
        (
            (
                (
                    ("teams",),
                    "When we {started|introduced} the {teams|groups} {here|at our office} {in "
                    "the autumn|on <date>}, {half|some} of {the staff|my officials} were "
                    "{worried|upset} that they would lose their own {cases|clients}.",
                ),
                (
                    ("lean",),
                    "{We|I} {did|ran} the {first|big} {value flow|flow} {workshop|day} "
                    "{at|in} {a conference room|a hotel} in <town>, {the whole "
                    "unit|everyone}, {post-it notes all over the walls|yellow notes on every "
                    "wall}.",
                ),
                (
                    (),
                    "{One of|One} my officials, <colleague:f>, {came|came into my office} {to "
                    "me|} {one Friday|one afternoon} and {said|told me} {she|she just} "
                    "{couldn't|could not} {do|manage} {it|this} {any more|anymore}.",
                ),
            ),
            (
                (
                    ("coaching_leadership",),
                    "{And|So} I {tried|did} {not to|my best not to} {give|hand her} {the "
                    "answer|a solution}, I {asked|asked her} {what|how} {she|she herself} "
                    "{would|wanted to} {do|solve it}, {that's|which is} {how|what} {we|we "
                    "are} {supposed|meant} to {lead|work} {now|these days}.",
                ),
                (
                    ("not_therapist",),
                    "{It turned out that|It was because} she had {become|turned into} "
                    "{almost|more or less} a {therapist|counsellor} for {one|a} client, "
                    "{calling|phoning} {every day|every morning}, and {we|I} {had to|needed "
                    "to} {draw a line|set some boundaries}.",
                ),
                (
                    ("performance_measures",),
                    "{Then|And then} the {figures|monthly figures} came {from the region|from "
                    "above}, and {our unit|we} {were|was} {last|at the bottom}, {so|and} {of "
                    "course|naturally} {the pressure|it} {went up|increased}.",
                ),
            ),
            (
                (
                    ("coherent_strategy",),
                    "{But|And} {I|I really} {think|believe} {it|it all} {fits|belongs} "
                    "{together|in one picture}, the {flows|teams}, the coaching, {MI|the "
                    "conversations}, {it's|it is} {one|the same} {direction|way forward}.",
                ),
                (
                    ("reform_cycles",),
                    "{Some|The older ones} {said|told me} {they had|they'd} {seen|heard} {it "
                    "all|this} {before|a hundred times}, and {maybe|perhaps} {they're|they "
                    "are} right{, who knows|}.",
                ),
                (
                    ("manager_support",),
                    "{I|And I} {honestly|have to admit I} {didn't|did not} {have|find} {the "
                    "time|the energy} to {follow|push} {the MI part|MI} {as well|on top of "
                    "that}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "headquarters",
        ("senior",),
        (
            "public_trust",
            "centralisation",
            "coherent_strategy",
            "coaching_leadership",
            "mi_monitoring",
            "lean",
        ),
        (
            (
                (
                    ("public_trust",),
                    "{When|The year} {the|our} {director general|new director general} "
                    "{started|came}, our {trust|confidence} {figures|measurements} were {at a "
                    "record low|the lowest ever}, and the {evening papers|papers} {wrote "
                    "about us|ran stories about us} {every week|constantly}.",
                ),
                (
                    ("centralisation",),
                    "{At the|At a} {management conference|big meeting} in <town> {on|} <date> "
                    "{we|they} {presented|went through} {the new|one} {national|common} {way "
                    "of working|model} {for all offices|across the country}.",
                ),
            ),
            (
                (
                    ("coherent_strategy",),
                    "{The|Our} {message|point} {was|has been} {that|} {lean|the flow work}, "
                    "{the|} {teams|groups}, {MI|the conversation method} and {the|} {customer "
                    "promises|promises} are {one|a single} {package|strategy}, not "
                    "{separate|loose} {projects|things}.",
                ),
                (
                    ("coaching_leadership",),
                    "{We|The management group} {decided|agreed} that {managers|the managers} "
                    "{should|must} {coach|support} {rather|instead} than {control|check}, and "
                    "we {changed|rewrote} the {manager|leadership} {programme|training} {for "
                    "that|accordingly}.",
                ),
            ),
            (
                (
                    ("mi_monitoring",),
                    "{What we didn't do|What we never did}, and I {can|have to} {say|admit} "
                    "{that|it}, {was|is} {to|} {follow up|measure} {whether|if} {MI|it} "
                    "{was|is} {actually|really} {used|applied} {out there|at the offices}.",
                ),
                (
                    ("lean",),
                    "{And|And then} the {value flow|lean} {work|analyses} {gave|showed} us "
                    "{quite|rather} {concrete|clear} {results|improvements} in {lead "
                    "times|processing times} {in the first year|early on}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "team_help",
        ("official",),
        ("teams", "workload", "separate_initiatives", "mi_priority", "mi_coaching_feedback"),
        (
            (
                (
                    (),
                    "<colleague:f> {in my team|who sits next to me} {had|got} {a really "
                    "difficult|an aggressive|a very sad} {client|case} {last week|on <date>}, "
                    "{a man|someone} who {threatened|shouted at} {her|everyone} {on the "
                    "phone|at the reception}.",
                ),
                (
                    (),
                    "{Last spring|In March} {two|three} {people|colleagues} in {our|the} "
                    "{group|team} {were|went} {off sick|on leave} {at the same time|in the "
                    "same month}.",
                ),
            ),
            (
                (
                    ("teams",),
                    "{So|And} we {sat down|talked it through} {together|in the group} {at the "
                    "Thursday meeting|at our Thursday meeting}, and {that|it} {helped|was "
                    "good}, you {feel|are} less {alone|on your own}.",
                ),
                (
                    ("workload", "teams"),
                    "{And|So} {their|all their} {cases|files} were {spread|divided} "
                    "{over|among} {the rest of us|us}, {maybe|about} {forty|thirty} "
                    "{each|extra each}, and then {everything|all else} {stops|stopped}.",
                ),
            ),
            (
                (
                    ("mi_priority",),
                    "{Of course|Naturally} the {MI|conversation} {practice|group} {was|got} "
                    "{cancelled|dropped} {that month|straight away}, {there was no time for "
                    "it|it wasn't even a question}.",
                ),
                (
                    ("separate_initiatives",),
                    "{And|And at the same time} {we were|we were also} {supposed|meant} to "
                    "{do|run} {the|our} {flow|improvement} {meetings|board} and {the|} MI "
                    "{group|practice}, {all|everything} {at once|in the same weeks}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "counter",
        ("official",),
        ("public_trust", "client_orientation", "activation_policy", "mi_useful"),
        (
            (
                (
                    (),
                    "{Last week|On Tuesday|A while ago} {a man|an older man}, <client:m>, "
                    "came {to the counter|to the reception} at the <office> office {and|and "
                    "he} {started shouting|was furious} {straight away|before I had said a "
                    "word}.",
                ),
                (
                    (),
                    "{I remember|There was} {a young woman|a woman}, <client:f>, who {came "
                    "in|turned up} {without an appointment|at the reception} {one morning|on "
                    "<date>}, {crying|very upset}.",
                ),
            ),
            (
                (
                    ("public_trust",),
                    "{<She> had read|<She> had seen} {in the paper|on the news} {that we|how "
                    "we} {throw people out|take the money from sick people}, {so|and} {<she> "
                    "expected|<she> assumed} {the worst|I was the enemy}.",
                ),
                (
                    ("activation_policy",),
                    "{<Her_poss>|The} {day ninety|hundred and eighty days} {had passed|was "
                    "coming up}, and {the letter|our letter} {said <she> had to|told <her> "
                    "to} {look for|apply for} {other work|any job}.",
                ),
            ),
            (
                (
                    ("client_orientation",),
                    "{I|So I} {took <her> into|asked <her> into} {a room|one of the meeting "
                    "rooms}, {got|fetched} {<her> a coffee|some water}, and {explained|went "
                    "through} {the whole thing|everything} {step by step|from the start}.",
                ),
                (
                    ("mi_useful", "client_orientation"),
                    "{I|And I} {didn't argue|tried not to argue}, I {just|} asked {what <she> "
                    "needed|what worried <her> most}, and {after a while|slowly} {<she> "
                    "calmed down|the whole thing calmed down}.",
                ),
            ),
            (
                (
                    (),
                    "{When <she> left|In the end} {<she> said|<she> actually said} {thank "
                    "you|that I was the first one who had listened}{, which you don't hear "
                    "every day|}.",
                ),
                (
                    ("public_trust",),
                    "{That's|That is} {how you win back|the only way to win back} "
                    "{trust|people's confidence}, {one person at a time|meeting by meeting}, "
                    "{not|not with} {posters|campaigns}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "phone_decision",
        ("official",),
        ("mi_limits", "client_orientation", "mi_useful", "routines_regulation"),
        (
            (
                (
                    (),
                    "{Last month|Before the summer|In the autumn} I {had to|needed to} "
                    "{give|deliver} a {negative decision|no} to <client:m>, {and|but} {he|the "
                    "client} {lives|lived} {far away|up in <town>}, {so|and} {it had to be|it "
                    "was} {by phone|on the phone}.",
                ),
                (
                    (),
                    "{I called|I rang} <client:f> {on|at} <phone> {to tell her about the "
                    "decision|to tell her we were stopping the benefit}, {and|but} {she|she "
                    "just} {didn't pick up|didn't answer} {the first three times|for days}.",
                ),
            ),
            (
                (
                    ("mi_limits",),
                    "{On the phone|Over the phone} {you don't see|you can't see} {the "
                    "face|their reactions}, {so|and} {all the MI stuff is|the techniques are} "
                    "{much harder|a lot harder} {to use|to get right}.",
                ),
                (
                    ("routines_regulation",),
                    "{And|But} {the routine|our routine} says {that|} {you|one} {must|have "
                    "to} {send|post} {the letter|the written decision} {the same day|within "
                    "two days}, {so|and} {there's no time for|there is not much room for} {a "
                    "second call|talking it through}.",
                ),
            ),
            (
                (
                    ("mi_useful", "client_orientation"),
                    "{I tried|So I tried} {to let|letting} <her> {say|talk about} {how <she> "
                    "saw it|what <she> thought} {first|before I said anything}, {and|and} "
                    "{that|it} {helped|made a difference}, {I think|actually}.",
                ),
                (
                    ("client_orientation",),
                    "{I explained|I went through} {what <she> could do|how to appeal} "
                    "{and|and} {sent|e-mailed} {the form|the papers} {afterwards|the same "
                    "afternoon}{, with a note|}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "reorganisation",
        ("official", "manager"),
        ("reform_cycles", "centralisation", "teams", "separate_initiatives"),
        (
            (
                (
                    (),
                    "{When I started|My first year}, {in|back in} {ninety-eight|two thousand "
                    "and one|the nineties}, {we sat|we worked} {at|in} {the old county "
                    "office|the old insurance office} {on|at} <street>{ in <town>|}.",
                ),
                (
                    (),
                    "{Two|Three} years ago {they|the agency} {merged our unit with|moved our "
                    "unit into} the office in <town>, {and|and} {half|some} of {the staff|us} "
                    "{had to|started to} {commute|travel}.",
                ),
            ),
            (
                (
                    ("centralisation",),
                    "{Then|After that} {everything|all of it} {was|became} {national|one "
                    "agency}, {and|and} {the decisions|most decisions} {moved|went} {to|up "
                    "to} {Stockholm|the head office}.",
                ),
                (
                    ("reform_cycles",),
                    "{Since then|After that} {we have|I have} {been reorganised|had a "
                    "reorganisation} {I think|maybe} {four|five} times, {new|different} "
                    "{managers|bosses}, {new|different} {names|labels} {on the units|on "
                    "everything}.",
                ),
            ),
            (
                (
                    ("teams",),
                    "{And now|Now} {it's|we have} {the teams|the groups}, {which|and that} "
                    "{is|is actually} {fine|okay}, {I'm not against it|I don't mind}, {it's "
                    "nice|you get} to {have|sit with} {people|colleagues} {around you|to talk "
                    "to}.",
                ),
                (
                    ("separate_initiatives",),
                    "{And|And then} {on top of that|at the same time} {the flows|lean} "
                    "{and|and} {MI|the course}, {all|everything} {at once|in the same year}, "
                    "{each with|and each had} {its own|their own} {meetings|people}.",
                ),
                SKIP,
            ),
        ),
    ),
    Story(
        "followup_2014",
        ("official",),
        ("mi_decline", "mi_insecurity", "mi_monitoring", "mi_coaching_feedback", "mi_priority"),
        (
            (
                (
                    (),
                    "{Since we last talked|Since last year|After our last interview}, "
                    "{I|I've} {had|changed to} {a new|another} {team|manager}{, <manager>,|} "
                    "and {a lot of|lots of} {new cases|sickness cases}.",
                ),
                (
                    (),
                    "{I was thinking about this|I thought about it} {after you called|when "
                    "you e-mailed}{, actually|}, {what|what's} {has happened|happened} {with "
                    "MI|to MI} {since|after} {the course|last spring}.",
                ),
            ),
            (
                (
                    ("mi_decline",),
                    "{And honestly|Honestly}, {I don't use|I haven't used} {the "
                    "techniques|the ruler and all that} {much|very much} {this year|lately}, "
                    "{maybe|perhaps} {the open questions|some open questions} {still|}.",
                ),
                (
                    ("mi_decline",),
                    "{The|All the} {words|terms} {have gone|are gone|have disappeared}, {I "
                    "couldn't|I probably couldn't} {explain|say} what a {reflection|summary} "
                    "is {any more|now}, {but|although} {the idea|the attitude} {is|is still} "
                    "{there|left}.",
                ),
            ),
            (
                (
                    ("mi_coaching_feedback", "mi_monitoring"),
                    "{And|And of course} {nobody|no one} {has|has ever} {followed it up|come "
                    "back to it}, {the coach|our coach} {left|quit} {in the spring|after the "
                    "summer}, {and|and} {nobody|no one} {asked|checked}.",
                ),
                (
                    ("mi_insecurity",),
                    "{So when I do use it|And if I try it}, {I feel|I'm} {even more|more} "
                    "{unsure|insecure} {than before|now}, {whether|if} {it's|it is} "
                    "{right|correct}.",
                ),
                (
                    ("mi_priority",),
                    "{The|Our} {queues|piles} {have|have just} {grown|got longer}, {so|and} "
                    "{there's|there is} {even less|no} {time|room} for {that kind of|long} "
                    "{conversations|talks} {now|than before}.",
                ),
            ),
        ),
        waves=("2014",),
    ),
    Story(
        "manager_mi",
        ("manager",),
        ("manager_support", "mi_priority", "mi_monitoring", "mi_training", "coherent_strategy"),
        (
            (
                (
                    ("mi_training",),
                    "{When|After} {my officials|the staff} {had done|came back from} the "
                    "{course|MI course} on <date>, {they were|everyone was} {very|really} "
                    "{enthusiastic|positive}{, I remember that|}.",
                ),
                (
                    (),
                    "{At|In} {our|the} {management group|managers' meeting} on <date> {we|the "
                    "region} {discussed|talked about} what {to do|we should do} {with|about} "
                    "MI {after|beyond} the course.",
                ),
            ),
            (
                (
                    ("mi_priority",),
                    "{But then|And then} {the autumn|the spring} {came with|brought} "
                    "{the|new} {production targets|targets}, {and|and} {we had to|I had to} "
                    "{prioritise|choose}, {so|and} {the practice was|the MI groups were} {put "
                    "aside|the first thing to go}.",
                ),
                (
                    ("manager_support",),
                    "{And|But} {I|I have to say I} {didn't|did not} {follow up|ask about it} "
                    "{in the|at the} {staff reviews|one-to-ones}, {it just|it simply} "
                    "{didn't|did not} {come up|end up on the agenda}.",
                ),
            ),
            (
                (
                    ("mi_monitoring",),
                    "{And|So} {today|now} {I couldn't|I could not} {tell you|say} {who|which "
                    "of them} {uses it|still uses it}, {we|I} {never|don't} {measure|follow} "
                    "{that|it}.",
                ),
                (
                    ("coherent_strategy",),
                    "{Which is|That's} {a pity|a shame}, {because|since} {it fits|MI fits} "
                    "{so well|perfectly} with {the rest|everything else}, {the flows|lean} "
                    "and {the teams|teams}, {it's|it is} {one|the same} {idea|direction}.",
                ),
                SKIP,
            ),
        ),
    ),
)
