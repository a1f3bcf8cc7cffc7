"""`parley explain`: why the extractor reads a sentence as it does.

For a sentence (or the evidence of an event in a warehouse) it prints the parse, the actors
and trigger words found, each rule tried on each trigger and what came of it, and the
events with the ids of the rules that made them and set their status, date and place.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

READERS = ("meeting", "refusal", "acceptance", "invitation")


def explain_text(text: str, article_date: date | None = None, model: str | None = None) -> str:
    # imported here: the parley command loads this module for every subcommand
    from extractors.components import TRIGGERS, doc_to_rows, read_doc
    from extractors.rules import tracing

    with tracing() as steps:
        doc = read_doc(text, article_date, model)
    rows, actors = doc_to_rows(doc).rows, doc._.parley_actors
    triggers = [span.root for span in doc.spans[TRIGGERS]]
    lines = [f"text: {text}", f"article date: {article_date or 'none'}", "", "parse:"]
    lines += [f"  {t.i:>3} {t.text:<14} {t.lemma_:<12} {t.pos_:<6} {t.dep_:<10} -> {t.head.i:>3} {t.head.text:<12}"
              f" {t.ent_type_}" for t in doc]
    lines += ["", "actors:"]
    lines += [f"  {doc[i].text} ({i}) -> {actor.code}  [{actor.kind}: {actor.name}]" for i, actor in actors.history] \
        or ["  none"]
    lines += ["", "triggers and the rules tried on them:"]
    lines += _rules_by_trigger(triggers, steps) or ["  no trigger word"]
    article_level = [s for s in steps if s.token_i is None or s.rule_id.split(".")[0] in ("merge", "actor")]
    if article_level:
        lines += ["", "article-level rules:"] + [_step_line(s) for s in article_level]
    lines += ["", "events:"] + ([_event_line(row) for row in rows] or ["  none"])
    return "\n".join(lines)


def _rules_by_trigger(triggers, steps) -> list[str]:
    lines = []
    for token in triggers:
        own = [s for s in steps if s.token_i == token.i and s.rule_id.split(".")[0] not in ("merge", "actor")]
        lines.append(f"  {token.text} ({token.i}, {token.lemma_} {token.pos_}):")
        lines += [_step_line(s, indent=4) for s in own]
        tried = {s.rule_id.split(".")[0] for s in own}
        lines += [f"    -         {kind}: no {kind} rule applies" for kind in READERS if kind not in tried]
    return lines


def _step_line(step, indent: int = 2) -> str:
    from extractors.rules import FIRED, load_rules

    mark = "+" if step.outcome == FIRED else "-"
    where = f" on {step.words!r} ({step.token_i})" if step.token_i is not None else ""
    return f"{' ' * indent}{mark} {step.outcome:<8} {step.rule_id}{where}: {load_rules()[step.rule_id].does}"


def _event_line(row) -> str:
    parties = ", ".join(row.participant_codes)
    who = f"{row.actor_code or '-'} -> {row.target_code or '-'}" if row.event_type != "meeting" else f"[{parties}]"
    return (f"  {row.event_type} {who} status={row.status or '-'} date={row.event_date or '-'}"
            f" place={row.location or '-'} confidence={row.confidence}\n"
            f"    made by {row.rule_id}; status by {row.status_rule_id or '-'}; date by {row.date_rule_id or '-'};"
            f" place by {row.place_rule_id or '-'}")


def explain_event(event_id: str, warehouse: Path, model: str | None = None) -> str:
    """The warehouse's rows of an event (its fused or article-level id), with their rule ids,
    and the explanation of each evidence sentence read on its own."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select article_event_id, article_date, event_type, actor_code, target_code, status, event_date,
                   location, evidence, rule_id, status_rule_id, date_rule_id, place_rule_id
            from event_mentions where event_id = ? or article_event_id = ?
            order by article_date, article_event_id""", [event_id, event_id]).fetchall()
    if not rows:
        raise LookupError(f"no event {event_id} in {warehouse}")
    lines = []
    for (article_event, article_date, kind, actor, target, status, when, place, evidence,
         rule_id, status_rule, date_rule, place_rule) in rows:
        lines += [f"article event {article_event} ({article_date}): {kind} {actor or '-'} -> {target or '-'}"
                  f" status={status or '-'} date={when or '-'} place={place or '-'}",
                  f"  stored: made by {rule_id}; status by {status_rule or '-'}; date by {date_rule or '-'};"
                  f" place by {place_rule or '-'}",
                  "  its evidence sentence read on its own (the article around it can change what is read):", ""]
        lines += ["    " + line for line in explain_text(evidence, article_date, model).splitlines()]
        lines.append("")
    return "\n".join(lines)


def explain(
    sentence: str = typer.Argument(None, help="A sentence to explain."),
    event_id: str = typer.Option(None, "--event-id", help="An event_id or article_event_id of event_mentions."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The warehouse holding --event-id."),
    article_date: str = typer.Option(None, "--date", help="The article's date (YYYY-MM-DD) for relative dates."),
) -> None:
    """Show how the extractor reads a sentence: parse, triggers, each rule tried, events and their rule ids."""
    if (sentence is None) == (event_id is None):
        raise typer.BadParameter("give either a SENTENCE or --event-id ID with --warehouse FILE")
    if sentence is not None:
        print(explain_text(sentence, date.fromisoformat(article_date) if article_date else None))
        return
    from parley.settings import settings

    path = (warehouse or settings().warehouse).resolve()
    if not path.exists():
        raise typer.BadParameter(f"no warehouse at {path}", param_hint="--warehouse")
    try:
        print(explain_event(event_id, path))
    except LookupError as error:
        print(f"error: {error}")
        raise typer.Exit(1)
