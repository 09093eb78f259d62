"""An Amazon product type definition the marketplace does not give (down, throttled) blocks the
listings that need it, shown as their issue: never sent shaped and checked without it. The next
build asks again and, once it has the definition, builds and sends them."""

import pytest

from listings.models import Listing, ProductTypeCache
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from tests.listings.support import amazon_shop, listing_calls, publish_now

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def blocking_codes(row: Listing) -> set[str]:
    return {issue["code"] for issue in row.issues if issue["blocking"]}


def test_a_definition_amazon_does_not_give_holds_the_listings_until_the_next_build_gets_it(account, sandboxes):
    catalog, amazon = amazon_shop(account, sandboxes)
    selection = Selection(channel_accounts=[amazon.pk])
    sandboxes["amazon"].faults({"next": ["unavailable"], "operations": ["getDefinitionsProductType"]})

    listings_build(account=account, selection=selection)

    rows = list(Listing.objects.filter(family="amazon").order_by("sku"))
    assert [row.sku for row in rows] == sorted(v.sku for v in catalog.variants)
    assert all("product_type_unavailable" in blocking_codes(row) for row in rows)
    (message,) = {i["message"] for i in rows[0].issues if i["code"] == "product_type_unavailable"}
    assert "could not be read" in message and "ATVPDKIKX0DER" in message
    plan = plan_build(account=account, selection=selection)
    assert plan.calls == 0 and not [entry for entry in plan.entries if entry.is_work]
    assert not ProductTypeCache.objects.exists()
    assert listing_calls(sandboxes["amazon"]) == []

    # Nothing in the catalog changed; the next build asks Amazon again, gets it and sends them.
    job = publish_now(account, selection)

    assert ProductTypeCache.objects.count() == 1
    assert (job.done, job.failed) == (len(rows) + 1, 0)  # the variation parent and its children
    for row in Listing.objects.filter(family="amazon"):
        assert "product_type_unavailable" not in {issue["code"] for issue in row.issues}
        assert row.status == "published", (row.sku, row.issues)
