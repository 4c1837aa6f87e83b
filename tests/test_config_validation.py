"""Config loading: errors name the file and key and list the valid choices; the hash is stable."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import config as cfg
from pipeline.stages import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


def _load(tmp_path: Path, body: str):
    path = tmp_path / "c.toml"
    path.write_text(body, encoding="utf-8")
    return cfg.load(path)


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(cfg.ConfigError) as exc:
        _load(tmp_path, body)
    message = str(exc.value)
    assert str(tmp_path / "c.toml") in message  # every error names the file
    return message


def test_default_file_equals_built_in_defaults():
    # configs/default.toml shows every key with its default: loading it changes nothing
    assert cfg.load(ROOT / "configs" / "default.toml").resolved == cfg.load(None).resolved


def test_default_file_lists_every_stage_key():
    import tomllib

    raw = tomllib.loads((ROOT / "configs" / "default.toml").read_text(encoding="utf-8"))
    for name in REGISTRY:
        assert set(raw["stages"][name]) == set(cfg.stage_defaults(name)), name


def test_unknown_stage_lists_valid_stages(tmp_path):
    msg = _error(tmp_path, '[pipeline]\nstages = ["encoding", "debriss"]\n')
    assert "'debriss'" in msg
    for name in REGISTRY:
        assert name in msg


def test_unknown_stage_table(tmp_path):
    msg = _error(tmp_path, '[stages.cleanup]\nx = 1\n')
    assert "[stages.cleanup]" in msg and "debris" in msg and "normalise" in msg


def test_table_for_a_stage_not_run(tmp_path):
    msg = _error(tmp_path, '[pipeline]\nstages = ["encoding"]\n[stages.joins]\nmin_left_chars = 4\n')
    assert "[stages.joins]" in msg


def test_unknown_key_lists_valid_keys(tmp_path):
    msg = _error(tmp_path, '[stages.filters]\nmin_word = 3\n')
    assert "[stages.filters]" in msg and "min_word" in msg
    assert "min_words" in msg and "languages" in msg


def test_unknown_pipeline_and_limits_keys(tmp_path):
    assert "workers" in _error(tmp_path, '[pipeline]\nworkers = 3\n')
    msg = _error(tmp_path, '[limits]\nmax_bytes = 3\n')
    assert "max_file_bytes" in msg and "max_doc_bytes" in msg


def test_unknown_table(tmp_path):
    msg = _error(tmp_path, '[stage.debris]\nrules = []\n')
    assert "[stage]" in msg and "[pipeline]" in msg and "[stages.NAME]" in msg


@pytest.mark.parametrize("body, key", [
    ('[stages.filters]\nmin_words = "five"\n', "min_words"),
    ('[stages.filters]\nmin_words = 2.5\n', "min_words"),
    ('[stages.filters]\nmin_words = true\n', "min_words"),
    ('[stages.normalise]\nunicode_spaces = "yes"\n', "unicode_spaces"),
    ('[stages.filters]\nlanguages = "en"\n', "languages"),
    ('[stages.joins]\nknown_word_zipf = "2"\n', "known_word_zipf"),
    ('[pipeline]\ndedup = 1\n', "dedup"),
    ('[limits]\nmax_file_bytes = "64M"\n', "max_file_bytes"),
])
def test_wrong_types(tmp_path, body, key):
    assert f"'{key}'" in _error(tmp_path, body)


def test_int_accepted_where_float_expected(tmp_path):
    c = _load(tmp_path, '[stages.joins]\nknown_word_zipf = 3\n')
    assert dict(c.stages)["joins"]["known_word_zipf"] == 3.0


def test_unknown_debris_rule(tmp_path):
    msg = _error(tmp_path, '[stages.debris]\nrules = ["debris.photo_credit", "debris.nope"]\n')
    assert "debris.nope" in msg and "debris.comment_form" in msg


def test_extract_must_come_first(tmp_path):
    msg = _error(tmp_path, '[pipeline]\nstages = ["encoding", "extract", "normalise"]\n')
    assert "'extract' must come first" in msg


def test_stage_named_twice(tmp_path):
    assert "twice" in _error(tmp_path, '[pipeline]\nstages = ["normalise", "normalise"]\n')


def test_language_filter_without_language_stage_is_refused(tmp_path):
    msg = _error(tmp_path, '[pipeline]\nstages = ["extract", "normalise", "filters"]\n'
                           '[stages.filters]\nlanguages = ["en"]\n')
    assert "'filters' reads language" in msg and "language" in msg


def test_language_filter_before_language_stage_is_refused(tmp_path):
    msg = _error(tmp_path, '[pipeline]\nstages = ["filters", "language"]\n[stages.filters]\nlanguages = ["en"]\n')
    assert "put language before it" in msg


def test_filters_without_languages_need_no_language_stage(tmp_path):
    c = _load(tmp_path, '[pipeline]\nstages = ["normalise", "filters"]\n')
    assert [name for name, _ in c.stages] == ["normalise", "filters"]


def test_merge_over_defaults(tmp_path):
    c = _load(tmp_path, '[stages.filters]\nmin_words = 12\n')
    assert dict(c.stages)["filters"] == {**cfg.stage_defaults("filters"), "min_words": 12}
    assert dict(c.stages)["filters"]["languages"] == []
    assert [name for name, _ in c.stages] == list(cfg.DEFAULT_STAGES)
    assert c.build_stages()[-1].min_words == 12


def test_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(cfg.ConfigError, match="no such config file"):
        cfg.load(tmp_path / "nope.toml")
    assert "not valid TOML" in _error(tmp_path, "[pipeline\nstages = 1")


def test_hash_is_stable_and_tracks_values(tmp_path):
    a = _load(tmp_path, '[stages.filters]\nmin_words = 12\n').sha256
    # the same settings written differently (other order, comments, defaults spelled out)
    b = _load(tmp_path, '# comment\n[stages.joins]\nmin_left_chars = 3\n[stages.filters]\nlanguages = []\n'
                        'min_words = 12\n').sha256
    assert a == b
    assert a == _load(tmp_path, '[stages.filters]\nmin_words = 12\n').sha256
    assert a != _load(tmp_path, '[stages.filters]\nmin_words = 13\n').sha256
    assert len(a) == 64


def test_near_threshold_outside_its_range(tmp_path):
    message = _error(tmp_path, "[pipeline]\nnear_threshold = 1.5\n")
    assert "near_threshold" in message and "0.5 to 1.0" in message
    assert _load(tmp_path, "[pipeline]\nnear_threshold = 0.9\n").pipeline["near_threshold"] == 0.9
