"""AliExpress signatures against the platform's published worked examples."""

import hashlib
import hmac

from channels.aliexpress.client import form_value, signature, timestamp_ms


def test_system_api_vector_from_the_platform_documentation():
    # "HTTP request sample" of the open platform's signature guide: secret helloworld, path-style
    # API, so the API path is put in front of the sorted name+value string.
    params = {
        "access_token": "test",
        "app_key": "123456",
        "order_id": "1234",
        "sign_method": "sha256",
        "timestamp": "1517820392000",
    }

    assert signature("helloworld", "/order/get", params) == (
        "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
    )


def test_business_api_is_signed_without_a_prefix_and_sign_itself_is_ignored():
    params = {"method": "aliexpress.solution.order.fulfill", "app_key": "12345678", "timestamp": "1", "sign": "X"}
    expected = (
        hmac.new(b"helloworld", b"app_key12345678methodaliexpress.solution.order.fulfilltimestamp1", hashlib.sha256)
        .hexdigest()
        .upper()
    )

    assert signature("helloworld", "aliexpress.solution.order.fulfill", params) == expected


def test_empty_values_are_not_signed():
    with_empty = {"app_key": "1", "session": "", "timestamp": "2", "partner_id": None}

    assert signature("s", "/x", with_empty) == signature("s", "/x", {"app_key": "1", "timestamp": "2"})


def test_parameters_sort_in_byte_order():
    # Upper-case sorts before lower-case and "_" (0x5F) between them: a locale-aware sort would differ.
    params = {"b": "1", "B": "2", "a_b": "3", "aB": "4"}
    expected = hmac.new(b"k", b"/pB2aB4a_b3b1", hashlib.sha256).hexdigest().upper()

    assert signature("k", "/p", params) == expected


def test_timestamp_is_epoch_milliseconds():
    assert timestamp_ms(1517820392.0) == "1517820392000"
    assert timestamp_ms(1517820392.1234) == "1517820392123"


def test_objects_and_booleans_travel_as_json_text():
    assert form_value({"product_id": 1, "skus": [{"sku_code": "A", "price": "9.90"}]}) == (
        '{"product_id":1,"skus":[{"sku_code":"A","price":"9.90"}]}'
    )
    assert form_value(True) == "true"
    assert form_value(["中文"]) == '["中文"]'
