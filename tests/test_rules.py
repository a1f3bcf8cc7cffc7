"""The rule registry (extractors/data/rules.yaml): every rule the code names is described,
every described rule is used, and each rule's example sentences are its tests: the
extractor must read exactly the events listed, and the rule must be the one that made the
event (or set its status, date or place) or, for a rule that drops or changes an event,
one that fired on the sentence."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from extractors.article import EventRow
from extractors.components import extract_text
from extractors.lexicon import load_lexicon, load_words
from extractors.rules import DROPPED, FIRED, load_rules, note, rule, tracing

ARTICLE_DATE = date(2024, 3, 4)  # the date every example is read as published on (a Monday)
EXTRACTORS = Path(__file__).resolve().parents[1] / "extractors"
RULE_ID = re.compile(r'"((?:meeting|refusal|acceptance|invitation|status|date|place|actor|merge)\.[a-z_]+)"')
EXAMPLES = [pytest.param(r, e, id=f"{r.id}-{n}") for r in load_rules().values() for n, e in enumerate(r.examples)]
FIELD_OF_KIND = {"status": "status_rule_id", "date": "date_rule_id", "place": "place_rule_id"}


def summary(row: EventRow) -> str:
    """An event as rules.yaml writes it: "refusal IRNGOV>USAGOV - @Geneva on 2024-03-11"."""
    who = "+".join(row.participant_codes) or "-" if row.event_type == "meeting" \
        else f"{row.actor_code or '-'}>{row.target_code or '-'}"
    text = f"{row.event_type} {who} {row.status or '-'}"
    text += f" @{row.location}" if row.location else ""
    return text + (f" on {row.event_date}" if row.event_date else "")


def _ids_in_code() -> set[str]:
    return {m for path in EXTRACTORS.glob("*.py") for m in RULE_ID.findall(path.read_text())}


def _pattern_ids() -> set[str]:
    return {f"{kind}.{name}" for kind, named in load_lexicon().patterns.items() for name in named}


def test_every_rule_the_code_names_is_described():
    assert _ids_in_code() - set(load_rules()) == set()


def test_every_described_rule_is_in_the_code_or_is_a_pattern():
    assert set(load_rules()) - _ids_in_code() - _pattern_ids() == set()


def test_every_pattern_is_a_described_rule():
    assert _pattern_ids() - set(load_rules()) == set()


def test_every_word_role_is_read_by_the_rules():
    source = (EXTRACTORS / "events.py").read_text()
    assert [role for role in load_words() if f'WORDS["{role}"]' not in source] == []


def test_every_rule_has_a_description_and_an_example():
    rules = load_rules()
    assert len(rules) > 25
    assert [r.id for r in rules.values() if not r.does.strip()] == []
    assert [r.id for r in rules.values() if not r.examples] == []


def test_an_unknown_rule_id_is_refused():
    with pytest.raises(KeyError, match="not.a_rule"):
        rule("not.a_rule")
    with pytest.raises(KeyError):
        with tracing():
            note("meeting.no_such_rule", None)


@pytest.mark.parametrize("described, example", EXAMPLES)
def test_rule_example(described, example):
    with tracing() as steps:
        rows = extract_text(example.text, ARTICLE_DATE if example.dated else None)
    events = list(dict.fromkeys(summary(row) for row in rows))  # one line per event, not per sentence
    assert events == list(example.events)
    assert all(row.rule_id for row in rows)
    tried = {(s.rule_id, s.outcome) for s in steps}
    if described.kind in FIELD_OF_KIND:
        assert described.id in {getattr(row, FIELD_OF_KIND[described.kind]) for row in rows}
    elif described.kind == "actor":
        assert (described.id, FIRED) in tried
    else:  # a rule that makes events (a pattern may match where another rule makes the event), drops
        # them or, merging, keeps two apart
        assert described.id in {row.rule_id for row in rows} or (described.id, DROPPED) in tried \
            or (described.id in _pattern_ids() or described.kind == "merge") and (described.id, FIRED) in tried
