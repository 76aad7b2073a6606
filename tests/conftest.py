"""Shared fixtures: every user directory points into tmp_path; the real corpus, if present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a red build must be reproducible);
# developers' runs keep exploring new ones, and a failure prints how to replay it.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_word_lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of word lists for the session: a list takes seconds to make, and
    every test's cache dir is new (tests of the list itself point elsewhere)."""
    return tmp_path_factory.mktemp("word-lists")


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_word_lists: Path
) -> Path:
    """Tests never read or write the developer's home: XDG dirs and HOME live in tmp_path."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("POLICY_TUI_LIBRARY", raising=False)
    monkeypatch.delenv("POLICY_TUI_BOOKMARKS", raising=False)
    monkeypatch.delenv("POLICY_TUI_ENGINE", raising=False)
    monkeypatch.setenv("POLICY_TUI_NO_SYSTEM_CLIPBOARD", "1")  # never the developer's clipboard
    monkeypatch.setenv("POLICY_TUI_WORD_LIST_DIR", str(shared_word_lists))
    return home


def engines_under_test() -> list[str]:
    """Every installed search engine; CI names the ones it requires (POLICY_TUI_REQUIRE_ENGINES),
    so a missing ``fast`` extra fails the build instead of quietly testing whoosh alone."""
    from index.search.engines import available_engines

    names = available_engines()
    required = [e for e in os.environ.get("POLICY_TUI_REQUIRE_ENGINES", "").split(",") if e]
    missing = [e for e in required if e not in names]
    if missing:
        raise RuntimeError(f"search engines required but not installed: {', '.join(missing)}")
    return names


@pytest.fixture(scope="module", params=engines_under_test())
def engine(request: pytest.FixtureRequest) -> str:
    """Each search engine in turn: a module's search tests run once per engine."""
    return str(request.param)


@pytest.fixture
def use_engine(engine: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test's commands and SearchIndex.open calls use ``engine`` (through the setting)."""
    monkeypatch.setenv("POLICY_TUI_ENGINE", engine)
    return engine


def corpus_or_skip() -> Path:
    """../shared/corpus beside the checkout; required (not skipped) when CI asks for it."""
    if (CORPUS_DIR / "expected.yaml").is_file():
        return CORPUS_DIR
    if os.environ.get("POLICY_TUI_REQUIRE_CORPUS") == "1":
        pytest.fail(f"the real corpus is required but missing: {CORPUS_DIR}")
    pytest.skip("the real corpus (../shared/corpus) is not beside this checkout")


@pytest.fixture
def corpus_dir() -> Path:
    return corpus_or_skip()


SEARCH_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "search"


def copy_search_library(target: Path) -> Path:
    """Copy the search fixtures (several fictional regions) to the library folder ``target``."""
    shutil.copytree(SEARCH_FIXTURES, target, ignore=shutil.ignore_patterns("README*"))
    return target


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A library folder holding a copy of the search fixtures (several fictional regions)."""
    return copy_search_library(tmp_path / "library")
