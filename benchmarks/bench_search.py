"""Search benchmark: every engine against a substring scan and rg, on two synthetic corpora.

Run: python benchmarks/bench_search.py [--sizes 10000,100000] [--corpus dense|realistic|both]
     [--engines whoosh,tantivy] [--no-write]
Per corpus × size × engine: cold index build (s, MB/s), reopen with nothing changed,
re-index after one changed document, query latency p50/p95/p99 over ~50 queries
(top 10, snippets and full-text highlights included). Beside them, on the same
texts: an in-memory substring scan and `rg` over the library folder, each engine's
latency as a multiple of the scan, and the peak RSS of `policy-tui search`. The
corpora are described in synthetic_corpus.py. Writes the "Search" section of
docs/performance.md (other sections are kept). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic_corpus import (  # noqa: E402
    CORPORA,
    CORPUS,
    document_frequency,
    write_corpus,
)
from synthetic_corpus import write_library as write_library  # noqa: E402  (bench_startup)

import index.library.catalog as library_module  # noqa: E402
from index.library.catalog import Library  # noqa: E402
from index.search.highlight import highlight_spans  # noqa: E402
from index.search.index import SearchIndex  # noqa: E402
from index.search.tokenizer import backend_name, warm_up  # noqa: E402


def installed_engines() -> list[str] | None:
    """The engines this checkout can run, or None before the engine API (then whoosh
    is the only engine and ``SearchIndex.open`` takes no ``engine=``)."""
    try:
        from index.search.engines import available_engines
    except ImportError:
        return None
    return list(available_engines())


ENGINE_API = installed_engines() is not None

# The engine the CLI uses (index/search/engines/__init__.py); not imported, so this
# file still runs on a checkout without the engine API.
ENGINE_ENV = "POLICY_TUI_ENGINE"
DOCS_FILE = ROOT / "docs" / "performance.md"
ROUNDS = 3
SCAN_ROUNDS = 10  # the scan is cheap: enough samples for a p99 that is not one outlier
QUERIES = [
    "保税维修",
    "跨境电商",
    "AEO",
    "综合保税区",
    "两步申报",
    "先放后检",
    "预裁定",
    "中欧班列",
    "多式联运",
    "单一窗口",
    "RCEP",
    "9610",
    "海外仓",
    "原产地",
    "通关时间",
    "口岸收费",
    "保税研发",
    "航空",
    "冷链",
    "高级认证企业",
    "经认证的经营者",
    "自贸区",
    "综保区",
    "跨境电子商务",
    "区港联动",
    "船边直提",
    "提前申报",
    "查验",
    "免除担保",
    "培训",
    '"保税维修 业务"',
    '"综合保税区 发展"',
    "保税维修 -航空",
    "先放后检 OR 预裁定",
    "title:保税",
    "doc:青川 保税维修",
    "year:2023 通关",
    "date:2022-01..2023-06 保税",
    "保税 维修 业务",
    "跨境电商 海外仓",
    "AEO 互认",
    "单一窗口 口岸",
    "综合保税区 OR 自贸区",
    "企业",
    "发展",
    "火星 保税维修",
    "保税维护",
    '"unbalanced',
    "OR",
    "section:优化监管服务",
]
# Plain words: the queries a substring scan and rg can answer too.
WORDS = [q for q in QUERIES if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", q)]
DF_TERMS = ["综合保税区", "保税维修", "跨境电商", "单一窗口", "AEO", "培训", "企业"]
CLI_QUERY = "保税维修"
CHANGED_DOC = "doc00003.txt"


class Timing(NamedTuple):
    query: str
    seconds: float
    hits: int


@dataclass
class EngineRun:
    """One engine's figures on one library."""

    engine: str
    build_s: float
    mb_per_s: float
    reopen_s: float
    change_s: float
    latency_ms: tuple[float, ...]  # p50, p95, p99
    cli_rss_mb: float
    cli_s: float
    slowest: list[tuple[str, float, int]]  # (query, median ms, hits), slowest first


@dataclass
class CaseRun:
    """One corpus at one size: the engines and the baselines beside them."""

    corpus: str
    size: int  # as asked; ``measures`` is what the parser found
    measures: int
    documents: int
    mb: float
    parse_s: float
    df: dict[str, float]
    scan_ms: tuple[float, ...]  # p50, p95, p99
    rg_ms: tuple[float, ...] | None  # p50, p95
    load: float
    engines: list[EngineRun] = field(default_factory=list)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def in_ms(values: Sequence[float], ps: Sequence[float]) -> tuple[float, ...]:
    return tuple(percentile(values, p) * 1000 for p in ps)


