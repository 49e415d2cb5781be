"""Entry point: a subcommand runs on the command line; otherwise the window opens."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from cutover_desktop import cli

    if args and (args[0] in cli.COMMANDS or args[0] in ("-h", "--help", "--version")):
        return cli.main(args)
    from cutover_desktop.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
