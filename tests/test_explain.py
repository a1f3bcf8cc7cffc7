"""`parley explain`: a sentence of ours, its parse, the rules tried on each trigger and the
events with their actor codes and rule ids."""
from datetime import date

from conftest import run_parley
from extractors.rules import confidence_of
from parley.explain import explain_text

REFUSAL = "Iran said on Monday it will not attend the talks in Geneva with the United States."


def test_explain_shows_the_refusal_its_actor_and_the_rule_that_made_it():
    text = explain_text(REFUSAL, date(2024, 3, 4))
    events = text.split("\nevents:\n")[1].splitlines()
    # the confidence shown is the calibrated precision of the rule that made the event
    assert events == [
        f"  meeting [USAGOV] status=planned date=2024-03-04 place=Geneva confidence={confidence_of('meeting.noun')}",
        "    made by meeting.noun; status by status.planning_word; date by date.attached; place by place.trigger_prep",
        f"  refusal IRNGOV -> USAGOV status=- date=2024-03-04 place=Geneva"
        f" confidence={confidence_of('refusal.negated_attendance')}",
        "    made by refusal.negated_attendance; status by -; date by date.of_answered_meeting;"
        " place by place.of_answered_meeting",
    ]


def test_explain_lists_the_parse_the_actors_and_each_rule_tried_on_each_trigger():
    text = explain_text(REFUSAL, date(2024, 3, 4))
    assert "    7 attend         attend       VERB   ccomp      ->   1 said" in text
    assert "  Iran (0) -> IRNGOV  [place: Iran]" in text
    triggers = text.split("triggers and the rules tried on them:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(":")[0].strip() for line in triggers if not line.startswith("    ")] == \
        ["attend (7, attend VERB)", "talks (9, talk NOUN)"]
    assert "    + fired    refusal.negated_attendance on 'attend' (7): " in text
    assert "    -         acceptance: no acceptance rule applies" in text


def test_explain_shows_a_reading_a_rule_dropped():
    text = explain_text("Iran gave a press conference in Ankara.")
    assert "    - dropped  meeting.not_news_briefing on 'conference' (4): " in text
    assert text.endswith("events:\n  none")



def test_an_invitation_naming_only_who_invites_is_one_step_with_no_event():
    text = explain_text("The opposition welcomed the invitation to the dialogue.", date(2019, 5, 1))
    assert text.count("no event invitation.invitation_noun on 'invitation'") == 1

def test_the_explain_command_prints_it():
    result = run_parley("explain", "Iran refused to attend the summit in Doha.")
    assert result.returncode == 0, result.stderr
    assert "made by refusal.refusal_verb" in result.stdout
    assert "refusal IRNGOV -> QATGOV" in result.stdout
    both = run_parley("explain", "Iran met Turkey.", "--event-id", "x")
    assert both.returncode != 0 and "either a SENTENCE or --event-id" in both.stdout + both.stderr
