"""The word list's cut (query_cut over word_list) is the loaded cutter's cut, for each backend.

Queries are cut from the word list so a process never loads the whole dictionary;
that is only right if every text it accepts comes out exactly as the backend that
built the index cuts it. Compared here on every line of the real texts beside the
checkout and under tests/, on pieces of them, and on random mixtures of dictionary
words, punctuation, Latin letters and digits.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.search import query_cut, word_list
from index.search import tokenizer as tokenizer_module
from index.text import fold_search

PROJECT = Path(__file__).resolve().parents[2]
TEXT_FOLDERS = [
    PROJECT / "tests",
    PROJECT / "docs" / "samples",
    PROJECT.parent / "shared" / "corpus",
    PROJECT.parent / "shared" / "corpus-real",
]


def _backends() -> list[str]:
    names = ["jieba"]
    if tokenizer_module._rjieba_installed():
        names.append("rjieba")
    return names


@pytest.fixture(scope="module", params=_backends())
def cutters(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """(backend, its word list) — the list made from jieba's files for that backend."""
    name = str(request.param)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("POLICY_TUI_TOKENIZER", name)
    backend = (
        tokenizer_module._RjiebaBackend() if name == "rjieba" else tokenizer_module._JiebaBackend()
    )
    path = tmp_path_factory.mktemp("lists") / f"{name}.sqlite"
    made = word_list.build(
        path,
        name,
        tokenizer_module.user_terms(),
        lambda text: list(backend.tokenize(text)),
        query_cut.tokenize,
        tokenizer_module._probes(),
    )
    assert made
    words = word_list.WordList(path)
    yield backend, words
    words.close()
    monkeypatch.undo()


def _lines() -> list[str]:
    lines: set[str] = set()
    for folder in TEXT_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".txt", ".md", ".html", ".htm") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            lines.update(fold_search(line.strip()) for line in text.splitlines() if line.strip())
    return sorted(lines)


def _pieces(lines: list[str]) -> Iterator[str]:
    """Pieces of lines as a user types them: any start, 1–12 characters."""
    rnd = random.Random(11)
    for line in lines:
        if len(line) > 3:
            start = rnd.randrange(len(line))
            yield line[start : start + rnd.randint(1, 12)]


def _same(backend, words, texts) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    compared, differing = 0, []
    for text in texts:
        if not query_cut.can_cut(text):
            continue
        compared += 1
        if query_cut.tokenize(words, text) != list(backend.tokenize(text)):
            differing.append(text)
    return compared, differing


def test_every_line_of_the_real_texts_is_cut_alike(cutters) -> None:  # type: ignore[no-untyped-def]
    backend, words = cutters
    lines = _lines()
    compared, differing = _same(backend, words, [*lines, *_pieces(lines)])
    assert compared > 5000, "too few texts found to compare"
    assert differing == []


def test_random_mixtures_are_cut_alike(cutters) -> None:  # type: ignore[no-untyped-def]
    backend, words = cutters
    dictionary = (word_list.jieba_folder() / "dict.txt").read_text(encoding="utf-8").split()[0::3]
    rnd = random.Random(5)
    alphabet = list("保税维修综合区企业的了在和与及abcz019 ，。、；：（）《》“”!?/\t\n·—…〇") + [
        "\u3000",
        "\xa0",
        "\r\n",
    ]
    texts = []
    for _ in range(4000):
        parts = [
            rnd.choice(dictionary)
            if rnd.random() < 0.5
            else "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 4)))
            for _ in range(rnd.randint(1, 6))
        ]
        texts.append(fold_search("".join(parts)))
    compared, differing = _same(backend, words, texts)
    assert compared > 3000
    assert differing == []


def test_texts_the_backends_cut_apart_are_left_to_the_cutter() -> None:
    for text in ("active_font", "www.12339.gov.cn", "2023-07-04", "增长1.5%", "c++", "㐀字"):
        assert not query_cut.can_cut(text), text
    for text in ("保税维修", "aeo 企业", "2024年 9610", "（一）支持，“单一窗口”"):
        assert query_cut.can_cut(text), text


def test_a_list_that_cuts_otherwise_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = tokenizer_module._JiebaBackend()
    small = ({"保税": 50, "保": 0, "维修": 40, "维": 0}, 1000)  # the decision, not the data
    monkeypatch.setattr(word_list, "_prefix_dictionary", lambda *_args: small)
    (tmp_path / "lists").mkdir()
    path = tmp_path / "lists" / "list.sqlite"

    def wrong(words: word_list.WordList, text: str) -> list[tuple[str, int, int]]:
        return [(ch, i, i + 1) for i, ch in enumerate(text)]

    made = word_list.build(
        path,
        "jieba",
        tokenizer_module.user_terms(),
        lambda text: list(backend.tokenize(text)),
        wrong,
        ["保税维修"],
    )
    assert not made
    assert not path.exists()
    assert word_list.refused_marker(path).is_file()
    assert list(path.parent.iterdir()) == [word_list.refused_marker(path)]  # no trial left


def _fresh_process(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )


CUT_AND_REPORT = (
    "import sys; from index.search.tokenizer import cut;"
    " print(' '.join(w.text for w in cut('支持保税维修提质升级，AEO企业')));"
    " print('loaded' if {'rjieba', 'jieba'} & set(sys.modules) else 'not loaded')"
)


def test_a_query_process_never_loads_the_dictionary(tmp_path: Path) -> None:
    """The first process loads the cutter and makes the list; the next cuts from the list
    alone, into the same words; a damaged list is made again, never an error."""
    env = dict(os.environ, POLICY_TUI_WORD_LIST_DIR=str(tmp_path / "lists"))
    first = _fresh_process(CUT_AND_REPORT, env)
    assert first.returncode == 0 and first.stderr == ""
    words, loaded = first.stdout.splitlines()
    assert loaded == "loaded"
    assert words == "支持 保税维修 提质 升级 aeo 企业"
    (made,) = (tmp_path / "lists").glob("*.sqlite")

    second = _fresh_process(CUT_AND_REPORT, env)
    assert second.stdout.splitlines() == [words, "not loaded"]

    made.write_bytes(b"not a database" * 100)
    damaged = _fresh_process(CUT_AND_REPORT, env)
    assert damaged.returncode == 0 and damaged.stderr == ""
    assert damaged.stdout.splitlines() == [words, "loaded"]
    again = _fresh_process(CUT_AND_REPORT, env)
    assert again.stdout.splitlines() == [words, "not loaded"]
