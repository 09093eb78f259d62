"""Signals of the catalog, for apps that follow it (listings rebuilds what changed)."""

from django.dispatch import Signal

# Sent inside the writing transaction by the bulk writers (spreadsheet import, bulk price changes,
# image re-ordering) that bypass the models' save signals: kwargs account_id (int) and product_ids
# (frozenset[int]), the products whose own fields, variants, values or images changed.
products_changed = Signal()
