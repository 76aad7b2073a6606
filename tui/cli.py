"""The `policy-tui` command line.

`policy-tui [PATH ...]` opens the reader; `policy-tui <command> …` runs one
headless command. Textual is imported only when the reader starts, so the
headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .commands import COMMANDS
from .commands.common import run_safely


def package_version() -> str:
    """The installed version, read from the package's own METADATA file.

    importlib.metadata answers the same but costs 30–40 ms of imports, more than
    the rest of `--version`; it stays the fallback for unusual installs.
    """
    import sys as _sys
    from pathlib import Path

    for entry in _sys.path:
        for meta in Path(entry or ".").glob("policy_tui-*.dist-info/METADATA"):
            with meta.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policy-tui")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


class _VersionAction(argparse.Action):
    """--version that looks the version up only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {package_version()}")
        parser.exit()


def build_parser() -> tuple[
    argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]
]:
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        usage="policy-tui [PATH ...] [--library DIR] [--bookmarks FILE]\n       policy-tui COMMAND ...",
        description="Offline reader for Chinese policy documents. Without a command, opens the "
        "full-screen reader over your library or the files and folders named.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for register in COMMANDS:
        name, handler = register(sub)
        handlers[name] = run_safely(handler)  # every failure one line, in one place
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, handlers = build_parser()
    if args_list and args_list[0] in handlers:
        args = parser.parse_args(args_list)
        return handlers[args.command](args)
    if args_list and args_list[0] in ("-h", "--help", "--version"):
        try:
            parser.parse_args(args_list)
        except SystemExit as done:  # argparse prints help/version, then exits
            return int(done.code or 0)
        return 0
    from .reader import run_reader  # imports Textual only here

    return run_reader(args_list)


if __name__ == "__main__":
    sys.exit(main())
