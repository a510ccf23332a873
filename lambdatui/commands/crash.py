"""An unexpected exception: one line on stderr, the traceback in the log file only.

No local variables are printed anywhere (Textual's and Rich's tracebacks show them, and one of
them may hold a secret value), and the message itself stays out of the line on the terminal: it
may quote data from AWS. The TUI has restored the terminal before the line is printed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

log = logging.getLogger("lambdatui.commands")


def crash_line(error: BaseException) -> str:
    """Log `error` with its traceback; return the one line to say on stderr."""
    from lambdatui.access.logs import log_path

    log.error(
        "unexpected error: %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    path = log_path()
    where = f"the traceback is in {path}" if path else "no log file could be written"
    return f"lambdatui: unexpected error ({type(error).__name__}); {where}"


def without_locals(app: App[Any]) -> list[BaseException]:
    """Make an unexpected exception end `app` quietly; returns the list it will be kept in.

    Textual's own handler renders a Rich traceback with every frame's local variables onto the
    terminal. Replaced here, on this one instance: the app closes as Textual would (the driver
    restores the terminal), nothing is printed, and the caller says `crash_line` once `run()` has
    returned. Textual's pilot still sees the exception (`_exception`), so tests re-raise it.
    """
    crashed: list[BaseException] = []

    def handle_exception(error: Exception) -> None:
        app._return_code = 1
        if app._exception is None:
            app._exception = error
            app._exception_event.set()
        if not crashed:
            crashed.append(error)
        app._close_messages_no_wait()

    app._handle_exception = handle_exception  # type: ignore[method-assign]
    return crashed
