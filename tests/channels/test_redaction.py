import json
import logging
import os
import subprocess
import sys
import textwrap

from channels.redaction import (
    MASK,
    RedactingFilter,
    install_log_redaction,
    redact_query,
    redact_text,
    redact_value,
    secrets_register,
)
from channels.wire import summarize_request


def test_secret_keys_are_masked_at_any_depth_and_pagination_tokens_kept():
    value = {
        "client_secret": "s1",
        "nested": [{"refresh_token": "r1", "nextToken": "page-2", "sku": "A"}],
        "Authorization": "Bearer abc",
    }

    assert redact_value(value) == {
        "client_secret": MASK,
        "nested": [{"refresh_token": MASK, "nextToken": "page-2", "sku": "A"}],
        "Authorization": MASK,
    }


def test_query_strings_lose_their_secrets():
    query = "client_id=abc&client_secret=top&refresh_token=r%7C1&grant_type=refresh_token"

    assert redact_query(query) == "client_id=abc&client_secret=***&refresh_token=***&grant_type=refresh_token"


def test_registered_secrets_and_token_shapes_are_masked_in_free_text():
    secrets_register(["plain-registered-secret-77"])

    text = redact_text(
        "failed with plain-registered-secret-77; token Atza|IwEAAbc.def-123 and Atzr|xyz, "
        "secret amzn1.oa2-cs.v1.abc, header Bearer t0k3n and access_token=qwerty&x=1"
    )

    assert text == ("failed with ***; token *** and ***, secret ***, header Bearer *** and access_token=***&x=1")


def test_request_summary_redacts_form_json_and_query():
    summary = summarize_request(
        "POST",
        "http://127.0.0.1/sync?session=abc123456&page=2",
        data={"app_key": "1", "sign": "ABCDEF", "session": "tok-000000"},
    )

    assert summary == {
        "method": "POST",
        "path": "/sync",
        "query": "session=***&page=2",
        "body": {"app_key": "1", "sign": MASK, "session": MASK},
    }


def test_a_large_upload_is_summarized_by_its_size_without_being_parsed():
    document = json.dumps({"messages": [{"sku": f"S-{n}", "secret": "tok-000000"} for n in range(5000)]})
    small = json.dumps({"client_secret": "abcdef123456"})

    assert summarize_request("PUT", "http://127.0.0.1/upload", content=document)["body"] == f"<{len(document)} bytes>"
    assert summarize_request("PUT", "http://127.0.0.1/upload", content=small)["body"] == {"client_secret": MASK}


def test_log_filter_masks_sdk_debug_output(caplog):
    # Importing the only module that imports the SDK is what puts the filter on its loggers (the
    # test used to pass only when another test module had imported it first).
    import channels.amazon.client  # noqa: F401

    install_log_redaction()
    secrets_register(["Atza|registered-access-token-0042"])
    logger = logging.getLogger("sp_api.base.client")
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            logger.debug("Request Headers: %s", {"x-amz-access-token": "Atza|registered-access-token-0042"})
    finally:
        logger.setLevel(previous)

    assert "registered-access-token-0042" not in caplog.text
    assert "Request Headers:" in caplog.text


def test_filter_masks_exception_text():
    record = logging.LogRecord("httpx", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise ValueError("client_secret=hunter22")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)

    assert "hunter22" not in record.exc_text


def test_channels_loggers_are_filtered_whatever_the_import_order():
    # A fresh process: Django starts (the app installs the filter), then the modules that log are
    # imported, as a Celery worker does; only the AliExpress and Wish adapters, no Amazon client.
    script = textwrap.dedent(
        """
        import logging, sys
        import django
        django.setup()
        import channels.aliexpress.adapter, channels.wish.adapter, channels.tasks, channels.wire
        from channels.redaction import secrets_register
        secrets_register(["wish-access-token-secret-991"])
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
        logging.root.handlers = [handler]
        for name in ("channels.tasks", "channels.wire"):
            logging.getLogger(name).warning("gave up: token wish-access-token-secret-991 refused")
        """
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.config.settings.test"}

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=environment, check=True
    )

    assert done.stdout.splitlines() == [
        "channels.tasks gave up: token *** refused",
        "channels.wire gave up: token *** refused",
    ]
