"""The synonyms file: read from YAML once, then from its JSON copy in the cache dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.paths import cache_dir
from index.search.synonyms import PARSED_NAME, SYNONYMS_FILE, load_synonyms
from index.yaml_io import safe_load

PROJECT = Path(__file__).resolve().parents[2]


def groups_in_yaml(path: Path) -> list[list[str]]:
    return [[str(w) for w in g] for g in safe_load(path.read_text(encoding="utf-8"))["groups"]]


def same_words(a: object, b: object) -> bool:
    return vars(a)["_by_word"] == vars(b)["_by_word"]


def test_the_copy_holds_the_files_groups_and_gives_the_same_synonyms() -> None:
    first = load_synonyms()  # from the YAML, which it then keeps
    assert (cache_dir() / PARSED_NAME).is_file()
    again = load_synonyms()  # from the copy
    assert same_words(first, again)
    assert again.alternatives("AEO") == first.alternatives("AEO")
    assert len(again.alternatives("AEO")) > 1
    assert groups_in_yaml(SYNONYMS_FILE)  # the shipped file has groups at all


def test_a_fresh_process_reads_the_copy_without_importing_yaml() -> None:
    load_synonyms()
    probe = (
        "import sys; from index.search.synonyms import load_synonyms; "
        "s = load_synonyms(); assert len(s) > 0; print('yaml' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert done.stdout.strip() == "False", done.stderr


def test_another_file_is_never_answered_from_the_copy(tmp_path: Path) -> None:
    load_synonyms()
    other = tmp_path / "synonyms.yaml"
    other.write_text("groups:\n  - [甲词, 乙词]\n", encoding="utf-8")
    assert load_synonyms(other).alternatives("甲词") == ("甲词", "乙词")
    assert load_synonyms().alternatives("甲词") == ("甲词",)  # the shipped file again


@pytest.mark.parametrize(
    "damage",
    ["", "{not json", '{"sha256": "x", "groups": []}', "[]", '{"sha256": "%s", "groups": [1]}'],
)
def test_a_damaged_copy_is_read_past_and_replaced(damage: str) -> None:
    expected = load_synonyms()
    copy = cache_dir() / PARSED_NAME
    digest = copy.read_text(encoding="utf-8").split('"sha256": "')[1].split('"')[0]
    copy.write_text(damage.replace("%s", digest), encoding="utf-8")
    assert same_words(load_synonyms(), expected)
    assert '"groups": [[' in copy.read_text(encoding="utf-8")  # written whole again


def test_a_cache_dir_that_refuses_the_copy_changes_nothing() -> None:
    folder = cache_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    assert len(load_synonyms()) > 0


def test_a_file_of_the_wrong_shape_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "synonyms.yaml"
    bad.write_text("groups: just words\n", encoding="utf-8")
    with pytest.raises(ValueError, match="list of lists"):
        load_synonyms(bad)
