"""Reads for the connections pages: the accounts with their recent call figures and rate-limit
state (from the call log: how often our limiter or the marketplace said "not yet"), the call log
with its filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from channels.exceptions import ErrorKind
from channels.labels import family_label
from channels.marketplaces import amazon_marketplace_get
from channels.models import ChannelAccount, ChannelCall
from channels.types import Family
from hub.accounts.models import SellerAccount

PERIODS = {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


@dataclass
class ConnectionRow:
    channel_account: ChannelAccount
    marketplaces: list[str]
    calls_24h: int
    failed_24h: int
    throttled_1h: int
    last_throttled_at: datetime | None
    last_call_at: datetime | None


def marketplace_labels(channel_account: ChannelAccount) -> list[str]:
    if channel_account.family != Family.AMAZON.value:
        return [family_label(channel_account.family)]
    labels = []
    for marketplace_id in channel_account.marketplaces:
        market = amazon_marketplace_get(marketplace_id)
        labels.append(f"{market.code}" if market else marketplace_id)
    return labels


def connection_rows(*, account: SellerAccount) -> list[ConnectionRow]:
    now = timezone.now()
    day, hour = now - timedelta(hours=24), now - timedelta(hours=1)
    accounts = (
        ChannelAccount.objects.filter(account=account)
        .annotate(
            calls_24h=Count("calls", filter=Q(calls__created_at__gte=day)),
            failed_24h=Count("calls", filter=Q(calls__created_at__gte=day) & ~Q(calls__error_kind="")),
            throttled_1h=Count(
                "calls", filter=Q(calls__created_at__gte=hour, calls__error_kind=ErrorKind.THROTTLED.value)
            ),
            last_throttled_at=Max("calls__created_at", filter=Q(calls__error_kind=ErrorKind.THROTTLED.value)),
            last_call_at=Max("calls__created_at"),
        )
        .order_by("family", "name", "pk")
    )
    return [
        ConnectionRow(
            channel_account=row,
            marketplaces=marketplace_labels(row),
            calls_24h=row.calls_24h,
            failed_24h=row.failed_24h,
            throttled_1h=row.throttled_1h,
            last_throttled_at=row.last_throttled_at,
            last_call_at=row.last_call_at,
        )
        for row in accounts
    ]


def call_log(
    *, channel_account: ChannelAccount, operation: str = "", status: str = "", period: str = ""
) -> QuerySet[ChannelCall]:
    """`status`: "ok", "failed" or an error kind; `period`: a key of PERIODS."""
    calls = ChannelCall.objects.filter(channel_account=channel_account)
    if operation:
        calls = calls.filter(operation=operation)
    if status == "ok":
        calls = calls.filter(error_kind="")
    elif status == "failed":
        calls = calls.exclude(error_kind="")
    elif status in {kind.value for kind in ErrorKind}:
        calls = calls.filter(error_kind=status)
    if period in PERIODS:
        calls = calls.filter(created_at__gte=timezone.now() - PERIODS[period])
    return calls.order_by("-created_at", "-pk")


def call_operations(*, channel_account: ChannelAccount) -> list[str]:
    return sorted(
        ChannelCall.objects.filter(channel_account=channel_account)
        .order_by()
        .values_list("operation", flat=True)
        .distinct()
    )
