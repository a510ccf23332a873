"""`make lint`'s dependency audit never reports a pass that checked nothing (issue 12 §7)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def audit_deps() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_deps", ROOT / ".ci" / "audit_deps.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(*dependencies: dict) -> str:  # type: ignore[type-arg]
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_every_package_skipped_is_not_a_pass(audit_deps: ModuleType) -> None:
    """What pip-audit does here: every package 'not found', then 'No known vulnerabilities'."""
    skipped = {
        "name": "boto3",
        "skip_reason": "Dependency not found on PyPI and could not be audited",
    }
    code, text = audit_deps.summarize(report(skipped, {**skipped, "name": "rich"}), 0, "")
    assert code == 0
    assert text.startswith(
        "pip-audit: NOT CHECKED - the advisory service answered for none of the 2"
    )
    assert "no known vulnerabilities" not in text.lower()


def test_an_unreachable_service_is_said(audit_deps: ModuleType) -> None:
    stderr = "Traceback …\nrequests.exceptions.ConnectionError: Max retries exceeded\n"
    code, text = audit_deps.summarize("", 1, stderr)
    assert code == 0
    assert text.startswith("pip-audit: NOT RUN - the advisory service could not be reached")
    assert "ConnectionError" in text and "NOT checked" in text


def test_a_clean_check_counts_what_was_checked(audit_deps: ModuleType) -> None:
    deps = [
        {"name": "rich", "version": "15.0.0", "vulns": []},
        {"name": "x", "skip_reason": "nope"},
    ]
    code, text = audit_deps.summarize(report(*deps), 0, "")
    assert code == 0
    assert (
        text
        == "pip-audit: no known vulnerabilities in the 1 checked packages; 1 NOT checked (no answer for them): x"
    )


def test_a_vulnerability_fails(audit_deps: ModuleType) -> None:
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["2.0"], "description": "bad"}
    code, text = audit_deps.summarize(
        report({"name": "lib", "version": "1.0", "vulns": [vuln]}), 1, ""
    )
    assert code == 1
    assert "lib 1.0: GHSA-xxxx (fixed in 2.0)" in text


def test_make_installs_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    lock = (ROOT / "requirements-lock.txt").read_text()
    pins = [line for line in lock.splitlines() if "==" in line and not line.startswith("#")]
    assert len(pins) > 50
    assert lock.count("--hash=sha256:") >= len(pins)
    for name in ("textual==", "boto3==", "moto==", "pytest==", "hatchling=="):
        assert any(line.startswith(name) for line in pins), name
