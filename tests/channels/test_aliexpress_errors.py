"""AliExpress error codes: only the documented throttles are retried as throttling."""

import httpx
import pytest

from channels.exceptions import AuthFailedError, RejectedError, ThrottledError
from tests.channels.factories import ALIEXPRESS_CREDENTIALS
from tests.channels.support import ScriptedServer
from tests.channels.test_aliexpress_adapter import make_adapter


@pytest.mark.parametrize(
    ("error", "expected", "retry_after"),
    [
        ({"code": "ApiCallLimit", "msg": "this ban will last 3 seconds"}, ThrottledError, 3.0),
        (
            {
                "code": "7",
                "msg": "App Call Limited",
                "sub_code": "accesscontrol.limited-by-app-access-count",
                "sub_msg": "This ban will last for 4 more seconds",
            },
            ThrottledError,
            4.0,
        ),
        (
            {"code": "Throttled", "sub_code": "accesscontrol.limited-by-api-access-count", "sub_msg": "ban"},
            ThrottledError,
            1.0,
        ),
        ({"code": "AppQuotaLimit", "msg": "the daily call quota of this app is used up"}, RejectedError, None),
        ({"code": "isv.product-count-limit", "msg": "ProductNumLimit: at most 3000 products"}, RejectedError, None),
        (
            {"code": "AccessDenied", "sub_code": "accesscontrol.api-not-authorized", "sub_msg": "no permission"},
            RejectedError,
            None,
        ),
        ({"code": "InsufficientIsvPermissions", "msg": "permission denied"}, AuthFailedError, None),
    ],
    ids=["api-call-limit", "top-7", "sub-code", "quota", "count-limit", "permission-sub-code", "permission"],
)
def test_throttling_is_classified_by_the_documented_codes(error, expected, retry_after):
    server = ScriptedServer()
    server.add("POST", "/sync", httpx.Response(200, json={"error_response": {"type": "ISV", **error}}))
    adapter = make_adapter(server, credentials={**ALIEXPRESS_CREDENTIALS, "refresh_token": ""})

    with pytest.raises(expected) as raised:
        adapter.listing_get(sku="A", marketplace_id="aliexpress", external_reference="5")

    assert type(raised.value) is expected
    assert raised.value.retryable is (expected is ThrottledError)
    if retry_after is not None:
        assert raised.value.retry_after == retry_after
