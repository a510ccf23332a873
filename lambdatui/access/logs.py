"""Logging to a file under the XDG state dir, never to the terminal the TUI draws on."""

from __future__ import annotations

import logging
from pathlib import Path

from platformdirs import user_state_path


def state_dir() -> Path:
    path = user_state_path("lambdatui", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send lambdatui's log records to `lambdatui.log` in the state dir; returns its path."""
    root = logging.getLogger("lambdatui")
    root.setLevel(level)
    root.propagate = False
    try:
        path = state_dir() / "lambdatui.log"
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
