"""Reader benchmarks: start to first frame in a real terminal, and keystroke to results.

Run: python benchmarks/bench_startup.py [--no-write]
Needs tmux and an installed `policy-tui` on PATH. Writes the "Reader" section of
docs/performance.md. Libraries: the five corpus texts (../shared/corpus) when
present, and a synthetic library of 10,000 measures built by bench_search.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_search import CORPUS, write_library, write_section  # noqa: E402

from tui.screens.main import DEBOUNCE_SECONDS  # noqa: E402

RUNS = 5
QUERIES = [
    "保税维修",
    "跨境电商",
    "通关时间",
    "高级认证企业",
    "单一窗口",
    "综合保税区",
    "两步申报",
    "AEO",
]


def _screen(socket: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True
    ).stdout


def terminal_startup(library: Path, env: dict[str, str], marker: str) -> dict[str, float]:
    """Seconds from launching `policy-tui` in tmux to: first frame, tree shown, search ready."""
    socket = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    command = shutil.which("policy-tui")
    assert command, "policy-tui is not on PATH"
    envs = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            "120",
            "-y",
            "36",
            f"env {envs} {command} {library}",
        ],
        check=True,
    )
    times: dict[str, float] = {}
    try:
        deadline = start + 60
        while time.perf_counter() < deadline and len(times) < 3:
            shown = _screen(socket)
            now = time.perf_counter() - start
            if "搜索措施" in shown or "保税维修" in shown:
                times.setdefault("first_frame", now)
            if marker in shown:
                times.setdefault("tree", now)
            if "搜索就绪" in shown:
                times.setdefault("search_ready", now)
            time.sleep(0.005)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    return times


async def keystroke_latency(library: Path) -> list[float]:
    """Seconds from the last key of a query to the results list showing it (debounce included)."""
    from index.library.catalog import Library
    from index.search.index import SearchIndex
    from index.search.tokenizer import warm_up
    from tui.app import PolicyApp
    from tui.screens.main import MainScreen

    lib = Library.open([library])
    search = SearchIndex.open(lib)
    warm_up()
    shown: dict[str, float] = {}
    original = MainScreen.show_results

    def recording(self, query, result):  # type: ignore[no-untyped-def]
        original(self, query, result)
        shown.setdefault(query, time.perf_counter())

    MainScreen.show_results = recording  # type: ignore[method-assign]
    latencies: list[float] = []
    app = PolicyApp(library=lib, search=search)
    async with app.run_test(size=(120, 36)) as pilot:
        bar = app.screen.query_one("#search")
        bar.focus()
        await pilot.press(*"预热")  # the first search of a session is not what we measure
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        for _ in range(3):
            for query in QUERIES:
                bar.value = query[:-1]
                bar.cursor_position = len(bar.value)
                bar.focus()
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                shown.clear()
                start = time.perf_counter()
                await pilot.press(query[-1])
                while query not in shown and time.perf_counter() - start < 5:
                    await asyncio.sleep(0.001)
                latencies.append(shown.get(query, time.perf_counter()) - start)
    MainScreen.show_results = original  # type: ignore[method-assign]
    return latencies


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")


def measure_library(name: str, library: Path, marker: str, work: Path) -> dict[str, object]:
    env = {
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_DATA_HOME": str(work / "data"),
        "TERM": "xterm-256color",
    }
    os.environ.update({k: v for k, v in env.items() if k.startswith("XDG")})
    subprocess.run(
        ["policy-tui", "index", "--library", str(library)],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    runs = [terminal_startup(library, env, marker) for _ in range(RUNS)]
    keys = asyncio.run(keystroke_latency(library))
    measures = sum(1 for _ in library.glob("*.txt"))
    return {
        "name": name,
        "files": measures,
        "first_frame": median([r.get("first_frame", float("nan")) for r in runs]),
        "tree": median([r.get("tree", float("nan")) for r in runs]),
        "search_ready": median([r.get("search_ready", float("nan")) for r in runs]),
        "key_median": median(keys),
        "key_p95": p95(keys),
    }


def render(rows: list[dict[str, object]]) -> str:
    lines = [
        "## Reader",
        "",
        "`python benchmarks/bench_startup.py`: `policy-tui` launched in tmux (120×36) on an",
        f"already indexed library, median of {RUNS} launches; keystroke → results measured in",
        "process (Pilot) from the last key of a query to the results list showing it, with the",
        f"{int(DEBOUNCE_SECONDS * 1000)} ms debounce included, over {len(QUERIES)} queries × 3.",
        "",
        "| library | first frame | tree shown | search ready | keystroke → results median | p95 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['first_frame']:.2f} s | {r['tree']:.2f} s | {r['search_ready']:.2f} s "
            f"| {float(r['key_median']) * 1000:.0f} ms | {float(r['key_p95']) * 1000:.0f} ms |"
        )
    lines += [
        "",
        "Targets (issue 4): first frame ≤ 0.6 s (5 texts) and ≤ 1 s (10,000 measures);",
        "keystroke → results ≤ 150 ms at 10,000 measures.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        work = Path(tmp)
        if CORPUS.is_dir():
            rows.append(
                measure_library(
                    "5 corpus texts (109 measures)", CORPUS, "海关支持和促进", work / "a"
                )
            )
            print(rows[-1], flush=True)
        big = work / "big"
        big.mkdir()
        write_library(big, 10_000, "corpus" if CORPUS.is_dir() else "samples")
        rows.append(
            measure_library("synthetic, 10,000 measures (500 files)", big, "样例第", work / "b")
        )
        print(rows[-1], flush=True)
    section = render(rows)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
