"""Available-to-sell per variant and marketplace, as a pure function of stock figures.

    available = Σ (on hand − reserved) over the warehouses allowed to serve the marketplace
                − the marketplace's safety buffer, never below 0, optionally capped

Allowed warehouses: the seller's own (active) warehouses always; an FBA warehouse only when the
marketplace is served through Multi-Channel Fulfilment from that FBA region. Amazon offers
fulfilled by Amazon (AFN) get no quantity from the hub at all (None: Amazon counts its own stock).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StockFigure:
    kind: str  # "own" | "fba"
    fba_region: str
    on_hand: int
    reserved: int
    active: bool = True


def warehouse_serves(figure: StockFigure, *, mcf_fba_region: str) -> bool:
    if not figure.active:
        return False
    if figure.kind == "own":
        return True
    return bool(mcf_fba_region) and figure.fba_region == mcf_fba_region


def available_to_sell(
    figures: Iterable[StockFigure],
    *,
    mcf_fba_region: str = "",
    safety_buffer: int = 0,
    cap: int | None = None,
    afn: bool = False,
) -> int | None:
    if afn:
        return None
    total = sum(max(0, f.on_hand - f.reserved) for f in figures if warehouse_serves(f, mcf_fba_region=mcf_fba_region))
    total = max(0, total - safety_buffer)
    return min(total, cap) if cap is not None else total
