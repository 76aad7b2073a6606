"""End to end: the installed `policy-tui` in a real terminal (tmux) on the real corpus."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import corpus_or_skip

pytestmark = [pytest.mark.e2e, pytest.mark.corpus]


def _need(tool: str) -> str:
    """The tool beside this interpreter (an unactivated venv), else on PATH."""
    beside = Path(sys.executable).parent / tool
    path = str(beside) if beside.exists() else shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI")
        pytest.skip(f"{tool} is not installed")
    return path


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )

    def tmux(self, *args: str) -> str:
        return self.run(*args).stdout

    def alive(self) -> bool:
        args = ["tmux", "-L", self.socket, "has-session", "-t", "e2e"]
        return subprocess.run(args, capture_output=True, check=False).returncode == 0

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, text: str, seconds: float = 60.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            if not self.alive():  # the reader exited: nothing more will appear
                raise AssertionError(f"{text!r} never appeared: the tmux session ended")
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")


def _launch(name: str, *paths: Path, size: tuple[int, int] = (120, 36), then: str = "") -> Terminal:
    """The installed reader in a tmux session ``name`` over ``paths``, in this test's user
    dirs; ``then``: a shell command run after it exits (e.g. to record its status)."""
    _need("tmux")
    command = _need("policy-tui")
    term = Terminal(f"policy-tui-e2e-{name}-{os.getpid()}")
    env = " ".join(
        f"{k}={shlex.quote(os.environ[k])}"
        for k in (
            "XDG_DATA_HOME",
            "XDG_CACHE_HOME",
            "XDG_CONFIG_HOME",
            "HOME",
            "POLICY_TUI_NO_SYSTEM_CLIPBOARD",
        )
    )
    args = " ".join(shlex.quote(str(p)) for p in paths)
    script = f"env {env} TERM=xterm-256color {shlex.quote(command)} {args}" + (
        f"; {then}" if then else ""
    )
    width, height = size
    started = term.run(
        "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), script
    )
    # tmux 3.3 exits 0 when it cannot create its socket: its stderr and the session say so
    if started.returncode != 0 or started.stderr.strip() or not term.alive():
        term.run("kill-server")
        pytest.fail(
            f"tmux new-session failed (exit {started.returncode}): "
            f"{started.stderr.strip() or 'the session ended at once'}",
            pytrace=False,
        )
    return term


@pytest.mark.parametrize(
    ("name", "size", "says"),
    [
        ("no/such/folder", (120, 36), "error creating"),  # a socket path tmux cannot create
        ("zero-size", (0, 0), "too small"),  # an option value tmux refuses
    ],
)
def test_launch_fails_at_once_with_what_tmux_said(
    tmp_path: Path, name: str, size: tuple[int, int], says: str
) -> None:
    """When tmux cannot start, the test fails with tmux's own words at once, not after a
    60 s wait on a blank screen."""
    with pytest.raises(pytest.fail.Exception) as failed:  # raised by _launch, before any wait
        _launch(name, tmp_path, size=size)
    assert "tmux new-session failed" in str(failed.value) and says in str(failed.value)


def _type(term: Terminal, *keys: str, literal: str = "") -> None:
    if keys:
        term.tmux("send-keys", "-t", "e2e", *keys)
    if literal:
        term.tmux("send-keys", "-t", "e2e", "-l", literal)


def _search(term: Terminal, query: str) -> str:
    """Once the index is ready, type ``/`` and ``query`` at once; the screen of its results."""
    term.wait_for("搜索就绪", 90)  # the index and jieba are ready (status line)
    _type(term, "/", literal=query)
    return term.wait_for("条结果")


def test_search_open_and_quit_in_a_real_terminal(tmp_path: Path) -> None:
    corpus = corpus_or_skip()
    status_file = tmp_path / "status"
    term = _launch("open", corpus, then=f"echo $? > {status_file}")
    try:
        term.wait_for("海关支持和促进中国")  # the tree is up
        # typed at once after "/": keys that reach the tree before the bar has the focus
        # must still land in the bar
        listed = _search(term, "保税维修")
        term.tmux("send-keys", "-t", "e2e", "Enter")
        deadline = time.monotonic() + 10
        shown = term.screen()
        while shown == listed and time.monotonic() < deadline:
            time.sleep(0.2)
            shown = term.screen()
        # the opened measure's title shows twice: in the results and in the measure pane
        titles = ("支持保税维修业务发展", "支持保税维修提质升级", "发展保税修理和再制造业务")
        opened = next(t for t in titles if shown.count(t) >= 2)
        assert "Traceback" not in shown
        # Enter from the bar went to the list; Enter there opens the hit to read: the focus
        # is on the measure, so j and PgDn scroll it instead of opening the next hit
        term.tmux("send-keys", "-t", "e2e", "Enter")
        time.sleep(0.3)
        term.tmux("send-keys", "-t", "e2e", "j", "j", "PageDown")
        time.sleep(0.5)
        assert term.screen().count(opened) >= 2, term.screen()
        term.tmux("send-keys", "-t", "e2e", "Escape")
        time.sleep(0.3)
        term.tmux("send-keys", "-t", "e2e", "q")
        deadline = time.monotonic() + 20
        while not status_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status_file.read_text().strip() == "0"
        deadline = time.monotonic() + 10
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not term.alive(), "the session outlived the app"
    finally:
        term.tmux("kill-server")


def test_grouped_results_show_every_document_on_the_first_screen(tmp_path: Path) -> None:
    """At 120×36, 保税维修 over the corpus: each document that has it is on the first screen."""
    corpus = corpus_or_skip()
    from index.library.catalog import Library
    from index.search.index import SearchIndex
    from tui.screens.main import RESULTS_SHOWN

    library = Library.open([corpus], cache_dir=tmp_path / "expected")
    index = SearchIndex.open(library, index_dir=tmp_path / "expected" / "search")
    hits = index.search("保税维修", limit=RESULTS_SHOWN).hits
    index.close()
    documents = {hit.document_id for hit in hits}
    assert len(documents) >= 3  # the corpus has it in several regions' texts
    term = _launch("grouped", corpus)
    try:
        assert "份文件" in _search(term, "保税维修")  # grouped by document (status line)
        time.sleep(0.5)
        shown = term.screen()
        for doc_id in documents:
            document = library.document(doc_id)
            assert document is not None
            assert document.title[:8] in shown, (document.title, shown)
        assert "Traceback" not in shown
    finally:
        term.tmux("kill-server")


def test_typing_while_the_index_loads_is_kept(tmp_path: Path) -> None:
    """/ and a query typed at once, before the first index build is done: searched when ready."""
    corpus = corpus_or_skip()
    term = _launch("ahead", corpus)
    try:
        term.wait_for("海关支持和促进中国")  # the tree is up; the index is still being built
        _type(term, "/", literal="保税维修")
        shown = term.wait_for("条结果", 90)
        assert "保税维修" in shown and "Traceback" not in shown
    finally:
        term.tmux("kill-server")


def test_compare_the_best_hit_of_each_document(tmp_path: Path) -> None:
    corpus = corpus_or_skip()
    term = _launch("compare", corpus, size=(160, 40))
    try:
        _search(term, "保税维修")
        _type(term, "Escape")
        time.sleep(0.3)
        _type(term, "C")
        shown = term.wait_for("措施对比 Compare")
        assert "1/" in shown and "2/" in shown  # columns, numbered
        assert "Traceback" not in shown
        _type(term, "Escape")
        term.wait_for("份文件")
    finally:
        term.tmux("kill-server")


def test_a_region_facet_filters_the_results(tmp_path: Path) -> None:
    corpus = corpus_or_skip()
    term = _launch("facet", corpus)
    try:
        _search(term, "保税维修")
        time.sleep(0.5)
        _type(term, "Down")  # into the results
        time.sleep(0.5)
        _type(term, "f")
        term.wait_for("筛选结果")
        _type(term, "Enter")  # the first value: the region with most results
        shown = term.wait_for("region:")
        assert "保税维修 region:" in shown and "Traceback" not in shown
    finally:
        term.tmux("kill-server")


def test_escape_bytes_in_a_text_never_reach_the_terminal(tmp_path: Path) -> None:
    library = tmp_path / "texts"
    library.mkdir()
    (library / "esc.txt").write_text(
        "控制字符测试措施\n发布日期：2024年1月1日\n1.清屏测试。正文\x1b[2J\x1b[31m红色\x1b]0;TITLE\x07结束。\n",
        encoding="utf-8",
    )
    term = _launch("esc", library)
    try:
        term.wait_for("搜索就绪", 90)
        _type(term, "Enter")  # open the document in the tree …
        time.sleep(0.3)
        _type(term, "Down")  # … and its measure
        time.sleep(0.5)
        shown = term.tmux("capture-pane", "-p", "-e", "-t", "e2e")  # with the escapes tmux holds
        assert "␛" in shown, term.screen()  # shown as placeholders …
        assert "\x1b[31m红色" not in shown and "TITLE" not in term.tmux(
            "display", "-p", "#{pane_title}"
        )
        assert "控制字符测试措施" in term.screen()  # … and the screen was not cleared
    finally:
        term.tmux("kill-server")


def test_copy_says_where_the_text_went(tmp_path: Path) -> None:
    corpus = corpus_or_skip()
    term = _launch("copy", corpus)
    try:
        _search(term, "保税维修")
        _type(term, "Enter")
        time.sleep(0.5)
        _type(term, "y")
        shown = term.wait_for("OSC 52")
        assert "set-clipboard" in shown  # under tmux: what it takes to reach the clipboard
    finally:
        term.tmux("kill-server")
