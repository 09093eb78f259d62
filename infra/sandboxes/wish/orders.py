"""GET /api/v3/orders (time-window pagination) and GET /api/v3/orders/{id}.

No cursor: `limit` plus inclusive `{updated_at|released_at}_{min|max}` windows and
`sort_by={attr}.{asc|desc}` (default updated_at.desc). The next page is the same query with the
bound moved to the last order's timestamp; because bounds are inclusive that order comes back
once more. The sandbox never gives two changes the same millisecond, so paging this way has no
gaps and repeats only that boundary order."""

from __future__ import annotations

import json
import re

from infra.sandboxes.wish import store, timefmt
from infra.sandboxes.wish.envelope import WishError
from infra.sandboxes.wish.products import limit_param
from infra.sandboxes.wish.runtime import Runtime

SORT = re.compile(r"^(updated_at|released_at)(\.(asc|desc))?$")
COLUMNS = {"updated_at": "updated_ms", "released_at": "released_ms"}


def get(rt: Runtime, merchant_id: str, order_id: str) -> dict:
    order = store.order_load(rt.state.connection, order_id, merchant_id)
    if order is None:
        raise WishError("no_order")
    return store.public(order)


def _states(rt: Runtime, args) -> list[str]:
    values = [state for raw in args.getlist("states") for state in raw.split(",") if state]
    if len(values) > 5 or any(state not in rt.limits["order_states"] for state in values):
        raise WishError("invalid_param", detail=f"states must hold 1 to 5 of {', '.join(rt.limits['order_states'])}")
    return values


def _bounds(args) -> dict[str, int]:
    bounds = {}
    for name in ("updated_at_min", "updated_at_max", "released_at_min", "released_at_max"):
        if args.get(name) not in (None, ""):
            try:
                bounds[name] = timefmt.parse(args[name])
            except ValueError:
                raise WishError("invalid_param", detail=f"{name} must be a date-time like 2020-01-01T07:00:00.000Z")
    return bounds


def _query(merchant_id: str, states: list[str], bounds: dict[str, int], column: str, descending: bool):
    sql, params = "SELECT body FROM orders WHERE merchant_id = ?", [merchant_id]
    if states:
        sql, params = f"{sql} AND state IN ({','.join('?' * len(states))})", [*params, *states]
    for name, value in bounds.items():
        attribute, _, side = name.rpartition("_")
        sql = f"{sql} AND {COLUMNS[attribute]} {'>=' if side == 'min' else '<='} ?"
        params.append(value)
    direction = "DESC" if descending else "ASC"
    return f"{sql} ORDER BY {column} {direction}, id {direction}", params


def listing(rt: Runtime, merchant_id: str, args, *, duplicate_page: bool = False) -> list[dict]:
    limit = limit_param(rt, args, rt.limits["order_list_limit_max"], rt.limits["order_list_limit_default"])
    sort = args.get("sort_by", "updated_at.desc")
    if not SORT.match(sort):
        raise WishError("invalid_param", detail="sort_by must be updated_at or released_at, optionally .asc or .desc")
    attribute, _, direction = sort.partition(".")
    descending = direction != "asc"
    order_type = args.get("order_type")
    if order_type and order_type not in rt.limits["order_type_filters"]:
        raise WishError(
            "invalid_param", detail=f"order_type must be one of {', '.join(rt.limits['order_type_filters'])}"
        )
    states, bounds = _states(rt, args), _bounds(args)

    def matching(window: dict[str, int]) -> list[dict]:
        sql, params = _query(merchant_id, states, window, COLUMNS[attribute], descending)
        orders = [json.loads(row["body"]) for row in rt.state.query(sql, params)]
        return [order for order in orders if not order_type or order_type in order["fulfillment_order_types"]]

    page = matching(bounds)[:limit]
    if duplicate_page:
        # Injected fault: the orders just before this window (the previous page) come again first.
        leading = f"{attribute}_{'max' if descending else 'min'}"
        wider = matching({name: value for name, value in bounds.items() if name != leading})
        start = next((index for index, order in enumerate(wider) if page and order["id"] == page[0]["id"]), 0)
        page = (wider[max(0, start - limit) : start] or page) + page
    return [store.public(order) for order in page]
