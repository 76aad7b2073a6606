"""One bad file beside five good texts, through the real commands (`add DIR`, `list`, `search`).

Each bad input gets exactly one line naming it, the five good texts are still added,
listed and found, the batch finishes, and each command stays bounded: a child process
killed at a generous deadline (a hang guard, not a benchmark) and under 500 MB of
resident memory. Which readers refuse what, and why, is tested in
``tests/unit/test_bad_inputs.py``; this is the whole command around them.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "docs" / "samples").glob("*.txt"))
GOOD_FILES = [*SAMPLES, REPO / "tests" / "fixtures" / "regulation_articles.txt"]  # five texts
GOOD_TITLES = [
    "青川海关2024年促进跨境贸易便利化专项行动措施及政策解读",
    "滨海市支持综合保税区高质量发展的若干措施",
    "云溪市推进保税维修和再制造产业发展实施方案",
    "临江市保税物流中心管理办法（试行）",
    "某市综合保税区管理办法（试行）",
]
QUERY = "保税 OR 口岸 OR 嵌套"  # a hit in every good text, and in the pages below
HANG_GUARD_S = 180
MAX_RSS_MB = 500

# A fictional text (not from the corpus), for the pages that are still documents.
PAGE_TITLE = "示例市网页结构测试若干措施"
PAGE_LINES = [
    "【测试样例，非真实文件】",
    PAGE_TITLE,
    "发布日期：2024年6月1日  来源：示例市测试办公室",
    "为检验网页读取，制定以下措施。",
    "一、支持嵌套页面读取。页面层层嵌套时，正文仍须完整读出，不得丢失后半部分内容。",
    "二、支持换行页面读取。大量换行标记不得拖慢读取，也不得产生大量空行。",
    "三、保障批量导入。一个异常文件不得中断其余文件的导入和检索。",
]


@dataclass(frozen=True)
class BadInput:
    make: Callable[[Path], Path]  # writes the bad file into the folder, returns its path
    kind: str  # "document": read whole; "no measures": a text without any; "refused": one line why
    says: str = ""  # what its line says ("refused"); the title ("document", "no measures")


def _nested_divs(folder: Path) -> Path:
    """10,000 nested <div>s around the policy: the text lies deeper than libxml2 parses."""
    path = folder / "nested.html"
    body = "".join(f"<p>{line}</p>" for line in PAGE_LINES)
    page = f"<html><head><title>{PAGE_TITLE}</title></head><body>{'<div>' * 10_000}{body}"
    path.write_text(page + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    return path


def _many_breaks(folder: Path) -> Path:
    """100,000 <br>s between and after the policy's lines."""
    path = folder / "breaks.html"
    gap = 100_000 // len(PAGE_LINES)
    text = ("<br>" * gap).join(PAGE_LINES) + "<br>" * (100_000 - gap * (len(PAGE_LINES) - 1))
    assert text.count("<br>") == 100_000
    page = f"<html><head><title>{PAGE_TITLE}</title></head><body>{text}</body></html>"
    path.write_text(page, encoding="utf-8")
    return path


def _one_5_mb_line(folder: Path) -> Path:
    path = folder / "one-line.txt"
    path.write_text("支持综合保税区内企业开展保税维修业务，" * 90_000, encoding="utf-8")
    assert path.stat().st_size > 5_000_000 and b"\n" not in path.read_bytes()
    return path


def _symlink_loop(folder: Path) -> Path:
    path = folder / "loop.txt"
    path.symlink_to(path)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)  # opening it to read would block until a writer comes: never opened
    return path


