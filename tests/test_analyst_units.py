"""The analysts' tools without a run: PLOVER mapping, CSV/JSON output, corrections' checks,
re-extraction's stable event keys."""
import csv
import io
import json
from datetime import date

import pytest

from parley.corrections import Correction, CorrectionError, parse_changes, read_file
from parley.export import PLOVER_TYPES, plover_type
from parley.query_output import write_rows
from parley.reextract import stable_keys


@pytest.mark.parametrize("event_type, status, expected", [
    ("meeting", "held", ("CONSULT", "meet", "040")),
    ("meeting", None, ("CONSULT", "meet", "040")),
    ("meeting", "planned", ("AGREE", "meet", "036")),
    ("meeting", "cancelled", ("REJECT", "meet", "125")),
    ("invitation", "extended", ("REQUEST", "meet", "026")),
    ("invitation", "not_extended", ("REJECT", "exclude", "125")),
    ("refusal", None, ("REJECT", "meet", "125")),
    ("acceptance", None, ("AGREE", "meet", "036")),
])
def test_plover_mapping(event_type, status, expected):
    assert plover_type(event_type, status) == expected


def test_every_type_and_status_has_a_plover_type():
    from parley.contract import EVENT_TYPES, STATUSES

    for event_type in EVENT_TYPES:
        statuses = {"meeting": ["held", "planned", "proposed", "cancelled"],
                    "invitation": ["extended", "not_extended"]}.get(event_type, [None])
        for status in statuses:
            assert status is None or status in STATUSES
            kind, _, cameo = plover_type(event_type, status)
            assert kind in ("CONSULT", "AGREE", "REQUEST", "REJECT") and len(cameo) == 3
    assert {kind for kind, _, _ in PLOVER_TYPES.values()} == {"CONSULT", "AGREE", "REQUEST", "REJECT"}


def test_consult_mode_follows_the_parties():
    assert plover_type("meeting", "held", parties=3)[1] == "multilateral"
    assert plover_type("meeting", "held", parties=2, hosted=True)[1] == "visit"


def test_csv_quotes_text_and_keeps_commas_and_quotes_in_one_field():
    out = io.StringIO()
    write_rows(["event_id", "evidence", "n", "codes", "day"],
               [("e1", 'Russia said, "no", on Tuesday.', 3, ["RUSGOV", "SYRGOV"], date(2012, 2, 21)),
                ("e2", None, 1, [], None)], "csv", out)
    text = out.getvalue()
    assert text.splitlines()[1].startswith('"e1","Russia said, ""no"", on Tuesday.",3,')
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["e1", 'Russia said, "no", on Tuesday.', "3", '["RUSGOV", "SYRGOV"]', "2012-02-21"]
    assert len(rows) == 3 and all(len(r) == 5 for r in rows)


def test_json_is_an_array_of_objects_with_lists_and_iso_dates():
    out = io.StringIO()
    write_rows(["codes", "day"], [(["IRN"], date(2014, 1, 22))], "json", out)
    assert json.loads(out.getvalue()) == [{"codes": ["IRN"], "day": "2014-01-22"}]


def test_corrections_are_checked_before_they_are_recorded():
    assert parse_changes(["actor=SYRGOV", "status=held", "date=2014-01-22", "participants=RUSGOV, IGOUNO"]) == {
        "actor": "SYRGOV", "status": "held", "date": "2014-01-22", "participants": "RUSGOV, IGOUNO"}
    for bad, said in [("actor=Syria", "not an actor code"), ("status=done", "not one of"), ("date=22/1/2014", "date"),
                      ("colour=red", "FIELD=VALUE"), ("type=summit", "not one of"), ("actor", "FIELD=VALUE")]:
        with pytest.raises(CorrectionError, match=said):
            parse_changes([bad])


def test_a_correction_file_round_trips_and_a_broken_line_is_named(tmp_path):
    path = tmp_path / "w.corrections.jsonl"
    correction = Correction(event_id="e1", action="set", reason="wrong actor", changes={"actor": "SYRGOV"},
                            corrected_by="ana", corrected_at="2026-12-07T01:00:00+00:00", correction_id="c1")
    path.write_text(json.dumps(vars(correction)) + "\n")
    assert read_file(path) == [correction]
    assert [row["field"] for row in correction.rows()] == ["actor"]
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(CorrectionError, match=":2:"):
        read_file(path)


def _mention(article, key, kind, start, end):
    return {"article_id": article, "event_key": key, "event_type": kind, "char_start": start, "char_end": end}


def test_reextracted_events_keep_their_keys_and_new_ones_take_no_earlier_key():
    old = [("a", "refusal-1", "refusal", 10, 50), ("a", "meeting-1", "meeting", 10, 50),
           ("a", "refusal-2", "refusal", 60, 90)]
    new = [_mention("a", "refusal-1", "refusal", 0, 8),     # a new refusal found first
           _mention("a", "refusal-2", "refusal", 10, 50),   # the old refusal-1, now second
           _mention("a", "meeting-1", "meeting", 10, 50),
           _mention("a", "meeting-1", "meeting", 52, 58)]   # a second sentence of the same meeting
    assert stable_keys(old, new) == ["refusal-1.1", "refusal-1", "meeting-1", "meeting-1"]


def test_a_status_must_fit_the_events_type():
    from parley.corrections import _check_status_fits_type

    refusal = [{"article_id": "a", "event_type": "refusal", "char_start": 0, "char_end": 5, "evidence": "No."}]
    with pytest.raises(CorrectionError, match="a refusal cannot be 'held'"):
        _check_status_fits_type(Correction("e", "set", "r", {"status": "held"}, refusal))
    _check_status_fits_type(Correction("e", "set", "r", {"status": "held", "type": "meeting"}, refusal))


def test_two_events_of_one_sentence_keep_their_own_keys():
    old = [("a", "refusal-1", "refusal", 10, 50), ("a", "refusal-2", "refusal", 10, 50)]
    new = [_mention("a", "refusal-1", "refusal", 10, 50), _mention("a", "refusal-2", "refusal", 10, 50)]
    assert stable_keys(old, new) == ["refusal-1", "refusal-2"]
