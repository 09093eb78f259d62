"""Oversize uploads are refused before they are read: from the declared length (Content-Length)
and, while streaming, per file — on every upload route, API and pages alike. A served test
measures that a web worker's memory stays flat while a 200 MB file is refused."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.catalog import ProductFactory

ROOT = Path(__file__).resolve().parents[3]
SHAPE = {"message", "code", "fields", "extra"}


def _api_routes(account, product):
    base = f"/api/accounts/{account.pk}/"
    return [
        base + "catalog/import/",
        base + f"catalog/products/{product.pk}/images/",
        base + "i18n/exchange/de/import/",
        base + "currency/rates/upload/",
        "/api/currency/rates/upload/",
    ]


@pytest.fixture
def owner(db):
    membership = MembershipFactory(role=Role.OWNER)
    membership.user.is_superuser = True
    membership.user.is_staff = True
    membership.user.save()
    return membership


@pytest.fixture
def api(owner):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner.user).key}")
    return client


def _upload(size: int, name: str = "big.csv"):
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


@pytest.mark.parametrize("route", range(5))
def test_a_declared_length_over_the_limit_is_413_before_reading(api, owner, settings, route):
    settings.REQUEST_MAX_BYTES = 4000
    path = _api_routes(owner.account, ProductFactory(account=owner.account))[route]

    response = api.post(path, {"file": _upload(10_000), "image": _upload(10, "a.png")}, format="multipart")

    assert response.status_code == 413, response.content
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "too_large"
    assert "the limit is 3.9 KB" in response.json()["message"]


@pytest.mark.parametrize("route", range(5))
def test_a_file_over_the_limit_is_stopped_while_streaming(api, owner, settings, route):
    settings.UPLOAD_FILE_MAX_BYTES = 4000  # the request as a whole is allowed
    path = _api_routes(owner.account, ProductFactory(account=owner.account))[route]
    field = "image" if "images" in path else "file"

    response = api.post(path, {field: _upload(100_000)}, format="multipart")

    assert response.status_code == 413, response.content
    assert set(response.json()) == SHAPE
    assert "larger than the limit of 3.9 KB" in response.json()["message"]


def test_the_workbench_import_page_answers_413_not_500(client, owner, settings):
    settings.UPLOAD_FILE_MAX_BYTES = 4000
    client.force_login(owner.user)

    response = client.post(f"/translate/{owner.account.pk}/de/import/", {"file": _upload(100_000, "de.po")})

    assert response.status_code == 413
    assert 'data-testid="error-413"' in response.content.decode()


def test_the_admin_rate_import_answers_413(client, owner, settings):
    settings.REQUEST_MAX_BYTES = 4000
    client.force_login(owner.user)

    response = client.post("/admin/currency/exchangerate/import/", {"file": _upload(10_000)})

    assert response.status_code == 413


def test_small_uploads_still_work(api, owner):
    response = api.post(
        f"/api/accounts/{owner.account.pk}/catalog/import/",
        {"file": _upload(0, "empty.csv"), "dry_run": "true"},
        format="multipart",
    )

    assert response.status_code == 400  # read and refused for its content, not its size
    assert response.json()["code"] != "too_large"


# --- served: a real gunicorn worker and its memory ---------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """The worker's peak resident memory so far (VmHWM): a 200 MB read freed right after the
    request still shows here, where the current RSS would already have dropped back."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc/<pid>/status")


def _multipart_file(path: Path, size: int, boundary: str) -> None:
    chunk = b'msgid "x"\nmsgstr "y"\n' * 4096
    with path.open("wb") as handle:
        handle.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="de.po"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        written = 0
        while written < size:
            handle.write(chunk)
            written += len(chunk)
        handle.write(f"\r\n--{boundary}--\r\n".encode())


@pytest.fixture
def served(django_db_blocker, tmp_path, settings):
    """gunicorn (one sync worker) on the test database, as `make run` runs the web process."""
    from django.db import connection

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        pytest.fail("the served upload test runs on PostgreSQL (make test)")
    port = _free_port()
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{connection.settings_dict['NAME']}"
        ),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    environ.pop("REQUEST_MAX_BYTES", None)
    environ.pop("UPLOAD_FILE_MAX_BYTES", None)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "hub.config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{base}/api/health/", timeout=10)
            break
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    import psutil

    workers = psutil.Process(process.pid).children()
    assert len(workers) == 1
    try:
        yield base, workers[0].pid
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_200_mb_upload_leaves_the_worker_memory_flat(served, tmp_path):
    base, worker = served
    user = UserFactory()
    membership = MembershipFactory(user=user, role=Role.OWNER)
    token = Token.objects.create(user=user).key
    headers = {"Authorization": f"Token {token}"}
    # Warm the worker up (imports, connections) so the figure compares like with like.
    for _ in range(3):
        requests.get(f"{base}/api/accounts/{membership.account.pk}/i18n/locales/", headers=headers, timeout=30)
    body = tmp_path / "upload.bin"
    boundary = "hubboundary7MA4YWxkTrZu0gW"
    _multipart_file(body, 200 * 1024 * 1024, boundary)
    headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    before = _rss_mb(worker)

    figures = []
    for path in (
        f"/api/accounts/{membership.account.pk}/i18n/exchange/de/import/",
        f"/api/accounts/{membership.account.pk}/catalog/import/",
    ):
        with body.open("rb") as handle:
            try:
                response = requests.post(f"{base}{path}", data=handle, headers=headers, timeout=120)
                status = response.status_code
            except requests.ConnectionError:
                status = "closed"  # the server may close the connection without reading the body
        figures.append((path, status, _rss_mb(worker)))

    after = max(rss for _path, _status, rss in figures)
    print(f"worker peak RSS before {before:.1f} MB, after 2 x 200 MB uploads {after:.1f} MB: {figures}")
    assert all(status in (413, "closed") for _path, status, _rss in figures), figures
    assert after - before < 15, (before, figures)
