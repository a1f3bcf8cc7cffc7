"""The extractor's rules by name: what each does, its example sentences, and a trace of
which rules fired on a text.

Every rule that makes, types, drops or changes an event has a stable id
(``refusal.negated_attendance``, ``status.postponed_to_date``, ``place.nearest_prep``), listed
with a one-line description and example sentences in ``data/rules.yaml``; the tests are
generated from those examples (tests/test_rules.py). The id of the rule that made an event,
and of those that set its status, date and place, travel with it into the warehouse.

``tracing()`` records, while it is open, each rule the reader tries on a trigger and what
came of it: ``parley explain`` prints that. Outside it, ``note`` costs one lookup.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Token

# What a rule tried on a trigger came to
FIRED, NO_EVENT, DROPPED = "fired", "no event", "dropped"
KINDS = ("meeting", "refusal", "acceptance", "invitation", "status", "date", "place", "actor", "merge")


@dataclass(frozen=True)
class Example:
    """A sentence of ours and the events the extractor must read in it, each written as
    ``type actor>target status`` ("-" for none): the whole list, in the extractor's order.
    An example not dated is read as an article that gives no date of its own."""
    text: str
    events: tuple[str, ...]
    dated: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    does: str
    examples: tuple[Example, ...]

    @property
    def kind(self) -> str:
        return self.id.split(".", 1)[0]


@cache
def load_rules() -> dict[str, Rule]:
    raw = yaml.safe_load(resources.files("extractors").joinpath("data", "rules.yaml").read_text(encoding="utf-8"))
    rules = {}
    for rule_id, entry in raw.items():
        if rule_id.split(".", 1)[0] not in KINDS:
            raise ValueError(f"rules.yaml: {rule_id} does not start with one of {', '.join(KINDS)}")
        examples = tuple(Example(e["text"], tuple(e["events"]), e.get("dated", True))
                         for e in entry.get("examples", []))
        rules[rule_id] = Rule(rule_id, entry["does"], examples)
    return rules


@cache
def _confidence() -> tuple[dict[str, float], float]:
    raw = yaml.safe_load(resources.files("extractors").joinpath("data", "confidence.yaml").read_text(encoding="utf-8"))
    return {rule_id: row["confidence"] for rule_id, row in raw["rules"].items()}, raw["prior"]["precision"]


def confidence_of(rule_id: str) -> float:
    """The measured precision of the rule's events (data/confidence.yaml); the precision of
    all events for a rule not measured yet."""
    by_rule, prior = _confidence()
    return by_rule.get(rule_id, prior)


def rule(rule_id: str) -> str:
    """The id, checked against the registry: a rule the code names must be described."""
    if rule_id not in load_rules():
        raise KeyError(f"rule {rule_id!r} is not in extractors/data/rules.yaml")
    return rule_id


@dataclass(frozen=True)
class Step:
    """One rule tried on a trigger (or, for an article-level rule, on an event)."""
    rule_id: str
    outcome: str
    token_i: int | None
    words: str


_trace: ContextVar[list[Step] | None] = ContextVar("parley_rule_trace", default=None)


def note(rule_id: str, token: Token | None, outcome: str = FIRED) -> None:
    steps = _trace.get()
    if steps is not None:
        steps.append(Step(rule(rule_id), outcome, token.i if token is not None else None,
                          token.text if token is not None else ""))


@contextmanager
def tracing() -> Iterator[list[Step]]:
    """Collect the steps of the extraction run inside the block."""
    steps: list[Step] = []
    reset = _trace.set(steps)
    try:
        yield steps
    finally:
        _trace.reset(reset)
