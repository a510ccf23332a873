"""The in-process AWS emulator behind `--demo` and the test suite.

moto's `ThreadedMotoServer` on 127.0.0.1 and a random free port, with the corrections in
`demo/emulator/` applied first, so the demo and the tests see the same, more AWS-like, emulator.
"""

from __future__ import annotations

import contextlib
import logging
import urllib.request
import warnings
from dataclasses import dataclass

from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION
from lambdatui.demo.emulator.snapshot import RESTORE_PATH, SNAPSHOT_PATH

__all__ = ["DEMO_ACCOUNT", "DEMO_CREDENTIALS", "DEMO_REGION", "DemoServer", "start_server"]


@dataclass
class DemoServer:
    endpoint_url: str
    _server: object

    def reset(self) -> None:
        """Forget every resource (moto's `POST /moto-api/reset`)."""
        self._post("/moto-api/reset")

    def snapshot(self) -> None:
        """Keep the emulator's whole state, to be put back by `restore` (demo/emulator/snapshot)."""
        self._post(SNAPSHOT_PATH)

    def restore(self) -> None:
        """Put back the state of the last `snapshot` (an HTTPError 409 when none was taken)."""
        self._post(RESTORE_PATH)

    def _post(self, path: str) -> None:
        request = urllib.request.Request(f"{self.endpoint_url}{path}", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass

    def stop(self) -> None:
        self._server.stop()  # type: ignore[attr-defined]


def start_server(host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Start moto's server in a daemon thread and return its endpoint."""
    from moto.moto_server import threaded_moto_server as moto_server

    from lambdatui.demo import emulator as moto_fixes
    from lambdatui.demo.emulator.snapshot import with_snapshot_endpoints

    class _SnapshotMotoServer(moto_server.ThreadedMotoServer):
        """moto's threaded server, its app also answering /lambdatui/snapshot and /restore."""

        def _server_entry(self) -> None:  # as moto's, with the app wrapped
            app = with_snapshot_endpoints(
                moto_server.DomainDispatcherApplication(moto_server.create_backend_app)
            )
            self._server = moto_server.make_server(
                self._ip_address,
                self._port,
                app,
                True,
                request_handler=moto_server.MotoRequestHandler,
            )
            self._server_ready_event.set()
            self._server.serve_forever()

    # werkzeug logs every request to stderr, which would draw over the TUI.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # moto warns about its own error shapes; those warnings would draw over the TUI too.
    warnings.filterwarnings("ignore", module=r"moto(\..*)?$")
    moto_fixes.apply()
    # werkzeug listens with a backlog of 128; a burst of new connections (a scan's thread pools,
    # several test processes) overflows it, and the kernel starts refusing or cookie-ing SYNs.
    import werkzeug.serving

    werkzeug.serving.BaseWSGIServer.request_queue_size = 1024
    server = _SnapshotMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    bound_host, bound_port = server.get_host_and_port()
    return DemoServer(endpoint_url=f"http://{bound_host}:{bound_port}", _server=server)


def main() -> None:
    """`python -m lambdatui.demo.server [--seed] [--port=N]`: run the emulator in its own process.

    Prints the endpoint URL on the first line of stdout, then serves until stdin closes (or
    Ctrl-C). The test suite runs it this way so the emulator does not share a GIL with the app
    under test; `--seed` also creates the demo account, for trying the CLI against it.
    """
    import sys

    port = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--port=")), 0)
    server = start_server(port=port)
    if "--seed" in sys.argv[1:]:
        from lambdatui.demo.seed import seed

        seed(server.endpoint_url, DEMO_REGION)
    print(server.endpoint_url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # returns when the parent closes our stdin or exits
    server.stop()


if __name__ == "__main__":
    main()
