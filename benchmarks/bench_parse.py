"""Time to parse the real corpus (../shared/corpus) and a large synthetic text.

Run: python benchmarks/bench_parse.py  — prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.parsing.parser import parse_policy_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def best_of(fn, runs: int = 30) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    big = "某市若干措施\n" + "".join(
        f"{i}.支持企业开展第{i}项业务。对符合条件的企业给予支持，推动业务做大做强。\n"
        for i in range(1, 301)
    )
    rows = []
    if texts:
        lo, med = best_of(lambda: [parse_policy_text(t) for t in texts])
        chars = sum(len(t) for t in texts)
        rows.append((f"5 corpus texts ({chars:,} chars, 109 measures)", lo, med))
    lo, med = best_of(lambda: parse_policy_text(big))
    rows.append((f"one synthetic text ({len(big):,} chars, 300 measures)", lo, med))
    print("| input | best | median |\n| --- | --- | --- |")
    for name, lo, med in rows:
        print(f"| {name} | {lo * 1000:.1f} ms | {med * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
