"""A call that creates something and gets no usable answer may have been applied: it is reported
as OutcomeUnknownError (never retried by ChannelTask), while reads, replaces and calls that
provably never reached the marketplace stay TransientError (retried)."""

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from celery import shared_task
from sp_api.auth import access_token_client

from channels.aliexpress.adapter import AliExpressAdapter
from channels.amazon.adapter import AmazonAdapter
from channels.exceptions import OutcomeUnknownError, TransientError
from channels.tasks import ChannelTask
from channels.types import Family, ListingPayload, Money, ShipmentConfirmation
from channels.wire import current_attempt
from channels.wish.adapter import WishAdapter
from tests.channels.factories import ALIEXPRESS_CREDENTIALS, AMAZON_CREDENTIALS, WISH_CREDENTIALS, amazon_account
from tests.channels.support import ScriptedServer, adapter_kit, connection

WISH_OPTIONS = {"warehouse_id": "wh-1", "origin_country": "CN", "default_shipping_price": "2.50"}
ALIEXPRESS_OPTIONS = {
    "freight_template_id": 1001,
    "service_policy_id": 2002,
    "shipping_lead_time": 3,
    "weight": "0.5",
    "package_length": 10,
    "package_width": 10,
    "package_height": 5,
}
US = "ATVPDKIKX0DER"


def wish_adapter(server):
    sink, limiter = adapter_kit()
    adapter = WishAdapter(
        connection(Family.WISH, WISH_CREDENTIALS, base_urls={"api": "http://wish.test"}, options=WISH_OPTIONS),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )
    adapter.sink = sink
    return adapter


def aliexpress_adapter(server):
    sink, limiter = adapter_kit()
    adapter = AliExpressAdapter(
        connection(
            Family.ALIEXPRESS,
            ALIEXPRESS_CREDENTIALS,
            base_urls={"gateway": "http://ae.test"},
            options=ALIEXPRESS_OPTIONS,
        ),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )
    adapter.sink = sink
    return adapter


def new_product(marketplace_id):
    return ListingPayload(
        sku="MUG-1",
        marketplace_id=marketplace_id,
        title="Mug",
        price=Money(Decimal("9.90"), "USD"),
        quantity=4,
        images=("https://i/1.jpg",),
        category_id="200001",
    )


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        pytest.param(httpx.ReadTimeout("no answer"), OutcomeUnknownError, id="read-timeout-may-have-created"),
        pytest.param(httpx.RemoteProtocolError("dropped"), OutcomeUnknownError, id="dropped-may-have-created"),
        pytest.param(httpx.Response(502, text="bad gateway"), OutcomeUnknownError, id="502-may-have-created"),
        pytest.param(httpx.Response(200, text="<html>"), OutcomeUnknownError, id="unreadable-2xx-was-created"),
        pytest.param(httpx.ConnectError("refused"), TransientError, id="never-connected"),
        pytest.param(httpx.ConnectTimeout("slow"), TransientError, id="connect-timeout"),
        pytest.param(httpx.Response(503, text="busy"), TransientError, id="503-not-processed"),
    ],
)
def test_wish_product_create_without_an_answer(failure, expected):
    server = ScriptedServer()
    server.add("POST", "/api/v3/products", failure)
    adapter = wish_adapter(server)

    with pytest.raises(TransientError if expected is TransientError else OutcomeUnknownError) as raised:
        adapter.listing_put(new_product("wish"))

    assert type(raised.value) is expected
    assert raised.value.retryable is (expected is TransientError)
    assert [(r.operation, r.error_kind) for r in adapter.sink.records] == [
        ("createProduct", "transient" if expected is TransientError else "outcome_unknown")
    ]


