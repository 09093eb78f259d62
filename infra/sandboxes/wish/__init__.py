"""Wish Merchant API v3 sandbox (base /api/v3/): OAuth, products and variations, orders with
time-window pagination, asynchronous tracking and refunds.

Written from Wish's "Wish Marketplace V3 API" OpenAPI description only; it shares no code with
the hub's adapter in channels/wish. See infra/sandboxes/README.md for what it implements.
"""
