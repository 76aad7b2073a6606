"""What every headless command shares: the --library option, opening the library and
its index, failures as one line on stderr, counts in Chinese, and safe text.

Text that comes from files (titles, snippets, file names, notes) goes through
``index.safe_text`` before it is printed, so a control character in a file never
reaches the terminal raw; JSON keeps it, escaped (:func:`dump_json`).

Nothing heavy is imported at module level: `policy-tui --help` loads every
command module, so the library, the parser and whoosh are imported only by
the functions that use them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from index.safe_text import escape_json_controls, one_line

if TYPE_CHECKING:
    from index.library.catalog import Library
    from index.search.index import SearchIndex

Progress = Callable[[int, int], None]
Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


# One counter word per thing counted, so every message says "1 条措施", never "1 measures".
COUNTERS = {
    "document": "份文件",
    "measure": "条措施",
    "section": "个章节",
    "noise line": "行噪声",
    "bookmark": "个书签",
}


def count(n: int, thing: str) -> str:
    """``count(1, "measure")`` → ``"1 条措施"``: Chinese has no plural to get wrong."""
    return f"{n} {COUNTERS[thing]}"


def dump_json(data: Any) -> str:
    """JSON as every command prints it: readable Chinese, DEL and C1 characters escaped."""
    return escape_json_controls(json.dumps(data, ensure_ascii=False, indent=2))


def add_library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        action="append",
        metavar="DIR",
        help="library folder (repeatable; default: $POLICY_TUI_LIBRARY or the user data dir)",
    )


def open_library(args: argparse.Namespace, progress: Progress | None = None) -> Library:
    """The library named by --library, else $POLICY_TUI_LIBRARY, else the (created) default."""
    from index.library.catalog import Library
    from index.paths import library_paths

    paths = library_paths(args.library)
    if not args.library:
        for path in paths:
            if not path.exists():
                path.mkdir(parents=True, exist_ok=True)  # the default library starts empty
    missing = [p for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise CommandError(f"{missing[0]}: no such file or folder (give one with --library DIR)", 2)
    return Library.open(paths, progress=progress)


def warn_problems(library: Library) -> None:
    """One line on stderr per file of the library that could not be read: every command
    that answers from the library says what its answer is missing."""
    for problem in library.problems:
        warn(f"warning: {problem}")


def open_index(
    library: Library, rebuild: bool = False, progress: Progress | None = None
) -> SearchIndex:
    """The library's search index, brought up to date; its notices go to stderr."""
    from index.search.engines import UnknownEngineError
    from index.search.index import IndexBusyError, SearchIndex

    try:
        index = SearchIndex.open(library, rebuild=rebuild, progress=progress)
    except IndexBusyError as err:
        raise CommandError(str(err)) from None
    except UnknownEngineError as err:
        raise CommandError(f"{err} (the POLICY_TUI_ENGINE setting)", 2) from None
    for notice in index.notices:
        warn(notice)
    return index


def run_safely(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report expected failures (bad paths, busy index, unwritable cache) as one line."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except BrokenPipeError:
            return stdout_closed()
        except CommandError as err:
            return fail(str(err), err.status)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            return fail(f"{where}{err.strerror or err}")

    return run


def fail(message: str, status: int = 1) -> int:
    """Print one line on stderr and return the exit status: never a traceback."""
    warn(message)
    return status


def warn(message: str) -> None:
    """One line on stderr, control characters (from file names, texts) made visible."""
    print(f"policy-tui: {one_line(message)}", file=sys.stderr)


def stdout_closed() -> int:
    """The reader of our output went away (`| head -1`): stop quietly, like a Unix tool.

    Python would still try to flush stdout at exit and print "Exception ignored";
    pointing stdout at /dev/null first lets it exit cleanly, with status 0.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test harness)
        pass
    finally:
        os.close(devnull)
    return 0
