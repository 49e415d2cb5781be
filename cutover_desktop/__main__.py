"""Entry point: a subcommand runs on the command line; otherwise the window opens."""

from __future__ import annotations

import sys
from pathlib import Path


def _wants_command_line(args: list[str]) -> bool:
    from cutover_desktop.command_names import COMMANDS

    if not args:
        return False
    first = args[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return True
    # A word that is neither an option nor a file is a mistyped command: let the command
    # line say so in one sentence, rather than opening a window on a file that is not there.
    return not first.startswith("-") and not Path(first).suffix and not Path(first).exists()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _wants_command_line(args):
        from cutover_desktop import cli

        return cli.main(args)
    from cutover_desktop.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
