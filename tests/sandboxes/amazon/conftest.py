"""Fixtures for the Amazon sandbox tests: a sandbox served on a free loopback port, and real
python-amazon-sp-api clients pointed at it (duck-typed marketplace for the SP-API host, an
AccessTokenClient subclass for Login with Amazon), with the library's token caches cleared."""

from __future__ import annotations

import json
import types
from pathlib import Path

import httpx
import pytest
from sp_api.auth import AccessTokenClient, access_token_client

from infra.sandboxes.amazon.app import create_app
from infra.sandboxes.common.server import SandboxConfig, ServedSandbox

DEMO = json.loads((Path(__file__).resolve().parents[3] / "infra" / "sandboxes" / "demo_credentials.json").read_text())[
    "amazon"
]
CREDENTIALS = {key: DEMO[key] for key in ("refresh_token", "lwa_app_id", "lwa_client_secret")}
SELLER = DEMO["seller_id"]
US, DE, JP, UK = "ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1VC38T7YXB528", "A1F83G8C2ARO7P"


def clear_token_caches() -> None:
    access_token_client.cache.clear()
    access_token_client.grantless_cache.clear()


class Sandbox:
    """A served sandbox plus helpers for its control routes."""

    def __init__(self, served: ServedSandbox) -> None:
        self.served, self.url, self.port = served, served.url, served.port
        self.app = served.app
        self.amazon = served.app.extensions["amazon"]
        self.http = httpx.Client(base_url=served.url, timeout=10)

    def control(self, path: str, body: dict | None = None) -> dict:
        response = self.http.post(f"/_control/{path}", json=body or {})
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds: float) -> None:
        self.control("clock/advance", {"seconds": seconds})

    def lwa_class(self) -> type[AccessTokenClient]:
        return type("SandboxLWA", (AccessTokenClient,), {"scheme": "http://", "host": f"127.0.0.1:{self.port}"})

    def client(self, cls, marketplace: str = US, credentials: dict | None = None, **kwargs):
        place = types.SimpleNamespace(endpoint=self.url, marketplace_id=marketplace, region="us-east-1")
        return cls(place, credentials=credentials or CREDENTIALS, auth_token_client_class=self.lwa_class(), **kwargs)


def serve(tmp_path: Path, **config) -> Sandbox:
    settings = {"name": "amazon", "state_path": tmp_path / "amazon.sqlite3", "seed": 7, "speedup": 1.0, **config}
    return Sandbox(ServedSandbox(create_app(SandboxConfig(**settings))).start())


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    running = serve(tmp_path)
    yield running
    running.http.close()
    running.served.stop()
    clear_token_caches()


from tests.support.sqs import local_sqs  # noqa: E402, F401  (the session's local SQS)
