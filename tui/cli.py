"""The `policy-tui` command line.

`policy-tui [PATH ...]` opens the reader; `policy-tui <command> …` runs one
headless command. Textual is imported only when the reader starts, so the
headless commands start fast.

Like a Unix tool: `--library`/`--bookmarks` may come before the command too, a
mistyped command gets "did you mean", and a closed pipe (`| head -1`) ends
quietly with status 0.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .commands import COMMAND_MODULES
from .commands import register as register_command
from .commands.bookmarks import ACTIONS as BOOKMARK_ACTIONS
from .commands.common import run_safely, stdout_closed, warn

GLOBAL_OPTIONS = ("--library", "--bookmarks")


def package_version() -> str:
    """The installed version (index.versions reads the package's own METADATA file)."""
    from index.versions import installed_version

    return installed_version("policy-tui") or "0+unknown"  # unknown: run from a source tree


class _VersionAction(argparse.Action):
    """--version that looks the version up only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {package_version()}")
        parser.exit()


def build_parser(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    """The parser and a handler per command: every command, or ``only`` the one that runs."""
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        usage="policy-tui [PATH ...] [--library DIR] [--bookmarks FILE]\n       policy-tui COMMAND ...",
        description="Offline reader for Chinese policy documents. Without a command, opens the "
        "full-screen reader over your library or the files and folders named.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name in [only] if only else COMMAND_MODULES:
        # every failure one line, in one place
        handlers[name] = run_safely(register_command(sub, name))
    return parser, handlers


def _leading_global_options(argv: list[str]) -> int:
    """How many words at the start of ``argv`` are `--library X` / `--bookmarks=X` options."""
    i = 0
    while i < len(argv) and argv[i].split("=", 1)[0] in GLOBAL_OPTIONS:
        i += 1 if "=" in argv[i] else 2
    return min(i, len(argv))


def hoist_global_options(argv: list[str], commands: Sequence[str]) -> list[str]:
    """`--library X list` → `list --library X` (after a bookmarks action: where it is declared).

    Only options before a command move; without a command the reader parses them itself.
    """
    i = _leading_global_options(argv)
    if not i or i >= len(argv) or argv[i] not in commands:
        return argv
    head = [argv[i]]
    rest = argv[i + 1 :]
    if argv[i] == "bookmarks" and rest and rest[0] in BOOKMARK_ACTIONS:
        head.append(rest.pop(0))
    return [*head, *argv[:i], *rest]


def mistyped_command(argv: list[str], commands: Sequence[str]) -> str | None:
    """The command a first word that is no file and no command was probably meant to be."""
    i = _leading_global_options(argv)
    if i >= len(argv) or argv[i].startswith("-") or argv[i] in commands:
        return None
    first = Path(argv[i])
    if first.exists() or first.is_symlink():  # a path always opens the reader
        return None
    import difflib  # only for a mistyped command

    close = difflib.get_close_matches(argv[i], commands, n=1, cutoff=0.6)
    return close[0] if close else None


def question_marks_for_what_output_cannot_show() -> str | None:
    """When stdout's encoding (a latin-1 or ASCII locale) cannot write Chinese, set it to
    write ? for what it lacks, so a title is no traceback; the line that says so."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "中文".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        return (
            f"the output's encoding ({encoding}) cannot show Chinese: characters it lacks "
            "are shown as ?; use a UTF-8 locale (LANG=C.UTF-8) or PYTHONIOENCODING=utf-8"
        )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    commands = list(COMMAND_MODULES)
    args_list = hoist_global_options(args_list, commands)
    if args_list and args_list[0] in commands:
        problem = question_marks_for_what_output_cannot_show()
        if problem:
            warn(problem)
        parser, handlers = build_parser(only=args_list[0])
        args = parser.parse_args(args_list)
        try:
            status = handlers[args.command](args)
            sys.stdout.flush()  # a closed pipe shows here, not at exit as "Exception ignored"
        except BrokenPipeError:
            return stdout_closed()
        return status
    guess = mistyped_command(args_list, commands)
    if guess is not None:
        typed = args_list[_leading_global_options(args_list)]
        warn(f"{typed!r} is not a command or a file; did you mean {guess!r}?")
        return 2
    if args_list and args_list[0] in ("-h", "--help", "--version"):
        parser, _handlers = build_parser()
        try:
            parser.parse_args(args_list)
        except SystemExit as done:  # argparse prints help/version, then exits
            return int(done.code or 0)
        return 0
    from .reader import run_reader  # imports Textual only here

    return run_reader(args_list)


def entry_point() -> int:
    """The ``policy-tui`` console script: main, then every object frozen out of the
    collector, so the interpreter's last collections at exit do not walk them (a
    fifth of a search's start-up and exit). In-process callers (tests) use main."""
    status = main()
    gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(entry_point())
