import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.health import check_sandboxes


class _Health(BaseHTTPRequestHandler):
    def do_GET(self):
        payload = json.dumps({"sandbox": "amazon", "ok": True, "speedup": 4, "uptime_seconds": 1}).encode()
        self.send_response(200 if self.path == "/_control/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def live_sandbox():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.parametrize(("required", "down_ok"), [(False, True), (True, False)])
def test_each_sandbox_is_listed_with_url_and_state(settings, live_sandbox, required, down_ok):
    down = _closed_port()
    settings.CHANNELS_SANDBOX_URLS = {"amazon": live_sandbox, "wish": down}
    settings.CHANNELS_SANDBOXES_REQUIRED = required

    checks = {check.name: check for check in check_sandboxes()}

    assert checks["sandbox:amazon"].ok is True
    assert checks["sandbox:amazon"].data == {
        "url": live_sandbox,
        "required": required,
        "state": "up",
        "speedup": 4,
        "http_status": 200,
    }
    assert checks["sandbox:wish"].ok is down_ok
    assert checks["sandbox:wish"].data == {"url": down, "required": required, "state": "down"}


@pytest.mark.django_db
def test_health_endpoint_lists_the_sandbox_and_fails_it_only_when_required(settings, client):
    settings.CHANNELS_SANDBOX_URLS = {"amazon": _closed_port()}
    settings.HEALTH_CHECKS = ["channels.health.check_sandboxes"]
    settings.HEALTH_WORKER_TIMEOUT_SECONDS = 0.1
    settings.HEALTH_TOKEN = "t"

    settings.CHANNELS_SANDBOXES_REQUIRED = True
    body = client.get("/api/health/details/", HTTP_AUTHORIZATION="Bearer t").json()
    sandbox = next(check for check in body["checks"] if check["name"] == "sandbox:amazon")
    assert sandbox["ok"] is False and sandbox["data"]["state"] == "down"

    settings.CHANNELS_SANDBOXES_REQUIRED = False
    body = client.get("/api/health/details/", HTTP_AUTHORIZATION="Bearer t").json()
    sandbox = next(check for check in body["checks"] if check["name"] == "sandbox:amazon")
    assert sandbox["ok"] is True and sandbox["detail"].endswith("not required")
