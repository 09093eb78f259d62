"""Channel accounts for tests, created through the service (so they are validated and encrypted)."""

from channels.services import channel_account_create

AMAZON_CREDENTIALS = {
    "lwa_app_id": "amzn1.application-oa2-client.testapp0001",
    "lwa_client_secret": "amzn1.oa2-cs.v1.test-client-secret-0001",
    "refresh_token": "Atzr|IwEBITestRefreshTokenValue0001",
}
ALIEXPRESS_CREDENTIALS = {
    "app_key": "12345678",
    "app_secret": "test-aliexpress-app-secret-0001",
    "access_token": "50000test-aliexpress-access-token-0001",
    "refresh_token": "50001test-aliexpress-refresh-token-0001",
}
WISH_CREDENTIALS = {
    "client_id": "test-wish-client-0001",
    "client_secret": "test-wish-client-secret-0001",
    "access_token": "test-wish-access-token-0001",
    "refresh_token": "test-wish-refresh-token-0001",
}


def amazon_account(account, **overrides):
    fields = {
        "name": "Amazon",
        "family": "amazon",
        "marketplaces": ["ATVPDKIKX0DER", "A1PA6795UKMFR9"],
        "seller_reference": "A2TESTSELLER01",
        "credentials": dict(AMAZON_CREDENTIALS),
    }
    fields.update(overrides)
    return channel_account_create(account=account, **fields)


def aliexpress_account(account, **overrides):
    fields = {"name": "AliExpress", "family": "aliexpress", "credentials": dict(ALIEXPRESS_CREDENTIALS)}
    fields.update(overrides)
    return channel_account_create(account=account, **fields)


def wish_account(account, **overrides):
    fields = {"name": "Wish", "family": "wish", "credentials": dict(WISH_CREDENTIALS)}
    fields.update(overrides)
    return channel_account_create(account=account, **fields)
