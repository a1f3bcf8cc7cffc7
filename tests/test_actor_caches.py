"""The per-article caches of extractors.actors: each phrase is walked once and reads as a
fresh walk would."""
from extractors.actors import _phrase_tokens, phrase_tokens
from extractors.components import read_doc


def test_a_phrase_is_walked_once_per_head_and_reads_as_a_fresh_walk():
    doc = read_doc("Lisbon - The Portuguese foreign minister and a spokesman for the Danish parliament "
                   "met the envoys of the regional bloc known as the Northern Group on Monday.")
    heads = {chunk.root for chunk in doc.noun_chunks}
    assert len(heads) > 3
    for head in heads:
        assert phrase_tokens(head) is phrase_tokens(head)
        assert [t.i for t in phrase_tokens(head)] == [t.i for t in _phrase_tokens(head)]
    minister = next(t for t in doc if t.text == "minister")
    assert [t.text for t in phrase_tokens(minister)] == ["The", "Portuguese", "foreign", "minister"]
