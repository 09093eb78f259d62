"""Writes of the fulfilment app, one module per concern:

- ingest: the one path every order takes (pulled, notified or manual): idempotent upsert,
  versions, line matching, money, reservation and routing in one transaction
- pull: watermark + overlap pulls per (channel account, marketplace), every page
- money: order currency → base currency at the order date's rate; estimated fees
- reservation: stock through the ledger (hub.inventory.services.stock_apply)
- routing: ordered rules with a stored trace
- mcf, own_warehouse, tracking: outbound shipments and the tracking outbox
"""
