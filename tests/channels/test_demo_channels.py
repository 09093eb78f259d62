"""The demo's sandbox connections live in infra/demo/, not in the channels app."""

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from channels.aliexpress import consts as aliexpress_consts
from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount
from infra.demo.channels import channel_accounts_connect_sandboxes

CHANNELS = Path(__file__).resolve().parents[2] / "channels"

pytestmark = pytest.mark.django_db


def test_connect_sandboxes_is_idempotent_and_uses_settings_urls(account, settings, django_capture_on_commit_callbacks):
    settings.CHANNELS_SANDBOX_URLS = {
        "amazon": "http://127.0.0.1:19101",
        "aliexpress": "http://127.0.0.1:19102",
        "wish": "http://127.0.0.1:19103",
    }

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = channel_accounts_connect_sandboxes(account=account)
    second = channel_accounts_connect_sandboxes(account=account, verify=False)

    assert [c.pk for c in first] == [c.pk for c in second]
    assert ChannelAccount.objects.filter(account=account).count() == 3
    amazon = first[0]
    assert amazon.base_urls == {"sp_api": "http://127.0.0.1:19101", "lwa": "http://127.0.0.1:19101"}
    assert amazon.marketplaces == ["ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P", "A1VC38T7YXB528"]
    assert amazon.seller_reference == "A2HUBSANDBOX01"
    assert (
        credentials_decrypt(amazon.credentials_encrypted)["lwa_app_id"] == "amzn1.application-oa2-client.hubsandbox0001"
    )
    assert len(callbacks) == 3  # one verify task per account, queued after commit
    assert first[1].base_urls == {"gateway": "http://127.0.0.1:19102"}
    assert first[1].options["freight_template_id"] == 1001
    assert first[2].base_urls == {"api": "http://127.0.0.1:19103"}


def test_aliexpress_credentials_follow_the_credential_fields(account, settings, monkeypatch):
    settings.CHANNELS_SANDBOX_URLS = dict.fromkeys(("amazon", "aliexpress", "wish"), "http://127.0.0.1:9")
    monkeypatch.setattr(aliexpress_consts, "CREDENTIAL_FIELDS", ("app_key", "app_secret", "access_token"))

    _amazon, aliexpress, _wish = channel_accounts_connect_sandboxes(account=account, verify=False)

    assert sorted(credentials_decrypt(aliexpress.credentials_encrypted)) == ["access_token", "app_key", "app_secret"]


def test_the_management_command_still_connects(account, settings):
    settings.CHANNELS_SANDBOX_URLS = dict.fromkeys(("amazon", "aliexpress", "wish"), "http://127.0.0.1:9")
    out = io.StringIO()

    call_command("channels_connect_sandboxes", str(account.pk), stdout=out)

    assert ChannelAccount.objects.filter(account=account).count() == 3
    assert "Amazon (sandbox): sp_api=http://127.0.0.1:9" in out.getvalue()


def test_the_channels_app_has_no_demo_wiring():
    offenders = []
    for path in sorted(CHANNELS.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "demo_credentials" in text:
            offenders.append(f"{path.relative_to(CHANNELS)} reads demo_credentials.json")
        for node in ast.walk(ast.parse(text)):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.relative_to(CHANNELS)} imports {name}" for name in names if name.startswith("infra")]
    assert offenders == []
