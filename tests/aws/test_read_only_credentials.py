"""Read-only mode works with every credential source, and sends nothing that writes (issue 12 §1).

Before: an assume-role profile (`role_arn` + `source_profile`) or an SSO profile could not run
`audit` or `fix --dry-run` at all ("not an allowed read", exit 2): botocore's credential chain
makes its STS/SSO calls through the guarded session. Now the guard lets exactly the credential
operations through, and what reached the emulator proves that nothing else but reads did.

Every call goes over HTTP: to the moto server (STS, Lambda, S3, …), and — since moto does not
serve the SSO portal's GetRoleCredentials — to a small local HTTP server that answers that one
call as AWS does. botocore reaches both through its configured endpoints (`AWS_ENDPOINT_URL`,
`AWS_ENDPOINT_URL_SSO`), as it would reach AWS.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from lambdatui.commands.main import main
from lambdatui.demo.server import DEMO_CREDENTIALS, DEMO_REGION
from tests.http_recording import recording

ROLE_ARN = "arn:aws:iam::123456789012:role/auditor"
START_URL = "https://example.awsapps.com/start"
SSO_TOKEN = "sso-access-token-for-tests"


class SsoPortal(BaseHTTPRequestHandler):
    """The SSO portal's GetRoleCredentials (GET /federation/credentials), as AWS answers it."""

    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        SsoPortal.seen.append(
            {"path": parts.path, "token": self.headers.get("x-amz-sso_bearer_token", ""), **query}
        )
        expires = int((datetime.now(UTC) + timedelta(hours=1)).timestamp() * 1000)
        body = json.dumps(
            {
                "roleCredentials": {
                    "accessKeyId": "ASIASSOEXAMPLE000001",
                    "secretAccessKey": "sso-secret",
                    "sessionToken": "sso-session-token",
                    "expiration": expires,
                }
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # anything else the portal offers (Logout, …) is not expected
        self.send_response(400)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sso_portal() -> Iterator[str]:
    SsoPortal.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SsoPortal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def account(
    private_home: Path, demo_endpoint: str, sso_portal: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The demo account in the emulator, and AWS files with a static, an assume-role and an SSO
    profile; every AWS endpoint points at the emulator, the SSO portal at `sso_portal`."""
    endpoint = demo_endpoint
    aws = private_home / ".aws"
    (aws / "sso" / "cache").mkdir(parents=True)
    (aws / "config").write_text(
        f"[profile base]\nregion = {DEMO_REGION}\n\n"
        f"[profile ops]\nrole_arn = {ROLE_ARN}\nsource_profile = base\nregion = {DEMO_REGION}\n\n"
        f"[profile sso]\nsso_start_url = {START_URL}\nsso_region = {DEMO_REGION}\n"
        f"sso_account_id = 123456789012\nsso_role_name = Auditor\nregion = {DEMO_REGION}\n"
    )
    (aws / "credentials").write_text(
        "[base]\n"
        f"aws_access_key_id = {DEMO_CREDENTIALS['access_key_id']}\n"
        f"aws_secret_access_key = {DEMO_CREDENTIALS['secret_access_key']}\n"
    )
    expires = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    token = {
        "startUrl": START_URL,
        "region": DEMO_REGION,
        "accessToken": SSO_TOKEN,
        "expiresAt": expires,
    }
    name = hashlib.sha1(START_URL.encode()).hexdigest() + ".json"
    (aws / "sso" / "cache" / name).write_text(json.dumps(token))
    # botocore fixes its SSO token cache dir from HOME when it is imported, which in a test
    # process was an earlier test's home: point it at this one's.
    import botocore.credentials
    import botocore.tokens

    for holder in (botocore.credentials.SSOProvider, botocore.tokens.SSOTokenProvider):
        monkeypatch.setattr(holder, "_SSO_TOKEN_CACHE_DIR", str(aws / "sso" / "cache"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws / "credentials"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", sso_portal)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return endpoint


CREDENTIAL_CALLS = ("AssumeRole", "GetSessionToken", "GetCallerIdentity")


def writes_besides_credentials(writes: list[str]) -> list[str]:
    return [w for w in writes if not w.endswith(CREDENTIAL_CALLS)]


def audit(capsys: pytest.CaptureFixture[str], profile: str) -> tuple[int, dict, str]:
    code = main(["audit", "--profile", profile])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else {}), err


def test_audit_with_an_assume_role_profile_sends_no_write(
    account: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with recording(account) as sent:
        code, report, err = audit(capsys, "ops")
    assert code in (0, 1), err
    assert report["functions"], "the audit read the account"
    operations = sent.operations()
    assert "POST / AssumeRole" in operations  # the role was assumed, through the guard
    assert writes_besides_credentials(sent.writes()) == []
    assert len(operations) > 10


def test_audit_with_an_sso_profile_sends_no_write(
    account: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with recording(account) as sent:
        code, report, err = audit(capsys, "sso")
    assert code in (0, 1), err
    assert report["functions"]
    assert SsoPortal.seen == [
        {
            "path": "/federation/credentials",
            "token": SSO_TOKEN,
            "role_name": "Auditor",
            "account_id": "123456789012",
        }
    ]
    assert sent.writes() == []  # nothing but reads reached the account
    assert any("ListFunctions" in op or "/functions" in op for op in sent.operations())


@pytest.mark.parametrize("profile", ["ops", "sso"])
def test_fix_dry_run_with_every_credential_source(
    account: str, capsys: pytest.CaptureFixture[str], profile: str
) -> None:
    # One function's fixes: the credentials and the guard are what is tested, not the planner
    # (tests/aws/test_fix_matches_report.py dry-runs every function under the guard).
    with recording(account) as sent:
        code = main(["fix", "--profile", profile, "--dry-run", "--function", "audit-log"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "not an allowed read" not in err and "neither an allowed read" not in err
    assert writes_besides_credentials(sent.writes()) == []
    assert "aws lambda add-permission --function-name audit-log" in out  # the plans were printed


def test_audit_with_a_keyring_role_sends_only_the_guarded_assume_role(
    account: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring's role path: its STS client is built with the guard, and what it sends is the
    credential operation, nothing else."""
    from lambdatui.access.credentials import CredentialStore
    from tests.keyring_helpers import KEY_ID, SECRET, MemoryKeyring, use_keyring

    use_keyring(monkeypatch, MemoryKeyring())
    CredentialStore().set("vault", KEY_ID, SECRET, role_arn=ROLE_ARN)
    monkeypatch.setenv("AWS_REGION", DEMO_REGION)  # the AWS files do not know this profile
    with recording(account) as sent:
        code, report, err = audit(capsys, "vault")
    assert code in (0, 1), err
    assert report["functions"]
    assert sent.operations().count("POST / AssumeRole") == 1
    assert writes_besides_credentials(sent.writes()) == []
