"""Library: scanning, the parse cache, change detection and one-line problems."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import index.library.catalog as library_module
import index.parsing.parser as parser_module
from index import paths
from index.library.catalog import CACHE_FILE, Library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search"
QINGCHUAN = "qingchuan_zongbao.txt"


@pytest.fixture
def parse_counter(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every text the library hands to the parser."""
    calls: list[str] = []
    real = parser_module.parse_policy_text

    def counting(text: str, fallback_title: str = ""):  # type: ignore[no-untyped-def]
        calls.append(fallback_title)
        return real(text, fallback_title=fallback_title)

    # The library imports the parser when it first needs it, from the parser's module.
    monkeypatch.setattr(parser_module, "parse_policy_text", counting)
    return calls


def test_scans_folders_recursively_for_supported_files(library_dir: Path) -> None:
    (library_dir / "sub").mkdir()
    shutil.move(library_dir / "shiwan_gangkou.txt", library_dir / "sub" / "shiwan.md")
    (library_dir / "notes.json").write_text("{}", encoding="utf-8")
    (library_dir / ".hidden").mkdir()
    (library_dir / ".hidden" / "copy.txt").write_text("隐藏文件", encoding="utf-8")
    lib = Library.open([library_dir])
    titles = sorted(doc.title for doc in lib.documents)
    assert len(titles) == 4
    assert any("石湾港" in t for t in titles)
    assert lib.problems == []
    shiwan = next(d for d in lib.documents if "石湾港" in d.title)
    assert lib.source_path(shiwan.id) == library_dir / "sub" / "shiwan.md"


def test_documents_newest_first_and_lookups(library_dir: Path) -> None:
    lib = Library.open([library_dir])
    dates = [doc.date for doc in lib.documents]
    assert dates == sorted(dates, reverse=True)
    doc = lib.documents[0]
    measure = doc.measures[0]
    assert lib.document(doc.id) is doc
    assert lib.measure(measure.id) == (doc, measure)
    assert lib.measure("nope-1") is None and lib.document("nope") is None


def test_unchanged_files_are_not_parsed_again(library_dir: Path, parse_counter: list[str]) -> None:
    first = Library.open([library_dir])
    assert len(parse_counter) == 4 and first.parsed_files == 4
    assert set(first.changes.added) == {d.id for d in first.documents}
    second = Library.open([library_dir])
    assert len(parse_counter) == 4 and second.parsed_files == 0
    assert not second.changes
    assert [d.id for d in second.documents] == [d.id for d in first.documents]


def test_same_content_elsewhere_is_not_parsed_again(
    library_dir: Path, parse_counter: list[str]
) -> None:
    Library.open([library_dir])
    path = library_dir / QINGCHUAN
    path.touch()
    os.utime(path, ns=(1, 1))  # new mtime, same content: hashed, not parsed
    Library.open([library_dir])
    assert len(parse_counter) == 4


def test_changed_added_and_removed_files_are_reported(
    library_dir: Path, parse_counter: list[str]
) -> None:
    first = Library.open([library_dir])
    ids = {lib_doc.title: lib_doc.id for lib_doc in first.documents}
    qingchuan = next(i for t, i in ids.items() if "青川省" in t)
    baisha = next(i for t, i in ids.items() if "白沙市" in t)
    path = library_dir / QINGCHUAN
    path.write_text(
        path.read_text(encoding="utf-8") + "\n（七）新增一条虚构措施。内容为样例。\n",
        encoding="utf-8",
    )
    (library_dir / "baisha_kuajing.txt").unlink()
    (library_dir / "new.txt").write_text(
        "绿岭县外贸稳增长措施（样例）\n\n发布时间：2020-01-01\n\n1.支持外贸企业。内容为样例。\n",
        encoding="utf-8",
    )
    parse_counter.clear()
    second = Library.open([library_dir])
    assert sorted(parse_counter) == ["new", "qingchuan_zongbao"]
    assert second.changes.changed == (qingchuan,)
    assert second.changes.removed == (baisha,)
    assert len(second.changes.added) == 1
    assert len(second.document(qingchuan).measures) == 7


def test_a_damaged_cache_is_ignored_and_rebuilt(
    library_dir: Path, parse_counter: list[str]
) -> None:
    lib = Library.open([library_dir])
    (lib.cache_dir / CACHE_FILE).write_bytes(b"\x80\x04not a pickle at all")
    again = Library.open([library_dir])
    assert len(again.documents) == 4 and again.problems == []
    assert len(parse_counter) == 8
    Library.open([library_dir])
    assert len(parse_counter) == 8  # the rebuilt cache works