def engine_names(requested: str | None) -> list[str]:
    """The engines asked for, checked against those this checkout has."""
    have = installed_engines() or ["whoosh"]
    if not requested:
        return have
    wanted = [e.strip() for e in requested.split(",") if e.strip()]
    missing = [e for e in wanted if e not in have]
    if missing:
        raise SystemExit(f"engine not available: {', '.join(missing)} (have: {', '.join(have)})")
    return wanted


def open_search(library: Library, engine: str) -> SearchIndex:
    """The engine's index in its default folder, where the CLI looks for it."""
    if not ENGINE_API:
        return SearchIndex.open(library)
    return SearchIndex.open(library, engine=engine)  # type: ignore[call-arg]


def reopen(folder: Path, engine: str) -> tuple[Library, SearchIndex]:
    library = Library.open([folder])
    return library, open_search(library, engine)


def query_latencies(index: SearchIndex, library: Library) -> list[Timing]:
    """Every query ROUNDS times: top 10 with snippets, plus highlights of the 10 full
    texts (what the detail pane does)."""
    latencies = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            result = index.search(query, limit=10)
            for hit in result.hits:
                found = library.measure(hit.measure_id)
                if found:
                    highlight_spans(found[1].body, hit.terms)
            latencies.append(Timing(query, time.perf_counter() - start, result.total))
    return latencies


def slowest_queries(latencies: Sequence[Timing], n: int = 3) -> list[tuple[str, float, int]]:
    """The ``n`` queries with the highest median, with their hits: where a tail comes from."""
    runs: dict[str, list[float]] = {}
    hits = {}
    for t in latencies:
        runs.setdefault(t.query, []).append(t.seconds)
        hits[t.query] = t.hits
    medians = [(q, statistics.median(v) * 1000, hits[q]) for q, v in runs.items()]
    return sorted(medians, key=lambda qmh: -qmh[1])[:n]


def substring_latencies(texts: Sequence[str]) -> list[float]:
    """The floor any index has to beat: every plain word tested against every text."""
    times = []
    for _ in range(SCAN_ROUNDS):
        for word in WORDS:
            start = time.perf_counter()
            _ = [t for t in texts if word in t]
            times.append(time.perf_counter() - start)
    return times


def rg_latencies(folder: Path) -> list[float] | None:
    """`rg -c --fixed-strings WORD FOLDER` per plain word, process start included."""
    rg = shutil.which("rg")
    if rg is None:
        return None
    times = []
    for _ in range(ROUNDS):
        for word in WORDS:
            start = time.perf_counter()
            subprocess.run([rg, "-c", "--fixed-strings", word, str(folder)], capture_output=True)
            times.append(time.perf_counter() - start)
    return times


def child_env(work: Path, engine: str | None = None) -> dict[str, str]:
    """Children share this run's cache (so the CLI finds the built index), never touch
    the user's own data, and use ``engine`` when the engine API exists."""
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(work / "xdg-cache"),
        "XDG_DATA_HOME": str(work / "xdg-data"),
    }
    if engine and ENGINE_API:
        env[ENGINE_ENV] = engine
    return env


# Runs the CLI and reports its peak RSS, exit status and seconds. A small interpreter
# of its own because Linux reports a child's peak as at least its parent's RSS at the
# fork (exec keeps the old mm's high-water mark): measured from this process, every CLI
# would "use" what the benchmark holds.
RSS_PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode, seconds)
"""


def cli_peak_rss(folder: Path, work: Path, engine: str) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of `policy-tui search CLI_QUERY --library FOLDER`, run
    against the index this benchmark built (anything it says on stderr is passed on)."""
    cli = [sys.executable, "-m", "tui.cli", "search", CLI_QUERY, "--library", str(folder)]
    probe = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, *cli],
        cwd=ROOT,
        env=child_env(work, engine),
        capture_output=True,
        text=True,
    )
    if probe.stderr.strip():
        print(f"policy-tui search ({engine}): {probe.stderr.strip()}", file=sys.stderr)
    kb, status, seconds = probe.stdout.split()
    if probe.returncode or int(status):
        raise SystemExit(f"policy-tui search failed with status {status}")
    return int(kb) / 1024, float(seconds)


