"""FBA inbound shipments (stock the seller sends to Amazon): pulled with their items, quantity
shipped against received; a discrepancy stays flagged until a person resolves it."""

from django.conf import settings
from django.db import models


class InboundShipment(models.Model):
    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="inbound_shipments")
    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    marketplace_id = models.CharField(max_length=40)
    shipment_id = models.CharField(max_length=40)
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=30)
    destination_center = models.CharField(max_length=20, blank=True)
    quantity_shipped = models.PositiveIntegerField(default=0)
    quantity_received = models.PositiveIntegerField(default=0)
    has_discrepancy = models.BooleanField(default=False, db_index=True)
    discrepancy_resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel_account", "shipment_id"], name="inbound_shipment_unique"),
        ]

    @property
    def open_discrepancy(self) -> bool:
        return self.has_discrepancy and self.discrepancy_resolved_at is None


class InboundShipmentItem(models.Model):
    shipment = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="items")
    sku = models.CharField(max_length=80)
    fnsku = models.CharField(max_length=20, blank=True)
    variant = models.ForeignKey("catalog.Variant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    quantity_shipped = models.PositiveIntegerField(default=0)
    quantity_received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["shipment", "sku"]
        constraints = [models.UniqueConstraint(fields=["shipment", "sku"], name="inbound_item_unique")]

    @property
    def difference(self) -> int:
        return self.quantity_received - self.quantity_shipped
