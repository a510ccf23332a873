"""The log, the journal and any cache: 0600, one log handler, and never the developer's real log
(issue 9 defect 6, issue 12 §3 last bullet)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from lambdatui.access.files import open_private, private_dir
from lambdatui.access.logs import log_path, setup_logging
from tests.conftest import REAL_LOG, REAL_LOG_BEFORE


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_tests_never_write_the_real_log(private_home: Path) -> None:
    path = setup_logging()
    logging.getLogger("lambdatui.test").info("a line from a test")
    assert path is not None and path.is_relative_to(private_home)
    assert path != REAL_LOG
    now = (REAL_LOG.stat().st_size, REAL_LOG.stat().st_mtime_ns) if REAL_LOG.exists() else None
    assert now == REAL_LOG_BEFORE  # untouched since this test run started


def test_one_handler_however_often_logging_is_set_up(private_home: Path) -> None:
    first = setup_logging()
    second = setup_logging()
    assert first == second == log_path()
    ours = [h for h in logging.getLogger("lambdatui").handlers if getattr(h, "lambdatui_log", 0)]
    assert len(ours) == 1
    logging.getLogger("lambdatui.test").info("said once")
    for handler in ours:
        handler.flush()
    assert first is not None
    assert first.read_text().count("said once") == 1


def test_a_new_state_dir_replaces_the_handler(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = setup_logging()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    second = setup_logging()
    assert first != second and second is not None and second.is_relative_to(tmp_path)
    ours = [h for h in logging.getLogger("lambdatui").handlers if getattr(h, "lambdatui_log", 0)]
    assert len(ours) == 1


def test_the_log_is_created_0600_in_a_0700_folder(private_home: Path) -> None:
    path = setup_logging()
    assert path is not None
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_an_older_0644_log_is_tightened(private_home: Path) -> None:
    folder = private_dir(private_home / ".local/state/lambdatui")
    old = folder / "lambdatui.log"
    old.write_text("from an older version\n")
    old.chmod(0o644)
    assert setup_logging() == old
    assert mode(old) == 0o600
    assert old.read_text().startswith("from an older version")  # appended to, not truncated


@pytest.mark.parametrize("how", ["a", "w", "ab", "a+"])
def test_open_private_creates_0600_whatever_the_umask(tmp_path: Path, how: str) -> None:
    previous = os.umask(0)  # the most permissive umask: the mode must still be 0600
    try:
        target = tmp_path / "new" / "file.jsonl"
        with open_private(target, how, encoding=None if "b" in how else "utf-8") as handle:
            handle.write(b"x" if "b" in how else "x")
    finally:
        os.umask(previous)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    assert target.read_bytes() == b"x"


def test_open_private_refuses_a_read_only_mode(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported mode"):
        open_private(tmp_path / "x", "r")