def build_engines(folder: Path, engines: Sequence[str]) -> tuple[float, dict[str, float], Library]:
    """Cold parse, then a cold build per engine: (parse s, build s by engine, the library)."""
    library, parse_s = timed(lambda: Library.open([folder]))
    builds = {}
    for engine in engines:
        index, builds[engine] = timed(partial(open_search, library, engine))
        index.close()
    return parse_s, builds, library


def reopen_unchanged(folder: Path, engine: str) -> float:
    (_, index), seconds = timed(lambda: reopen(folder, engine))
    assert not index.last_update, f"{engine}: reopen re-indexed {index.last_update}"
    index.close()
    return seconds


def change_one_document(folder: Path) -> None:
    path = folder / CHANGED_DOC
    path.write_text(path.read_text(encoding="utf-8") + "\n（样例修改）\n", encoding="utf-8")


def after_change(folder: Path, engine: str) -> tuple[float, list[Timing], list[str]]:
    """Seconds to catch up with the changed document, then query latencies on that
    index and the measure texts (for the scan)."""
    (library, index), seconds = timed(lambda: reopen(folder, engine))
    changed = index.last_update.changed
    assert changed and index.last_update.measures_indexed == sum(
        len(d.measures) for d in library.documents if d.id in changed
    ), f"{engine}: one changed document gave {index.last_update}"
    latencies = query_latencies(index, library)
    index.close()
    texts = [m.title + m.body for doc in library.documents for m in doc.measures]
    return seconds, latencies, texts


def run_case(corpus: str, size: int, work: Path, source: str, engines: Sequence[str]) -> CaseRun:
    """Everything for one corpus at one size; one Library in memory at a time (100k
    measures take over a GB each)."""
    folder = work / f"{corpus}-{size}"
    folder.mkdir()
    mb = write_corpus(corpus, folder, size, source) / 1_048_576
    parse_s, builds, library = build_engines(folder, engines)
    measures = sum(len(d.measures) for d in library.documents)
    documents = len(library.documents)
    del library
    gc.collect()
    reopen_s = {e: reopen_unchanged(folder, e) for e in engines}
    change_one_document(folder)
    runs: list[EngineRun] = []
    texts: list[str] = []
    for engine in engines:
        change_s, latencies, texts = after_change(folder, engine)
        build_s = builds[engine]
        ms = in_ms([t.seconds for t in latencies], (50, 95, 99))
        gc.collect()
        rss, cli_s = cli_peak_rss(folder, work, engine)
        slowest = slowest_queries(latencies)
        runs.append(
            EngineRun(
                engine, build_s, mb / build_s, reopen_s[engine], change_s, ms, rss, cli_s, slowest
            )
        )
    rg = rg_latencies(folder)
    return CaseRun(
        corpus=corpus,
        size=size,
        measures=measures,
        documents=documents,
        mb=mb,
        parse_s=parse_s,
        df=document_frequency(texts, DF_TERMS),
        scan_ms=in_ms(substring_latencies(texts), (50, 95, 99)),
        rg_ms=in_ms(rg, (50, 95)) if rg else None,
        load=os.getloadavg()[0],
        engines=runs,
    )


def tokenizer_load_seconds(cache_home: Path, backend: str) -> float:
    """Loading the word cutter with our user dictionary in a fresh interpreter (cache warm)."""
    code = (
        "import time; t=time.perf_counter(); from index.search.tokenizer import warm_up; warm_up();"
        "print(time.perf_counter()-t)"
    )
    env = {
        "XDG_CACHE_HOME": str(cache_home),
        "PATH": "/usr/bin:/bin",
        "POLICY_TUI_TOKENIZER": backend,
    }
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return float(done.stdout.strip())


def ratio(value: float, base: float) -> str:
    return f"×{value / base:,.0f}" if base > 0 else "×—"


def df_table(cases: Sequence[CaseRun]) -> list[str]:
    """Each term's share of measures per corpus, at the largest size run."""
    largest = {c.corpus: c for c in sorted(cases, key=lambda c: c.size)}
    heads = [f"{c.corpus} ({c.measures:,})" for c in largest.values()]
    lines = [f"| term | {' | '.join(heads)} |", "| --- |" + " --- |" * len(heads)]
    for term in DF_TERMS:
        cells = " | ".join(f"{c.df[term]:.1%}" for c in largest.values())
        lines.append(f"| {term} | {cells} |")
    return lines