def _unreadable(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text("示例市内部文件\n一、不得读取本文件。\n", encoding="utf-8")
    path.chmod(0)
    return path


BAD_INPUTS = {
    "10,000 nested divs": BadInput(_nested_divs, "document", PAGE_TITLE),
    "100,000 br": BadInput(_many_breaks, "document", PAGE_TITLE),
    "one 5 MB line": BadInput(_one_5_mb_line, "no measures", "one-line"),
    "symlink loop": BadInput(_symlink_loop, "refused", "is a symbolic link loop"),
    "FIFO": BadInput(_fifo, "refused", "is a named pipe, not a regular file"),
    "permission denied": BadInput(_unreadable, "refused", "Permission denied"),
}


# -- running the real command, bounded ---------------------------------------------------


@dataclass(frozen=True)
class Done:
    returncode: int
    out: str
    err: str
    max_rss_mb: float


# The child reports its own peak (VmHWM of its process after exec) as it exits: wait4's
# ru_maxrss also counts the moment between fork and exec, when the child is a copy of
# this test process — hundreds of MB late in a long test run, nothing of the command's.
_REPORT_PEAK = (
    "import atexit, os, runpy, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as s, open(os.environ['PEAK_FILE'], 'w') as f:\n"
    "        f.write(next(l for l in s if l.startswith('VmHWM:')).split()[1])\n"
    "atexit.register(peak)\n"
    "sys.argv = ['policy-tui', *sys.argv[1:]]\n"
    "runpy.run_module('tui.cli', run_name='__main__')\n"
)


def _cli(*argv: str, preexec: Callable[[], None] | None = None) -> Done:
    """`policy-tui ARGV` in a child, and its peak resident memory. A child still running
    at the hang guard is killed and the test fails (a hang, not a slow run)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as peak,
    ):
        child = subprocess.Popen(
            [sys.executable, "-c", _REPORT_PEAK, *argv],
            env={**os.environ, "PEAK_FILE": peak.name},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=preexec,
        )
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                pytest.fail(f"policy-tui {' '.join(argv)} still running after {HANG_GUARD_S} s")
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        reported = peak.read().strip()
        return Done(
            child.returncode,
            out.read().decode("utf-8"),
            err.read().decode("utf-8"),
            int(reported) / 1024 if reported else usage.ru_maxrss / 1024,  # KiB on Linux
        )


def _without_dac_override() -> Callable[[], None] | None:
    """For root, a preexec function that drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from
    the child's bounding set, so a chmod 000 file denies it as it would deny a user; None
    when we are not root (the mode bits already deny us)."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return drop


def _denied_for_the_child(path: Path, preexec: Callable[[], None] | None) -> str | None:
    """Why the child could read ``path`` anyway (then the test is skipped), or None."""
    probe = [sys.executable, "-c", f"open({str(path)!r}, 'rb')"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=60, preexec_fn=preexec)
    except subprocess.SubprocessError as err:  # prctl refused: no CAP_SETPCAP here
        return f"cannot drop the capability to read any file ({err})"
    if done.returncode == 0:
        return "a chmod 000 file is readable here (root with CAP_DAC_OVERRIDE)"
    return None


# -- the test ------------------------------------------------------------------------------


def _naming(text: str, *names: str) -> list[str]:
    return [line for line in text.splitlines() if any(name in line for name in names)]


@pytest.mark.parametrize("bad", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_one_bad_file_gets_one_line_and_the_rest_goes_on(tmp_path: Path, bad: BadInput) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for good in GOOD_FILES:
        shutil.copy(good, folder / good.name)
    path = bad.make(folder)
    preexec = None
    if bad.make is _unreadable:
        preexec = _without_dac_override()
        why_readable = _denied_for_the_child(path, preexec)
        if why_readable:
            pytest.skip(f"no honest way to deny a read here: {why_readable}")
    names = (str(path), bad.says) if bad.kind != "refused" else (str(path),)
    library = tmp_path / "library"

    def cli(*argv: str) -> Done:
        done = _cli(*argv, preexec=preexec)
        assert "Traceback" not in done.err, done.err
        assert done.max_rss_mb < MAX_RSS_MB, f"{argv[0]}: {done.max_rss_mb:.0f} MB"
        return done

    # add DIR: the batch finishes, the five good texts are added, one line about the bad file
    done = cli("add", str(folder), "--library", str(library))
    assert done.returncode == 0, done.err
    (line,) = _naming(done.out + done.err, *names)
    summary = done.out.splitlines()[-1]
    if bad.kind == "refused":
        assert line == f"failed {path}: {bad.says}" and line in done.err
        assert summary == "5 added, 0 skipped, 1 failed"
    elif bad.kind == "no measures":
        assert line.startswith(f"skipped {path}: no measures found")
        assert summary == "5 added, 1 skipped, 0 failed"
    else:
        assert line == f"added {bad.says} (3 条措施)"
        assert summary == "6 added, 0 skipped, 0 failed"
    for title in GOOD_TITLES:
        assert f"added {title} (" in done.out

    # list over the folder itself: the good ones listed, one row or one warning for the bad
    done = cli("list", "--library", str(folder))
    assert done.returncode == 0
    listed = [row.split("\t")[3] for row in done.out.splitlines()[1:]]
    assert set(GOOD_TITLES) <= set(listed)
    (line,) = _naming(done.out + done.err, *names)
    if bad.kind == "refused":
        assert done.err == f"policy-tui: warning: {path}: {bad.says}\n"
        assert len(listed) == 5
    else:
        assert done.err == "" and line.split("\t")[3] == bad.says and len(listed) == 6

    # search over the folder: every good text found, and a warning when the bad one is missing
    done = cli("search", QUERY, "--json", "--limit", "100", "--library", str(folder))
    assert done.returncode == 0
    found = {hit["document"] for hit in json.loads(done.out)["hits"]}
    assert set(GOOD_TITLES) <= found
    if bad.kind == "refused":
        assert done.err == f"policy-tui: warning: {path}: {bad.says}\n"
    else:
        assert done.err == ""
        assert (PAGE_TITLE in found) == (bad.kind == "document")  # the pages read whole


ODD_NAMES = ["换行\n名字.txt", "有 空 格.txt", "表情😀.txt", "a..b.txt", "全角　空格.txt"]


def test_odd_file_names_are_added_listed_and_found(tmp_path: Path) -> None:
    """Names with a newline, spaces, an emoji, `..` or an ideographic space are files
    like any other: each added, listed and found, and no name breaks an output line."""
    folder = tmp_path / "texts"
    folder.mkdir()
    titles = []
    for n, name in enumerate(ODD_NAMES, start=1):
        title = f"示例市第{n}号文件名测试若干措施"
        titles.append(title)
        text = f"【测试样例，非真实文件】\n{title}\n一、支持口岸{n}号业务。\n二、优化口岸服务。\n"
        (folder / name).write_text(text, encoding="utf-8")
    library = tmp_path / "library"

    done = _cli("add", str(folder), "--library", str(library))
    assert done.returncode == 0 and done.err == "", done.err
    assert done.out.splitlines()[-1] == f"{len(ODD_NAMES)} added, 0 skipped, 0 failed"
    for title in titles:
        assert f"added {title} (2 条措施)" in done.out.splitlines()

    done = _cli("list", "--library", str(library), "--json")
    assert done.returncode == 0 and done.err == ""
    assert sorted(d["title"] for d in json.loads(done.out)) == sorted(titles)

    done = _cli("list", "--library", str(folder))  # the folder itself, names as they are
    assert done.returncode == 0 and done.err == ""
    rows = done.out.splitlines()[1:]
    assert len(rows) == len(ODD_NAMES) and sorted(r.split("\t")[3] for r in rows) == sorted(titles)

    done = _cli("search", "口岸", "--json", "--library", str(folder))
    assert done.returncode == 0 and done.err == ""
    assert {hit["document"] for hit in json.loads(done.out)["hits"]} == set(titles)
