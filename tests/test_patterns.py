"""The dependency patterns of extractors/data/patterns.yaml, run by spaCy's DependencyMatcher."""
from extractors.article import extract_text, load_nlp
from extractors.lexicon import load_lexicon
from extractors.patterns import EventPatterns, event_patterns


def anchors(text, patterns=None):
    doc = load_nlp()(text)
    matcher = event_patterns(doc.vocab) if patterns is None else EventPatterns(doc.vocab, patterns)
    return {doc[i].text for sentence in doc.sents for kind in matcher.anchors(sentence).values() for i in kind}


def test_a_phrasal_verb_anchors_its_pattern_only_with_its_particle():
    assert anchors("The opposition turned down the invitation to the talks.") == {"turned"}
    assert anchors("The opposition turned to Moscow for help.") == set()
    assert anchors("Turkey withdrew from the conference in Palermo.") == {"withdrew"}


def test_every_pattern_names_an_event_type_and_anchors_a_lemma():
    patterns = load_lexicon().patterns
    assert set(patterns) <= {"meeting", "invitation", "refusal", "acceptance"}
    for named in patterns.values():
        for pattern in named.values():
            assert pattern[0]["RIGHT_ID"] == "trigger" and isinstance(pattern[0]["RIGHT_ATTRS"]["LEMMA"], str)


def test_a_pattern_added_as_data_is_matched():
    back_out = {"refusal": {"back_out": [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "back", "POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "particle", "RIGHT_ATTRS": {"LOWER": "out"}}]}}
    assert anchors("Iran backed out of the talks in Vienna.", back_out) == {"backed"}


def test_refusals_come_from_the_patterns():
    found = {(r.event_type, r.actor_code) for r in extract_text("Russia pulled out of the conference in Vienna.")}
    assert ("refusal", "RUSGOV") in found
    assert not any(r.event_type == "refusal" for r in extract_text("Russia pulled ahead in the talks in Vienna."))
