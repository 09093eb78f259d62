"""Against the sandboxes over real HTTP: a rejected listing shows the marketplace's issues; a job
whose worker died between sending a create and recording the answer completes on resume without a
second create (counted at the sandbox)."""

import pytest

from channels.registry import adapter_for
from listings.builders.common import payload_from_dict
from listings.models import ItemState, JobStatus, Listing, ListingParent, ListingStatus, PublishItem
from listings.services.apply import publish_job_create, publish_job_run
from listings.services.build import Selection
from tests.listings.support import point_at_sandboxes, shop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(account, sandboxes):
    found = shop(account)
    point_at_sandboxes(found, sandboxes)
    return found


def creates(sandbox, operation):
    return [call for call in sandbox.calls() if call.get("operation") == operation]


@pytest.mark.parametrize(
    ("family", "operation"), [("wish", "createProduct"), ("aliexpress", "aliexpress.solution.product.post")]
)
def test_worker_killed_after_sending_a_create_reconciles_without_a_duplicate(catalog, sandboxes, family, operation):
    channel_account = getattr(catalog, family)
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[channel_account.pk]), enqueue=False
    )
    blocking = [i for p in ListingParent.objects.all() for i in p.issues if i["blocking"]]
    assert not blocking, blocking
    (item,) = PublishItem.objects.filter(job=job)
    # The worker marked the item "sending", the marketplace created the product, then the worker
    # died (kill -9) before the answer was recorded.
    PublishItem.objects.filter(pk=item.pk).update(state=ItemState.SENDING)
    parent = ListingParent.objects.get(pk=item.parent_id)
    adapter = adapter_for(channel_account)
    created = adapter.listing_put(payload_from_dict(parent.desired_payload))
    assert len(creates(sandboxes[family], operation)) == 1

    publish_job_run(job.pk, family)  # the resumed job

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == 1, list(PublishItem.objects.filter(job=job).values("message"))
    assert len(creates(sandboxes[family], operation)) == 1  # no second create
    parent.refresh_from_db()
    assert parent.external_id == created.external_reference
    assert set(Listing.objects.filter(parent=parent).values_list("status", flat=True)) == {ListingStatus.PUBLISHED}


def test_rejected_listing_shows_the_marketplaces_issues(catalog, sandboxes):
    from channels.services import channel_account_update

    # AliExpress refuses freight template 1000 (a rule pre-flight does not know).
    channel_account_update(
        channel_account=catalog.aliexpress, options={**catalog.aliexpress.options, "freight_template_id": 1000}
    )
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[catalog.aliexpress.pk]), enqueue=False
    )
    publish_job_run(job.pk, "aliexpress")
    job.refresh_from_db()
    assert job.failed == 1
    listing = Listing.objects.get(sku="BR-1-SILVER", family="aliexpress")
    assert listing.status == ListingStatus.REJECTED
    issues = [issue for issue in listing.issues if issue["source"] == "marketplace"]
    assert issues and issues[0]["blocking"] and "freight_template_id" in issues[0]["message"]
    # The same payload is not sent again: the plan holds it until something changes.
    again = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[catalog.aliexpress.pk]), enqueue=False
    )
    assert again.total == 0
