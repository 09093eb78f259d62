"""The revenue report as JSON-ready data: figures as Decimal strings, keys as strings or ids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fulfilment.reports.selectors import FIGURES, MONEY_FIGURES, RevenueReport


def _plain(value):  # type: ignore[no-untyped-def]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def key_text(name: str, value) -> str | int | None:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    if name == "month":
        return value.strftime("%Y-%m")
    return _plain(value)


def figures_data(figures: dict) -> dict:
    out = {name: _plain(figures[name]) for name in FIGURES}
    if out["margin_percent"] is None:
        out["margin_percent"] = None
    return out


def change_data(change: dict) -> dict:
    return {
        name: {"delta": _plain(value["delta"]), "percent": _plain(value["percent"])}
        for name, value in change.items()
        if name in ("orders", "units", *MONEY_FIGURES)
    }


def report_data(report: RevenueReport, *, top_skus: dict | None = None) -> dict:
    query = report.query
    rows = []
    for row in report.rows:
        item = {name: key_text(name, row[name]) for name in query.group_by}
        for name, labels in report.names.items():
            item[f"{name}_name"] = labels.get(row[name])
        item.update(figures_data(row))
        if "previous" in row:
            item["previous"] = figures_data(row["previous"])
            item["change"] = change_data(row["change"])
        rows.append(item)
    previous_query = query.previous()
    data = {
        "currency": report.currency,
        "date_from": query.date_from.isoformat(),
        "date_to": query.date_to.isoformat(),
        "group_by": list(query.group_by),
        "filters": {key: _plain(value) for key, value in query.filters.as_dict().items()},
        "rows": rows,
        "totals": {**figures_data(report.totals), "cancelled_orders": report.cancelled_orders},
        "previous": {
            "date_from": previous_query.date_from.isoformat(),
            "date_to": previous_query.date_to.isoformat(),
            **figures_data(report.previous),
        },
        "change": change_data(report.change),
        "unconverted": {
            "count": report.unconverted["count"],
            "totals_by_currency": {k: str(v) for k, v in report.unconverted["totals_by_currency"].items()},
            "orders": [{k: _plain(v) for k, v in order.items()} for order in report.unconverted["orders"]],
            "refunds": {
                "count": report.unconverted["refunds"]["count"],
                "totals_by_currency": {
                    k: str(v) for k, v in report.unconverted["refunds"]["totals_by_currency"].items()
                },
                "items": [{k: _plain(v) for k, v in item.items()} for item in report.unconverted["refunds"]["items"]],
            },
        },
    }
    if top_skus is not None:
        data["top_skus"] = {
            channel: {
                side: [{"sku": row["sku"], **figures_data(row)} for row in lists[side]] for side in ("top", "bottom")
            }
            for channel, lists in top_skus.items()
        }
    return data
