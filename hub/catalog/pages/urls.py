"""Mounted at /catalog/ by hub/config/urls.py."""

from django.urls import path

from hub.catalog.pages import editor, views

app_name = "catalog"

PRODUCT = "<int:account_pk>/products/<int:product_pk>/"

urlpatterns = [
    path("", views.products_current, name="products-current"),
    path("<int:account_pk>/", views.products, name="products"),
    path("<int:account_pk>/import/", views.import_view, name="import"),
    path("<int:account_pk>/bulk/", views.bulk, name="bulk"),
    path("<int:account_pk>/products/new/", editor.product_new, name="product-new"),
    path(PRODUCT, editor.product_edit, name="product"),
    path(PRODUCT + "variants/", editor.variant_add, name="variant-add"),
    path(PRODUCT + "variants/<int:variant_pk>/", editor.variant_edit, name="variant"),
    path(PRODUCT + "variants/<int:variant_pk>/remove/", editor.variant_remove, name="variant-remove"),
    path(PRODUCT + "images/", editor.image_add, name="image-add"),
    path(PRODUCT + "images/<int:image_pk>/move/", editor.image_move, name="image-move"),
    path(PRODUCT + "images/<int:image_pk>/remove/", editor.image_remove, name="image-remove"),
]
