"""`make lint`'s dependency check: pip-audit over the lock file, and an honest account of it.

pip-audit says "No known vulnerabilities found" and exits 0 even when the advisory service answered
for none of the packages (each one is only "skipped"), and it ends in a traceback when the service
cannot be reached at all. Neither is a pass: this script counts what was really checked and says
plainly when nothing (or not everything) was.

Exit codes: 0 checked and clean, or not checked (said on stdout); 1 a known vulnerability.
Usage: python .ci/audit_deps.py requirements-lock.txt
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def summarize(stdout: str, returncode: int, stderr: str) -> tuple[int, str]:
    """(exit code, what to print) for one pip-audit run with `--format json`."""
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
        reason = f" ({last.strip()[:200]})" if last else f" (exit {returncode})"
        return 0, (
            "pip-audit: NOT RUN - the advisory service could not be reached"
            f"{reason}; the dependencies were NOT checked for known vulnerabilities"
        )
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    if not checked:
        why = skipped[0]["skip_reason"] if skipped else "the lock file lists no package"
        return 0, (
            f"pip-audit: NOT CHECKED - the advisory service answered for none of the "
            f"{len(dependencies)} locked packages ({why}); nothing was checked for known "
            "vulnerabilities"
        )
    vulnerable = [d for d in checked if d.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            lines.append(f"  {dep['name']} {dep['version']}: {vuln.get('id')} (fixed in {fixes})")
    not_checked = ""
    if skipped:
        names = ", ".join(sorted(d["name"] for d in skipped))
        not_checked = f"; {len(skipped)} NOT checked (no answer for them): {names}"
    if vulnerable:
        head = f"pip-audit: known vulnerabilities in {len(vulnerable)} of {len(checked)} checked "
        return 1, head + f"packages{not_checked}\n" + "\n".join(lines)
    clean = f"pip-audit: no known vulnerabilities in the {len(checked)} checked packages"
    return 0, clean + not_checked


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements-lock.txt")
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--disable-pip", "--require-hashes", "-r", str(lock)]
    command += ["--format", "json", "--progress-spinner", "off"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    code, message = summarize(done.stdout, done.returncode, done.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
