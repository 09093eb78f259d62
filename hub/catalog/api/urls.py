from django.urls import path
from rest_framework.routers import SimpleRouter

from hub.catalog.api import bulk_views, spreadsheet_views, views

router = SimpleRouter()
router.register("categories", views.CategoryViewSet, basename="category")
router.register("attributes", views.AttributeViewSet, basename="attribute")
router.register("products", views.ProductViewSet, basename="product")
router.register("variants", views.VariantViewSet, basename="variant")
router.register(r"products/(?P<product_pk>\d+)/images", views.ProductImageViewSet, basename="product-image")

urlpatterns = [
    path("import/", spreadsheet_views.CatalogImportApi.as_view(), name="catalog-import"),
    path("export/", spreadsheet_views.CatalogExportApi.as_view(), name="catalog-export"),
    path("bulk/", bulk_views.CatalogBulkApi.as_view(), name="catalog-bulk"),
    *router.urls,
]
