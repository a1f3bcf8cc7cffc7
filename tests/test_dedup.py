"""Exact copies and syndicated near-copies map to one canonical article; other stories do not."""
from conftest import SAMPLES
from parley.dedup import Deduplicator, signature, text_hash


def _story(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


def _offer(dedup, article_id, text):
    return dedup.canonical_of(article_id, text_hash(text), signature(text))


def test_exact_copy_and_near_copy_share_the_canonical_article():
    dedup = Deduplicator()
    story = _story("03-opposition-rejects-moscow.txt")
    assert _offer(dedup, "a1", story) is None
    assert _offer(dedup, "a2", story) == "a1"
    syndicated = "Republished with permission\n\n" + story.replace("Advertisement", "Reporting by staff")
    assert _offer(dedup, "a3", syndicated) == "a1"


def test_different_stories_stay_apart_and_the_warehouse_is_remembered():
    first, second = _story("01-russia-skips-friends-of-syria.txt"), _story("02-damascus-accepts-moscow-talks.txt")
    dedup = Deduplicator([("old", text_hash(first), signature(first))])
    assert _offer(dedup, "new", second) is None
    assert _offer(dedup, "again", first) == "old"


def test_a_signature_is_the_one_a_warehouse_stored_before():
    """Signatures sign with permutations drawn once; a MinHash that draws its own from the
    seed (as every signature did before) gives the same values, so stored ones still match."""
    from datasketch import MinHash

    from parley.dedup import NUM_PERM, SCHEME, SHINGLE, normalise

    story = _story("02-damascus-accepts-moscow-talks.txt")
    words = normalise(story)
    drawn = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    drawn.update_batch([" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)])
    assert signature(story) == [int(v) for v in drawn.hashvalues]
    assert signature(story) == signature(story)
