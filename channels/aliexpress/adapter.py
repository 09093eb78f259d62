"""AliExpress through the Open Platform's "solution" APIs for overseas sellers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import httpx
from django.conf import settings

from channels.aliexpress import consts, mappers
from channels.aliexpress.client import AliExpressClient, unwrap_list
from channels.base import Capability
from channels.credentials import CredentialStore
from channels.exceptions import NotFoundError, RejectedError
from channels.mapping import as_int
from channels.ratelimit import RateLimiter, rate_limiter
from channels.types import (
    AccountCheck,
    Connection,
    FeedMessage,
    FeedMessageIssue,
    FeedStatus,
    FeedSubmission,
    Issue,
    ListingPayload,
    ListingResult,
    ListingState,
    OfferUpdate,
    OfferUpdateResult,
    Order,
    OrderLine,
    OrderPage,
    ShipmentConfirmation,
    ShipmentConfirmationResult,
)
from channels.wire import CallSink, Gate

MARKETPLACE = "aliexpress"


def _feed_item_issue(item: object) -> Issue | None:
    """None when the item's execution result says success; otherwise why not. A result that is
    missing, not JSON or not an object is a failure too, with the raw text kept for reading."""
    raw = item.get("item_execution_result") if isinstance(item, dict) else item
    try:
        outcome = json.loads(raw) if isinstance(raw, str | bytes) else None
    except ValueError:
        outcome = None
    if not isinstance(outcome, dict) or outcome.get("success") not in (True, False, "true", "false"):
        text = raw if isinstance(raw, str) else json.dumps(raw, default=str)
        return Issue(code="UNREADABLE_RESULT", message=f"unreadable item result: {text[:1000]}")
    if outcome["success"] in (True, "true"):
        return None
    code = str(outcome.get("errorCode") or outcome.get("error_code") or "FAILED")
    return Issue(code=code, message=str(outcome.get("errorMessage") or outcome.get("error_message") or code))


class AliExpressAdapter:
    family = "aliexpress"
    capabilities = frozenset(
        {
            Capability.LISTINGS,
            Capability.OFFER_BATCH,
            Capability.FEEDS,
            Capability.ORDERS,
            Capability.SHIPMENT_CONFIRMATION,
        }
    )
    offer_batch_size = consts.BATCH_MAX_PRODUCTS

    def __init__(
        self,
        connection: Connection,
        *,
        sink: CallSink,
        limiter: RateLimiter | None = None,
        wait_seconds: float | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        credential_store: CredentialStore | None = None,
    ) -> None:
        self.connection = connection
        self.currency = str(connection.options.get("currency") or consts.DEFAULT_CURRENCY)
        self.gate = Gate(
            limiter=limiter or rate_limiter(),
            account_pk=connection.account_pk,
            rates=consts.RATES,
            default=consts.DEFAULT_RATE,
        )
        self.client = AliExpressClient(
            connection,
            sink=sink,
            gate=self.gate,
            wait_seconds=settings.CHANNELS_RATE_WAIT_SECONDS if wait_seconds is None else wait_seconds,
            timeout=timeout,
            transport=transport,
            credential_store=credential_store,
        )

    def close(self) -> None:
        self.client.close()

    def account_verify(self) -> AccountCheck:
        body = self.client.execute("aliexpress.solution.merchant.profile.get", {})
        profile = body.get("result", body) if isinstance(body, dict) else {}
        seller = str(profile.get("merchant_login_id") or profile.get("shop_id") or self.connection.seller_reference)
        return AccountCheck(ok=True, seller_id=seller, detail=str(profile.get("shop_name") or ""))

    # --- listings -----------------------------------------------------------------------------------

    def listing_put(self, payload: ListingPayload) -> ListingResult:
        request = mappers.product_request(payload, options=self.connection.options, currency=self.currency)
        if payload.external_reference:
            body = self.client.execute("aliexpress.solution.product.edit", {"edit_product_request": request})
        else:
            body = self.client.execute("aliexpress.solution.product.post", {"post_product_request": request})
        result = mappers.result_of(body)
        product_id = str(result.get("product_id") or payload.external_reference)
        return ListingResult(
            sku=payload.sku,
            marketplace_id=payload.marketplace_id or MARKETPLACE,
            status="ACCEPTED",
            external_reference=product_id,
        )

    def offers_update(self, updates: Sequence[OfferUpdate]) -> tuple[OfferUpdateResult, ...]:
        results: dict[tuple[str, str], OfferUpdateResult] = {}
        ready = []
        for update in updates:
            if not update.external_reference:
                issue = Issue(code="MISSING_PRODUCT_ID", message="the listing has no AliExpress product id yet")
                results[(update.sku, update.external_reference)] = OfferUpdateResult(
                    update.sku, update.marketplace_id or MARKETPLACE, ok=False, issues=(issue,)
                )
            else:
                ready.append(update)
        failures: dict[str, list[Issue]] = {}
        for start in range(0, len(ready), consts.BATCH_MAX_PRODUCTS):
            chunk = ready[start : start + consts.BATCH_MAX_PRODUCTS]
            prices, stocks = mappers.offer_batches(chunk, currency=self.currency)
            for method, param, items in (
                ("aliexpress.solution.batch.product.price.update", "mutiple_product_update_list", prices),
                ("aliexpress.solution.batch.product.inventory.update", "mutiple_product_update_list", stocks),
            ):
                for batch_start in range(0, len(items), consts.BATCH_MAX_PRODUCTS):
                    body = self.client.execute(
                        method, {param: items[batch_start : batch_start + consts.BATCH_MAX_PRODUCTS]}
                    )
                    for product, issue in mappers.batch_failures(body).items():
                        failures.setdefault(product, []).append(issue)
        everything_failed = failures.get("*", [])
        for update in ready:
            issues = tuple(failures.get(update.external_reference, [])) + tuple(everything_failed)
            results[(update.sku, update.external_reference)] = OfferUpdateResult(
                update.sku, update.marketplace_id or MARKETPLACE, ok=not issues, issues=issues
            )
        return tuple(results[(u.sku, u.external_reference)] for u in updates)

    def listing_delist(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingResult:
        """Take the product offline (下架); it keeps its id and can be put online again."""
        if not external_reference:
            raise NotFoundError(f"{sku} has no AliExpress product id")
        body = self.client.execute(
            "aliexpress.postproduct.redefining.offlineaeproduct", {"product_ids": str(as_int(external_reference))}
        )
        mappers.result_of(body)
        return ListingResult(
            sku=sku,
            marketplace_id=marketplace_id or MARKETPLACE,
            status="OFFLINE",
            external_reference=external_reference,
        )

    def listing_get(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingState:
        if not external_reference:
            return ListingState(sku=sku, marketplace_id=marketplace_id or MARKETPLACE, exists=False)
        try:
            body = self.client.execute(
                "aliexpress.solution.product.info.get", {"product_id": as_int(external_reference)}
            )
        except NotFoundError:
            return ListingState(sku=sku, marketplace_id=marketplace_id or MARKETPLACE, exists=False)
        return mappers.listing_state(
            body, sku=sku, marketplace_id=marketplace_id or MARKETPLACE, product_id=external_reference
        )

    def listing_find(self, *, sku: str, marketplace_id: str = "") -> ListingState:
        """The seller's product carrying SKU code `sku` (new products audit first, so both lists are
        read): how a create whose answer was lost is reconciled instead of being sent again."""
        for status in ("auditing", "onSelling", "editingRequired", "offline"):
            body = self.client.execute(
                "aliexpress.solution.product.list.get",
                {"aeop_a_e_product_list_query": {"product_status_type": status, "sku_code": sku, "page_size": 5}},
            )
            result = body.get("result", body) if isinstance(body, dict) else {}
            items = unwrap_list(result.get("aeop_a_e_product_display_d_t_o_list"))
            if items:
                product_id = str(items[0].get("product_id"))
                state = self.listing_get(sku=sku, marketplace_id=marketplace_id, external_reference=product_id)
                return replace(state, exists=True, external_reference=state.external_reference or product_id)
        return ListingState(sku=sku, marketplace_id=marketplace_id or MARKETPLACE, exists=False)

    # --- feeds --------------------------------------------------------------------------------------

    def feed_submit(self, *, marketplace_id: str, messages: Sequence[FeedMessage]) -> FeedSubmission:
        operation_types = set()
        items = []
        for message in messages:
            operation_type, content = self._feed_item(message)
            operation_types.add(operation_type)
            items.append({"item_content_id": str(message.message_id), "item_content": json.dumps(content)})
        if len(operation_types) != 1:
            raise RejectedError(
                "an AliExpress feed carries one operation type",
                issues=(Issue(code="MIXED_FEED", message=", ".join(sorted(operation_types))),),
            )
        body = self.client.execute(
            "aliexpress.solution.feed.submit", {"operation_type": operation_types.pop(), "item_list": items}
        )
        return FeedSubmission(feed_id=str(body.get("job_id", "")))

    def _feed_item(self, message: FeedMessage) -> tuple[str, dict]:
        if message.offer is not None:
            prices, stocks = mappers.offer_batches([message.offer], currency=self.currency)
            if prices and stocks:
                raise RejectedError("an AliExpress feed item changes either prices or stock")
            return ("PRODUCT_PRICES_UPDATE", prices[0]) if prices else ("PRODUCT_STOCKS_UPDATE", stocks[0])
        if message.payload is None:
            raise RejectedError(
                f"feed message {message.message_id} ({message.operation}) is not supported on AliExpress"
            )
        request = mappers.product_request(message.payload, options=self.connection.options, currency=self.currency)
        return ("PRODUCT_FULL_UPDATE" if message.payload.external_reference else "PRODUCT_CREATE"), request

    def feed_get(self, *, feed_id: str) -> FeedStatus:
        body = self.client.execute("aliexpress.solution.feed.query", {"job_id": as_int(feed_id)})
        results = unwrap_list(body.get("result_list"))
        total = as_int(body.get("total_item_count"), len(results))
        issues = []
        for item in results:
            issue = _feed_item_issue(item)
            if issue is not None:
                issues.append(
                    FeedMessageIssue(
                        message_id=as_int(item.get("item_content_id")) if isinstance(item, dict) else 0,
                        sku="",
                        issue=issue,
                    )
                )
        done = len(results) >= total
        # Counted from the items themselves: an item whose result cannot be read is not accepted,
        # whatever success_item_count says.
        accepted = len(results) - len(issues)
        return FeedStatus(
            feed_id=str(body.get("job_id") or feed_id),
            processing_status="DONE" if done else "IN_PROGRESS",
            is_done=done,
            messages_processed=len(results),
            messages_accepted=accepted,
            messages_invalid=len(issues),
            issues=tuple(issues),
        )

    # --- orders -------------------------------------------------------------------------------------

    def orders_changed_since(
        self, *, since: datetime, marketplace_ids: Sequence[str] = (), next_token: str | None = None
    ) -> OrderPage:
        if next_token:
            page_text, window_end = next_token.split("|", 1)
            page = as_int(page_text, 1)
        else:
            page, window_end = 1, mappers.pacific(datetime.now(UTC))
        params = {
            "modified_date_start": mappers.pacific(since - consts.ORDER_WINDOW_OVERLAP),
            "modified_date_end": window_end,
            "page_size": consts.ORDER_PAGE_SIZE,
            "current_page": page,
        }
        body = self.client.execute("aliexpress.solution.order.get", params)
        result = mappers.result_of(body)
        orders = tuple(mappers.order_from_list(raw, MARKETPLACE) for raw in unwrap_list(result.get("target_list")))
        total_pages = as_int(result.get("total_page"), page)
        more = page < total_pages and bool(orders)
        return OrderPage(orders=orders, next_token=f"{page + 1}|{window_end}" if more else None)

    def order_get(self, *, order_reference: str) -> Order:
        body = self.client.execute(
            "aliexpress.solution.order.info.get", {"param1": {"order_id": as_int(order_reference)}}
        )
        result = mappers.result_of(body)
        data = result.get("data")
        if not data:
            raise NotFoundError(f"AliExpress order {order_reference} not found")
        return mappers.order_from_detail(data, MARKETPLACE)

    def order_lines(self, *, order_reference: str) -> tuple[OrderLine, ...]:
        return self.order_get(order_reference=order_reference).lines

    def shipment_confirm(self, confirmation: ShipmentConfirmation) -> ShipmentConfirmationResult:
        send_type = "part" if confirmation.is_partial else "all"
        body = self.client.execute(
            "aliexpress.solution.order.fulfill", mappers.fulfill_params(confirmation, send_type=send_type)
        )
        mappers.result_of(body)
        return ShipmentConfirmationResult(order_reference=confirmation.order_reference, accepted=True)
