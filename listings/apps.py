from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"
    label = "listings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from hub.catalog.models import (
            Product,
            ProductAttributeValue,
            ProductImage,
            Variant,
            VariantAttributeValue,
        )
        from hub.catalog.signals import products_changed
        from hub.inventory.signals import stock_changed
        from i18n.models import SourceText, Translation
        from listings import signals
        from listings.models import Promotion

        stock_changed.connect(signals.stock_changed_received, dispatch_uid="listings.quantity_push")
        products_changed.connect(signals.products_changed_received, dispatch_uid="listings.products_changed")
        rows = (Product, Variant, ProductAttributeValue, VariantAttributeValue, ProductImage, SourceText, Translation)
        for model in rows:
            post_save.connect(signals.product_row_changed, sender=model, dispatch_uid=f"listings.mark.{model.__name__}")
            if model is not Product:  # a deleted product has nothing left to build
                post_delete.connect(
                    signals.product_row_changed, sender=model, dispatch_uid=f"listings.unmark.{model.__name__}"
                )
        post_save.connect(signals.promotion_changed, sender=Promotion, dispatch_uid="listings.mark.Promotion")
        # Before the delete: it sets its listings' promotion to NULL, and those are the ones to rebuild.
        pre_delete.connect(signals.promotion_changed, sender=Promotion, dispatch_uid="listings.unmark.Promotion")
