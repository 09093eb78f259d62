"""The hub answers its own error pages (base layout) and, under /api/, the JSON error shape —
never Django's debug page, also not with `make run`'s settings (DEBUG off unless asked for)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
SHAPE = {"message", "code", "fields", "extra"}


@pytest.mark.parametrize("path", ["/api/nope/", "/api/accounts/1/nothing-here/", "/api/"])
def test_unknown_api_paths_answer_404_in_the_error_shape(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "not_found"


def test_unknown_pages_answer_the_hub_404_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-404"' in html
    assert 'class="topbar"' in html  # the base layout
    assert "Traceback" not in html and "settings" not in html.lower()


@pytest.mark.parametrize(("path", "json_answer"), [("/boom/", False), ("/api/boom/", True)])
def test_a_crash_answers_the_hub_500(client, db, settings, path, json_answer):
    settings.ROOT_URLCONF = "tests.hub.core.error_urls"
    client.raise_request_exception = False

    response = client.get(path)

    assert response.status_code == 500
    if json_answer:
        assert set(response.json()) == SHAPE
        assert response.json()["code"] == "server_error"
    else:
        assert 'data-testid="error-500"' in response.content.decode()
        assert "secret detail" not in response.content.decode()


def test_the_handlers_are_wired():
    from hub.config import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "hub.core.error_views.bad_request",
        "hub.core.error_views.permission_denied",
        "hub.core.error_views.page_not_found",
        "hub.core.error_views.server_error",
    )


def _settings_debug(extra: dict[str, str]) -> str:
    environ = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hub.config.settings.local'; django.setup();"
        "from django.conf import settings; print(settings.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**environ, **extra}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_settings_have_debug_off_unless_a_developer_turns_it_on():
    assert _settings_debug({}) == "False"
    assert _settings_debug({"DEBUG": "true"}) == "True"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.integration
def test_the_served_demo_settings_serve_static_files_and_own_error_pages(tmp_path):
    """gunicorn as `make run` starts it (hub.config.settings.local, DEBUG unset)."""
    port = _free_port()
    environ = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    environ.update(
        DJANGO_SETTINGS_MODULE="hub.config.settings.local",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
    )
    venv_bin = Path(sys.executable).parent
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environ, check=True
    )
    server = subprocess.Popen(
        [str(venv_bin / "gunicorn"), "hub.config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/api/nope/", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        css = requests.get(f"{base}/static/hub/hub.css", timeout=5)
        assert css.status_code == 200
        assert "text/css" in css.headers["Content-Type"]

        traversal = requests.get(f"{base}/media/%2e%2e", timeout=5)
        assert traversal.status_code in (400, 404)
        assert f'data-testid="error-{traversal.status_code}"' in traversal.text
        assert "SECRET_KEY" not in traversal.text and "Traceback" not in traversal.text
        assert len(traversal.content) < 10_000

        page = requests.get(f"{base}/no-such-page/", timeout=5)
        assert page.status_code == 404
        assert 'data-testid="error-404"' in page.text

        api = requests.get(f"{base}/api/nope/", timeout=5)
        assert api.status_code == 404
        assert set(api.json()) == SHAPE
    finally:
        server.terminate()
        server.wait(timeout=10)
