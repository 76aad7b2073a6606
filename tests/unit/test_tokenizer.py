"""The jieba tokenizer: word positions, sub-words, Latin and digits, the user dictionary, quietness."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import index.search.tokenizer as tokenizer_module
from index.search.engines.whoosh_analysis import JiebaTokenizer
from index.search.tokenizer import (
    RUN_BREAK,
    bigram_pieces,
    bigram_text,
    cut,
    fold_text,
    sub_words,
    tokenizer_version,
)

PROJECT = Path(__file__).resolve().parents[2]


def tokens(text: str, mode: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in JiebaTokenizer()(text, positions=True, mode=mode)]


def test_positions_count_words_not_characters() -> None:
    query = tokens("综合保税区开展保税维修业务", mode="query")
    assert query == [("综合保税区", 0), ("开展", 1), ("保税维修", 2), ("业务", 3)]


def test_index_mode_adds_sub_words_at_the_same_position() -> None:
    indexed = tokens("综合保税区开展保税维修业务", mode="index")
    at_zero = {text for text, pos in indexed if pos == 0}
    assert {"综合保税区", "综合", "保税区", "保税"} <= at_zero
    assert ("业务", 3) in indexed
    assert ("维修", 2) in indexed


def test_short_words_also_index_their_two_character_pieces() -> None:
    assert {"白沙", "沙市"} <= set(sub_words("白沙市"))


def test_query_mode_has_no_sub_words() -> None:
    assert [t for t, _ in tokens("推进跨境贸易便利化", mode="query")] == ["推进", "跨境贸易便利化"]
    assert "贸易便利化" in sub_words("跨境贸易便利化")
    assert "跨境贸易" in sub_words("跨境贸易便利化")


def test_latin_is_lower_cased_and_codes_stay_whole() -> None:
    words = [w.text for w in cut("推进AEO互认，落实RCEP，扩大ERP联网和9610模式")]
    assert {"aeo", "rcep", "erp", "9610"} <= set(words)


def test_full_width_latin_folds_to_the_same_token() -> None:
    assert [w.text for w in cut("ＡＥＯ")] == [w.text for w in cut("AEO")] == ["aeo"]


def test_years_keep_their_unit_and_index_the_number_too() -> None:
    words = [w.text for w in cut("2024年起实施")]
    assert words[0] == "2024年"
    indexed = tokens("2024年起实施", mode="index")
    assert ("2024年", 0) in indexed and ("2024", 0) in indexed


def test_punctuation_and_spaces_are_not_tokens() -> None:
    assert [w.text for w in cut("。，！  \u3000\u00a0“”")] == []


def test_offsets_point_at_the_original_characters() -> None:
    text = "一、\u3000推进ＡＥＯ互认\u00a0和保税维修"
    for word in cut(text):
        assert fold_text(text[word.start : word.end]) == word.text


def test_fold_text_keeps_the_length() -> None:
    text = "ＡＢＣ１２３\u3000㈠ｱ"
    assert len(fold_text(text)) == len(text)


USER_TERMS = [word for word, _ in tokenizer_module.user_terms()]


def test_user_dictionary_is_large_enough() -> None:
    assert len(USER_TERMS) >= 70
    assert len(set(USER_TERMS)) == len(USER_TERMS)


@pytest.mark.parametrize(
    "term",
    [
        "综合保税区",
        "保税维修",
        "跨境电商",
        "单一窗口",
        "高级认证企业",
        "经认证的经营者",
        "中欧班列",
        "多式联运",
        "两步申报",
        "先放后检",
        "预裁定",
    ],
)
def test_domain_terms_are_one_word(term: str) -> None:
    assert [w.text for w in cut(f"关于{term}的规定")] == ["关于", term, "的", "规定"]


def test_every_user_term_is_cut_whole() -> None:
    split = [t for t in USER_TERMS if [w.text for w in cut(t)] != [fold_text(t)]]
    assert split == []


def test_tokenizer_pickles_for_the_index_schema() -> None:
    restored = pickle.loads(pickle.dumps(JiebaTokenizer()))
    assert [t.text for t in restored("保税维修", mode="query")] == ["保税维修"]


def test_an_index_schema_pickled_before_the_move_still_loads() -> None:
    """Indexes written before the whoosh tokenizers moved to engines/whoosh_analysis.py
    name index.search.tokenizer.JiebaTokenizer in their pickled schema."""
    old = b"\x80\x02cindex.search.tokenizer\nJiebaTokenizer\n)\x81."
    restored = pickle.loads(old)
    assert isinstance(restored, JiebaTokenizer)
    assert [t.text for t in restored("保税维修", mode="query")] == ["保税维修"]


def test_searching_with_tantivy_never_imports_whoosh() -> None:
    pytest.importorskip("tantivy")
    code = (
        "import sys\n"
        "import index.search.index, index.search.engines.tantivy_engine, index.search.query\n"
        "from index.search.tokenizer import cut, tokenizer_version\n"
        "cut('保税维修'); tokenizer_version()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_version_changes_with_the_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tokenizer_version()
    changed = tmp_path / "userdict.txt"
    changed.write_text(
        tokenizer_module.USER_DICT.read_text(encoding="utf-8") + "新术语\n", encoding="utf-8"
    )
    monkeypatch.setattr(tokenizer_module, "USER_DICT", changed)
    assert tokenizer_version() != before


def test_jieba_is_silent_and_caches_in_our_cache_dir(tmp_path: Path) -> None:
    """A fresh interpreter: nothing on stdout/stderr, the cache under XDG_CACHE_HOME, none in TMPDIR."""
    cache_home = tmp_path / "cache"
    shared_tmp = tmp_path / "tmp"
    cache_home.mkdir()
    shared_tmp.mkdir()
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(cache_home),
        TMPDIR=str(shared_tmp),
        POLICY_TUI_TOKENIZER="jieba",
    )
    code = (
        "from index.search.tokenizer import backend_name, cut, warm_up; warm_up();"
        " assert cut('保税维修'); assert backend_name() == 'jieba'"
    )
    for _ in range(2):  # first run builds the cache, second reads it
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0
        assert done.stdout == "" and done.stderr == ""
    assert (cache_home / "policy-tui" / "jieba" / "jieba.cache").is_file()
    assert list(shared_tmp.iterdir()) == []


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_in_process_load_prints_nothing(
    backend: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "rjieba":
        pytest.importorskip("rjieba")
    monkeypatch.setenv("POLICY_TUI_TOKENIZER", backend)
    monkeypatch.setattr(tokenizer_module, "_backend", None)
    tokenizer_module.warm_up()
    assert tokenizer_module._backend.name == backend
    assert [w.text for w in cut("保税维修")] == ["保税维修"]
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def _sample_lines() -> list[str]:
    folders = [PROJECT / "tests" / "fixtures" / "search", PROJECT.parent / "shared" / "corpus"]
    return [
        line
        for folder in folders
        for path in sorted(folder.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_both_backends_give_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """rjieba may only replace jieba because index and query tokens come out the same."""
    pytest.importorskip("rjieba")
    lines = _sample_lines() + ["会议于2023-07-04 10:30召开，增长1.5%以上，ＡＥＯ企业９６１０"]
    results = {}
    for backend in ("jieba", "rjieba"):
        monkeypatch.setenv("POLICY_TUI_TOKENIZER", backend)
        monkeypatch.setattr(tokenizer_module, "_backend", None)
        results[backend] = [
            [
                (t.text, t.pos, t.startchar)
                for t in JiebaTokenizer()(line, positions=True, chars=True, mode="index")
            ]
            for line in lines
        ]
    assert results["jieba"] == results["rjieba"]


def test_the_backend_is_part_of_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rjieba")
    monkeypatch.setattr(tokenizer_module, "_backend", None)  # named by the setting until loaded
    monkeypatch.setenv("POLICY_TUI_TOKENIZER", "jieba")
    jieba_version = tokenizer_version()
    monkeypatch.delenv("POLICY_TUI_TOKENIZER")
    assert tokenizer_version() != jieba_version
    assert tokenizer_version().startswith("rjieba-")


def test_the_bigram_text_holds_the_bigrams_in_order_with_runs_parted() -> None:
    assert bigram_text("保稅维修 AEO 通关，區") == f"保税 税维 维修 {RUN_BREAK} 通关"
    assert bigram_text("AEO 2024") == ""


@given(st.text(alphabet="保税维修区 ，A\n", max_size=30))
def test_the_bigram_text_has_the_same_bigrams_as_the_pieces(text: str) -> None:
    words = bigram_text(text).split()
    assert [w for w in words if w != RUN_BREAK] == [p[0] for p in bigram_pieces(text)]
    # a break stands exactly where the next bigram does not follow the last one
    pieces = bigram_pieces(text)
    breaks = sum(1 for a, b in zip(pieces, pieces[1:], strict=False) if b[1] != a[1] + 1)
    assert words.count(RUN_BREAK) == breaks
