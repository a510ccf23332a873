"""The demo's journal lives in a temporary folder of its own, removed when the demo ends."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pytest

from lambdatui.commands import setup


class StoppedServer:
    stopped = False

    def stop(self) -> None:
        self.stopped = True


def test_the_demo_journal_folder_is_gone_after_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    server = StoppedServer()
    settings = {
        "region": "us-east-1",
        "endpoint_url": "http://127.0.0.1:9",
        "access_key_id": "testing",
        "secret_access_key": "testing",
    }
    monkeypatch.setattr(setup, "start_demo", lambda quiet=False: (server, settings))
    args = argparse.Namespace(demo=True, region=None, verbose=False)

    with setup.open_target(args, read_only=True) as target:
        assert target.journal_path is not None
        folder = target.journal_path.parent
        assert folder.parent == tmp_path and folder.name.startswith("lambdatui-demo-")
        assert folder.is_dir()
        target.journal_path.write_text("{}\n")  # a change was journalled

    assert server.stopped
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []
