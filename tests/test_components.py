"""The extraction as registered spaCy components: in the pipeline and its config, results on
Doc and Span extensions, one function from a Doc to rows."""
from datetime import date

from extractors.components import (COMPONENTS, TRIGGERS, doc_to_rows, extract_doc, load_nlp, look_up_sentences,
                                   read_doc)

TEXT = "Kenya invited Somalia to talks in Nairobi on Monday. Somalia declined the invitation."


def test_the_components_run_after_the_models_own_pipes_and_are_in_its_config():
    nlp = load_nlp()
    names = nlp.pipe_names
    assert names[-4:] == list(COMPONENTS)
    assert names.index("parser") < names.index("parley_actors") and names.index("ner") < names.index("parley_actors")
    assert {name: nlp.config["components"][name]["factory"] for name in COMPONENTS} == \
        {name: name for name in COMPONENTS}


def test_results_are_on_the_doc_and_its_sentences():
    doc = read_doc(TEXT, date(2024, 3, 1))
    assert [span.text for span in doc.spans[TRIGGERS]] == ["invited", "talks", "declined", "invitation"]
    first, second = doc.sents
    assert [(m.type, m.rule_id) for m in first._.parley_mentions] == \
        [("meeting", "meeting.noun"), ("invitation", "invitation.invited")]
    assert [(m.type, m.actor, m.rule_id) for m in second._.parley_mentions] == \
        [("refusal", "SOMGOV", "refusal.refusal_verb"), ("invitation", "KENGOV", "invitation.invitation_noun")]
    assert [[m.type for m in event] for event in doc._.parley_events] == \
        [["meeting"], ["invitation", "invitation"], ["refusal"]]
    assert doc._.parley_actors.history[0][1].code == "KENGOV"


def test_one_function_turns_a_doc_into_rows():
    rows = doc_to_rows(read_doc(TEXT, date(2024, 3, 1))).rows
    assert [(r.event_type, r.actor_code, r.target_code, r.event_date, r.rule_id) for r in rows] == [
        ("meeting", None, None, date(2024, 3, 4), "meeting.noun"),
        ("invitation", "KENGOV", "SOMGOV", date(2024, 3, 4), "invitation.invited"),
        ("invitation", "KENGOV", "SOMGOV", date(2024, 3, 4), "invitation.invitation_noun"),
        ("refusal", "SOMGOV", "KENGOV", date(2024, 3, 4), "refusal.refusal_verb"),
    ]


def test_a_doc_read_without_a_date_is_read_again_with_one():
    doc = load_nlp()("Kenya and Somalia held talks in Nairobi on Monday.")
    assert doc_to_rows(doc).rows[0].event_date is None  # "Monday" of no known week
    assert extract_doc(doc, date(2024, 3, 6))[0].event_date == date(2024, 3, 4)


def test_an_events_confidence_is_the_measured_precision_of_its_rule():
    from extractors.rules import confidence_of

    rows = doc_to_rows(read_doc(TEXT, date(2024, 3, 1))).rows
    # the invitation stated twice takes the higher of its two rules' precisions
    best = {key: max(confidence_of(r.rule_id) for r in rows if r.event_key == key)
            for key in {r.event_key for r in rows}}
    assert [r.confidence for r in rows] == [best[r.event_key] for r in rows]
    assert confidence_of("invitation.invited") != confidence_of("invitation.invitation_noun")


def test_a_words_sentence_is_looked_up_and_is_the_one_spacy_finds():
    text = "Officials met in Oslo.\nTalks resume Friday, the envoy said. Nobody came"
    doc = load_nlp().make_doc(text)
    for name, component in load_nlp().pipeline:
        if name not in COMPONENTS:
            doc = component(doc)
    walked = [(t.sent.start, t.sent.end) for t in doc]
    read_doc_hooks = read_doc(text).user_token_hooks
    assert "sent" in read_doc_hooks  # set by the first Parley component
    look_up_sentences(doc)
    assert [(t.sent.start, t.sent.end) for t in doc] == walked
    assert len({sentence for sentence in walked}) == 3
