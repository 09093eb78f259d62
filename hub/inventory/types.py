from dataclasses import dataclass


@dataclass(frozen=True)
class StockChange:
    """One requested change to one stock level. Either give changes (`on_hand_change`,
    `reserved_change`) or an absolute `set_on_hand` (a count or an import), not both."""

    variant_id: int
    warehouse_id: int
    reason: str
    on_hand_change: int = 0
    reserved_change: int = 0
    set_on_hand: int | None = None
    reference: str = ""
    note: str = ""
    idempotency_key: str | None = None
