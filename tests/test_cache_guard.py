"""The cache guard: a change in data/ or analysis/ invalidates every cached execution — also after a failed build."""
from booktools import cache_guard


def _tree(tmp_path, value: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "analysis").mkdir(exist_ok=True)
    (tmp_path / "data" / "claims.csv").write_text(f"claim_id,value\nx,{value}\n")
    (tmp_path / "analysis" / "__init__.py").write_text("")


def _cache(tmp_path):
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "executed.ipynb").write_text("{}")
    return cache


def test_a_change_invalidates_and_an_unchanged_tree_keeps_the_cache(tmp_path):
    _tree(tmp_path, "94.7")
    assert cache_guard.check(tmp_path) is False  # first build: nothing to invalidate
    cache = _cache(tmp_path)
    assert cache_guard.check(tmp_path) is False and cache.exists()
    _tree(tmp_path, "94.4")
    assert cache_guard.check(tmp_path) is True and not cache.exists()


def test_a_failed_build_does_not_leave_its_executions_behind_a_revert(tmp_path):
    # Built with 94.7; then the value is changed to 94.4 and a build executes (filling the cache)
    # but fails; then the change is reverted. The cache holds 94.4 executions: it must go.
    _tree(tmp_path, "94.7")
    cache_guard.check(tmp_path)
    _cache(tmp_path)
    _tree(tmp_path, "94.4")
    assert cache_guard.check(tmp_path) is True
    cache = _cache(tmp_path)  # the failing build's executions
    _tree(tmp_path, "94.7")
    assert cache_guard.check(tmp_path) is True, "the revert must invalidate the failed build's executions"
    assert not cache.exists()


def test_a_cache_without_a_fingerprint_is_not_trusted(tmp_path):
    _tree(tmp_path, "94.7")
    cache = _cache(tmp_path)
    assert cache_guard.check(tmp_path) is True and not cache.exists()
