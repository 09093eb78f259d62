import json

import pytest

from channels.models import ChannelAccount, ChannelCall
from hub.accounts.roles import Role
from tests.channels.factories import AMAZON_CREDENTIALS, amazon_account

pytestmark = pytest.mark.django_db

NEW_AMAZON = {
    "name": "Amazon EU",
    "family": "amazon",
    "marketplaces": ["DE", "A13V1IB3VIYZZH"],
    "seller_reference": "A1SELLER",
    "credentials": dict(AMAZON_CREDENTIALS),
}


def test_owner_creates_a_channel_account_and_never_sees_the_secrets(owner_client, api_url):
    response = owner_client.post(api_url("channels/accounts/"), NEW_AMAZON, format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["marketplaces"] == ["A1PA6795UKMFR9", "A13V1IB3VIYZZH"]
    assert data["has_credentials"] is True
    assert data["credentials_hint"] == {"lwa_app_id": "…0001", "lwa_client_secret": "set", "refresh_token": "set"}
    assert "credentials" not in data
    listing = owner_client.get(api_url("channels/accounts/")).content.decode()
    detail = owner_client.get(api_url(f"channels/accounts/{data['id']}/")).content.decode()
    for text in (response.content.decode(), listing, detail):
        assert AMAZON_CREDENTIALS["lwa_client_secret"] not in text
        assert AMAZON_CREDENTIALS["refresh_token"] not in text
        assert json.dumps(AMAZON_CREDENTIALS["refresh_token"])[1:-1] not in text


def test_bad_input_answers_400_with_field_messages(owner_client, api_url):
    body = {**NEW_AMAZON, "marketplaces": ["XX"], "credentials": {"lwa_app_id": "a"}}

    response = owner_client.post(api_url("channels/accounts/"), body, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"marketplaces"}
    assert ChannelAccount.objects.count() == 0
    response = owner_client.post(
        api_url("channels/accounts/"), {**NEW_AMAZON, "credentials": {"lwa_app_id": "a"}}, format="json"
    )
    assert set(response.json()["fields"]) == {"credentials.lwa_client_secret", "credentials.refresh_token"}


def test_patch_merges_credentials_and_family_cannot_change(owner_client, api_url, account):
    channel_account = amazon_account(account)
    url = api_url(f"channels/accounts/{channel_account.pk}/")

    response = owner_client.patch(
        url, {"credentials": {"refresh_token": "Atzr|new-one-123"}, "name": "Main"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Main"
    assert "Atzr|new-one-123" not in response.content.decode()

    response = owner_client.patch(url, {"family": "wish"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"family": ["Create a new channel account instead."]}


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.OWNER, 200, 201),
        (Role.CATALOG, 200, 403),
        (Role.LOGISTICS, 200, 403),
        (Role.MANAGER, 200, 403),
        (Role.TRANSLATOR, 403, 403),
    ],
)
def test_roles_follow_the_matrix(member_client, api_url, role, read, write):
    client = member_client(role)

    assert client.get(api_url("channels/accounts/")).status_code == read
    assert client.post(api_url("channels/accounts/"), NEW_AMAZON, format="json").status_code == write


def test_other_accounts_channel_accounts_answer_404(owner_client, api_url, other_account):
    foreign = amazon_account(other_account)

    assert owner_client.get(api_url(f"channels/accounts/{foreign.pk}/")).status_code == 404
    assert (
        owner_client.patch(api_url(f"channels/accounts/{foreign.pk}/"), {"name": "x"}, format="json").status_code == 404
    )
    assert owner_client.get(api_url("channels/accounts/")).json()["count"] == 0


def test_call_log_is_listed_newest_first_with_filters(owner_client, api_url, account, other_account):
    channel_account = amazon_account(account)
    for operation, kind in [("getOrder", ""), ("putListingsItem", "rejected"), ("getOrder", "throttled")]:
        ChannelCall.objects.create(
            account=account,
            channel_account=channel_account,
            operation=operation,
            method="GET",
            url_path="/x",
            error_kind=kind,
        )
    ChannelCall.objects.create(
        account=other_account,
        channel_account=amazon_account(other_account),
        operation="getOrder",
        method="GET",
        url_path="/y",
    )

    everything = owner_client.get(api_url("channels/calls/")).json()
    failed = owner_client.get(api_url("channels/calls/"), {"failed": "true", "operation": "getOrder"}).json()

    assert [row["operation"] for row in everything["results"]] == ["getOrder", "putListingsItem", "getOrder"]
    assert [(row["operation"], row["error_kind"]) for row in failed["results"]] == [("getOrder", "throttled")]


def test_amazon_marketplace_list(owner_client, api_url):
    rows = owner_client.get(api_url("channels/marketplaces/amazon/")).json()

    assert {
        "marketplace_id": "A1VC38T7YXB528",
        "code": "JP",
        "country": "Japan",
        "region": "FE",
        "currency": "JPY",
        "default_locale": "ja_JP",
    } in rows
    assert len(rows) == 23


def test_call_log_filter_treats_another_accounts_channel_account_as_unknown(
    owner_client, api_url, account, other_account
):
    own = amazon_account(account)
    foreign = amazon_account(other_account)
    ChannelCall.objects.create(account=account, channel_account=own, operation="getOrder", method="GET", url_path="/x")
    ChannelCall.objects.create(
        account=other_account, channel_account=foreign, operation="getOrder", method="GET", url_path="/y"
    )
    missing_pk = max(own.pk, foreign.pk) + 100

    mine = owner_client.get(api_url("channels/calls/"), {"channel_account": own.pk})
    theirs = owner_client.get(api_url("channels/calls/"), {"channel_account": foreign.pk})
    nobodys = owner_client.get(api_url("channels/calls/"), {"channel_account": missing_pk})

    assert [row["url_path"] for row in mine.json()["results"]] == ["/x"]
    # Another account's id answers exactly like an id that does not exist.
    assert (theirs.status_code, nobodys.status_code) == (400, 400)
    assert list(theirs.json()["fields"]) == list(nobodys.json()["fields"]) == ["channel_account"]
