"""Logging to a file under the XDG state dir, never to the terminal the TUI draws on.

The log file is created 0600 (it names accounts, functions and errors). `setup_logging` attaches
exactly one handler however often it is called: a second call for the same file changes nothing,
a call for another file (another XDG_STATE_HOME) replaces the handler.
"""

from __future__ import annotations

import logging
from pathlib import Path

from platformdirs import user_state_path

from lambdatui.access.files import open_private, private_dir

LOG_NAME = "lambdatui.log"


def state_dir() -> Path:
    """lambdatui's folder in the XDG state dir (made 0700 when missing)."""
    return private_dir(user_state_path("lambdatui", appauthor=False))


class PrivateFileHandler(logging.FileHandler):
    """A FileHandler whose file is created 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        return open_private(Path(self.baseFilename), "a", encoding=self.encoding)


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, "lambdatui_log", False)


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send lambdatui's log records to `lambdatui.log` in the state dir; returns its path, or
    None when no file can be written (then records go nowhere rather than to the terminal)."""
    root = logging.getLogger("lambdatui")
    root.setLevel(level)
    root.propagate = False
    try:
        path = state_dir() / LOG_NAME
    except OSError:
        path = None
    for handler in list(root.handlers):
        if _ours(handler):
            if path is not None and getattr(handler, "baseFilename", None) == str(path):
                return path  # already set up for this file
            root.removeHandler(handler)
            handler.close()
    handler: logging.Handler
    try:
        if path is None:
            raise OSError("no state dir")
        handler = PrivateFileHandler(path, encoding="utf-8")
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.lambdatui_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


def log_path() -> Path | None:
    """The file lambdatui's log goes to now (None before `setup_logging`, or with no file)."""
    for handler in logging.getLogger("lambdatui").handlers:
        if _ours(handler) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
