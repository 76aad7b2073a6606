"""`policy-tui search` on the five corpus texts, whole process, as a ratio to `import yaml`.

Run: python benchmarks/bench_cli.py [--runs 11] [--venv DIR | --here] [--engines whoosh,tantivy]

By default the checkout is installed the way the README's quick start does it
(`pip install '.[fast]'`, not editable) into a fresh virtual environment in a temp
folder: an editable install runs an import hook at every interpreter start (16–35 ms
here) that the `python -c "import yaml"` baseline pays too, which flatters the ratio.
`--venv DIR` uses an environment already made that way; `--here` the `policy-tui` and
interpreter of this one. Each engine gets its own cache folder (its index and word list
made by two warm-up runs first), and the commands alternate run by run, so all of them
see the machine as it is. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
QUERY = "保税维修"
RUNS = 11
TARGET = 3.0


def make_venv(folder: Path) -> Path:
    """A fresh environment with the checkout installed as a user would install it."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"{ROOT}[fast]"], check=True, cwd=folder)
    return folder


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env, cwd="/")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--venv", type=Path, help="an environment with policy-tui installed")
    where.add_argument("--here", action="store_true", help="this environment's policy-tui")
    parser.add_argument("--engines", default="tantivy,whoosh")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"the corpus is not beside the checkout: {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        if args.here:
            python, program = Path(sys.executable), Path(sys.executable).with_name("policy-tui")
            how = "this environment"
        else:
            venv = args.venv or make_venv(work / "venv")
            python, program = venv / "bin" / "python", venv / "bin" / "policy-tui"
            how = f"a regular install ({'given' if args.venv else 'made for this run'})"
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "import yaml": ([str(python), "-c", "import yaml"], base)
        }
        for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
            env = {**base, "POLICY_TUI_ENGINE": engine, "XDG_CACHE_HOME": str(work / engine)}
            command = [str(program), "search", QUERY, "--library", str(CORPUS)]
            commands[f"search, {engine}"] = (command, env)
        for command, env in commands.values():  # indexes, word lists, page cache
            for _ in range(2):
                timed(command, env)
        load_before = os.getloadavg()[0]
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                seconds[name].append(timed(command, env))
        load_after = os.getloadavg()[0]
    baseline = seconds["import yaml"]
    print(f"`policy-tui search {QUERY} --library ../shared/corpus`, {how}, {args.runs}")
    print(f"alternating runs, load {load_before:.2f} → {load_after:.2f}.\n")
    print("| command | median | ratio of medians | median of run-by-run ratios |")
    print("| --- | --- | --- | --- |")
    for name, values in seconds.items():
        ratio = statistics.median(values) / statistics.median(baseline)
        pairwise = statistics.median(v / b for v, b in zip(values, baseline, strict=True))
        mark = "" if name == "import yaml" else (" — met" if pairwise <= TARGET else " — NOT met")
        print(
            f"| {name} | {statistics.median(values) * 1000:.0f} ms | {ratio:.2f}× "
            f"| {pairwise:.2f}×{mark} |"
        )
    print(f'\nTarget (issue 11): ≤ {TARGET:.0f}× `python -c "import yaml"`.')


if __name__ == "__main__":
    main()
