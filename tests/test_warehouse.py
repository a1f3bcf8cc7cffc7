"""The warehouse analysts query: events fused across articles, invitations linked to their
answers, and readers never blocked by a run."""
import subprocess
import time

import duckdb
import pytest

from conftest import PARLEY, query, run_parley

pytestmark = pytest.mark.slow

# Our own short wire stories: one meeting reported three times, another round of talks
# between the same parties a month later, and an invitation answered in a later story.
STORIES = {
    "a-baghdad.txt": "Iran and Iraq Hold Talks\n\nBAGHDAD, March 2, 2020 — Iranian and Iraqi foreign ministers "
                     "held talks in Baghdad on Monday, the Iraqi government said.",
    "b-baghdad.txt": "Ministers Meet in Baghdad\n\nTEHRAN, March 3, 2020 — Iran's foreign minister met his Iraqi "
                     "counterpart in Baghdad on Monday, Iranian state media reported.",
    "c-baghdad.txt": "Talks in Baghdad\n\nBAGHDAD, March 3, 2020 — Iraqi and Iranian ministers held talks in "
                     "Baghdad on Monday to discuss border security.",
    "d-baghdad-april.txt": "New Round in Baghdad\n\nBAGHDAD, April 7, 2020 — Iranian and Iraqi foreign ministers "
                           "held a fresh round of talks in Baghdad on Tuesday.",
    "e-invite.txt": "Qatar Invites Oman\n\nDOHA, May 4, 2020 — Qatar invited Oman to a summit in Doha next week, "
                    "the Qatari government said.",
    "f-accept.txt": "Oman Accepts\n\nMUSCAT, May 5, 2020 — Oman has accepted the invitation to the summit in Doha, "
                    "the Omani foreign ministry said.",
}


@pytest.fixture(scope="module")
def fused(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("fusion")
    for name, text in STORIES.items():
        (inbox / name).write_text(text + "\n")
    warehouse = inbox.parent / "fused.duckdb"
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    return warehouse


def test_one_meeting_reported_three_times_is_one_fact(fused):
    rows = query(fused, """
        select event_date, source_count, article_count from fct_meetings
        where list_sort(participant_codes) = ['IRNGOV', 'IRQGOV'] order by event_date""")
    assert [(str(d), s, a) for d, s, a in rows] == [("2020-03-02", 3, 3), ("2020-04-07", 1, 1)]
    sources = query(fused, """
        select count(distinct source_uri) from event_mentions e join fct_meetings m using (event_id)
        where m.event_date = '2020-03-02'""")
    assert sources == [(3,)]


def test_invitation_outcome_points_at_its_answer(fused):
    [(inviter, invitee, outcome, answer)] = query(fused, """
        select inviter_code, invitee_code, outcome, answered_by_event_id from fct_invitations
        where invitee_code = 'OMNGOV'""")
    assert (inviter, invitee, outcome) == ("QATGOV", "OMNGOV", "accepted")
    assert query(fused, "select actor_code from fct_acceptances where event_id = ?", [answer]) == [("OMNGOV",)]


def test_bridge_lists_each_party(fused):
    parties = query(fused, """
        select list_sort(list(actor_code)) from bridge_meeting_participants b join fct_meetings m using (event_id)
        where m.event_date = '2020-03-02'""")
    assert parties == [(["IRNGOV", "IRQGOV"],)]


def test_a_reader_is_never_blocked_and_sees_a_complete_load(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, text in STORIES.items():
        (inbox / name).write_text(text + "\n")
    warehouse = tmp_path / "w.duckdb"
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    (inbox / "g-new.txt").write_text("Talks in Ankara\n\nANKARA, June 1, 2020 — Turkish and Greek diplomats "
                                     "held talks in Ankara on Monday.\n")
    reader = duckdb.connect(str(warehouse), read_only=True)
    count = "select count(*) from event_mentions"
    before = reader.execute(count).fetchone()[0]
    run = subprocess.Popen([PARLEY, "run", "--input", str(inbox), "--warehouse", str(warehouse)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = set()
    while run.poll() is None:
        seen.add(reader.execute(count).fetchone()[0])
        time.sleep(0.2)
    assert run.returncode == 0, run.stdout.read()
    assert seen == {before}, "the reader kept working and saw only the complete previous load"
    reader.close()
    assert query(warehouse, count)[0][0] > before, "a new connection sees the new load"


def test_readme_examples_print_what_the_readme_shows(sample_warehouse):
    import sys

    from conftest import REPO

    result = subprocess.run([sys.executable, str(REPO / "scripts" / "readme_examples.py"), str(sample_warehouse),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _meetings_reported_in(warehouse, article_file: str, parties: list[str]) -> set[str]:
    rows = query(warehouse, """
        select distinct m.event_id from fct_meetings m join event_evidence e using (event_id)
        where list_has_all(m.participant_codes, ?) and e.source_uri like ?""", [parties, f"%/{article_file}"])
    return {event_id for (event_id,) in rows}


def test_shared_corpus_moscow_talks_reported_by_three_articles_are_one_fact(shared_warehouse):
    # The gold (shared/corpus/gold.jsonl) has the planned Moscow talks between the Russian
    # government, Damascus and the opposition in s001, s003 and s004.
    parties = ["RUSGOV", "SYRGOV", "SYROPP"]
    found = [_meetings_reported_in(shared_warehouse, name, parties) for name in ("s001.txt", "s003.txt", "s004.txt")]
    assert all(found) and len(set.intersection(*found)) == 1, found
    [event_id] = set.intersection(*found)
    [(source_count, location, sources)] = query(shared_warehouse, """
        select m.source_count, m.location, count(distinct e.source_uri)
        from fct_meetings m join event_evidence e using (event_id) where m.event_id = ? group by all""", [event_id])
    assert location == "Moscow" and source_count == sources >= 3


def test_shared_corpus_summits_between_the_same_parties_stay_apart(shared_warehouse):
    # Gold: Russia and the United States met in Helsinki in 2018 (d027) and in Geneva in 2021 (d028).
    helsinki = _meetings_reported_in(shared_warehouse, "d027.txt", ["RUSGOV", "USAGOV"])
    geneva = _meetings_reported_in(shared_warehouse, "d028.txt", ["RUSGOV", "USAGOV"])
    assert helsinki and geneva and not helsinki & geneva


def test_shared_corpus_the_oppositions_answer_to_moscows_invitation_is_linked(shared_warehouse):
    # Gold: Russia invited the Syrian opposition to talks in Moscow (s001, s003), which it turned down (s003, s004).
    rows = query(shared_warehouse, """
        select i.outcome, r.actor_code, i.source_count from fct_invitations i
        join fct_refusals r on r.event_id = i.answered_by_event_id
        where i.inviter_code = 'RUSGOV' and i.invitee_code = 'SYROPP' and i.location = 'Moscow'""")
    assert rows and all(outcome == "refused" and refuser == "SYROPP" for outcome, refuser, _ in rows), rows
    assert max(sources for *_, sources in rows) >= 2, "the invitation is one fact across the articles reporting it"
