"""What a Parley event and a quarantine row may hold, stated once.

The Parquet schema, the load, the Great Expectations suites and dbt's `accepted_values`
read these names from here instead of restating them.
"""
from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = ("meeting", "invitation", "refusal", "acceptance")

STATUSES: tuple[str, ...] = ("held", "planned", "proposed", "cancelled", "extended", "not_extended")

# reason code -> what it means to the person reading the quarantine table
QUARANTINE_REASONS: dict[str, str] = {
    "empty": "the file or record holds no text",
    "binary": "the file is not text",
    "undecodable": "no text encoding reads the file",
    "unsupported_format": "a file type Parley does not read",
    "unsupported_url": "a feed item whose link is not http(s)",
    "too_large": "over the size limit",
    "truncated_html": "an HTML page cut off before its end",
    "bad_json": "a JSON or JSONL record that cannot be read",
    "no_text": "a record with no text or html field",
    "bad_feed": "a feed that cannot be parsed",
    "empty_feed": "a feed with no entries",
    "fetch_failed": "a feed or page that could not be downloaded",
    "no_story": "a page with no article text",
    "not_english": "a text not in English",
    "not_a_file": "a FIFO, socket or device in the input folder, not a regular file",
    "outside_input": "a link to a file or folder outside the input folder, not followed",
    "broken_link": "a link to nothing, or a loop of links",
    "unreadable_file": "a file the operating system would not let Parley read",
    "bad_field": "a JSON or JSONL record with a field of the wrong type (a `title` that is an object)",
    "too_long": "a text too long to parse, even in pieces",
    "no_link": "a feed item with no link to its page",
    "private_address": "a feed item whose page is on a private, loopback or link-local address",
    "read_failed": "reading the item failed in a way Parley did not foresee (detail: the error)",
    "clean_failed": "cleaning the text failed in a way Parley did not foresee (detail: the error)",
    "extract_failed": "parsing or extracting events from the article failed (detail: the error)",
}
