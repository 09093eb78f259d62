"""An answer no adapter can read is a typed error with its call record, never an AttributeError."""

import httpx
import pytest

from channels.exceptions import MalformedResponseError, OutcomeUnknownError, TransientError
from channels.types import Family
from channels.wire import MemorySink, WireClient
from tests.channels.factories import ALIEXPRESS_CREDENTIALS
from tests.channels.support import ScriptedServer, connection
from tests.channels.test_aliexpress_adapter import make_adapter


@pytest.mark.parametrize(
    "answer",
    [
        {"error_response": "boom"},
        {"error_response": ["a", "b"]},
        {"aliexpress_solution_product_info_get_response": "not an object"},
    ],
    ids=["error-string", "error-list", "payload-string"],
)
def test_aliexpress_malformed_envelopes_are_typed_and_recorded(answer):
    server = ScriptedServer()
    server.add("POST", "/sync", httpx.Response(200, json=answer))
    adapter = make_adapter(server)

    with pytest.raises(MalformedResponseError) as raised:
        adapter.listing_get(sku="A", marketplace_id="aliexpress", external_reference="5")

    assert isinstance(raised.value, TransientError)
    record = adapter.sink.records[-1]
    assert (record.operation, record.http_status, record.error_kind) == (
        "aliexpress.solution.product.info.get",
        200,
        "transient",
    )
    assert record.messages[0].code == "MALFORMED_RESPONSE"


def test_a_malformed_answer_to_a_create_leaves_its_outcome_unknown():
    server = ScriptedServer()
    server.add("POST", "/sync", httpx.Response(200, json={"error_response": 7}))
    adapter = make_adapter(server)

    with pytest.raises(OutcomeUnknownError):
        adapter.client.execute("aliexpress.solution.product.post", {"post_product_request": {}})

    assert adapter.sink.records[-1].error_kind == "outcome_unknown"


def test_any_classifier_failure_becomes_a_malformed_response_with_the_raw_body():
    def classify(operation, response):
        return (), None if response.json()["ok"] else None  # KeyError on {"other": 1}

    sink = MemorySink()
    wire = WireClient(
        connection=connection(Family.WISH, {}, base_urls={}),
        sink=sink,
        classify=classify,
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json={"other": 1})),
    )

    with pytest.raises(MalformedResponseError) as raised:
        wire.request("GET", "http://x.test/a", operation="getThing")

    assert "KeyError" in raised.value.message
    [record] = sink.records
    assert record.error_kind == "transient" and record.http_status == 200
    assert record.messages[0].code == "MALFORMED_RESPONSE"
    assert '{"other":1}' in record.messages[0].message.replace(" ", "")


def test_the_raw_body_in_the_record_is_redacted():
    secret = ALIEXPRESS_CREDENTIALS["access_token"]
    server = ScriptedServer()
    server.add("POST", "/sync", httpx.Response(200, json={"error_response": f"session={secret}"}))
    adapter = make_adapter(server)

    with pytest.raises(MalformedResponseError):
        adapter.listing_get(sku="A", marketplace_id="aliexpress", external_reference="5")

    assert secret not in repr(adapter.sink.records)