def test_a_new_parser_invalidates_the_cache(
    library_dir: Path, parse_counter: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.open([library_dir])
    monkeypatch.setattr(library_module, "parser_fingerprint", lambda: "another-parser")
    Library.open([library_dir])
    assert len(parse_counter) == 8


def test_one_bad_file_is_a_problem_not_an_error(library_dir: Path) -> None:
    bad = library_dir / "broken.txt"
    bad.write_bytes(("正文内容" * 40).encode() + b"\xff\xfe\xfd" + ("正文" * 40).encode())
    lib = Library.open([library_dir, library_dir / "missing.txt"])
    assert len(lib.documents) == 4
    assert len(lib.problems) == 2
    assert all("\n" not in p for p in lib.problems)
    assert any(p.startswith(str(bad)) for p in lib.problems)
    assert any("missing.txt" in p and "no such file" in p for p in lib.problems)


def test_the_same_document_twice_is_kept_once(library_dir: Path) -> None:
    shutil.copy(library_dir / QINGCHUAN, library_dir / "zz_copy.txt")
    lib = Library.open([library_dir])
    assert len(lib.documents) == 4
    assert len(lib.problems) == 1
    assert "zz_copy.txt" in lib.problems[0] and "same document" in lib.problems[0]


def test_cache_lives_in_the_user_cache_dir(library_dir: Path, isolated_user_dirs: Path) -> None:
    lib = Library.open([library_dir])
    assert lib.cache_dir.is_relative_to(isolated_user_dirs)
    assert (lib.cache_dir / CACHE_FILE).is_file()
    assert lib.cache_dir == paths.library_cache_dir([library_dir])


def test_library_paths_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.library_paths() == [paths.data_dir() / "library"]
    monkeypatch.setenv("POLICY_TUI_LIBRARY", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    assert paths.library_paths() == [tmp_path / "a", tmp_path / "b"]
    assert paths.library_paths([tmp_path / "c"]) == [tmp_path / "c"]


def test_bookmarks_file_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.bookmarks_file() == paths.data_dir() / "bookmarks.yaml"
    monkeypatch.setenv("POLICY_TUI_BOOKMARKS", str(tmp_path / "env.yaml"))
    assert paths.bookmarks_file() == tmp_path / "env.yaml"
    assert paths.bookmarks_file(tmp_path / "flag.yaml") == tmp_path / "flag.yaml"


def test_cache_dir_per_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    monkeypatch.chdir(tmp_path)
    same = paths.library_cache_dir([Path("one")])
    assert same == paths.library_cache_dir([tmp_path / "one"])
    assert same != paths.library_cache_dir([tmp_path / "two"])
    assert same.is_relative_to(paths.cache_dir())


def test_parser_fingerprint_changes_with_any_parsing_or_format_file(tmp_path: Path) -> None:
    package = Path(library_module.__file__).resolve().parents[1]
    root = tmp_path / "index"
    shutil.copytree(package, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = library_module.parser_fingerprint(root)
    assert before == library_module.parser_fingerprint(root)
    for changed in ("parsing/levels.py", "formats/pdf_text.py", "model.py"):
        path = root / changed
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        assert library_module.parser_fingerprint(root) != before, changed
        path.write_text(original, encoding="utf-8")
    for unrelated in ("search/tokenizer.py", "bookmarks/store.py", "paths.py"):
        (root / unrelated).write_text("# edited\n", encoding="utf-8")
    assert library_module.parser_fingerprint(root) == before


def test_readme_files_in_a_folder_are_not_documents(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "README.md").write_text("# 说明\n这些是示例文本。\n", encoding="utf-8")
    (folder / "a.txt").write_text(
        "某市若干措施\n1.支持企业。给予补助。\n2.优化服务。提升效率。\n", encoding="utf-8"
    )
    lib = Library.open([folder], cache_dir=tmp_path / "cache")
    assert [d.title for d in lib.documents] == ["某市若干措施"]


def test_a_reopened_library_decodes_only_what_is_asked(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Summaries, ids and counts come without decoding any document; one measure decodes one."""
    first = Library.open([library_dir])
    expected = {doc.id: (doc.title, doc.date, len(doc.measures)) for doc in first.documents}
    some_measure = first.documents[0].measures[0]
    decoded: list[str] = []
    real = library_module.StoredDocument.document

    def counting(self):  # type: ignore[no-untyped-def]
        decoded.append(self.summary.id)
        return real(self)

    monkeypatch.setattr(library_module.StoredDocument, "document", counting)
    again = Library.open([library_dir])
    summaries = {s.id: (s.title, s.date, s.measure_count) for s in again.summaries}
    assert summaries == expected and again.measure_count == sum(n for *_, n in expected.values())
    assert decoded == []
    found = again.measure(some_measure.id)
    assert found is not None and found[1] == some_measure
    assert decoded == [some_measure.document_id]
    assert again.measure(some_measure.document_id + "-999") is None
    assert again.measure("no-such-id") is None


def test_a_damaged_document_in_the_cache_is_parsed_again(library_dir: Path) -> None:
    from index.library.parse_cache import load_cache, save_cache

    first = Library.open([library_dir])
    titles = sorted(doc.title for doc in first.documents)
    cache_file = first.cache_dir / CACHE_FILE
    cache = load_cache(cache_file)
    for stored in cache.documents.values():
        stored._blob = b"not zlib"  # as if flipped inside a whole file
    save_cache(cache_file, cache, [])
    again = Library.open([library_dir])
    assert again.parsed_files == 0  # the cache was read as whole …
    assert sorted(doc.title for doc in again.documents) == titles  # … and each text reparsed
