"""The command line's subcommands, apart from the command line itself: starting the window
needs to tell a subcommand from a file name without loading the command line's modules."""

COMMANDS = ("new", "show", "set-go-live", "suggest-go-live", "check", "backup", "restore",
            "import", "print-day", "export", "portfolio")
