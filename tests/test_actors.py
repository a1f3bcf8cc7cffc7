"""How a phrase of an article resolves to an actor's code, on sentences we wrote (real spaCy,
real knowledge base)."""
from datetime import date

import pytest

from extractors.actors import ArticleActors
from extractors.components import _name_finder, load_nlp


def code_of(text: str, word: str, on: date) -> str | None:
    """The code the article's actors give the first token written `word`."""
    doc = load_nlp()(text)
    actors = ArticleActors(doc, _name_finder().find(doc), on=on)
    actor = actors.resolve(next(t for t in doc if t.text == word))
    return actor.code if actor else None


@pytest.mark.parametrize("text, word, code", [
    ("Former Mexican president Tomas Varela said the talks were useful.", "Varela", "MEX"),
    ("The former prime minister of Portugal, Rui Almeida, will not attend the summit.", "Almeida", "PRT"),
    ("Mexican president Tomas Varela said the talks were useful.", "Varela", "MEXGOV"),
])
def test_a_former_office_holder_is_the_bare_country(text, word, code):
    assert code_of(text, word, date(2019, 5, 1)) == code


def test_a_former_leader_the_data_knows_keeps_their_own_country():
    """Mediating another country's talks does not make a former head of state that country's."""
    text = "Liberia mediator Olusegun Obasanjo met rebel leaders on Monday."
    assert code_of(text, "Obasanjo", date(2019, 5, 1)) == "NGA"
