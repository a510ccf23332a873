"""The bench's emulator: lambdatui's own (`python -m lambdatui.demo.server`), in its own process.

Its moto corrections include ListFunctions answered a page at a time
(`lambdatui/demo/emulator/lambda_listing.py`), which the bench's first row depends on: moto
built, and for `FunctionVersion=ALL` deep-copied, every function before its first answer.

`python -m bench.emulator` prints the endpoint on its first line and serves until stdin closes.
"""

from __future__ import annotations


def main() -> None:
    from lambdatui.demo import server

    server.main()


if __name__ == "__main__":
    main()
