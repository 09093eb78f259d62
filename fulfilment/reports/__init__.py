"""Revenue reports: the read side of orders (issue 13).

models.py   RevenueFact, one row per order line with the order's money allocated to it exactly
services.py keeps the facts current (beat task every 30 s, watermark on Order.updated_at)
selectors.py the figures (grouped, filtered, previous period, top/bottom SKUs, unconverted)
api.py / pages.py / charts.py / exports.py: the API, the dashboard, its SVG charts and exports.
"""
