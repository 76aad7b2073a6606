"""Search benchmark: synthetic libraries built from the project's own sample sentences.

Run: python benchmarks/bench_search.py [--sizes 1000,10000] [--no-write]
Measures, per library size: cold parse (library open), cold index build (MB/s),
reopen with nothing changed, re-index after one changed document, query
latency p50/p95 over a fixed set of ~50 queries (top 10, snippets and
highlights included), and a plain substring scan of the same texts for
comparison; plus jieba's load time in a fresh interpreter. Writes the
"Search" section of docs/performance.md (other sections are kept).
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import index.library.catalog as library_module  # noqa: E402
from index.library.catalog import Library  # noqa: E402
from index.search.highlight import highlight_spans  # noqa: E402
from index.search.index import SearchIndex  # noqa: E402
from index.search.tokenizer import backend_name  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "search"
DOCS_FILE = ROOT / "docs" / "performance.md"
MEASURES_PER_DOC = 20
REGIONS = "青川 白沙 云溪 石湾 绿岭 东滨 南屿 北岚 西峡 金澜 玉衡 长汀 临川 宁远 清江 安平".split()
KINDS = ["省", "市", "县", "新区", "港", "海关"]
TOPICS = [
    "促进综合保税区高质量发展的若干措施",
    "促进跨境贸易便利化专项行动措施",
    "自由贸易试验区海关监管创新措施",
    "口岸营商环境提升措施",
    "支持外贸稳规模优结构实施方案",
]
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


CORPUS = ROOT.parent / "shared" / "corpus"


def sample_sentences(source: str) -> tuple[list[str], list[str]]:
    """(measure titles, body sentences) to recombine: from the real corpus beside the
    checkout (read at run time, never copied into the project) or from our own samples."""
    from index.formats.extract import extract_text
    from index.parsing.parser import parse_policy_text

    folder = CORPUS if source == "corpus" else SAMPLES
    titles, sentences = [], []
    for path in sorted(folder.glob("*.txt")):
        doc = parse_policy_text(extract_text(path), fallback_title=path.stem)
        for measure in doc.measures:
            titles.append(measure.title)
            sentences.extend(s + "。" for s in measure.body.split("。") if len(s.strip()) > 4)
    return titles, sentences


def write_library(folder: Path, measures: int, source: str, seed: int = 7) -> int:
    """Write ``measures`` measures as documents of 20; returns the bytes written."""
    rng = random.Random(seed)
    titles, sentences = sample_sentences(source)
    numerals = "一二三四五六七八九十"
    total = 0
    for d in range(measures // MEASURES_PER_DOC):
        region = f"{REGIONS[d % len(REGIONS)]}{KINDS[(d // len(REGIONS)) % len(KINDS)]}"
        year = 2019 + d % 6
        lines = [
            f"{region}{year}年{TOPICS[d % len(TOPICS)]}（样例第{d + 1}号）",
            "",
            f"发布时间：{year}-{1 + d % 12:02d}-{1 + d % 28:02d} 来源：{region}（虚构样例）",
            "",
        ]
        for s in range(4):
            lines += [f"{numerals[s]}、第{numerals[s]}部分措施", ""]
            for m in range(MEASURES_PER_DOC // 4):
                n = s * (MEASURES_PER_DOC // 4) + m + 1
                body = "".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
                lines += [f"{n}.{rng.choice(titles)}。{region}{body}", ""]
        text = "\n".join(lines)
        path = folder / f"doc{d:05d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


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


def run_size(measures: int, work: Path, source: str) -> dict[str, float | int | str]:
    folder = work / f"lib{measures}"
    folder.mkdir()
    size = write_library(folder, measures, source)
    cache = work / f"cache{measures}"
    library, parse_s = timed(lambda: Library.open([folder], cache_dir=cache))
    index, build_s = timed(lambda: SearchIndex.open(library))
    index.close()
    (library2, index2), reopen_s = timed(
        lambda: (lib := Library.open([folder], cache_dir=cache), SearchIndex.open(lib))
    )
    assert not index2.last_update
    index2.close()
    changed = folder / "doc00003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（样例修改）\n", encoding="utf-8")
    (library3, index3), change_s = timed(
        lambda: (lib := Library.open([folder], cache_dir=cache), SearchIndex.open(lib))
    )
    assert index3.last_update.changed and index3.last_update.measures_indexed == MEASURES_PER_DOC
    latencies = []
    for _ in range(3):
        for query in QUERIES:
            start = time.perf_counter()
            result = index3.search(query, limit=10)
            for hit in result.hits:  # full-text highlights as the detail pane would
                _, measure = library3.measure(hit.measure_id)
                highlight_spans(measure.body, hit.terms)
            latencies.append(time.perf_counter() - start)
    index3.close()
    texts = [m.title + m.body for doc in library3.documents for m in doc.measures]
    words = [q for q in QUERIES if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", q)]
    scan_times = []
    for word in words:
        start = time.perf_counter()
        _ = [t for t in texts if word in t]
        scan_times.append(time.perf_counter() - start)
    latencies.sort()
    return {
        "measures": sum(len(d.measures) for d in library3.documents),
        "documents": len(library3.documents),
        "mb": size / 1_048_576,
        "parse_s": parse_s,
        "build_s": build_s,
        "mb_per_s": size / 1_048_576 / build_s,
        "reopen_s": reopen_s,
        "change_s": change_s,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "scan_ms": statistics.median(scan_times) * 1000,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def render(rows: list[dict], loads: dict[str, float], source: str) -> str:
    lines = [
        "## Search",
        "",
        "`python benchmarks/bench_search.py` — synthetic libraries of 20-measure documents whose",
        "measure titles and body sentences are recombined from "
        + (
            "the five real texts in `../shared/corpus` (read at run time, not copied)."
            if source == "corpus"
            else "the sample texts in `tests/fixtures/search/`."
        ),
        f"{len(QUERIES)} queries × 3 rounds; each query returns the top 10 with snippets and also",
        "highlights the full text of those 10 measures. Build = index only (after parsing);",
        "reopen and one-change times include opening the library. Builds of 2,000+ measures",
        "use both cores (whoosh's parallel writer); everything else runs in one process.",
        "",
        "| measures | text | parse (cold) | index build | build rate | reopen, no change | one doc changed | query p50 | query p95 | substring scan p50 | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['measures']:,} | {r['mb']:.1f} MB | {r['parse_s']:.1f} s | {r['build_s']:.1f} s | "
            f"{r['mb_per_s']:.2f} MB/s | {r['reopen_s'] * 1000:.0f} ms | {r['change_s'] * 1000:.0f} ms | "
            f"{r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['scan_ms']:.1f} ms | {r['rss_mb']:.0f} MB |"
        )
    lines += ["", *target_lines(rows)]
    lines += [
        "",
        f"Word cutter: {backend_name()} (index and queries). Load time with our user dictionary "
        "in a fresh interpreter: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in loads.items())
        + " (jieba from its dictionary cache).",
        "",
    ]
    return "\n".join(lines)


def target_lines(rows: list[dict]) -> list[str]:
    """Issue 3's targets next to this run's figures, met or not."""
    by_size = {r["measures"] // 1000 * 1000: r for r in rows}
    checks = []
    if 10_000 in by_size:
        r = by_size[10_000]
        checks += [
            ("query p95 ≤ 50 ms at 10k measures", f"{r['p95_ms']:.0f} ms", r["p95_ms"] <= 50),
            ("build ≥ 0.5 MB/s", f"{r['mb_per_s']:.2f} MB/s", r["mb_per_s"] >= 0.5),
            ("reopen unchanged 10k ≤ 0.3 s", f"{r['reopen_s']:.2f} s", r["reopen_s"] <= 0.3),
            ("one changed document ≤ 1 s", f"{r['change_s']:.2f} s", r["change_s"] <= 1),
        ]
    if 100_000 in by_size:
        r = by_size[100_000]
        checks.append(("query p95 ≤ 150 ms at 100k", f"{r['p95_ms']:.0f} ms", r["p95_ms"] <= 150))
    lines = ["Targets (issue 3):", ""]
    lines += [f"- {what}: {value} — {'met' if ok else 'NOT met'}" for what, value, ok in checks]
    return lines


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--source",
        choices=("corpus", "samples"),
        default="corpus" if CORPUS.is_dir() else "samples",
        help="where sentences come from (default: the corpus when present)",
    )
    args = parser.parse_args()
    # Colleagues editing the parser during a long run must not turn "reopen" into "re-parse".
    fingerprint = library_module.parser_fingerprint()
    library_module.parser_fingerprint = lambda: fingerprint
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        work = Path(tmp)
        import os

        os.environ["XDG_CACHE_HOME"] = str(work / "xdg-cache")
        loads = {
            name: tokenizer_load_seconds(work / "xdg-cache", name)
            for name in ("rjieba", "jieba")
            if name == "jieba" or importlib.util.find_spec(name)
        }
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            row = run_size(size, work, args.source)
            rows.append(row)
            print(row, flush=True)
    section = render(rows, loads, args.source)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
