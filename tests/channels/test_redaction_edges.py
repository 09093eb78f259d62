"""Redaction edge cases: secrets stay masked in every case, non-secrets stay readable."""

import io
import logging
import uuid

import httpx

from channels.redaction import (
    MASK,
    RedactingFilter,
    SecretIndex,
    redact_query,
    redact_text,
    redact_value,
    secrets_register,
    secrets_register_credentials,
)
from channels.types import Family
from channels.wire import MemorySink, WireClient
from tests.channels.support import connection


def unique(label):
    return f"{label}-{uuid.uuid4().hex}"


def test_a_log_record_whose_formatting_fails_is_still_redacted():
    secret = unique("fmt-secret")
    secrets_register([secret])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("channels.test.formatting")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("refused %s with %s", secret)  # one argument short: formatting fails
        logger.warning("token " + secret + " %d", "not a number")  # noqa: G003
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    output = stream.getvalue()
    assert secret not in output
    assert output.count("refused %s with %s (unformattable log arguments: ['***'])") == 1
    assert "token *** %d (unformattable log arguments: ['not a number'])" in output


def test_key_patterns_match_whole_words_only():
    text = redact_text('design=blue Session: 42 started; x&sign=ABCDEF12&y=1 session=tok-123456 "refresh_token": "r1"')

    assert text == 'design=blue Session: 42 started; x&sign=***&y=1 session=*** "refresh_token": "***"'
    assert redact_text("assignment=7 signature_version=2 lwa_client_secret=s3") == (
        "assignment=7 signature_version=2 lwa_client_secret=***"
    )


def test_code_is_a_secret_only_as_the_oauth_authorization_code():
    assert redact_value({"code": "InvalidParameter", "message": "bad"}) == {
        "code": "InvalidParameter",
        "message": "bad",
    }
    assert redact_value({"grant_type": "authorization_code", "code": "SplxlOBeZQ", "client_id": "c1"}) == {
        "grant_type": "authorization_code",
        "code": MASK,
        "client_id": "c1",
    }
    assert redact_query("code=SplxlOBeZQ&state=af0ifjsldkj") == "code=***&state=af0ifjsldkj"
    assert redact_query("country_code=US&code=US") == "country_code=US&code=US"
    assert redact_text("GET /oauth/callback?code=SplxlOBeZQ&state=xyz") == "GET /oauth/callback?code=***&state=xyz"
    assert redact_text("error code=1007 in /orders?code=US") == "error code=1007 in /orders?code=US"


def test_identifiers_are_not_registered_as_secrets():
    credentials = {
        "app_key": unique("app-key"),
        "client_id": unique("client-id"),
        "lwa_app_id": unique("amzn1.application-oa2-client"),
        "app_secret": unique("app-secret"),
        "access_token": unique("access"),
        "access_token_expires_at": "4102444800000",
    }
    WireClient(
        connection=connection(Family.ALIEXPRESS, credentials, base_urls={}),
        sink=MemorySink(),
        transport=httpx.MockTransport(lambda request: httpx.Response(200)),
    ).close()

    text = redact_text(" ".join(credentials.values()))

    assert text == " ".join(
        [credentials["app_key"], credentials["client_id"], credentials["lwa_app_id"], MASK, MASK, "4102444800000"]
    )


def test_five_thousand_accounts_secrets_all_stay_masked():
    accounts = [
        {
            "client_id": unique(f"client-{n}"),
            "client_secret": unique(f"secret-{n}"),
            "access_token": unique(f"access-{n}"),
            "refresh_token": unique(f"refresh-{n}"),
        }
        for n in range(5000)
    ]
    for credentials in accounts:  # as each account's adapter does when it is built
        secrets_register_credentials(credentials)

    secrets = [value for credentials in accounts for name, value in credentials.items() if name != "client_id"]
    ids = [credentials["client_id"] for credentials in accounts]
    # Secrets alone, glued to other text, and inside JSON; the oldest registered first.
    text = " ".join(f"{value} x{value}y" for value in secrets) + str({"log": secrets[:50]})
    masked = redact_text(text)

    assert [value for value in secrets if value in masked] == []
    assert masked.count(MASK) == 2 * len(secrets) + 50
    assert redact_text(" ".join(ids)) == " ".join(ids)


def test_the_index_finds_overlapping_and_spaced_secrets_and_keeps_the_newest():
    index = SecretIndex(limit=3)
    index.add(["abcdef", "abcdefgh", "with space 1"])

    assert index.mask("xxabcdefghyy abcdefz with space 1!") == "xx***yy ***z ***!"
    index.add(["zzzzzz"])  # the oldest (abcdef) ages out
    assert len(index) == 3
    assert index.mask("abcdef abcdefgh zzzzzz") == "abcdef *** ***"
