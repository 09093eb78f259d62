from django.db.models import F, QuerySet, Sum

from hub.accounts.models import SellerAccount
from hub.inventory.models import StockLevel, StockMovement


def stock_level_list(*, account: SellerAccount) -> QuerySet[StockLevel]:
    return (
        StockLevel.objects.filter(account=account)
        .select_related("variant", "variant__product", "warehouse")
        .annotate(available_units=F("on_hand") - F("reserved"))
    )


def stock_movement_list(*, account: SellerAccount) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(account=account).select_related("variant", "warehouse", "created_by")


def stock_ledger_totals(*, account: SellerAccount, variant_id: int, warehouse_id: int) -> dict[str, int]:
    """What the ledger says a level should be: the sum of its movements."""
    totals = StockMovement.objects.filter(account=account, variant_id=variant_id, warehouse_id=warehouse_id).aggregate(
        on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
    )
    return {"on_hand": totals["on_hand"] or 0, "reserved": totals["reserved"] or 0}
