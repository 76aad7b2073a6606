"""Reader benchmarks: start to first frame in a real terminal, and keystroke to results.

Run: python benchmarks/bench_startup.py [--engines whoosh,tantivy] [--runs 9] [--no-write]
Needs tmux and an installed `policy-tui` on PATH. Writes the "Reader" section of
docs/performance.md. Libraries: the five corpus texts (../shared/corpus) when
present, and synthetic libraries of 10,000 measures (dense and realistic, see
synthetic_corpus.py). Each engine in turn (POLICY_TUI_ENGINE). The checkout is
byte-compiled first, as pip compiles an installed package (a sandbox with
PYTHONDONTWRITEBYTECODE would otherwise compile every module at every launch), and
a bare Textual app showing one line is launched alternately with the reader: its
first frame is the baseline the reader's is a ratio to, on the machine as it is.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_search import CORPUS, engine_names, write_section  # noqa: E402
from synthetic_corpus import write_corpus  # noqa: E402

from tui.screens.main import DEBOUNCE_SECONDS  # noqa: E402

RUNS = 9
# The baseline: what Textual alone takes to show one line in the same terminal.
BARE_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Static('搜索措施')\n"
    "Bare().run()\n"
)
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


def terminal_startup(
    library: Path, env: dict[str, str], marker: str, command: str | None = None
) -> dict[str, float]:
    """Seconds from launching `policy-tui` (or ``command``) in tmux to: first frame, tree
    shown, search ready."""
    socket = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    if command is None:
        program = shutil.which("policy-tui")
        assert program, "policy-tui is not on PATH"
        command = f"{program} {library}"
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
            f"env {envs} {command}",
        ],
        check=True,
    )
    times: dict[str, float] = {}
    try:
        deadline = start + 60
        wanted = 1 if marker == "" else 3
        while time.perf_counter() < deadline and len(times) < wanted:
            shown = _screen(socket)
            now = time.perf_counter() - start
            if "搜索措施" in shown or "保税维修" in shown:
                times.setdefault("first_frame", now)
            if marker and marker in shown:
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


def measure_library(
    name: str, library: Path, marker: str, work: Path, engine: str, runs: int, bare: Path
) -> dict[str, object]:
    env = {
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "TERM": "xterm-256color",
        "POLICY_TUI_ENGINE": engine,
    }
    os.environ.update({k: v for k, v in env.items() if k != "TERM"})
    subprocess.run(
        ["policy-tui", "index", "--library", str(library)],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    reader, baseline = [], []
    for _ in range(runs):  # alternately, so both see the machine as it is
        reader.append(terminal_startup(library, env, marker))
        baseline.append(terminal_startup(library, env, "", f"{sys.executable} {bare}"))
    keys = asyncio.run(keystroke_latency(library))
    first = [r.get("first_frame", float("nan")) for r in reader]
    bare_first = [r.get("first_frame", float("nan")) for r in baseline]
    return {
        "name": name,
        "engine": engine,
        "first_frame": median(first),
        "first_frame_range": (min(first), max(first)),
        "bare": median(bare_first),
        "ratio": median([a / b for a, b in zip(first, bare_first, strict=True)]),
        "tree": median([r.get("tree", float("nan")) for r in reader]),
        "search_ready": median([r.get("search_ready", float("nan")) for r in reader]),
        "key_median": median(keys),
        "key_p95": p95(keys),
        "load": os.getloadavg()[0],
    }


def render(rows: list[dict[str, object]], runs: int) -> str:
    lines = [
        "## Reader",
        "",
        "`python benchmarks/bench_startup.py`: `policy-tui` launched in tmux (120×36) on an",
        f"already indexed library, median of {runs} launches, the checkout byte-compiled; each",
        "launch alternates with a bare Textual app showing one line (the baseline; ratio =",
        "median of the launch-by-launch ratios). Keystroke → results measured in process",
        "(Pilot) from the last key of a query to the grouped results showing it, with the",
        f"{int(DEBOUNCE_SECONDS * 1000)} ms debounce included, over {len(QUERIES)} queries × 3.",
        "",
        "| library | engine | first frame (range) | bare Textual | ratio | tree shown "
        "| search ready | keystroke → results median | p95 | load (1 min) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        low, high = cast(tuple[float, float], r["first_frame_range"])
        lines.append(
            f"| {r['name']} | {r['engine']} | {r['first_frame']:.2f} s ({low:.2f}–{high:.2f}) "
            f"| {r['bare']:.2f} s | {r['ratio']:.2f}× | {r['tree']:.2f} s "
            f"| {r['search_ready']:.2f} s | {float(r['key_median']) * 1000:.0f} ms "  # type: ignore[arg-type]
            f"| {float(r['key_p95']) * 1000:.0f} ms | {r['load']:.2f} |"  # type: ignore[arg-type]
        )
    lines += [
        "",
        "Targets (issues 4 and 12): first frame ≤ 0.6 s (5 texts) and ≤ 1 s (10,000 measures);",
        "keystroke → grouped results ≤ 150 ms at 10,000 measures, median and p95.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--engines", help="comma-separated (default: every available engine)")
    parser.add_argument("--runs", type=int, default=RUNS, help="launches per library")
    parser.add_argument("--corpus-only", action="store_true", help="the five texts only")
    args = parser.parse_args()
    for package in ("index", "tui"):  # as pip compiles an installed package
        compileall.compile_dir(ROOT / package, quiet=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        work = Path(tmp)
        bare = work / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        libraries: list[tuple[str, Path, str]] = []
        if CORPUS.is_dir():
            libraries.append(("5 corpus texts (109 measures)", CORPUS, "海关支持和促进"))
        if not args.corpus_only:
            for corpus in ("dense", "realistic"):
                folder = work / corpus
                folder.mkdir()
                source = str(CORPUS if CORPUS.is_dir() else ROOT / "docs" / "samples")
                write_corpus(corpus, folder, 10_000, source)
                files = sum(1 for _ in folder.iterdir())
                libraries.append((f"{corpus}, 10,000 measures ({files} files)", folder, "样例第"))
        for engine in engine_names(args.engines):
            for n, (name, folder, marker) in enumerate(libraries):
                place = work / f"{engine}-{n}"
                rows.append(measure_library(name, folder, marker, place, engine, args.runs, bare))
                print(rows[-1], flush=True)
    section = render(rows, args.runs)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
