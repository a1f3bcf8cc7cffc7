"""The dependency patterns of extractors/data/patterns.yaml, run by spaCy's DependencyMatcher."""
from dataclasses import replace

from extractors.components import extract_article, extract_text, load_nlp
from extractors.lexicon import load_lexicon
from extractors.patterns import EventPatterns, event_patterns
from extractors.rules import Rule, load_rules


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


def test_a_pattern_added_as_data_adds_the_refusals_it_matches(monkeypatch):
    """A pattern's anchor becomes a trigger word: no list of refusal verbs need know it."""
    text = "Iran backed out of the talks in Vienna."
    lexicon = load_lexicon()
    assert "back" not in lexicon.trigger_lemmas
    assert extract_article(load_nlp()(text), None).rows[0].event_type == "meeting"
    back_out = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "back", "POS": "VERB"}},
                {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "particle", "RIGHT_ATTRS": {"LOWER": "out"}}]
    widened = replace(lexicon, patterns={**lexicon.patterns, "refusal": {**lexicon.patterns["refusal"],
                                                                          "back_out": back_out}})
    # its rule id must be described, as rules.yaml would describe it
    monkeypatch.setitem(load_rules(), "refusal.back_out", Rule("refusal.back_out", '"backed out of"', ()))
    rows = extract_article(load_nlp()(text), None, lexicon=widened).rows
    assert [(r.event_type, r.actor_code, r.rule_id) for r in rows if r.event_type == "refusal"] == \
        [("refusal", "IRNGOV", "refusal.back_out")]


def test_refusals_come_from_the_patterns():
    found = [(r.event_type, r.actor_code, r.rule_id) for r in extract_text("Russia pulled out of the conference in Vienna.")]
    assert found == [("refusal", "RUSGOV", "refusal.pull_out")]
    assert extract_text("Russia pulled ahead in the talks in Vienna.") == []
