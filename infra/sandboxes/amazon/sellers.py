"""Sellers API v1: getMarketplaceParticipations. The hub's connection check calls it (a read that
proves the token works without touching a listing); the seller takes part in every marketplace
the sandbox serves."""

from __future__ import annotations

from flask import Blueprint

from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.wire import operation

blueprint = Blueprint("amazon_sellers", __name__)


@blueprint.get("/sellers/v1/marketplaceParticipations")
@operation("getMarketplaceParticipations")
def get_marketplace_participations(caller):
    return {
        "payload": [
            {
                "marketplace": {
                    "id": market.id,
                    "name": market.name,
                    "countryCode": market.country,
                    "defaultCurrencyCode": market.currency,
                    "defaultLanguageCode": market.locale,
                    "domainName": market.name.lower(),
                },
                "participation": {"isParticipating": True, "hasSuspendedListings": False},
                "storeName": f"Sandbox store {caller.seller_id}",
            }
            for market in MARKETPLACES.values()
        ]
    }
