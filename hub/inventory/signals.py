"""Signals of the stock ledger, for apps that follow stock (listings pushes quantities)."""

from django.dispatch import Signal

# Sent once a stock change has committed: kwargs account_id (int) and variant_ids (frozenset[int]),
# the variants whose on-hand or reserved figures moved.
stock_changed = Signal()
