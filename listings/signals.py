"""Receivers: listings follow the stock ledger."""

from __future__ import annotations


def stock_changed_received(sender, *, account_id: int, variant_ids, **kwargs) -> None:
    from listings.services.quantity_push import quantity_mark_dirty

    quantity_mark_dirty(account_id=account_id, variant_ids=variant_ids)
