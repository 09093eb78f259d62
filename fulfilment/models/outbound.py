"""Routing rules and decisions, outbound shipments (FBA MCF and own warehouses) and the tracking
outbox that carries each shipment's tracking number back to the marketplace, once."""

from django.db import models

from fulfilment.models.choices import Network, PushState, ShipmentStatus
from fulfilment.models.orders import Order, OrderLine, money_field


class RoutingRule(models.Model):
    """Ordered (`position`, lowest first). A rule matches an order by family, marketplace and
    destination country (empty = any) and sends it to `warehouse` when that warehouse has the
    whole order in stock (or, with `allow_split`, what it has). `prefer_cheapest` compares every
    active warehouse with stock by cost instead (MCF fee against the own rate card)."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="routing_rules")
    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    families = models.JSONField(default=list, blank=True)
    marketplace_ids = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.CASCADE, null=True, blank=True, related_name="routing_rules"
    )
    prefer_cheapest = models.BooleanField(default=False)
    allow_split = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class RoutingDecision(models.Model):
    """Why an order went where it went: every candidate with its stock, cost and delivery
    estimate, and the rule that chose."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="routing_decisions")
    rule = models.ForeignKey(RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rule_name = models.CharField(max_length=120, blank=True)
    network = models.CharField(max_length=12, choices=Network.choices, blank=True)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=500)
    trace = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "-created_at", "-pk"]


class Shipment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    number = models.PositiveSmallIntegerField(default=1)
    network = models.CharField(max_length=12, choices=Network.choices)
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="shipments")
    status = models.CharField(max_length=12, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED)
    # FBA MCF: our own id, derived from the order, so a retried create can never make a second one.
    seller_fulfillment_order_id = models.CharField(max_length=40, blank=True)
    marketplace_status = models.CharField(max_length=40, blank=True)
    carrier = models.CharField(max_length=80, blank=True)
    tracking_number = models.CharField(max_length=80, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    fee_currency = models.CharField(max_length=3, blank=True)
    fee = money_field()
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="shipment_order_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "network"], name="shipment_status_network")]


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="shipment_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shipment", "order_line"], name="shipment_line_unique"),
        ]


class TrackingPush(models.Model):
    """The outbox row of one shipment's tracking number: sent until the marketplace accepts it,
    and never again after (one row per shipment)."""

    shipment = models.OneToOneField(Shipment, on_delete=models.CASCADE, related_name="tracking_push")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tracking_pushes")
    state = models.CharField(max_length=10, choices=PushState.choices, default=PushState.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
