"""Wish: a 401 or 403 is an authentication failure whatever its body says."""

import httpx
import pytest

from channels.exceptions import AuthFailedError
from tests.channels.factories import WISH_CREDENTIALS
from tests.channels.support import ScriptedServer
from tests.channels.test_wish_adapter import make_adapter


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (401, {"json": {"code": 4000, "message": "Unauthorized", "data": {}}}),
        (403, {"json": {"code": 0, "message": "", "data": {}}}),
        (401, {"text": "<html>401 Authorization Required</html>"}),
        (403, {"json": ["forbidden"]}),
    ],
    ids=["401-unknown-code", "403-code-0", "401-html", "403-list"],
)
def test_401_and_403_are_auth_failures_without_a_known_code(status, answer):
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", httpx.Response(status, **answer))
    adapter = make_adapter(server, credentials={**WISH_CREDENTIALS, "refresh_token": ""})

    with pytest.raises(AuthFailedError) as raised:
        adapter.listing_get(sku="A", marketplace_id="wish", external_reference="p1")

    assert raised.value.status == status
    assert adapter.sink.records[-1].error_kind == "auth_failed"
    assert len(server.requests) == 1  # not retried, not refreshed
