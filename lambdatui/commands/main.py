"""`lambdatui`: parse the command line and run the TUI or a headless command.

Exit codes (docs/architecture.md §7):
0 success, 1 findings at or above `--fail-on` (a fix that did not
apply), 2 usage error, AWS unreachable / no credentials, or an unexpected error — always with a
one-line reason on stderr, never a traceback: an unexpected error's traceback goes to the log file
only (no local variables anywhere: they may hold secrets).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from lambdatui.commands.crash import crash_line
from lambdatui.commands.parser import EXIT_ERROR, build_parser
from lambdatui.core.errors import LambdaTuiError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from lambdatui.access.logs import setup_logging

    setup_logging()
    try:
        if args.command == "creds":
            from lambdatui.commands.creds import run_creds

            return run_creds(args)
        if args.command == "fix":
            from lambdatui.commands.fix import main_fix

            return main_fix(args)
        if args.command == "audit":
            from lambdatui.commands.audit import run_audit

            return run_audit(args)
        from lambdatui.commands.tui import run_tui

        return run_tui(args)
    except LambdaTuiError as exc:
        print(f"lambdatui: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("lambdatui: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one sentence, the rest in the log
        print(crash_line(exc), file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
