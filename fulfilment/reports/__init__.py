"""Revenue reports: the read side of orders (issue 13).

models.py   RevenueFact, one row per order line (and per refund × line) with the order's money
            allocated to it exactly in whole minor units of the base currency; the sums read by
            the figures: RevenueDaily (day × order-level keys), RevenueSkuMonthly (month × SKU),
            RevenueSkuRunning (running month × SKU totals: any whole-month span in two rows)
fields.py   money in those tables as integer thousandths (exact sums on SQLite and PostgreSQL)
services.py keeps them current (beat task every 30 s, watermark on Order.updated_at; the order
            querysets move updated_at on bulk updates, fulfilment/models/orders.py)
selectors.py the figures (grouped, filtered, previous period, top/bottom SKUs, unconverted)
api.py / pages.py / charts.py / exports.py: the API, the dashboard, its SVG charts and exports.

Benchmark: BENCH_REVENUE_ORDERS=1000000 flock /tmp/hub-heavy.lock infra/scripts/bench.sh revenue
(BENCH_REVENUE_EXPLAIN=1 prints the EXPLAIN ANALYZE of each query's slowest statement).
"""
