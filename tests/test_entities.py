"""The entities the rules read, made without the model's NER (PARLEY_NER=rules,
extractors/entities.py), on real spaCy. Sentences are our own."""
from datetime import date

import pytest

from extractors.components import extract_text, load_nlp, ner_mode, read_doc
from extractors.entities import RuleEntities


@pytest.fixture(autouse=True)
def rule_entities(monkeypatch):
    monkeypatch.setenv("PARLEY_NER", "rules")


def labels(text: str) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in read_doc(text, date(2021, 5, 3)).ents}


def test_the_setting_chooses_the_pipeline(monkeypatch):
    assert isinstance(load_nlp().get_pipe("ner"), RuleEntities)  # in the NER's place, under its name
    monkeypatch.delenv("PARLEY_NER")
    assert ner_mode() == "rules"
    monkeypatch.setenv("PARLEY_NER", "model")
    assert not isinstance(load_nlp().get_pipe("ner"), RuleEntities)


def test_an_unknown_setting_is_refused(monkeypatch):
    monkeypatch.setenv("PARLEY_NER", "statistical")
    with pytest.raises(ValueError, match="PARLEY_NER"):
        ner_mode()


def test_a_title_makes_a_person_and_stays_outside_the_name():
    found = labels("Foreign Minister Tomas Varga arrived on Friday.")
    assert found["Tomas Varga"] == "PERSON"
    assert found["Friday"] == "DATE"


def test_known_places_people_and_organisations():
    found = labels("The Portuguese delegation met officials of the European Union in Lisbon.")
    assert found["Portuguese"] == "NORP"
    assert found["the European Union"] == "ORG"
    assert found["Lisbon"] == "GPE"


def test_the_word_ending_a_name_says_an_organisation():
    assert labels("Leaders of the Green Renewal Party said they would stay away.")["the Green Renewal Party"] == "ORG"


def test_a_date_is_not_swallowed_by_the_name_before_it():
    found = labels("The envoys will gather in Tarvola Friday, an aide said.")
    assert found["Tarvola"] == "GPE"
    assert found["Friday"] == "DATE"


def test_date_ranges_and_relative_dates():
    found = labels("Talks are planned for 14-15 June, after a round held last week.")
    assert found["14-15 June"] == "DATE"
    assert found["last week"] == "DATE"


def test_a_numbered_meeting_is_an_event():
    assert labels("Both sides will attend the Tarvola III conference.")["Tarvola III"] == "EVENT"


def test_events_read_with_rule_entities_keep_place_and_date():
    rows = extract_text("Portuguese Foreign Minister Ana Tavares met her Spanish counterpart in Madrid on Friday.",
                        date(2021, 5, 3))
    meeting = next(row for row in rows if row.event_type == "meeting")
    assert meeting.location == "Madrid"
    assert meeting.event_date == date(2021, 4, 30)  # the Friday before


def test_a_building_named_by_its_kind_is_a_venue_not_a_person():
    found = labels("The envoys met at the Marble Lakeside Hotel and later at the Old Harbour Palace.")
    assert found["Marble Lakeside Hotel"] == "FAC"
    assert found["Old Harbour Palace"] == "FAC"


def test_a_capital_the_dictionaries_file_as_a_person_is_a_place():
    assert labels("The ministers will gather in Dushanbe next month.")["Dushanbe"] == "GPE"


def test_a_hyphenated_place_is_one_place():
    assert labels("The rivals agreed to meet in Saint-Louis.")["Saint-Louis"] == "GPE"


def test_a_known_name_with_and_inside_is_one_name():
    assert labels("The Justice and Revenge Front rejected the offer.")["The Justice and Revenge Front"] == "ORG"


def test_a_range_of_months_is_one_date():
    found = labels("The rounds were held between March and May of this year.")
    assert found["between March and May of this year"] == "DATE"