def build_table(cases: Sequence[CaseRun]) -> list[str]:
    lines = [
        "| corpus | measures | text | parse (cold) | engine | index build | build rate "
        "| reopen, no change | one doc changed | CLI peak RSS, time | load (1 min) |",
        "| --- |" + " --- |" * 10,
    ]
    for c in cases:
        for r in c.engines:
            cli = f"{r.cli_rss_mb:.0f} MB, {r.cli_s:.1f} s"
            lines.append(
                f"| {c.corpus} | {c.measures:,} | {c.mb:.1f} MB | {c.parse_s:.1f} s | {r.engine} "
                f"| {r.build_s:.1f} s | {r.mb_per_s:.2f} MB/s | {r.reopen_s * 1000:.0f} ms "
                f"| {r.change_s * 1000:.0f} ms | {cli} | {c.load:.2f} |"
            )
    return lines


def latency_table(cases: Sequence[CaseRun]) -> list[str]:
    """Engine percentiles with their multiple of the scan's same percentile."""
    lines = [
        "| corpus | measures | engine | query p50 | query p95 | query p99 "
        "| substring scan p50 / p95 / p99 | rg p50 / p95 |",
        "| --- |" + " --- |" * 7,
    ]
    for c in cases:
        scan = " / ".join(f"{v:.1f}" for v in c.scan_ms) + " ms"
        if c.rg_ms:
            rg = " / ".join(
                f"{v:.0f} ms {ratio(v, s)}" for v, s in zip(c.rg_ms, c.scan_ms[:2], strict=True)
            )
        else:
            rg = "rg not installed"
        for r in c.engines:
            cells = " | ".join(
                f"{v:.1f} ms {ratio(v, s)}" for v, s in zip(r.latency_ms, c.scan_ms, strict=True)
            )
            lines.append(f"| {c.corpus} | {c.measures:,} | {r.engine} | {cells} | {scan} | {rg} |")
    return lines


def slowest_lines(cases: Sequence[CaseRun]) -> list[str]:
    lines = ["Slowest queries (median of the rounds):", ""]
    for c in cases:
        for r in c.engines:
            queries = ", ".join(f"`{q}` {ms:.0f} ms ({hits:,} hits)" for q, ms, hits in r.slowest)
            lines.append(f"- {c.corpus} {c.measures:,} {r.engine}: {queries}")
    return lines


@dataclass(frozen=True)
class Target:
    """A goal from issue 11, judged per corpus (and per engine when ``engine`` is None)
    at ``size`` measures asked for, or at the largest size run when ``size`` is None."""

    label: str
    engine: str | None
    size: int | None
    value: Callable[[EngineRun], float]
    unit: str
    limit: float
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit


def p95(r: EngineRun) -> float:
    return r.latency_ms[1]


def p99(r: EngineRun) -> float:
    return r.latency_ms[2]


TARGETS = [
    Target("whoosh query p95 ≤ 50 ms at 10k", "whoosh", 10_000, p95, "ms", 50),
    Target("whoosh query p95 ≤ 400 ms at 100k", "whoosh", 100_000, p95, "ms", 400),
    Target("tantivy query p95 ≤ 20 ms at 100k", "tantivy", 100_000, p95, "ms", 20),
    Target("tantivy query p99 ≤ 50 ms at 100k", "tantivy", 100_000, p99, "ms", 50),
    Target("tantivy build ≥ 1.5 MB/s", "tantivy", None, lambda r: r.mb_per_s, "MB/s", 1.5, True),
    Target("reopen unchanged ≤ 0.5 s at 100k", None, 100_000, lambda r: r.reopen_s, "s", 0.5),
    Target("CLI peak RSS ≤ 250 MB at 100k", None, 100_000, lambda r: r.cli_rss_mb, "MB", 250),
]


