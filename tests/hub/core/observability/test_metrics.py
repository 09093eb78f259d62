"""/metrics: who may read it, HTTP requests by route and status, and — over real HTTP to the
sandboxes — marketplace calls, task runs and order lag after a listing apply and an order pull."""

import io
import json
import logging

import pytest
from celery import shared_task

from hub.core.observability.logs import ContextFilter, JsonFormatter
from tests.factories.accounts import UserFactory
from tests.hub.core.observability.conftest import samples, scrape

pytestmark = pytest.mark.django_db


def test_metrics_answer_only_the_token_or_staff(client, settings, metrics_token):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 404
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    settings.METRICS_TOKEN = ""
    client.logout()
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_http_requests_by_route_and_status(client, metrics_token):
    client.get("/api/health/")
    client.get("/api/health/")
    client.get("/api/accounts/1/catalog/products/")  # 401/403: not logged in
    client.get("/no/such/page/")

    found = scrape(client, metrics_token)

    health = samples(found, "hub_http_requests_total", route="/api/health/", method="GET", status="200")
    assert list(health.values()) == [2.0]
    denied = samples(found, "hub_http_requests_total", route="/api/accounts/<int:account_pk>/catalog/products/")
    assert len(denied) == 1 and dict(next(iter(denied))[1])["status"] in ("401", "403")
    assert list(samples(found, "hub_http_requests_total", route="<unmatched>", status="404").values()) == [1.0]
    count = samples(found, "hub_http_request_duration_seconds_count", route="/api/health/")
    assert list(count.values()) == [2.0]
    assert found[("hub_metrics_scrape_duration_seconds", frozenset())] >= 0


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_metrics_after_a_listing_apply_and_an_order_pull(client, account, sandboxes, metrics_token):
    from fulfilment.tasks import orders_pull_task
    from infra.demo.channels import channel_accounts_connect_sandboxes
    from listings.models import JobStatus
    from listings.services.apply import publish_job_create, publish_job_run
    from listings.services.build import Selection
    from tests.listings.support import point_at_sandboxes, shop

    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    job = publish_job_create(account=account, selection=Selection(channel_accounts=[catalog.wish.pk]), enqueue=False)
    publish_job_run(job.pk, "wish")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE

    connected = channel_accounts_connect_sandboxes(account=account, verify=False)
    amazon = next(ca for ca in connected if ca.family == "amazon")
    amazon.marketplaces = ["ATVPDKIKX0DER"]
    amazon.save()
    sandboxes["amazon"].control(
        "POST", "orders/generate", {"count": 3, "marketplaceId": "ATVPDKIKX0DER", "fulfillmentChannel": "MFN"}
    )
    sandboxes["amazon"].control("POST", "clock/advance", {"seconds": 20 * 60})
    result = orders_pull_task.apply(args=[amazon.pk])
    assert result.successful(), result.traceback

    found = scrape(client, metrics_token)

    # every create the Wish sandbox received is counted, by operation and status
    created = [call for call in sandboxes["wish"].calls() if call["operation"] == "createProduct"]
    counted = samples(found, "hub_marketplace_calls_total", family="wish", operation="createProduct", status="200")
    assert created and list(counted.values()) == [float(len(created))]
    assert samples(found, "hub_marketplace_calls_total", family="amazon", operation="searchOrders", status="200")
    assert samples(found, "hub_marketplace_call_duration_seconds_count", family="amazon", operation="searchOrders")
    task = samples(found, "hub_celery_tasks_total", task="fulfilment.tasks.orders_pull_task", state="success")
    assert list(task.values()) == [1.0]
    assert samples(found, "hub_celery_task_duration_seconds_count", task="fulfilment.tasks.orders_pull_task")
    lag = samples(found, "hub_order_lag_seconds", channel_account=str(amazon.pk), family="amazon")
    assert len(lag) == 1 and 0 <= next(iter(lag.values())) < 3 * 24 * 3600
    assert samples(found, "hub_order_pull_age_seconds", channel_account=str(amazon.pk))
    assert samples(found, "hub_channel_accounts", family="wish")


@shared_task(name="tests.observability.log_for_job")
def log_for_job(job_pk: int) -> None:
    logging.getLogger("tests.observability").warning("working on the job")


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    root.removeHandler(handler)


def test_json_logs_carry_the_request_id(client, json_log):
    response = client.get("/api/no-such-endpoint/", HTTP_X_REQUEST_ID="req-42")

    assert response["X-Request-ID"] == "req-42"
    lines = [line for line in json_log() if line.get("logger") == "django.request"]
    assert lines and lines[-1]["request_id"] == "req-42" and lines[-1]["level"] == "WARNING"
    assert {"time", "message"} <= set(lines[-1])
    generated = client.get("/api/no-such-endpoint/", HTTP_X_REQUEST_ID="not a sane id\n")["X-Request-ID"]
    assert generated != "not a sane id\n" and len(generated) == 32


def test_json_logs_carry_task_and_job_ids(json_log):
    result = log_for_job.apply(args=[7])

    (line,) = [line for line in json_log() if line.get("logger") == "tests.observability"]
    assert (line["task_id"], line["job_id"], line["message"]) == (result.id, "7", "working on the job")
    assert "request_id" not in line


def test_a_reset_during_a_redis_pause_still_clears_the_counts(metrics_store):
    """A pause (after one slow Redis answer) used to skip the reset silently, so the next test
    counted the previous test's marketplace calls on top of its own."""
    import time

    from hub.core.observability.metrics import RedisStore

    assert isinstance(metrics_store, RedisStore)
    metrics_store.add([("c:test", "x", 3.0)])
    metrics_store._paused_until = time.monotonic() + 60
    metrics_store.reset()

    assert metrics_store.read("c:test") == {}
    metrics_store.add([("c:test", "x", 1.0)])
    assert metrics_store.read("c:test") == {"x": 1.0}
