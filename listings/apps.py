from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"
    label = "listings"

    def ready(self) -> None:
        from hub.inventory.signals import stock_changed
        from listings.signals import stock_changed_received

        stock_changed.connect(stock_changed_received, dispatch_uid="listings.quantity_push")