def target_line(target: Target, cases: Sequence[CaseRun]) -> str:
    """One target with this run's figure for each corpus (and engine) it applies to."""
    found = []
    for corpus in CORPORA:
        runs = [
            (c, r)
            for c in cases
            if c.corpus == corpus and target.size in (None, c.size)
            for r in c.engines
            if target.engine in (None, r.engine)
        ]
        largest = max((c.size for c, _ in runs), default=None)
        for c, r in runs:
            if c.size != largest:
                continue
            value = target.value(r)
            who = corpus if target.engine else f"{corpus} {r.engine}"
            where = f" at {c.measures:,}" if target.size is None else ""
            verdict = "met" if target.met(value) else "NOT met"
            found.append(f"{who}{where} {value:,.2f} {target.unit} — {verdict}")
    return f"- {target.label}: " + ("; ".join(found) or "not measured in this run")


def render(
    cases: Sequence[CaseRun], loads: dict[str, float], load_start: tuple, load_end: tuple
) -> str:
    """The "Search" section of docs/performance.md."""
    avg = "/".join
    lines = [
        "## Search",
        "",
        "`python benchmarks/bench_search.py` — synthetic libraries of 20-measure documents "
        "(benchmarks/synthetic_corpus.py): *dense* recombines sentences of the five texts in "
        "`../shared/corpus`; *realistic* gives each document one real text (of all those beside "
        "the checkout and under `tests/realworld`) as its topic, Zipf-skewed, so a term sits in "
        "as few measures as in a real library. Texts are read at run time, never copied.",
        f"{len(QUERIES)} queries × {ROUNDS} rounds; each returns the top 10 with snippets and "
        "highlights the full text of those 10 measures. The substring scan and rg answer the "
        f"{len(WORDS)} plain-word queries (× {SCAN_ROUNDS}, rg × {ROUNDS}) over the same texts; ×N is an "
        "engine's (or rg's) percentile over the scan's same percentile. Build = index only "
        "(after parsing); reopen and one-change times include opening the library. CLI = "
        f"`policy-tui search {CLI_QUERY} --library DIR` on the built library: its peak RSS "
        "and wall time, interpreter start included. The word cutter is loaded before the "
        "first build.",
        "",
        f"Load average (1/5/15 min) at the start {avg(f'{v:.2f}' for v in load_start)}, "
        f"at the end {avg(f'{v:.2f}' for v in load_end)}, on {os.cpu_count()} cores.",
        "",
        "Share of measures containing each term:",
        "",
        *df_table(cases),
        "",
        *build_table(cases),
        "",
        *latency_table(cases),
        "",
        *slowest_lines(cases),
        "",
        "Targets (issue 11):",
        "",
        *(target_line(t, cases) for t in TARGETS),
        "",
        f"Word cutter: {backend_name()} (index and queries). Load time with our user dictionary "
        "in a fresh interpreter: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in loads.items())
        + " (jieba from its dictionary cache).",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace (or append) the section of docs/performance.md that ``section`` starts with
    (its first line, e.g. "## Search"), keeping the others."""
    text = DOCS_FILE.read_text(encoding="utf-8") if DOCS_FILE.exists() else "# Benchmarks\n"
    heading = section.splitlines()[0]
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOCS_FILE.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="measures per library")
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    parser.add_argument("--engines", help="comma-separated (default: every available engine)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--source",
        choices=("corpus", "samples"),
        default="corpus" if CORPUS.is_dir() else "samples",
        help="the dense corpus's sentences (default: the corpus when present)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    load_start = os.getloadavg()
    engines = engine_names(args.engines)
    corpora = CORPORA if args.corpus == "both" else (args.corpus,)
    # Colleagues editing the parser during a long run must not turn "reopen" into "re-parse".
    fingerprint = library_module.parser_fingerprint()
    library_module.parser_fingerprint = lambda root=None: fingerprint
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        work = Path(tmp)
        os.environ.update({k: child_env(work)[k] for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME")})
        loads = {
            name: tokenizer_load_seconds(work / "xdg-cache", name)
            for name in ("rjieba", "jieba")
            if name == "jieba" or importlib.util.find_spec(name)
        }
        warm_up()  # its load is reported above, not charged to the first build
        cases = []
        for corpus in corpora:
            for size in (int(s) for s in args.sizes.split(",")):
                case = run_case(corpus, size, work, args.source, engines)
                cases.append(case)
                done = ", ".join(f"{r.engine} p95 {r.latency_ms[1]:.0f} ms" for r in case.engines)
                print(f"{corpus} {case.measures:,} measures: {done}", file=sys.stderr, flush=True)
    section = render(cases, loads, load_start, os.getloadavg())
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
