"""The per-article caches of extractors.actors: each phrase is walked once and reads as a
fresh walk would."""
from extractors.actors import _children_and_deps, _phrase_tokens, phrase_tokens
from extractors.components import load_nlp, read_doc


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


SENTENCES = ("Envoys of three Gulf states, backed by a UN Security Council member, said on Friday they would "
             "attend Talks in Doha, which the rebels rejected.\nThe Estonian prime minister met the opposition "
             "leaders whom the Finnish ministry had invited to a summit known as the Baltic Forum.")


def test_children_read_from_the_arrays_are_the_tokens_children():
    doc = read_doc(SENTENCES)
    children, deps, _phrase_deps, _acl = _children_and_deps(doc)
    assert _children_and_deps(doc) is _children_and_deps(doc)  # made once per Doc
    assert [[c.i for c in t.children] for t in doc] == children
    assert [t.dep for t in doc] == deps
    assert sum(map(len, children)) == len(doc) - len(list(doc.sents))  # every word but the roots


def test_a_words_role_is_looked_up_once_per_article_and_as_a_fresh_lookup():
    doc = read_doc(SENTENCES)
    actors = doc._.parley_actors
    roles = {t.i: actors._word_role(t) for t in doc}
    assert roles == {t.i: actors._looked_up_role(t) for t in doc}
    assert actors._word_roles == roles
    council = next(t for t in doc if t.text == "Council")
    assert roles[council.i] is None  # a word of an organisation's name is not a role
    assert {t.text for t in doc if roles[t.i]} >= {"rebels", "ministry", "opposition"}


def test_triggers_found_by_lemma_ids_are_the_words_whose_lemma_is_a_trigger():
    doc = read_doc(SENTENCES)
    lemmas = load_nlp().get_pipe("parley_triggers").lemmas
    expected = [t.i for t in doc if t.lemma_.lower() in lemmas]
    assert [span.start for span in doc.spans["parley_triggers"]] == expected
    assert {"invited", "summit", "rejected"} <= {doc[i].text for i in expected}
