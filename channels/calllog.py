"""The call log's writer: one ChannelCall row per HTTP exchange with a marketplace. Records arrive
already redacted (channels.wire builds them); this only stores them."""

from __future__ import annotations

from dataclasses import asdict

from channels.models import ChannelCall
from channels.types import Connection
from channels.wire import CallRecord
from hub.core.observability import metrics


class DatabaseCallSink:
    def record(self, connection: Connection, record: CallRecord) -> None:
        ChannelCall.objects.create(
            account_id=connection.seller_account_pk,
            channel_account_id=connection.account_pk,
            operation=record.operation[:80],
            method=record.method[:10],
            url_path=record.url_path[:500],
            request_summary=dict(record.request_summary),
            http_status=record.http_status,
            duration_ms=record.duration_ms,
            messages=[asdict(message) for message in record.messages],
            error_kind=record.error_kind,
            attempt=min(record.attempt, 32767),
        )
        # Prometheus: marketplace calls by family, operation and status (hub.core.observability).
        metrics.marketplace_call(
            family=str(connection.family),
            operation=record.operation,
            status=record.http_status,
            kind=record.error_kind,
            seconds=record.duration_ms / 1000,
        )
