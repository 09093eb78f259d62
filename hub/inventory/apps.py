from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "hub.inventory"
    label = "inventory"
    verbose_name = "Warehouses and stock"