def test_wish_reads_and_replaces_stay_retryable_after_a_timeout():
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", httpx.ReadTimeout("slow"))
    server.add(
        "GET",
        "/api/v3/products/p1",
        httpx.Response(200, json={"code": 0, "data": {"id": "p1", "variations": [{"id": "v1", "sku": "MUG-1"}]}}),
    )
    server.add("PUT", "/api/v3/products/p1", httpx.ReadTimeout("slow"))
    adapter = wish_adapter(server)

    with pytest.raises(TransientError) as read:
        adapter.listing_get(sku="MUG-1", marketplace_id="wish", external_reference="p1")
    with pytest.raises(TransientError) as replace:
        adapter.listing_delist(sku="MUG-1", marketplace_id="wish", external_reference="p1")

    assert (type(read.value), type(replace.value)) == (TransientError, TransientError)


def test_aliexpress_product_post_and_fulfil_without_an_answer_are_unknown():
    server = ScriptedServer()
    server.add("POST", "/sync", *[httpx.ReadTimeout("no answer")] * 3)  # every /sync call is a POST
    adapter = aliexpress_adapter(server)
    confirmation = ShipmentConfirmation(
        order_reference="8000001",
        marketplace_id="aliexpress",
        carrier="CAINIAO_STANDARD",
        tracking_number="LP0001",
        shipped_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )

    with pytest.raises(OutcomeUnknownError):
        adapter.listing_put(new_product("aliexpress"))
    with pytest.raises(OutcomeUnknownError):
        adapter.shipment_confirm(confirmation)
    with pytest.raises(TransientError) as read:
        adapter.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference="1005001")

    assert type(read.value) is TransientError
    assert [r.error_kind for r in adapter.sink.records] == ["outcome_unknown", "outcome_unknown", "transient"]


@pytest.fixture
def amazon(settings):
    access_token_client.cache.clear()
    server = ScriptedServer()
    server.always(
        "POST",
        "/auth/o2/token",
        lambda request: httpx.Response(200, json={"access_token": "Atza|token", "expires_in": 3600}),
    )
    sink, limiter = adapter_kit()
    adapter = AmazonAdapter(
        connection(
            Family.AMAZON,
            AMAZON_CREDENTIALS,
            base_urls={"sp_api": "http://sp.test", "lwa": "http://lwa.test"},
            marketplaces=[US],
        ),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )
    adapter.server, adapter.sink = server, sink
    yield adapter
    access_token_client.cache.clear()


def test_amazon_shipment_confirmation_behind_a_gateway_timeout_is_unknown(amazon):
    path = "/orders/v0/orders/111-2222222-3333333/shipmentConfirmation"
    amazon.server.add("POST", path, httpx.Response(504, json={"errors": [{"code": "GatewayTimeout", "message": "x"}]}))
    amazon.server.add("POST", path, httpx.Response(503, json={"errors": [{"code": "Unavailable", "message": "x"}]}))
    confirmation = ShipmentConfirmation(
        order_reference="111-2222222-3333333",
        marketplace_id=US,
        carrier="UPS",
        tracking_number="1Z999",
        shipped_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )

    with pytest.raises(OutcomeUnknownError) as unknown:
        amazon.shipment_confirm(confirmation)
    with pytest.raises(TransientError) as busy:
        amazon.shipment_confirm(confirmation)

    assert (unknown.value.status, type(busy.value)) == (504, TransientError)
    assert [r.error_kind for r in amazon.sink.records if r.operation == "confirmShipment"] == [
        "outcome_unknown",
        "transient",
    ]


ATTEMPTS: list[int] = []


@shared_task(base=ChannelTask, name="tests.channels.unknown_outcome_task")
def unknown_outcome_task(channel_account_pk: int) -> str:
    ATTEMPTS.append(current_attempt())
    raise OutcomeUnknownError("createProduct: timed out (ReadTimeout)")


@pytest.mark.django_db
def test_channel_task_never_repeats_a_call_whose_outcome_is_unknown(account):
    ATTEMPTS.clear()
    channel_account = amazon_account(account)

    result = unknown_outcome_task.apply(args=[channel_account.pk])

    assert result.failed()
    assert isinstance(result.result, OutcomeUnknownError)
    assert ATTEMPTS == [1]
