"""Warehouses, stock per (variant, warehouse) and the append-only stock ledger.

Stock only changes through `hub.inventory.services.stock_apply`, which locks the stock rows,
writes the new figures and the ledger movement in one transaction. The database refuses negative
figures on its own (CHECK constraints), so even a bug elsewhere cannot oversell silently.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hub.accounts.models import SellerAccount
from hub.catalog.models import Variant
from hub.core.models import TimeStampedModel


class WarehouseKind(models.TextChoices):
    OWN = "own", "Own warehouse"
    FBA = "fba", "Amazon FBA"


class FbaRegion(models.TextChoices):
    NORTH_AMERICA = "NA", "North America"
    EUROPE = "EU", "Europe"
    FAR_EAST = "FE", "Far East"


class Warehouse(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="warehouses")
    code = models.SlugField(max_length=40, help_text="Short id used in spreadsheets (stock:<code> columns).")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=3, choices=WarehouseKind.choices, default=WarehouseKind.OWN)
    fba_region = models.CharField(max_length=2, choices=FbaRegion.choices, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True, help_text="State or province.")
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["account", "code"], name="warehouse_account_code_unique"),
            models.CheckConstraint(
                condition=(Q(kind="fba") & ~Q(fba_region="")) | (Q(kind="own") & Q(fba_region="") & ~Q(country="")),
                name="warehouse_kind_fields",
                violation_error_message=(
                    "An FBA warehouse names its Amazon region (NA, EU, FE); "
                    "an own warehouse names its country and no FBA region."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StockLevel(models.Model):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="stock_levels")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.RESTRICT, related_name="stock_levels")
    on_hand = models.IntegerField(default=0)
    # Promised to orders but not yet shipped; available = on_hand - reserved.
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variant", "warehouse"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="stock_level_variant_warehouse_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_level_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_level_reserved_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} @ {self.warehouse.code}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class MovementReason(models.TextChoices):
    RECEIPT = "receipt", "Goods received"
    ADJUSTMENT = "adjustment", "Manual adjustment"
    COUNT = "count", "Stock count"
    IMPORT = "import", "Spreadsheet import"
    RESERVATION = "reservation", "Reserved for an order"
    RELEASE = "release", "Reservation released"
    SHIPMENT = "shipment", "Shipped to a customer"
    RETURN = "return", "Customer return"
    TRANSFER_OUT = "transfer_out", "Transfer out"
    TRANSFER_IN = "transfer_in", "Transfer in"
    DAMAGE = "damage", "Damaged or lost"
    SYNC = "sync", "Synchronised from a marketplace (FBA)"


class StockMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("The stock ledger is append-only.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise TypeError("The stock ledger is append-only.")


class StockMovement(models.Model):
    """One change to one stock level. Never updated or deleted: the sum of a level's movements
    is its current figure."""

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    # RESTRICT: a variant with stock history cannot be deleted on its own (archive it instead),
    # but deleting the whole account still removes everything.
    variant = models.ForeignKey(Variant, on_delete=models.RESTRICT, related_name="stock_movements")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.RESTRICT, related_name="stock_movements")
    on_hand_change = models.IntegerField(default=0)
    reserved_change = models.IntegerField(default=0)
    on_hand_after = models.IntegerField()
    reserved_after = models.IntegerField()
    reason = models.CharField(max_length=20, choices=MovementReason.choices)
    reference = models.CharField(max_length=200, blank=True, help_text="Order, shipment or file this came from.")
    note = models.CharField(max_length=500, blank=True)
    # A caller that may retry (a task, an order line) passes a key; the same key never applies twice.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="stock_movement_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=~(Q(on_hand_change=0) & Q(reserved_change=0)), name="stock_movement_changes_something"
            ),
        ]
        indexes = [models.Index(fields=["variant", "warehouse", "created_at"])]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("The stock ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("The stock ledger is append-only.")
