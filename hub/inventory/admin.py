from django.contrib import admin

from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area
from hub.inventory.models import StockLevel, StockMovement, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(AccountScopedAdmin):
    area = Area.INVENTORY
    list_display = ["code", "name", "kind", "fba_region", "country", "is_active", "account"]
    list_filter = ["kind", "fba_region", "is_active"]
    search_fields = ["code", "name"]


@admin.register(StockLevel)
class StockLevelAdmin(AccountScopedAdmin):
    """Read-only: stock changes go through the ledger service (API or import), never a form."""

    area = Area.INVENTORY
    list_display = ["variant", "warehouse", "on_hand", "reserved", "updated_at"]
    search_fields = ["variant__sku"]
    list_filter = ["warehouse"]
    list_select_related = ["variant", "warehouse"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(StockLevelAdmin):
    list_display = [
        "created_at",
        "variant",
        "warehouse",
        "on_hand_change",
        "reserved_change",
        "reason",
        "reference",
        "created_by",
    ]
    list_filter = ["reason", "warehouse"]
    search_fields = ["variant__sku", "reference", "idempotency_key"]
    list_select_related = ["variant", "warehouse", "created_by"]
