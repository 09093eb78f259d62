"""The Amazon adapter reads SP-API notifications as Amazon documents them: the examples in the
official notification schemas parse; other types, bodies without an id and junk do not."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from channels.amazon.adapter import AmazonAdapter
from channels.types import NotificationKind

OTHER_ID = {"NotificationId": "1"}
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "amazon" / "models" / "schemas"


def example(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text())["examples"][0]


def test_order_change_example_parses():
    parsed = AmazonAdapter.notification_parse(json.dumps(example("OrderChangeNotification")))
    assert parsed.kind is NotificationKind.ORDER
    assert (parsed.reference, parsed.seller_reference, parsed.marketplace_id) == (
        "903-8868176-2219830",
        "A3TH9S8BH6GOGM",
        "ATVPDKIKX0DER",
    )
    assert parsed.notification_id == "d0e9e693-c3ad-4373-979f-ed4ec98dd746"
    assert parsed.changed_at == datetime(2022, 11, 29, 19, 42, 4, 284000, tzinfo=UTC)
    assert parsed.status == "Unshipped"


def test_fulfillment_order_status_example_parses_also_through_an_sns_envelope():
    body = example("FulfillmentOrderStatusNotification")
    wrapped = json.dumps({"Type": "Notification", "Message": json.dumps(body)})
    parsed = AmazonAdapter.notification_parse(wrapped)
    assert parsed.kind is NotificationKind.FULFILLMENT_ORDER
    assert (parsed.reference, parsed.status) == ("SFOID2345", "PROCESSED")


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        json.dumps(
            {"NotificationType": "ANY_OFFER_CHANGED", "Payload": {}, "NotificationMetadata": {"NotificationId": "x"}}
        ),
        json.dumps({**example("OrderChangeNotification"), "NotificationMetadata": {}}),
        json.dumps({**example("OrderChangeNotification"), "Payload": {"OrderChangeNotification": {}}}),
    ],
)
def test_what_is_not_an_order_or_mcf_notification_parses_to_none(body):
    assert AmazonAdapter.notification_parse(body) is None
