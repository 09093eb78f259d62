"""The demo's marketplace connections: one channel account per family, pointed at the bundled
sandboxes (settings.CHANNELS_SANDBOX_URLS) with the credentials they accept out of the box
(infra/sandboxes/demo_credentials.json). Demo wiring only: the channels app knows nothing of it
and goes through its public services like any other caller."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from channels.aliexpress import consts as aliexpress_consts
from channels.amazon import consts as amazon_consts
from channels.marketplaces import amazon_marketplace_by_code
from channels.models import ChannelAccount
from channels.services import channel_account_create, channel_account_update
from channels.tasks import channel_account_verify_task
from channels.types import Family
from channels.wish import consts as wish_consts
from hub.accounts.models import SellerAccount

SANDBOX_CREDENTIALS_FILE = Path(__file__).resolve().parents[1] / "sandboxes" / "demo_credentials.json"

SANDBOX_AMAZON_MARKETPLACES = ["US", "DE", "UK", "JP"]


def channel_accounts_connect_sandboxes(*, account: SellerAccount, verify: bool = True) -> list[ChannelAccount]:
    """One channel account per marketplace family, pointed at the sandboxes configured in
    settings.CHANNELS_SANDBOX_URLS, with the credentials the sandboxes accept. Idempotent: runs
    again update the same three accounts. With `verify`, a verify task per account is queued
    after commit (it retries until the sandboxes answer, and fills in Wish's warehouse)."""
    demo = json.loads(SANDBOX_CREDENTIALS_FILE.read_text(encoding="utf-8"))
    urls = settings.CHANNELS_SANDBOX_URLS
    amazon, aliexpress, wish = demo["amazon"], demo["aliexpress"], demo["wish"]
    specs = [
        {
            "name": "Amazon (sandbox)",
            "family": Family.AMAZON.value,
            "marketplaces": [amazon_marketplace_by_code(code).marketplace_id for code in SANDBOX_AMAZON_MARKETPLACES],
            "base_urls": {"sp_api": urls["amazon"], "lwa": urls["amazon"]},
            "seller_reference": amazon["seller_id"],
            "credentials": {key: amazon[key] for key in amazon_consts.CREDENTIAL_FIELDS},
            "options": {},
        },
        {
            "name": "AliExpress (sandbox)",
            "family": Family.ALIEXPRESS.value,
            "marketplaces": [Family.ALIEXPRESS.value],
            "base_urls": {"gateway": urls["aliexpress"]},
            "seller_reference": aliexpress["seller_id"],
            "credentials": {key: aliexpress[key] for key in aliexpress_consts.CREDENTIAL_FIELDS},
            # Shop-level defaults AliExpress requires on every product (the catalog may override).
            "options": {
                "currency": "USD",
                "freight_template_id": 1001,
                "service_policy_id": 0,
                "shipping_lead_time": 3,
                "inventory_deduction_strategy": "place_order_withhold",
            },
        },
        {
            "name": "Wish (sandbox)",
            "family": Family.WISH.value,
            "marketplaces": [Family.WISH.value],
            "base_urls": {"api": urls["wish"]},
            "seller_reference": wish["merchant_id"],
            "credentials": {key: wish[key] for key in wish_consts.CREDENTIAL_FIELDS},
            "options": {"origin_country": "CN", "default_shipping_price": "2.00"},
        },
    ]
    connected = []
    with transaction.atomic():
        for spec in specs:
            existing = ChannelAccount.objects.filter(account=account, family=spec["family"], name=spec["name"]).first()
            if existing is None:
                connected.append(channel_account_create(account=account, **spec))
                continue
            connected.append(
                channel_account_update(
                    channel_account=existing,
                    marketplaces=spec["marketplaces"],
                    base_urls=spec["base_urls"],
                    seller_reference=spec["seller_reference"],
                    options={**spec["options"], **existing.options},
                    credentials=spec["credentials"],
                )
            )
        if verify:
            for channel_account in connected:
                transaction.on_commit(lambda pk=channel_account.pk: channel_account_verify_task.delay(pk))
    return connected
