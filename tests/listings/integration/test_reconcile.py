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


@pytest.mark.parametrize(
    ("family", "operation"), [("wish", "createProduct"), ("aliexpress", "aliexpress.solution.product.post")]
)
def test_a_worker_dying_while_recording_a_product_leaves_nothing_half_acknowledged(
    catalog, sandboxes, family, operation, monkeypatch
):
    """The answer's writes are one transaction: a failure after the product was acknowledged
    (here recording the push) rolls the acknowledgement back with it, the item stays "sending",
    and the resumed job reconciles it without a second create."""
    from listings.services import apply

    channel_account = getattr(catalog, family)
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[channel_account.pk]), enqueue=False
    )
    (item,) = PublishItem.objects.filter(job=job)

    def dies(*args, **kwargs):
        raise SystemExit("killed while recording the answer")

    with monkeypatch.context() as patched:
        patched.setattr(apply, "_push", dies)
        with pytest.raises(SystemExit):
            publish_job_run(job.pk, family)
    assert len(creates(sandboxes[family], operation)) == 1
    item.refresh_from_db()
    parent = ListingParent.objects.get(pk=item.parent_id)
    assert item.state == ItemState.SENDING
    assert parent.status != ListingStatus.PUBLISHED and not parent.external_id and not parent.acked_hash
    assert ListingStatus.PUBLISHED not in set(Listing.objects.filter(parent=parent).values_list("status", flat=True))

    publish_job_run(job.pk, family)  # the resumed job

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == 1
    assert len(creates(sandboxes[family], operation)) == 1  # no second create
    parent.refresh_from_db()
    assert parent.status == ListingStatus.PUBLISHED and parent.external_id
    assert set(Listing.objects.filter(parent=parent).values_list("status", flat=True)) == {ListingStatus.PUBLISHED}


def test_answers_written_on_the_recorder_thread_survive_its_failure_without_a_duplicate(
    catalog, sandboxes, monkeypatch
):
    """With several products, each answer is written on a thread of its own while the next call
    is out. When writing one fails (here recording the first push), the runner stops with that
    error; the products whose answers were not written stay "sending" and the resumed job
    reconciles them from the marketplace: every product created once."""
    from listings.services import apply
    from tests.listings.integration.test_worker_kill import more_bracelets

    more_bracelets(catalog, 2)
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[catalog.wish.pk]), enqueue=False
    )
    items = PublishItem.objects.filter(job=job).order_by("pk")
    assert items.count() == 3
    push = apply._push
    pushes = []

    def fails_first(*args, **kwargs):
        pushes.append(args)
        if len(pushes) == 1:
            raise SystemExit("killed while recording the first answer")
        return push(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(apply, "_push", fails_first)
        with pytest.raises(SystemExit):
            publish_job_run(job.pk, "wish")
    states = list(items.values_list("state", flat=True))
    assert states[0] == ItemState.SENDING and ItemState.DONE not in states, states
    # The calls already out when the failure was seen are not written either (no half-writes).
    assert len(creates(sandboxes["wish"], "createProduct")) >= 1
    assert ListingParent.objects.filter(family="wish").exclude(external_id="").count() == 0  # nothing half-written

    publish_job_run(job.pk, "wish")  # the resumed job

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.failed) == (3, 0)
    assert len(creates(sandboxes["wish"], "createProduct")) == 3  # each product once
    assert ListingParent.objects.filter(family="wish").exclude(external_id="").count() == 3
    assert set(Listing.objects.filter(family="wish").values_list("status", flat=True)) == {ListingStatus.PUBLISHED}


def test_a_crash_between_product_calls_keeps_the_answers_already_out(catalog, sandboxes, monkeypatch):
    from listings.services import apply
    from tests.listings.integration.test_worker_kill import more_bracelets

    more_bracelets(catalog, 2)
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[catalog.wish.pk]), enqueue=False
    )
    items = PublishItem.objects.filter(job=job).order_by("pk")
    product = apply.ProductFamilyRun.product
    calls = []

    def crashes_before_the_third(self, item):
        calls.append(item.pk)
        if len(calls) == 3:
            raise SystemExit("killed before the third call")
        return product(self, item)

    with monkeypatch.context() as patched:
        patched.setattr(apply.ProductFamilyRun, "product", crashes_before_the_third)
        with pytest.raises(SystemExit):
            publish_job_run(job.pk, "wish")
    # The two answers already out were written before the runner stopped.
    assert list(items.values_list("state", flat=True)) == [ItemState.DONE, ItemState.DONE, ItemState.PENDING]
    publish_job_run(job.pk, "wish")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.failed) == (3, 0)
    assert len(creates(sandboxes["wish"], "createProduct")) == 3


def test_a_cancel_between_product_calls_leaves_no_item_sending(catalog, sandboxes, monkeypatch):
    """The answer already out is written (its item done), the rest skipped, none left "sending"."""
    from listings.models import PublishJob
    from listings.services import apply
    from tests.listings.integration.test_worker_kill import more_bracelets

    more_bracelets(catalog, 2)
    job = publish_job_create(
        account=catalog.account, selection=Selection(channel_accounts=[catalog.wish.pk]), enqueue=False
    )
    monkeypatch.setattr(apply, "PROGRESS_SECONDS", 0.0)
    product = apply.ProductFamilyRun.product

    def cancelled_after_the_first(self, item):
        product(self, item)
        PublishJob.objects.filter(pk=job.pk).update(cancel_requested=True)

    monkeypatch.setattr(apply.ProductFamilyRun, "product", cancelled_after_the_first)
    publish_job_run(job.pk, "wish")

    job.refresh_from_db()
    states = list(PublishItem.objects.filter(job=job).order_by("pk").values_list("state", flat=True))
    assert states == [ItemState.DONE, ItemState.SKIPPED, ItemState.SKIPPED]
    assert job.status == JobStatus.CANCELLED
    assert len(creates(sandboxes["wish"], "createProduct")) == 1
