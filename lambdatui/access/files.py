"""Files only their owner may read: the log, the journal, any cache (mode 0600, folders 0700).

They can hold account ids, ARNs, function names and the history of changes: nothing another user of
the machine should read. A file created here is 0600 from its first byte (the mode is given to
`os.open`, so no umask window), and an older file left 0644 by an earlier version is tightened.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
DIR_MODE = 0o700

_FLAGS = {
    "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    "r+": os.O_RDWR | os.O_CREAT,
    "a+": os.O_RDWR | os.O_CREAT | os.O_APPEND,
}


def private_dir(path: Path) -> Path:
    """Make `path` (and its parents) if missing; a folder made here is 0700."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return path


def open_private(path: Path, mode: str = "a", encoding: str | None = "utf-8", **kwargs: Any) -> IO:
    """`open(path, mode)` for writing, creating the file 0600 (or tightening an existing one).

    `mode` is one of `a`, `w`, `r+`, `a+`, optionally with `b` (then pass `encoding=None`).
    The parent folder is made 0700 when missing.
    """
    base = mode.replace("b", "")
    if base not in _FLAGS:
        raise ValueError(f"open_private: unsupported mode {mode!r}")
    private_dir(path.parent)
    fd = os.open(path, _FLAGS[base] | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    tighten(fd)  # never raises
    # From here the file object owns `fd`: if making it fails, io.open closes `fd` itself, so it
    # is not closed again here (a second close could close another file that reused the number).
    if "b" in mode:
        return os.fdopen(fd, mode, **kwargs)
    return os.fdopen(fd, mode, encoding=encoding, **kwargs)


def tighten(fd: int) -> None:
    """Drop group and other permission bits of an open file (one made by an older version)."""
    with contextlib.suppress(OSError):  # not our file, or a filesystem without modes
        if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            os.fchmod(fd, FILE_MODE)


def replace_private(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all: a private temporary file beside it, synced,
    then `os.replace`, so a reader sees the old file or the new one, never half of either."""
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open_private(temporary, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return path
