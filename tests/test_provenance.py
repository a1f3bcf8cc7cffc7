"""Rule ids travel from the extractor to the warehouse: every event_mentions row names the
rule that made its event and those that set its status, date and place, the facts list the
rules of their mentions, a warehouse made before rule ids is migrated in place, and
`parley explain` reads a stored event back."""
import duckdb
import pytest

from conftest import query, run_parley

pytestmark = pytest.mark.slow

# Our own short wire stories
FIRST = {"a-decline.txt": "Iran Declines\n\nTEHRAN, March 2, 2020 — Iran declined to attend the talks in Geneva, "
                          "the foreign ministry said.\n"}
SECOND = {"b-invite.txt": "Qatar Invites Oman\n\nDOHA, May 4, 2020 — Qatar invited Oman to a summit in Doha next "
                          "week, the Qatari government said.\n"}
NEW_COLUMNS = ("rule_id", "status_rule_id", "date_rule_id", "place_rule_id")


def _run(inbox, stories, warehouse):
    for name, text in stories.items():
        (inbox / name).write_text(text)
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("provenance")
    path = inbox.parent / "provenance.duckdb"
    _run(inbox, {**FIRST, **SECOND}, path)
    return path


def test_every_mention_names_the_rules_behind_it(warehouse):
    rows = query(warehouse, """
        select event_type, coalesce(actor_code, '-'), coalesce(target_code, '-'), rule_id, status_rule_id,
               place_rule_id, rule_ids
        from event_mentions order by event_type, actor_code""")
    assert rows == [
        ("invitation", "QATGOV", "OMNGOV", "invitation.invited", "status.invited", "place.answer_phrase",
         ["invitation.invited"]),
        ("meeting", "-", "-", "meeting.noun", "status.answered_meeting", "place.trigger_prep", ["meeting.noun"]),
        ("refusal", "IRNGOV", "-", "refusal.refusal_verb", None, "place.of_answered_meeting",
         ["refusal.refusal_verb"]),
    ]


def test_the_facts_list_the_rules_of_their_mentions(warehouse):
    assert query(warehouse, "select rule_ids from fct_refusals") == [(["refusal.refusal_verb"],)]
    assert query(warehouse, "select rule_ids from fct_invitations") == [(["invitation.invited"],)]


def test_explain_reads_a_stored_event_back(warehouse):
    [(event_id,)] = query(warehouse, "select event_id from event_mentions where event_type = 'refusal'")
    result = run_parley("explain", "--event-id", event_id, "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stored: made by refusal.refusal_verb; status by -; date by -; place by place.of_answered_meeting" \
        in result.stdout
    assert "refusal IRNGOV -> - " in result.stdout
    missing = run_parley("explain", "--event-id", "no-such-event", "--warehouse", str(warehouse))
    assert missing.returncode == 1 and "no event no-such-event" in missing.stdout


def test_a_warehouse_made_before_rule_ids_is_migrated_in_place(tmp_path):
    inbox, path = tmp_path / "in", tmp_path / "old.duckdb"
    inbox.mkdir()
    _run(inbox, FIRST, path)
    with duckdb.connect(str(path)) as con:  # as the warehouse was before rule ids existed
        for column in NEW_COLUMNS:
            con.execute(f"alter table raw.event_mentions drop column {column}")
            con.execute(f"alter table intermediate.int_article_events drop column {column}")
        con.execute("alter table intermediate.int_article_events drop column rule_ids")
    before = query(path, "select article_event_id, evidence from event_mentions order by all")
    _run(inbox, SECOND, path)
    after = query(path, "select article_event_id, evidence, rule_id from event_mentions order by all")
    kept = [(a, e) for a, e, _ in after if (a, e) in before]
    assert kept == before  # nothing already loaded is lost or duplicated
    assert {rule for a, e, rule in after if (a, e) in before} == {None}  # old rows: no rule ids to give
    assert sorted(rule for a, e, rule in after if (a, e) not in before) == ["invitation.invited", "meeting.noun"]
