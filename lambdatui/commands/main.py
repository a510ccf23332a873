"""`lambdatui`: parse the command line and run the TUI or a headless command.

Exit codes (docs/architecture.md): 0 success, 1 findings at or above `--fail-on`, 2 usage error or
AWS unreachable / no credentials — always with a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

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


if __name__ == "__main__":
    sys.exit(main())
